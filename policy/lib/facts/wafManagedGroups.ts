/**
 * The AWS managed rule groups every web ACL in front of the application's load balancers runs
 * (vendor AWS), in the order the program evaluates them after the per-IP rate limit
 * (components/security/wafRules.ts builds its rules from this list): the common rule set
 * (OWASP-style exploits), known bad inputs (Log4Shell and the like) and SQL injection. The pack
 * requires each of them, with its own actions, on every web ACL associated with a load balancer
 * of the stack, in prod and in dr alike.
 */
export const WAF_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
] as const;

/** The vendor of the managed rule groups above. */
export const WAF_MANAGED_RULE_VENDOR = "AWS";
