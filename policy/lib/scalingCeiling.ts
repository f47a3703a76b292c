/**
 * The most tasks an ECS service can run, from plain values (so the cost estimate, which reads
 * plain props, and the stack policies agree): the largest of its desired count, its scalable
 * target's maxCapacity and every capacity a scheduled action on it sets. A scheduled action
 * overrides the target's min and max when it runs (Application Auto Scaling, "Scheduled
 * scaling"), so a min of 50 runs 50 tasks whatever the target said before.
 */

/** Application Auto Scaling's resource id of an ECS service's desired count. */
export function serviceResourceId(cluster: string, serviceName: string): string {
    return `service/${cluster.replace(/^arn:[^:]+:ecs:[^:]*:\d*:cluster\//, "")}/${serviceName}`;
}

/** What scales on a resource id: a scalable target or a scheduled action (plain props). */
export interface ScalingSource {
    resourceId?: unknown;
    scalableDimension?: unknown;
    /** A target's bounds. */
    minCapacity?: unknown;
    maxCapacity?: unknown;
    /** A scheduled action's bounds. */
    scalableTargetAction?: { minCapacity?: unknown; maxCapacity?: unknown };
}

/** The most tasks a service runs, and what sets it. */
export interface Ceiling {
    tasks: number;
    /** e.g. "scalable target maxCapacity", "scheduled action backend-load-test minCapacity". */
    setBy: string;
}

const DESIRED_COUNT = "ecs:service:DesiredCount";

/** A number given as a number or a numeric string (scheduled actions carry strings); undefined otherwise. */
function count(v: unknown): number | undefined {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/**
 * The service's ceiling. `sources` are the stack's targets and scheduled actions, each with a
 * `name` for the message; one whose resource id is not known (a preview) might scale this
 * service, so it counts (the ceiling errs high, never low).
 */
export function serviceCeiling(resourceId: string, desiredCount: unknown, sources: Array<ScalingSource & { name: string; kind: "target" | "scheduled" }>): Ceiling {
    let ceiling: Ceiling = { tasks: count(desiredCount) ?? 0, setBy: "desiredCount" };
    const raise = (v: unknown, setBy: string) => {
        const n = count(v);
        if (n !== undefined && n > ceiling.tasks) ceiling = { tasks: n, setBy };
    };
    for (const s of sources) {
        const mine = typeof s.resourceId !== "string" || s.resourceId === resourceId;
        const dimension = s.scalableDimension === undefined || typeof s.scalableDimension !== "string" || s.scalableDimension === DESIRED_COUNT;
        if (!mine || !dimension) continue;
        if (s.kind === "target") {
            raise(s.maxCapacity, `scalable target ${s.name} maxCapacity`);
        } else {
            raise(s.scalableTargetAction?.maxCapacity, `scheduled action ${s.name} maxCapacity`);
            raise(s.scalableTargetAction?.minCapacity, `scheduled action ${s.name} minCapacity`);
        }
    }
    return ceiling;
}
