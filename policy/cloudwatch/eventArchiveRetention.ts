import { resourcePolicy } from "../lib/define";
import { EVENT_ARCHIVE_LIMIT_DAYS } from "../lib/facts/retention";

const EVENT_ARCHIVE = ["aws:cloudwatch/eventArchive:EventArchive"] as const;

export const cloudwatchEventArchiveRetention = resourcePolicy<{ maximumRetentionDays: number }>({
    name: "cloudwatch-event-archive-retention",
    description: "EventBridge archives keep events for a set number of days, at most maximumRetentionDays: retentionDays 0 or unset keeps every archived event (API calls with their request parameters, findings with addresses and principals) indefinitely.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: undefined,
        remediationSteps: `Set retentionDays on the archive to the days replay needs, at most ${EVENT_ARCHIVE_LIMIT_DAYS} (policy/lib/facts/retention.ts), and give it an eventPattern that archives only the events to replay.`,
    },
    config: {
        maximumRetentionDays: {
            type: "integer", minimum: 1, maximum: EVENT_ARCHIVE_LIMIT_DAYS, default: EVENT_ARCHIVE_LIMIT_DAYS,
            description: `Most days an archive keeps events (default and upper bound ${EVENT_ARCHIVE_LIMIT_DAYS}, the application logs' limit); config may lower it only.`,
        },
    },
    types: EVENT_ARCHIVE,
    validate: (props, report, { config }) => {
        const kept = props.retentionDays;
        // EventBridge CreateArchive: "Default value is 0. If set to 0, events are retained indefinitely."
        if (typeof kept !== "number" || kept <= 0) {
            report(`retentionDays is ${typeof kept === "number" ? kept : "not set"}, which EventBridge reads as "keep indefinitely"; set at most ${config.maximumRetentionDays} days.`);
        } else if (kept > config.maximumRetentionDays) {
            report(`retentionDays is ${kept}; an archive keeps events at most ${config.maximumRetentionDays} days: they carry personal data (callers, addresses, request parameters) no longer needed after that.`);
        }
    },
});
