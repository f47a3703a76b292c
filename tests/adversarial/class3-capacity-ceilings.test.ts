/**
 * Class 3: ceilings nobody cross-checked. A scaling ceiling (the scalable target's max, a
 * scheduled action's min or max, the deployed target after a console change) times each task's
 * database connections must fit the database's max_connections with headroom; auto scaling must
 * be able to give capacity back; and the stack at its ceilings (services at their maximum tasks,
 * storage at its autoscaling maximum, provisioned IOPS, Multi-AZ copies) must fit its budget.
 * Red-team cases (round 8, W) and variants: other spellings and other techniques of the class.
 */
import { add, all, Case, drift, drServing, edit, named, suite } from "./support";
import type { Change } from "./support";

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const RDS = "aws:rds/instance:Instance";
const BACKEND_RESOURCE = "service/expertconnect-prod-cluster/expertconnect-prod-backend";

/** Adds a scheduled action on the prod backend. */
const schedule = (name: string, cron: string, scalableTargetAction: Record<string, unknown>): Change => add(ACTION, name, {
    name, serviceNamespace: "ecs", resourceId: BACKEND_RESOURCE, scalableDimension: "ecs:service:DesiredCount", schedule: cron, timezone: "UTC", scalableTargetAction,
});

/** Sets (replaces) a plain environment variable of the backend container. */
const backendEnv = (name: string, value: string): Change => edit("aws:ecs/taskDefinition:TaskDefinition", (p) => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].environment = [...(list[0].environment ?? []).filter((v: { name: string }) => v.name !== name), { name, value }];
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

const tracking = (svc: string, metric: string, fn: (c: Record<string, any>) => void): Change =>
    edit(POLICY, (p) => fn(p.targetTrackingScalingPolicyConfiguration), named(`${svc}-${metric}-tracking-scaling-policy`));

/** The dr stack promoted, as the program renders it (see class3-serving-capacity). */
const drPromoted = drServing("promoted");

const violations: Case[] = [
    // The red team's cases.
    { name: "Raise the backend's auto-scaling ceiling to 200 tasks (connections and cost)", change: edit(TARGET, (p) => { p.maxCapacity = 200; }, named("backend-scaling")) },
    { name: "Raise the frontend's scaling ceiling to 100 in the console (drift): one service at its ceiling costs more than half the budget", change: drift(TARGET, (p) => { p.maxCapacity = 100; }, named("frontend-scaling")) },
    {
        name: "Disable scale-in on both backend target-tracking policies",
        change: edit(POLICY, (p) => { p.targetTrackingScalingPolicyConfiguration.disableScaleIn = true; }, (r) => r.urn.includes("::backend-") && r.urn.endsWith("tracking-scaling-policy")),
    },
    { name: "Add a nightly scheduled action raising the backend to min = max = 50, never lowered", change: schedule("backend-load-test", "cron(0 1 * * ? *)", { minCapacity: 50, maxCapacity: 50 }) },
    { name: "Raise the storage-autoscaling ceiling to 65,536 GiB", change: edit(RDS, (p) => { p.maxAllocatedStorage = 65536; }) },
    { name: "Move the database to io1 with 40,000 provisioned IOPS (800 GiB)", change: edit(RDS, (p) => { p.storageType = "io1"; p.allocatedStorage = 800; p.iops = 40000; p.maxAllocatedStorage = 1000; }) },
    // Other spellings.
    { name: "Raise the backend's ceiling to 46 in the console (drift): 368 connections, above 80% of db.t3.medium's 450", change: drift(TARGET, (p) => { p.maxCapacity = 46; }, named("backend-scaling")) },
    { name: "A scheduled action raising only the backend's floor to 60 (strings, as the API returns them)", change: schedule("backend-warm", "cron(0 6 * * ? *)", { minCapacity: "60" }) },
    { name: "Disable scale-in on the frontend's memory policy only", change: tracking("frontend", "memory", (c) => { c.disableScaleIn = true; }) },
    { name: "A one-day scale-in cooldown on the backend's CPU policy: every spike's tasks stay for a day", change: tracking("backend", "cpu", (c) => { c.scaleInCooldown = 86400; }) },
    {
        name: "Suspend dynamic scale-in on the backend's target from the console (drift)",
        change: drift(TARGET, (p) => { p.suspendedState = { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false }; }, named("backend-scaling")),
    },
    { name: "io2 with 64,000 provisioned IOPS on 1,000 GiB", change: edit(RDS, (p) => { p.storageType = "io2"; p.allocatedStorage = 1000; p.iops = 64000; p.maxAllocatedStorage = 1200; }) },
    // Other techniques: what each task takes, the database's limit, gp3's paid extras.
    { name: "Raise gunicorn's workers to 48 (WEB_CONCURRENCY): 5 tasks × 96 connections", change: backendEnv("WEB_CONCURRENCY", "48") },
    { name: "Raise gunicorn's threads to 32 through GUNICORN_CMD_ARGS: 5 tasks × 128 connections", change: backendEnv("GUNICORN_CMD_ARGS", "--threads=32") },
    {
        name: "Start gunicorn with --workers 64 on the backend's command line",
        change: edit("aws:ecs/taskDefinition:TaskDefinition", (p) => {
            const list = JSON.parse(p.containerDefinitions);
            list[0].command = ["gunicorn", "--workers", "64", "expertconnect.wsgi"];
            p.containerDefinitions = JSON.stringify(list);
        }, named("backend-task")),
    },
    {
        name: "gp3 at 400 GiB provisioned with 64,000 IOPS and 4,000 MiB/s: extras above the 12,000 IOPS baseline, doubled for Multi-AZ",
        change: edit(RDS, (p) => { p.allocatedStorage = 400; p.iops = 64000; p.storageThroughput = 4000; }),
    },
    { name: "dr promoted with the backend's ceiling at 40: more than half of dr's $1,000 budget", stack: "dr", change: all(drPromoted, edit(TARGET, (p) => { p.maxCapacity = 40; }, named("backend-scaling"))) },
    { name: "dr: the standby replica's storage ceiling raised to 65,536 GiB", stack: "dr", change: edit(RDS, (p) => { p.maxAllocatedStorage = 65536; }) },
];

const compliant: Case[] = [
    { name: "Raise the backend's scaling ceiling from 5 to 8 for a marketing launch", change: edit(TARGET, (p) => { p.maxCapacity = 8; }, named("backend-scaling")) },
    { name: "Raise the backend's ceiling to 20 for a launch week (160 connections, $721 at the ceiling)", change: edit(TARGET, (p) => { p.maxCapacity = 20; }, named("backend-scaling")) },
    {
        name: "Weekday business-hours scheduled actions on the backend (floor 3, back to 1 at night) within max 5",
        change: all(
            schedule("backend-business-hours", "cron(0 8 ? * MON-FRI *)", { minCapacity: 3, maxCapacity: 5 }),
            schedule("backend-night", "cron(0 20 ? * MON-FRI *)", { minCapacity: 1, maxCapacity: 5 }),
        ),
    },
    { name: "Raise the storage-autoscaling ceiling from 500 to 1000 GiB", change: edit(RDS, (p) => { p.maxAllocatedStorage = 1000; }) },
    { name: "Scale the backend task vertically to 2048 CPU / 4096 MiB", change: edit("aws:ecs/taskDefinition:TaskDefinition", (p) => { p.cpu = "2048"; p.memory = "4096"; }, named("backend-task")) },
    { name: "gp3 at 400 GiB with its included 12,000 IOPS", change: edit(RDS, (p) => { p.allocatedStorage = 400; p.iops = 12000; }) },
    { name: "Scale in more slowly (10-minute scale-in cooldown on both backend policies)", change: all(tracking("backend", "cpu", (c) => { c.scaleInCooldown = 600; }), tracking("backend", "memory", (c) => { c.scaleInCooldown = 600; })) },
    { name: "State disableScaleIn false explicitly on the backend's CPU policy", change: tracking("backend", "cpu", (c) => { c.disableScaleIn = false; }) },
    { name: "Lower gunicorn's workers to 2 (WEB_CONCURRENCY)", change: backendEnv("WEB_CONCURRENCY", "2") },
    { name: "dr promoted with the guide's ceilings", stack: "dr", change: drServing("promoted") },
];

suite("class 3: scaling and storage ceilings fit the database and the budget", violations, compliant);
