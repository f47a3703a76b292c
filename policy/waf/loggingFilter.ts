/**
 * Whether a WAF logging filter keeps any record, judged as WAF applies it: with defaultBehavior
 * DROP only the requests a KEEP filter matches are logged, and a KEEP filter matches only when
 * its conditions can hold for a request: an action condition names an action WAF takes, and a
 * label condition names a label some rule can add. Labels are fully qualified (`awswaf:…`); the
 * web ACL's own rules add `awswaf:<account>:webacl:<acl>:<ruleLabel>` only for the rule labels
 * they declare, while managed groups, rule groups and WAF itself (client geography, tokens) add
 * labels the stack does not list, which are taken as possible.
 */
import { Props } from "../lib/define";
import { lowerKeys } from "./rules";

/** Actions a request's log record can carry. */
const ACTIONS = ["ALLOW", "BLOCK", "COUNT", "CAPTCHA", "CHALLENGE", "EXCLUDED_AS_COUNT"];

/** Whether a fully qualified label can be on a request, given the rule labels (lower case) the ACL's own rules declare. */
function labelPossible(label: string, ownRuleLabels: readonly string[]): boolean {
    const parts = label.toLowerCase().split(":");
    if (parts[0] !== "awswaf" || parts.length < 3) {
        return false;
    }
    if (parts[2] === "webacl") {
        return ownRuleLabels.includes(parts.slice(4).join(":"));
    }
    return true;
}

function conditionPossible(condition: Props, ownRuleLabels: readonly string[]): boolean {
    if (condition?.actioncondition !== undefined) {
        return ACTIONS.includes(String(condition.actioncondition.action).toUpperCase());
    }
    if (condition?.labelnamecondition !== undefined) {
        return labelPossible(String(condition.labelnamecondition.labelname ?? ""), ownRuleLabels);
    }
    return true; // A condition of a kind WAF adds later: assume it can hold.
}

/** Whether one KEEP filter (lower-cased) can match a request. */
function filterKeeps(filter: Props, ownRuleLabels: readonly string[]): boolean {
    const conditions: Props[] = Array.isArray(filter.conditions) ? filter.conditions : [];
    if (conditions.length === 0) {
        return true;
    }
    const possible = conditions.map(c => conditionPossible(c, ownRuleLabels));
    if (String(filter.requirement ?? "MEETS_ANY").toUpperCase() !== "MEETS_ALL") {
        return possible.includes(true);
    }
    // A request ends with one action: two different action conditions can't both hold.
    const actions = new Set(conditions.filter(c => c?.actioncondition !== undefined).map(c => String(c.actioncondition.action).toUpperCase()));
    return !possible.includes(false) && actions.size <= 1;
}

/** Whether a logging filter (any key case) drops every request's record. `ownRuleLabels`: the `ruleLabels` names of the ACL's rules. */
export function dropsEverything(loggingFilter: unknown, ownRuleLabels: readonly string[]): boolean {
    const f = lowerKeys(loggingFilter ?? {});
    if (String(f.defaultbehavior ?? "KEEP").toUpperCase() !== "DROP") {
        return false;
    }
    const filters: Props[] = Array.isArray(f.filters ?? f.filter) ? (f.filters ?? f.filter) : [];
    return !filters.some(x => String(x?.behavior).toUpperCase() === "KEEP" && filterKeeps(x, ownRuleLabels));
}

/** The `ruleLabels` names (lower case) declared anywhere in some rules' properties (any key case, ruleJson strings parsed). */
export function declaredRuleLabels(rules: unknown): string[] {
    const walk = (value: unknown): string[] => {
        if (typeof value === "string" && /^\s*[[{]/.test(value)) {
            try {
                return walk(lowerKeys(JSON.parse(value))); // ruleJson
            } catch {
                return [];
            }
        }
        if (Array.isArray(value)) {
            return value.flatMap(walk);
        }
        if (typeof value !== "object" || value === null) {
            return [];
        }
        return Object.entries(value).flatMap(([k, v]) => k === "rulelabels" && Array.isArray(v)
            ? v.map((l: Props) => String(l?.name ?? "").toLowerCase())
            : walk(v));
    };
    return walk(lowerKeys(rules));
}
