/**
 * Class 3: the database migration gate judged by what it does. While a stack serves, the backend
 * service depends on a command that runs the reviewed script (start the task, wait for it, fail
 * unless the migration exited 0) with a forward migrate, triggered by the revision it deploys and
 * within its Pulumi timeout; a dr standby (read-replica database), dr in failback and a fenced
 * prod run none. The red team's cases (V) and variants of each technique.
 */
import * as fs from "fs";
import * as path from "path";

import { add, all, Case, drift, drServing, edit, migrationGate, named, remove, suite } from "./support";

const COMMAND = "command:local:Command";
const SERVICE = "aws:ecs/service:Service";
const TASKDEF = "aws:ecs/taskDefinition:TaskDefinition";
const RDS = "aws:rds/instance:Instance";
const SCRIPT = fs.readFileSync(path.resolve(__dirname, "..", "..", "scripts", "run-migration.sh"), "utf8");

const script = (text: string) => edit(COMMAND, p => { p.create = text; p.update = text; });
const command = (...argv: string[]) => edit(COMMAND, p => { p.environment = { ...p.environment, COMMAND_JSON: JSON.stringify(argv) }; });
const containers = (fn: (list: any[]) => void) => edit(TASKDEF, p => {
    const list = JSON.parse(p.containerDefinitions);
    fn(list);
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));
const timeouts = (create: number, update = create) => (rs: any[]) => { rs.filter(r => r.type === COMMAND).forEach(r => { r.customTimeouts = { create, update }; }); };
/** The dr database and drPhase output in a phase (no gate). */
const drPhase = (phase: string) => all(
    edit(RDS, p => {
        if (phase !== "standby") delete p.replicateSourceDb;
        p.tags = { ...p.tags, FailoverPhase: phase };
        if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase };
        p.deletionProtection = true; p.skipFinalSnapshot = false; p.finalSnapshotIdentifier = "expertconnect-dr-db-final-snapshot";
        if (phase === "promoted") { p.multiAz = true; p.applyImmediately = true; }
    }, named("database")),
    (rs: any[]) => { const st = rs.find(r => r.type === "pulumi:pulumi:Stack"); st.outputs = { ...st.outputs, drPhase: phase }; },
);

const violations: Case[] = [
    // ---------- the red team's cases (V) ----------
    { name: "migration step removed: the backend rolls to code that expects a schema nobody migrated", change: remove(COMMAND) },
    { name: "migration trigger pinned to a constant: new task definitions never run their migrations", change: edit(COMMAND, p => { p.triggers = ["v1"]; }) },
    { name: "migration script made fire-and-forget (run-task without waiting)", change: script("#!/usr/bin/env bash\nset -euo pipefail\naws ecs run-task --region \"${AWS_REGION}\" --cluster \"${CLUSTER}\" --task-definition \"${TASK_DEFINITION}\" --launch-type FARGATE --overrides \"{}\" >/dev/null\necho started\n") },
    { name: "migration command runs `migrate app zero`", change: command("python", "manage.py", "migrate", "meetings", "zero", "--noinput") },
    { name: "migration command runs `flush --noinput`", change: command("python", "manage.py", "flush", "--noinput") },
    { name: "migration timeout 90 min beyond the command's 35-min Pulumi timeout", change: edit(COMMAND, p => { p.environment = { ...p.environment, TIMEOUT_MINUTES: "90" }; }) },
    { name: "migration script ignores the task's exit code", change: edit(COMMAND, p => { p.create = p.create.replace(/if \[ "\$\{exit_code\}" != "0" \]; then\n {4}fail[^\n]*\nfi\n/, ""); p.update = p.create; }) },
    { name: "backend service no longer depends on the migration", change: edit(SERVICE, (_p, r) => { r.dependencies = (r.dependencies ?? []).filter((u: string) => !u.endsWith("::backend-migration-run")); }, named("backend-service")) },
    { name: "backend container made non-essential (xray essential): the migration task never stops", change: containers(l => { l[0].essential = false; l[1].essential = true; }) },
    {
        stack: "dr", name: "dr standby runs migrations on deploy: the database is a read-only replica", change: add(COMMAND, "backend-migration-run", {
            create: "aws ecs run-task ... && aws ecs wait tasks-stopped ...",
            environment: { AWS_REGION: "us-west-2", CLUSTER: "expertconnect-dr-cluster", COMMAND_JSON: "[\"python\",\"manage.py\",\"migrate\",\"--noinput\"]", CONTAINER: "backend", TASK_DEFINITION: "arn:aws:ecs:us-west-2:123456789012:task-definition/expertconnect-dr-backend:1", TIMEOUT_MINUTES: "30" },
            triggers: ["arn:aws:ecs:us-west-2:123456789012:task-definition/expertconnect-dr-backend:1"],
        }),
    },

    // ---------- other spellings and techniques of the same class ----------
    { name: "the trigger removed altogether (the command runs once, on create)", change: edit(COMMAND, p => { delete p.triggers; }) },
    { name: "the trigger follows the frontend's revision", change: (rs: any[]) => { const fe = rs.find(r => r.urn.endsWith("::frontend-task")); edit(COMMAND, p => { p.triggers = [fe.outputs.arn]; })(rs); } },
    { name: "the gate migrates with a pinned old revision (:1 → an older ARN)", change: edit(COMMAND, p => { p.environment = { ...p.environment, TASK_DEFINITION: p.environment.TASK_DEFINITION.replace(/:\d+$/, ":0") }; }) },
    { name: "`|| true` after the waiter: a timed-out wait counts as stopped", change: script(SCRIPT.replace("--tasks \"${task_arn}\"; then", "--tasks \"${task_arn}\" || true; then")) },
    { name: "the script ends with `exit 0` traps (set +e and trap 'exit 0' EXIT)", change: script(SCRIPT.replace("set -euo pipefail\n", "set -uo pipefail\ntrap 'exit 0' EXIT\n")) },
    { name: "only the update script is replaced by `true`", change: edit(COMMAND, p => { p.update = "true"; }) },
    { name: "the interpreter swallows the script (`/bin/true`)", change: edit(COMMAND, p => { p.interpreter = ["/bin/true"]; }) },
    { name: "AWS_ENDPOINT_URL_ECS points the CLI at a local fake endpoint that always answers success", change: edit(COMMAND, p => { p.environment = { ...p.environment, AWS_ENDPOINT_URL_ECS: "http://127.0.0.1:4566" }; }) },
    { name: "a delete command that undoes the schema", change: edit(COMMAND, p => { p.delete = "python manage.py migrate meetings zero --noinput"; }) },
    { name: "`sh -c` wrapper: flush then migrate", change: command("sh", "-c", "python manage.py flush --noinput && python manage.py migrate --noinput") },
    { name: "sqlflush piped into dbshell", change: command("bash", "-c", "python manage.py sqlflush | python manage.py dbshell") },
    { name: "reset_db from django-extensions", change: command("python", "manage.py", "reset_db", "--noinput") },
    { name: "migrate back one step (`migrate payments 0007`)", change: command("python", "manage.py", "migrate", "payments", "0007", "--noinput") },
    { name: "migrate one app only (`migrate meetings`)", change: command("python", "manage.py", "migrate", "meetings", "--noinput") },
    { name: "migrate --fake: records migrations without running them", change: command("python", "manage.py", "migrate", "--noinput", "--fake") },
    { name: "migrate --check: never applies anything", change: command("python", "manage.py", "migrate", "--noinput", "--check") },
    { name: "migrate against another database alias", change: command("python", "manage.py", "migrate", "--noinput", "--database=analytics") },
    { name: "the migration runs in the xray sidecar", change: edit(COMMAND, p => { p.environment = { ...p.environment, CONTAINER: "xray" }; }) },
    { name: "TIMEOUT_MINUTES 31 waits two more 10-minute rounds than the 36-minute Pulumi timeout", change: all(edit(COMMAND, p => { p.environment = { ...p.environment, TIMEOUT_MINUTES: "31" }; }), timeouts(2160)) },
    { name: "Pulumi timeout cut to 10 minutes", change: timeouts(600) },
    { name: "only the update timeout cut to 5 minutes", change: timeouts(2100, 300) },
    { name: "DRIFT: the deployed command's trigger pinned", change: drift(COMMAND, o => { o.triggers = ["pinned"]; }) },
    { name: "the service waits for nothing but its task definition (every dependency dropped)", change: edit(SERVICE, (_p, r) => { r.dependencies = (r.dependencies ?? []).filter((u: string) => u.endsWith("::backend-task")); }, named("backend-service")) },
    { stack: "dr", name: "dr standby with the program's own gate (reviewed script, proper trigger)", change: migrationGate() },
    { stack: "dr", name: "dr failback keeps the gate of the promoted phase", change: all(drPhase("failback"), migrationGate()) },
    { stack: "dr", name: "dr promoted, as the program renders it but without its gate", change: all(drServing("promoted"), remove(COMMAND)) },
    { stack: "dr", name: "dr standby: a one-off command execs manage.py migrate into the backend", change: add(COMMAND, "adhoc-migrate", { create: "aws ecs execute-command --cluster expertconnect-dr-cluster --task x --container backend --command 'python manage.py migrate'" }) },
];

const compliant: Case[] = [
    { name: "the migrate command gets --verbosity 2 and --skip-checks", change: command("python", "manage.py", "migrate", "--noinput", "--verbosity", "2", "--skip-checks") },
    { name: "python3 and an absolute manage.py path", change: command("python3", "/app/manage.py", "migrate", "--no-input") },
    { name: "a 45-minute migration timeout with the 55-minute Pulumi timeout the program derives", change: all(edit(COMMAND, p => { p.environment = { ...p.environment, TIMEOUT_MINUTES: "45" }; }), timeouts(3300)) },
    { name: "a shorter migration timeout (20 minutes) under the same Pulumi timeout", change: edit(COMMAND, p => { p.environment = { ...p.environment, TIMEOUT_MINUTES: "20" }; }) },
    { name: "release v1.1.0 of the backend image (a new revision the gate migrates)", change: containers(l => { l[0].image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.1.0"; }) },
    { stack: "dr", name: "dr promote as the program renders it, with its gate", change: drServing("promote") },
    { stack: "dr", name: "dr promoted as the program renders it, with its gate", change: drServing("promoted") },
    { stack: "dr", name: "dr standby, unchanged (no gate)", change: () => undefined },
];

suite("adversarial class 3: the migration gate", violations, compliant);
