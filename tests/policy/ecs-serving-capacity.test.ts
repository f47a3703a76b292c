/**
 * ecs-serving-capacity: while a stack serves production, each service's auto scaling lets it
 * carry production's load (the guide's bounds and CPU target tracking), in prod and in dr from
 * the promote phase on; dr in standby or failback and a fenced prod are not judged.
 */
import { ecsServingCapacity } from "../../policy/ecs/servingCapacity";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const CLUSTER = "expertconnect-dr-cluster";
const CLUSTER_ARN = `arn:aws:ecs:us-west-2:${ACCOUNT}:cluster/${CLUSTER}`;
const scalable = (service: string) => ({ resourceId: `service/${CLUSTER}/${service}`, scalableDimension: "ecs:service:DesiredCount", serviceNamespace: "ecs" });
const tracking = (name: string, predefinedMetricType: string, targetValue: number) => ({
    name, policyType: "TargetTrackingScaling",
    targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType }, targetValue, scaleInCooldown: 300, scaleOutCooldown: 60 },
});

/** One service as components/compute/Service deploys it: the service, its target and two tracking policies. */
function service(short: string): StackResourceInput[] {
    const name = `expertconnect-dr-${short}`;
    return [
        { type: "aws:ecs/service:Service", name: `${short}-service`, props: { name, cluster: CLUSTER_ARN, desiredCount: 2 } },
        { type: "aws:appautoscaling/target:Target", name: `${short}-scaling`, props: { ...scalable(name), minCapacity: 1, maxCapacity: 5 } },
        { type: "aws:appautoscaling/policy:Policy", name: `${short}-cpu-tracking-scaling-policy`, props: { ...scalable(name), ...tracking("cpu-tracking-scaling-policy", "ECSServiceAverageCPUUtilization", 70) } },
        { type: "aws:appautoscaling/policy:Policy", name: `${short}-memory-tracking-scaling-policy`, props: { ...scalable(name), ...tracking("memory-tracking-scaling-policy", "ECSServiceAverageMemoryUtilization", 75) } },
    ];
}

/** The dr stack in phase `phase` (its drPhase output and the database's FailoverPhase tag). */
function drStack(phase = "promoted"): StackResourceInput[] {
    return [
        { type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { drPhase: phase } },
        { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-dr-db", tags: { FailoverPhase: phase } } },
        ...service("backend"),
        ...service("frontend"),
    ];
}

const find = (s: StackResourceInput[], name: string) => s.find(r => r.name === name)!.props as Record<string, any>;
const target = (s: StackResourceInput[]) => find(s, "backend-scaling");
const cpuPolicy = (s: StackResourceInput[]) => find(s, "backend-cpu-tracking-scaling-policy");
const without = (name: string) => (s: StackResourceInput[]) => { s.splice(s.findIndex(r => r.name === name), 1); };
const phase = (p: string) => (s: StackResourceInput[]) => { find(s, "expertconnect-infra-dr").drPhase = p; find(s, "database").tags.FailoverPhase = p; };
const scheduled = (scalableTargetAction: object) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:appautoscaling/scheduledAction:ScheduledAction", name: "night", props: { ...scalable("expertconnect-dr-backend"), schedule: "cron(0 22 * * ? *)", scalableTargetAction } });
};

describe("ecs-serving-capacity", () => {
    stackTable(ecsServingCapacity, drStack(), {
        config: { environment: "dr" },
        passes: {
            "more capacity than the guide's (min 2, max 10)": { change: s => { target(s).minCapacity = 2; target(s).maxCapacity = 10; } },
            "the promote phase pins the floor at prod's desired count": { change: s => { phase("promote")(s); target(s).minCapacity = 2; } },
            "a step-scaling policy beside the guide's tracking policies": {
                change: s => { s.push({ type: "aws:appautoscaling/policy:Policy", name: "backend-step", props: { ...scalable("expertconnect-dr-backend"), name: "requests-step", policyType: "StepScaling" } }); },
            },
            "a scheduled action raising the floor for business hours": { change: scheduled({ minCapacity: 3, maxCapacity: 8 }) },
            "the memory policy removed (the guide names the CPU one)": { change: without("backend-memory-tracking-scaling-policy") },
            "a lower CPU target (scales out earlier)": { change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.targetValue = 50; } },
            "dr in standby at pilot light (no task)": { change: s => { phase("standby")(s); target(s).minCapacity = 0; target(s).maxCapacity = 1; without("backend-cpu-tracking-scaling-policy")(s); } },
            "dr fenced in failback": { change: s => { phase("failback")(s); target(s).minCapacity = 0; target(s).maxCapacity = 1; } },
            "dr whose phase is not known: can't judge": {
                change: s => { delete find(s, "expertconnect-infra-dr").drPhase; delete find(s, "database").tags; target(s).maxCapacity = 1; },
            },
            "a target's resource id unknown during preview: can't tell which service it scales": { change: s => { target(s).resourceId = UNKNOWN; } },
            "the CPU policy's configuration unknown during preview": { change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration = UNKNOWN; } },
            "a fenced prod (prod-fenced.json) with no task": { config: { environment: "prod", fenced: true }, change: s => { target(s).minCapacity = 0; target(s).maxCapacity = 1; } },
        },
        violations: {
            "the promoted dr's ceiling is 1 task (deployed state, drift)": {
                change: s => { target(s).minCapacity = 0; target(s).maxCapacity = 1; },
                message: /service expertconnect-dr-backend \(service\/expertconnect-dr-cluster\/expertconnect-dr-backend\): the scalable target's maxCapacity is 1, below the serving ceiling 5 .* \(dr: promoted\)/,
            },
            "the promoted dr's floor is 0": { change: s => { target(s).minCapacity = 0; }, message: /minCapacity is 0, below the serving floor 1/ },
            "the promote phase with the ceiling at 3": { change: s => { phase("promote")(s); target(s).maxCapacity = 3; }, message: /maxCapacity is 3,.* \(dr: promote\)/ },
            "the promoted phase read from the database's tag alone": {
                change: s => { delete find(s, "expertconnect-infra-dr").drPhase; target(s).maxCapacity = 2; }, message: /maxCapacity is 2/,
            },
            "the target-tracking policies deleted": {
                change: s => { without("backend-cpu-tracking-scaling-policy")(s); without("backend-memory-tracking-scaling-policy")(s); },
                message: /expertconnect-dr-backend.*: no cpu-tracking-scaling-policy target-tracking policy on ECSServiceAverageCPUUtilization/,
            },
            "the CPU policy renamed": { change: s => { cpuPolicy(s).name = "cpu"; }, message: /no cpu-tracking-scaling-policy target-tracking policy/ },
            "the CPU policy tracks memory": {
                change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType = "ECSServiceAverageMemoryUtilization"; },
                message: /the policy of that name tracks something else/,
            },
            "the CPU policy never scales out": { change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.disableScaleOut = true; }, message: /disableScaleOut true/ },
            "the scaling target deleted": { change: without("backend-scaling"), message: /expertconnect-dr-backend.*: no Application Auto Scaling target on ecs:service:DesiredCount/ },
            "the target scales another service": { change: s => { target(s).resourceId = `service/${CLUSTER}/expertconnect-dr-worker`; }, message: /expertconnect-dr-backend.*no Application Auto Scaling target/ },
            "dynamic scale-out suspended": { change: s => { target(s).suspendedState = { dynamicScalingOutSuspended: true }; }, message: /dynamicScalingOutSuspended is true/ },
            "a scheduled action caps the service at 1 task every night": {
                change: scheduled({ minCapacity: "0", maxCapacity: "1" }), message: /scheduled action night \(cron\(0 22 \* \* \? \*\)\) sets maxCapacity to 1, below the serving ceiling 5/,
            },
            "prod (serving) with the ceiling at 2": { config: { environment: "prod" }, change: s => { target(s).maxCapacity = 2; }, message: /maxCapacity is 2,.* \(prod: serving\)/ },
        },
    });
});
