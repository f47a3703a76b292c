import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { Props } from "../lib/effective";
import { CPU_SCALING_METRIC, CPU_SCALING_POLICY, SERVING_CAPACITY } from "../lib/facts/servingCapacity";
import { regionServes } from "../lib/role";
import { knownDeep, knownString, ofType } from "../lib/stack";

const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const DESIRED_COUNT = "ecs:service:DesiredCount";

/** The guide's horizontal scaling commands. */
const GUIDE_SCALING = "Scaling the Application › Horizontal Scaling › AWS Deployment (register-scalable-target --min-capacity 1 --max-capacity 5; put-scaling-policy --policy-name cpu-tracking-scaling-policy)";

/** What scales one service: its scalable target, the scaling policies and scheduled actions on it (each a resource's known props). */
export interface ServiceScaling {
    target: Props | undefined;
    policies: Props[];
    scheduled: Props[];
}

/** A number the props hold (scheduled actions carry capacities as strings), or undefined when unset or unknown. */
function numberOf(v: unknown): number | undefined {
    const n = typeof v === "string" && v !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** Why capacity bounds fall short of SERVING_CAPACITY: the floor below its minCapacity, the ceiling below its maxCapacity. */
function boundsProblems(where: string, link: string, bounds: { minCapacity?: unknown; maxCapacity?: unknown } | undefined): string[] {
    const min = numberOf(bounds?.minCapacity);
    const max = numberOf(bounds?.maxCapacity);
    return [
        ...(min !== undefined && min < SERVING_CAPACITY.minCapacity ? [`${where} minCapacity ${link} ${min}, below the serving floor ${SERVING_CAPACITY.minCapacity}`] : []),
        ...(max !== undefined && max < SERVING_CAPACITY.maxCapacity ? [`${where} maxCapacity ${link} ${max}, below the serving ceiling ${SERVING_CAPACITY.maxCapacity} (auto scaling can never run more tasks)`] : []),
    ];
}

/**
 * Why a service cannot carry production's load while its stack serves: no scalable target on its
 * desired count, bounds below SERVING_CAPACITY (the target's or a scheduled action's), dynamic
 * scale-out suspended, or no CPU target-tracking policy named as the guide names it that can
 * scale out. Empty when it can.
 */
export function servingCapacityProblems(s: ServiceScaling): string[] {
    if (s.target === undefined) {
        return [`no Application Auto Scaling target on ${DESIRED_COUNT}: nothing scales it (the guide registers one, min ${SERVING_CAPACITY.minCapacity}, max ${SERVING_CAPACITY.maxCapacity})`];
    }
    const problems = boundsProblems("the scalable target's", "is", s.target);
    if ((s.target.suspendedState as Props | undefined)?.dynamicScalingOutSuspended === true) {
        problems.push("the scalable target's suspendedState.dynamicScalingOutSuspended is true: no policy adds a task under load");
    }
    for (const action of s.scheduled) {
        problems.push(...boundsProblems(`scheduled action ${action.name ?? "?"} (${String(action.schedule ?? "?")}) sets`, "to", action.scalableTargetAction));
    }
    // A policy whose name, type or configuration is not known yet (preview) is taken as the guide's.
    const pending = (p: Props) => [p.name, p.policyType, p.targetTrackingScalingPolicyConfiguration].includes(UNKNOWN);
    const cpu = s.policies.filter(p => p.name === CPU_SCALING_POLICY || pending(p));
    const tracking = cpu.filter(p => pending(p) || (p.policyType === "TargetTrackingScaling"
        && p.targetTrackingScalingPolicyConfiguration?.predefinedMetricSpecification?.predefinedMetricType === CPU_SCALING_METRIC));
    if (tracking.length === 0) {
        problems.push(`no ${CPU_SCALING_POLICY} target-tracking policy on ${CPU_SCALING_METRIC}${cpu.length > 0 ? " (the policy of that name tracks something else)" : ""}: the task count does not follow the load`);
    } else if (tracking.every(p => !pending(p) && p.targetTrackingScalingPolicyConfiguration?.disableScaleOut === true)) {
        problems.push(`the ${CPU_SCALING_POLICY} policy has disableScaleOut true: it never adds a task`);
    }
    return problems;
}

/** Stands for a value not known yet (preview): it is not judged. */
export const UNKNOWN = Symbol("unknown");

/** A resource's scaling keys and `keys`, each known (copied out) or UNKNOWN. */
function read(r: PolicyResource, keys: readonly string[]): Props {
    return Object.fromEntries(["resourceId", "scalableDimension", ...keys].map(k => [k, knownDeep(() => r.props[k] as unknown, UNKNOWN)]));
}

/** The name of the cluster a service runs in: the tail of the cluster's ARN, or the name itself. */
function clusterName(service: PolicyResource): string | undefined {
    const cluster = knownString(service, "cluster");
    return cluster === undefined ? undefined : cluster.replace(/^arn:[^:]+:ecs:[^:]*:\d*:cluster\//, "");
}

export const ecsServingCapacity = stackPolicy<{ fenced: boolean }>({
    name: "ecs-serving-capacity",
    description: `While the stack serves production (prod unless fenced; dr in the promote and promoted phases), every ECS service has an Application Auto Scaling target on its desired count allowing at least min ${SERVING_CAPACITY.minCapacity} and max ${SERVING_CAPACITY.maxCapacity} tasks (the guide's bounds; no scheduled action lowers them, dynamic scale-out not suspended) and the guide's ${CPU_SCALING_POLICY} target-tracking policy on CPU, able to scale out; judged on the deployed values too.`,
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_SCALING,
        fsbpControl: undefined,
        remediationSteps: `Keep components/compute/Service's scaling: an aws.appautoscaling.Target per service with minCapacity >= ${SERVING_CAPACITY.minCapacity} and maxCapacity >= ${SERVING_CAPACITY.maxCapacity} ` +
            `(dr takes prod's sizes from the promote phase on) and a TargetTrackingScaling policy named ${CPU_SCALING_POLICY} on ${CPU_SCALING_METRIC}; after a console change, redeploy (pulumi up --refresh) to restore the bounds.`,
    },
    config: {
        fenced: {
            type: "boolean", default: false,
            description: "Whether prod is fenced (`expertconnect:dr.fenced`, policy/config/prod-fenced.json): its services then run no task and are not judged (default false: prod serves). dr's phase is read from the stack (its drPhase output or the FailoverPhase tag).",
        },
    },
    types: [SERVICE, TARGET, SCALING_POLICY, SCHEDULED_ACTION],
    onlyWith: SERVICE,
    validate: (resources, report, { config }) => {
        const now = regionServes(config.environment, config.fenced, resources);
        if (now === undefined || !now.serves) {
            return;
        }
        const targets = ofType(resources, [TARGET]).map(r => read(r, ["minCapacity", "maxCapacity", "suspendedState"]));
        const policies = ofType(resources, [SCALING_POLICY]).map(r => read(r, ["name", "policyType", "targetTrackingScalingPolicyConfiguration"]));
        const scheduled = ofType(resources, [SCHEDULED_ACTION]).map((r): Props => ({ ...read(r, ["schedule", "scalableTargetAction"]), name: r.name }));
        // Preview may not know a resource id yet: then which service it scales can't be told, and nothing is judged.
        if ([...targets, ...policies, ...scheduled].some(x => x.resourceId === UNKNOWN)) {
            return;
        }
        const on = (id: string) => (x: Props) => x.resourceId === id && [DESIRED_COUNT, UNKNOWN, undefined].includes(x.scalableDimension);
        for (const service of ofType(resources, [SERVICE])) {
            const name = knownString(service, "name");
            const cluster = clusterName(service);
            if (name === undefined || cluster === undefined) {
                continue;
            }
            const id = `service/${cluster}/${name}`;
            const problems = servingCapacityProblems({
                target: targets.find(on(id)),
                policies: policies.filter(on(id)),
                scheduled: scheduled.filter(on(id)),
            });
            for (const problem of problems) {
                report(`service ${name} (${id}): ${problem}, while the stack serves production (${config.environment}: ${now.phase}); ` +
                    `it must carry production's load: restore the target and policy the program deploys (min ${SERVING_CAPACITY.minCapacity}, max ${SERVING_CAPACITY.maxCapacity}, ${CPU_SCALING_POLICY}).`, service.urn);
            }
        }
    },
});
