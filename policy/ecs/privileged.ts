import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

/**
 * The one capability a Fargate task may add (debuggers and APM agents need it). Any other
 * (SYS_ADMIN, NET_ADMIN, ALL …) Fargate refuses, and on EC2 it gives the container power over
 * its host: privileged by another name.
 */
const ADDABLE_CAPABILITIES = new Set(["SYS_PTRACE"]);

/** Capabilities a container adds beyond those allowed, as written (`CAP_` prefix tolerated). */
function extraCapabilities(add: unknown): string[] {
    return (Array.isArray(add) ? add : []).map(String).filter(cap => !ADDABLE_CAPABILITIES.has(cap.toUpperCase().replace(/^CAP_/, "")));
}

/**
 * Task settings that share a namespace of the host with the containers: its processes (`pidMode`),
 * its shared memory (`ipcMode`), its network stack (`networkMode`). Fargate accepts only
 * `pidMode: task`; on EC2 each lets a container see or reach what runs beside it.
 */
const HOST_NAMESPACES = ["pidMode", "ipcMode", "networkMode"] as const;

export const ecsNoPrivilegedContainers = resourcePolicy({
    name: "ecs-no-privileged-containers",
    description: "No ECS container runs privileged or adds a Linux capability beyond SYS_PTRACE, and no task shares the host's process, IPC or network namespace.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.4",
        remediationSteps: "Remove privileged: true from the container definition (Fargate rejects it anyway), every linuxParameters.capabilities.add entry but SYS_PTRACE, and pidMode, ipcMode or networkMode host from the task definition (awsvpc for networkMode, task or unset for the others).",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        for (const setting of HOST_NAMESPACES) {
            if (String(props[setting] ?? "").toLowerCase() === "host") {
                report(`${setting} is host: the task's containers share the host's ${setting === "pidMode" ? "processes" : setting === "ipcMode" ? "shared memory" : "network stack"}.`);
            }
        }
        containersOrReport(props, report, args).forEach((c, i) => {
            if (c.privileged === true) {
                report(`container ${containerName(c, i)} is privileged.`);
            }
            const extra = extraCapabilities(c.linuxParameters?.capabilities?.add);
            if (extra.length > 0) {
                report(`container ${containerName(c, i)} adds Linux capabilities ${extra.join(", ")}; only SYS_PTRACE may be added.`);
            }
        });
    },
});
