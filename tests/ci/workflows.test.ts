/**
 * The GitHub workflows as GitHub will read them: each one valid against the workflow schema
 * (@action-validator/core), on current action majors, without long-lived credentials, with
 * read-only pull-request jobs, and a failover path that needs nothing from prod.
 */
import { validateWorkflow } from "@action-validator/core";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

import { IMAGE_PLATFORM } from "../../policy/lib/facts/containerRuntime";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }
interface Job {
    "runs-on"?: string | string[];
    needs?: string | string[];
    uses?: string;
    with?: Record<string, unknown>;
    permissions?: Record<string, string> | string;
    environment?: string;
    steps?: Step[];
    secrets?: unknown;
}
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (file: string) => Object.values(workflow(file).jobs).flatMap((j) => j.steps ?? []);
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/**
 * The major of each action the workflows may use: the current ones, on Node 24 (checkout v7
 * and setup-node v7 since July 2026, configure-aws-credentials v6, pulumi/actions v7 and
 * auth-actions v2 since May 2026).
 */
const CURRENT_MAJORS: Record<string, string> = {
    "actions/checkout": "v7",
    "actions/setup-node": "v7",
    "aws-actions/configure-aws-credentials": "v6",
    "pulumi/actions": "v7",
    "pulumi/auth-actions": "v2",
};

/** Permissions a job may hold without being able to change the repository or a pull request. */
function isReadOnly(permissions: Job["permissions"]): boolean {
    if (permissions === undefined || typeof permissions === "string") return false;
    // id-token: write only lets the job ask GitHub for its OIDC token (to exchange for read-only roles).
    return Object.entries(permissions).every(([scope, level]) => level === "read" || level === "none" || (scope === "id-token" && level === "write"));
}

/**
 * Where a workflow builds a container image for another platform than the task definitions run
 * (IMAGE_PLATFORM, policy/lib/facts/containerRuntime.ts), one line per build: `docker build`
 * (or buildx) builds for its runner's platform unless `--platform` names others, and must include
 * linux/amd64 (an ARM runner, or `--platform linux/arm64` alone, builds images every task refuses
 * with "exec format error").
 */
function imagePlatformProblems(wf: Workflow): string[] {
    return Object.entries(wf.jobs).flatMap(([name, job]) => (job.steps ?? []).flatMap((step) => {
        const run = step.run ?? "";
        if (!/\bdocker\s+(?:buildx\s+)?build\b/.test(run)) return [];
        const flag = /--platform[=\s]+([^\s]+)/.exec(run)?.[1];
        const runner = [job["runs-on"] ?? ""].flat().join(" ");
        // GitHub's hosted Linux runners are x86-64 unless their label says arm (ubuntu-24.04-arm).
        const platforms = flag ? flag.split(",") : [/arm/i.test(runner) ? "linux/arm64" : "linux/amd64"];
        return platforms.includes(IMAGE_PLATFORM.docker) ? [] : [`job ${name} builds an image for ${platforms.join(",")}, not ${IMAGE_PLATFORM.docker}`];
    }));
}

describe("CI workflows", () => {
    it("finds the workflows", () => {
        expect(files).to.include.members(["checks.yml", "pr.yml", "main.yml", "pulumi.yml", "failover.yml"]);
    });

    for (const file of files) {
        it(`${file} is a valid workflow (GitHub's workflow schema)`, () => {
            const state = validateWorkflow(text(file));
            expect(state.errors, JSON.stringify(state.errors, null, 2)).to.deep.equal([]);
        });
    }

    it("the schema check catches a broken workflow (so the test above can fail)", () => {
        expect(validateWorkflow("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n").errors).to.not.be.empty;
    });

    it("uses only the current major of each action", () => {
        for (const file of files) {
            for (const { uses } of steps(file)) {
                if (!uses || uses.startsWith("./")) continue;
                const [name, ref] = uses.split("@");
                expect(CURRENT_MAJORS, `${file}: ${uses} is not a known action`).to.have.property(name);
                expect(ref, `${file}: ${uses}`).to.equal(CURRENT_MAJORS[name]);
            }
        }
    });

    it("holds no long-lived Pulumi or AWS credential (OIDC everywhere)", () => {
        for (const file of files) {
            expect(text(file), file).to.not.match(/PULUMI_ACCESS_TOKEN|aws-access-key-id|aws-secret-access-key|secrets\./);
        }
        const auth = steps("pulumi.yml").find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
        expect(auth?.with).to.include({ "requested-token-type": "urn:pulumi:token-type:access_token:team" });
    });

    it("pins the Pulumi CLI in one place (.pulumi.version) for every Pulumi step", () => {
        expect(fs.readFileSync(path.join(ROOT, ".pulumi.version"), "utf8").trim()).to.match(/^\d+\.\d+\.\d+$/);
        const pulumiSteps = files.flatMap((f) => steps(f).filter((s) => s.uses?.startsWith("pulumi/actions@")));
        expect(pulumiSteps).to.not.be.empty;
        for (const s of pulumiSteps) {
            expect(s.with).to.include({ "pulumi-version-file": ".pulumi.version" });
            expect(s.with).to.not.have.property("pulumi-version");
        }
    });

    it("builds container images, if any, for the platform the task definitions run (linux/amd64)", () => {
        for (const file of files) expect(imagePlatformProblems(workflow(file)), file).to.deep.equal([]);
        const build = (runsOn: string, run: string) => imagePlatformProblems({ on: {}, jobs: { image: { "runs-on": runsOn, steps: [{ run }] } } as Record<string, Job> });
        expect(build("ubuntu-latest", "docker build -t app .")).to.deep.equal([]);
        expect(build("ubuntu-24.04-arm", "docker buildx build --platform linux/amd64,linux/arm64 --push .")).to.deep.equal([]);
        expect(build("ubuntu-24.04-arm", "docker build -t app .")).to.deep.equal(["job image builds an image for linux/arm64, not linux/amd64"]);
        expect(build("ubuntu-latest", "docker buildx build --platform=linux/arm64 .")).to.have.length(1);
    });

    it("installs without the optional Node binary, since setup-node provides Node 22", () => {
        for (const file of files) {
            const installs = steps(file).map((s) => s.run ?? "").filter((r) => /\bnpm (ci|install)\b/.test(r));
            for (const run of installs) expect(run, `${file}: ${run}`).to.include("--omit=optional");
            if (installs.length) {
                const node = steps(file).find((s) => s.uses?.startsWith("actions/setup-node@"));
                expect(Number(node?.with?.["node-version"]), file).to.be.at.least(22);
            }
        }
    });

    describe("pull requests get read-only permissions and credentials", () => {
        const pr = workflow("pr.yml");

        it("every job of pr.yml (and the workflow default) is read-only", () => {
            expect(isReadOnly(pr.permissions)).to.equal(true);
            for (const [name, job] of Object.entries(pr.jobs)) {
                expect(isReadOnly(job.permissions), `pr.yml job ${name}: ${JSON.stringify(job.permissions)}`).to.equal(true);
            }
        });

        it("previews only, in the preview environment (its read-only AWS role and Pulumi team)", () => {
            const calls = Object.values(pr.jobs).filter((j) => j.uses === "./.github/workflows/pulumi.yml");
            expect(calls).to.not.be.empty;
            for (const job of calls) expect(job.with).to.include({ command: "preview", environment: "preview" });
        });

        it("the read-only check refuses a job that could write", () => {
            expect(isReadOnly({ contents: "write" })).to.equal(false);
            expect(isReadOnly({ "pull-requests": "write" })).to.equal(false);
            expect(isReadOnly("write-all")).to.equal(false);
            expect(isReadOnly(undefined)).to.equal(false);
        });
    });

    describe("deploys", () => {
        const main = workflow("main.yml");

        it("deploy credentials only on main, behind the stacks' protected environments", () => {
            expect(Object.keys(main.on)).to.deep.equal(["push"]);
            expect((main.on.push as { branches: string[] }).branches).to.deep.equal(["main"]);
            const ups = Object.values(main.jobs).filter((j) => j.with?.command === "up");
            expect(ups.map((j) => j.with?.environment).sort()).to.deep.equal(["dr", "prod"]);
        });

        it("no job holds a permission it does not use: only failover may push", () => {
            for (const file of files.filter((f) => f !== "failover.yml")) {
                const wf = workflow(file);
                for (const [name, job] of Object.entries(wf.jobs)) {
                    expect(job.permissions, `${file} job ${name} declares its permissions`).to.be.an("object");
                    expect(isReadOnly(job.permissions), `${file} job ${name}: ${JSON.stringify(job.permissions)}`).to.equal(true);
                }
            }
        });
    });

    describe("failover: a dr-only path", () => {
        const failover = workflow("failover.yml");
        const jobs = Object.entries(failover.jobs);

        it("is dispatched by hand with the phase as a choice", () => {
            expect(Object.keys(failover.on)).to.deep.equal(["workflow_dispatch"]);
            const phase = (failover.on.workflow_dispatch as { inputs: Record<string, { options?: string[] }> }).inputs.phase;
            expect(phase.options).to.include.members(["promote", "promoted", "failback", "standby"]);
        });

        it("has no needs on prod's job (or any job) and no prod job of its own", () => {
            for (const [name, job] of jobs) {
                expect(needsOf(job), `failover job ${name}`).to.deep.equal([]);
                expect(name).to.not.match(/prod/);
            }
        });

        it("touches us-west-2 and the dr stack only", () => {
            const raw = text("failover.yml").replace(/^\s*#.*$/gm, "");
            expect(raw).to.not.match(/us-east-1|expertconnect-infra\/prod|--stack prod|-s prod/);
            const aws = steps("failover.yml").find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            expect(aws?.with).to.include({ "aws-region": "us-west-2" });
        });

        it("previews offline, previews and applies with the pack, then commits the phase", () => {
            const runs = steps("failover.yml").map((s) => s.run ?? "");
            const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
            const offline = at(/npm run preview -- --stack dr --config "expertconnect:dr\.phase=\$PHASE"/);
            const preview = at(/pulumi preview .*--policy-pack policy/);
            const up = at(/pulumi up .*--policy-pack policy/);
            const commit = at(/git add Pulumi\.dr\.yaml[\s\S]*git push/);
            expect([offline, preview, up, commit].every((i) => i >= 0), runs.join("\n---\n")).to.equal(true);
            expect(offline).to.be.below(preview);
            expect(preview).to.be.below(up);
            expect(up).to.be.below(commit);
        });

        it("shares the dr concurrency group with the regular dr deploy", () => {
            const group = (job: Job & { concurrency?: { group: string } }) => job.concurrency?.group;
            expect(group(failover.jobs.dr as never)).to.equal("deploy-dr");
            expect(group(workflow("main.yml").jobs.dr as never)).to.equal("deploy-dr");
        });
    });

    it("checks offline: install both lockfiles, lint, type-check, test, preview, in that order", () => {
        const runs = steps("checks.yml").map((s) => s.run ?? "").filter(Boolean);
        const order = ["npm ci --omit=optional --no-audit", "npm ci --omit=optional --prefix policy", "shellcheck scripts/", "npm run build", "npm test", "npm run preview"];
        const positions = order.map((cmd) => runs.findIndex((r) => r.startsWith(cmd)));
        expect(positions, JSON.stringify(runs)).to.not.include(-1);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    });

    it("runs Pulumi with the policy pack and the stack's pack config, after both OIDC exchanges", () => {
        const s = steps("pulumi.yml");
        const at = (prefix: string) => s.findIndex((x) => x.uses?.startsWith(prefix));
        const [auth, aws, pulumi] = [at("pulumi/auth-actions@"), at("aws-actions/configure-aws-credentials@"), at("pulumi/actions@")];
        expect(auth).to.be.greaterThan(-1);
        expect(aws).to.be.greaterThan(auth);
        expect(pulumi).to.be.greaterThan(aws);
        expect(s[aws].with).to.include({ "role-to-assume": "${{ vars.AWS_ROLE_ARN }}" });
        // pulumi/actions spells these inputs in camelCase; other spellings are silently ignored.
        expect(s[pulumi].with).to.include({ policyPacks: "policy", policyPackConfigs: "policy/config/${{ inputs.stack }}.json" });
        expect(workflow("pulumi.yml").jobs.pulumi.environment).to.equal("${{ inputs.environment }}");
        for (const stack of ["prod", "dr"]) {
            expect(fs.existsSync(path.join(ROOT, "policy", "config", `${stack}.json`)), stack).to.equal(true);
        }
    });

    it("Dependabot updates npm (root and policy/) and the actions", () => {
        const config = parse(fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8")) as {
            updates: Array<{ "package-ecosystem": string; directory: string }>;
        };
        const entries = config.updates.map((u) => `${u["package-ecosystem"]} ${u.directory}`);
        expect(entries).to.include.members(["npm /", "npm /policy", "github-actions /"]);
    });
});
