import { stackPolicy } from "../lib/define";
import { knownString } from "../lib/stack";
import { WAF_MANAGED_RULE_GROUPS, WAF_MANAGED_RULE_VENDOR } from "../lib/facts/wafManagedGroups";
import { WAF_ASSOCIATION, WAF_IP_SET, WAF_RULE_GROUP_ASSOCIATION, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { webAcls } from "./acls";
import { ipSetLookup } from "./ipSets";
import { balancerAcls, missingManagedGroups } from "./managedGroups";
import { ruleProblems } from "./rules";

/** The guide-map row the web ACL implements. */
export const GUIDE_WAF = "Performance Optimization › Application Optimization › Implement request throttling";

export const wafRulesEnforced = stackPolicy<{ maximumRateLimit: number; countModeRules: string[]; requiredManagedRuleGroups: string[] }>({
    name: "waf-rules-enforced",
    description: "Every WAF web ACL has rules that block, a blocking rate-based rule within the configured limit that counts ordinary requests per source address (never per forwarded-address header, header, cookie or other value the client chooses), and CloudWatch metrics on each rule; no rule group is in count mode nor has rules overridden to count or allow unless the config names them, nor is scoped down to requests ordinary traffic never makes; no allow rule runs before the rate-based rule or a rule group if it matches (nearly) all ordinary traffic or a request anyone can send (a header, cookie, query, body, method or forwarded-address value, a country, or an IP set spanning rentable address space; one exact URI path excepted), IP sets followed to the stack's sets by ARN, name or dependency; rules declared inline, as ruleJson or as separate rule resources all count; " +
        "every web ACL associated with a load balancer of the stack runs each managed rule group the program deploys (requiredManagedRuleGroups: AWS common rule set, known bad inputs, SQL injection), in prod and dr alike.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_WAF,
        fsbpControl: "WAF.10",
        remediationSteps: "Give the web ACL a rateBasedStatement rule with action block (limit at most maximumRateLimit per 5 minutes), aggregate it on IP (never on FORWARDED_IP or a header, cookie or query the client chooses) without a scopeDownStatement that excludes ordinary traffic, put allow rules for trusted sources after the rate-based rule and rule groups or key them on a small IP set of the trusted source addresses (never on a header, cookie, query, forwarded-address header or country the client controls), keep rule groups at overrideAction none without ruleActionOverrides to count or allow (a group or rule counting while it is tuned goes in countModeRules, with its reason in the pull request), set visibilityConfig.cloudwatchMetricsEnabled on every rule, and keep a managedRuleGroupStatement rule for each of requiredManagedRuleGroups on the load balancer's web ACL (components/security/wafRules.ts adds them; an extra group beside them is fine).",
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
        requiredManagedRuleGroups: {
            type: "array",
            items: { type: "string", pattern: "^[^/]+/[^/]+$" },
            uniqueItems: true,
            default: WAF_MANAGED_RULE_GROUPS.map(g => `${WAF_MANAGED_RULE_VENDOR}/${g}`),
            description: "Managed rule groups (`vendor/name`) every web ACL associated with a load balancer of the stack must run; default the program's (policy/lib/facts/wafManagedGroups.ts): AWS/AWSManagedRulesCommonRuleSet, AWS/AWSManagedRulesKnownBadInputsRuleSet, AWS/AWSManagedRulesSQLiRuleSet.",
        },
    },
    types: [...WAF_WEB_ACL, ...WAF_WEB_ACL_RULE, ...WAF_RULE_GROUP_ASSOCIATION, ...WAF_IP_SET, ...WAF_ASSOCIATION],
    onlyWith: WAF_WEB_ACL[0],
    validate: (resources, report, { config }) => {
        const fronting = balancerAcls(resources);
        for (const { acl, rules, defaultBlocks } of webAcls(resources).acls) {
            if (rules === null) {
                continue; // Rules not known yet (preview): can't judge.
            }
            const name = knownString(acl, "name") ?? acl.name;
            for (const problem of ruleProblems(rules, config.maximumRateLimit, defaultBlocks, config.countModeRules, ipSetLookup(resources, acl))) {
                report(`web ACL ${name} ${problem}.`, acl.urn);
            }
            const missing = fronting.has(acl) ? missingManagedGroups(rules, config.requiredManagedRuleGroups) : [];
            if (missing.length > 0) {
                report(`web ACL ${name} is in front of the stack's load balancer but runs no ${missing.join(", ")} managed rule group: the exploits, bad inputs or SQL injection they block reach the application; ` +
                    "add a rule with a managedRuleGroupStatement for each (vendorName and name) and overrideAction none.", acl.urn);
            }
        }
    },
});
