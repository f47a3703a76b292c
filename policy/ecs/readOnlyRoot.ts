import { ContainerDefinition, containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { APP_WRITABLE_PATHS, appServiceOf, writableMountProblem } from "../lib/facts/containerRuntime";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

/**
 * The writable mounts of a container that put a volume over its code or its image's system
 * directories (policy/lib/facts/containerRuntime.ts), each a sentence. The application's own
 * scratch paths (APP_WRITABLE_PATHS: /tmp, Next.js' cache) are what it may write.
 */
export function writableMountProblems(container: ContainerDefinition): string[] {
    const service = appServiceOf(container);
    const writable = service === undefined ? [] : APP_WRITABLE_PATHS[service];
    return (Array.isArray(container.mountPoints) ? container.mountPoints : []).flatMap((m) => {
        if (m?.readOnly === true || typeof m?.containerPath !== "string") return [];
        const exposed = writableMountProblem(m.containerPath, writable);
        return exposed ? [`mounts volume ${m.sourceVolume ?? "?"} writable at ${m.containerPath}, over ${exposed}: the volume replaces what the image holds there ` +
            "(an empty directory, and the container does not start, or a writable copy of the image's files, which whatever runs in the container can rewrite)"] : [];
    });
}

export const ecsReadOnlyRootFilesystem = resourcePolicy({
    name: "ecs-read-only-root-filesystem",
    description: "ECS containers mount their root filesystem read-only, and no writable volume over their code or their image's system directories (/app, /usr, /etc, /bin, a mount above one of them …) undoes it: only the application's scratch paths (/tmp, Next.js' cache) and ECS Exec's agent directories are writable.",
    // Advisory by default, as the pack's specification marks it; the stacks' policy config
    // (policy/config/*.json) makes it mandatory: every container the stacks run is read-only, with
    // task-local volumes for what the app and ECS Exec write, so a writable root is a regression.
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.5",
        remediationSteps: "Set readonlyRootFilesystem: true and give the app a writable volume for what it must write (e.g. /tmp); never mount a writable volume at, inside or above /app or a system directory (mount it read-only, or at a scratch path of policy/lib/facts/containerRuntime.ts).",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        containersOrReport(props, report, args).forEach((c, i) => {
            if (c.readonlyRootFilesystem !== true) {
                report(`container ${containerName(c, i)} has a writable root filesystem.`);
            }
            for (const problem of writableMountProblems(c)) {
                report(`container ${containerName(c, i)} ${problem}.`);
            }
        });
    },
});
