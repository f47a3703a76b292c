import { stackPolicy } from "../lib/define";
import { AUDIT_RETENTION_PROPERTY, destinationProblems, logTargetResolver } from "../lib/logDestination";
import { known, knownString, ofType } from "../lib/stack";
import { CLOUDTRAIL_TRAIL } from "../lib/tokens";
import { GUIDE_CLOUDTRAIL } from "./trail";

/** Given, or unknown during preview (it will hold an ARN). */
function given(value: unknown): boolean {
    return typeof value === "string" ? value !== "" : value === "unknown";
}

export const cloudtrailCloudWatchLogs = stackPolicy<{ minimumRetentionDays: number }>({
    name: "cloudtrail-cloudwatch-logs",
    description: "CloudTrail trails deliver to CloudWatch Logs (a log group and the role CloudTrail writes with), into a log group of the stack kept at least the audit retention, so the CIS metric filters and alarms see every event.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.5",
        remediationSteps: "Set cloudWatchLogsGroupArn (\"<log group ARN>:*\") and cloudWatchLogsRoleArn on the trail; the log group's retentionInDays is at least the audit minimum (365).",
    },
    config: { minimumRetentionDays: AUDIT_RETENTION_PROPERTY },
    types: CLOUDTRAIL_TRAIL,
    onlyWith: CLOUDTRAIL_TRAIL[0],
    validate: (resources, report, { config }) => {
        const destination = logTargetResolver(resources);
        for (const trail of ofType(resources, CLOUDTRAIL_TRAIL)) {
            const name = knownString(trail, "name") ?? trail.name;
            const group = known(() => trail.props.cloudWatchLogsGroupArn as unknown, "unknown");
            const role = known(() => trail.props.cloudWatchLogsRoleArn as unknown, "unknown");
            if (!given(group) || !given(role)) {
                report(`trail ${name} does not deliver to CloudWatch Logs (cloudWatchLogsGroupArn and cloudWatchLogsRoleArn are both needed).`, trail.urn);
                continue;
            }
            for (const problem of destinationProblems(destination(trail, "cloudWatchLogsGroupArn"), config.minimumRetentionDays)) {
                report(`trail ${name}: ${problem}.`, trail.urn);
            }
        }
    },
});
