import { resourcePolicy } from "../lib/define";
import { METRIC_ALARM } from "../lib/tokens";

/** The guide's alarm setup. */
export const GUIDE_ALARMS = "Monitoring System Health › AWS Deployment Monitoring › Configure CloudWatch Alarms";

export const cloudwatchAlarmActions = resourcePolicy({
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch alarms notify someone: actions enabled and at least one alarm action.",
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
    },
});
