import { stackPolicy } from "../lib/define";
import { AUDIT_RETENTION_PROPERTY, destinationProblems, logTargetResolver } from "../lib/logDestination";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { WAF_LOGGING, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { GUIDE_WAF } from "./enforced";
import { declaredRuleLabels, dropsEverything } from "./loggingFilter";

export const wafLogging = stackPolicy<{ minimumRetentionDays: number }>({
    name: "waf-logging",
    description: "Every WAF web ACL logs its requests (a logging configuration that keeps records) to a log group kept at least the audit retention, or to S3 or Firehose.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_WAF,
        fsbpControl: "WAF.11",
        remediationSteps: "Add an aws.wafv2.WebAclLoggingConfiguration for the web ACL whose logDestinationConfigs names a log group of this stack (aws-waf-logs-…) with retentionInDays at least the audit minimum; don't set a loggingFilter that drops every record.",
    },
    config: { minimumRetentionDays: AUDIT_RETENTION_PROPERTY },
    types: [...WAF_WEB_ACL, ...WAF_LOGGING],
    onlyWith: WAF_WEB_ACL[0],
    validate: (resources, report, { config }) => {
        const acls = ofType(resources, WAF_WEB_ACL);
        const aclOf = linker(acls, ["arn", "id"]);
        const destination = logTargetResolver(resources);
        const logged = new Set<object>();
        for (const logging of ofType(resources, WAF_LOGGING)) {
            // Labels the ACL's own rules declare, inline, as ruleJson or as separate rule resources.
            const ownLabels = declaredRuleLabels([
                ...aclOf(logging, "resourceArn").map(acl => [knownDeep(() => acl.props.rules), known(() => acl.props.ruleJson, undefined)]),
                ...ofType(resources, WAF_WEB_ACL_RULE).map(rule => knownDeep(() => rule.props as object)),
            ]);
            if (dropsEverything(knownDeep(() => logging.props.loggingFilter), ownLabels)) {
                report(`logging configuration ${logging.name} drops every record: loggingFilter's defaultBehavior is DROP and no KEEP filter can match a request (its action conditions name no action WAF takes, or its label conditions no label a rule adds); keep at least blocked requests.`, logging.urn);
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
