import { stackPolicy } from "../lib/define";
import { knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, METRIC_ALARM } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "./metrics";

export const cloudwatchServiceCpuAlarm = stackPolicy<{ maximumThreshold: number; maximumMinutesToAlarm: number }>({
    name: "cloudwatch-ecs-cpu-alarm",
    description: "Every ECS service has a CloudWatch alarm on its CPUUtilization (the guide's expertconnect-backend-cpu-high) that can warn in time: comparing upward, a threshold a percentage can reach, firing within maximumMinutesToAlarm.",
    enforcementLevel: "mandatory",
    onlyWith: ECS_SERVICE[0],
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ALARMS} (expertconnect-backend-cpu-high)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.cloudwatch.MetricAlarm on AWS/ECS CPUUtilization with dimensions ClusterName and ServiceName of the service (the guide's: Average over 300 s, > 80, 2 periods).",
    },
    config: {
        maximumThreshold: { type: "number", minimum: 1, maximum: 100, default: 95, description: "Highest CPU percentage an alarm threshold may be (one above it never fires in practice)." },
        maximumMinutesToAlarm: MINUTES_TO_ALARM,
    },
    validate: (resources, report, { config }) => {
        const alarms = ofType(resources, METRIC_ALARM);
        for (const service of ofType(resources, ECS_SERVICE)) {
            const name = knownString(service, "name");
            const watching = alarmsOn(alarms, "AWS/ECS", "CPUUtilization", "ServiceName", name);
            if (watching.length === 0) {
                report(`ECS service ${name ?? service.name} has no CPUUtilization alarm.`, service.urn);
                continue;
            }
            const problems = watching.map(a => alarmProblem(a, { maximumThreshold: config.maximumThreshold, maximumMinutes: config.maximumMinutesToAlarm }));
            if (problems.every(p => p !== undefined)) {
                report(`ECS service ${name ?? service.name}'s CPUUtilization alarm cannot warn in time: ${problems[0]}.`, watching[0].urn);
            }
        }
    },
});
