import { resourcePolicy } from "../lib/define";
import { LOG_GROUP } from "../lib/tokens";
import { patternListProperty } from "../lib/config";
import { AUDIT_LOG_GROUP_PATTERNS, LOG_RETENTION_DAYS } from "../lib/facts/retention";

/** CloudWatch Logs keeps events 1 to 3653 days; 0 or no value means "never expire". */
const CLOUDWATCH_MAX_RETENTION_DAYS = 3653;

interface LogRetentionConfig {
    minimumRetentionDays: number;
    maximumRetentionDays: number;
    auditMinimumRetentionDays: number;
    auditMaximumRetentionDays: number;
    auditLogGroupPatterns: string[];
}

/** A retention property; a limit from the facts may only be lowered by config (`most` is the fact). */
const days = (description: string, dflt: number, most = CLOUDWATCH_MAX_RETENTION_DAYS) => ({ type: "integer" as const, minimum: 1, maximum: most, default: dflt, description });

export const cloudwatchLogRetention = resourcePolicy<LogRetentionConfig>({
    name: "cloudwatch-log-retention",
    description: "CloudWatch log groups keep events at least the configured days and at most the configured limit (longer bounds for audit logs): never \"never expire\".",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: "CloudWatch.16",
        remediationSteps: `Set retentionInDays to a CloudWatch-supported value between the bounds (application logs ${LOG_RETENTION_DAYS.application.floor}–${LOG_RETENTION_DAYS.application.limit}, ` +
            `audit logs ${LOG_RETENTION_DAYS.audit.floor}–${LOG_RETENTION_DAYS.audit.limit}; policy/lib/facts/retention.ts); keep what must outlive them in a purpose-built store, not the log group.`,
    },
    config: {
        minimumRetentionDays: days("Fewest days any log group keeps events.", LOG_RETENTION_DAYS.application.floor),
        maximumRetentionDays: days("Most days an application log group keeps events (storage limitation: the logs hold user ids, request paths, statements); config may lower it only.",
            LOG_RETENTION_DAYS.application.limit, LOG_RETENTION_DAYS.application.limit),
        auditMinimumRetentionDays: days("Fewest days audit log groups keep events.", LOG_RETENTION_DAYS.audit.floor),
        auditMaximumRetentionDays: days("Most days audit log groups keep events; config may lower it only.", LOG_RETENTION_DAYS.audit.limit, LOG_RETENTION_DAYS.audit.limit),
        auditLogGroupPatterns: patternListProperty([...AUDIT_LOG_GROUP_PATTERNS],
            "Regular expressions (case-insensitive); log groups whose name matches one hold audit data."),
    },
    types: LOG_GROUP,
    validate: (props, report, { config }) => {
        const name = typeof props.name === "string" ? props.name : "";
        const audit = config.auditLogGroupPatterns.some(p => new RegExp(p, "i").test(name));
        const kind = audit ? "audit" : "application";
        const minimum = audit ? config.auditMinimumRetentionDays : config.minimumRetentionDays;
        const maximum = Math.max(minimum, audit ? config.auditMaximumRetentionDays : config.maximumRetentionDays);
        const kept = props.retentionInDays;
        // 0 or unset means "never expire" (CloudWatch Logs PutRetentionPolicy): the events, and the
        // personal data in them, are kept forever.
        if (typeof kept !== "number" || kept <= 0) {
            report(`retentionInDays is not set (events never expire); set ${minimum} to ${maximum} days.`);
        } else if (kept < minimum) {
            report(`retentionInDays is ${kept}; the minimum for ${kind} logs is ${minimum}.`);
        } else if (kept > maximum) {
            report(`retentionInDays is ${kept}; ${kind} logs are kept at most ${maximum} days: the events hold personal data (user ids, addresses, requests) no longer needed after that.`);
        }
    },
});
