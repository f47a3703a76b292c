/**
 * Class 3: a task definition ECS accepts can still starve its app. How ECS shares a task's size
 * among its containers (policy/lib/facts/taskSizing.ts): the app keeps the task's memory less the
 * other containers' reservations, a container's `memory` is a hard limit it is killed at, its `cpu`
 * is a share of the task's CPU (2 when unset), and its ulimits replace Fargate's defaults. Each
 * app process needs at least its stated memory, CPU and limits (Django 1 GiB / 512 units, Next.js
 * 512 MiB / 256 units, nofile 4096, nproc 1024, no data or CPU-time cap), in every task definition
 * of its code, deployed state included.
 */
import { ACCOUNT, add, all, Case, Change, drift, edit, named, suite, tags } from "./support";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";

/** Edits the containers (a JSON string) of a service's task definition, inputs and state. */
const containers = (svc: string, f: (list: any[]) => void): Change => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    f(list);
    p.containerDefinitions = JSON.stringify(list);
}, named(`${svc}-task`));
const size = (svc: string, cpu: string, memory: string): Change => edit(TASK, p => { p.cpu = cpu; p.memory = memory; }, named(`${svc}-task`));
const ulimit = (svc: string, name: string, softLimit: number, hardLimit = softLimit) => containers(svc, l => { l[0].ulimits = [...(l[0].ulimits ?? []), { name, softLimit, hardLimit }]; });

/** A one-off task definition of the backend's code (a migration), beside the components. */
const migrationTask = (memory: number): Change => rs => {
    const backend = rs.find(r => r.urn.endsWith("::backend-task"))!;
    const [app] = JSON.parse(backend.inputs.containerDefinitions);
    add(TASK, "migration-task", {
        ...backend.inputs, family: "expertconnect-prod-migrate",
        containerDefinitions: JSON.stringify([{ ...app, name: "migrate", memory, portMappings: [], healthCheck: undefined, command: ["python", "manage.py", "migrate", "--noinput"] }]),
        tags: tags("backend"),
    })(rs);
};

const violations: Case[] = [
    // ------------------------------------------------------------------ memory
    { name: "backend task shrunk to 256 CPU / 512 MiB beside the X-Ray daemon's 256 MiB reservation (red team)", change: size("backend", "256", "512") },
    { name: "backend container given a hard memory limit of 128 MiB in its 2 GiB task (red team)", change: containers("backend", l => { l[0].memory = 128; }) },
    { name: "backend task written as 0.5 vCPU / 1 GB: Django keeps 768 MiB after the daemon", change: all(size("backend", "0.5 vCPU", "1 GB"), containers("backend", l => { l[0].cpu = 480; })) },
    { name: "the X-Ray daemon's reservation raised to 1792 MiB in the backend task", change: containers("backend", l => { l[1].memoryReservation = 1792; }) },
    { name: "the X-Ray daemon given a hard limit of 1800 MiB and no reservation", change: containers("backend", l => { delete l[1].memoryReservation; l[1].memory = 1800; }) },
    {
        name: "an OpenTelemetry collector sidecar reserving 1 GiB added to the backend task",
        change: containers("backend", l => { l.push({ name: "otel-collector", image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", essential: false, memoryReservation: 1024, user: "10001", readonlyRootFilesystem: true, logConfiguration: l[1].logConfiguration }); }),
    },
    { name: "frontend task shrunk to 256 CPU / 512 MiB with the daemon", change: all(size("frontend", "256", "512"), containers("frontend", l => { l[0].cpu = 224; })) },
    { name: "frontend container capped at a hard 256 MiB", change: containers("frontend", l => { l[0].memory = 256; }) },
    { name: "dr: backend task at 256 CPU / 512 MiB (no sidecar, still half of Django's need)", stack: "dr", change: all(size("backend", "256", "512"), containers("backend", l => { l[0].cpu = 256; })) },
    { name: "drift: the deployed backend task definition is 256 CPU / 512 MiB", change: drift(TASK, o => { o.cpu = "256"; o.memory = "512"; }, named("backend-task")) },
    { name: "a migration task definition of the backend's code with a hard limit of 256 MiB", change: migrationTask(256) },

    // ------------------------------------------------------------------ CPU
    { name: "the X-Ray daemon given cpu 1024 in the 1024-unit backend task (red team)", change: containers("backend", l => { l[1].cpu = 1024; }) },
    { name: "backend container's cpu removed while the daemon keeps 32 (2 shares against 32)", change: containers("backend", l => { delete l[0].cpu; }) },
    { name: "backend cpu set to 0 and the daemon to 512", change: containers("backend", l => { l[0].cpu = 0; l[1].cpu = 512; }) },
    { name: "frontend container cpu lowered to 64 beside the daemon's 448", change: containers("frontend", l => { l[0].cpu = 64; l[1].cpu = 448; }) },

    // ------------------------------------------------------------------ Fargate sizes
    { name: "backend task memory 2500 MiB (no such Fargate size)", change: size("backend", "1024", "2500") },

    // ------------------------------------------------------------------ ulimits
    { name: "backend nofile ulimit 64 (red team)", change: ulimit("backend", "nofile", 64) },
    { name: "frontend nofile soft 1024 under a 65535 hard limit (Node does not raise it)", change: ulimit("frontend", "nofile", 1024, 65535) },
    { name: "backend nproc ulimit 32 (gunicorn cannot fork its workers)", change: ulimit("backend", "nproc", 32) },
    { name: "backend cpu ulimit of a day's CPU seconds", change: ulimit("backend", "cpu", 86400) },
    { name: "backend data ulimit of 128 MiB (a heap cap per process)", change: ulimit("backend", "data", 128 * 1024 * 1024) },
    { name: "dr: frontend nofile 256", stack: "dr", change: ulimit("frontend", "nofile", 256) },
];

const compliant: Case[] = [
    { name: "backend scaled to 2 vCPU / 4 GB (written as ECS also accepts), its container's share raised with it", change: all(size("backend", "2 vCPU", "4 GB"), containers("backend", l => { l[0].cpu = 2016; })) },
    { name: "backend memory raised to 3072 MiB at 1 vCPU", change: size("backend", "1024", "3072") },
    { name: "backend nofile raised to 1048576 and its data and cpu limits unlimited", change: all(ulimit("backend", "nofile", 1048576), ulimit("backend", "data", -1), ulimit("backend", "cpu", -1)) },
    { name: "backend reserves 1 GiB softly and caps itself at 1700 MiB", change: containers("backend", l => { l[0].memoryReservation = 1024; l[0].memory = 1700; }) },
    { name: "the X-Ray daemon's reservation lowered to 128 MiB", change: containers("backend", l => { l[1].memoryReservation = 128; }) },
    { name: "frontend scaled to 1 vCPU / 2 GiB, its container's share raised with it", change: all(size("frontend", "1024", "2048"), containers("frontend", l => { l[0].cpu = 992; })) },
    { name: "dr: frontend at 0.25 vCPU / 1 GiB (no sidecar)", stack: "dr", change: all(size("frontend", "256", "1024"), containers("frontend", l => { l[0].cpu = 256; })) },
    { name: "a migration task definition of the backend's code with a hard limit of 1536 MiB", change: migrationTask(1536) },
];

void ACCOUNT;

suite("class 3: every task leaves its app the memory, CPU and limits it needs", violations, compliant);
