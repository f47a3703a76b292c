/**
 * IAM Access Analyzer archive rules, judged as the analyzer applies them: a rule archives every
 * finding, new or existing, that matches all its filters, and an archived finding is never
 * reported (no active finding, no EventBridge event an alert rule could match). A rule is narrow
 * when it names who is granted access (a principal other than `*`: the trusted partner's account)
 * or the one resource that is shared by design; a rule that names only a kind — public or not,
 * a resource type, the owning account, a condition key — archives every future grant of that kind,
 * a bucket or key made public included.
 */

/** An archive rule filter as @pulumi/aws takes it (`criteria` with `eqs`, `contains`, `neqs`, `exists`). */
export interface ArchiveFilter {
    criteria?: string;
    eqs?: string[];
    contains?: string[];
    neqs?: string[];
    exists?: string;
}

/** Values a filter pins (equality or containment, `*` and empty values naming nothing). */
function pinnedValues(f: ArchiveFilter): string[] {
    return [...(f.eqs ?? []), ...(f.contains ?? [])].map(String).filter(v => v !== "" && v !== "*");
}

/** Why an archive rule hides findings nobody has vetted, or undefined when it names a principal or a resource. */
export function archiveRuleProblem(filters: ArchiveFilter[]): string | undefined {
    const pins = (test: (criteria: string) => boolean) => filters.some(f => test(String(f.criteria ?? "")) && pinnedValues(f).length > 0);
    if (pins(c => /^principal\./i.test(c)) || pins(c => c.toLowerCase() === "resource")) {
        return undefined;
    }
    const named = filters.map(f => `${f.criteria}${f.eqs ? ` = ${f.eqs.join("|")}` : f.contains ? ` contains ${f.contains.join("|")}` : f.neqs ? ` != ${f.neqs.join("|")}` : f.exists !== undefined ? ` exists ${f.exists}` : ""}`);
    return `archives every finding${named.length > 0 ? ` where ${named.join(" and ")}` : ""} without naming who is granted access (principal.*) or the resource (resource)`;
}
