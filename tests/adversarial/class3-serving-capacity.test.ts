/**
 * Class 3: a stack serving production that cannot carry production's load. In prod, and in dr
 * once a failover has promoted it (the program renders the phase: database promoted and tagged,
 * role probe answering 200, drPhase output), each service's scalable target must allow the
 * guide's min 1 / max 5 and its cpu-tracking-scaling-policy must track CPU; deployed values count.
 */
import { all, Case, drift, drServing as serving, edit, ExportedResource, named, remove, suite } from "./support";

const TGT = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";

const cpuPolicies = (r: ExportedResource) => r.urn.endsWith("-cpu-tracking-scaling-policy");

const violations: Case[] = [
    { name: "dr promoted: target-tracking policies deleted (stuck at 1 task under prod's load)", stack: "dr", change: all(serving("promoted"), remove(POLICY)) },
    { name: "dr promoted, drift: scaling targets capped at 1 task", stack: "dr", change: all(serving("promoted"), drift(TGT, o => { o.minCapacity = 0; o.maxCapacity = 1; })) },
    { name: "dr promote: the backend's ceiling left at the warm standby's 1", stack: "dr", change: all(serving("promote"), edit(TGT, p => { p.maxCapacity = 1; p.minCapacity = 1; }, named("backend-scaling"))) },
    { name: "dr promoted: the CPU policy only scales in (disableScaleOut)", stack: "dr", change: all(serving("promoted"), edit(POLICY, p => { p.targetTrackingScalingPolicyConfiguration.disableScaleOut = true; }, cpuPolicies)) },
    { name: "prod: the frontend's scaling target capped at 2", change: edit(TGT, p => { p.maxCapacity = 2; }, named("frontend-scaling")) },
    { name: "prod drift: dynamic scale-out suspended on the backend's target", change: drift(TGT, o => { o.suspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: true, scheduledScalingSuspended: false }; }, named("backend-scaling")) },
];

const compliant: Case[] = [
    { name: "dr promoted, as the program renders it", stack: "dr", change: serving("promoted") },
    { name: "dr promoted with more capacity (min 3, max 10)", stack: "dr", change: all(serving("promoted"), edit(TGT, p => { p.minCapacity = 3; p.maxCapacity = 10; })) },
    { name: "dr standby, warm (one task per service, no room to scale)", stack: "dr", change: edit(TGT, p => { p.minCapacity = 1; p.maxCapacity = 1; }) },
    { name: "prod: ceiling raised to 10 and a lower CPU target", change: all(edit(TGT, p => { p.maxCapacity = 10; }), edit(POLICY, p => { p.targetTrackingScalingPolicyConfiguration.targetValue = 50; }, cpuPolicies)) },
];

suite("class 3: a serving stack carries production's load (auto scaling)", violations, compliant);
