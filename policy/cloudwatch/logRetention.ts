import { resourcePolicy } from "../lib/define";
import { LOG_GROUP } from "../lib/tokens";
import { patternListProperty } from "../lib/config";

export const cloudwatchLogRetention = resourcePolicy<{ minimumRetentionDays: number; auditMinimumRetentionDays: number; auditLogGroupPatterns: string[] }>({
    name: "cloudwatch-log-retention",
    description: "CloudWatch log groups set a retention of at least the configured days (longer for audit logs).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: "CloudWatch.16",
        remediationSteps: "Set retentionInDays to a CloudWatch-supported value of at least the minimum (30 for application logs, 365 for audit logs).",
    },
    config: {
        // CloudWatch Logs keeps events 1 to 3653 days; 0 (never expire) is not a floor.
        minimumRetentionDays: { type: "integer", minimum: 1, maximum: 3653, default: 30, description: "Fewest days any log group keeps events." },
        auditMinimumRetentionDays: { type: "integer", minimum: 1, maximum: 3653, default: 365, description: "Fewest days audit log groups keep events." },
        auditLogGroupPatterns: patternListProperty(["cloudtrail", "audit"],
            "Regular expressions (case-insensitive); log groups whose name matches one hold audit data."),
    },
    types: LOG_GROUP,
    validate: (props, report, { config }) => {
        const name = typeof props.name === "string" ? props.name : "";
        const audit = config.auditLogGroupPatterns.some(p => new RegExp(p, "i").test(name));
        const minimum = audit ? config.auditMinimumRetentionDays : config.minimumRetentionDays;
        const days = props.retentionInDays;
        // 0 or unset means "never expire": not a loss of data but unbounded cost, and no decision was made.
        if (typeof days !== "number" || days === 0) {
            report(`retentionInDays is not set (events never expire); set at least ${minimum}.`);
        } else if (days < minimum) {
            report(`retentionInDays is ${days}; the minimum for ${audit ? "audit" : "application"} logs is ${minimum}.`);
        }
    },
});
