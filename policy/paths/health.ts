/**
 * Health checks that can tell a serving container from a dead one. A container's own check
 * (its task definition's `healthCheck`) is run as the runtime runs it (lib/healthCheck.ts): a
 * command that can only fail has ECS stop every task, one that can only succeed hides a dead app,
 * a curl without --fail ends 0 on the app's own 503 (it sees a dead process, not a failing app),
 * a probe of a port or path the app does not answer (lib/facts/appHealth.ts) never passes, and
 * timings shorter than the app's boot stop each new task before it serves. A target group's check
 * is requested as the load balancer requests it (the target's IP as Host, plain HTTP to the
 * container) and must ask for the path the app answers and count its answer healthy; its port is
 * judged by routes.ts.
 */
import { APP_BOOT_SECONDS, APP_HEALTH, AppHealthContract, FAILURE_DETECTION_SECONDS } from "../lib/facts/appHealth";
import { commandOutcomes, ContainerHealthCheck, healthCommand, probesOf, statusBlindRequests, timingProblem } from "../lib/healthCheck";
import { broken, ok, parsed, PathResource, PathResult, StackIndex } from "./model";
import { Registration, registrations } from "./routes";
import { TASK_DEFINITION } from "./tasks";

/** A container definition, as far as its health is concerned. */
export interface Container {
    name?: string;
    healthCheck?: ContainerHealthCheck;
    environment?: Array<{ name?: string; value?: string }>;
    portMappings?: Array<{ containerPort?: number }>;
}

/** A container's plain environment values by name. */
function environmentOf(c: Container): Map<string, string> {
    return new Map((c.environment ?? []).filter((e) => typeof e.name === "string" && typeof e.value === "string").map((e) => [e.name!, e.value!]));
}

/** The path the app answers a probe on (its health path variable's value), or why there is none. */
function servedPath(contract: AppHealthContract, c: Container): { path?: string; why?: string } {
    if (!contract.healthPathVariable) return {};
    const path = environmentOf(c).get(contract.healthPathVariable);
    return path ? { path } : { why: `environment variable ${contract.healthPathVariable} on container ${c.name} (the app answers no health path without it)` };
}

/** The path container `c`'s app answers a probe on (see servedPath); undefined when its health contract is not known. */
export function served(c: Container): { path?: string; why?: string } | undefined {
    const contract = c.name !== undefined ? APP_HEALTH[c.name] : undefined;
    return contract && servedPath(contract, c);
}

/** What the container's own check lacks to report the app's state, or undefined when it does. */
export function containerCheckProblem(c: Container): string | undefined {
    const check = c.healthCheck!;
    const cmd = healthCommand(check.command);
    if (cmd.kind === "invalid") return `a health check command the runtime can run (${cmd.why})`;
    if (cmd.kind === "none") return undefined;
    const outcomes = commandOutcomes(cmd);
    if (outcomes.length === 1 && outcomes[0] === "fail") {
        return `a healthCheck.command that can succeed (${JSON.stringify(check.command)} always ends non-zero: ECS marks the container unhealthy and stops every task): probe the app, e.g. the program's check of its health path`;
    }
    if (outcomes.length === 1 && outcomes[0] === "0") {
        return `a healthCheck.command that can fail (${JSON.stringify(check.command)} always ends 0: a dead app stays healthy and ECS never replaces it): let the probe's failure be the command's status`;
    }
    const blind = statusBlindRequests(cmd)[0];
    if (blind !== undefined) {
        return `a health probe that fails on the app's error answers (\`${blind}\` ends 0 whatever HTTP status the app returns: an app answering 500 or 503 stays healthy and ECS never replaces it): add curl's -f (--fail)`;
    }
    const contract = c.name !== undefined ? APP_HEALTH[c.name] : undefined;
    const ports = contract ? [contract.port] : (c.portMappings ?? []).map((m) => m.containerPort).filter((p): p is number => typeof p === "number");
    for (const probe of probesOf(cmd, environmentOf(c))) {
        if (ports.length > 0 && !ports.includes(probe.port)) {
            return `a health check of the port the app listens on (${probe.text} requests port ${probe.port}; container ${c.name} listens on ${ports.join(", ")}, so the check never passes)`;
        }
        if (contract && probe.scheme === "https") {
            return `a plain HTTP health probe (${probe.text} speaks TLS to an app that serves HTTP: the handshake fails, the check never passes)`;
        }
        const served = contract ? servedPath(contract, c) : {};
        if (served.why && probe.path !== undefined) return served.why;
        if (served.path !== undefined && probe.path !== undefined && probe.path !== served.path) {
            return `a health check of the path the app answers (${probe.text} requests ${probe.path}; container ${c.name} answers a probe only on ${served.path}, its ${contract!.healthPathVariable}: every other path is refused with 400, so the check never passes)`;
        }
    }
    return timingProblem(check, contract ? APP_BOOT_SECONDS : 0, FAILURE_DETECTION_SECONDS);
}

/** Whether an ALB matcher ("200", "200-399", "200,302") counts `status` healthy. */
export function matcherAccepts(matcher: unknown, status: number): boolean {
    const text = typeof matcher === "string" && matcher.trim() !== "" ? matcher : "200";
    return text.split(",").some((part) => {
        const [lo, hi] = part.trim().split("-").map(Number);
        return hi === undefined ? lo === status : lo! <= status && status <= hi;
    });
}

/** The part of an ALB matcher that counts an error status (400-599) healthy, or undefined when none does. */
export function acceptedErrors(matcher: unknown): string | undefined {
    const text = typeof matcher === "string" && matcher.trim() !== "" ? matcher : "200";
    return text.split(",").map((part) => part.trim()).find((part) => {
        const [lo, hi] = part.split("-").map(Number);
        return lo! <= 599 && (hi ?? lo)! >= 400;
    });
}

/** Elastic Load Balancing's bounds for an HTTP target group's check (CreateTargetGroup) and its defaults. */
export const TARGET_CHECK_BOUNDS = {
    interval: { min: 5, max: 300, default: 30 },
    timeout: { min: 2, max: 120, default: 5 },
    healthyThreshold: { min: 2, max: 10, default: 5 },
    unhealthyThreshold: { min: 2, max: 10, default: 2 },
} as const;

/**
 * What is wrong with a target group check's timings, or undefined: a value ELB refuses, a check
 * that ECS acts on before the app has booted, or one that leaves a failed task serving too long.
 * ECS ignores the load balancer's verdict for the service's grace period; a booting target fails
 * `unhealthyThreshold` checks `interval` apart and is unhealthy then. Whichever is later must cover
 * `bootSeconds`, or ECS stops each new task before it serves and a rolling deploy never completes;
 * and must not exceed `bootSeconds` + `detectSeconds` (default: no bound), or a task that starts
 * broken holds its place that long. A target that fails once running is unhealthy after
 * `unhealthyThreshold` × `interval`, at most `detectSeconds`.
 */
export function groupTimingProblem(check: Record<string, unknown>, graceSeconds: number, bootSeconds: number, detectSeconds = Infinity): string | undefined {
    // Unknown settings (preview) are taken as ELB's defaults, which pass.
    const value = (key: keyof typeof TARGET_CHECK_BOUNDS) => typeof check[key] === "number" ? check[key] as number : TARGET_CHECK_BOUNDS[key].default;
    for (const key of Object.keys(TARGET_CHECK_BOUNDS) as Array<keyof typeof TARGET_CHECK_BOUNDS>) {
        const { min, max } = TARGET_CHECK_BOUNDS[key];
        if (value(key) < min || value(key) > max) return `healthCheck.${key} ${value(key)} within ELB's ${min}-${max}`;
    }
    if (value("timeout") >= value("interval")) return `a healthCheck.timeout (${value("timeout")} s) shorter than its interval (${value("interval")} s), as ELB requires`;
    const unhealthyAfter = value("unhealthyThreshold") * value("interval");
    if (Math.max(graceSeconds, unhealthyAfter) < bootSeconds) {
        return `time to boot: ECS stops a new task ${Math.max(graceSeconds, unhealthyAfter)} s after it starts (health-check grace ${graceSeconds} s; unhealthyThreshold ${value("unhealthyThreshold")} × interval ${value("interval")} s), ` +
            `before the ${bootSeconds} s the program gives the app to boot: set the service's healthCheckGracePeriodSeconds to at least ${bootSeconds}`;
    }
    if (unhealthyAfter > detectSeconds) {
        return `time to detect: a target that fails is declared unhealthy only after unhealthyThreshold ${value("unhealthyThreshold")} × interval ${value("interval")} s = ${unhealthyAfter} s, ` +
            `longer than the ${detectSeconds} s failure-detection budget (policy/lib/facts/appHealth.ts), while the load balancer keeps sending it requests: lower them (the program uses 3 × 15 s)`;
    }
    if (graceSeconds > bootSeconds + detectSeconds) {
        return `time to replace: ECS ignores the load balancer's verdict for the service's healthCheckGracePeriodSeconds ${graceSeconds} s, so a task that starts broken is replaced only then, ` +
            `beyond the ${bootSeconds} s boot plus ${detectSeconds} s detection budget (${bootSeconds + detectSeconds} s): set it between ${bootSeconds} and ${bootSeconds + detectSeconds} (the program uses 60)`;
    }
    return undefined;
}

/** What the target group's check lacks to pass on the registered container, or undefined. */
export function groupCheckProblem(check: Record<string, unknown> | undefined, registration: Registration, c: Container): string | undefined {
    const contract = APP_HEALTH[registration.containerName ?? ""];
    if (!contract || !check || check.enabled === false) return undefined;
    if (check.protocol === "HTTPS") {
        return `healthCheck.protocol HTTP (container ${c.name} serves plain HTTP on ${contract.port}: an HTTPS check's handshake fails and every target is unhealthy)`;
    }
    const port = check.port === undefined || check.port === "traffic-port" ? registration.containerPort : Number(check.port);
    if (port === registration.containerPort && typeof port === "number" && port !== contract.port) {
        return `a health check of the port container ${c.name} listens on (${contract.port}; the group probes ${port}, so every target is unhealthy): register and check the container's port`;
    }
    const served = servedPath(contract, c);
    if (served.why) return served.why;
    const path = typeof check.path === "string" && check.path !== "" ? check.path.split("?")[0] : "/";
    if (served.path !== undefined && path !== served.path) {
        return `healthCheck.path ${served.path} (the check requests ${path} with the target's IP as Host; container ${c.name} answers such a request only on its ${contract.healthPathVariable} ${served.path} and refuses every other path with 400)`;
    }
    if (contract.healthStatus !== undefined && !matcherAccepts(check.matcher, contract.healthStatus)) {
        return `a healthCheck.matcher that includes ${contract.healthStatus} (the app's health answer; matcher ${String(check.matcher)} counts it unhealthy, so every target is)`;
    }
    const errors = acceptedErrors(check.matcher);
    if (errors !== undefined) {
        return `a healthCheck.matcher that counts only success healthy (matcher ${String(check.matcher)} accepts ${errors}: a target answering its health path with a client or server error, a failing app, stays healthy and keeps receiving requests): keep it within 200-399`;
    }
    return undefined;
}

/** The container `name` of the task definition `service` runs. */
export function serviceContainer(ix: StackIndex, service: PathResource, name: string | undefined): Container | undefined {
    const definition = ix.refs(service, "taskDefinition", TASK_DEFINITION)[0];
    return parsed<Container[]>(definition?.props.containerDefinitions)?.find((c) => c.name === name);
}

/** Each container check and each target group check with what it probes. */
export function healthPaths(ix: StackIndex): PathResult[] {
    const results: PathResult[] = [];
    for (const definition of ix.ofType(TASK_DEFINITION)) {
        const containers = parsed<Container[]>(definition.props.containerDefinitions);
        for (const c of Array.isArray(containers) ? containers : []) {
            if (!c.healthCheck) continue;
            const label = `container ${c.name} of task ${definition.props.family ?? definition.name} passes its health check while the app serves and fails while it does not`;
            const problem = containerCheckProblem(c);
            results.push(problem ? broken(label, problem, definition) : ok(label));
        }
    }
    for (const [group, registered] of registrations(ix)) {
        for (const registration of registered) {
            const c = serviceContainer(ix, registration.service, registration.containerName);
            if (!c || !APP_HEALTH[registration.containerName ?? ""]) continue;
            const label = `target group ${group.props.name ?? group.name}'s health check passes on container ${c.name} of ${registration.service.props.name ?? registration.service.name}`;
            const problem = groupCheckProblem(group.props.healthCheck, registration, c);
            const grace = registration.service.props.healthCheckGracePeriodSeconds;
            // A missing grace period is ECS's 0; one not known yet (preview) is not judged.
            const timing = problem || (registration.service.pending ?? []).includes("healthCheckGracePeriodSeconds") ? undefined
                : groupTimingProblem(group.props.healthCheck ?? {}, typeof grace === "number" ? grace : 0, APP_BOOT_SECONDS, FAILURE_DETECTION_SECONDS);
            results.push(problem ? broken(label, problem, group) : timing ? broken(label, timing, /^time to (boot|replace)/.test(timing) ? registration.service : group) : ok(label));
        }
    }
    return results;
}
