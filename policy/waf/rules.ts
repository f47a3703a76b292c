/**
 * A web ACL's rules as AWS WAF applies them, whichever way they were declared: inline `rules`
 * (SDK shape), `ruleJson` (the WAF API's JSON, PascalCase keys), standalone `aws.wafv2.WebAclRule`
 * resources, and `aws.wafv2.WebAclRuleGroupAssociation` resources.
 */
import { Props } from "../lib/define";
import { WAF_RATE_WINDOW_SEC, WAF_RATE_WINDOWS_SEC } from "../lib/facts/wafDesign";
import { WAF_BODY_SIZE_GROUP, WAF_BODY_SIZE_RULE, WAF_MANAGED_GROUP_LABELS } from "../lib/facts/wafManagedGroups";
import { forgery } from "./attacker";
import { always, labelMatches, RequestContext, testedFields, unknownManagedLabel } from "./evaluation";
import { IpSetLookup, ORDINARY_TRAFFIC, reach, statementMatches } from "./traffic";

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
    /** A rate-based rule's evaluation window in seconds (`evaluationWindowSec`, default 300). */
    rateWindow?: number;
    /** A rate-based rule's aggregation (`aggregateKeyType`, upper case: IP, FORWARDED_IP, CONSTANT, CUSTOM_KEYS). */
    aggregation?: string;
    /** A CUSTOM_KEYS rate-based rule counts per source address (an `ip` key among its keys). */
    perIp?: boolean;
    /** Whether the rule publishes CloudWatch metrics (visibilityConfig.cloudwatchMetricsEnabled). */
    metrics: boolean;
    /** A rule group (managed or the account's own) rather than a rule of the ACL's. */
    group: boolean;
    /** The managed rule group the rule runs, as `vendor/name` (`AWS/AWSManagedRulesSQLiRuleSet`); undefined for any other rule. */
    managedGroup?: string;
    /** Rules of the group whose action is overridden to count or allow (`ruleActionOverrides`, or the API's older `ExcludedRules`, which count): disarmed. */
    disarmed: string[];
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
        ...(rate ? {
            rateLimit: Number(rate.limit),
            rateWindow: rate.evaluationwindowsec === undefined ? WAF_RATE_WINDOW_SEC : Number(rate.evaluationwindowsec),
            aggregation: String(rate.aggregatekeytype ?? "IP").toUpperCase(),
            perIp: (Array.isArray(rate.customkeys) ? rate.customkeys : []).some((k: Props) => k?.ip !== undefined),
        } : {}),
        metrics: rule.visibilityconfig?.cloudwatchmetricsenabled !== false,
        group: group !== undefined,
        ...(typeof managed?.name === "string" ? { managedGroup: `${String(managed.vendorname ?? "")}/${managed.name}` } : {}),
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

/** What the design declares of a web ACL, and what is known of the stack around it. */
export interface AclDesign {
    /** Most requests per client address per five minutes the site-wide rate rule may allow. */
    maximumRateLimit: number;
    /** The ACL's default action is block (an allow-list), so it blocks without any blocking rule. @default false */
    defaultBlocks?: boolean;
    /** Rule groups (`group`) or rules of a group (`group/rule`) deliberately counting while they are tuned. @default [] */
    countModeRules?: readonly string[];
    /** The addresses of the stack's IP sets. @default none known */
    ipSets?: IpSetLookup;
    /** The ACL is in front of the application's load balancer: ordinary users must get through. @default false */
    servesApplication?: boolean;
    /** Managed rule groups (`vendor/name`) the design runs on every request: no scope-down may narrow them. @default [] */
    requiredGroups?: readonly string[];
    /** URI path prefixes where the common rule set's body-size rule may only count. @default [] */
    largeBodyPaths?: readonly string[];
}

/** The most requests one counter lets through in any five minutes: a shorter window refills 300/window times, a longer one still allows its whole limit at once. */
export function perFiveMinutes(rule: EffectiveRule): number {
    return rule.rateLimit! * Math.max(1, WAF_RATE_WINDOW_SEC / (rule.rateWindow ?? WAF_RATE_WINDOW_SEC));
}

const later = (rules: readonly EffectiveRule[], g: EffectiveRule) =>
    rules.filter(r => r.mode === "enforce" && (g.priority === undefined || r.priority === undefined || r.priority > g.priority));

/**
 * The request context of a rule's scope-down: labels exist only if a rule evaluated before it
 * (a rule group, or a rule with ruleLabels) may have added them; otherwise a label match never holds.
 */
function scopeContext(rules: readonly EffectiveRule[], r: EffectiveRule): RequestContext {
    const labelling = rules.some(x => x !== r && (x.group || x.ruleLabels.length > 0) && (r.priority === undefined || x.priority === undefined || x.priority < r.priority));
    return { label: () => (labelling ? undefined : false) };
}

/**
 * Why a blocking rate-based rule is not the site-wide per-client limit: it counts all clients on
 * one counter (CONSTANT), per a value the client chooses, only the requests a scope-down the
 * client steps out of selects, or over a window WAF does not accept. Empty: it is one.
 */
function rateDefects(r: EffectiveRule, rules: readonly EffectiveRule[], ipSets: IpSetLookup): string[] {
    const defects: string[] = [];
    if (!(WAF_RATE_WINDOWS_SEC as readonly number[]).includes(r.rateWindow!)) {
        defects.push(`rate-based rule ${r.name} has evaluationWindowSec ${r.rateWindow}: WAF accepts ${WAF_RATE_WINDOWS_SEC.join(", ")} seconds only`);
    }
    if (r.aggregation === "CONSTANT" || (r.aggregation === "CUSTOM_KEYS" && !r.perIp && r.clientKeys.length === 0)) {
        defects.push(`rate-based rule ${r.name} counts all clients together (aggregateKeyType ${r.aggregation}${r.aggregation === "CUSTOM_KEYS" ? " without an ip key" : ""}): it throttles no client, and once the sum passes its limit it blocks every client; aggregate on IP`);
    } else if (r.clientKeys.length > 0) {
        defects.push(`rate-based rule ${r.name} aggregates on ${r.clientKeys.join(", ")}, values the client chooses: a client that changes them is never throttled; aggregate on IP (the connection's source address)`);
    }
    if (r.scopeDown !== undefined && reach(r.scopeDown, ipSets) === "none") {
        defects.push(`rate-based rule ${r.name} is scoped down (scopeDownStatement) to requests ordinary traffic never makes: it throttles nothing`);
    } else if (r.scopeDown !== undefined && !always(r.scopeDown, scopeContext(rules, r))) {
        defects.push(`rate-based rule ${r.name} is scoped down (scopeDownStatement on ${testedFields(r.scopeDown).join(", ") || "the URI path"}): requests it does not select (another Host, path, header or label) are never counted; the site-wide limit counts every request (add a narrower rate rule beside it instead)`);
    }
    return defects;
}

/** The rate rules: one blocking site-wide per-client rule within the maximum, and no rule that blocks everyone at once. */
function rateProblems(rules: readonly EffectiveRule[], maximumRateLimit: number, ipSets: IpSetLookup): string[] {
    const blockingRate = rules.filter(r => r.rateLimit !== undefined && r.mode === "enforce");
    if (blockingRate.length === 0) {
        return ["has no rate-based rule that blocks: request throttling is off"];
    }
    const problems: string[] = [];
    const defects = new Map(blockingRate.map(r => [r, rateDefects(r, rules, ipSets)]));
    const siteWide = blockingRate.filter(r => defects.get(r)!.length === 0);
    if (siteWide.length === 0) {
        problems.push(...[...defects.values()].flat());
    } else if (!siteWide.some(r => perFiveMinutes(r) <= maximumRateLimit)) {
        const loosest = siteWide.map(r => `${r.name}: ${r.rateLimit} per ${r.rateWindow} s, ${perFiveMinutes(r)} per 5 minutes`);
        problems.push(`rate-based rules allow more requests per client than the maximum of ${maximumRateLimit} per 5 minutes (${loosest.join("; ")})`);
    }
    // A shared counter blocks every client at once, beside the per-client limit too.
    for (const r of blockingRate.filter(x => x.aggregation === "CONSTANT" && siteWide.length > 0)) {
        problems.push(`rate-based rule ${r.name} counts all clients together (aggregateKeyType CONSTANT): once the sum passes its limit it blocks every client's requests (one client's flood locks everyone out)`);
    }
    return problems;
}

/**
 * Labels a later rule must match to re-arm a rule group's counted rule `rule` (or the whole
 * group): the exact label it adds, or for a group the namespace its labels share. Groups whose
 * labels this pack does not list are matched by name, in any case, as before.
 */
function rearmContext(group: EffectiveRule, rule: string | undefined, largeBodyPaths: readonly string[]): RequestContext {
    const known = group.managedGroup === undefined ? undefined : WAF_MANAGED_GROUP_LABELS[group.managedGroup];
    const exact = rule !== undefined ? known?.labels?.[rule] : undefined;
    const bodySize = group.managedGroup === WAF_BODY_SIZE_GROUP && rule === WAF_BODY_SIZE_RULE;
    const label = (key: string, namespace: boolean): boolean | undefined => {
        if (rule === undefined) {
            // The whole group counts: a block on its namespace, or a namespace within it (AWS's Bot Control
            // pattern: block bot:category:), re-arms it; any managed namespace for groups not listed.
            const inGroup = known ? known.namespace.startsWith(key) || key.startsWith(known.namespace) : key.startsWith("awswaf:managed:");
            return namespace && inGroup ? true : undefined;
        }
        if (exact !== undefined) {
            return (namespace ? exact.startsWith(key) : exact === key) ? true : undefined;
        }
        return !namespace && known?.labels === undefined && key.toLowerCase().endsWith(`:${rule.toLowerCase()}`) ? true : undefined;
    };
    // The design's one exemption: the body-size rule may pass on the configured large-body paths.
    return { label, outside: bodySize ? largeBodyPaths : [] };
}

/**
 * Ordinary requests the ACL certainly refuses with its default action: a block default lets in
 * only what an allow rule matches, so an application's ACL must allow every ordinary request.
 */
function refusedByDefault(rules: readonly EffectiveRule[], ipSets: IpSetLookup): string[] {
    const allows = [...rules].filter(r => r.mode === "allow").sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    return ORDINARY_TRAFFIC
        .filter(request => allows.every(r => statementMatches(r.statement, request, ipSets) === false))
        .map(request => `${request.method} ${request.uri}`);
}

/**
 * What is wrong with a web ACL's effective rules, one message each, judged by what they do to
 * requests. A rule group in count mode, or a rule of it overridden to count or allow, is
 * disarmed unless a blocking rule evaluated after it matches the exact label the counted rule
 * adds (AWS's documented way to scope a managed rule), on every request but the design's
 * exemption (the large-body paths, for the body-size rule). The site-wide rate rule counts
 * every request per client address within the maximum per five minutes; the design's managed
 * groups inspect every request; a label match names a label its group really adds.
 */
export function ruleProblems(rules: EffectiveRule[], design: AclDesign): string[] {
    const { maximumRateLimit, defaultBlocks = false, countModeRules = [], ipSets = () => undefined, servesApplication = false, requiredGroups = [], largeBodyPaths = [] } = design;
    if (rules.length === 0 && !defaultBlocks) {
        return ["has no rules: it inspects nothing"];
    }
    const problems: string[] = [];
    if (!defaultBlocks && !rules.some(r => r.mode === "enforce")) {
        problems.push(`blocks nothing: every rule counts or allows (${rules.map(r => `${r.name}: ${r.mode}`).join(", ")})`);
    }
    if (defaultBlocks && servesApplication) {
        const refused = refusedByDefault(rules, ipSets);
        if (refused.length > 0) {
            problems.push(`refuses ordinary requests with its default action block (${refused.slice(0, 4).join(", ")}${refused.length > 4 ? ", …" : ""}: no allow rule matches them, so users get 403); ` +
                "an application's web ACL blocks with its rules and allows by default (defaultAction allow)");
        }
    }
    problems.push(...rateProblems(rules, maximumRateLimit, ipSets));
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
    for (const r of rules) {
        const unknown = [...new Set(labelMatches(r.statement).map(l => unknownManagedLabel(l.key, l.namespace)).filter(m => m !== undefined))];
        if (unknown.length > 0) {
            problems.push(`rule ${r.name} matches a label no request carries: ${unknown.join("; ")}`);
        }
    }
    const required = new Set(requiredGroups.map(g => g.toLowerCase()));
    for (const r of rules.filter(rule => rule.group)) {
        const after = later(rules, r);
        const rearmed = (rule: string | undefined) => after.some(b => always(b.statement, rearmContext(r, rule, largeBodyPaths)));
        if (r.mode !== "enforce" && !countModeRules.includes(r.name) && !rearmed(undefined)) {
            problems.push(`rule group ${r.name} is in ${r.mode} mode: it blocks nothing`);
        } else if (r.mode === "enforce" && reach(r.scopeDown, ipSets) === "none") {
            problems.push(`rule group ${r.name} is scoped down (scopeDownStatement) to requests ordinary traffic never makes: it inspects nothing`);
        } else if (r.scopeDown !== undefined && r.managedGroup !== undefined && required.has(r.managedGroup.toLowerCase()) && !always(r.scopeDown, scopeContext(rules, r))) {
            problems.push(`rule group ${r.name} is scoped down (scopeDownStatement on ${testedFields(r.scopeDown).join(", ") || "the URI path"}): requests it does not select are never inspected, and the client decides which those are; the design's managed groups inspect every request`);
        }
        const disarmed = r.disarmed.filter(name => !countModeRules.includes(`${r.name}/${name}`) && !rearmed(name));
        if (disarmed.length > 0) {
            const bodySize = r.managedGroup === WAF_BODY_SIZE_GROUP && disarmed.includes(WAF_BODY_SIZE_RULE) && largeBodyPaths.length > 0
                ? ` (a blocking rule after the group must match the label ${WAF_MANAGED_GROUP_LABELS[WAF_BODY_SIZE_GROUP].labels![WAF_BODY_SIZE_RULE]} on every path but the large-body paths ${largeBodyPaths.join(", ")})`
                : "";
            problems.push(`rule group ${r.name} overrides ${disarmed.join(", ")} to count or allow: those rules block nothing${bodySize}`);
        }
    }
    return problems;
}
