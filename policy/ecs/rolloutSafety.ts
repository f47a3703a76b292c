/**
 * A release can be stopped and does not cut requests. `pulumi up` waits for the rollout's outcome
 * (waitForSteadyState: without it the provider returns once UpdateService is accepted, so a release
 * the circuit breaker rolls back shows as deployed and the steps after it go ahead); a task leaving
 * the load balancer keeps its in-flight requests until they can finish (ECS waits for the target to
 * drain, for the target group's deregistration delay, before it stops the task); and the container
 * the load balancer sends requests to is essential (ECS derives a task's health from its essential
 * containers only and stops a task when an essential container exits: a non-essential serving
 * container can crash or fail its health check while the task, and the rollout, count as healthy;
 * and for the same reason no other container is essential: a sidecar's crash would stop the app).
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { containersOf } from "../lib/containers";
import { APP_REQUEST_SECONDS } from "../lib/facts/appHealth";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, ECS_TASK_DEFINITION } from "../lib/tokens";

const TARGET_GROUP = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;

/** Elastic Load Balancing's deregistration delay when a target group does not set it (seconds). */
const ELB_DEFAULT_DEREGISTRATION_DELAY = 300;

interface LoadBalancerEntry { targetGroupArn?: string; containerName?: string }

/** A number the props hold (target group attributes may come back as strings), or undefined. */
function seconds(v: unknown): number | undefined {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** What is wrong with one service's rollout: each a sentence, with the resource to change. */
export function rolloutProblems(service: PolicyResource, groupsOf: (arn: string | undefined) => PolicyResource[], definition: PolicyResource | undefined): Array<{ message: string; urn: string }> {
    const problems: Array<{ message: string; urn: string }> = [];
    const name = knownString(service, "name") ?? service.name;
    const wait = knownDeep(() => service.props.waitForSteadyState as unknown, "unknown");
    if (wait !== true && wait !== "unknown") {
        problems.push({
            urn: service.urn,
            message: `service ${name}: waitForSteadyState is ${wait === undefined ? "unset (the provider's default, false)" : String(wait)}: pulumi up returns once ECS accepts the new task definition, ` +
                "so a release that fails and is rolled back by the circuit breaker shows as deployed and every later step (dr, DNS, the next release) goes ahead; set waitForSteadyState true.",
        });
    }
    const entries = knownDeep(() => service.props.loadBalancers as LoadBalancerEntry[] | undefined, undefined) ?? [];
    const containers = definition ? containersOf(knownDeep(() => definition.props.containerDefinitions as unknown)) : undefined;
    for (const entry of entries) {
        for (const group of groupsOf(entry.targetGroupArn)) {
            const raw = knownDeep(() => group.props.deregistrationDelay as unknown, "unknown");
            const delay = raw === undefined ? ELB_DEFAULT_DEREGISTRATION_DELAY : seconds(raw);
            if (delay !== undefined && delay < APP_REQUEST_SECONDS) {
                problems.push({
                    urn: group.urn,
                    message: `target group ${knownString(group, "name") ?? group.name} (service ${name}, container ${entry.containerName ?? "?"}): deregistrationDelay ${delay} s is shorter than the application's longest request (${APP_REQUEST_SECONDS} s, policy/lib/facts/appHealth.ts): ` +
                        `ECS stops a task once its target has drained, so at every deploy and scale-in requests still running (payments, credit transactions) are cut; set at least ${APP_REQUEST_SECONDS}.`,
                });
            }
        }
        const container = containers?.find((c) => c.name === entry.containerName);
        if (container && container.essential === false) {
            problems.push({
                urn: definition!.urn,
                message: `task definition ${knownString(definition!, "family") ?? definition!.name}: container ${entry.containerName}, which the load balancer sends service ${name}'s requests to, is not essential: ` +
                    "ECS judges the task's health by its essential containers only and keeps the task running when a non-essential one exits, so a crashed or unhealthy app keeps its task (and a failed rollout passes); make the serving container essential (essential true or unset).",
            });
        }
    }
    // The other way round: a sidecar (X-Ray daemon, log router, exporter) that is essential stops
    // every task of the service when it exits, so a tracing or logging crash takes the app down and
    // a sidecar that cannot start fails the rollout of an app that is fine.
    const serving = new Set(entries.map((e) => e.containerName));
    for (const sidecar of serving.size > 0 ? containers ?? [] : []) {
        if (serving.has(sidecar.name) || sidecar.essential === false) continue;
        problems.push({
            urn: definition!.urn,
            message: `task definition ${knownString(definition!, "family") ?? definition!.name}: container ${sidecar.name ?? "?"}, a sidecar of service ${name} (the load balancer sends requests to ${[...serving].join(", ")}), is essential${sidecar.essential === undefined ? " (ECS's default when unset)" : ""}: ` +
                "ECS stops the whole task when an essential container exits, so a crash of the sidecar stops the app's task with it; set essential false on every container but the serving one.",
        });
    }
    return problems;
}

export const ecsRolloutSafety = stackPolicy({
    name: "ecs-rollout-safety",
    description: `A release can be stopped and does not cut requests: every ECS service on the ECS deployment controller waits for steady state (pulumi up fails when the rollout fails instead of reporting success), each target group a service registers with drains for at least the application's longest request (${APP_REQUEST_SECONDS} s, policy/lib/facts/appHealth.ts; unset is ELB's 300 s), and the container the load balancer sends requests to (the one its health check watches) is essential while no other container of its task is (a sidecar's exit would stop the app's task).`,
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Update Procedures › Code Updates",
        fsbpControl: undefined,
        remediationSteps: `Keep components/compute/Service's settings: waitForSteadyState true on the service, deregistrationDelay of at least ${APP_REQUEST_SECONDS} s on its target group (components/compute/LoadBalancer.ts), ` +
            "and essential true (or unset) on the container the service's loadBalancers entry names, essential false on every other container of its task (the X-Ray daemon, a log router).",
    },
    types: [...ECS_SERVICE, ...ECS_TASK_DEFINITION, ...TARGET_GROUP],
    onlyWith: ECS_SERVICE[0],
    validate: (resources, report) => {
        const groups = ofType(resources, TARGET_GROUP);
        const groupByArn = new Map(groups.flatMap((g) => { const arn = knownString(g, "arn"); return arn ? [[arn, g] as const] : []; }));
        const definitions = ofType(resources, ECS_TASK_DEFINITION);
        const definitionByArn = new Map(definitions.flatMap((d) => { const arn = knownString(d, "arn"); return arn ? [[arn, d] as const] : []; }));
        for (const service of ofType(resources, ECS_SERVICE)) {
            // CodeDeploy and external controllers deploy by other means (ecs-codedeploy-rollback, ecs-deployment-circuit-breaker).
            const controller = knownDeep(() => (service.props.deploymentController as { type?: string } | undefined)?.type, "unknown");
            if (controller !== undefined && controller !== "ECS") continue;
            // By value (what AWS joins), else by the property's dependencies while ids are unknown (preview).
            const groupsOf = (arn: string | undefined) => {
                const byValue = arn !== undefined ? groupByArn.get(arn) : undefined;
                if (byValue) return [byValue];
                return arn === undefined ? (service.propertyDependencies.loadBalancers ?? []).filter((r) => (TARGET_GROUP as readonly string[]).includes(r.type)) : [];
            };
            const taskDefinitionArn = knownString(service, "taskDefinition");
            const definition = taskDefinitionArn !== undefined ? definitionByArn.get(taskDefinitionArn)
                : (service.propertyDependencies.taskDefinition ?? []).find((r) => r.type === ECS_TASK_DEFINITION[0]);
            for (const { message, urn } of rolloutProblems(service, groupsOf, definition)) report(message, urn);
        }
    },
});
