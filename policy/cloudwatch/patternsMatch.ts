import { CLOUDTRAIL_DETAIL_TYPES, EVENT_TYPES } from "../lib/facts/eventTypes";

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The exact strings a pattern field accepts (other matchers, such as prefix or wildcard, are left out). */
const exact = (spec: Json): string[] => (Array.isArray(spec) ? spec.filter((e): e is string => typeof e === "string") : []);

/** Every exact string of the pattern, anywhere in it (`$or` alternatives included). */
function exactStrings(pattern: Json): string[] {
    if (Array.isArray(pattern)) return exact(pattern);
    return isObject(pattern) ? Object.values(pattern).flatMap(exactStrings) : [];
}

/** An ARN's resource kind: `arn:aws:backup:region:account:restore-testing-plan` of `…:restore-testing-plan/name`. */
const arnKind = (arn: string): string | undefined => {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[0] === "arn" ? [...parts.slice(0, 5), parts.slice(5).join(":").split(/[/:]/)[0]].join(":") : undefined;
};

/**
 * Why an EventBridge pattern can never match what AWS sends, or undefined: a `detail-type` its
 * sources never emit (each one, so a typo beside a right value is found too), or an exact ARN of a
 * kind the stack holds (of the source's service, in the same region and account, of the same resource kind) that is none of the
 * stack's resources of that kind (the stack's plan, service or vault emits under its own ARN).
 */
export function patternNeverMatches(pattern: Json, stackArns: readonly string[]): string[] {
    if (!isObject(pattern)) return [];
    const problems: string[] = [];
    const alternatives = Array.isArray(pattern.$or) ? pattern.$or : [pattern];
    for (const alt of alternatives) {
        if (!isObject(alt)) continue;
        const sources = exact(alt.source ?? pattern.source);
        const judged = sources.length > 0 && sources.every((s) => EVENT_TYPES[s] !== undefined);
        if (!judged) continue;
        const emitted = new Set([...CLOUDTRAIL_DETAIL_TYPES, ...sources.flatMap((s) => EVENT_TYPES[s])]);
        for (const type of exact(alt["detail-type"] ?? pattern["detail-type"])) {
            if (!emitted.has(type)) problems.push(`detail-type "${type}" is none ${sources.join(", ")} emits (${[...emitted].filter((t) => !CLOUDTRAIL_DETAIL_TYPES.includes(t)).join(", ") || "only CloudTrail events"})`);
        }
    }
    const kinds = new Map<string, string[]>();
    for (const arn of stackArns) {
        const kind = arnKind(arn);
        if (kind) kinds.set(kind, [...(kinds.get(kind) ?? []), arn]);
    }
    // A service's events name its own resources: an ARN of the source's service that the stack holds the kind of.
    const sources = new Set(exactStrings({ s: pattern.source, o: Array.isArray(pattern.$or) ? pattern.$or.map((a) => (isObject(a) ? a.source : undefined)) : [] }));
    for (const value of new Set(exactStrings(pattern))) {
        if (!sources.has(`aws.${value.split(":")[2]}`)) continue;
        const same = kinds.get(arnKind(value) ?? "");
        if (same && !same.includes(value)) problems.push(`${value} is none of the stack's (${same.join(", ")})`);
    }
    return [...new Set(problems)];
}
