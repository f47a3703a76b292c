/**
 * What makes a bucket grow, or bill, without bound, judged by its lifecycle rules:
 * - parts of multipart uploads nobody completed are stored and billed but listed nowhere
 *   (ListObjects shows no part): only an AbortIncompleteMultipartUpload in an Enabled rule for
 *   every object removes them;
 * - records of clients' requests and connections (load balancer, S3 server access, flow and WAF
 *   logs: client addresses, request lines) are kept a bounded time: an Enabled rule for every
 *   object expires them within the audit logs' limit (evidence of what was done to the account,
 *   the trail's and Config's, is not bounded here);
 * - objects the application reads on a request (a bucket a task's settings name for reading) stay
 *   in a class that bills no retrieval: STANDARD_IA, ONEZONE_IA and GLACIER_IR charge per GB read
 *   (with 30- or 90-day and 128 KB minimums), GLACIER and DEEP_ARCHIVE cannot be read at all until
 *   restored. Every page view would pay it, and a client fetching in a loop bills it at will.
 *   INTELLIGENT_TIERING bills no retrieval.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { appBucketOf, bucketIsRead } from "../lib/facts/purposes";
import { INCOMPLETE_UPLOAD_LIMIT_DAYS, LOG_RETENTION_DAYS } from "../lib/facts/retention";
import { knownDeep, ofType } from "../lib/stack";
import { ECS_TASK_DEFINITION, S3_BUCKET } from "../lib/tokens";
import { StackIndex } from "../paths/model";
import { pathResourceOf } from "../paths/policy";
import { settingsOf as taskSettings, tasksOf } from "../paths/tasks";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";
import { filterNarrows, LIFECYCLE, LifecycleRule } from "./lifecycle";
import { sinkOf, sinks } from "./sinks";

const SSM_PARAMETER = "aws:ssm/parameter:Parameter";

/** Storage classes that bill each read (per GB retrieved) or cannot be read before a restore. */
export const RETRIEVAL_CLASSES: readonly string[] = ["STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

/** The rules that apply to every object of the bucket and are Enabled. */
const wholeBucket = (rules: LifecycleRule[]) => rules.filter(r => r.status === "Enabled" && filterNarrows(r) === undefined);

/** Why the rules leave incomplete multipart uploads longer than `limit` days, or undefined. */
export function uploadsUnbounded(rules: LifecycleRule[], limit: number): string | undefined {
    const days = wholeBucket(rules).map(r => r.abortIncompleteMultipartUpload?.daysAfterInitiation).filter((d): d is number => typeof d === "number");
    if (days.length === 0) {
        return "no Enabled rule for every object aborts incomplete multipart uploads (their parts are billed and listed nowhere)";
    }
    const shortest = Math.min(...days);
    return shortest > limit ? `incomplete multipart uploads are aborted only after ${shortest} days` : undefined;
}

/** Why the rules keep current objects longer than `limit` days, or undefined. */
export function currentUnbounded(rules: LifecycleRule[], limit: number): string | undefined {
    const days = wholeBucket(rules).map(r => r.expiration?.days).filter((d): d is number => typeof d === "number");
    if (days.length === 0) {
        return "no Enabled rule for every object expires them: they are kept forever";
    }
    const shortest = Math.min(...days);
    return shortest > limit ? `they are kept ${shortest} days` : undefined;
}

/** The transitions that move current objects to a class that bills reads or cannot be read. */
export function retrievalTransitions(rules: LifecycleRule[]): string[] {
    return rules.filter(r => r.status === "Enabled").flatMap(r => (r.transitions ?? [])
        .filter(t => RETRIEVAL_CLASSES.includes(String(t.storageClass ?? "").toUpperCase()))
        .map(t => `rule ${r.id ?? "(unnamed)"} moves them to ${t.storageClass} ${t.days !== undefined ? `after ${t.days} days` : `on ${t.date ?? "a date"}`}`));
}

/** Names of the buckets a task's settings (environment or the SSM parameters it reads) name for reading. */
export function servedBucketNames(resources: PolicyResource[]): Set<string> {
    const ix = new StackIndex(ofType(resources, [...ECS_TASK_DEFINITION, SSM_PARAMETER]).map(pathResourceOf));
    const names = new Set<string>();
    for (const task of tasksOf(ix)) {
        for (const [variable, value] of taskSettings(ix, task)) {
            // A bucket no workload reads (the backup bucket, only written to) serves no reads.
            const bucket = appBucketOf(variable);
            if (bucket === undefined || bucketIsRead(bucket)) names.add(value);
        }
    }
    return names;
}

export const s3GrowthBounded = stackPolicy<{ incompleteUploadMaximumDays: number; accessLogMaximumDays: number }>({
    name: "s3-growth-bounded",
    description: "Every bucket aborts incomplete multipart uploads within incompleteUploadMaximumDays (an Enabled lifecycle rule for every object: their parts are billed and listed nowhere); " +
        "a bucket that receives records of clients' requests (load balancer, S3 access, flow, WAF logs) expires them within accessLogMaximumDays; " +
        "a bucket the application reads on requests (named by a task's settings) keeps current objects out of classes that bill each read or cannot be read (STANDARD_IA, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE).",
    enforcementLevel: "mandatory",
    types: [...LIFECYCLE, ...S3_BUCKET],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Give the bucket an Enabled lifecycle rule with an empty filter and abortIncompleteMultipartUpload.daysAfterInitiation at most " +
            "incompleteUploadMaximumDays (components/storage/lifecycle.ts does); expire a log bucket's current objects within accessLogMaximumDays " +
            "(SecureBucket's expireAfterDays); keep a bucket the application serves in STANDARD or INTELLIGENT_TIERING.",
    },
    config: {
        incompleteUploadMaximumDays: {
            type: "integer", minimum: 1, maximum: INCOMPLETE_UPLOAD_LIMIT_DAYS, default: INCOMPLETE_UPLOAD_LIMIT_DAYS,
            description: `Most days an incomplete multipart upload's parts are kept. Default and upper bound ${INCOMPLETE_UPLOAD_LIMIT_DAYS} (policy/lib/facts/retention.ts); config may lower it only.`,
        },
        accessLogMaximumDays: {
            type: "integer", minimum: 1, maximum: LOG_RETENTION_DAYS.audit.limit, default: LOG_RETENTION_DAYS.audit.limit,
            description: `Most days a bucket keeps records of clients' requests and connections. Default and upper bound ${LOG_RETENTION_DAYS.audit.limit}, the audit logs' limit (policy/lib/facts/retention.ts); config may lower it only.`,
        },
    },
    validate: (resources, report, { config }) => {
        const found = sinks(resources, config.accessLogMaximumDays);
        const served = servedBucketNames(resources);
        for (const [bucket, configs] of settingsOf(resources, LIFECYCLE)) {
            const read = configs.map(c => knownDeep(() => c.props.rules as LifecycleRule[] | undefined, "unknown" as const));
            if (read.includes("unknown")) {
                continue; // not known yet (preview): judged once it is
            }
            const rules = read.flatMap(r => (r === "unknown" ? [] : r ?? []));
            const where = configs[0]?.urn ?? bucket.urn;
            const name = bucketName(bucket);
            const uploads = uploadsUnbounded(rules, config.incompleteUploadMaximumDays);
            if (uploads) {
                report(`bucket ${name}: ${uploads}; abort them within ${config.incompleteUploadMaximumDays} days.`, where);
            }
            if (sinkOf(bucket, found)?.kind === "access") {
                const kept = currentUnbounded(rules, config.accessLogMaximumDays);
                if (kept) {
                    report(`bucket ${name} receives records of clients' requests (client addresses, request lines): ${kept}; expire them within ${config.accessLogMaximumDays} days.`, where);
                }
            }
            if (served.has(name)) {
                const moves = retrievalTransitions(rules);
                if (moves.length > 0) {
                    report(`bucket ${name} is read by the application on requests, but ${moves.join(", ")}: every read then bills a retrieval (or fails until a restore), and a client fetching in a loop bills it at will; keep it in STANDARD or INTELLIGENT_TIERING.`, where);
                }
            }
        }
    },
});
