import { Props, stackPolicy } from "../lib/define";
import { WAF_REDACTED_HEADERS } from "../lib/facts/wafDesign";
import { AUDIT_RETENTION_PROPERTY, destinationProblems, logTargetResolver } from "../lib/logDestination";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { WAF_LOGGING, WAF_RULE_GROUP_ASSOCIATION, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { webAcls } from "./acls";
import { GUIDE_WAF } from "./enforced";
import { anyRecords, blockedRecords, declaredRuleLabels, mayKeep } from "./loggingFilter";
import { lowerKeys } from "./rules";

/**
 * The headers of `required` a logging configuration's (any key case) redactedFields leaves in the
 * log: WAF writes every request header to its log unless a singleHeader names it (header names
 * compared without case, as HTTP does). Undefined while the fields are unknown (preview).
 */
export function unredactedHeaders(redactedFields: unknown, required: readonly string[]): string[] | undefined {
    if (redactedFields === undefined) {
        return undefined;
    }
    const fields: Props[] = Array.isArray(redactedFields) ? lowerKeys(redactedFields) : [];
    const redacted = new Set(fields.map(f => String(f?.singleheader?.name ?? "").toLowerCase()));
    return required.filter(h => !redacted.has(h.toLowerCase()));
}

export const wafLogging = stackPolicy<{ minimumRetentionDays: number; redactedHeaders: string[] }>({
    name: "waf-logging",
    description: "Every WAF web ACL logs its requests to a log group kept at least the audit retention, or to S3 or Firehose, with a logging filter that keeps the records of the requests its rules block (judged by running the filter over those records: their actions and the labels the rules add), and redacting the credential headers (redactedHeaders: authorization and cookie).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_WAF,
        fsbpControl: "WAF.11",
        remediationSteps: "Add an aws.wafv2.WebAclLoggingConfiguration for the web ACL whose logDestinationConfigs names a log group of this stack (aws-waf-logs-…) with retentionInDays at least the audit minimum; a loggingFilter may drop allowed or counted requests, but keeps every blocked one (a KEEP filter with actionCondition BLOCK, and CAPTCHA/CHALLENGE when rules use them, ahead of any DROP filter), and a redactedFields entry { singleHeader: { name } } for each of redactedHeaders (components/security/wafRules.ts redactedFields()).",
    },
    config: {
        minimumRetentionDays: AUDIT_RETENTION_PROPERTY,
        redactedHeaders: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            default: [...WAF_REDACTED_HEADERS],
            description: `Request headers every WAF logging configuration redacts (redactedFields singleHeader), because WAF logs every header otherwise; default the program's (policy/lib/facts/wafDesign.ts): ${WAF_REDACTED_HEADERS.join(", ")}.`,
        },
    },
    types: [...WAF_WEB_ACL, ...WAF_LOGGING, ...WAF_WEB_ACL_RULE, ...WAF_RULE_GROUP_ASSOCIATION],
    onlyWith: WAF_WEB_ACL[0],
    validate: (resources, report, { config }) => {
        const { acls: withRules, aclOf } = webAcls(resources);
        const acls = withRules.map(a => a.acl);
        const destination = logTargetResolver(resources);
        const logged = new Set<object>();
        for (const logging of ofType(resources, WAF_LOGGING)) {
            // Labels the ACL's own rules declare, inline, as ruleJson or as separate rule resources.
            const ownLabels = declaredRuleLabels([
                ...aclOf(logging, "resourceArn").map(acl => [knownDeep(() => acl.props.rules), known(() => acl.props.ruleJson, undefined)]),
                ...ofType(resources, WAF_WEB_ACL_RULE).map(rule => knownDeep(() => rule.props as object)),
            ]);
            const unredacted = unredactedHeaders(knownDeep(() => logging.props.redactedFields ?? []), config.redactedHeaders);
            if (unredacted !== undefined && unredacted.length > 0) {
                report(`logging configuration ${logging.name} does not redact header ${unredacted.join(", ")}: WAF writes every request header to its log, so bearer tokens and session cookies land in the log group for anyone who reads it; add redactedFields { singleHeader: { name: "${unredacted[0]}" } } for each.`, logging.urn);
            }
            const filter = knownDeep(() => logging.props.loggingFilter);
            if (!anyRecords(ownLabels).some(record => mayKeep(filter, record))) {
                report(`logging configuration ${logging.name} drops every record: loggingFilter's defaultBehavior is DROP and no KEEP filter can match a request (its action conditions name no action WAF takes, or its label conditions no label a rule adds); keep at least blocked requests.`, logging.urn);
                continue;
            }
            const logs = new Set(aclOf(logging, "resourceArn"));
            const blocked = withRules.filter(a => logs.has(a.acl) && a.rules !== null).flatMap(a => blockedRecords(a.rules!, a.defaultBlocks));
            const dropped = blocked.filter(record => !mayKeep(filter, record));
            if (dropped.length > 0) {
                report(`logging configuration ${logging.name} drops the records of ${dropped.map(r => `${r.what} (${r.action})`).join(", ")}: loggingFilter drops them (a DROP filter, or the DROP default, applies before any KEEP filter matches them), so attacks the web ACL stops leave no trace; add a KEEP filter with actionCondition ${[...new Set(dropped.map(r => r.action))].join("/")} ahead of the DROP filters.`, logging.urn);
                continue;
            }
            for (const problem of destinationProblems(destination(logging, "logDestinationConfigs"), config.minimumRetentionDays)) {
                report(`WAF logging ${logging.name}: ${problem}.`, logging.urn);
            }
            aclOf(logging, "resourceArn").forEach(acl => logged.add(acl));
        }
        for (const acl of acls.filter(a => !logged.has(a))) {
            report(`web ACL ${knownString(acl, "name") ?? acl.name} has no logging configuration.`, acl.urn);
        }
    },
});
