import type * as aws from "@pulumi/aws";

type Rule = aws.types.input.wafv2.WebAclRule;

/** AWS managed rule groups, in evaluation order after the rate limit. */
const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
] as const;

/** Request headers never written to WAF logs: credentials and session cookies. */
const REDACTED_HEADERS = ["authorization", "cookie"] as const;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * The web ACL's rules: first a rate limit per client IP over five minutes (the guide's
 * request throttling; cheapest rule, so a flood is dropped before the managed groups run),
 * then AWS's common, known-bad-inputs and SQL-injection groups with their own actions.
 */
export function webAclRules(metricPrefix: string, ratePerFiveMinutes: number): Rule[] {
    return [
        {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: ratePerFiveMinutes, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: visibility(`${metricPrefix}-rate-limit`),
        },
        ...MANAGED_RULE_GROUPS.map((group, i): Rule => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(`${metricPrefix}-${group}`),
        })),
    ];
}

/** WAF logs' redaction list in the shape the logging configuration takes. */
export function redactedFields(): aws.types.input.wafv2.WebAclLoggingConfigurationRedactedField[] {
    return REDACTED_HEADERS.map((name) => ({ singleHeader: { name } }));
}
