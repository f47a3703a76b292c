import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * scripts/run-migration.sh against a stand-in `aws` executable first on PATH. The stand-in logs
 * each call's arguments (one per line, calls separated by "--") and answers from FAKE_* variables.
 */
const SCRIPT = path.resolve(__dirname, "..", "..", "..", "scripts", "run-migration.sh");
const TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/expertconnect-prod-cluster/0123456789abcdef";

const FAKE_AWS = `#!/usr/bin/env bash
{ printf '%s\\n' "$@"; echo --; } >> "$FAKE_AWS_LOG"
case "$2" in
  run-task) printf '%s\\n' "$FAKE_RUN_TASK" ;;
  wait) exit "\${FAKE_WAIT_EXIT:-0}" ;;
  describe-tasks) printf '%s\\n' "$FAKE_DESCRIBE" ;;
  stop-task) echo '{}' ;;
esac
`;

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    /** The aws calls, each as its argument list. */
    calls: string[][];
}

const BASE_ENV: Record<string, string> = {
    TASK_DEFINITION: "arn:aws:ecs:us-east-1:123456789012:task-definition/expertconnect-prod-backend:7",
    CLUSTER: "expertconnect-prod-cluster",
    SUBNETS: "subnet-a,subnet-b",
    SECURITY_GROUPS: "sg-task",
    CONTAINER: "backend",
    COMMAND_JSON: '["python","manage.py","migrate","--noinput"]',
    LOG_GROUP: "/ecs/expertconnect-prod-backend",
    LOG_STREAM_PREFIX: "backend",
    AWS_REGION: "us-east-1",
    FAKE_RUN_TASK: `${TASK_ARN}\tNone`,
    FAKE_DESCRIBE: "EssentialContainerExited\t0\tEssential container in task exited",
};

function run(overrides: Record<string, string | undefined> = {}): Run {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-migration-"));
    try {
        fs.writeFileSync(path.join(dir, "aws"), FAKE_AWS, { mode: 0o755 });
        const log = path.join(dir, "calls.log");
        fs.writeFileSync(log, "");
        const env: Record<string, string> = { PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_LOG: log };
        for (const [k, v] of Object.entries({ ...BASE_ENV, ...overrides })) {
            if (v !== undefined) env[k] = v;
        }
        const result = spawnSync("bash", [SCRIPT], { env, encoding: "utf8" });
        const calls = fs.readFileSync(log, "utf8").split("--\n").filter((c) => c !== "").map((c) => c.trimEnd().split("\n"));
        return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The value after a flag in one call. */
const flag = (call: string[], name: string): string | undefined => {
    const i = call.indexOf(name);
    return i >= 0 ? call[i + 1] : undefined;
};

describe("scripts/run-migration.sh", () => {
    it("starts the new task definition in the private subnets with no public IP and the migrate command", () => {
        const r = run();
        expect(r.status, r.stderr).to.equal(0);
        const runTask = r.calls.find((c) => c[1] === "run-task")!;
        expect(flag(runTask, "--task-definition")).to.equal(BASE_ENV.TASK_DEFINITION);
        expect(flag(runTask, "--cluster")).to.equal("expertconnect-prod-cluster");
        expect(flag(runTask, "--launch-type")).to.equal("FARGATE");
        expect(flag(runTask, "--network-configuration")).to.equal(
            "awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-task],assignPublicIp=DISABLED}");
        expect(JSON.parse(flag(runTask, "--overrides")!)).to.deep.equal({
            containerOverrides: [{ name: "backend", command: ["python", "manage.py", "migrate", "--noinput"] }],
        });
    });

    it("waits for the task to stop, then reads the backend container's exit code", () => {
        const r = run();
        expect(r.calls.map((c) => c[1])).to.deep.equal(["run-task", "wait", "describe-tasks"]);
        expect(r.calls[1].slice(1, 3)).to.deep.equal(["wait", "tasks-stopped"]);
        expect(flag(r.calls[2], "--query")).to.contain("containers[?name=='backend'] | [0].exitCode");
        expect(r.stdout).to.contain("migrations applied");
    });

    it("prints where the task's logs are", () => {
        const r = run();
        expect(r.stdout).to.contain("log group /ecs/expertconnect-prod-backend, stream backend/backend/0123456789abcdef");
        expect(r.stdout).to.contain("aws logs tail /ecs/expertconnect-prod-backend --log-stream-names backend/backend/0123456789abcdef --region us-east-1");
    });

    it("fails when the migration exits non-zero, pointing at its logs", () => {
        const r = run({ FAKE_DESCRIBE: "EssentialContainerExited\t1\tEssential container in task exited" });
        expect(r.status).to.equal(1);
        expect(r.stderr).to.contain("the migration exited with code 1");
        expect(r.stderr).to.contain("--log-stream-names backend/backend/0123456789abcdef");
    });

    it("fails when the task stopped for any other reason than its container exiting", () => {
        const r = run({ FAKE_DESCRIBE: "TaskFailedToStart\tNone\tCannotPullContainerError: image not found" });
        expect(r.status).to.equal(1);
        expect(r.stderr).to.contain("the task stopped with TaskFailedToStart: CannotPullContainerError: image not found");
    });

    it("fails when ECS does not start the task", () => {
        const r = run({ FAKE_RUN_TASK: "None\tRESOURCE:ENI" });
        expect(r.status).to.equal(1);
        expect(r.stderr).to.contain("ECS did not start the task: RESOURCE:ENI");
        expect(r.calls.map((c) => c[1])).to.deep.equal(["run-task"]);
    });

    it("stops the task and fails when it does not stop in time", () => {
        const r = run({ FAKE_WAIT_EXIT: "255", TIMEOUT_MINUTES: "20" });
        expect(r.status).to.equal(1);
        expect(r.calls.map((c) => c[1])).to.deep.equal(["run-task", "wait", "wait", "stop-task"]);
        expect(flag(r.calls[3], "--task")).to.equal(TASK_ARN);
        expect(r.stderr).to.contain("did not stop within 20 minutes");
    });

    it("refuses to run without its inputs, naming the missing one", () => {
        const r = run({ SUBNETS: undefined });
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain("SUBNETS is not set");
        expect(r.calls).to.have.length(0);
    });

    it("refuses a container name it would have to quote", () => {
        const r = run({ CONTAINER: "backend'] | [0]" });
        expect(r.status).to.equal(2);
        expect(r.stderr).to.contain("CONTAINER must match");
    });

    it("is shellcheck-clean", function () {
        const check = spawnSync("shellcheck", ["--version"]);
        if (check.error) {
            this.skip(); // shellcheck is not installed here; CI installs it
        }
        const r = spawnSync("shellcheck", [SCRIPT], { encoding: "utf8" });
        expect(r.status, r.stdout).to.equal(0);
    });
});
