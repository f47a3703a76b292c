/**
 * Class 3: resource options and rollout settings that decide what a deploy does. Every store of
 * data keeps `protect` (policy/lib/facts/dataHolders.ts: ElastiCache and CloudWatch Logs have no
 * deletion guard of their own), a property an autoscaler owns is ignored by deploys
 * (policy/lib/facts/scaledProperties.ts), and a release can be stopped without cutting requests:
 * `pulumi up` waits for steady state, target groups drain for the app's longest request, and the
 * container the load balancer serves from is essential.
 */
import { add, all, Case, Change, drift, edit, named, outputOf, suite, tags } from "./support";

const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const DETECTOR = "aws:guardduty/detector:Detector";
const SERVICE = "aws:ecs/service:Service";
const TASKDEF = "aws:ecs/taskDefinition:TaskDefinition";
const TG = "aws:lb/targetGroup:TargetGroup";
const TARGET = "aws:appautoscaling/target:Target";

const unprotect = (_p: Record<string, any>, r: any) => { r.protect = false; r.retainOnDelete = false; };
/** A worker's log group, encrypted with the stack's logs key, with the options `extra` gives. */
const workerLogs = (extra: object = {}): Change => rs => add(LOG_GROUP, "worker-logs", {
    name: "/ecs/expertconnect-prod-worker", retentionInDays: 90, kmsKeyId: outputOf(rs, "aws:kms/key:Key", "arn", named("logs-key")), tags: tags("worker"),
}, extra)(rs);
const containers = (fn: (list: any[]) => void) => (p: Record<string, any>) => {
    const list = JSON.parse(p.containerDefinitions);
    fn(list);
    p.containerDefinitions = JSON.stringify(list);
};

const violations: Case[] = [
    // ---------- data holders lose protect ----------
    { name: "prod cache loses protect and retainOnDelete (only Pulumi options changed): a destroy or replace deletes the replication group", change: edit(CACHE, unprotect) },
    { name: "prod cache loses protect only, retainOnDelete kept (a replace still goes ahead and leaves an empty cache serving)", change: edit(CACHE, (_p, r: any) => { r.protect = false; }) },
    { stack: "dr", name: "dr cache loses protect and retainOnDelete", change: edit(CACHE, unprotect) },
    { name: "prod cache renamed (replicationGroupId is ForceNew) with protect removed: a new empty cache replaces the sessions", change: edit(CACHE, (p, r: any) => { r.protect = false; p.replicationGroupId = "expertconnect-prod-cache-v2"; }) },
    { name: "backend log group loses protect and retainOnDelete: a rename deletes the application's logs", change: edit(LOG_GROUP, unprotect, named("backend-logs")) },
    { name: "frontend log group unprotected", change: edit(LOG_GROUP, (_p, r: any) => { r.protect = false; }, named("frontend-logs")) },
    { name: "database postgresql log group unprotected: the slow-query and error log goes with a rename", change: edit(LOG_GROUP, unprotect, named("database-log-postgresql")) },
    { name: "cache slow-log group unprotected", change: edit(LOG_GROUP, unprotect, named("cache-log-slow-log")) },
    { stack: "dr", name: "dr backend log group unprotected", change: edit(LOG_GROUP, unprotect, named("backend-logs")) },
    { name: "backend log group tagged HoldsData=false and unprotected (only buckets may declare they hold nothing)", change: edit(LOG_GROUP, (p, r: any) => { r.protect = false; p.tags = { ...p.tags, HoldsData: "false" }; }, named("backend-logs")) },
    { name: "GuardDuty detector unprotected: deleting it deletes its findings", change: edit(DETECTOR, unprotect) },
    { name: "the backend's lines moved to a new log group created without protect", change: all(workerLogs(),
        edit(TASKDEF, containers(l => { l[0].logConfiguration.options["awslogs-group"] = "/ecs/expertconnect-prod-worker"; }), named("backend-task"))) },
    { name: "the frontend's xray sidecar logs to a new, unprotected log group", change: all(workerLogs(),
        edit(TASKDEF, containers(l => { l[1].logConfiguration.options["awslogs-group"] = "/ecs/expertconnect-prod-worker"; }), named("frontend-task"))) },
    { name: "a new ElastiCache replication group for rate limits, created without protect", change: add(CACHE, "ratelimit-cache", {
        replicationGroupId: "expertconnect-prod-ratelimit", description: "rate limits", engine: "valkey", nodeType: "cache.t4g.small", numCacheClusters: 2,
        automaticFailoverEnabled: true, multiAzEnabled: true, atRestEncryptionEnabled: true, transitEncryptionEnabled: true, finalSnapshotIdentifier: "expertconnect-prod-ratelimit-final", tags: tags("cache"),
    }) },

    // ---------- a property an autoscaler owns ----------
    { name: "backend service no longer ignores desiredCount: every deploy resets the task count to 2 and undoes auto scaling at peak", change: edit(SERVICE, (_p, r: any) => { r.ignoreChanges = []; }, named("backend-service")) },
    { name: "frontend service ignores only its tags now", change: edit(SERVICE, (_p, r: any) => { r.ignoreChanges = ["tags"]; }, named("frontend-service")) },
    { name: "backend ignoreChanges loses its entry with the option removed altogether", change: edit(SERVICE, (_p, r: any) => { delete r.ignoreChanges; }, named("backend-service")) },
    { stack: "dr", name: "dr backend no longer ignores desiredCount: a dr deploy during failover undoes the scale-out", change: edit(SERVICE, (_p, r: any) => { r.ignoreChanges = []; }, named("backend-service")) },

    // ---------- a release can be stopped ----------
    { name: "backend waitForSteadyState off: pulumi up reports success while the rollout fails and is rolled back", change: edit(SERVICE, p => { p.waitForSteadyState = false; }, named("backend-service")) },
    { name: "frontend waitForSteadyState removed (the provider's default is false)", change: edit(SERVICE, p => { delete p.waitForSteadyState; }, named("frontend-service")) },
    { stack: "dr", name: "dr backend waitForSteadyState off: a promoted region's broken release shows as deployed", change: edit(SERVICE, p => { p.waitForSteadyState = false; }, named("backend-service")) },

    // ---------- no request is cut ----------
    { name: "backend target group deregistration delay 0: in-flight API calls (payments, credit transactions) are cut at every deploy and scale-in", change: edit(TG, p => { p.deregistrationDelay = 0; }, named("alb-backend")) },
    { name: "frontend target group drains 5 s (AWS's advice for sub-second services)", change: edit(TG, p => { p.deregistrationDelay = 5; }, named("alb-frontend")) },
    { name: "CONSOLE: backend target group's deregistration delay set to 1 s outside Pulumi", change: drift(TG, p => { p.deregistrationDelay = 1; }, named("alb-backend")) },
    { name: "backend container made non-essential (xray essential): a backend crash no longer stops the task", change: edit(TASKDEF, containers(l => { l[0].essential = false; l[1].essential = true; }), named("backend-task")) },
    { name: "frontend container made non-essential, xray left non-essential", change: edit(TASKDEF, containers(l => { l[0].essential = false; }), named("frontend-task")) },
    { stack: "dr", name: "dr backend container non-essential", change: edit(TASKDEF, containers(l => { l[0].essential = false; }), named("backend-task")) },
    { name: "backend log group's retainOnDelete alone dropped (protect kept)", skip: "retainOnDelete is not carried by the analyzer protocol (AnalyzerResourceOptions has protect, not retainOnDelete); the log group keeps protect, so a destroy or rename is still refused, and tests/components/data/stackWiring.test.ts checks the program sets retainOnDelete on every data holder", change: edit(LOG_GROUP, (_p, r: any) => { r.retainOnDelete = false; }, named("backend-logs")) },
];

const compliant: Case[] = [
    { name: "target groups drain for 60 s instead of 30 s", change: edit(TG, p => { p.deregistrationDelay = 60; }) },
    { name: "backend target group leaves the delay at ELB's default (300 s)", change: edit(TG, p => { delete p.deregistrationDelay; }, named("alb-backend")) },
    { name: "backend service also ignores its task count and tags", change: edit(SERVICE, (_p, r: any) => { r.ignoreChanges = ["desiredCount", "tags"]; }, named("backend-service")) },
    { name: "backend scaling ceiling raised to 8 tasks (the count stays the scaler's)", change: edit(TARGET, p => { p.maxCapacity = 8; }, named("backend-scaling")) },
    { name: "backend log group keeps events 180 days instead of 90 (still protected)", change: edit(LOG_GROUP, p => { p.retentionInDays = 180; }, named("backend-logs")) },
    { name: "xray sidecar stays non-essential while the backend is essential (losing traces must not stop the app)", change: edit(TASKDEF, containers(l => { l[0].essential = true; l[1].essential = false; }), named("backend-task")) },
    { name: "backend container's essential flag left unset (ECS's default is essential)", change: edit(TASKDEF, containers(l => { delete l[0].essential; }), named("backend-task")) },
    { name: "a new protected log group for a worker", change: workerLogs({ protect: true, retainOnDelete: true }) },
    { name: "a new log group created ahead of the worker service that will write it (holds nothing yet)", change: workerLogs() },
    { stack: "dr", name: "dr target groups drain for 45 s", change: edit(TG, p => { p.deregistrationDelay = 45; }) },
    { name: "backend rolls with at most 150% (smaller surge, still waits for steady state)", change: edit(SERVICE, p => { p.deploymentMaximumPercent = 150; }, named("backend-service")) },
];

suite("adversarial class 3: rollout options", violations, compliant);
