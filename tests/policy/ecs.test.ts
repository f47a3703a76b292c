import { expect } from "chai";
import { ecsCircuitBreaker } from "../../policy/ecs/circuitBreaker";
import { ecsCodeDeployRollback } from "../../policy/ecs/codeDeployRollback";
import { ecsContainerInsights } from "../../policy/ecs/containerInsights";
import { ecsContainerLogging } from "../../policy/ecs/logging";
import { ecsNoPrivilegedContainers } from "../../policy/ecs/privileged";
import { ecsNoPublicIp } from "../../policy/ecs/publicIp";
import { ecsReadOnlyRootFilesystem } from "../../policy/ecs/readOnlyRoot";
import { ecsRolloutSafety } from "../../policy/ecs/rolloutSafety";
import { ecsSecretAudience } from "../../policy/ecs/secretAudience";
import { ecsNoSecretsInEnvironment } from "../../policy/ecs/secretsInEnvironment";
import { ecsTaskSizing } from "../../policy/ecs/taskSizing";
import { cpuShares, fargateMemoryChoices, softLimit, taskCpuUnits, taskMemoryMiB } from "../../policy/lib/facts/taskSizing";
import { named, resourceTable, stackTable } from "./support/cases";
import { backendContainer, taskDefinition, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput } from "./support/harness";

const xray = { name: "xray-daemon", image: "amazon/aws-xray-daemon", essential: false, cpu: 32, memoryReservation: 256, readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }], logConfiguration: backendContainer.logConfiguration };
const task = taskDefinition([backendContainer, xray]);

/** Changes the first container (backend) of the task definition. */
function backend(change: (c: Record<string, unknown>) => void): (r: ResourceInput) => void {
    return r => {
        const containers = JSON.parse(r.props.containerDefinitions as string);
        change(containers[0]);
        r.props.containerDefinitions = JSON.stringify(containers);
    };
}
const addEnv = (name: string, value: string) => backend(c => { (c.environment as object[]).push({ name, value }); });
const unparseable = { change: (r: ResourceInput) => { r.props.containerDefinitions = "[{"; }, message: /not a JSON list/ };

describe("ecs-no-privileged-containers", () => {
    resourceTable(ecsNoPrivilegedContainers, task, {
        passes: {
            "the task's namespaces are its own (pidMode task, ipcMode none, awsvpc)": { change: r => { r.props.pidMode = "task"; r.props.ipcMode = "none"; r.props.networkMode = "awsvpc"; } },
            "a container adds a capability Docker grants anyway": { change: backend(c => { c.linuxParameters = { capabilities: { add: ["NET_BIND_SERVICE", "CAP_CHOWN"], drop: ["ALL"] } }; }) },
            "a container runs as a named non-root user with the root group": { change: backend(c => { c.user = "app:0"; }) },
            "a container runs as uid 10 (not 0)": { change: backend(c => { c.user = "10:10"; }) },
            "the X-Ray daemon from ECR Public sets no user (its image runs as xray)": {
                change: r => { const l = JSON.parse(r.props.containerDefinitions as string); l[1].image = "public.ecr.aws/xray/aws-xray-daemon:3.3.16"; r.props.containerDefinitions = JSON.stringify(l); },
            },
            "task-local volumes and a host directory of the app's own": {
                change: r => { r.props.volumes = [{ name: "tmp" }, { name: "cache", hostPath: "/data/expertconnect/cache" }, { name: "scratch", dockerVolumeConfiguration: { driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs" } } }]; },
            },
            "a security option that tightens (no-new-privileges)": { change: backend(c => { c.dockerSecurityOptions = ["no-new-privileges"]; }) },
        },
        violations: {
            "a container is privileged": { change: backend(c => { c.privileged = true; }), message: /container backend is privileged/ },
            "a container adds SYS_ADMIN": { change: backend(c => { c.linuxParameters = { capabilities: { add: ["CHOWN", "SYS_ADMIN"] } }; }), message: /adds Linux capabilities SYS_ADMIN beyond Docker's default set;/ },
            "a container adds every capability": { change: backend(c => { c.linuxParameters = { initProcessEnabled: true, capabilities: { add: ["ALL"] } }; }), message: /adds Linux capabilities ALL beyond/ },
            "a container adds SYS_PTRACE": { change: backend(c => { c.linuxParameters = { capabilities: { add: ["sys_ptrace"] } }; }), message: /adds Linux capabilities sys_ptrace beyond Docker's default set;/ },
            "a sidecar adds SYS_PTRACE in a task sharing its processes": {
                change: r => { r.props.pidMode = "task"; const l = JSON.parse(r.props.containerDefinitions as string); l[1].linuxParameters = { capabilities: { add: ["CAP_SYS_PTRACE"] } }; r.props.containerDefinitions = JSON.stringify(l); },
                message: /container xray-daemon adds Linux capabilities CAP_SYS_PTRACE beyond Docker's default set while pidMode task shares/,
            },
            "a container runs as uid 0": { change: backend(c => { c.user = "0"; }), message: /container backend runs as user "0", which is root/ },
            "a container runs as root by name with a group": { change: backend(c => { c.user = "root:app"; }), message: /runs as user "root:app", which is root/ },
            "a container runs as uid 0 written 00:0": { change: backend(c => { c.user = "00:0"; }), message: /which is root/ },
            "a container of the stack's image sets no user (image default root)": { change: backend(c => { delete c.user; }), message: /container backend sets no user, so it runs as its image's default user/ },
            "a container's user is the number 0": { change: backend(c => { c.user = 0; }), message: /runs as user "0", which is root/ },
            "a container sets an empty user": { change: backend(c => { c.user = ""; }), message: /container backend sets no user/ },
            "a Docker Hub image of unknown default sets no user": {
                change: r => { const l = JSON.parse(r.props.containerDefinitions as string); l[1].image = "otel/opentelemetry-collector:0.98.0"; r.props.containerDefinitions = JSON.stringify(l); },
                message: /container xray-daemon sets no user/,
            },
            "the X-Ray daemon is told to run as root": {
                change: r => { const l = JSON.parse(r.props.containerDefinitions as string); l[1].user = "root"; r.props.containerDefinitions = JSON.stringify(l); },
                message: /container xray-daemon runs as user "root"/,
            },
            "a volume binds the Docker socket": { change: r => { r.props.volumes = [{ name: "docker", hostPath: "/var/run/docker.sock" }]; }, message: /volume docker binds the host's \/var\/run\/docker.sock, which exposes \/var\/run\/docker.sock/ },
            "a volume binds the host's root": { change: r => { r.props.volumes = [{ name: "hostroot", hostPath: "/" }]; }, message: /volume hostroot binds the host's \/, which exposes/ },
            "a volume binds a directory holding the Docker socket": { change: r => { r.props.volumes = [{ name: "run", hostPath: "/var/run/" }]; }, message: /volume run binds the host's \/var\/run\/, which exposes \/var\/run\/docker.sock/ },
            "a volume binds /proc by a roundabout path": { change: r => { r.props.volumes = [{ name: "p", hostPath: "/data/../proc//1" }]; }, message: /which exposes \/proc/ },
            "a volume binds /etc": { change: r => { r.props.volumes = [{ name: "etc", hostPath: "/etc" }]; }, message: /exposes \/etc/ },
            "a volume binds /var/lib/docker": { change: r => { r.props.volumes = [{ name: "images", hostPath: "/var/lib/docker/overlay2" }]; }, message: /exposes \/var\/lib\/docker/ },
            "a local Docker volume binds the host's root": {
                change: r => { r.props.volumes = [{ name: "bound", dockerVolumeConfiguration: { scope: "task", driver: "local", driverOpts: { type: "none", o: "bind", device: "/" } } }]; },
                message: /volume bound binds the host's \//,
            },
            "a container maps a host device": { change: backend(c => { c.linuxParameters = { devices: [{ hostPath: "/dev/sda", containerPath: "/dev/sda" }] }; }), message: /maps host devices \/dev\/sda/ },
            "a container runs unconfined": { change: backend(c => { c.dockerSecurityOptions = ["apparmor:unconfined", "label:disable"]; }), message: /dockerSecurityOptions apparmor:unconfined, label:disable/ },
            "the task shares the host's processes": { change: r => { r.props.pidMode = "host"; }, message: /pidMode is host: the task's containers share the host's processes/ },
            "the task shares the host's shared memory": { change: r => { r.props.ipcMode = "host"; }, message: /ipcMode is host/ },
            "the task uses the host's network stack": { change: r => { r.props.networkMode = "host"; }, message: /networkMode is host/ },
            "the definitions do not parse": unparseable,
        },
    });
});

describe("ecs-container-logging", () => {
    resourceTable(ecsContainerLogging, task, {
        violations: {
            "a container has no log configuration": { change: backend(c => { delete c.logConfiguration; }), message: /container backend has no logConfiguration/ },
            "a log configuration has no driver": { change: backend(c => { c.logConfiguration = { options: {} }; }), message: /container backend has no/ },
            "the definitions do not parse": unparseable,
        },
        notApplicable: { "the task has no containers": { change: r => { r.props.containerDefinitions = "[]"; } } },
    });
});

describe("ecs-no-secrets-in-environment", () => {
    resourceTable(ecsNoSecretsInEnvironment, task, {
        passes: {
            "a variable holds a secret's parameter path": { change: addEnv("API_KEY_PARAMETER", "/expertconnect/prod/video-api-key") },
            "a variable configures a token's lifetime": { change: addEnv("JWT_ACCESS_TOKEN_LIFETIME", "300") },
            "a password-reset timeout": { change: addEnv("PASSWORD_RESET_TIMEOUT", "3600") },
            "a refresh-token expiry in days": { change: addEnv("JWT_REFRESH_TOKEN_EXPIRY_DAYS", "7") },
            "an OIDC token endpoint": { change: addEnv("OIDC_TOKEN_ENDPOINT", "https://auth.expertconnect.example/oauth2/token") },
            "the command runs migrations": { change: backend(c => { c.command = ["python", "manage.py", "migrate", "--noinput"]; }) },
            "a log driver option names where its token is": {
                change: backend(c => { c.logConfiguration = { logDriver: "awsfirelens", options: { Name: "splunk", "splunk-token-secret": "arn:aws:secretsmanager:us-east-1:123456789012:secret:splunk" } }; }),
            },
            "the health check probes without credentials": { change: backend(c => { c.healthCheck = { command: ["CMD-SHELL", "curl -fsS http://127.0.0.1:8000/api/health/ || exit 1"] }; }) },
            "a public key verifies tokens": { change: addEnv("JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3Tz2mr7SZiAMfQyuvBjM\n-----END PUBLIC KEY-----") },
            "a Stripe publishable key for the browser": { change: addEnv("NEXT_PUBLIC_STRIPE_KEY", `pk_${"live"}_51Nq8ZrKx2vQb7TmWaQ3nR8sT5uV2wX9yZ1bC4dE6fG7hJ0k`) },
            "a browser-bound API URL": { change: addEnv("NEXT_PUBLIC_API_URL", "https://app.expertconnect.example/api") },
            "a browser-bound analytics id": { change: addEnv("NEXT_PUBLIC_GA_MEASUREMENT_ID", "G-ABC123XYZ9") },
        },
        violations: {
            "a variable named like a secret holds a literal": { change: addEnv("DJANGO_SECRET_KEY", "not-really-secret"), message: /DJANGO_SECRET_KEY is named like a credential/ },
            "a database password is in the environment": { change: addEnv("DB_PASSWORD", "x"), message: /DB_PASSWORD/ },
            "an API key is in the environment": { change: addEnv("VIDEO_APIKEY", "x"), message: /VIDEO_APIKEY/ },
            "an API key under Next.js' browser prefix (the prefix excuses nothing)": {
                change: addEnv("NEXT_PUBLIC_VIDEO_API_KEY", "vp_live_8f2a1c9e0b7d4e6f"), message: /NEXT_PUBLIC_VIDEO_API_KEY is named like a credential .*JavaScript every browser downloads/,
            },
            "a secret under Vite's browser prefix": { change: addEnv("VITE_PAYMENTS_SECRET", "whsec-local-Xk9mP2vL"), message: /VITE_PAYMENTS_SECRET .*every browser/ },
            "a token under Create React App's prefix, in the sidecar": {
                change: (r: ResourceInput) => { const list = JSON.parse(r.props.containerDefinitions as string); list[1].environment = [{ name: "REACT_APP_CHAT_TOKEN", value: "tok-Xk9mP2vL7q" }]; r.props.containerDefinitions = JSON.stringify(list); },
                message: /container xray-daemon's environment variable REACT_APP_CHAT_TOKEN/,
            },
            "an AWS access key is the value of a harmless name": { change: addEnv("UPLOADER", "AKIAABCDEFGHIJKLMNOP"), message: /UPLOADER has the format of an AWS access key id/ },
            "a PEM private key is a value": { change: addEnv("CERT", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"), message: /CERT has the format of a private key/ },
            "a URL embeds a password": { change: addEnv("DATABASE_URL", "postgres://expertconnect_user:s3cret@db:5432/expertconnect"), message: /DATABASE_URL has the format of credentials in a URL/ },
            "a random token under a harmless name": { change: addEnv("PROVIDER", "q7Vh2Lm9Xc4Tz8Rk1Wp5Nb3Gd6Fy0Js2"), message: /PROVIDER contains a 32-character random-looking string/ },
            "a password passed on the command line": { change: backend(c => { c.command = ["gunicorn", "app", "--db-password", "Pa55word-2024"]; }), message: /command sets db-password/ },
            "a token in the entry point": { change: backend(c => { c.entryPoint = ["sh", "-c", "STRIPE=sk_live_51H8xkQ2eZvKYlo2C0aBcDe exec app"]; }), message: /entryPoint has the format of a Stripe/ },
            "the health check logs in with a password": {
                change: backend(c => { c.healthCheck = { command: ["CMD-SHELL", "curl -fsS -u probe:Winter2024 http://127.0.0.1:8000/api/health/"] }; }), message: /healthCheck sets --user password/,
            },
            "the health check sends a live key": {
                change: backend(c => { c.healthCheck = { command: ["CMD-SHELL", `curl -H 'X-Probe-Key: sk_${"live"}_51H8xkQ2eZvKYlo2C0aBcDe' http://127.0.0.1:8000/`] }; }), message: /healthCheck has the format of a Stripe/,
            },
            "a certificate bundle carries its private key": {
                change: addEnv("TLS_BUNDLE", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"), message: /TLS_BUNDLE has the format of a private key/,
            },
            "a log driver option carries a token": {
                change: backend(c => { c.logConfiguration = { logDriver: "splunk", options: { "splunk-url": "https://splunk.example:8088", "splunk-token": "Xk9mP2vL7qR4tZ8w" } }; }),
                message: /logConfiguration.options.splunk-token is named like a credential/,
            },
            "the definitions do not parse": unparseable,
        },
    });
});

describe("ecs-secret-audience", () => {
    const SM = `arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod`;
    const frontendContainer = { ...backendContainer, name: "frontend", environment: [], secrets: [{ name: "FEATURE_VIDEO_CALLS", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/features/video-calls" }] };
    const frontendTask = { ...taskDefinition([frontendContainer, xray]), name: "frontend-task" };
    const frontend = (change: (c: Record<string, unknown>) => void) => backend(change);
    const secret = (name: string, valueFrom: string) => frontend(c => { (c.secrets as object[]).push({ name, valueFrom }); });
    resourceTable(ecsSecretAudience, frontendTask, {
        passes: {
            "the frontend gets a secret of its own": { change: secret("NEXTAUTH_SECRET", `${SM}/frontend-session-secret-AbC123`) },
            "the frontend gets a feature flag parameter": { change: secret("FEATURE_CHAT", "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/features/chat") },
            "the backend holds the signing keys, the cache token and the provider key": {
                change: (r: ResourceInput) => {
                    r.props.containerDefinitions = JSON.stringify([{ ...backendContainer, secrets: [
                        { name: "DJANGO_SECRET_KEY", valueFrom: `${SM}/django-secret-key-1ffb64` }, { name: "JWT_SIGNING_KEY", valueFrom: `${SM}/jwt-signing-key-189879` },
                        { name: "REDIS_AUTH_TOKEN", valueFrom: `${SM}/cache-auth-token-21c05c` }, { name: "VIDEO_PROVIDER_API_KEY", valueFrom: `${SM}/video-provider-api-key-dd81af` }] }]);
                },
            },
            "a task of no application service": { change: (r: ResourceInput) => { r.props.containerDefinitions = JSON.stringify([{ ...backendContainer, name: "migrate", secrets: [{ name: "X", valueFrom: `${SM}/jwt-signing-key-189879` }] }]); r.props.tags = { Component: "operations" }; } },
        },
        violations: {
            "the frontend is given the Django SECRET_KEY": { change: secret("DJANGO_SECRET_KEY", `${SM}/django-secret-key-1ffb64`), message: /container frontend \(the frontend\) is given secret DJANGO_SECRET_KEY, but expertconnect\/prod\/django-secret-key is a signing-key .*only the backend may hold it/ },
            "the frontend is given the JWT key under another name": { change: secret("AUTH_SECRET", `${SM}/jwt-signing-key-189879`), message: /jwt-signing-key is a signing-key/ },
            "the frontend is given one JSON key of the database master secret": { change: secret("PGPASSWORD", `${SM}/database/master-69cf0a:password::`), message: /database\/master is a database-master .*no application service may hold it/ },
            "the frontend is given an RDS-managed master secret": { change: secret("DB", "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-AbCdEf"), message: /database-master/ },
            "the frontend is given the cache AUTH token": { change: secret("REDIS_AUTH_TOKEN", `${SM}/cache-auth-token-21c05c`), message: /data-store-credential/ },
            "the frontend is given the video provider's key": { change: secret("VIDEO_KEY", `${SM}/video-provider-api-key-dd81af`), message: /provider-key/ },
            "the frontend reads a copy of the Django key from an SSM SecureString": { change: secret("DJANGO_SECRET_KEY", "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/frontend/django-key"), message: /signing-key/ },
            "the frontend's environment names the JWT key's ARN for the app to fetch": { change: frontend(c => { (c.environment as object[]).push({ name: "JWT_KEY_ARN", value: `${SM}/jwt-signing-key-189879` }); }), message: /environment variable JWT_KEY_ARN/ },
            "the frontend's sidecar is given the signing key": {
                change: (r: ResourceInput) => { const list = JSON.parse(r.props.containerDefinitions as string); list[1].secrets = [{ name: "K", valueFrom: `${SM}/django-secret-key-1ffb64` }]; r.props.containerDefinitions = JSON.stringify(list); },
                message: /container xray-daemon \(the frontend\)/,
            },
            "the backend is given the database master secret (it logs in with IAM)": {
                change: (r: ResourceInput) => { r.props.containerDefinitions = JSON.stringify([{ ...backendContainer, secrets: [{ name: "DATABASE_PASSWORD", valueFrom: `${SM}/database/master-69cf0a:password::` }] }]); },
                message: /container backend \(the backend\) .*database-master/,
            },
            "the definitions do not parse": unparseable,
        },
    });
});

describe("task sizing facts (policy/lib/facts/taskSizing.ts)", () => {
    const cases: [string, () => unknown, unknown][] = [
        ["256 CPU units take 512, 1024 and 2048 MiB", () => fargateMemoryChoices(256), [512, 1024, 2048]],
        ["8 vCPU take 16 to 60 GiB in 4 GiB steps", () => [fargateMemoryChoices(8192)[0], fargateMemoryChoices(8192).at(-1), fargateMemoryChoices(8192).length], [16384, 61440, 12]],
        ["16 vCPU take 32 to 120 GiB in 8 GiB steps", () => [fargateMemoryChoices(16384)[1], fargateMemoryChoices(16384).at(-1)], [40960, 122880]],
        ["Fargate has no 3072-unit size", () => fargateMemoryChoices(3072), []],
        ["CPU in units, as a string, in vCPUs", () => [taskCpuUnits(1024), taskCpuUnits("512"), taskCpuUnits("0.25 vCPU"), taskCpuUnits("2 vcpu"), taskCpuUnits("lots")], [1024, 512, 256, 2048, undefined]],
        ["memory in MiB, as a string, in GB", () => [taskMemoryMiB(2048), taskMemoryMiB("1024"), taskMemoryMiB("0.5GB"), taskMemoryMiB("2 GB")], [2048, 1024, 512, 2048]],
        ["no cpu, 0 and 1 are the kernel's minimum share", () => [cpuShares({}), cpuShares({ cpu: 0 }), cpuShares({ cpu: 1 }), cpuShares({ cpu: 32 }), cpuShares({ cpu: 1e6 })], [2, 2, 2, 32, 262144]],
        ["a soft limit is the lower of soft and hard, -1 unlimited, the lowest entry wins", () => [
            softLimit([{ name: "nofile", softLimit: 8192, hardLimit: 4096 }], "nofile"), softLimit([{ name: "cpu", softLimit: -1, hardLimit: -1 }], "cpu"),
            softLimit([{ name: "nofile", softLimit: 65535, hardLimit: 65535 }, { name: "nofile", softLimit: 10, hardLimit: 10 }], "nofile"), softLimit(undefined, "nofile"),
        ], [4096, Infinity, 10, undefined]],
    ];
    for (const [title, run, expected] of cases) {
        it(title, () => expect(run()).to.deep.equal(expected));
    }
});

describe("ecs-task-sizing", () => {
    // The program's backend task: 1024 CPU / 2048 MiB, the app's share the task's CPU less the daemon's.
    const sized = { ...task, props: { ...task.props, cpu: "1024", memory: "2048", tags: { ...TAGS, Component: "backend" },
        containerDefinitions: JSON.stringify([{ ...backendContainer, cpu: 992 }, xray]) } };
    const sidecar = (change: (c: Record<string, unknown>) => void) => (r: ResourceInput) => {
        const l = JSON.parse(r.props.containerDefinitions as string);
        change(l[1]);
        r.props.containerDefinitions = JSON.stringify(l);
    };
    const size = (cpu: unknown, memory: unknown) => (r: ResourceInput) => { r.props.cpu = cpu; r.props.memory = memory; };
    const ulimits = (...list: object[]) => backend(c => { c.ulimits = list; });
    const only = (container: object, tags: object, cpu = "1024", memory = "2048") => (r: ResourceInput) => {
        r.props.containerDefinitions = JSON.stringify([container]); r.props.tags = tags; r.props.cpu = cpu; r.props.memory = memory;
    };
    const migrate = { ...backendContainer, name: "migrate", command: ["python", "manage.py", "migrate"], portMappings: [] };
    resourceTable(ecsTaskSizing, sized, {
        passes: {
            "the sizes are written as ECS also accepts them (1 vCPU, 2 GB)": { change: size("1 vCPU", "2 GB") },
            "the task is scaled vertically to 2048 CPU / 4096 MiB": { change: size(2048, 4096) },
            "the backend reserves part of its memory softly and sets a hard limit above its need": { change: backend(c => { c.memoryReservation = 512; c.memory = 1536; }) },
            "nofile is raised, cpu and data are unlimited": { change: ulimits({ name: "nofile", softLimit: 65535, hardLimit: 1048576 }, { name: "cpu", softLimit: -1, hardLimit: -1 }, { name: "data", softLimit: -1, hardLimit: -1 }) },
            "there is no sidecar and the backend sets no cpu (it alone shares the task)": { change: only({ ...backendContainer }, { ...TAGS, Component: "backend" }) },
            "the frontend's 512 CPU / 1024 MiB task with the daemon": {
                change: only({ ...backendContainer, name: "frontend", cpu: 480, portMappings: [{ containerPort: 3000 }] }, { ...TAGS, Component: "frontend" }, "512", "1024"),
            },
            "a migration task of the backend's code keeps a low nofile (it serves no traffic)": {
                change: only({ ...migrate, ulimits: [{ name: "nofile", softLimit: 256, hardLimit: 256 }] }, { ...TAGS, Component: "backend" }),
            },
            "a worker of no stated needs runs in the smallest Fargate task": { change: only({ ...backendContainer, name: "worker", portMappings: [] }, { ...TAGS, Component: "worker" }, "256", "512") },
        },
        violations: {
            "the task shrinks to 256 CPU / 512 MiB beside the daemon's 256 MiB (red team)": {
                change: size("256", "512"),
                message: /container backend \(Django under gunicorn\) keeps 256 MiB of the task's 512 MiB once the other containers' reservations are set aside \(xray-daemon 256 MiB\); it needs 1024 MiB/,
            },
            "the containers reserve more CPU than the smaller task has": { change: size(512, 1024), message: /the containers reserve 1024 CPU units, more than the task's 512: ECS refuses it/ },
            "the backend gets a hard memory limit of 128 MiB (red team)": { change: backend(c => { c.memory = 128; }), message: /container backend \(Django under gunicorn\) has a hard memory limit of 128 MiB; it needs 1024 MiB, and ECS kills/ },
            "the daemon reserves 1536 MiB": { change: sidecar(c => { c.memoryReservation = 1536; }), message: /keeps 512 MiB of the task's 2048 MiB .*xray-daemon 1536 MiB/ },
            "the daemon's hard limit, without a reservation, sets 1536 MiB aside": { change: sidecar(c => { delete c.memoryReservation; c.memory = 1536; }), message: /keeps 512 MiB/ },
            "the daemon takes cpu 1024 beside the backend (red team)": { change: sidecar(c => { c.cpu = 1024; }), message: /the containers reserve 2016 CPU units, more than the task's 1024/ },
            "the daemon takes cpu 1024 and the backend sets none": {
                change: r => { sidecar(c => { c.cpu = 1024; })(r); backend(c => { delete c.cpu; })(r); },
                message: /is guaranteed 1 of the task's 1024 CPU units under contention \(cpu unset, a share of 2 against xray-daemon 1024\); it needs 512/,
            },
            "the backend sets no cpu beside the daemon's 32": { change: backend(c => { delete c.cpu; }), message: /guaranteed 60 of the task's 1024 CPU units/ },
            "the backend's cpu is 1 (the minimum share)": { change: backend(c => { c.cpu = 1; }), message: /guaranteed 60 of the task's 1024/ },
            "Fargate has no such pair": { change: size("1024", "1000"), message: /Fargate has no 1024 CPU \/ 1000 MiB task \(with 1024 CPU units: 2048, 3072/ },
            "Fargate has no such CPU size": { change: size("3 vCPU", "8 GB"), message: /Fargate has no 3072 CPU \/ 8192 MiB task \(CPU sizes: 256, 512/ },
            "a Fargate task without task-level memory": { change: r => { delete r.props.memory; }, message: /a Fargate task needs task-level cpu and memory/ },
            "nofile 64 (red team)": { change: ulimits({ name: "nofile", softLimit: 64, hardLimit: 64 }), message: /has a nofile ulimit of 64 \(soft\); it needs at least 4096: every connection/ },
            "nofile soft 1024 under a high hard limit (the process runs with the soft one)": { change: ulimits({ name: "nofile", softLimit: 1024, hardLimit: 65535 }), message: /nofile ulimit of 1024 \(soft\)/ },
            "nofile listed twice, the second low": { change: ulimits({ name: "nofile", softLimit: 65535, hardLimit: 65535 }, { name: "nofile", softLimit: 100, hardLimit: 100 }), message: /nofile ulimit of 100/ },
            "nproc 64": { change: ulimits({ name: "nproc", softLimit: 64, hardLimit: 64 }), message: /nproc ulimit of 64 \(soft\); it needs at least 1024/ },
            "data 256 MiB (a heap cap per process)": { change: ulimits({ name: "data", softLimit: 268435456, hardLimit: 268435456 }), message: /data ulimit of 268435456 \(soft\); it needs at least 1073741824/ },
            "an hour of CPU time (cpu ulimit 3600)": { change: ulimits({ name: "cpu", softLimit: 3600, hardLimit: 3600 }), message: /cpu ulimit of 3600 \(soft\); it needs unlimited \(-1\)/ },
            "a migration task of the backend's code with a hard limit of 256 MiB": { change: only({ ...migrate, memory: 256 }, { ...TAGS, Component: "backend" }), message: /container migrate \(Django under gunicorn\) has a hard memory limit of 256 MiB/ },
            "the backend container renamed, known by its port, with nofile 64": {
                change: only({ ...backendContainer, name: "app", cpu: 1024, ulimits: [{ name: "nofile", softLimit: 64, hardLimit: 64 }] }, { ...TAGS, Component: "backend" }),
                message: /container app \(Django under gunicorn\) has a nofile ulimit of 64/,
            },
            "an EC2 task without task-level sizes reserves 256 MiB and no CPU for the backend": {
                change: r => { delete r.props.cpu; delete r.props.memory; r.props.requiresCompatibilities = ["EC2"]; backend(c => { delete c.cpu; c.memoryReservation = 256; })(r); },
                message: /reserves 256 MiB in a task without task-level memory; it needs 1024 MiB/,
            },
            "the definitions do not parse": unparseable,
        },
    });
});

describe("ecs-read-only-root-filesystem (advisory)", () => {
    const mount = (containerPath: string, readOnly?: boolean) => backend(c => { c.mountPoints = [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }, { sourceVolume: "scratch", containerPath, readOnly }]; });
    const frontendMount = (containerPath: string) => backend(c => {
        c.name = "frontend"; c.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-frontend:v1.0.0";
        c.mountPoints = [{ sourceVolume: "scratch", containerPath, readOnly: false }];
    });
    resourceTable(ecsReadOnlyRootFilesystem, task, {
        passes: {
            "the app writes /tmp and ECS Exec's agent directories": { change: backend(c => { c.mountPoints = ["/tmp", "/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"].map(p => ({ sourceVolume: p, containerPath: p, readOnly: false })); }) },
            "a read-only volume inside the code": { change: mount("/app/static", true) },
            "the frontend writes Next.js' cache inside its build": { change: frontendMount("/app/.next/cache") },
            "a directory whose name only starts like the code's": { change: mount("/application-data") },
        },
        violations: {
            "a container's root filesystem is writable": { change: backend(c => { c.readonlyRootFilesystem = false; }), message: /container backend has a writable/ },
            "the setting is left at its writable default": { change: backend(c => { delete c.readonlyRootFilesystem; }), message: /container backend has a writable/ },
            "a writable volume over the application's code (red team)": { change: mount("/app"), message: /container backend mounts volume scratch writable at \/app, over the application's code \(\/app\)/ },
            "a writable volume inside the code (readOnly unset)": { change: mount("/app/expertconnect"), message: /writable at \/app\/expertconnect, over the application's code/ },
            "a writable volume over Python's packages": { change: mount("/usr/local/lib/python3.12/site-packages", false), message: /over the image's system directory \/usr/ },
            "a writable volume over /etc, spelt with a trailing slash": { change: mount("/etc/"), message: /over the image's system directory \/etc/ },
            "a writable volume over /bin": { change: mount("/bin"), message: /system directory \/bin/ },
            "a writable volume at / (above every directory)": { change: mount("/"), message: /writable at \/, over/ },
            "the backend writes the frontend's cache path (inside its own code)": { change: mount("/app/.next/cache"), message: /over the application's code/ },
            "the frontend writes its whole build": { change: frontendMount("/app/.next"), message: /container frontend mounts volume scratch writable at \/app\/.next/ },
            "a writable root with a volume over /app as well": { change: r => { mount("/app")(r); backend(c => { c.readonlyRootFilesystem = false; })(r); }, message: /over the application's code/ },
            "the definitions do not parse": unparseable,
        },
    });
});

const service: ResourceInput = {
    type: "aws:ecs/service:Service",
    name: "backend-service",
    props: {
        name: "expertconnect-prod-backend",
        launchType: "FARGATE",
        enableExecuteCommand: true,
        networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-tasks"] },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        tags: TAGS,
    },
};

describe("ecs-no-public-ip", () => {
    resourceTable(ecsNoPublicIp, service, {
        passes: { "assignPublicIp is left at its default": { change: r => { delete (r.props.networkConfiguration as Record<string, unknown>).assignPublicIp; } } },
        violations: {
            "tasks get public IPs": { change: r => { (r.props.networkConfiguration as Record<string, unknown>).assignPublicIp = true; }, message: /assignPublicIp is true/ },
        },
    });
});

describe("ecs-deployment-circuit-breaker", () => {
    resourceTable(ecsCircuitBreaker, service, {
        violations: {
            "there is no circuit breaker": { change: r => delete r.props.deploymentCircuitBreaker, message: /not enabled/ },
            "the circuit breaker is disabled": { change: r => { r.props.deploymentCircuitBreaker = { enable: false, rollback: true }; }, message: /not enabled/ },
            "the circuit breaker does not roll back": { change: r => { r.props.deploymentCircuitBreaker = { enable: true, rollback: false }; }, message: /rollback is not true/ },
            "the service is moved to the EXTERNAL controller": {
                change: r => { r.props.deploymentController = { type: "EXTERNAL" }; delete r.props.deploymentCircuitBreaker; }, message: /EXTERNAL/,
            },
            "a served service may stop every task during a deploy": { change: r => { r.props.loadBalancers = [{ containerName: "backend", containerPort: 8000 }]; r.props.deploymentMinimumHealthyPercent = 0; }, message: /deploymentMinimumHealthyPercent is 0: a deployment may stop every task/ },
            "a served service keeps a quarter": { change: r => { r.props.loadBalancers = [{ containerName: "backend", containerPort: 8000 }]; r.props.deploymentMinimumHealthyPercent = 25; }, message: /is 25.*at least 50/ },
        },
        passes: {
            "the ECS controller is named explicitly": { change: r => { r.props.deploymentController = { type: "ECS" }; } },
            "a served service keeps half its tasks": { change: r => { r.props.loadBalancers = [{ containerName: "backend", containerPort: 8000 }]; r.props.deploymentMinimumHealthyPercent = 50; } },
            "a served service leaves the default (100)": { change: r => { r.props.loadBalancers = [{ containerName: "backend", containerPort: 8000 }]; delete r.props.deploymentMinimumHealthyPercent; } },
            "a worker without a load balancer may stop all its tasks": { change: r => { delete r.props.loadBalancers; r.props.deploymentMinimumHealthyPercent = 0; } },
            "a lower minimum configured": { change: r => { r.props.loadBalancers = [{ containerName: "backend", containerPort: 8000 }]; r.props.deploymentMinimumHealthyPercent = 25; }, config: { minimumHealthyPercent: 25 } },
        },
        notApplicable: {
            "CodeDeploy deploys the service (no circuit breaker there)": { change: r => { r.props.deploymentController = { type: "CODE_DEPLOY" }; delete r.props.deploymentCircuitBreaker; } },
        },
    });
});

describe("ecs-codedeploy-rollback", () => {
    const blueGreen: StackResourceInput[] = [
        { ...service, props: { ...service.props, deploymentController: { type: "CODE_DEPLOY" }, deploymentCircuitBreaker: undefined } },
        {
            type: "aws:codedeploy/deploymentGroup:DeploymentGroup", name: "backend-deployments",
            props: {
                deploymentGroupName: "expertconnect-prod-backend",
                ecsService: [{ clusterName: "expertconnect-prod-cluster", serviceName: "expertconnect-prod-backend" }],
                autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
            },
        },
    ];
    const group = (s: StackResourceInput[]) => named(s, "backend-deployments").props;
    stackTable(ecsCodeDeployRollback, blueGreen, {
        passes: {
            "the group finds the service by dependency (name unknown in preview)": {
                change: s => { group(s).ecsService = [{ clusterName: "c", serviceName: "(unknown)" }]; named(s, "backend-deployments").propertyDependencies = { ecsService: ["backend-service"] }; },
            },
            "a service on the ECS controller needs no deployment group": { change: s => { s[0].props.deploymentController = { type: "ECS" }; s.pop(); } },
        },
        violations: {
            "no deployment group deploys the service": { change: s => { s.pop(); }, message: /deployed by CodeDeploy but no deployment group/ },
            "automatic rollback is off": { change: s => { group(s).autoRollbackConfiguration = { enabled: false, events: ["DEPLOYMENT_FAILURE"] }; }, message: /does not roll back automatically/ },
            "rollback only on alarms, not on failure": { change: s => { group(s).autoRollbackConfiguration = { enabled: true, events: ["DEPLOYMENT_STOP_ON_ALARM"] }; }, message: /on DEPLOYMENT_FAILURE/ },
            "the group deploys another service": { change: s => { group(s).ecsService = [{ clusterName: "c", serviceName: "other" }]; }, message: /no deployment group/ },
        },
    });
});

describe("ecs-container-insights", () => {
    resourceTable(ecsContainerInsights, {
        type: "aws:ecs/cluster:Cluster", name: "cluster",
        props: { name: "expertconnect-prod-cluster", settings: [{ name: "containerInsights", value: "enabled" }], tags: TAGS },
    }, {
        passes: { "enhanced observability is on": { change: r => { r.props.settings = [{ name: "containerInsights", value: "enhanced" }]; } } },
        violations: {
            "the cluster has no settings": { change: r => delete r.props.settings, message: /containerInsights is not set/ },
            "Container Insights is disabled": { change: r => { r.props.settings = [{ name: "containerInsights", value: "disabled" }]; }, message: /containerInsights is disabled/ },
        },
    });
});

describe("ecs-rollout-safety", () => {
    const TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/alb-backend/0123456789abcdef";
    const TD_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/expertconnect-prod-backend:3";
    const stack: StackResourceInput[] = [
        { type: "aws:lb/targetGroup:TargetGroup", name: "alb-backend", props: { arn: TG_ARN, name: "alb-backend", deregistrationDelay: 30, port: 8000 } },
        { ...task, props: { ...task.props, arn: TD_ARN } },
        {
            type: "aws:ecs/service:Service", name: "backend-service",
            props: { name: "expertconnect-prod-backend", taskDefinition: TD_ARN, waitForSteadyState: true, loadBalancers: [{ targetGroupArn: TG_ARN, containerName: "backend", containerPort: 8000 }] },
            propertyDependencies: { taskDefinition: ["backend-task"], loadBalancers: ["alb-backend"] },
        },
    ];
    const service = (s: StackResourceInput[]) => named(s, "backend-service").props as Record<string, any>;
    const group = (s: StackResourceInput[]) => named(s, "alb-backend").props as Record<string, any>;
    const containers = (change: (list: Record<string, unknown>[]) => void) => (s: StackResourceInput[]) => {
        const definition = named(s, "backend-task");
        const list = JSON.parse(definition.props.containerDefinitions as string);
        change(list);
        definition.props.containerDefinitions = JSON.stringify(list);
    };
    stackTable(ecsRolloutSafety, stack, {
        passes: {
            "the target group drains longer (60 s)": { change: s => { group(s).deregistrationDelay = 60; } },
            "the target group leaves the delay at ELB's default (300 s)": { change: s => { delete group(s).deregistrationDelay; } },
            "the delay comes back from AWS as a string": { change: s => { group(s).deregistrationDelay = "45"; } },
            "essential is unset on the serving container (ECS's default is essential)": { change: containers(l => { delete l[0].essential; }) },
            "a second sidecar is not essential either": { change: containers(l => { l.push({ name: "log_router", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0", essential: false }); }) },
            "a service without a load balancer has no serving container to tell sidecars from": { change: s => { delete service(s).loadBalancers; containers(l => { l[1].essential = true; })(s); } },
            "the service is deployed by CodeDeploy (judged by ecs-codedeploy-rollback)": { change: s => { service(s).deploymentController = { type: "CODE_DEPLOY" }; delete service(s).waitForSteadyState; } },
            "a service without a load balancer waits for steady state": { change: s => { delete service(s).loadBalancers; } },
            "ids are unknown in preview: linked through the property dependencies": {
                change: s => { delete service(s).taskDefinition; service(s).loadBalancers[0].targetGroupArn = undefined; delete group(s).arn; },
            },
        },
        violations: {
            "waitForSteadyState is false": { change: s => { service(s).waitForSteadyState = false; }, message: /waitForSteadyState is false: pulumi up returns once ECS accepts/ },
            "waitForSteadyState is unset (the provider's default is false)": { change: s => { delete service(s).waitForSteadyState; }, message: /waitForSteadyState is unset/ },
            "the ECS controller is named and waitForSteadyState is off": { change: s => { service(s).deploymentController = { type: "ECS" }; service(s).waitForSteadyState = false; }, message: /waitForSteadyState/ },
            "the target group's deregistration delay is 0": { change: s => { group(s).deregistrationDelay = 0; }, message: /deregistrationDelay 0 s is shorter than the application's longest request \(30 s/ },
            "the target group's deregistration delay is 5 (AWS's advice for sub-second services)": { change: s => { group(s).deregistrationDelay = 5; }, message: /deregistrationDelay 5 s/ },
            "the delay is a string below the bound": { change: s => { group(s).deregistrationDelay = "10"; }, message: /deregistrationDelay 10 s/ },
            "the serving container is not essential": { change: containers(l => { l[0].essential = false; }), message: /container backend, which the load balancer sends service expertconnect-prod-backend's requests to, is not essential/ },
            "the serving container is not essential while the sidecar is": { change: containers(l => { l[0].essential = false; l[1].essential = true; }), message: /is not essential/ },
            "the X-Ray sidecar is made essential (red team)": {
                change: containers(l => { l[1].essential = true; }),
                message: /container xray-daemon, a sidecar of service expertconnect-prod-backend \(the load balancer sends requests to backend\), is essential: ECS stops the whole task/,
            },
            "a log router added with essential left unset (ECS's default)": {
                change: containers(l => { l.push({ name: "log_router", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0" }); }), message: /container log_router, a sidecar .* is essential \(ECS's default when unset\)/,
            },
            "the service registers the xray sidecar's name and that container is not essential": {
                change: s => { service(s).loadBalancers[0].containerName = "xray-daemon"; }, message: /container xray-daemon, which the load balancer/,
            },
            "preview: the drain is judged through the dependency": {
                change: s => { service(s).loadBalancers[0].targetGroupArn = undefined; delete group(s).arn; group(s).deregistrationDelay = 0; }, message: /deregistrationDelay 0 s/,
            },
        },
    });
});
