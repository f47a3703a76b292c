import { APP_HEALTH } from "../lib/facts/appHealth";
import { serviceOfTask } from "../lib/facts/purposes";
import { APP_RESOURCE_NEEDS, appContainerProblems, taskSizeProblems } from "../lib/facts/taskSizing";
import { ContainerDefinition } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

/** Whether a container maps `port` (it takes the load balancer's traffic). */
function maps(c: ContainerDefinition, port: number): boolean {
    return Array.isArray(c.portMappings) && c.portMappings.some(m => Number(m?.containerPort) === port);
}

/**
 * The indexes of the containers that run the application's `service`: those named for it, else
 * those mapping its port, else (a one-off task such as a migration, named otherwise) every
 * essential container (ECS's default for `essential` is true).
 */
function appContainers(containers: readonly ContainerDefinition[], service: string): number[] {
    const indexes = containers.map((_, i) => i);
    const port = APP_HEALTH[service]?.port;
    const named = indexes.filter(i => containers[i].name === service);
    if (named.length) return named;
    const serving = port === undefined ? [] : indexes.filter(i => maps(containers[i], port));
    if (serving.length) return serving;
    return indexes.filter(i => containers[i].essential !== false);
}

/**
 * Every task definition of the application (backend, frontend, and one-off tasks of their code,
 * known by container name or `Component` tag) judged as ECS allocates it
 * (lib/facts/taskSizing.ts): a Fargate size that exists and holds the containers' reservations,
 * and for the app's container at least the memory and CPU its process needs after the sidecars'
 * reservations and shares, a hard limit not below that need, and ulimits not below what it needs.
 */
export const ecsTaskSizing = resourcePolicy({
    name: "ecs-task-sizing",
    description: "Every ECS task definition of the application is sized as ECS allocates it (policy/lib/facts/taskSizing.ts): a Fargate cpu/memory pair that exists and holds the containers' reservations, and the app's container keeps at least the memory and CPU its process needs (Django 1 GiB and 512 units, Next.js 512 MiB and 256 units) after the sidecars' memory reservations and CPU shares, with no hard memory limit below that need and no ulimit below what the server needs (nofile, nproc, data, cpu).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_ECS}; Scaling the Application › Vertical Scaling`,
        remediationSteps: "Size the task so the app's container keeps its need after the sidecars' reservations (a larger Fargate pair, or smaller sidecar reservations); give the app container a cpu of at least its need and the sidecars only what is left; remove a hard memory limit below the need (or raise it); leave nofile at Fargate's 65535 (or at least 4096) and remove nproc, data and cpu ulimits that limit the server.",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        const containers = containersOrReport(props, report, args);
        if (containers.length === 0) return;
        const compatibilities: unknown[] = Array.isArray(props.requiresCompatibilities) ? props.requiresCompatibilities : [];
        const task = { cpu: props.cpu, memory: props.memory, fargate: compatibilities.includes("FARGATE") };
        for (const problem of taskSizeProblems(task, containers)) {
            report(`${problem}: ECS refuses it.`);
        }
        const service = serviceOfTask(containers.map(c => c.name), props.tags?.Component);
        const needs = service === undefined ? undefined : APP_RESOURCE_NEEDS[service];
        if (service === undefined || needs === undefined) return;
        const port = APP_HEALTH[service]?.port;
        for (const i of appContainers(containers, service)) {
            const serving = port !== undefined && maps(containers[i], port);
            for (const problem of appContainerProblems(task, containers, i, needs, serving)) {
                report(`${problem}.`);
            }
        }
    },
});
