/**
 * The upper side of capacity: ecs-scaling-ceilings (each service's ceiling × its tasks' database
 * connections within the database's max_connections; auto scaling able to scale in) and
 * cost-ceiling-budget (the stack's cost with every service at its ceiling and every database at
 * its storage maximum within the budget).
 */
import { expect } from "chai";

import { costCeilingBudget } from "../../policy/cost/ceilingBudget";
import { ecsScalingCeilings } from "../../policy/ecs/scalingCeilings";
import { BACKEND_POOL, connectionsPerContainer, poolEnvironment } from "../../policy/lib/facts/databaseClients";
import { serviceCeiling } from "../../policy/lib/scalingCeiling";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const provider = { type: "pulumi:providers:aws", name: "default", props: { region: "us-east-1" } };
const CLUSTER = "expertconnect-prod-cluster";
const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`;
const resourceId = (short: string) => `service/${CLUSTER}/expertconnect-prod-${short}`;
const scalable = (short: string) => ({ resourceId: resourceId(short), scalableDimension: "ecs:service:DesiredCount", serviceNamespace: "ecs" });
const SETTINGS = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/expertconnect/prod/database/host`;

/** The backend's containers as the program renders them: told DATABASE_HOST (through SSM), gunicorn sized by poolEnvironment(). */
const backendContainers = () => [{
    name: "backend", image: "backend:v1",
    environment: [{ name: "HEALTH_CHECK_PATH", value: "/api/health/" }, ...Object.entries(poolEnvironment()).map(([name, value]) => ({ name, value }))],
    secrets: [{ name: "DATABASE_HOST", valueFrom: SETTINGS }],
}];

function service(short: string, cpu: string, memory: string, containers: object[]): StackResourceInput[] {
    return [
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: `${short}-task`, provider, props: { family: `expertconnect-prod-${short}`, cpu, memory, containerDefinitions: JSON.stringify(containers) } },
        {
            type: "aws:ecs/service:Service", name: `${short}-service`, provider,
            props: { name: `expertconnect-prod-${short}`, cluster: CLUSTER_ARN, launchType: "FARGATE", desiredCount: 2, taskDefinition: UNKNOWN },
            propertyDependencies: { taskDefinition: [`${short}-task`] },
        },
        { type: "aws:appautoscaling/target:Target", name: `${short}-scaling`, provider, props: { ...scalable(short), minCapacity: 1, maxCapacity: 5 } },
        ...["cpu", "memory"].map((metric): StackResourceInput => ({
            type: "aws:appautoscaling/policy:Policy", name: `${short}-${metric}-tracking-scaling-policy`, provider,
            props: {
                ...scalable(short), name: `${metric}-tracking-scaling-policy`, policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: { targetValue: 70, scaleInCooldown: 300, scaleOutCooldown: 60 },
            },
        })),
    ];
}

/**
 * Prod's shape: backend (1 vCPU, 2 GB, 8 connections a task) and frontend (0.5 vCPU, 1 GB, no
 * database) each scaling 1–5, db.t3.medium Multi-AZ (max_connections 450) with 50 GB growing to
 * 500 GB. At the ceilings: 40 connections; backend 5 × 49.37 = 180.20, frontend 5 × 18.02 = 90.10,
 * database 105.12 + 2 × 500 × 0.115 = 220.12; total $490.42.
 */
const stack: StackResourceInput[] = [
    ...service("backend", "1024", "2048", backendContainers()),
    ...service("frontend", "512", "1024", [{ name: "frontend", image: "frontend:v1", environment: [] }]),
    {
        type: "aws:rds/instance:Instance", name: "database", provider,
        props: { identifier: "expertconnect-prod-db", engine: "postgres", instanceClass: "db.t3.medium", multiAz: true, allocatedStorage: 50, maxAllocatedStorage: 500, storageType: "gp3", parameterGroupName: "expertconnect-prod-pg16" },
    },
    { type: "aws:rds/parameterGroup:ParameterGroup", name: "database-params", provider, props: { name: "expertconnect-prod-pg16", parameters: [] } },
];

const props = (s: StackResourceInput[], name: string) => s.find(r => r.name === name)!.props as Record<string, any>;
const backendTarget = (s: StackResourceInput[]) => props(s, "backend-scaling");
const container = (s: StackResourceInput[], fn: (c: Record<string, any>) => void) => {
    const list = JSON.parse(props(s, "backend-task").containerDefinitions);
    fn(list[0]);
    props(s, "backend-task").containerDefinitions = JSON.stringify(list);
};
const setEnv = (name: string, value: string) => (s: StackResourceInput[]) => container(s, c => {
    c.environment = [...c.environment.filter((v: { name: string }) => v.name !== name), { name, value }];
});
const scheduled = (name: string, minCapacity: unknown, maxCapacity: unknown) => (s: StackResourceInput[]) => {
    s.push({
        type: "aws:appautoscaling/scheduledAction:ScheduledAction", name, provider,
        props: { ...scalable("backend"), name, schedule: "cron(0 1 * * ? *)", scalableTargetAction: { minCapacity, maxCapacity } },
    });
};
const tracking = (s: StackResourceInput[], metric = "cpu") => props(s, `backend-${metric}-tracking-scaling-policy`).targetTrackingScalingPolicyConfiguration;
const maxConnections = (value: string) => (s: StackResourceInput[]) => { props(s, "database-params").parameters = [{ name: "max_connections", value, applyMethod: "pending-reboot" }]; };

describe("databaseClients facts", () => {
    const told = { secrets: [{ name: "DATABASE_HOST" }] };
    const cases: Array<[string, object, number]> = [
        ["the program's settings", { ...told, environment: Object.entries(poolEnvironment()).map(([name, value]) => ({ name, value })) }, BACKEND_POOL.workers * BACKEND_POOL.threads],
        ["no sizing given: the stated pool", told, BACKEND_POOL.workers * BACKEND_POOL.threads],
        ["WEB_CONCURRENCY 10", { ...told, environment: [{ name: "WEB_CONCURRENCY", value: "10" }] }, 10 * BACKEND_POOL.threads],
        ["GUNICORN_CMD_ARGS --workers=3 --threads=5 over WEB_CONCURRENCY", { ...told, environment: [{ name: "WEB_CONCURRENCY", value: "10" }, { name: "GUNICORN_CMD_ARGS", value: "--workers=3 --threads=5" }] }, 15],
        ["the command line -w 6 over GUNICORN_CMD_ARGS", { ...told, command: ["gunicorn", "-w", "6", "app.wsgi"], environment: [{ name: "GUNICORN_CMD_ARGS", value: "-w 3 --threads 1" }] }, 6],
        ["a shell command line", { ...told, command: ["sh", "-c", "gunicorn -w12 --threads 3 app.wsgi"] }, 36],
        ["a container not told where the database is", { environment: [{ name: "WEB_CONCURRENCY", value: "64" }] }, 0],
        ["DATABASE_HOST given plainly", { environment: [{ name: "DATABASE_HOST", value: "db.example" }, { name: "WEB_CONCURRENCY", value: "1" }, { name: "GUNICORN_CMD_ARGS", value: "--threads 1" }] }, 1],
    ];
    for (const [title, c, expected] of cases) {
        it(`counts ${expected} connections a task for ${title}`, () => expect(connectionsPerContainer(c)).to.equal(expected));
    }
});

describe("serviceCeiling", () => {
    const target = (maxCapacity: unknown, id: unknown = resourceId("backend")) => ({ name: "t", kind: "target" as const, resourceId: id, scalableDimension: "ecs:service:DesiredCount", maxCapacity });
    const action = (minCapacity: unknown, maxCapacity: unknown) => ({ name: "a", kind: "scheduled" as const, resourceId: resourceId("backend"), scalableTargetAction: { minCapacity, maxCapacity } });
    it("is the target's maxCapacity", () => expect(serviceCeiling(resourceId("backend"), 2, [target(5)])).to.deep.equal({ tasks: 5, setBy: "scalable target t maxCapacity" }));
    it("is a scheduled action's minCapacity (a string) above it", () => expect(serviceCeiling(resourceId("backend"), 2, [target(5), action("50", "50")]).tasks).to.equal(50));
    it("is the desired count without a target", () => expect(serviceCeiling(resourceId("backend"), 7, []).tasks).to.equal(7));
    it("ignores another service's target", () => expect(serviceCeiling(resourceId("backend"), 2, [target(90, resourceId("worker"))]).tasks).to.equal(2));
    it("counts a target whose resource id is not known yet", () => expect(serviceCeiling(resourceId("backend"), 2, [target(90, undefined)]).tasks).to.equal(90));
});

describe("ecs-scaling-ceilings", () => {
    stackTable(ecsScalingCeilings, stack, {
        passes: {
            "the backend's ceiling raised from 5 to 8": { change: s => { backendTarget(s).maxCapacity = 8; } },
            "the frontend (no database) scaling to 100": { change: s => { props(s, "frontend-scaling").maxCapacity = 100; } },
            "business-hours scheduled actions within max 5": { change: s => { scheduled("business-hours", 3, 5)(s); scheduled("night", 1, 5)(s); } },
            "a ceiling of 45 on db.r5.large (max_connections 1802)": { change: s => { backendTarget(s).maxCapacity = 45; props(s, "database").instanceClass = "db.r5.large"; } },
            "a ceiling of 60 with max_connections 1000 in the parameter group": { change: s => { backendTarget(s).maxCapacity = 60; maxConnections("1000")(s); } },
            "fewer threads and a higher ceiling (4 × 1 × 80 = 320)": { change: s => { setEnv("GUNICORN_CMD_ARGS", "--threads 1")(s); backendTarget(s).maxCapacity = 80; } },
            "a scale-in cooldown of 30 minutes": { change: s => { tracking(s).scaleInCooldown = 1800; } },
            "a policy the design keeps from scaling in, listed in config": {
                config: { scaleInDisabledPolicies: ["memory-tracking-scaling-policy"] }, change: s => { tracking(s, "memory").disableScaleIn = true; },
            },
            "a step-scaling policy beside the tracking ones": {
                change: s => { s.push({ type: "aws:appautoscaling/policy:Policy", name: "backend-step", provider, props: { ...scalable("backend"), name: "step", policyType: "StepScaling" } }); },
            },
            "the task definition not known yet (preview)": { change: s => { props(s, "backend-task").containerDefinitions = UNKNOWN; backendTarget(s).maxCapacity = 200; } },
            "the database's identifier not known yet (preview)": { change: s => { props(s, "database").identifier = UNKNOWN; backendTarget(s).maxCapacity = 200; } },
            "only a read replica (dr standby) with room for the ceiling": { change: s => { props(s, "database").replicateSourceDb = "arn:aws:rds:us-east-1:1:db:x"; } },
        },
        violations: {
            "the backend's ceiling at 200": {
                change: s => { backendTarget(s).maxCapacity = 200; },
                message: /open 1600 connections \(expertconnect-prod-backend 200 tasks \(scalable target backend-scaling maxCapacity\) × 8 connections\), more than 360, 80% of RDS instance expertconnect-prod-db's max_connections 450/,
            },
            "the ceiling at 46 (368 of 360)": { change: s => { backendTarget(s).maxCapacity = 46; }, message: /open 368 connections/ },
            "a nightly scheduled action pinning 50 tasks": { change: scheduled("load-test", "50", "50"), message: /50 tasks \(scheduled action load-test maxCapacity\) × 8 connections/ },
            "a scheduled action raising only the floor to 60": { change: scheduled("warm", 60, undefined), message: /60 tasks \(scheduled action warm minCapacity\)/ },
            "a desired count of 60 and no scalable target": {
                change: s => { s.splice(s.findIndex(r => r.name === "backend-scaling"), 1); props(s, "backend-service").desiredCount = 60; }, message: /60 tasks \(desiredCount\)/,
            },
            "WEB_CONCURRENCY raised to 40 (5 × 80)": { change: setEnv("WEB_CONCURRENCY", "40"), message: /5 tasks .* × 80 connections/ },
            "gunicorn's threads raised through GUNICORN_CMD_ARGS": { change: setEnv("GUNICORN_CMD_ARGS", "--threads=32"), message: /× 128 connections/ },
            "a command line starting 64 workers": { change: s => container(s, c => { c.command = ["gunicorn", "--workers", "64", "app.wsgi"]; }), message: /× 128 connections/ },
            "the database downsized to db.t3.micro with a ceiling of 12": {
                change: s => { props(s, "database").instanceClass = "db.t3.micro"; backendTarget(s).maxCapacity = 12; }, message: /96 connections.*more than 89, 80% of .*max_connections 112/,
            },
            "max_connections lowered to 40 in the parameter group": { change: maxConnections("40"), message: /open 40 connections.*more than 32/ },
            "a worker service told DATABASE_HOST scaling to 41": {
                change: s => {
                    s.push(...service("worker", "512", "1024", backendContainers()));
                    props(s, "worker-scaling").maxCapacity = 41;
                },
                message: /open 368 connections \(expertconnect-prod-backend 5 tasks .* \+ expertconnect-prod-worker 41 tasks/,
            },
            "disableScaleIn on the CPU policy": {
                change: s => { tracking(s).disableScaleIn = true; }, message: /service expertconnect-prod-backend .*: target-tracking policy cpu-tracking-scaling-policy has disableScaleIn true/,
            },
            "disableScaleIn on the frontend's memory policy": {
                change: s => { props(s, "frontend-memory-tracking-scaling-policy").targetTrackingScalingPolicyConfiguration.disableScaleIn = true; }, message: /expertconnect-prod-frontend .*memory-tracking-scaling-policy has disableScaleIn true/,
            },
            "a scale-in cooldown of a day": { change: s => { tracking(s).scaleInCooldown = 86400; }, message: /waits 86400 s between scale-ins \(at most 3600\)/ },
            "dynamic scale-in suspended on the target (drift)": {
                change: s => { backendTarget(s).suspendedState = { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false }; },
                message: /dynamicScalingInSuspended is true/,
            },
        },
    });
});

describe("cost-ceiling-budget", () => {
    stackTable(costCeilingBudget, stack, {
        config: { monthlyBudgetUsd: 1000 },
        passes: {
            "the ceiling cost just under the budget": { config: { monthlyBudgetUsd: 490.43 } },
            "the storage maximum raised from 500 to 1000 GB": { change: s => { props(s, "database").maxAllocatedStorage = 1000; } },
            "the backend's ceiling at 10 (494 of the $1000, under half)": { change: s => { backendTarget(s).maxCapacity = 10; } },
            "gp3 at its included 3,000 IOPS": { change: s => { props(s, "database").iops = 3000; } },
            "the pack run without config": { withoutDefaults: true },
        },
        violations: {
            "the ceiling cost over the budget": { config: { monthlyBudgetUsd: 490 }, message: /estimated fixed cost at the stack's ceilings \$490\.42\/month exceeds the budget of \$490\.00/ },
            "storage autoscaling up to 65,536 GB": {
                change: s => { props(s, "database").maxAllocatedStorage = 65536; }, message: /database \$15178\.40 \(2 × db\.t3\.medium .* \+ 2 × \(65536 GB × \$0\.115\/GB-month\)\)/,
            },
            "io1 with 40,000 provisioned IOPS": {
                change: s => { Object.assign(props(s, "database"), { storageType: "io1", allocatedStorage: 800, maxAllocatedStorage: 1000, iops: 40000 }); },
                message: /\+ 2 × \(1000 GB × \$0\.125\/GB-month \+ 40000 IOPS × \$0\.1\/IOPS-month\)/,
            },
            "io2 with 20,000 provisioned IOPS": { change: s => { Object.assign(props(s, "database"), { storageType: "io2", allocatedStorage: 400, iops: 20000 }); }, message: /20000 IOPS/ },
            "gp3 with 64,000 IOPS on 100 GB": {
                change: s => { Object.assign(props(s, "database"), { allocatedStorage: 100, iops: 64000 }); }, message: /61000 IOPS and 0 MiB\/s above gp3's baseline/,
            },
            "the backend's ceiling at 200 (over the budget and over half of it)": {
                change: s => { backendTarget(s).maxCapacity = 200; },
                message: /ECS service backend-service costs \$7208\.02\/month at its scaling ceiling \(200 task\(s\).*more than 50% of the budget of \$1000\.00/,
            },
            "the frontend at 30 tasks, more than half the budget": { change: s => { props(s, "frontend-scaling").maxCapacity = 30; }, message: /frontend-service costs \$540\.\d\d\/month at its scaling ceiling/ },
            "a scheduled action holding 50 backend tasks": { change: scheduled("load-test", "50", "50"), message: /backend-service costs \$1802\.01\/month/ },
            "a lower share of the budget per service": { config: { maximumServiceShareOfBudget: 0.1 }, message: /backend-service costs \$180\.\d\d.*more than 10% of the budget/ },
        },
    });
});
