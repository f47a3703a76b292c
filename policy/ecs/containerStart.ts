/**
 * What a task definition starts, judged as ECS starts it: ECS registers a definition whatever its
 * containers run, on whatever platform, in whatever order, and the mistake shows only when a task
 * starts (or, worse, when it starts something nobody reviewed). The decisions come from the facts
 * the program builds its task definitions from (policy/lib/facts/containerRuntime.ts, the migration
 * command in policy/lib/facts/migrationGate.ts).
 */
import { ContainerDefinition, containerName } from "../lib/containers";
import { resourcePolicy } from "../lib/define";
import { APP_HEALTH } from "../lib/facts/appHealth";
import { appServiceOf, backendServerProblem, BACKEND_WSGI_APPLICATION, IMAGE_PLATFORM, runtimeSettingProblem } from "../lib/facts/containerRuntime";
import { MIGRATION_COMMAND, migrationCommandProblem } from "../lib/facts/migrationGate";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { containersOrReport, GUIDE_ECS } from "./taskDefinition";

/** The conditions of a container dependency (ECS ContainerDependency). */
const CONDITIONS = ["START", "COMPLETE", "SUCCESS", "HEALTHY"];

/** A list of strings, or undefined when the value is not one (or is empty: ECS then uses the image's). */
function argvOf(value: unknown): string[] | undefined {
    return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}

/**
 * Why the task's platform is not the one its application images are built for
 * (IMAGE_PLATFORM), or undefined. Only task definitions running the application's own images
 * are judged: AWS's sidecar images are multi-platform.
 */
export function platformProblem(runtimePlatform: unknown, containers: readonly ContainerDefinition[]): string | undefined {
    const app = containers.find((c) => appServiceOf(c) !== undefined);
    if (app === undefined) return undefined;
    const platform = (typeof runtimePlatform === "object" && runtimePlatform !== null ? runtimePlatform : {}) as { cpuArchitecture?: unknown; operatingSystemFamily?: unknown };
    // Unset, ECS runs the task on Linux/X86_64.
    const architecture = platform.cpuArchitecture ?? IMAGE_PLATFORM.cpuArchitecture;
    const system = platform.operatingSystemFamily ?? IMAGE_PLATFORM.operatingSystemFamily;
    if (architecture === IMAGE_PLATFORM.cpuArchitecture && system === IMAGE_PLATFORM.operatingSystemFamily) return undefined;
    return `runtimePlatform is ${String(system)}/${String(architecture)}, but container ${app.name ?? "?"}'s image ${app.image ?? ""} is built for ${IMAGE_PLATFORM.docker} only ` +
        `(x86-64 CI runners, one single-platform image: policy/lib/facts/containerRuntime.ts): every task stops at start with "exec format error"; ` +
        `set cpuArchitecture ${IMAGE_PLATFORM.cpuArchitecture} (or build multi-platform images first and change the fact)`;
}

/**
 * Why a container's entry point and command are not what the program starts it with, or
 * undefined. Unset, the container runs its image's own entry point and command, the reviewed
 * build; the backend's code may also be started as its server (gunicorn serving
 * BACKEND_WSGI_APPLICATION) or as the forward migration (MIGRATION_COMMAND); anything else (a
 * shell line, Django's runserver, another program, any override of a sidecar's) is refused.
 */
export function commandProblem(container: ContainerDefinition): string | undefined {
    const entryPoint = argvOf(container.entryPoint);
    const command = argvOf(container.command);
    if (entryPoint === undefined && command === undefined) return undefined;
    // Docker runs entryPoint followed by command; a command alone goes to the image's entry point.
    const argv = [...entryPoint ?? [], ...command ?? []];
    const written = `${entryPoint ? `entryPoint ${JSON.stringify(entryPoint)}` : ""}${entryPoint && command ? " and " : ""}${command ? `command ${JSON.stringify(command)}` : ""}`;
    const service = appServiceOf(container);
    if (service === "backend") {
        const server = backendServerProblem(argv, APP_HEALTH.backend?.port);
        const migration = migrationCommandProblem(argv);
        if (server === undefined || migration === undefined) return undefined;
        const reason = argv.includes("manage.py") ? migration : server;
        return `starts with ${written}: ${reason}. The backend's code runs as its image starts it, as gunicorn serving ${BACKEND_WSGI_APPLICATION} with sizing, timeout, bind and stdout logging settings only, ` +
            `or as the forward migration ${MIGRATION_COMMAND.join(" ")}; anything else (a shell line, runserver, a script fetched at start) runs code nobody reviewed`;
    }
    return `overrides its image's start with ${written}: the program starts ${service ? `the ${service}'s image` : "every sidecar"} as its image does, so this command line is in no reviewed build; remove it`;
}

/** Each environment variable or secret of the container that makes its process load code nobody reviewed. */
export function settingProblems(container: ContainerDefinition): string[] {
    const service = appServiceOf(container);
    const port = service === undefined ? undefined : APP_HEALTH[service]?.port;
    const plain = (Array.isArray(container.environment) ? container.environment : []).map((e) => [e?.name, e?.value] as const);
    const injected = (Array.isArray(container.secrets) ? container.secrets : []).map((s) => [s?.name, undefined] as const);
    return [...plain, ...injected].flatMap(([name, value]) => {
        const problem = typeof name === "string" ? runtimeSettingProblem(name, typeof value === "string" ? value : undefined, port) : undefined;
        return problem ? [problem] : [];
    });
}

/** Whether ECS runs a health check for the container: a command that is not `["NONE"]`. */
function checksHealth(container: ContainerDefinition): boolean {
    const command = container.healthCheck?.command;
    return Array.isArray(command) && command.length > 0 && command[0] !== "NONE";
}

/**
 * What keeps containers of the task from starting, by their dependencies (ECS ContainerDependency):
 * a dependency on a container the task does not have, or on itself; a condition ECS does not know;
 * HEALTHY on a container without a health check (ECS never sees it healthy); COMPLETE or SUCCESS
 * on an essential container (its exit stops the task; ECS refuses the condition on one) or on a
 * server (a container that maps a port does not exit); and a cycle, where each waits for another.
 */
export function dependencyProblems(containers: readonly ContainerDefinition[]): string[] {
    const problems: string[] = [];
    const byName = new Map(containers.map((c, i) => [c.name ?? `#${i}`, c]));
    const edges = new Map<string, string[]>();
    containers.forEach((c, i) => {
        const name = containerName(c, i);
        for (const dependency of Array.isArray(c.dependsOn) ? c.dependsOn : []) {
            const targetName = String(dependency?.containerName ?? "");
            const target = byName.get(targetName);
            const condition = String(dependency?.condition ?? "");
            if (target === undefined) {
                problems.push(`container ${name} depends on ${JSON.stringify(targetName)}, which the task does not have: it never starts`);
                continue;
            }
            edges.set(name, [...edges.get(name) ?? [], targetName]);
            if (target === c) {
                problems.push(`container ${name} depends on itself: it never starts`);
            } else if (!CONDITIONS.includes(condition)) {
                problems.push(`container ${name} waits for ${targetName} with condition ${JSON.stringify(condition)}, which ECS does not know (${CONDITIONS.join(", ")})`);
            } else if (condition === "HEALTHY" && !checksHealth(target)) {
                problems.push(`container ${name} waits for ${targetName} to be HEALTHY, but ${targetName} has no health check: ECS never sees it healthy, so ${name} never starts; give ${targetName} a healthCheck or use START`);
            } else if ((condition === "COMPLETE" || condition === "SUCCESS") && target.essential !== false) {
                problems.push(`container ${name} waits for ${targetName} to exit (${condition}), but ${targetName} is essential${target.essential === undefined ? " (ECS's default)" : ""}: its exit stops the task, and ECS does not allow the condition on an essential container; mark it essential false or use START`);
            } else if ((condition === "COMPLETE" || condition === "SUCCESS") && Array.isArray(target.portMappings) && target.portMappings.length > 0) {
                problems.push(`container ${name} waits for ${targetName} to exit (${condition}), but ${targetName} maps a port, a server that does not exit: ${name} never starts; use START or HEALTHY`);
            }
        }
    });
    const cycle = dependencyCycle(edges);
    return cycle ? [...problems, `containers ${cycle.join(" → ")} wait for each other: none of them starts`] : problems;
}

/**
 * Every task definition the stack registers, used by a service or not (anyone allowed to run
 * tasks may start one), on its inputs and its deployed state: a definition re-registered by hand
 * on ARM64 or with a command override is refused like one the program wrote.
 */
export const ecsContainerStart = resourcePolicy({
    name: "ecs-container-start",
    description: "Every ECS task definition starts its containers as the program does (policy/lib/facts/containerRuntime.ts): on the platform its application images are built for (Linux/X86_64), with no entry point or command override except the backend's own (gunicorn serving the Django application with sizing and logging settings only, or the forward migration), no environment variable that changes the code a process loads (LD_PRELOAD, PYTHONPATH, NODE_OPTIONS --require, a GUNICORN_CMD_ARGS setting beyond those), and a container dependency graph ECS can complete (dependencies that exist, HEALTHY only on a container with a health check, COMPLETE/SUCCESS only on a non-essential container that exits, no cycle).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_ECS}; Update Procedures › Code Updates`,
        remediationSteps: "Leave entryPoint and command unset (the image's own start) or give the backend gunicorn expertconnect.wsgi:application with allowed settings, or python manage.py migrate --noinput; remove LD_*/PYTHONPATH/BASH_ENV variables and NODE_OPTIONS loader flags; keep runtimePlatform Linux/X86_64 until the images are built multi-platform; make every dependsOn name a container of the task, with HEALTHY only on a container that has a healthCheck and COMPLETE/SUCCESS only on a non-essential one-off container, and no cycle.",
    },
    types: ECS_TASK_DEFINITION,
    validate: (props, report, { args }) => {
        const containers = containersOrReport(props, report, args);
        if (containers.length === 0) return;
        const platform = platformProblem(props.runtimePlatform, containers);
        if (platform) report(`${platform}.`);
        containers.forEach((c, i) => {
            const name = containerName(c, i);
            const command = commandProblem(c);
            if (command) report(`container ${name} ${command}.`);
            for (const problem of settingProblems(c)) {
                report(`container ${name}: ${problem}; remove it (the image and the reviewed settings say what runs).`);
            }
        });
        for (const problem of dependencyProblems(containers)) report(`${problem}.`);
    },
});

/**
 * A cycle of containers waiting for each other (the first found, closing on its first name), or
 * undefined: depth-first over the dependencies, a container met again on its own path closes one.
 * A container waiting for itself is reported on its own.
 */
function dependencyCycle(edges: ReadonlyMap<string, string[]>): string[] | undefined {
    const state = new Map<string, "open" | "done">();
    const visit = (name: string, path: string[]): string[] | undefined => {
        if (state.get(name) === "open") return [...path.slice(path.indexOf(name)), name];
        if (state.get(name) === "done") return undefined;
        state.set(name, "open");
        for (const next of edges.get(name) ?? []) {
            const cycle = next === name ? undefined : visit(next, [...path, name]);
            if (cycle) return cycle;
        }
        state.set(name, "done");
        return undefined;
    };
    for (const name of edges.keys()) {
        const cycle = visit(name, []);
        if (cycle) return cycle;
    }
    return undefined;
}
