/**
 * ECS container definitions, built as plain data so every setting that matters for security
 * (secrets by reference, non-root, read-only root filesystem) is unit-tested without mocks.
 */
import { APP_WRITABLE_PATHS, appServiceOf, runtimeSettingProblem, writableMountProblem } from "../../policy/lib/facts/containerRuntime";
import type { ContainerSize } from "../../policy/lib/facts/taskSizing";

/** A secret injected at start-up from Secrets Manager or SSM Parameter Store, by ARN. */
export interface ContainerSecret {
    /** Environment variable name inside the container, e.g. `DJANGO_SECRET_KEY`. */
    name: string;
    /** ARN of the Secrets Manager secret (optionally `:json-key::`) or SSM SecureString parameter. */
    valueFrom: string;
}

export interface ContainerSpec {
    /** Container name; the guide's `execute-command --container backend` uses it. */
    name: string;
    /** Image URI with tag, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`. */
    image: string;
    /** Port the application listens on. */
    port: number;
    /** Plain, non-secret settings. */
    environment: Record<string, string>;
    /** Secrets, by reference only. */
    secrets: ContainerSecret[];
    /** CloudWatch log group and region of the awslogs driver. */
    logGroupName: string;
    region: string;
    /** uid:gid the process runs as. */
    user: string;
    /** Directories the app writes to; each gets a task-local scratch volume (root fs is read-only). */
    writablePaths: string[];
    /** Container health check command (`["CMD", ...]` or `["CMD-SHELL", "..."]`). @default none */
    healthCheckCommand?: string[];
    /** Seconds between SIGTERM and SIGKILL, for graceful shutdown (Fargate maximum 120). */
    stopTimeout: number;
    /** Add the guide's X-Ray daemon sidecar. */
    xray: boolean;
    /** The task's CPU units: the app container's share is what the sidecars do not reserve ({@link appCpuUnits}). */
    taskCpu: number;
    /**
     * ECS Exec is enabled on the service: every container gets writable mounts for the SSM agent
     * ECS injects ({@link ECS_EXEC_AGENT_PATHS}). @default true
     */
    ecsExec?: boolean;
}

/** The guide's X-Ray daemon snippet ("Set up X-Ray for distributed tracing"), verbatim. */
export const xrayDaemonFromGuide = {
    name: "xray-daemon",
    image: "amazon/aws-xray-daemon",
    cpu: 32,
    memoryReservation: 256,
    portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }],
} as const;

/**
 * The image actually run instead of the guide's `amazon/aws-xray-daemon`: AWS's copy on ECR
 * Public (no Docker Hub rate limits, no pull through a third-party registry) at a pinned
 * release, so the sidecar changes only by a reviewed edit. Release notes:
 * github.com/aws/aws-xray-daemon CHANGELOG.md.
 */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.15";

/**
 * Directories the SSM agent that ECS Exec injects writes to. With a read-only root filesystem
 * they must be writable volumes in every container Exec can open (AWS: "ECS Exec is not
 * supported with a read-only root filesystem" unless these are mounted).
 */
export const ECS_EXEC_AGENT_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"] as const;

/** Variable names that hold credentials: they must come through `secrets`, never `environment`. */
const SECRET_LOOKING = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)/i;

/** ECS volume name for a writable path: `/app/.next/cache` → `app-next-cache`. */
export function volumeName(path: string): string {
    return path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
}

/**
 * Throws, naming the variable or path, when settings are ambiguous, a credential is passed in plain
 * text, a setting changes which code the process loads, or a writable path lies over the
 * application's code or a system directory (policy/lib/facts/containerRuntime.ts, which the pack's
 * ecs-container-start and ecs-read-only-root-filesystem judge by).
 */
export function validateContainerSettings(spec: Pick<ContainerSpec, "name" | "writablePaths" | "stopTimeout"> & {
    /** Names of the plain environment variables. */
    environmentNames: string[];
    /** Names of the secrets. */
    secretNames: string[];
    /**
     * The application service whose code the container runs (`backend`, `frontend`): its own
     * scratch paths (APP_WRITABLE_PATHS) may lie inside its code directory. @default none
     */
    service?: string;
}): void {
    const { secretNames } = spec;
    for (const key of [...spec.environmentNames, ...secretNames]) {
        // Values are judged where they are known (containerDefinitions); a name alone can be enough.
        const problem = runtimeSettingProblem(key, secretNames.includes(key) ? undefined : "", undefined);
        if (problem) throw new Error(`${spec.name}: ${problem}; allowed: the image's own start and the reviewed settings`);
    }
    for (const key of spec.environmentNames) {
        if (SECRET_LOOKING.test(key)) {
            throw new Error(`${spec.name}: environment variable ${key} looks like a credential; ` +
                `pass it in secrets (a Secrets Manager or SSM SecureString ARN), never as plain environment`);
        }
        if (secretNames.includes(key)) {
            throw new Error(`${spec.name}: ${key} is set both as environment and as a secret; allowed: one of the two`);
        }
    }
    const duplicate = secretNames.find((n, i) => secretNames.indexOf(n) !== i);
    if (duplicate) throw new Error(`${spec.name}: secret ${duplicate} is given twice`);
    const service = appServiceOf({ name: spec.service });
    for (const p of spec.writablePaths) {
        if (!p.startsWith("/") || p === "/") throw new Error(`${spec.name}: writable path ${JSON.stringify(p)} must be an absolute directory other than /`);
        const over = writableMountProblem(p, service ? APP_WRITABLE_PATHS[service] : []);
        if (over) throw new Error(`${spec.name}: writable path ${p} lies over ${over}; allowed: scratch paths outside the code and the system directories`);
    }
    if (spec.stopTimeout < 2 || spec.stopTimeout > 120) {
        throw new Error(`${spec.name}: stopTimeout ${spec.stopTimeout}; allowed: 2 to 120 seconds (Fargate)`);
    }
}

function awslogs(spec: ContainerSpec, streamPrefix: string) {
    return {
        logDriver: "awslogs",
        options: { "awslogs-group": spec.logGroupName, "awslogs-region": spec.region, "awslogs-stream-prefix": streamPrefix },
    };
}

/** Paths ECS Exec needs writable in a container (none when Exec is off). */
function execPaths(spec: Pick<ContainerSpec, "ecsExec">): string[] {
    return spec.ecsExec === false ? [] : [...ECS_EXEC_AGENT_PATHS];
}

/** Every path of the task that gets a writable volume: the application's, then ECS Exec's. */
export function taskWritablePaths(spec: Pick<ContainerSpec, "writablePaths" | "ecsExec">): string[] {
    return [...new Set([...spec.writablePaths, ...execPaths(spec)])];
}

/** Volumes the task definition declares for the writable paths (Fargate task storage). */
export function scratchVolumes(spec: Pick<ContainerSpec, "writablePaths" | "ecsExec">): Array<{ name: string }> {
    return taskWritablePaths(spec).map((p) => ({ name: volumeName(p) }));
}

function mounts(paths: string[]) {
    return paths.map((p) => ({ sourceVolume: volumeName(p), containerPath: p, readOnly: false }));
}

/** What the sidecars reserve of the task (CPU share, memory), by name. */
export function sidecarSizes(xray: boolean): ContainerSize[] {
    return xray ? [{ name: xrayDaemonFromGuide.name, cpu: xrayDaemonFromGuide.cpu, memoryReservation: xrayDaemonFromGuide.memoryReservation }] : [];
}

/**
 * The app container's `cpu`: the task's CPU less the sidecars'. A container's `cpu` is its CPU
 * share within the task; left unset it would get the kernel's minimum share (2) against the X-Ray
 * daemon's 32, so under contention the daemon would win (policy/lib/facts/taskSizing.ts).
 */
export function appCpuUnits(taskCpu: number, xray: boolean): number {
    return taskCpu - sidecarSizes(xray).reduce((sum, c) => sum + Number(c.cpu ?? 0), 0);
}

/** The application container, plus the X-Ray daemon when asked. */
export function containerDefinitions(spec: ContainerSpec): object[] {
    validateContainerSettings({ ...spec, service: spec.name, environmentNames: Object.keys(spec.environment), secretNames: spec.secrets.map((s) => s.name) });
    for (const [key, value] of Object.entries(spec.environment)) {
        const problem = runtimeSettingProblem(key, value, spec.port);
        if (problem) throw new Error(`${spec.name}: ${problem}; allowed: the image's own start and the reviewed settings`);
    }
    for (const s of spec.secrets) {
        if (!/^arn:aws[a-z-]*:(secretsmanager|ssm):/.test(s.valueFrom)) {
            throw new Error(`${spec.name}: secret ${s.name} valueFrom must be a Secrets Manager or SSM parameter ARN; got ${JSON.stringify(s.valueFrom)}`);
        }
    }
    const app = {
        name: spec.name,
        image: spec.image,
        essential: true,
        cpu: appCpuUnits(spec.taskCpu, spec.xray),
        portMappings: [{ containerPort: spec.port, hostPort: spec.port, protocol: "tcp" }],
        environment: Object.entries(spec.environment)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => ({ name, value })),
        secrets: [...spec.secrets].sort((a, b) => a.name.localeCompare(b.name)),
        logConfiguration: awslogs(spec, spec.name),
        user: spec.user,
        privileged: false,
        readonlyRootFilesystem: true,
        mountPoints: mounts(taskWritablePaths(spec)),
        // An init process reaps the ECS Exec agent's children and forwards signals.
        linuxParameters: { initProcessEnabled: true },
        ...(spec.healthCheckCommand
            ? { healthCheck: { command: spec.healthCheckCommand, interval: 30, timeout: 5, retries: 3, startPeriod: 60 } }
            : {}),
        stopTimeout: spec.stopTimeout,
    };
    if (!spec.xray) return [app];
    // Not essential: losing traces must not take the application down. The daemon buffers in
    // memory and logs to stdout, so it needs no writable path of its own; ECS Exec injects its
    // agent into every container, so the sidecar gets the agent's mounts too.
    const xray = {
        ...xrayDaemonFromGuide,
        image: XRAY_DAEMON_IMAGE,
        essential: false,
        privileged: false,
        readonlyRootFilesystem: true,
        mountPoints: mounts(execPaths(spec)),
        logConfiguration: awslogs(spec, "xray"),
        // ECS Exec can open sessions here too: the same init process as the app's.
        linuxParameters: { initProcessEnabled: true },
    };
    return [app, xray];
}
