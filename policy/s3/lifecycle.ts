import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString } from "../lib/stack";
import { bucketHoldsData, bucketName, GUIDE_S3, settingsOf } from "./buckets";

const LIFECYCLE = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

interface LifecycleRule {
    id?: string;
    status?: string;
    expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
}

/**
 * Where each log-delivering resource names its bucket: a bucket that receives logs may expire
 * them after the audit retention; any other bucket's current objects are its data.
 */
const LOG_DESTINATIONS: Record<string, (props: Record<string, unknown>) => unknown[]> = {
    "aws:lb/loadBalancer:LoadBalancer": p => [(p.accessLogs as { bucket?: unknown } | undefined)?.bucket],
    "aws:alb/loadBalancer:LoadBalancer": p => [(p.accessLogs as { bucket?: unknown } | undefined)?.bucket],
    "aws:cloudtrail/trail:Trail": p => [p.s3BucketName],
    "aws:cfg/deliveryChannel:DeliveryChannel": p => [p.s3BucketName],
    "aws:ec2/flowLog:FlowLog": p => [p.logDestination],
    "aws:s3/bucketLogging:BucketLogging": p => [p.targetBucket],
    "aws:s3/bucketLoggingV2:BucketLoggingV2": p => [p.targetBucket],
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": p => (p.logDestinationConfigs as unknown[] | undefined) ?? [],
};

/** Names and ARNs of the buckets that receive logs, and the resources that send them. */
function logBuckets(resources: PolicyResource[]): { values: Set<string>; senders: Set<PolicyResource> } {
    const values = new Set<string>();
    const senders = new Set<PolicyResource>();
    for (const r of resources) {
        const read = LOG_DESTINATIONS[r.type];
        if (read) {
            const props = knownDeep(() => r.props as Record<string, unknown>) ?? {};
            read(props).filter((v): v is string => typeof v === "string").forEach(v => values.add(v.replace(/\/.*$/, "")));
            senders.add(r);
        }
    }
    return { values, senders };
}

function receivesLogs(bucket: PolicyResource, logs: { values: Set<string>; senders: Set<PolicyResource> }): boolean {
    const name = knownString(bucket, "bucket");
    const arn = knownString(bucket, "arn");
    if ((name && logs.values.has(name)) || (arn && logs.values.has(arn))) {
        return true;
    }
    // During preview names may be unknown: a sender's dependency on the bucket says the same.
    return [...logs.senders].some(s => Object.values(s.propertyDependencies).some(deps => deps.includes(bucket)));
}

export const s3LifecycleKeepsCurrent = stackPolicy<{ logMinimumRetentionDays: number }>({
    name: "s3-lifecycle-keeps-current",
    description: "Lifecycle rules never expire the current objects of a bucket that holds data; a bucket that receives logs may expire them " +
        "after logMinimumRetentionDays.",
    enforcementLevel: "mandatory",
    onlyWith: LIFECYCLE[0],
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Remove expiration from the rule (expire noncurrent versions with noncurrentVersionExpiration instead, and move " +
            "old data to a cheaper class with transitions); tag a bucket HoldsData=false only when nothing in it must be kept.",
    },
    config: {
        logMinimumRetentionDays: {
            type: "integer", minimum: 1, maximum: 3650, default: 365,
            description: "Fewest days a log bucket keeps current objects (FSBP CloudWatch.16's year for audit data).",
        },
    },
    validate: (resources, report, { config }) => {
        const logs = logBuckets(resources);
        for (const [bucket, configs] of settingsOf(resources, LIFECYCLE)) {
            if (!bucketHoldsData(bucket)) {
                continue;
            }
            const isLogBucket = receivesLogs(bucket, logs);
            for (const c of configs) {
                const rules = knownDeep(() => c.props.rules as LifecycleRule[] | undefined) ?? [];
                for (const rule of rules.filter(r => r.status === "Enabled" && r.expiration)) {
                    const { days, date } = rule.expiration!;
                    if (days === undefined && date === undefined) {
                        continue; // only removes expired delete markers
                    }
                    const label = `bucket ${bucketName(bucket)}'s lifecycle rule ${rule.id ?? "(unnamed)"}`;
                    if (!isLogBucket) {
                        report(`${label} expires current objects (${days !== undefined ? `after ${days} days` : `on ${date}`}): the bucket holds data that would be deleted.`, c.urn);
                    } else if (days === undefined || days < config.logMinimumRetentionDays) {
                        report(`${label} expires logs ${days !== undefined ? `after ${days} days` : `on ${date}`}; keep them at least ${config.logMinimumRetentionDays} days.`, c.urn);
                    }
                }
            }
        }
    },
});
