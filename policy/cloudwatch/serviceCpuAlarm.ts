import { stackPolicy } from "../lib/define";
import { knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, METRIC_ALARM } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { hasAlarm, watchedMetrics } from "./metrics";

export const cloudwatchServiceCpuAlarm = stackPolicy({
    name: "cloudwatch-ecs-cpu-alarm",
    description: "Every ECS service has a CloudWatch alarm on its CPUUtilization (the guide's expertconnect-backend-cpu-high).",
    enforcementLevel: "mandatory",
    onlyWith: ECS_SERVICE[0],
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ALARMS} (expertconnect-backend-cpu-high)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.cloudwatch.MetricAlarm on AWS/ECS CPUUtilization with dimensions ClusterName and ServiceName of the service.",
    },
    validate: (resources, report) => {
        const watched = watchedMetrics(ofType(resources, METRIC_ALARM));
        for (const service of ofType(resources, ECS_SERVICE)) {
            const name = knownString(service, "name");
            if (!hasAlarm(watched, "AWS/ECS", "CPUUtilization", "ServiceName", name)) {
                report(`ECS service ${name ?? service.name} has no CPUUtilization alarm.`, service.urn);
            }
        }
    },
});
