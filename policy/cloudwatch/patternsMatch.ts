import { CLOUDTRAIL_DETAIL_TYPES, DETAIL_VALUES, EVENT_TYPES } from "../lib/facts/eventTypes";

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
 * A documented `detail` field whose exact values are all ones no event of the pattern's
 * detail-types carries: the field, so the pattern, never matches (a wrong value beside a right
 * one still lets the right one match, and is not reported). Only judged when every detail-type
 * the pattern names documents the field.
 */
function detailValueProblems(types: string[], detail: Json): string[] {
    if (!isObject(detail) || types.length === 0 || !types.every((t) => DETAIL_VALUES[t] !== undefined)) return [];
    const problems: string[] = [];
    for (const [field, spec] of Object.entries(detail)) {
        if (!types.every((t) => DETAIL_VALUES[t][field] !== undefined)) continue;
        const sent = new Set(types.flatMap((t) => DETAIL_VALUES[t][field]));
        const asked = exact(spec);
        if (asked.length > 0 && Array.isArray(spec) && asked.length === spec.length && !asked.some((v) => sent.has(v))) {
            problems.push(`detail.${field} ${asked.map((v) => `"${v}"`).join(", ")} is no value ${types.join(" or ")} events carry (${[...sent].join(", ")})`);
        }
    }
    return problems;
}

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
        const types = exact(alt["detail-type"] ?? pattern["detail-type"]);
        for (const type of types) {
            if (!emitted.has(type)) problems.push(`detail-type "${type}" is none ${sources.join(", ")} emits (${[...emitted].filter((t) => !CLOUDTRAIL_DETAIL_TYPES.includes(t)).join(", ") || "only CloudTrail events"})`);
        }
        problems.push(...detailValueProblems(types, alt.detail ?? pattern.detail));
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
