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

/**
 * A synthetic canary's run artifacts (screenshots, HAR files) are diagnostics the canary itself
 * keeps only for its success and failure retention periods; its bucket may expire them after the
 * longer of the two, never sooner.
 */
const CANARY = "aws:synthetics/canary:Canary";

/** A bucket that receives output by design, and the fewest days it must keep it. */
interface Sink {
    what: string;
    minimumDays: number;
}

/** The bucket name or ARN in a destination value (`s3://bucket/prefix`, `arn:aws:s3:::bucket/prefix`, `bucket`). */
function destinationBucket(value: string): string {
    return value.replace(/^s3:\/\//, "").replace(/\/.*$/, "");
}

/** Buckets that receive logs or diagnostics, keyed by name or ARN, and the resources that send to them. */
function sinks(resources: PolicyResource[], logDays: number): { byValue: Map<string, Sink>; senders: Map<PolicyResource, Sink> } {
    const byValue = new Map<string, Sink>();
    const senders = new Map<PolicyResource, Sink>();
    for (const r of resources) {
        const props = (LOG_DESTINATIONS[r.type] || r.type === CANARY) ? knownDeep(() => r.props as Record<string, unknown>) ?? {} : undefined;
        if (props === undefined) {
            continue;
        }
        const sink: Sink = r.type === CANARY
            ? { what: "canary artifacts", minimumDays: Math.max(Number(props.successRetentionPeriod ?? 31), Number(props.failureRetentionPeriod ?? 31)) }
            : { what: "logs", minimumDays: logDays };
        const values = r.type === CANARY ? [props.artifactS3Location] : LOG_DESTINATIONS[r.type](props);
        values.filter((v): v is string => typeof v === "string").forEach(v => byValue.set(destinationBucket(v), sink));
        senders.set(r, sink);
    }
    return { byValue, senders };
}

/** What the bucket receives by design, if anything. */
function sinkOf(bucket: PolicyResource, found: { byValue: Map<string, Sink>; senders: Map<PolicyResource, Sink> }): Sink | undefined {
    for (const key of [knownString(bucket, "bucket"), knownString(bucket, "arn")]) {
        if (key !== undefined && found.byValue.has(key)) {
            return found.byValue.get(key);
        }
    }
    // During preview names may be unknown: a sender's dependency on the bucket says the same.
    for (const [sender, sink] of found.senders) {
        if (Object.values(sender.propertyDependencies).some(deps => deps.includes(bucket))) {
            return sink;
        }
    }
    return undefined;
}

export const s3LifecycleKeepsCurrent = stackPolicy<{ logMinimumRetentionDays: number }>({
    name: "s3-lifecycle-keeps-current",
    description: "Lifecycle rules never expire the current objects of a bucket that holds data; a bucket that receives logs may expire them " +
        "after logMinimumRetentionDays, one that receives a canary's artifacts after the canary's own retention.",
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
        const found = sinks(resources, config.logMinimumRetentionDays);
        for (const [bucket, configs] of settingsOf(resources, LIFECYCLE)) {
            if (!bucketHoldsData(bucket)) {
                continue;
            }
            const sink = sinkOf(bucket, found);
            for (const c of configs) {
                const rules = knownDeep(() => c.props.rules as LifecycleRule[] | undefined) ?? [];
                for (const rule of rules.filter(r => r.status === "Enabled" && r.expiration)) {
                    const { days, date } = rule.expiration!;
                    if (days === undefined && date === undefined) {
                        continue; // only removes expired delete markers
                    }
                    const label = `bucket ${bucketName(bucket)}'s lifecycle rule ${rule.id ?? "(unnamed)"}`;
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
