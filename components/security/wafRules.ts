import type * as aws from "@pulumi/aws";

import { WAF_RATE_WINDOW_SEC, WAF_REDACTED_HEADERS } from "../../policy/lib/facts/wafDesign";
import { WAF_BODY_SIZE_LABEL, WAF_BODY_SIZE_RULE, WAF_MANAGED_RULE_GROUPS, WAF_MANAGED_RULE_VENDOR } from "../../policy/lib/facts/wafManagedGroups";

type Rule = aws.types.input.wafv2.WebAclRule;
type Statement = aws.types.input.wafv2.WebAclRuleStatement;

/**
 * The common rule set's body-size rule: it blocks any body over 8 KB, which is every file upload
 * and many JSON API calls. On the paths that legitimately carry large bodies it only counts
 * (and labels); a rule of ours blocks its label everywhere else (AWS's documented pattern for
 * scoping a managed rule).
 */
export const BODY_SIZE_RULE = WAF_BODY_SIZE_RULE;
export const BODY_SIZE_LABEL = WAF_BODY_SIZE_LABEL;

/** AWS managed rule groups, in evaluation order after the rate limit (the pack requires each of them). */
const MANAGED_RULE_GROUPS = WAF_MANAGED_RULE_GROUPS;

/** Request headers never written to WAF logs: credentials and session cookies (the pack requires them). */
const REDACTED_HEADERS = WAF_REDACTED_HEADERS;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/** A request whose URI path starts with one of `prefixes`. */
function pathStartsWith(prefixes: string[]): Statement {
    const matches = prefixes.map((prefix): Statement => ({
        byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString: prefix,
            textTransformations: [{ priority: 0, type: "NONE" }],
        },
    }));
    return matches.length === 1 ? matches[0] : { orStatement: { statements: matches } };
}

/** Throws naming the config key when a large-body path is not a plain absolute path prefix. */
export function validateLargeBodyPaths(paths: string[]): void {
    for (const p of paths) {
        if (!/^\/[A-Za-z0-9._~\/-]*$/.test(p)) {
            throw new Error(`expertconnect:security.wafLargeBodyPaths: ${JSON.stringify(p)}; allowed: a path prefix starting with /, letters, digits, . _ ~ - /`);
        }
    }
}

/**
 * The web ACL's rules: first a rate limit per client IP over five minutes (the guide's
 * request throttling; cheapest rule, so a flood is dropped before the managed groups run),
 * then AWS's common, known-bad-inputs and SQL-injection groups with their own actions, the
 * common group's body-size rule scoped out of `largeBodyPaths` (none: it blocks everywhere).
 */
export function webAclRules(metricPrefix: string, ratePerFiveMinutes: number, largeBodyPaths: string[] = []): Rule[] {
    validateLargeBodyPaths(largeBodyPaths);
    const scoped = largeBodyPaths.length > 0;
    return [
        {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: ratePerFiveMinutes, aggregateKeyType: "IP", evaluationWindowSec: WAF_RATE_WINDOW_SEC } },
            visibilityConfig: visibility(`${metricPrefix}-rate-limit`),
        },
        ...MANAGED_RULE_GROUPS.map((group, i): Rule => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: WAF_MANAGED_RULE_VENDOR,
                    name: group,
                    ...(scoped && group === "AWSManagedRulesCommonRuleSet"
                        ? { ruleActionOverrides: [{ name: BODY_SIZE_RULE, actionToUse: { count: {} } }] }
                        : {}),
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-${group}`),
        })),
        ...(scoped
            ? [{
                name: "body-size-outside-large-body-paths",
                priority: MANAGED_RULE_GROUPS.length + 1,
                action: { block: {} },
                statement: {
                    andStatement: {
                        statements: [
                            { labelMatchStatement: { scope: "LABEL", key: BODY_SIZE_LABEL } },
                            { notStatement: { statement: pathStartsWith(largeBodyPaths) } },
                        ],
                    },
                },
                visibilityConfig: visibility(`${metricPrefix}-body-size`),
            } satisfies Rule]
            : []),
    ];
}

/** WAF logs' redaction list in the shape the logging configuration takes. */
export function redactedFields(): aws.types.input.wafv2.WebAclLoggingConfigurationRedactedField[] {
    return REDACTED_HEADERS.map((name) => ({ singleHeader: { name } }));
}
