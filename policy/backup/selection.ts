/**
 * Which resources an AWS Backup selection assigns to its plan, as AWS Backup decides it
 * (BackupSelection: Resources, ListOfTags, Conditions, NotResources): a resource is assigned when
 * it matches an ARN of `resources` (with `*` wildcards) OR one condition of `selectionTags`,
 * AND every one of `conditions`, AND no ARN of `notResources`. A selection by a tag nothing
 * carries, or by another database's ARN, backs nothing up.
 */

/** What a selection is judged against: the resource's ARN and tags, undefined while unknown. */
export interface Candidate {
    arn: string | undefined;
    tags: Record<string, string> | undefined;
}

interface TagCondition {
    type?: string;
    key?: string;
    value?: string;
}

interface KeyValue {
    key?: string;
    value?: string;
}

/** The selection's inputs as @pulumi/aws v7 names them. */
export interface SelectionProps {
    resources?: unknown[];
    notResources?: unknown[];
    selectionTags?: TagCondition[];
    conditions?: Array<{ stringEquals?: KeyValue[]; stringLikes?: KeyValue[]; stringNotEquals?: KeyValue[]; stringNotLikes?: KeyValue[] }>;
}

/** "yes", "no", or "unknown" when a value it depends on is not known yet (preview). */
export type Verdict = "yes" | "no" | "unknown";

/** Whether `text` matches an AWS Backup pattern, where `*` stands for any characters. */
export function wildcardMatch(pattern: string, text: string): boolean {
    const regex = pattern.split("*").map(s => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${regex}$`).test(text);
}

function anyArn(patterns: unknown[] | undefined, arn: string | undefined): Verdict {
    const list = patterns ?? [];
    if (list.some(p => typeof p === "string" && arn !== undefined && wildcardMatch(p, arn))) {
        return "yes";
    }
    // An ARN not yet known, or a pattern not yet known, could match.
    return list.length > 0 && (arn === undefined || list.some(p => typeof p !== "string")) ? "unknown" : "no";
}

/** The tag a condition key names: `aws:ResourceTag/Backup` or, in selectionTags, `Backup`. */
function tagKey(key: string | undefined): string | undefined {
    return key?.replace(/^aws:ResourceTag\//, "");
}

function tagMatches(tags: Record<string, string> | undefined, key: string | undefined, value: string | undefined, like: boolean): Verdict {
    const name = tagKey(key);
    if (tags === undefined) {
        return "unknown";
    }
    const actual = name === undefined ? undefined : tags[name];
    if (actual === undefined || value === undefined) {
        return "no";
    }
    return (like ? wildcardMatch(value, actual) : actual === value) ? "yes" : "no";
}

function or(verdicts: Verdict[]): Verdict {
    return verdicts.includes("yes") ? "yes" : verdicts.includes("unknown") ? "unknown" : "no";
}

function and(verdicts: Verdict[]): Verdict {
    return verdicts.includes("no") ? "no" : verdicts.includes("unknown") ? "unknown" : "yes";
}

function not(v: Verdict): Verdict {
    return v === "yes" ? "no" : v === "no" ? "yes" : "unknown";
}

/** Whether the selection assigns `candidate` to its plan. */
export function selects(selection: SelectionProps, candidate: Candidate): Verdict {
    const included = or([
        anyArn(selection.resources, candidate.arn),
        ...(selection.selectionTags ?? []).map(t => tagMatches(candidate.tags, t.key, t.value, false)),
    ]);
    const conditions = (selection.conditions ?? []).flatMap(c => [
        ...(c.stringEquals ?? []).map(kv => tagMatches(candidate.tags, kv.key, kv.value, false)),
        ...(c.stringLikes ?? []).map(kv => tagMatches(candidate.tags, kv.key, kv.value, true)),
        ...(c.stringNotEquals ?? []).map(kv => not(tagMatches(candidate.tags, kv.key, kv.value, false))),
        ...(c.stringNotLikes ?? []).map(kv => not(tagMatches(candidate.tags, kv.key, kv.value, true))),
    ]);
    const excluded = anyArn(selection.notResources, candidate.arn);
    return and([included, ...conditions, not(excluded)]);
}
