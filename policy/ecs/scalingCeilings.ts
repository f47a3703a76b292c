import { PolicyResource } from "@pulumi/policy";

import { StackBounds } from "../cloudwatch/metricBounds";
import { stackPolicy } from "../lib/define";
import { containersOf } from "../lib/containers";
import { connectionsPerContainer, DATABASE_HOST_SETTING } from "../lib/facts/databaseClients";
import { Ceiling, serviceCeiling, serviceResourceId } from "../lib/scalingCeiling";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { ECS_SERVICE, ECS_TASK_DEFINITION, RDS_INSTANCE, RDS_PARAMETER_GROUP, SCALABLE_TARGET, SCALING_POLICY, SCHEDULED_ACTION } from "../lib/tokens";

const TARGET = SCALABLE_TARGET[0];
const DESIRED_COUNT = "ecs:service:DesiredCount";

/** One service's share of the database's connections at its ceiling. */
interface ConnectionDemand {
    service: PolicyResource;
    name: string;
    ceiling: Ceiling;
    perTask: number;
}

/** Plain props of the stack's targets and scheduled actions, for serviceCeiling (unknown values read as undefined). */
function scalingSources(resources: PolicyResource[]) {
    return ofType(resources, [TARGET, ...SCHEDULED_ACTION]).map(r => ({
        name: r.name,
        kind: r.type === TARGET ? "target" as const : "scheduled" as const,
        resourceId: knownDeep(() => r.props.resourceId as unknown),
        scalableDimension: knownDeep(() => r.props.scalableDimension as unknown),
        maxCapacity: knownDeep(() => r.props.maxCapacity as unknown),
        scalableTargetAction: knownDeep(() => r.props.scalableTargetAction as Record<string, unknown> | undefined),
    }));
}

/**
 * The max_connections the services' connections land on: the smallest of the stack's writable
 * (primary) instances, or of its replicas when it holds only replicas (dr in standby); undefined
 * when none is known.
 */
function databaseLimit(resources: PolicyResource[]): { limit: number; instance: PolicyResource } | undefined {
    const bounds = new StackBounds(resources);
    const instances = ofType(resources, RDS_INSTANCE);
    const primaries = instances.filter(db => !known(() => db.props.replicateSourceDb, undefined));
    const limits = (primaries.length > 0 ? primaries : instances).flatMap(db => {
        const identifier = knownString(db, "identifier");
        const limit = identifier === undefined ? undefined : bounds.maxConnections(identifier);
        return limit === undefined ? [] : [{ limit, instance: db }];
    });
    return limits.sort((a, b) => a.limit - b.limit)[0];
}

/** Why a service cannot give capacity back: its scalable target or its target-tracking policies never scale in. */
function scaleInProblems(id: string, resources: PolicyResource[], exempt: readonly string[], maxCooldown: number): string[] {
    const on = (r: PolicyResource) => knownString(r, "resourceId") === id && [DESIRED_COUNT, undefined].includes(knownString(r, "scalableDimension"));
    const problems: string[] = [];
    for (const target of ofType(resources, [TARGET]).filter(on)) {
        if (knownDeep(() => target.props.suspendedState?.dynamicScalingInSuspended) === true) {
            problems.push(`its scalable target's suspendedState.dynamicScalingInSuspended is true: no policy removes a task once added`);
        }
    }
    for (const policy of ofType(resources, SCALING_POLICY).filter(on)) {
        const name = knownString(policy, "name") ?? policy.name;
        const tracking = knownDeep(() => policy.props.targetTrackingScalingPolicyConfiguration as Record<string, unknown> | undefined);
        if (knownString(policy, "policyType") !== "TargetTrackingScaling" || tracking === undefined || exempt.includes(name)) continue;
        if (tracking.disableScaleIn === true) {
            problems.push(`target-tracking policy ${name} has disableScaleIn true: it never removes a task, so every spike ratchets the service towards its ceiling`);
        }
        const cooldown = typeof tracking.scaleInCooldown === "number" ? tracking.scaleInCooldown : undefined;
        if (cooldown !== undefined && cooldown > maxCooldown) {
            problems.push(`target-tracking policy ${name} waits ${cooldown} s between scale-ins (at most ${maxCooldown}): capacity added by a spike stays for hours`);
        }
    }
    return problems;
}

export const ecsScalingCeilings = stackPolicy<{ maximumShareOfMaxConnections: number; maximumScaleInCooldownSeconds: number; scaleInDisabledPolicies: string[] }>({
    name: "ecs-scaling-ceilings",
    description: `Every ECS service's scaling ceiling fits what sits downstream and can be left again: the services whose containers are told ${DATABASE_HOST_SETTING} ` +
        "(each task opening its gunicorn workers × threads connections, policy/lib/facts/databaseClients.ts, read from the task's command line and environment) " +
        "open at their ceilings (the largest of the desired count, the scalable target's maxCapacity and every capacity a scheduled action sets; deployed values count) " +
        "at most maximumShareOfMaxConnections of the database's max_connections (its parameter group's, or the class's default); " +
        "and auto scaling can scale each service in: no target-tracking policy with disableScaleIn (unless listed in scaleInDisabledPolicies), no scale-in cooldown above maximumScaleInCooldownSeconds, dynamic scale-in not suspended.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Scaling the Application › Horizontal Scaling › AWS Deployment; Monitoring System Health › Configure CloudWatch Alarms (expertconnect-db-connections-high)",
        fsbpControl: undefined,
        remediationSteps: "Keep services.<svc>.maxCapacity and every scheduled action's capacities so that ceiling × connections per task stays within the share of the database's max_connections " +
            "(or size the database, or a connection pooler such as RDS Proxy, for the ceiling); keep the backend's WEB_CONCURRENCY and GUNICORN_CMD_ARGS as policy/lib/facts/databaseClients.ts states them; " +
            "keep components/compute/autoscaling.ts's policies able to scale in (disableScaleIn unset, scale-in cooldown 300 s) and redeploy after a console change.",
    },
    config: {
        maximumShareOfMaxConnections: {
            type: "number",
            exclusiveMinimum: 0,
            maximum: 1,
            default: 0.8,
            description: "Largest share of the database's max_connections the services may open at their ceilings (default 0.8, where the connections alarm pages): the rest is for the migration task, the maintenance function, operators' sessions and RDS's reserved superuser connections.",
        },
        maximumScaleInCooldownSeconds: {
            type: "number",
            minimum: 0,
            default: 3600,
            description: "Longest scale-in cooldown of a target-tracking policy, in seconds (default 3600; AWS's default for ECS and the program's is 300): a longer one keeps a spike's capacity, and its cost, for hours.",
        },
        scaleInDisabledPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Names of target-tracking policies designed never to scale in (default none: every policy the program creates scales in).",
        },
    },
    types: [...ECS_SERVICE, ...ECS_TASK_DEFINITION, ...SCALABLE_TARGET, ...SCALING_POLICY, ...SCHEDULED_ACTION, ...RDS_INSTANCE, ...RDS_PARAMETER_GROUP],
    onlyWith: ECS_SERVICE[0],
    validate: (resources, report, { config }) => {
        const sources = scalingSources(resources);
        const taskDefinitionOf = linker(ofType(resources, ECS_TASK_DEFINITION), ["arn", "arnWithoutRevision", "family"]);
        const demands: ConnectionDemand[] = [];
        for (const service of ofType(resources, ECS_SERVICE)) {
            const name = knownString(service, "name");
            const cluster = knownString(service, "cluster");
            if (name === undefined || cluster === undefined) continue;
            const id = serviceResourceId(cluster, name);
            for (const problem of scaleInProblems(id, resources, config.scaleInDisabledPolicies, config.maximumScaleInCooldownSeconds)) {
                report(`service ${name} (${id}): ${problem}; keep scale-in on so capacity follows the load back down.`, service.urn);
            }
            const definition = taskDefinitionOf(service, "taskDefinition")[0];
            const containers = definition === undefined ? undefined : containersOf(knownDeep(() => definition.props.containerDefinitions as unknown));
            if (containers === undefined) continue; // not known yet (preview): can't judge this service
            const perTask = containers.reduce((sum, c) => sum + connectionsPerContainer(c), 0);
            if (perTask > 0) {
                demands.push({ service, name, perTask, ceiling: serviceCeiling(id, knownDeep(() => service.props.desiredCount as unknown), sources) });
            }
        }
        const database = demands.length === 0 ? undefined : databaseLimit(resources);
        if (database === undefined) return;
        const allowed = Math.floor(database.limit * config.maximumShareOfMaxConnections);
        const total = demands.reduce((sum, d) => sum + d.ceiling.tasks * d.perTask, 0);
        if (total <= allowed) return;
        const parts = demands.map(d => `${d.name} ${d.ceiling.tasks} tasks (${d.ceiling.setBy}) × ${d.perTask} connections`).join(" + ");
        const largest = [...demands].sort((a, b) => b.ceiling.tasks * b.perTask - a.ceiling.tasks * a.perTask)[0];
        report(`at their scaling ceilings the database's clients open ${total} connections (${parts}), more than ${allowed}, ` +
            `${Math.round(config.maximumShareOfMaxConnections * 100)}% of RDS instance ${knownString(database.instance, "identifier")}'s max_connections ${database.limit}: ` +
            `scaling out would exhaust the database and turn load into refused connections; lower the ceiling or size the database for it.`, largest.service.urn);
    },
});
