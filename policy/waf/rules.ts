/**
 * A web ACL's rules as AWS WAF applies them, whichever way they were declared: inline `rules`
 * (SDK shape), `ruleJson` (the WAF API's JSON, PascalCase keys), standalone `aws.wafv2.WebAclRule`
 * resources, and `aws.wafv2.WebAclRuleGroupAssociation` resources.
 */
import { Props } from "../lib/define";
import { forgery } from "./attacker";
import { IpSetLookup, reach } from "./traffic";

/** What a rule does to a matching request. */
export type RuleMode = "enforce" | "count" | "allow";

export interface EffectiveRule {
    name: string;
    mode: RuleMode;
    /** The rule's own action (block, captcha, challenge, allow, count), lower case; undefined for a rule group (its rules' own actions). */
    action?: string;
    /** The label names (lower case) the rule adds when it matches (`ruleLabels`). */
    ruleLabels: string[];
    /** A rate-based rule, with its request limit per evaluation window. */
    rateLimit?: number;
    /** Whether the rule publishes CloudWatch metrics (visibilityConfig.cloudwatchMetricsEnabled). */
    metrics: boolean;
    /** A rule group (managed or the account's own) rather than a rule of the ACL's. */
    group: boolean;
    /** The managed rule group the rule runs, as `vendor/name` (`AWS/AWSManagedRulesSQLiRuleSet`); undefined for any other rule. */
    managedGroup?: string;
    /** Rules of the group whose action is overridden to count or allow (`ruleActionOverrides`, or the API's older `ExcludedRules`, which count): disarmed. */
    disarmed: string[];
    /** Label keys the rule's statement requires (`labelMatchStatement`, not under a negation), lower case, with their scope. */
    labels: Array<{ key: string; namespace: boolean }>;
    /** Evaluation order (lowest first); undefined when not given. */
    priority?: number;
    /** The rule's statement (lower-cased keys): what a terminating allow rule lets through. */
    statement?: Props;
    /** The rate-based rule's or rule group's `scopeDownStatement`: only requests it matches are counted or inspected. */
    scopeDown?: Props;
    /** Aggregation keys of a rate-based rule whose values the client chooses (a header, cookie, query, path, fingerprint, the forwarded address): each value gets its own counter. */
    clientKeys: string[];
}

/**
 * Custom aggregation keys a client can't vary at will: its source address, the method (a
 * handful of values), labels WAF adds and the network's ASN. Any other key (a header, cookie,
 * query argument, path, TLS fingerprint, and the forwarded address, read from a header the
 * client writes: WAF takes its first address, which the client puts there) gives each value a
 * counter of its own, so a client that changes it on every request is never throttled.
 */
const STABLE_KEYS = ["ip", "httpmethod", "labelnamespace", "asn"];

/** The client-chosen keys a rate-based statement (lower-cased) aggregates on; none for IP and CONSTANT. */
function clientKeysOf(rate: Props | undefined): string[] {
    const type = String(rate?.aggregatekeytype ?? "IP").toUpperCase();
    if (rate !== undefined && type === "FORWARDED_IP") {
        return [`the forwarded address in header ${String(rate.forwardedipconfig?.headername ?? "X-Forwarded-For")} (aggregateKeyType FORWARDED_IP)`];
    }
    if (rate === undefined || type !== "CUSTOM_KEYS") {
        return [];
    }
    const keys: Props[] = Array.isArray(rate.customkeys) ? rate.customkeys : [];
    const chosen = keys.flatMap(k => Object.keys(k ?? {})).filter(k => !STABLE_KEYS.includes(k));
    return chosen.length > 0 ? [`${chosen.join(", ")} (customKeys)`] : [];
}

/** Every `labelMatchStatement` of a (lower-cased) statement at any depth, except under a `notStatement`. */
function matchedLabels(statement: unknown): Array<{ key: string; namespace: boolean }> {
    if (Array.isArray(statement)) {
        return statement.flatMap(matchedLabels);
    }
    if (typeof statement !== "object" || statement === null) {
        return [];
    }
    const own = (statement as Props).labelmatchstatement;
    const label = own && typeof own.key === "string" ? [{ key: own.key.toLowerCase(), namespace: String(own.scope ?? "").toUpperCase() === "NAMESPACE" }] : [];
    return [...label, ...Object.entries(statement).filter(([k]) => k !== "notstatement").flatMap(([, v]) => matchedLabels(v))];
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
    // Inline, the group sits in the statement; on a rule group association, beside the rule.
    const group = rule.statement?.managedrulegroupstatement ?? rule.statement?.rulegroupreferencestatement
        ?? rule.managedrulegroup ?? rule.rulegroupreference;
    const overrides: unknown[] = Array.isArray(group?.ruleactionoverrides) ? group.ruleactionoverrides : [];
    // ExcludedRules (still accepted in the WAF API's JSON) sets each named rule to count.
    const excluded: unknown[] = Array.isArray(group?.excludedrules) ? group.excludedrules : [];
    const managed = rule.statement?.managedrulegroupstatement ?? rule.managedrulegroup;
    const ruleLabels: unknown[] = Array.isArray(rule.rulelabels) ? rule.rulelabels : [];
    return {
        name: String(rule.name ?? rule.rulename ?? "(unnamed)"),
        mode,
        ...(action !== undefined ? { action } : {}),
        ruleLabels: ruleLabels.map((l: any) => String(l?.name ?? "").toLowerCase()).filter(l => l !== ""),
        ...(rate ? { rateLimit: Number(rate.limit) } : {}),
        metrics: rule.visibilityconfig?.cloudwatchmetricsenabled !== false,
        group: group !== undefined,
        ...(typeof managed?.name === "string" ? { managedGroup: `${String(managed.vendorname ?? "")}/${managed.name}` } : {}),
        labels: matchedLabels(rule.statement),
        ...(Number.isFinite(Number(rule.priority)) && rule.priority !== undefined ? { priority: Number(rule.priority) } : {}),
        ...(rule.statement !== undefined ? { statement: rule.statement } : {}),
        ...((rate ?? group)?.scopedownstatement !== undefined ? { scopeDown: (rate ?? group).scopedownstatement } : {}),
        clientKeys: clientKeysOf(rate),
        disarmed: [
            ...overrides.filter((o: any) => ["count", "allow"].includes(actionOf(o?.actiontouse) ?? "")).map((o: any) => String(o.name)),
            ...excluded.map((e: any) => String(e?.name)),
        ],
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
 * default action is block (an allow-list), so it blocks without any blocking rule. A rule group
 * in count mode, or a rule of it overridden to count or allow, is disarmed: SQL injection the
 * group exists to stop goes through while the ACL still looks complete, unless a blocking rule
 * evaluated after it matches the label the counted rule adds (AWS's documented way to scope a
 * managed rule: count, then block the label except where it must pass), or, for a whole group,
 * a managed namespace label. `countModeRules` names those deliberately counting while they are
 * tuned (`group` or `group/rule`).
 */
export function ruleProblems(rules: EffectiveRule[], maximumRateLimit: number, defaultBlocks = false, countModeRules: readonly string[] = [], ipSets: IpSetLookup = () => undefined): string[] {
    if (rules.length === 0 && !defaultBlocks) {
        return ["has no rules: it inspects nothing"];
    }
    const problems: string[] = [];
    if (!defaultBlocks && !rules.some(r => r.mode === "enforce")) {
        problems.push(`blocks nothing: every rule counts or allows (${rules.map(r => `${r.name}: ${r.mode}`).join(", ")})`);
    }
    const blockingRate = rules.filter(r => r.rateLimit !== undefined && r.mode === "enforce");
    // A rate rule throttles clients only if it counts ordinary requests per client address.
    const rateRules = blockingRate.filter(r => r.clientKeys.length === 0 && reach(r.scopeDown, ipSets) !== "none");
    if (blockingRate.length === 0) {
        problems.push("has no rate-based rule that blocks: request throttling is off");
    } else if (rateRules.length === 0) {
        for (const r of blockingRate) {
            problems.push(r.clientKeys.length > 0
                ? `rate-based rule ${r.name} aggregates on ${r.clientKeys.join(", ")}, values the client chooses: a client that changes them is never throttled; aggregate on IP (the connection's source address)`
                : `rate-based rule ${r.name} is scoped down (scopeDownStatement) to requests ordinary traffic never makes: it throttles nothing`);
        }
    } else if (!rateRules.some(r => r.rateLimit! <= maximumRateLimit)) {
        problems.push(`rate-based rules allow ${Math.min(...rateRules.map(r => r.rateLimit!))} requests per window, above the maximum of ${maximumRateLimit}`);
    }
    // A terminating allow ends evaluation before the protections after it: it must match neither
    // all ordinary traffic nor a request anyone can forge (outside one exact path).
    for (const allow of rules.filter(r => r.mode === "allow" && r.priority !== undefined)) {
        const skipped = rules.filter(r => r.mode === "enforce" && (r.group || r.rateLimit !== undefined) && r.priority !== undefined && r.priority > allow.priority!);
        if (skipped.length === 0) {
            continue;
        }
        const before = `(priority ${allow.priority}) allows`;
        const after = `before ${skipped.map(r => r.name).join(", ")} evaluate`;
        const forged = forgery(allow.statement, ipSets);
        if (reach(allow.statement, ipSets) === "all") {
            problems.push(`rule ${allow.name} ${before} (nearly) every request ${after}: they never see the traffic; narrow its statement or give it a priority after them`);
        } else if (forged.match === true && !forged.confined) {
            problems.push(`rule ${allow.name} ${before} any request with ${[...new Set(forged.how)].join(" and ")} ${after}: the client chooses those values, so anyone bypasses them; key it on a small set of trusted source addresses (ipSetReferenceStatement without a forwarded-address header) or give it a priority after them`);
        }
    }
    for (const r of rules.filter(rule => !rule.metrics)) {
        problems.push(`rule ${r.name} publishes no CloudWatch metrics`);
    }
    // Labels exist only for rules evaluated after the one that adds them.
    const blockingLabelsAfter = (g: EffectiveRule) => rules
        .filter(r => r.mode === "enforce" && (g.priority === undefined || r.priority === undefined || r.priority > g.priority))
        .flatMap(r => r.labels);
    for (const r of rules.filter(rule => rule.group)) {
        const blockingLabels = blockingLabelsAfter(r);
        const namespaceBlocked = blockingLabels.some(l => l.namespace && l.key.startsWith("awswaf:managed:"));
        if (r.mode !== "enforce" && !countModeRules.includes(r.name) && !namespaceBlocked) {
            problems.push(`rule group ${r.name} is in ${r.mode} mode: it blocks nothing`);
        } else if (r.mode === "enforce" && reach(r.scopeDown, ipSets) === "none") {
            problems.push(`rule group ${r.name} is scoped down (scopeDownStatement) to requests ordinary traffic never makes: it inspects nothing`);
        }
        // A managed rule's label ends with its name (core-rule-set:SizeRestrictions_Body), in any case.
        const rearmed = (name: string) => blockingLabels.some(l => (l.namespace ? false : l.key.endsWith(`:${name.toLowerCase()}`)));
        const disarmed = r.disarmed.filter(name => !countModeRules.includes(`${r.name}/${name}`) && !rearmed(name));
        if (disarmed.length > 0) {
            problems.push(`rule group ${r.name} overrides ${disarmed.join(", ")} to count or allow: those rules block nothing`);
        }
    }
    return problems;
}
