import { expect } from "chai";
import {
    ContainerSpec, ECS_EXEC_AGENT_PATHS, XRAY_DAEMON_IMAGE, containerDefinitions, scratchVolumes, sidecarSizes, volumeName, xrayDaemonFromGuide,
} from "../../../components/compute/containerDefinitions";
import { APP_WRITABLE_PATHS } from "../../../policy/lib/facts/containerRuntime";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/django-secret-key-AbCdEf";
const PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/redis-host";

function spec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
    return {
        name: "backend",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0",
        port: 8000,
        environment: { DJANGO_SETTINGS_MODULE: "expertconnect.settings.prod", ALLOWED_REGION: "us-east-1" },
        secrets: [{ name: "REDIS_HOST", valueFrom: PARAM }, { name: "DJANGO_SECRET_KEY", valueFrom: SECRET }],
        logGroupName: "/ecs/expertconnect-prod-backend",
        region: "us-east-1",
        user: "1000:1000",
        writablePaths: ["/tmp"],
        healthCheckCommand: ["CMD", "true"],
        stopTimeout: 30,
        xray: false,
        taskCpu: 1024,
        ...overrides,
    };
}

const app = (s: ContainerSpec) => containerDefinitions(s)[0] as Record<string, any>;

describe("container definitions", () => {
    it("runs the application container as non-root, unprivileged, with a read-only root filesystem", () => {
        const c = app(spec());
        expect(c).to.include({ name: "backend", essential: true, user: "1000:1000", privileged: false, readonlyRootFilesystem: true, stopTimeout: 30 });
        expect(c.image).to.equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0");
        expect(c.portMappings).to.deep.equal([{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }]);
        expect(c.linuxParameters).to.deep.equal({ initProcessEnabled: true });
        // The image's own entry point and command start it (ecs-container-start).
        expect(c).to.not.have.any.keys("command", "entryPoint", "dependsOn");
    });

    it("injects secrets by ARN and keeps only plain settings in the environment, sorted", () => {
        const c = app(spec());
        expect(c.secrets).to.deep.equal([{ name: "DJANGO_SECRET_KEY", valueFrom: SECRET }, { name: "REDIS_HOST", valueFrom: PARAM }]);
        expect(c.environment).to.deep.equal([
            { name: "ALLOWED_REGION", value: "us-east-1" },
            { name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.prod" },
        ]);
        expect(JSON.stringify(c.environment)).to.not.include("arn:aws:secretsmanager");
    });

    it("refuses a credential in plain environment, naming it", () => {
        expect(() => containerDefinitions(spec({ environment: { JWT_SECRET: "x" } }))).to.throw(/JWT_SECRET looks like a credential; pass it in secrets/);
        expect(() => containerDefinitions(spec({ environment: { DATABASE_PASSWORD: "x" } }))).to.throw(/DATABASE_PASSWORD/);
        expect(() => containerDefinitions(spec({ environment: { VIDEO_API_KEY: "x" } }))).to.throw(/VIDEO_API_KEY/);
    });

    it("refuses a secret that is not an ARN, a name set twice, and a name in both lists", () => {
        expect(() => containerDefinitions(spec({ secrets: [{ name: "A", valueFrom: "plain-value" }] }))).to.throw(/secret A valueFrom must be a Secrets Manager or SSM parameter ARN/);
        expect(() => containerDefinitions(spec({ secrets: [{ name: "A", valueFrom: PARAM }, { name: "A", valueFrom: SECRET }] }))).to.throw(/secret A is given twice/);
        expect(() => containerDefinitions(spec({ environment: { REDIS_HOST: "x" } }))).to.throw(/REDIS_HOST is set both as environment and as a secret/);
    });

    it("sends logs to the service's log group with the awslogs driver", () => {
        expect(app(spec()).logConfiguration).to.deep.equal({
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/expertconnect-prod-backend", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "backend" },
        });
    });

    it("mounts a scratch volume at each writable path", () => {
        const s = spec({ name: "frontend", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-frontend:v1.0.0", port: 3000, writablePaths: [...APP_WRITABLE_PATHS.frontend], ecsExec: false });
        expect(app(s).mountPoints).to.deep.equal([
            { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
            { sourceVolume: "app-next-cache", containerPath: "/app/.next/cache", readOnly: false },
        ]);
        expect(scratchVolumes(s)).to.deep.equal([{ name: "tmp" }, { name: "app-next-cache" }]);
        expect(volumeName("/var/run/")).to.equal("var-run");
        expect(() => containerDefinitions(spec({ writablePaths: ["tmp"] }))).to.throw(/writable path "tmp" must be an absolute directory/);
        expect(() => containerDefinitions(spec({ writablePaths: ["/"] }))).to.throw(/other than \//);
    });

    it("refuses a writable path over the code or a system directory (policy/lib/facts/containerRuntime.ts), beyond the service's own", () => {
        expect(() => containerDefinitions(spec({ writablePaths: ["/tmp", "/app"] }))).to.throw(/backend: writable path \/app lies over the application's code \(\/app\)/);
        expect(() => containerDefinitions(spec({ writablePaths: ["/app/.next/cache"] }))).to.throw(/lies over the application's code/);
        expect(() => containerDefinitions(spec({ writablePaths: ["/usr/local/lib/python3.12/site-packages"] }))).to.throw(/lies over the image's system directory \/usr/);
    });

    it("refuses settings that change the code a process loads", () => {
        expect(() => containerDefinitions(spec({ environment: { LD_PRELOAD: "/tmp/x.so" } }))).to.throw(/backend: LD_PRELOAD changes which code the process loads/);
        expect(() => containerDefinitions(spec({ environment: { GUNICORN_CMD_ARGS: "--threads 2 --reload" } }))).to.throw(/GUNICORN_CMD_ARGS: gunicorn --reload is not a setting/);
        expect(() => containerDefinitions(spec({ secrets: [{ name: "PYTHONPATH", valueFrom: PARAM }] }))).to.throw(/PYTHONPATH changes which code/);
        expect(app(spec({ environment: { GUNICORN_CMD_ARGS: "--threads 2" } })).environment).to.deep.equal([{ name: "GUNICORN_CMD_ARGS", value: "--threads 2" }]);
    });

    it("adds the health check when given, and none otherwise", () => {
        expect(app(spec()).healthCheck).to.deep.equal({ command: ["CMD", "true"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
        expect(app(spec({ healthCheckCommand: undefined }))).to.not.have.property("healthCheck");
    });

    it("keeps stopTimeout within Fargate's limit", () => {
        expect(() => containerDefinitions(spec({ stopTimeout: 121 }))).to.throw(/stopTimeout 121; allowed: 2 to 120/);
    });

    it("gives the app container the task's CPU the sidecars do not reserve, so its share wins under contention", () => {
        expect(app(spec()).cpu).to.equal(1024);
        const [c, x] = containerDefinitions(spec({ xray: true })) as Array<Record<string, any>>;
        expect([c.cpu, x.cpu]).to.deep.equal([1024 - 32, 32]);
        expect(sidecarSizes(true)).to.deep.equal([{ name: "xray-daemon", cpu: 32, memoryReservation: 256 }]);
        expect(sidecarSizes(false)).to.deep.equal([]);
    });

    it("adds no sidecar when X-Ray is off", () => {
        expect(containerDefinitions(spec())).to.have.length(1);
    });

    it("gives every container writable mounts for ECS Exec's agent by default, keeping the root read-only", () => {
        const s = spec({ xray: true });
        const containers = containerDefinitions(s) as Array<Record<string, any>>;
        for (const c of containers) {
            expect(c.readonlyRootFilesystem, c.name).to.equal(true);
            const paths = (c.mountPoints as Array<{ containerPath: string; readOnly: boolean }>).filter((m) => !m.readOnly).map((m) => m.containerPath);
            expect(paths, c.name).to.include.members([...ECS_EXEC_AGENT_PATHS]);
        }
        expect(scratchVolumes(s).map((v) => v.name)).to.deep.equal(["tmp", "managed-agents", "var-lib-amazon-ssm", "var-log-amazon-ssm"]);
    });

    it("declares each exec volume once even when the application also lists the path", () => {
        const s = spec({ writablePaths: ["/tmp", "/managed-agents"] });
        expect(scratchVolumes(s).filter((v) => v.name === "managed-agents")).to.have.length(1);
        expect(app(s).mountPoints.filter((m: { containerPath: string }) => m.containerPath === "/managed-agents")).to.have.length(1);
    });

    it("adds no exec mounts when ECS Exec is off", () => {
        const [c, x] = containerDefinitions(spec({ xray: true, ecsExec: false })) as Array<Record<string, any>>;
        expect(c.mountPoints.map((m: { containerPath: string }) => m.containerPath)).to.deep.equal(["/tmp"]);
        expect(x.mountPoints).to.deep.equal([]);
    });

    it("runs the X-Ray daemon from ECR Public at a pinned release, never Docker Hub or an untagged image", () => {
        const [, xray] = containerDefinitions(spec({ xray: true })) as Array<Record<string, any>>;
        expect(xray.image).to.equal(XRAY_DAEMON_IMAGE);
        expect(XRAY_DAEMON_IMAGE).to.match(/^public\.ecr\.aws\/xray\/aws-xray-daemon:\d+\.\d+\.\d+$/);
    });

    it("adds the guide's X-Ray daemon settings, non-essential, read-only and logged", () => {
        const [, xray] = containerDefinitions(spec({ xray: true })) as Array<Record<string, any>>;
        expect(xray).to.deep.include({
            name: "xray-daemon",
            cpu: 32,
            memoryReservation: 256,
            portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }],
            essential: false,
            privileged: false,
            readonlyRootFilesystem: true,
            linuxParameters: { initProcessEnabled: true },
        });
        expect(xray).to.not.have.any.keys("command", "entryPoint", "dependsOn");
        expect(xray.logConfiguration.options["awslogs-stream-prefix"]).to.equal("xray");
        expect(Object.keys(xrayDaemonFromGuide)).to.deep.equal(["name", "image", "cpu", "memoryReservation", "portMappings"]);
    });
});
