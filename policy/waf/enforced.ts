import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { WAF_IP_SET, WAF_RULE_GROUP_ASSOCIATION, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { EffectiveRule, effectiveRule, inlineRules, lowerKeys, ruleProblems } from "./rules";
import { IpSetLookup } from "./traffic";

/** The addresses of the stack's IP sets, by ARN and id (unknown addresses: undefined). */
export function ipSetLookup(resources: PolicyResource[]): IpSetLookup {
    const sets = new Map<string, string[] | undefined>();
    for (const set of ofType(resources, WAF_IP_SET)) {
        const addresses = knownDeep(() => set.props.addresses as string[] | undefined);
        for (const key of [knownString(set, "arn"), knownString(set, "id")]) {
            if (key !== undefined) {
                sets.set(key, Array.isArray(addresses) ? addresses : undefined);
            }
        }
    }
    return reference => sets.get(reference);
}

/** The guide-map row the web ACL implements. */
export const GUIDE_WAF = "Performance Optimization › Application Optimization › Implement request throttling";

export const wafRulesEnforced = stackPolicy<{ maximumRateLimit: number; countModeRules: string[] }>({
    name: "waf-rules-enforced",
    description: "Every WAF web ACL has rules that block, a blocking rate-based rule within the configured limit that counts ordinary requests per client address, and CloudWatch metrics on each rule; no rule group is in count mode nor has rules overridden to count or allow unless the config names them, nor is scoped down to requests ordinary traffic never makes; no allow rule matching (nearly) all ordinary traffic runs before the rate-based rule or a rule group; rules declared inline, as ruleJson or as separate rule resources all count.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_WAF,
        fsbpControl: "WAF.10",
        remediationSteps: "Give the web ACL a rateBasedStatement rule with action block (limit at most maximumRateLimit per 5 minutes), aggregate it on IP or FORWARDED_IP (never on a header, cookie or query the client chooses) without a scopeDownStatement that excludes ordinary traffic, put allow rules for trusted sources after the rate-based rule and rule groups or narrow them to the trusted addresses, keep rule groups at overrideAction none without ruleActionOverrides to count or allow (a group or rule counting while it is tuned goes in countModeRules, with its reason in the pull request), and set visibilityConfig.cloudwatchMetricsEnabled on every rule.",
    },
    config: {
        maximumRateLimit: {
            type: "integer",
            minimum: 10,
            default: 10000,
            description: "Most requests per IP per evaluation window a blocking rate-based rule may allow.",
        },
        countModeRules: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            default: [],
            description: "Rule groups (by rule name) or rules of a group (`group/rule`) deliberately counting instead of blocking while they are tuned.",
        },
    },
    types: [...WAF_WEB_ACL, ...WAF_WEB_ACL_RULE, ...WAF_RULE_GROUP_ASSOCIATION, ...WAF_IP_SET],
    onlyWith: WAF_WEB_ACL[0],
    validate: (resources, report, { config }) => {
        const acls = ofType(resources, WAF_WEB_ACL);
        const aclOf = linker(acls, ["arn", "id"]);
        const attached = new Map<object, EffectiveRule[]>();
        const ipSets = ipSetLookup(resources);
        for (const rule of ofType(resources, [...WAF_WEB_ACL_RULE, ...WAF_RULE_GROUP_ASSOCIATION])) {
            const props = knownDeep(() => rule.props as object);
            if (props === undefined) {
                continue;
            }
            for (const acl of aclOf(rule, "webAclArn")) {
                attached.set(acl, [...(attached.get(acl) ?? []), effectiveRule(lowerKeys(props))]);
            }
        }
        for (const acl of acls) {
            const rules = knownDeep(() => acl.props.rules, null);
            const ruleJson = known(() => acl.props.ruleJson, null);
            if (rules === null || ruleJson === null) {
                continue; // Rules not known yet (preview): can't judge.
            }
            const inline = inlineRules({ rules, ruleJson });
            const name = knownString(acl, "name") ?? acl.name;
            const defaultBlocks = knownDeep(() => lowerKeys(acl.props.defaultAction))?.block !== undefined;
            for (const problem of ruleProblems([...inline, ...(attached.get(acl) ?? [])], config.maximumRateLimit, defaultBlocks, config.countModeRules, ipSets)) {
                report(`web ACL ${name} ${problem}.`, acl.urn);
            }
        }
    },
});
