/**
 * ecs-migration-gate: while a stack serves, the backend service depends on a migration command
 * that runs the reviewed script with a forward migrate, triggered by the revision it deploys and
 * within its Pulumi timeout; on a dr standby (read-replica database), dr failback or a fenced
 * prod no command migrates. The command-shape and timeout facts are tested beside it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { ecsMigrationGate } from "../../policy/ecs/migrationGate";
import { MIGRATION_COMMAND, migrationCommandProblem, migrationCommandTimeoutMinutes, migrationWaitMinutes } from "../../policy/lib/facts/migrationGate";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const SCRIPT = fs.readFileSync(path.resolve(__dirname, "..", "..", "scripts", "run-migration.sh"), "utf8");
const BACKEND_TD = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/expertconnect-prod-backend:7`;
const FRONTEND_TD = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/expertconnect-prod-frontend:7`;
const containers = (app: string) => JSON.stringify([
    { name: app, image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-${app}:v1.0.0`, essential: true },
    { name: "xray", image: "public.ecr.aws/xray/aws-xray-daemon:3.3.12", essential: false },
]);

/** prod as the program deploys it: database, both services, the backend's migration command. */
function prodStack(): StackResourceInput[] {
    return [
        { type: "pulumi:pulumi:Stack", name: "expertconnect-infra-prod", props: {} },
        { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-prod-db" } },
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task", props: { arn: BACKEND_TD, family: "expertconnect-prod-backend", containerDefinitions: containers("backend") } },
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: "frontend-task", props: { arn: FRONTEND_TD, family: "expertconnect-prod-frontend", containerDefinitions: containers("frontend") } },
        {
            type: "command:local:Command", name: "backend-migration-run",
            props: {
                interpreter: ["/bin/bash", "-c"], create: SCRIPT, update: SCRIPT, addPreviousOutputInEnv: false,
                environment: {
                    TASK_DEFINITION: BACKEND_TD, CLUSTER: "expertconnect-prod-cluster", SUBNETS: "subnet-a,subnet-b", SECURITY_GROUPS: "sg-backend",
                    CONTAINER: "backend", COMMAND_JSON: JSON.stringify(MIGRATION_COMMAND), LOG_GROUP: "/ecs/expertconnect-prod-backend",
                    LOG_STREAM_PREFIX: "backend", AWS_REGION: "us-east-1", TIMEOUT_MINUTES: "30",
                },
                triggers: [BACKEND_TD],
            },
            dependencies: ["database", "backend-task"],
            propertyDependencies: { environment: ["backend-task"], triggers: ["backend-task"] },
            customTimeouts: { create: 2100, update: 2100 },
        },
        {
            type: "aws:ecs/service:Service", name: "backend-service", props: { name: "expertconnect-prod-backend", taskDefinition: BACKEND_TD },
            dependencies: ["backend-migration-run", "backend-task"], propertyDependencies: { taskDefinition: ["backend-task"] },
        },
        {
            type: "aws:ecs/service:Service", name: "frontend-service", props: { name: "expertconnect-prod-frontend", taskDefinition: FRONTEND_TD },
            dependencies: ["frontend-task"], propertyDependencies: { taskDefinition: ["frontend-task"] },
        },
    ];
}

const gate = (s: StackResourceInput[]) => named(s, "backend-migration-run");
const env = (s: StackResourceInput[]) => gate(s).props.environment as Record<string, unknown>;
const command = (...argv: string[]) => (s: StackResourceInput[]) => { env(s).COMMAND_JSON = JSON.stringify(argv); };
const without = (name: string) => (s: StackResourceInput[]) => { s.splice(s.findIndex(r => r.name === name), 1); };
const script = (text: string) => (s: StackResourceInput[]) => { gate(s).props.create = text; gate(s).props.update = text; };
/** The dr stack's view: its phase on the Stack output and the database, the database a replica in standby. */
const dr = (phase: string) => (s: StackResourceInput[]) => {
    named(s, "expertconnect-infra-prod").props.drPhase = phase;
    const db = named(s, "database").props;
    db.tags = { FailoverPhase: phase };
    if (phase === "standby") db.replicateSourceDb = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;
};
const DR = { environment: "dr" };

describe("ecs-migration-gate", () => {
    stackTable(ecsMigrationGate, prodStack(), {
        config: { environment: "prod" },
        passes: {
            "the command adds quiet options (verbosity 2, --skip-checks, python3)": { change: command("python3", "manage.py", "migrate", "--noinput", "--verbosity", "2", "--skip-checks") },
            "--no-input and -v0 spellings": { change: command("python", "/app/manage.py", "migrate", "--no-input", "-v0") },
            "a 45-minute migration timeout with the 55-minute Pulumi timeout it needs": { change: s => { env(s).TIMEOUT_MINUTES = "45"; gate(s).customTimeouts = { create: 3300, update: 3300 }; } },
            "no TIMEOUT_MINUTES (the script's 30) within 35 minutes": { change: s => { delete env(s).TIMEOUT_MINUTES; } },
            "no update script (the provider runs create again)": { change: s => { delete gate(s).props.update; } },
            "the new revision's ARN unknown during preview (linked by property dependencies)": {
                change: s => { env(s).TASK_DEFINITION = UNKNOWN; gate(s).props.triggers = [UNKNOWN]; named(s, "backend-service").props.taskDefinition = UNKNOWN; named(s, "backend-task").props.arn = UNKNOWN; },
            },
            "the service waits for the gate through another resource": {
                change: s => {
                    s.push({ type: "aws:lb/targetGroup:TargetGroup", name: "tg", props: {}, dependencies: ["backend-migration-run"] });
                    named(s, "backend-service").dependencies = ["tg", "backend-task"];
                },
            },
            "migrations switched off (expertconnect:runMigrations and runMigrations false)": { config: { runMigrations: false }, change: without("backend-migration-run") },
            "dr standby (replica database) without a gate": { config: DR, change: s => { dr("standby")(s); without("backend-migration-run")(s); } },
            "dr promote with its gate": { config: DR, change: dr("promote") },
            "dr failback without a gate": { config: DR, change: s => { dr("failback")(s); without("backend-migration-run")(s); } },
            "a fenced prod (prod-fenced.json) without a gate": { config: { fenced: true }, change: without("backend-migration-run") },
            "dr whose phase is not known and no gate: can't judge whether one is needed": { config: DR, change: without("backend-migration-run") },
        },
        violations: {
            "the gate is removed": { change: without("backend-migration-run"), message: /service expertconnect-prod-backend runs the backend container but no migration gate migrates its task definition/ },
            "the service no longer depends on the gate": {
                change: s => { named(s, "backend-service").dependencies = ["backend-task"]; }, message: /service expertconnect-prod-backend does not depend on its migration gate \(backend-migration-run\)/,
            },
            "the trigger pinned to a constant": { change: s => { gate(s).props.triggers = ["v1"]; }, message: /its triggers do not follow the task definition it migrates with/ },
            "the gate migrates with an old revision": { change: s => { env(s).TASK_DEFINITION = `${BACKEND_TD.slice(0, -1)}6`; }, message: /TASK_DEFINITION .*expertconnect-prod-backend:6.* is not a backend task definition of this stack/ },
            "the gate migrates with the frontend's task definition": {
                change: s => { env(s).TASK_DEFINITION = FRONTEND_TD; gate(s).props.triggers = [FRONTEND_TD]; gate(s).propertyDependencies = {}; },
                message: /no migration gate migrates its task definition/,
            },
            "a fire-and-forget script": { change: script("#!/usr/bin/env bash\naws ecs run-task --task-definition \"${TASK_DEFINITION}\" >/dev/null\n"), message: /its create script is not the reviewed scripts\/run-migration.sh/ },
            "the exit-code check cut out of the script": {
                change: script(SCRIPT.replace(/if \[ "\$\{exit_code\}" != "0" \]; then\n {4}fail[^\n]*\nfi\n/, "")), message: /its create script is not the reviewed/,
            },
            "`|| true` after the waiter": { change: script(SCRIPT.replace("--tasks \"${task_arn}\"; then", "--tasks \"${task_arn}\" || true; then")), message: /its create script is not the reviewed/ },
            "only the update script changed": { change: s => { gate(s).props.update = "exit 0"; }, message: /its update script is not the reviewed/ },
            "an interpreter that ignores the script": { change: s => { gate(s).props.interpreter = ["/bin/true"]; }, message: /its interpreter is \["\/bin\/true"\]/ },
            "a delete command": { change: s => { gate(s).props.delete = "echo bye"; }, message: /it runs a delete command/ },
            "BASH_ENV in the environment": { change: s => { env(s).BASH_ENV = "/tmp/aws-shim.sh"; }, message: /its environment sets BASH_ENV, which the script does not read/ },
            "migrate <app> zero": { change: command("python", "manage.py", "migrate", "meetings", "zero", "--noinput"), message: /names an app or a migration.*unapplies/ },
            "migrate to an earlier migration": { change: command("python", "manage.py", "migrate", "payments", "0007_previous", "--noinput"), message: /names an app or a migration/ },
            "flush": { change: command("python", "manage.py", "flush", "--noinput"), message: /runs the management command "flush", not migrate/ },
            "reset_db (django-extensions)": { change: command("python", "manage.py", "reset_db", "--noinput"), message: /"reset_db", not migrate/ },
            "a shell chaining flush before migrate": { change: command("sh", "-c", "python manage.py flush --noinput && python manage.py migrate --noinput"), message: /it runs \["sh","-c"\], not python manage.py/ },
            "migrate --fake": { change: command("python", "manage.py", "migrate", "--fake", "--noinput"), message: /migrate --fake does not apply the migrations as written/ },
            "migrate --plan (runs nothing)": { change: command("python", "manage.py", "migrate", "--plan", "--noinput"), message: /migrate --plan/ },
            "migrate against another database alias": { change: command("python", "manage.py", "migrate", "--database", "replica", "--noinput"), message: /migrate --database/ },
            "migrate without --noinput": { change: command("python", "manage.py", "migrate"), message: /it lacks --noinput/ },
            "COMMAND_JSON is not JSON": { change: s => { env(s).COMMAND_JSON = "python manage.py migrate"; }, message: /is not a forward migration: it is not a JSON array of strings/ },
            "TIMEOUT_MINUTES 90 within a 35-minute Pulumi timeout": { change: s => { env(s).TIMEOUT_MINUTES = "90"; }, message: /its create timeout is 2100 s, shorter than the script's longest run for TIMEOUT_MINUTES=90 \(5700 s/ },
            "TIMEOUT_MINUTES 31 (waits 40) within 36 minutes": { change: s => { env(s).TIMEOUT_MINUTES = "31"; gate(s).customTimeouts = { create: 2160, update: 2160 }; }, message: /TIMEOUT_MINUTES=31 \(2700 s/ },
            "only the update timeout too short": { change: s => { gate(s).customTimeouts = { create: 2100, update: 600 }; }, message: /its update timeout is 600 s/ },
            "TIMEOUT_MINUTES that is not a number": { change: s => { env(s).TIMEOUT_MINUTES = "30m"; }, message: /TIMEOUT_MINUTES "30m" is not a positive whole number/ },
            "the migration runs in the xray container": { change: s => { env(s).CONTAINER = "xray"; }, message: /its CONTAINER "xray" is not the task's backend container/ },
            "the backend container made non-essential": {
                change: s => { named(s, "backend-task").props.containerDefinitions = JSON.stringify([{ name: "backend", image: "x", essential: false }, { name: "xray", image: "y", essential: true }]); },
                message: /the backend container is not essential in the task definition: its exit does not stop the task/,
            },
            "a gate on a dr standby": { config: DR, change: dr("standby"), message: /backend-migration-run runs database migrations although the stack must not migrate: the dr database is a read replica/ },
            "a gate on a dr standby even with migrations switched off": { config: { ...DR, runMigrations: false }, change: dr("standby"), message: /the dr database is a read replica/ },
            "a gate on dr in failback": { config: DR, change: dr("failback"), message: /the stack does not serve \(failback\)/ },
            "a gate on a fenced prod": { config: { fenced: true }, change: s => s, message: /the stack does not serve \(fenced\)/ },
            "a gate while the phase says promoted but the database is still a replica": {
                config: DR, change: s => { dr("promoted")(s); named(s, "database").props.replicateSourceDb = "arn:aws:rds:us-east-1:1:db:x"; }, message: /its database is a read replica/,
            },
            "a hand-written manage.py command on a dr standby": {
                config: DR,
                change: s => { dr("standby")(s); without("backend-migration-run")(s); s.push({ type: "command:local:Command", name: "adhoc", props: { create: "aws ecs execute-command --command 'python manage.py migrate'" } }); },
                message: /adhoc runs database migrations although the stack must not migrate/,
            },
            "dr promoted without a gate": { config: DR, change: s => { dr("promoted")(s); without("backend-migration-run")(s); }, message: /no migration gate migrates its task definition/ },
        },
    });

    describe("the facts the program builds its command from", () => {
        it("accepts the program's command", () => {
            expect(migrationCommandProblem([...MIGRATION_COMMAND])).to.equal(undefined);
        });

        it("refuses --verbosity without a level and unknown abbreviations", () => {
            expect(migrationCommandProblem(["python", "manage.py", "migrate", "--noinput", "--verbosity"])).to.match(/takes a level 0 to 3/);
            expect(migrationCommandProblem(["python", "manage.py", "migrate", "--noinput", "--fake-i"])).to.match(/--fake-i does not apply/);
        });

        it("waits in whole 10-minute waiter rounds, and gives Pulumi 5 minutes more", () => {
            expect([1, 10, 11, 30, 31, 90].map(migrationWaitMinutes)).to.deep.equal([10, 10, 20, 30, 40, 90]);
            expect(migrationCommandTimeoutMinutes(30)).to.equal(35);
            expect(migrationCommandTimeoutMinutes(31)).to.equal(45);
        });
    });
});
