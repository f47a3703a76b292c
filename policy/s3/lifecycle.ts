import { stackPolicy } from "../lib/define";
import { knownDeep } from "../lib/stack";
import { bucketHoldsData, bucketName, GUIDE_S3, settingsOf } from "./buckets";
import { sinkOf, sinks } from "./sinks";

const LIFECYCLE = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

interface LifecycleRule {
    id?: string;
    status?: string;
    expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
    noncurrentVersionExpiration?: { noncurrentDays?: number; newerNoncurrentVersions?: number };
}

/**
 * A noncurrent version is what versioning keeps of an object overwritten or deleted: the only way
 * back from a bad write or a ransomware overwrite. Expiring it sooner than the floor leaves too
 * little time to notice; keeping newer versions beyond the count does not shorten that for the
 * ones expired.
 */
export function noncurrentTooShort(rule: LifecycleRule, minimumDays: number): string | undefined {
    const days = rule.noncurrentVersionExpiration?.noncurrentDays;
    return typeof days === "number" && days < minimumDays
        ? `expires noncurrent versions after ${days} days: an overwritten or deleted object can be recovered only for that long; keep them at least ${minimumDays} days`
        : undefined;
}

export const s3LifecycleKeepsCurrent = stackPolicy<{ logMinimumRetentionDays: number; noncurrentMinimumDays: number }>({
    name: "s3-lifecycle-keeps-current",
    description: "Lifecycle rules never expire the current objects of a bucket that holds data; a bucket that receives logs may expire them " +
        "after logMinimumRetentionDays, one that receives a canary's artifacts after the canary's own retention; noncurrent versions are kept at least noncurrentMinimumDays.",
    enforcementLevel: "mandatory",
    onlyWith: LIFECYCLE[0],
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Remove expiration from the rule (expire noncurrent versions with noncurrentVersionExpiration instead, and move " +
            "old data to a cheaper class with transitions); set noncurrentVersionExpiration.noncurrentDays to at least noncurrentMinimumDays; " +
            "tag a bucket HoldsData=false only when nothing in it must be kept.",
    },
    config: {
        logMinimumRetentionDays: {
            type: "integer", minimum: 1, maximum: 3650, default: 365,
            description: "Fewest days a log bucket keeps current objects (FSBP CloudWatch.16's year for audit data).",
        },
        noncurrentMinimumDays: {
            type: "integer", minimum: 1, maximum: 3650, default: 30,
            description: "Fewest days a bucket that holds data keeps noncurrent (overwritten or deleted) versions before a lifecycle rule expires them. Default 30.",
        },
    },
    validate: (resources, report, { config }) => {
        const found = sinks(resources, config.logMinimumRetentionDays);
        for (const [bucket, configs] of settingsOf(resources, LIFECYCLE)) {
            if (!bucketHoldsData(bucket)) {
                continue;
            }
            const sink = sinkOf(bucket, found);
            for (const c of configs) {
                const rules = knownDeep(() => c.props.rules as LifecycleRule[] | undefined) ?? [];
                for (const rule of rules.filter(r => r.status === "Enabled")) {
                    const label = `bucket ${bucketName(bucket)}'s lifecycle rule ${rule.id ?? "(unnamed)"}`;
                    const noncurrent = noncurrentTooShort(rule, config.noncurrentMinimumDays);
                    if (noncurrent) {
                        report(`${label} ${noncurrent}.`, c.urn);
                    }
                    const { days, date } = rule.expiration ?? {};
                    if (days === undefined && date === undefined) {
                        continue; // no expiration, or one that only removes expired delete markers
                    }
                    const when = days !== undefined ? `after ${days} days` : `on ${date}`;
                    if (sink === undefined) {
                        report(`${label} expires current objects (${when}): the bucket holds data that would be deleted.`, c.urn);
                    } else if (days === undefined || days < sink.minimumDays) {
                        report(`${label} expires ${sink.what} ${when}; keep them at least ${sink.minimumDays} days.`, c.urn);
                    }
                }
            }
        }
    },
});
