import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { stackProductionEvidence } from "../lib/role";
import { knownDeep, knownString, linker, regionOf, regionOfArn } from "../lib/stack";
import { S3_ENCRYPTION, S3_REPLICATION } from "../lib/tokens";
import { bucketName, bucketsOf, GUIDE_S3, settingsOf } from "./buckets";

interface ReplicationRule {
    id?: string;
    status?: string;
    sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string } };
    destination?: {
        bucket?: string;
        storageClass?: string;
        encryptionConfiguration?: { replicaKmsKeyId?: string };
        replicationTime?: { status?: string };
        metrics?: { status?: string };
    };
}

/** Whether any default-encryption rule of the bucket uses KMS (aws:kms or aws:kms:dsse). */
function encryptsWithKms(settings: PolicyResource[]): boolean {
    return settings.some(s => {
        const rules = knownDeep(() => s.props.rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[] | undefined) ?? [];
        return rules.some(r => (r.applyServerSideEncryptionByDefault?.sseAlgorithm ?? "").startsWith("aws:kms"));
    });
}

/** Storage classes whose objects must be restored (hours) before anyone can read them. */
const ARCHIVE_CLASSES = ["GLACIER", "DEEP_ARCHIVE"];

/** What is wrong with one enabled rule (several messages at most one per problem). */
function ruleProblems(rule: ReplicationRule, kmsSource: boolean, destinationRegion: string | undefined, production: boolean): string[] {
    const problems: string[] = [];
    const label = `rule ${rule.id ?? "(unnamed)"}`;
    const replicaKey = rule.destination?.encryptionConfiguration?.replicaKmsKeyId;
    if (kmsSource) {
        if (rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled") {
            problems.push(`${label} skips KMS-encrypted objects (sourceSelectionCriteria.sseKmsEncryptedObjects is not Enabled), and the bucket encrypts every object with KMS.`);
        }
        if (typeof replicaKey !== "string" || replicaKey === "") {
            problems.push(`${label} names no replicaKmsKeyId for the replicas.`);
        }
    }
    const storageClass = rule.destination?.storageClass;
    if (storageClass !== undefined && ARCHIVE_CLASSES.includes(storageClass)) {
        problems.push(`${label} stores replicas in ${storageClass}: each must be restored (hours) before the destination can serve it, so a failover to the replica serves nothing. ` +
            "Use STANDARD (or a class read without a restore, such as STANDARD_IA or GLACIER_IR).");
    }
    if (isAwsManagedKeyAlias(replicaKey)) {
        problems.push(`${label} encrypts replicas with the AWS-managed key ${replicaKey}.`);
    }
    const keyRegion = regionOfArn(replicaKey);
    if (keyRegion !== undefined && destinationRegion !== undefined && keyRegion !== destinationRegion) {
        problems.push(`${label}'s replica key is in ${keyRegion}, not in the destination's region ${destinationRegion}: S3 cannot use it there.`);
    }
    if (production) {
        if (rule.destination?.replicationTime?.status !== "Enabled") {
            problems.push(`${label} has no Replication Time Control: nothing bounds how far the replica lags.`);
        }
        if (rule.destination?.metrics?.status !== "Enabled") {
            problems.push(`${label} has no replication metrics: lag and failures cannot be alarmed on.`);
        }
    }
    return problems;
}

export const s3ReplicationComplete = stackPolicy({
    name: "s3-replication-complete",
    description: "Bucket replication copies every object, readable without a restore (no GLACIER or DEEP_ARCHIVE replicas): KMS-encrypted ones too, with a replica key in the destination's region, " +
        "and, where the stack serves production, under Replication Time Control with metrics.",
    enforcementLevel: "mandatory",
    onlyWith: S3_REPLICATION[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_S3}; Disaster Recovery › AWS Multi-Region Recovery`,
        fsbpControl: undefined,
        remediationSteps: "On each Enabled rule: destination.storageClass STANDARD (never GLACIER or DEEP_ARCHIVE), sourceSelectionCriteria.sseKmsEncryptedObjects.status = Enabled and " +
            "destination.encryptionConfiguration.replicaKmsKeyId = a customer key in the destination region; in production also " +
            "destination.replicationTime { status: Enabled, time: { minutes: 15 } } and destination.metrics { status: Enabled }.",
    },
    validate: (resources, report, { config }) => {
        const production = stackProductionEvidence(resources, config.environment) !== undefined;
        const buckets = bucketsOf(resources);
        const encryption = settingsOf(resources, S3_ENCRYPTION);
        const destinationOf = linker(buckets, ["arn"]);
        for (const [source, configs] of settingsOf(resources, S3_REPLICATION)) {
            const kmsSource = encryptsWithKms(encryption.get(source) ?? []);
            for (const c of configs) {
                const rules = knownDeep(() => c.props.rules as ReplicationRule[] | undefined);
                if (rules === undefined) {
                    continue;
                }
                // During preview the destination ARN is unknown; the rule's dependency still names the bucket.
                const destinations = destinationOf(c, "rules").filter(b => b !== source);
                for (const rule of rules.filter(r => r.status === "Enabled")) {
                    const byArn = buckets.find(b => knownString(b, "arn") === rule.destination?.bucket);
                    const destination = byArn ?? (destinations.length === 1 ? destinations[0] : undefined);
                    const region = destination ? regionOf(destination) : undefined;
                    for (const problem of ruleProblems(rule, kmsSource, region, production)) {
                        report(`bucket ${bucketName(source)}: ${problem}`, c.urn);
                    }
                }
            }
        }
    },
});
