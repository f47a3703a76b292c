/**
 * Class 3: the names the guide's commands act on in context: the container `execute-command`
 * names in the backend's task family, and each service's scalable target and CPU policy
 * `cpu-tracking-scaling-policy` (the frontend's policy of the same name does not stand in).
 */
import { all, Case, edit, named, remove, suite } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const SVC = "aws:ecs/service:Service";
const POLICY = "aws:appautoscaling/policy:Policy";

/** Edits the backend task definition's container list. */
const containers = (fn: (list: { name: string; [k: string]: unknown }[]) => void) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    fn(list);
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

const violations: Case[] = [
    {
        name: "the backend container renamed to 'api' (the guide's --container backend breaks)", change: all(
            containers(list => { list[0].name = "api"; }),
            edit(SVC, p => { p.loadBalancers = p.loadBalancers.map((l: object) => ({ ...l, containerName: "api" })); }, named("backend-service"))),
    },
    { name: "the backend container renamed to 'django'", change: containers(list => { list[0].name = "django"; }) },
    { name: "the backend's cpu-tracking-scaling-policy removed", change: remove(POLICY, named("backend-cpu-tracking-scaling-policy")) },
    { name: "the backend's CPU scaling policy renamed", change: edit(POLICY, p => { p.name = "backend-cpu"; }, named("backend-cpu-tracking-scaling-policy")) },
    { name: "the frontend's CPU scaling policy renamed", change: edit(POLICY, p => { p.name = "frontend-cpu"; }, named("frontend-cpu-tracking-scaling-policy")) },
    { name: "the backend's scalable target removed", change: remove("aws:appautoscaling/target:Target", named("backend-scaling")) },
    { name: "the Config delivery channel renamed", change: edit("aws:cfg/deliveryChannel:DeliveryChannel", p => { p.name = "expertconnect"; }) },
];

const compliant: Case[] = [
    { name: "the CPU policy's target value tuned", change: edit(POLICY, p => { p.targetTrackingScalingPolicyConfiguration = { ...p.targetTrackingScalingPolicyConfiguration, targetValue: 60 }; }, named("backend-cpu-tracking-scaling-policy")) },
    { name: "the backend container's stop timeout raised", change: containers(list => { list[0].stopTimeout = 60; }) },
];

suite("adversarial class 3: the guide's commands in context", violations, compliant);
