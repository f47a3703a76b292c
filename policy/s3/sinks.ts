/**
 * Buckets that receive output by design (access logs, trails, Config snapshots, flow logs, WAF
 * logs, canary artifacts), found by following each sender's destination to the bucket: they may
 * expire what they receive after its retention, and hold AWS-delivered records rather than the
 * application's data.
 */
import { PolicyResource } from "@pulumi/policy";

import { knownDeep, knownString } from "../lib/stack";

/**
 * Where each log-delivering resource names its bucket: a bucket that receives logs may expire
 * them after the audit retention; any other bucket's current objects are its data.
 */
const LOG_DESTINATIONS: Record<string, { kind: "access" | "audit"; buckets(props: Record<string, unknown>): unknown[] }> = {
    "aws:lb/loadBalancer:LoadBalancer": { kind: "access", buckets: p => [(p.accessLogs as { bucket?: unknown } | undefined)?.bucket] },
    "aws:alb/loadBalancer:LoadBalancer": { kind: "access", buckets: p => [(p.accessLogs as { bucket?: unknown } | undefined)?.bucket] },
    "aws:cloudtrail/trail:Trail": { kind: "audit", buckets: p => [p.s3BucketName] },
    "aws:cfg/deliveryChannel:DeliveryChannel": { kind: "audit", buckets: p => [p.s3BucketName] },
    "aws:ec2/flowLog:FlowLog": { kind: "access", buckets: p => [p.logDestination] },
    "aws:s3/bucketLogging:BucketLogging": { kind: "access", buckets: p => [p.targetBucket] },
    "aws:s3/bucketLoggingV2:BucketLoggingV2": { kind: "access", buckets: p => [p.targetBucket] },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": { kind: "access", buckets: p => (p.logDestinationConfigs as unknown[] | undefined) ?? [] },
};

/**
 * A synthetic canary's run artifacts (screenshots, HAR files) are diagnostics the canary itself
 * keeps only for its success and failure retention periods; its bucket may expire them after the
 * longer of the two, never sooner.
 */
const CANARY = "aws:synthetics/canary:Canary";

/**
 * A bucket that receives output by design, and the fewest days it must keep it. `kind`: `access`
 * for records of clients' requests and connections (load balancer, S3 server access, flow and WAF
 * logs: client addresses, request lines), `audit` for the evidence of what was done to the
 * account (CloudTrail, Config), `canary` for a canary's artifacts.
 */
export interface Sink {
    what: string;
    minimumDays: number;
    kind: "access" | "audit" | "canary";
}

/** The bucket name or ARN in a destination value (`s3://bucket/prefix`, `arn:aws:s3:::bucket/prefix`, `bucket`). */
function destinationBucket(value: string): string {
    return value.replace(/^s3:\/\//, "").replace(/\/.*$/, "");
}

/** Buckets that receive logs or diagnostics, keyed by name or ARN, and the resources that send to them. */
export function sinks(resources: PolicyResource[], logDays: number): { byValue: Map<string, Sink>; senders: Map<PolicyResource, Sink> } {
    const byValue = new Map<string, Sink>();
    const senders = new Map<PolicyResource, Sink>();
    for (const r of resources) {
        const props = (LOG_DESTINATIONS[r.type] || r.type === CANARY) ? knownDeep(() => r.props as Record<string, unknown>) ?? {} : undefined;
        if (props === undefined) {
            continue;
        }
        const sink: Sink = r.type === CANARY
            ? { what: "canary artifacts", minimumDays: Math.max(Number(props.successRetentionPeriod ?? 31), Number(props.failureRetentionPeriod ?? 31)), kind: "canary" }
            : { what: "logs", minimumDays: logDays, kind: LOG_DESTINATIONS[r.type].kind };
        const values = r.type === CANARY ? [props.artifactS3Location] : LOG_DESTINATIONS[r.type].buckets(props);
        values.filter((v): v is string => typeof v === "string").forEach(v => byValue.set(destinationBucket(v), sink));
        senders.set(r, sink);
    }
    return { byValue, senders };
}

/** What the bucket receives by design, if anything. */
export function sinkOf(bucket: PolicyResource, found: { byValue: Map<string, Sink>; senders: Map<PolicyResource, Sink> }): Sink | undefined {
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
