/** The parts of an ECS container definition the pack inspects. */
export interface ContainerDefinition {
    name?: string;
    /** Whether the task stops when this container stops. Unset: essential (ECS's default). */
    essential?: boolean;
    privileged?: boolean;
    /** `name|uid[:group|gid]`; unset, the image's default user. */
    user?: string;
    linuxParameters?: {
        capabilities?: { add?: string[] };
        devices?: { hostPath?: string; containerPath?: string }[];
        /** Runs an init process as PID 1 that forwards signals and reaps orphaned processes. */
        initProcessEnabled?: boolean;
    };
    dockerSecurityOptions?: string[];
    readonlyRootFilesystem?: boolean;
    logConfiguration?: { logDriver?: string };
    environment?: { name?: string; value?: string }[];
    command?: string[];
    entryPoint?: string[];
    healthCheck?: { command?: string[] };
    /** Containers that must reach a condition (START, COMPLETE, SUCCESS, HEALTHY) before this one starts. */
    dependsOn?: { containerName?: string; condition?: string }[];
    /** The task's volumes this container mounts, and where. */
    mountPoints?: { sourceVolume?: string; containerPath?: string; readOnly?: boolean }[];
    dockerLabels?: Record<string, string>;
    image?: string;
    secrets?: { name?: string; valueFrom?: string }[];
    /** Files of variables ECS reads at each task start (`type: "s3"`, `value`: the object's ARN). */
    environmentFiles?: { type?: string; value?: string }[];
    portMappings?: { containerPort?: number; protocol?: string }[];
    /** CPU units: a relative share of the task's CPU (lib/facts/taskSizing.ts). */
    cpu?: number;
    /** Hard memory limit, MiB. */
    memory?: number;
    /** Soft memory limit, MiB: what ECS sets aside for the container. */
    memoryReservation?: number;
    ulimits?: { name?: string; softLimit?: number; hardLimit?: number }[];
}

/**
 * The containers of a task definition. `containerDefinitions` is a JSON string in @pulumi/aws;
 * undefined when it does not parse to a list (ECS would reject it).
 */
export function containersOf(containerDefinitions: unknown): ContainerDefinition[] | undefined {
    let parsed: unknown = containerDefinitions;
    if (typeof containerDefinitions === "string") {
        try {
            parsed = JSON.parse(containerDefinitions);
        } catch {
            return undefined;
        }
    }
    return Array.isArray(parsed) ? (parsed as ContainerDefinition[]) : undefined;
}

/** A container's name for messages. */
export function containerName(container: ContainerDefinition, index: number): string {
    return container.name ?? `#${index}`;
}
