import type { ManagedRule } from "../lib/facts/configRules";

/** A deployed aws.cfg.Rule as the decision needs it; `undefined` fields are unknown during a preview. */
export interface DeployedRule {
    /** The rule's name (for messages). */
    name: string;
    /** The resource's URN, to attach a finding to. */
    urn?: string;
    owner?: string;
    sourceIdentifier?: string;
    /** inputParameters, parsed; `null` when absent, `undefined` when unknown. */
    parameters?: Record<string, unknown> | null;
    /** scope, as given; `null` when absent. */
    scope?: { complianceResourceId?: unknown; complianceResourceTypes?: unknown; tagKey?: unknown; tagValue?: unknown } | null;
    /** The evaluation modes given (`DETECTIVE`, `PROACTIVE`); `null` when absent (AWS then evaluates DETECTIVE). */
    evaluationModes?: string[] | null;
}

/** Parses a rule's inputParameters JSON string: `null` when absent, an Error when it is no JSON object. */
export function parseParameters(raw: unknown): Record<string, unknown> | null | Error {
    if (raw === undefined || raw === null || raw === "") return null;
    if (typeof raw !== "string") return new Error("inputParameters is not a string");
    try {
        const value: unknown = JSON.parse(raw);
        return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : new Error("inputParameters is not a JSON object");
    } catch {
        return new Error("inputParameters is not valid JSON");
    }
}

/** Why a deployed rule checks less than the required one, or undefined when it checks as much. */
export function ruleWeakening(required: ManagedRule, rule: DeployedRule): string | undefined {
    const scope = rule.scope ?? {};
    const narrowed = (["complianceResourceId", "complianceResourceTypes", "tagKey", "tagValue"] as const)
        .filter((k) => scope[k] !== undefined && scope[k] !== null && !(Array.isArray(scope[k]) && (scope[k] as unknown[]).length === 0));
    if (narrowed.length > 0) {
        return `its scope (${narrowed.map((k) => `scope.${k}`).join(", ")}) limits it to some resources; the rule must evaluate every resource it applies to (no scope)`;
    }
    if (Array.isArray(rule.evaluationModes) && rule.evaluationModes.length > 0 && !rule.evaluationModes.some((m) => String(m).toUpperCase() === "DETECTIVE")) {
        return `its evaluationModes (${rule.evaluationModes.join(", ")}) leave out DETECTIVE: deployed resources are never evaluated`;
    }
    if (rule.parameters === undefined) return undefined;
    const given = rule.parameters ?? {};
    const wanted = required.parameters ?? {};
    const floors = new Set(required.floors ?? []);
    const extra = Object.keys(given).filter((k) => !(k in wanted));
    if (extra.length > 0) {
        return `inputParameters adds ${extra.join(", ")}, which the required rule does not have (a parameter can narrow what it checks); remove it`;
    }
    for (const [key, value] of Object.entries(wanted)) {
        const actual = given[key];
        if (actual === undefined) {
            return `inputParameters leaves out ${key} (required ${JSON.stringify(value)}); AWS then applies the rule's own default`;
        }
        if (floors.has(key)) {
            const n = Number(actual);
            if (!Number.isFinite(n) || n < Number(value)) {
                return `inputParameters.${key} is ${JSON.stringify(actual)}, below the required ${value}: resources under the floor would pass`;
            }
        } else if (String(actual) !== value) {
            return `inputParameters.${key} is ${JSON.stringify(actual)}; it must be ${JSON.stringify(value)}`;
        }
    }
    return undefined;
}

/** A missing or weakened rule: the message, and the deployed rule it is about (none when missing). */
export interface RuleGap {
    message: string;
    urn?: string;
}

/**
 * Every required rule the stack lacks or weakens. A rule counts by its source (owner AWS, the
 * managed identifier), whatever its name; any one deployed rule with that source that checks as
 * much satisfies it. Extra rules are fine; a rule whose source is unknown (a preview) is given
 * the benefit of the doubt.
 */
export function ruleGaps(required: ManagedRule[], deployed: DeployedRule[]): RuleGap[] {
    const out: RuleGap[] = [];
    const undecided = deployed.some((d) => d.owner === undefined || d.sourceIdentifier === undefined);
    for (const r of required) {
        const same = deployed.filter((d) => d.owner === "AWS" && d.sourceIdentifier === r.identifier);
        if (same.length === 0) {
            if (!undecided) {
                out.push({
                    message: `the stack has no AWS Config rule with source AWS ${r.identifier} (${r.name}${r.parameters ? `, inputParameters ${JSON.stringify(r.parameters)}` : ""}): its check no longer runs. ` +
                        "Keep the rule policy/lib/facts/configRules.ts lists (components/security/ConfigRecorder.ts creates it).",
                });
            }
            continue;
        }
        const problems = same.map((d) => [d, ruleWeakening(r, d)] as const);
        if (problems.some(([, p]) => p === undefined)) continue;
        for (const [d, p] of problems) {
            out.push({ message: `AWS Config rule ${d.name} (${r.identifier}) checks less than required: ${p}.`, urn: d.urn });
        }
    }
    return out;
}
