import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport } from "./taskDefinition";

export const ecsContainerLogging = resourcePolicy({
    name: "ecs-container-logging",
    description: "Every ECS container sends its logs somewhere (a logConfiguration with a log driver).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs (/ecs/expertconnect-prod-<service>)",
        fsbpControl: "ECS.9",
        remediationSteps: "Give the container logConfiguration { logDriver: \"awslogs\", options: { awslogs-group: \"/ecs/expertconnect-<stack>-<service>\", … } }.",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        containersOrReport(props, report, args).forEach((c, i) => {
            if (!c.logConfiguration?.logDriver) {
                report(`container ${containerName(c, i)} has no logConfiguration.logDriver: its output would be lost.`);
            }
        });
    },
});
