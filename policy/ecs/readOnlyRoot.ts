import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

export const ecsReadOnlyRootFilesystem = resourcePolicy({
    name: "ecs-read-only-root-filesystem",
    description: "ECS containers mount their root filesystem read-only.",
    // Advisory by default, as the pack's specification marks it; the stacks' policy config
    // (policy/config/*.json) makes it mandatory: every container the stacks run is read-only, with
    // task-local volumes for what the app and ECS Exec write, so a writable root is a regression.
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.5",
        remediationSteps: "Set readonlyRootFilesystem: true and give the app a writable volume for what it must write (e.g. /tmp).",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        containersOrReport(props, report, args).forEach((c, i) => {
            if (c.readonlyRootFilesystem !== true) {
                report(`container ${containerName(c, i)} has a writable root filesystem.`);
            }
        });
    },
});
