import { resourcePolicy } from "../lib/define";
import { regionOfArn } from "../lib/stack";
import { METRIC_ALARM } from "../lib/tokens";

/** The guide's alarm setup. */
export const GUIDE_ALARMS = "Monitoring System Health › AWS Deployment Monitoring › Configure CloudWatch Alarms";

export const cloudwatchAlarmActions = resourcePolicy({
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch alarms notify someone: actions enabled, at least one alarm action, and every SNS action in the alarm's own region (CloudWatch notifies only topics of its region).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        fsbpControl: "CloudWatch.15",
        remediationSteps: "Set alarmActions (and okActions) to the expertconnect-alarms topic ARN and leave actionsEnabled on.",
    },
    types: METRIC_ALARM,
    validate: (props, report) => {
        if (props.actionsEnabled === false) {
            report("actionsEnabled is false.");
        }
        if (!Array.isArray(props.alarmActions) || props.alarmActions.length === 0) {
            report("alarmActions is empty: the alarm would change state silently.");
        }
        // The alarm's region: its ARN (or v7's per-resource region); unknown during a preview of a new alarm.
        const region = typeof props.region === "string" ? props.region : regionOfArn(typeof props.arn === "string" ? props.arn : undefined);
        const actions = ["alarmActions", "okActions", "insufficientDataActions"].flatMap(k => (Array.isArray(props[k]) ? props[k] : []) as unknown[]);
        for (const action of actions.filter((a): a is string => typeof a === "string" && a.startsWith("arn:aws:sns:"))) {
            const topicRegion = regionOfArn(action);
            if (region !== undefined && topicRegion !== undefined && topicRegion !== region) {
                report(`action ${action} is a topic in ${topicRegion}, not the alarm's region ${region}: CloudWatch cannot notify it (and a regional outage would silence it).`);
            }
        }
    },
});
