import { PolicyResource } from "@pulumi/policy";

import { fencedProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { Props } from "../lib/effective";
import { CPU_SCALING_METRIC, CPU_SCALING_POLICY, CPU_SCALING_RESPONSE, INTERRUPTIBLE_PROVIDER, SERVING_CAPACITY, SERVING_ZONES } from "../lib/facts/servingCapacity";
import { regionState } from "../lib/role";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { capacityProblem, responseProblems, StrategyItem, zoneProblem } from "./servingPlacement";

const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const DESIRED_COUNT = "ecs:service:DesiredCount";
const SUBNET = "aws:ec2/subnet:Subnet";
const CLUSTER_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";

/** The guide's horizontal scaling commands. */
const GUIDE_SCALING = "Scaling the Application › Horizontal Scaling › AWS Deployment (register-scalable-target --min-capacity 1 --max-capacity 5; put-scaling-policy --policy-name cpu-tracking-scaling-policy)";

/** What scales one service: its scalable target, the scaling policies and scheduled actions on it (each a resource's known props). */
export interface ServiceScaling {
    target: Props | undefined;
    policies: Props[];
    scheduled: Props[];
}

/** A number the props hold (scheduled actions carry capacities as strings), or undefined when unset or unknown. */
export function numberOf(v: unknown): number | undefined {
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
    } else {
        // Each policy of the guide's name scales the service: the slowest one holds the task count back.
        problems.push(...tracking.filter(p => !pending(p)).flatMap(p => responseProblems(p.targetTrackingScalingPolicyConfiguration ?? {})));
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

/** Each subnet of the stack's zone by subnet id (the tail of its ARN). */
function subnetZones(resources: PolicyResource[]): Map<string, string | undefined> {
    const zones = new Map<string, string | undefined>();
    for (const subnet of ofType(resources, [SUBNET])) {
        const id = knownString(subnet, "arn")?.replace(/^.*:subnet\//, "");
        if (id) zones.set(id, knownString(subnet, "availabilityZone") ?? knownString(subnet, "availabilityZoneId"));
    }
    return zones;
}

/** Each cluster's default capacity provider strategy by cluster name (undefined: not known). */
function clusterDefaults(resources: PolicyResource[]): Map<string, StrategyItem[] | undefined> {
    return new Map(ofType(resources, [CLUSTER_PROVIDERS]).flatMap(r => {
        const name = knownString(r, "clusterName")?.replace(/^arn:[^:]+:ecs:[^:]*:\d*:cluster\//, "");
        const strategy: StrategyItem[] | undefined = knownDeep(() => r.props.defaultCapacityProviderStrategies as StrategyItem[] | undefined);
        return name === undefined ? [] : [[name, strategy] as [string, StrategyItem[] | undefined]];
    }));
}

/** Why the service's tasks do not survive a zone's loss or a Spot reclaim (servingPlacement.ts). */
function placementProblems(service: PolicyResource, cluster: string, zones: Map<string, string | undefined>, defaults: Map<string, StrategyItem[] | undefined>): string[] {
    const problems: string[] = [];
    const subnets = knownDeep(() => service.props.networkConfiguration?.subnets as unknown, UNKNOWN);
    if (Array.isArray(subnets) && subnets.every(s => typeof s === "string")) {
        const zone = zoneProblem(subnets as string[], (subnets as string[]).map(s => zones.get(s)));
        if (zone) problems.push(zone);
    }
    const launchType = knownDeep(() => service.props.launchType as unknown, UNKNOWN);
    const strategy = knownDeep(() => service.props.capacityProviderStrategies as unknown, UNKNOWN);
    if (launchType !== UNKNOWN && strategy !== UNKNOWN) {
        const capacity = capacityProblem({ launchType, strategy: strategy as StrategyItem[] | undefined, clusterDefault: defaults.get(cluster) });
        if (capacity) problems.push(capacity);
    }
    return problems;
}

export const ecsServingCapacity = stackPolicy<{ fenced: boolean }>({
    name: "ecs-serving-capacity",
    description: `While the stack serves production (prod unless fenced; dr in the promote and promoted phases), every ECS service has an Application Auto Scaling target on its desired count allowing at least min ${SERVING_CAPACITY.minCapacity} and max ${SERVING_CAPACITY.maxCapacity} tasks (the guide's bounds; no scheduled action lowers them, dynamic scale-out not suspended) and the guide's ${CPU_SCALING_POLICY} target-tracking policy on CPU, able to scale out, with a target of at most ${CPU_SCALING_RESPONSE.maxTargetPercent} % and a scale-out cooldown of at most ${CPU_SCALING_RESPONSE.maxScaleOutCooldownSeconds} s; ` +
        `in every phase (a pilot light or a fenced stack is what a failover or fail-back scales up) its tasks survive a zone's loss and capacity reclaim: its subnets span at least ${SERVING_ZONES} Availability Zones (each subnet's zone read from the stack), and the capacity it is placed on (its launch type, its capacity provider strategy or its cluster's default, base first, then by weight) keeps its ${SERVING_CAPACITY.minCapacity}-task serving floor off ${INTERRUPTIBLE_PROVIDER}; judged on the deployed values too.`,
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_SCALING,
        fsbpControl: undefined,
        remediationSteps: `Keep components/compute/Service's scaling: an aws.appautoscaling.Target per service with minCapacity >= ${SERVING_CAPACITY.minCapacity} and maxCapacity >= ${SERVING_CAPACITY.maxCapacity} ` +
            `(dr takes prod's sizes from the promote phase on) and a TargetTrackingScaling policy named ${CPU_SCALING_POLICY} on ${CPU_SCALING_METRIC} (services.<svc>.cpuTargetPercent, scale-out cooldown 60 s); ` +
            `keep each service on launchType FARGATE (or a strategy whose FARGATE base covers the floor) in the private subnets of every zone; after a console change, redeploy (pulumi up --refresh) to restore the bounds.`,
    },
    config: {
        fenced: fencedProperty("its services then run no task and are not judged here (dr-fenced-region-closed holds them at zero)"),
    },
    types: [SERVICE, TARGET, SCALING_POLICY, SCHEDULED_ACTION, SUBNET, CLUSTER_PROVIDERS],
    onlyWith: SERVICE,
    validate: (resources, report, { config }) => {
        const zones = subnetZones(resources);
        const defaults = clusterDefaults(resources);
        // Where tasks run is judged in every phase: a pilot light (dr standby), a fenced stack and a
        // stack whose phase is not known keep the placement their services are scaled up on later.
        const placement = new Map(ofType(resources, [SERVICE]).flatMap(service => {
            const cluster = clusterName(service);
            return cluster === undefined ? [] : [[service, placementProblems(service, cluster, zones, defaults)] as const];
        }));
        const now = regionState(config.environment, config.fenced, resources);
        const serves = now !== undefined && now.serves;
        const targets = ofType(resources, [TARGET]).map(r => read(r, ["minCapacity", "maxCapacity", "suspendedState"]));
        const policies = ofType(resources, [SCALING_POLICY]).map(r => read(r, ["name", "policyType", "targetTrackingScalingPolicyConfiguration"]));
        const scheduled = ofType(resources, [SCHEDULED_ACTION]).map((r): Props => ({ ...read(r, ["schedule", "scalableTargetAction"]), name: r.name }));
        // Preview may not know a resource id yet: then which service it scales can't be told, and its scaling is not judged.
        const scalingKnown = ![...targets, ...policies, ...scheduled].some(x => x.resourceId === UNKNOWN);
        const on = (id: string) => (x: Props) => x.resourceId === id && [DESIRED_COUNT, UNKNOWN, undefined].includes(x.scalableDimension);
        for (const [service, placed] of placement) {
            const name = knownString(service, "name");
            const cluster = clusterName(service)!;
            const id = `service/${cluster}/${name ?? service.name}`;
            const scaling = serves && scalingKnown && name !== undefined ? servingCapacityProblems({
                target: targets.find(on(id)),
                policies: policies.filter(on(id)),
                scheduled: scheduled.filter(on(id)),
            }) : [];
            for (const problem of scaling) {
                report(`service ${name} (${id}): ${problem}, while the stack serves production (${config.environment}: ${now!.phase}); ` +
                    `it must carry production's load: restore what the program deploys (min ${SERVING_CAPACITY.minCapacity}, max ${SERVING_CAPACITY.maxCapacity}, ${CPU_SCALING_POLICY}, FARGATE in every zone's private subnet).`, service.urn);
            }
            for (const problem of placed) {
                report(`service ${name ?? service.name} (${id}): ${problem}; ${serves ? `the stack serves production (${config.environment}: ${now!.phase})` :
                    `the stack does not serve now (${config.environment}: ${now?.phase ?? "phase not known"}), but these tasks are what a failover or fail-back scales up`}: ` +
                    "keep FARGATE in every zone's private subnet.", service.urn);
            }
        }
    },
});
