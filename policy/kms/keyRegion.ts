import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, regionOf, regionOfArn } from "../lib/stack";
import { describeWrongDataKey, wrongDataKeys } from "./dataKeys";

/** A key reference and the region the data it protects lives in. */
interface KeyUse {
    field: string;
    key: unknown;
    /** Where the data is, when not the resource's own region (a secret's replica). */
    region?: string;
}

type Props = Record<string, any>;

/** Where each type names the keys of its data. */
const KEY_FIELDS: Record<string, (p: Props) => KeyUse[]> = {
    "aws:rds/instance:Instance": p => [{ field: "kmsKeyId", key: p.kmsKeyId }, { field: "performanceInsightsKmsKeyId", key: p.performanceInsightsKmsKeyId }],
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": p => [{ field: "kmsKeyId", key: p.kmsKeyId }],
    "aws:backup/vault:Vault": p => [{ field: "kmsKeyArn", key: p.kmsKeyArn }],
    "aws:secretsmanager/secret:Secret": p => [
        { field: "kmsKeyId", key: p.kmsKeyId },
        ...((p.replicas ?? []) as { kmsKeyId?: string; region?: string }[]).map((r, i) => ({ field: `replicas[${i}].kmsKeyId`, key: r.kmsKeyId, region: r.region })),
    ],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": p =>
        ((p.rules ?? []) as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string } }[])
            .map((r, i) => ({ field: `rules[${i}].kmsMasterKeyId`, key: r.applyServerSideEncryptionByDefault?.kmsMasterKeyId })),
    "aws:cloudwatch/logGroup:LogGroup": p => [{ field: "kmsKeyId", key: p.kmsKeyId }],
    "aws:sns/topic:Topic": p => [{ field: "kmsMasterKeyId", key: p.kmsMasterKeyId }],
    "aws:elasticache/replicationGroup:ReplicationGroup": p => [{ field: "kmsKeyId", key: p.kmsKeyId }],
    "aws:ecr/repository:Repository": p =>
        ((p.encryptionConfigurations ?? []) as { kmsKey?: string }[]).map((c, i) => ({ field: `encryptionConfigurations[${i}].kmsKey`, key: c.kmsKey })),
};

/** The key uses of a resource whose key's region differs from its data's. */
function misplacedKeys(resource: PolicyResource): { use: KeyUse; keyRegion: string; dataRegion: string }[] {
    const read: ((p: Props) => KeyUse[]) | undefined = KEY_FIELDS[resource.type];
    const props = read !== undefined ? knownDeep(() => resource.props as Props) : undefined;
    if (read === undefined || props === undefined) {
        return [];
    }
    const own = regionOf(resource);
    return read(props).flatMap(use => {
        const keyRegion = typeof use.key === "string" && use.key.startsWith("arn:") ? regionOfArn(use.key) : undefined;
        const dataRegion = use.region ?? own;
        return keyRegion !== undefined && dataRegion !== undefined && keyRegion !== dataRegion ? [{ use, keyRegion, dataRegion }] : [];
    });
}

export const kmsKeyInDataRegion = stackPolicy({
    name: "kms-key-in-data-region",
    description: "Every KMS key a resource names is in the region of the data it protects (a cross-region replica, copy or secret replica uses a key of its own region), " +
        "and each data store (RDS instance and cluster, backup vault, ElastiCache, Secrets Manager secret, S3 SSE-KMS) is encrypted with the key made for its data (policy/lib/facts/dataKeys.ts), judged by the key its ARN, id or alias resolves to.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (the us-west-2 copies must survive the loss of us-east-1)",
        fsbpControl: undefined,
        remediationSteps: "Name a customer key created in the same region as the resource (for a secret replica, in the replica's region); " +
            "a key from the source region makes the copy unusable, or unreadable once that region is down. Encrypt a data store with the key its component made for its data " +
            "(`dataKeyName` in policy/lib/facts/dataKeys.ts), not the logs key or a sibling store's.",
    },
    validate: (resources, report) => {
        for (const r of resources) {
            for (const { use, keyRegion, dataRegion } of misplacedKeys(r)) {
                report(`${r.name}'s ${use.field} is a key in ${keyRegion}, but its data is in ${dataRegion}.`, r.urn);
            }
        }
        for (const w of wrongDataKeys(resources)) {
            report(describeWrongDataKey(w), w.store.urn);
        }
    },
});
