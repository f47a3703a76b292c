import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { NONCURRENT_VERSION_FLOOR_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../lib/facts/retention";
import { known, knownDeep } from "../lib/stack";
import { S3_VERSIONING } from "../lib/tokens";
import { bucketHoldsData, bucketName, GUIDE_S3, settingsOf } from "./buckets";
import { objectLockProblem, ObjectLockRule } from "./objectLock";
import { sinkOf, sinks } from "./sinks";

const OBJECT_LOCK = ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"] as const;

export const LIFECYCLE = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

/** A lifecycle rule's filter (v7 `filter`, or the deprecated rule-level `prefix`). */
interface RuleFilter {
    prefix?: string;
    tag?: unknown;
    objectSizeGreaterThan?: number;
    objectSizeLessThan?: number;
    and?: { prefix?: string; tags?: Record<string, string>; objectSizeGreaterThan?: number; objectSizeLessThan?: number };
}

export interface LifecycleRule {
    id?: string;
    status?: string;
    prefix?: string;
    filter?: RuleFilter;
    expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
    noncurrentVersionExpiration?: { noncurrentDays?: number; newerNoncurrentVersions?: number };
    transitions?: { days?: number; date?: string; storageClass?: string }[];
    abortIncompleteMultipartUpload?: { daysAfterInitiation?: number };
}

/**
 * Storage classes whose objects GetObject cannot read until someone restores them (hours, up to
 * 48 for Deep Archive): a page asset or a backup moved there is gone for the application and for
 * a restore under time pressure. Glacier Instant Retrieval is read in milliseconds like Standard-IA
 * and stays allowed.
 */
export const ARCHIVE_CLASSES: readonly string[] = ["GLACIER", "DEEP_ARCHIVE"];

/**
 * Why a rule's transitions archive the current objects of a bucket the application serves or
 * restores from too early, or undefined. Noncurrent versions may go anywhere (they are the
 * recovery copy, read only after a restore request anyway).
 */
export function archivesTooSoon(rule: LifecycleRule, minimumDays: number): string | undefined {
    const early = (rule.transitions ?? []).filter(t => ARCHIVE_CLASSES.includes(String(t.storageClass ?? "").toUpperCase()) && (t.days === undefined || t.days < minimumDays));
    return early.length === 0 ? undefined : `moves current objects to ${early.map(t => `${t.storageClass} ${t.days !== undefined ? `after ${t.days} days` : `on ${t.date ?? "a date"}`}`).join(", ")}: ` +
        `an archived object cannot be read (GetObject fails until it is restored, hours later), so the application and a restore lose it; archive current objects no sooner than ${minimumDays} days (or use GLACIER_IR / STANDARD_IA)`;
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

/** What a rule's filter leaves out of it (a prefix, a tag, a size range), or undefined when it applies to every object. */
export function filterNarrows(rule: LifecycleRule): string | undefined {
    const f = rule.filter ?? {};
    const and = f.and ?? {};
    const parts = [
        (rule.prefix || f.prefix || and.prefix) ? `prefix ${JSON.stringify(rule.prefix || f.prefix || and.prefix)}` : undefined,
        (f.tag || Object.keys(and.tags ?? {}).length > 0) ? "a tag" : undefined,
        (f.objectSizeGreaterThan !== undefined || f.objectSizeLessThan !== undefined || and.objectSizeGreaterThan !== undefined || and.objectSizeLessThan !== undefined) ? "an object size" : undefined,
    ].filter((p): p is string => p !== undefined);
    return parts.length > 0 ? `only objects matching ${parts.join(" and ")}` : undefined;
}

/**
 * Why the noncurrent versions of a versioned bucket may be kept longer than `maximumDays`, or
 * undefined: S3 keeps a noncurrent version (an overwritten object, or one deleted behind a delete
 * marker) until an Enabled lifecycle rule that applies to it expires it. A rule bounds every
 * version when it applies to every object, expires noncurrent versions within the maximum, and
 * sets no newerNoncurrentVersions (S3 then keeps that many newest noncurrent versions of each
 * object whatever their age: a deleted object's last versions stay forever).
 */
export function noncurrentUnbounded(rules: LifecycleRule[], maximumDays: number): string | undefined {
    const why: string[] = [];
    for (const rule of rules) {
        const nve = rule.noncurrentVersionExpiration;
        if (!nve) continue;
        const label = `rule ${rule.id ?? "(unnamed)"}`;
        const narrows = filterNarrows(rule);
        if (rule.status !== "Enabled") why.push(`${label} is ${rule.status ?? "not Enabled"}`);
        else if (narrows) why.push(`${label} applies to ${narrows}`);
        else if (typeof nve.noncurrentDays !== "number") why.push(`${label} sets no noncurrentDays`);
        else if (nve.noncurrentDays > maximumDays) why.push(`${label} keeps them ${nve.noncurrentDays} days`);
        else if (nve.newerNoncurrentVersions !== undefined && nve.newerNoncurrentVersions !== null) why.push(`${label} keeps the ${nve.newerNoncurrentVersions} newest noncurrent versions of each object whatever their age (newerNoncurrentVersions)`);
        else return undefined;
    }
    return why.length === 0 ? "no lifecycle rule expires them" : why.join("; ");
}

/** Whether a bucket keeps versions: versioning Enabled or Suspended (the versions already made stay), or Object Lock (always versioned); unknown counts as versioned. */
function keepsVersions(bucket: PolicyResource, versioning: PolicyResource[]): boolean {
    if (known(() => bucket.props.versioning?.enabled, true) === true || known(() => bucket.props.objectLockEnabled, false) === true) return true;
    return versioning.some(v => {
        const status = known(() => v.props.versioningConfiguration?.status as string | undefined, "unknown");
        return status !== "Disabled" && status !== undefined;
    });
}

export const s3LifecycleKeepsCurrent = stackPolicy<{ logMinimumRetentionDays: number; noncurrentMinimumDays: number; noncurrentMaximumDays: number; archiveMinimumDays: number; complianceLockComponents: string[]; objectLockMaximumDays: number }>({
    name: "s3-lifecycle-keeps-current",
    description: "Lifecycle rules never expire the current objects of a bucket that holds data; a bucket that receives logs may expire them " +
        "after logMinimumRetentionDays, one that receives a canary's artifacts after the canary's own retention; noncurrent versions are kept at least noncurrentMinimumDays " +
        "and, in a versioned bucket, expired by an Enabled rule for every object within noncurrentMaximumDays (S3 keeps them forever otherwise: deleted objects, erased users' data included); " +
        "current objects of a bucket that holds data (served or restored from) are not moved to an archive class (GLACIER, DEEP_ARCHIVE: unreadable until restored) before archiveMinimumDays; " +
        "an Object Lock default retention lasts at most objectLockMaximumDays and uses COMPLIANCE mode only on buckets whose Component tag is in complianceLockComponents (backups) or that receive a trail's or Config's evidence.",
    enforcementLevel: "mandatory",
    // Not onlyWith the lifecycle type: a versioned bucket without any lifecycle configuration is a finding.
    types: [...LIFECYCLE, ...OBJECT_LOCK, ...S3_VERSIONING],
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Remove expiration from the rule (expire noncurrent versions with noncurrentVersionExpiration instead, and move " +
            "old data to a cheaper class with transitions); give a versioned bucket an Enabled rule without filter whose noncurrentVersionExpiration.noncurrentDays " +
            "lies between noncurrentMinimumDays and noncurrentMaximumDays, without newerNoncurrentVersions; " +
            "move current objects to GLACIER or DEEP_ARCHIVE no sooner than archiveMinimumDays (GLACIER_IR and STANDARD_IA stay readable); " +
            "use Object Lock GOVERNANCE mode (COMPLIANCE only on backup and evidence buckets) with a default retention within objectLockMaximumDays; " +
            "tag a bucket HoldsData=false only when nothing in it must be kept.",
    },
    config: {
        logMinimumRetentionDays: {
            type: "integer", minimum: 1, maximum: 3650, default: 365,
            description: "Fewest days a log bucket keeps current objects (FSBP CloudWatch.16's year for audit data).",
        },
        noncurrentMinimumDays: {
            type: "integer", minimum: 1, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: NONCURRENT_VERSION_FLOOR_DAYS,
            description: `Fewest days a bucket that holds data keeps noncurrent (overwritten or deleted) versions before a lifecycle rule expires them. Default ${NONCURRENT_VERSION_FLOOR_DAYS}.`,
        },
        noncurrentMaximumDays: {
            type: "integer", minimum: 1, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: RECOVERY_RETENTION_LIMIT_DAYS,
            description: `Most days a versioned bucket that holds data keeps noncurrent versions (default and upper bound ${RECOVERY_RETENTION_LIMIT_DAYS}, policy/lib/facts/retention.ts, like backups); config may lower it only.`,
        },
        archiveMinimumDays: {
            type: "integer", minimum: 0, maximum: 3650, default: 90,
            description: "Fewest days a current object of a bucket that holds data (not a log bucket) stays readable before a lifecycle transition may move it to GLACIER or DEEP_ARCHIVE. Default 90.",
        },
        complianceLockComponents: {
            type: "array", items: { type: "string" }, default: ["backup"],
            description: "Component tag values of the buckets that may use Object Lock COMPLIANCE mode (no one can delete a locked version early). Default [\"backup\"]: the backup bucket.",
        },
        objectLockMaximumDays: {
            type: "integer", minimum: 1, maximum: 36500, default: RECOVERY_RETENTION_LIMIT_DAYS,
            description: "Longest Object Lock default retention (days + 365 × years) a bucket may set. Default 400, like the backup vault lock's maximum.",
        },
    },
    validate: (resources, report, { config }) => {
        const found = sinks(resources, config.logMinimumRetentionDays);
        for (const [bucket, locks] of settingsOf(resources, OBJECT_LOCK)) {
            const component = knownDeep(() => (bucket.props.tags as Record<string, unknown> | undefined)?.Component);
            // Evidence (a trail's or Config's delivery bucket) is what an intruder erases first: locking it is the point.
            const complianceAllowed = (typeof component === "string" && config.complianceLockComponents.includes(component)) || sinkOf(bucket, found)?.kind === "audit";
            for (const lock of locks) {
                const problem = objectLockProblem(knownDeep(() => lock.props.rule as ObjectLockRule | undefined), complianceAllowed, config.objectLockMaximumDays);
                if (problem) {
                    report(`bucket ${bucketName(bucket)}'s Object Lock default retention: ${problem}.`, lock.urn);
                }
            }
        }
        const versioning = settingsOf(resources, S3_VERSIONING);
        for (const [bucket, configs] of settingsOf(resources, LIFECYCLE)) {
            if (!bucketHoldsData(bucket)) {
                continue;
            }
            if (keepsVersions(bucket, versioning.get(bucket) ?? [])) {
                const rules = configs.map(c => knownDeep(() => c.props.rules as LifecycleRule[] | undefined, "unknown" as const));
                const unbounded = rules.includes("unknown") ? undefined
                    : noncurrentUnbounded(rules.flatMap(r => (r === "unknown" ? [] : r ?? [])), Math.max(config.noncurrentMinimumDays, config.noncurrentMaximumDays));
                if (unbounded) {
                    report(`bucket ${bucketName(bucket)} is versioned and keeps its noncurrent versions (overwritten and deleted objects, with the personal data in them) forever: ${unbounded}; ` +
                        `expire them within ${config.noncurrentMaximumDays} days with an Enabled rule for every object.`, configs[0]?.urn ?? bucket.urn);
                }
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
                    const archived = sink === undefined ? archivesTooSoon(rule, config.archiveMinimumDays) : undefined;
                    if (archived) {
                        report(`${label} ${archived}.`, c.urn);
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
