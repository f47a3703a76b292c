/**
 * A web ACL's rules as AWS WAF applies them, whichever way they were declared: inline `rules`
 * (SDK shape), `ruleJson` (the WAF API's JSON, PascalCase keys), standalone `aws.wafv2.WebAclRule`
 * resources, and `aws.wafv2.WebAclRuleGroupAssociation` resources.
 */
import { Props } from "../lib/define";

/** What a rule does to a matching request. */
export type RuleMode = "enforce" | "count" | "allow";

export interface EffectiveRule {
    name: string;
    mode: RuleMode;
    /** A rate-based rule, with its request limit per evaluation window. */
    rateLimit?: number;
    /** Whether the rule publishes CloudWatch metrics (visibilityConfig.cloudwatchMetricsEnabled). */
    metrics: boolean;
}

/** Keys in lower case, deeply: `Action.Block` and `action.block` read the same. */
export function lowerKeys(value: unknown): any {
    if (Array.isArray(value)) {
        return value.map(lowerKeys);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lowerKeys(v)]));
    }
    return value;
}

/** The one key set in an action block (`{block: {}}` → "block"), lower case. */
function actionOf(block: unknown): string | undefined {
    if (typeof block === "string") {
        return block.toLowerCase();
    }
    return typeof block === "object" && block !== null ? Object.keys(block)[0] : undefined;
}

const ENFORCING_ACTIONS = ["block", "captcha", "challenge"];

/** One rule (already lower-cased) in its effective form. */
export function effectiveRule(rule: Props): EffectiveRule {
    const action = actionOf(rule.action);
    const override = actionOf(rule.overrideaction);
    // A rule group's override "none" keeps the group's own (blocking) actions; "count" disarms it.
    const mode: RuleMode = action !== undefined
        ? (ENFORCING_ACTIONS.includes(action) ? "enforce" : action === "allow" ? "allow" : "count")
        : (override === "count" ? "count" : "enforce");
    const rate = rule.statement?.ratebasedstatement;
    return {
        name: String(rule.name ?? rule.rulename ?? "(unnamed)"),
        mode,
        ...(rate ? { rateLimit: Number(rate.limit) } : {}),
        metrics: rule.visibilityconfig?.cloudwatchmetricsenabled !== false,
    };
}

/** The inline rules of a web ACL's properties: `rules` and `ruleJson`. */
export function inlineRules(props: Props): EffectiveRule[] {
    const rules: unknown[] = Array.isArray(props.rules) ? props.rules : [];
    let fromJson: unknown[] = [];
    if (typeof props.ruleJson === "string" && props.ruleJson !== "") {
        try {
            const parsed = JSON.parse(props.ruleJson);
            fromJson = Array.isArray(parsed) ? parsed : [];
        } catch {
            fromJson = [];
        }
    }
    return [...rules, ...fromJson].map(r => effectiveRule(lowerKeys(r)));
}

/**
 * What is wrong with a web ACL's effective rules, one message each. `defaultBlocks`: the ACL's
 * default action is block (an allow-list), so it blocks without any blocking rule.
 */
export function ruleProblems(rules: EffectiveRule[], maximumRateLimit: number, defaultBlocks = false): string[] {
    if (rules.length === 0 && !defaultBlocks) {
        return ["has no rules: it inspects nothing"];
    }
    const problems: string[] = [];
    if (!defaultBlocks && !rules.some(r => r.mode === "enforce")) {
        problems.push(`blocks nothing: every rule counts or allows (${rules.map(r => `${r.name}: ${r.mode}`).join(", ")})`);
    }
    const rateRules = rules.filter(r => r.rateLimit !== undefined && r.mode === "enforce");
    if (rateRules.length === 0) {
        problems.push("has no rate-based rule that blocks: request throttling is off");
    } else if (!rateRules.some(r => r.rateLimit! <= maximumRateLimit)) {
        problems.push(`rate-based rules allow ${Math.min(...rateRules.map(r => r.rateLimit!))} requests per window, above the maximum of ${maximumRateLimit}`);
    }
    for (const r of rules.filter(rule => !rule.metrics)) {
        problems.push(`rule ${r.name} publishes no CloudWatch metrics`);
    }
    return problems;
}
