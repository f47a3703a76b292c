import { PolicyResource } from "@pulumi/policy";

import { resourcePolicy, stackPolicy } from "../lib/define";
import { DATA_KEY_DELETION_WINDOW_DAYS, KEYED_DATA_STORES } from "../lib/facts/dataKeys";
import { known } from "../lib/stack";
import { KMS_KEY } from "../lib/tokens";
import { keysOfStores } from "./dataKeys";
import { GUIDE_KMS } from "./rotation";

export const kmsDeletionWindow = resourcePolicy<{ minimumDeletionWindowDays: number }>({
    name: "kms-deletion-window",
    description: "KMS keys wait at least the configured number of days before deletion, time to notice and cancel a mistaken delete.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_KMS,
        fsbpControl: "KMS.3",
        remediationSteps: "Set deletionWindowInDays to at least the minimum (AWS allows 7–30; 30 when unset).",
    },
    config: {
        minimumDeletionWindowDays: { type: "integer", minimum: 7, maximum: 30, default: 14, description: "Fewest days a key waits before deletion." },
    },
    types: KMS_KEY,
    validate: (props, report, { config }) => {
        const days = props.deletionWindowInDays;
        if (typeof days === "number" && days < config.minimumDeletionWindowDays) {
            report(`deletionWindowInDays is ${days}; the minimum is ${config.minimumDeletionWindowDays}.`);
        }
    },
});

/**
 * The inputs by which stores of data name the key that encrypts it: the keyed data stores
 * (databases, caches, backup vaults, secrets, buckets) and the other copies of the same data
 * (secret replicas, replicated automated backups, Aurora clusters, SecureString parameters) and
 * logs (log groups, the trail's files).
 */
export const STORED_DATA_KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
    ...KEYED_DATA_STORES,
    "aws:secretsmanager/secret:Secret": [...KEYED_DATA_STORES["aws:secretsmanager/secret:Secret"], "replicas[].kmsKeyId"],
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": ["kmsKeyId"],
    "aws:ssm/parameter:Parameter": ["keyId"],
    "aws:cloudwatch/logGroup:LogGroup": ["kmsKeyId"],
    "aws:cloudtrail/trail:Trail": ["kmsKeyId"],
    "aws:dynamodb/table:Table": ["serverSideEncryption.kmsKeyArn"],
    "aws:efs/fileSystem:FileSystem": ["kmsKeyId"],
    "aws:ebs/volume:Volume": ["kmsKeyId"],
};

export const kmsDataKeyDeletionWindow = stackPolicy({
    name: "kms-data-key-deletion-window",
    description: `A KMS key of the stack that encrypts stored data (a database, cache, bucket, backup vault, secret or log group names it) waits ${DATA_KEY_DELETION_WINDOW_DAYS} days before deletion, ` +
        "the AWS default and maximum: deleting it makes that data unreadable, every recovery point encrypted with it included, so a mistaken ScheduleKeyDeletion needs the longest time to be noticed and cancelled.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_KMS,
        fsbpControl: "KMS.3",
        remediationSteps: `Remove deletionWindowInDays from the key (KMS then waits ${DATA_KEY_DELETION_WINDOW_DAYS} days) or set it to ${DATA_KEY_DELETION_WINDOW_DAYS} (policy/lib/facts/dataKeys.ts).`,
    },
    types: [...KMS_KEY, ...Object.keys(STORED_DATA_KEY_INPUTS)],
    validate: (resources, report) => {
        const uses = new Map<string, { key: PolicyResource; stores: string[] }>();
        for (const { key, store, field } of keysOfStores(resources, STORED_DATA_KEY_INPUTS)) {
            const use = uses.get(key.urn) ?? { key, stores: [] };
            const what = `${store.name}'s ${field}`;
            if (!use.stores.includes(what)) use.stores.push(what);
            uses.set(key.urn, use);
        }
        for (const { key, stores } of uses.values()) {
            // Unset: KMS waits 30 days (ScheduleKeyDeletion's default PendingWindowInDays).
            const days = known(() => key.props.deletionWindowInDays, DATA_KEY_DELETION_WINDOW_DAYS);
            if (typeof days === "number" && days < DATA_KEY_DELETION_WINDOW_DAYS) {
                report(`key ${key.name} waits only ${days} days before deletion, but it encrypts stored data (${stores.slice(0, 4).join(", ")}${stores.length > 4 ? ", …" : ""}): ` +
                    `once deleted, that data and every backup encrypted with it are unreadable; keys of stored data wait ${DATA_KEY_DELETION_WINDOW_DAYS} days.`, key.urn);
            }
        }
    },
});
