import { containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { capabilitiesBeyondDefault, exposedHostPath, rootReason, TaskVolume, unconfinedOptions, volumeHostPath } from "./isolation";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

/**
 * Task settings that share a namespace of the host with the containers: its processes (`pidMode`),
 * its shared memory (`ipcMode`), its network stack (`networkMode`). Fargate accepts only
 * `pidMode: task`; on EC2 each lets a container see or reach what runs beside it.
 */
const HOST_NAMESPACES = ["pidMode", "ipcMode", "networkMode"] as const;

export const ecsNoPrivilegedContainers = resourcePolicy({
    name: "ecs-no-privileged-containers",
    description: "No ECS container runs privileged or as root (its user, or its image's default user when it sets none), adds a Linux capability beyond Docker's default set, sees a sensitive host path (Docker socket, /, /proc, /etc …) or a host device, or drops its AppArmor/SELinux/seccomp confinement; no task shares the host's process, IPC or network namespace. Every task definition the stack registers counts, used by a service or not.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.4",
        remediationSteps: "Remove privileged: true; set user to a non-root uid:gid (\"1000:1000\"); remove every linuxParameters.capabilities.add entry beyond Docker's defaults (SYS_PTRACE included), linuxParameters.devices, and dockerSecurityOptions that unconfine; remove volumes that bind a host path (hostPath, or a local Docker volume with o=bind) to the Docker socket or a system directory, using a task-local volume instead; and set pidMode, ipcMode and networkMode to task, none and awsvpc rather than host.",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        for (const setting of HOST_NAMESPACES) {
            if (String(props[setting] ?? "").toLowerCase() === "host") {
                report(`${setting} is host: the task's containers share the host's ${setting === "pidMode" ? "processes" : setting === "ipcMode" ? "shared memory" : "network stack"}.`);
            }
        }
        for (const volume of (Array.isArray(props.volumes) ? props.volumes : []) as TaskVolume[]) {
            const hostPath = volumeHostPath(volume);
            const exposed = hostPath === undefined ? undefined : exposedHostPath(hostPath);
            if (exposed) {
                report(`volume ${volume.name ?? "(unnamed)"} binds the host's ${hostPath}, which exposes ${exposed} to the containers that mount it; use a task-local volume (no hostPath).`);
            }
        }
        const sharedPids = String(props.pidMode ?? "").toLowerCase() === "task";
        containersOrReport(props, report, args).forEach((c, i) => {
            const name = containerName(c, i);
            if (c.privileged === true) {
                report(`container ${name} is privileged.`);
            }
            const root = rootReason(c);
            if (root) {
                report(`container ${name} ${root}; set user to a non-root uid:gid.`);
            }
            const extra = capabilitiesBeyondDefault(c.linuxParameters?.capabilities?.add);
            if (extra.length > 0) {
                report(`container ${name} adds Linux capabilities ${extra.join(", ")} beyond Docker's default set${sharedPids ? " while pidMode task shares the task's processes with it" : ""}; remove them from linuxParameters.capabilities.add.`);
            }
            const devices = (c.linuxParameters?.devices ?? []).map(d => String(d?.hostPath ?? "?"));
            if (devices.length > 0) {
                report(`container ${name} maps host devices ${devices.join(", ")}; remove linuxParameters.devices.`);
            }
            const unconfined = unconfinedOptions(c.dockerSecurityOptions);
            if (unconfined.length > 0) {
                report(`container ${name} drops its confinement with dockerSecurityOptions ${unconfined.join(", ")}; remove them.`);
            }
        });
    },
});
