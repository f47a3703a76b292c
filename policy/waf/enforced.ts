import { stackPolicy } from "../lib/define";
import { knownString } from "../lib/stack";
import { DEFAULT_WAF_LARGE_BODY_PATHS, DEFAULT_WAF_RATE_LIMIT } from "../lib/facts/wafDesign";
import { WAF_BODY_SIZE_LABEL, WAF_MANAGED_RULE_GROUPS, WAF_MANAGED_RULE_VENDOR } from "../lib/facts/wafManagedGroups";
import { WAF_ASSOCIATION, WAF_IP_SET, WAF_RULE_GROUP_ASSOCIATION, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { webAcls } from "./acls";
import { ipSetLookup } from "./ipSets";
import { balancerAcls, missingManagedGroups } from "./managedGroups";
import { ruleProblems } from "./rules";

/** The guide-map row the web ACL implements. */
export const GUIDE_WAF = "Performance Optimization › Application Optimization › Implement request throttling";

export const wafRulesEnforced = stackPolicy<{ maximumRateLimit: number; countModeRules: string[]; requiredManagedRuleGroups: string[]; largeBodyPaths: string[] }>({
    name: "waf-rules-enforced",
    description: "Every WAF web ACL has rules that block, a site-wide blocking rate-based rule that counts every request per source address (never all clients together, nor per forwarded-address header, header, cookie or other value the client chooses, nor only the requests a scope-down selects) within maximumRateLimit per 5 minutes (its limit normalised from its evaluation window), and CloudWatch metrics on each rule; no rule group is in count mode nor has rules overridden to count or allow unless the config names them or a later blocking rule matches the exact, case-sensitive label the counted rule adds on every request but the large-body paths (for the body-size rule), nor is scoped down to requests ordinary traffic never makes, and the program's managed groups are not scoped down at all; a label match names a label its managed group really adds; a web ACL in front of the load balancer allows ordinary requests by default; no allow rule runs before the rate-based rule or a rule group if it matches (nearly) all ordinary traffic or a request anyone can send (a header, cookie, query, body, method or forwarded-address value, a country, or an IP set spanning rentable address space; one exact URI path excepted), IP sets followed to the stack's sets by ARN, name or dependency; rules declared inline, as ruleJson or as separate rule resources all count; " +
        "every web ACL associated with a load balancer of the stack runs each managed rule group the program deploys (requiredManagedRuleGroups: AWS common rule set, known bad inputs, SQL injection), in prod and dr alike.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_WAF,
        fsbpControl: "WAF.10",
        remediationSteps: "Give the web ACL a rateBasedStatement rule with action block (limit at most maximumRateLimit per 5 minutes: a 60 s window counts five times per 5 minutes), aggregate it on IP (never CONSTANT, FORWARDED_IP or a header, cookie or query the client chooses) without a scopeDownStatement (add narrower rate rules beside it), keep defaultAction allow on the load balancer's web ACL, re-block a counted managed rule with a later rule matching its exact label (" + "`" + WAF_BODY_SIZE_LABEL + "`" + " for the body-size rule, exempting only largeBodyPaths), put allow rules for trusted sources after the rate-based rule and rule groups or key them on a small IP set of the trusted source addresses (never on a header, cookie, query, forwarded-address header or country the client controls), keep rule groups at overrideAction none without ruleActionOverrides to count or allow (a group or rule counting while it is tuned goes in countModeRules, with its reason in the pull request), set visibilityConfig.cloudwatchMetricsEnabled on every rule, and keep a managedRuleGroupStatement rule for each of requiredManagedRuleGroups on the load balancer's web ACL (components/security/wafRules.ts adds them; an extra group beside them is fine).",
    },
    config: {
        maximumRateLimit: {
            type: "integer",
            minimum: 10,
            default: DEFAULT_WAF_RATE_LIMIT,
            description: `Most requests per client IP per 5 minutes the site-wide rate-based rule may allow (a limit over a 60 s window counts five times): the stack's expertconnect:security.wafRateLimit (default ${DEFAULT_WAF_RATE_LIMIT}), which the engine checks this value against (policy/stack-config.json).`,
        },
        largeBodyPaths: {
            type: "array",
            items: { type: "string", pattern: "^/" },
            uniqueItems: true,
            default: [...DEFAULT_WAF_LARGE_BODY_PATHS],
            description: `URI path prefixes where the common rule set's body-size rule may only count: the stack's expertconnect:security.wafLargeBodyPaths (default ${DEFAULT_WAF_LARGE_BODY_PATHS.join(", ")}), checked by the engine against it (policy/stack-config.json). A rule re-blocking the body-size label may exempt these prefixes (or narrower ones), nothing else.`,
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
            const design = {
                maximumRateLimit: config.maximumRateLimit, defaultBlocks, countModeRules: config.countModeRules, ipSets: ipSetLookup(resources, acl),
                servesApplication: fronting.has(acl), requiredGroups: config.requiredManagedRuleGroups, largeBodyPaths: config.largeBodyPaths,
            };
            for (const problem of ruleProblems(rules, design)) {
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
