/**
 * ecs-serving-capacity: while a stack serves production, each service's auto scaling lets it
 * carry production's load (the guide's bounds and CPU target tracking), in prod and in dr from
 * the promote phase on; dr in standby or failback and a fenced prod are not judged on capacity,
 * but where their tasks run (two zones, on-demand) is judged in every phase.
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

const SUBNETS = ["subnet-0aaa", "subnet-0bbb"];
/** The private subnet of each of dr's two zones. */
const subnets: StackResourceInput[] = SUBNETS.map((id, i) => ({
    type: "aws:ec2/subnet:Subnet", name: `network-private-${i}`, props: { arn: `arn:aws:ec2:us-west-2:${ACCOUNT}:subnet/${id}`, availabilityZone: `us-west-2${"ab"[i]}` },
}));

/** One service as components/compute/Service deploys it: the service (Fargate, every zone), its target and two tracking policies. */
function service(short: string): StackResourceInput[] {
    const name = `expertconnect-dr-${short}`;
    return [
        { type: "aws:ecs/service:Service", name: `${short}-service`, props: { name, cluster: CLUSTER_ARN, desiredCount: 2, launchType: "FARGATE", networkConfiguration: { subnets: [...SUBNETS], assignPublicIp: false } } },
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
        ...subnets,
        ...service("backend"),
        ...service("frontend"),
    ];
}

const find = (s: StackResourceInput[], name: string) => s.find(r => r.name === name)!.props as Record<string, any>;
const target = (s: StackResourceInput[]) => find(s, "backend-scaling");
const cpuPolicy = (s: StackResourceInput[]) => find(s, "backend-cpu-tracking-scaling-policy");
const backend = (s: StackResourceInput[]) => find(s, "backend-service");
/** The backend placed by a capacity provider strategy instead of its launch type. */
const strategy = (...items: object[]) => (s: StackResourceInput[]) => { delete backend(s).launchType; backend(s).capacityProviderStrategies = items; };
const clusterDefault = (...items: object[]) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", name: "cluster-providers", props: { clusterName: CLUSTER, capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategies: items } });
};
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
            "a CPU target of 90 % and a scale-out cooldown of 300 s (AWS's default)": {
                change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.targetValue = 90; cpuPolicy(s).targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 300; },
            },
            "no scale-out cooldown set (AWS's default, 300 s)": { change: s => { delete cpuPolicy(s).targetTrackingScalingPolicyConfiguration.scaleOutCooldown; } },
            "Spot beyond a FARGATE base covering the floor": { change: strategy({ capacityProvider: "FARGATE", weight: 1, base: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 3 }) },
            "an on-demand FARGATE strategy": { change: strategy({ capacityProvider: "FARGATE", weight: 1 }) },
            "no launch type, the cluster's default strategy on FARGATE": { change: s => { delete backend(s).launchType; clusterDefault({ capacityProvider: "FARGATE", weight: 1, base: 1 })(s); } },
            "three zones' subnets": {
                change: s => { s.push({ type: "aws:ec2/subnet:Subnet", name: "network-private-2", props: { arn: `arn:aws:ec2:us-west-2:${ACCOUNT}:subnet/subnet-0ccc`, availabilityZone: "us-west-2c" } }); backend(s).networkConfiguration.subnets.push("subnet-0ccc"); },
            },
            "two subnets of which one is outside the stack: its zone can't be told": { change: s => { backend(s).networkConfiguration.subnets = ["subnet-0aaa", "subnet-0fff"]; } },
            "subnets unknown during preview": { change: s => { backend(s).networkConfiguration = UNKNOWN; } },
            "a fenced prod read from its drFenced output, under prod's regular config": {
                config: { environment: "prod" }, change: s => { find(s, "expertconnect-infra-dr").drFenced = true; target(s).minCapacity = 0; target(s).maxCapacity = 1; },
            },
            "a fenced prod (prod-fenced.json) with no task": { config: { environment: "prod", fenced: true }, change: s => { target(s).minCapacity = 0; target(s).maxCapacity = 1; } },
        },
        violations: {
            "prod-fenced.json against a prod whose drFenced output says it serves: judged as serving": {
                config: { environment: "prod", fenced: true }, change: s => { find(s, "expertconnect-infra-dr").drFenced = false; target(s).minCapacity = 0; target(s).maxCapacity = 1; },
                message: /maxCapacity is 1, below the serving ceiling 5 .* \(prod: serving\)/,
            },
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
            "the CPU target at 95 % (scales out only once saturated)": {
                change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.targetValue = 95; }, message: /expertconnect-dr-backend.*targetValue is 95 %.*at most 90/,
            },
            "a scale-out cooldown of an hour": { change: s => { cpuPolicy(s).targetTrackingScalingPolicyConfiguration.scaleOutCooldown = 3600; }, message: /scaleOutCooldown is 3600 s.*at most 300 s/ },
            "the backend on FARGATE_SPOT only": {
                change: strategy({ capacityProvider: "FARGATE_SPOT", weight: 1 }), message: /expertconnect-dr-backend.*capacityProviderStrategies \(FARGATE_SPOT weight 1 base 0\) places 0 of its 1 serving-floor task on on-demand capacity/,
            },
            "Spot holding the base, FARGATE the weight": { change: strategy({ capacityProvider: "FARGATE_SPOT", weight: 0, base: 2 }, { capacityProvider: "FARGATE", weight: 1 }), message: /places 0 of its 1 serving-floor task/ },
            "an even split of FARGATE and Spot with no base (the floor's one task may be Spot)": {
                change: strategy({ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }), message: /places 0 of its 1/,
            },
            "no launch type nor strategy, the cluster's default on Spot": {
                change: s => { delete backend(s).launchType; clusterDefault({ capacityProvider: "FARGATE_SPOT", weight: 1 })(s); }, message: /its cluster's default capacity provider strategy/,
            },
            "the backend pinned to one subnet": { change: s => { backend(s).networkConfiguration.subnets = ["subnet-0aaa"]; }, message: /expertconnect-dr-backend.*networkConfiguration.subnets \(subnet-0aaa\) are all in Availability Zone us-west-2a/ },
            "two subnets of the same zone": {
                change: s => { find(s, "network-private-1").availabilityZone = "us-west-2a"; }, message: /are all in Availability Zone us-west-2a: losing that zone/,
            },
            "a pilot light on one subnet while dr stands by (promotion scales it up there)": {
                change: s => { phase("standby")(s); target(s).minCapacity = 0; target(s).maxCapacity = 1; backend(s).networkConfiguration.subnets = ["subnet-0aaa"]; },
                message: /us-west-2a.*does not serve now \(dr: standby\), but these tasks are what a failover or fail-back scales up/,
            },
            "dr fenced in failback on one subnet": { change: s => { phase("failback")(s); target(s).minCapacity = 0; target(s).maxCapacity = 1; backend(s).networkConfiguration.subnets = ["subnet-0aaa"]; }, message: /dr: failback/ },
            "a fenced prod on one subnet": { config: { environment: "prod", fenced: true }, change: s => { target(s).minCapacity = 0; backend(s).networkConfiguration.subnets = ["subnet-0aaa"]; }, message: /prod: fenced/ },
            "dr whose phase is not known on one subnet": { change: s => { delete find(s, "expertconnect-infra-dr").drPhase; delete find(s, "database").tags; backend(s).networkConfiguration.subnets = ["subnet-0aaa"]; }, message: /phase not known/ },
            "one subnet outside the stack (a subnet is in one zone)": { change: s => { backend(s).networkConfiguration.subnets = ["subnet-0fff"]; }, message: /are all in 1 subnet/ },
            "prod (serving) with the ceiling at 2": { config: { environment: "prod" }, change: s => { target(s).maxCapacity = 2; }, message: /maxCapacity is 2,.* \(prod: serving\)/ },
        },
    });
});
