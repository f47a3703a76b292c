import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

export const ecsNoPrivilegedContainers = resourcePolicy({
    name: "ecs-no-privileged-containers",
    description: "No ECS container runs privileged.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.4",
        remediationSteps: "Remove privileged: true from the container definition (Fargate rejects it anyway).",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        containersOrReport(props, report, args).forEach((c, i) => {
            if (c.privileged === true) {
                report(`container ${containerName(c, i)} is privileged.`);
            }
        });
    },
});
