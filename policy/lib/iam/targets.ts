/**
 * The stack's data-holding resources as probes for resource patterns. A pattern is as broad as
 * what it matches: `arn:aws:s3:::expertconnect-*` names no bucket, it matches the backup bucket,
 * the log buckets and every bucket someone creates later with that prefix. Whether a pattern
 * plainly names a resource is decided by matching, not by spelling: a resource is plainly named
 * when no pattern also matches a sibling of it, the same ARN with text inserted somewhere in the
 * resource's name (`expertconnect-Xbackup`). A wildcard in the name matches such a sibling; a
 * wildcard only in what follows the name (an object key, a log stream, a secret's random
 * six-character suffix written `-??????`) does not.
 */
import { globMatches } from "./catalog";

/** One data-holding resource of the stack. */
export interface DataTarget {
    /** How messages name it: `bucket expertconnect-backup`. */
    label: string;
    /** Its ARN. */
    arn: string;
    /** Where its name sits in `arn` (a secret's random suffix and an object key lie outside). */
    nameStart: number;
    nameEnd: number;
    /** ARNs of what it holds, probed with it (`<bucket>/<key>`, `<log group>:log-stream:<stream>`). */
    children: string[];
    /**
     * Whether Write and Permissions-management actions on the resource itself (not on what it
     * holds) administer it: a bucket's policy, versioning and lifecycle, a database's master
     * password and deletion, a secret's value. Not for stores whose data-plane writes act on the
     * resource itself (a log group's streams, a table's items, a queue's messages, a cache's
     * elasticache:Connect).
     */
    administered: boolean;
}

/** Text inserted into a name to make a sibling: it names nothing of any stack. */
export const SIBLING_MARK = "packprobe";

/** `arn` with the sibling mark inserted at `at` (an offset into the ARN). */
function insertAt(arn: string, at: number): string {
    return `${arn.slice(0, at)}${SIBLING_MARK}${arn.slice(at)}`;
}

/**
 * The target's ARN and children with the mark inserted at `offset` of its name, i.e. the same
 * resource kind under another name. Children keep their path after the name.
 */
export function siblingsAt(target: DataTarget, offset: number): string[] {
    const at = target.nameStart + offset;
    return [target.arn, ...target.children].map(arn => insertAt(arn, at));
}

/**
 * For each wildcard pattern, the first sibling ARN of the target (see `siblingsAt`) it matches:
 * the proof that the pattern reaches the target's kind beyond its name. Empty when every pattern
 * that matches the target names it plainly. Pure glob matching, so it only selects what a
 * simulation then confirms with actions, conditions, denies and NotResource counted (a `*`
 * granting X-Ray must not hide an `expertconnect-*` granting S3 reads).
 */
export function siblingsMatched(target: DataTarget, patterns: string[]): { pattern: string; arn: string }[] {
    const found: { pattern: string; arn: string }[] = [];
    for (const pattern of patterns.filter(p => /[*?]/.test(p))) {
        for (let offset = 0; offset <= target.nameEnd - target.nameStart; offset++) {
            const matched = siblingsAt(target, offset).filter(arn => globMatches(pattern, arn));
            if (matched.length > 0) {
                matched.forEach(arn => found.push({ pattern, arn }));
                break;
            }
        }
    }
    return found;
}

/**
 * A target from a resource's ARN and name: the name is found in the ARN (after its last `:`
 * or `/` prefix, as ARNs embed it); undefined when the ARN does not contain it. `children` are
 * paths appended to the ARN (`/object`, `:log-stream:stream`).
 */
export function dataTarget(label: string, arn: string, name: string, children: string[], administered: boolean): DataTarget | undefined {
    const nameStart = arn.lastIndexOf(name);
    if (nameStart < 0 || name === "") {
        return undefined;
    }
    return { label, arn, nameStart, nameEnd: nameStart + name.length, children: children.map(c => `${arn}${c}`), administered };
}
