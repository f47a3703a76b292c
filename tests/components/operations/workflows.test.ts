import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const workflow = (file: string): any => parseYaml(fs.readFileSync(path.join(DIR, file), "utf8"));
const steps = (wf: any): any[] => Object.values(wf.jobs as Record<string, any>).flatMap((j) => j.steps ?? []);

describe("CI workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));

    it("pins every action to at least a major version", () => {
        const uses = files.flatMap((f) => steps(workflow(f)).filter((s) => s.uses).map((s) => `${f}: ${s.uses}`));
        expect(uses.length).to.be.greaterThan(5);
        for (const u of uses) {
            expect(u).to.match(/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
        }
    });

    it("checks offline on Node 22 with the npm cache: install both lockfiles, type-check, test, preview", () => {
        const s = steps(workflow("checks.yml"));
        const node = s.find((x) => String(x.uses).startsWith("actions/setup-node@"));
        expect(node.with["node-version"]).to.equal(22);
        expect(node.with.cache).to.equal("npm");
        const runs = s.filter((x) => x.run).map((x) => x.run as string);
        const order = ["npm ci --no-audit", "npm ci --prefix policy", "shellcheck scripts/", "npm run build", "npm test", "npm run preview"];
        const positions = order.map((cmd) => runs.findIndex((r) => r.startsWith(cmd)));
        expect(positions, JSON.stringify(runs)).to.not.include(-1);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    });

    it("runs Pulumi with the policy pack and the stack's pack config, after assuming a role by OIDC", () => {
        const wf = workflow("pulumi.yml");
        expect(wf.permissions["id-token"]).to.equal("write");
        const s = steps(wf);
        const aws = s.findIndex((x) => String(x.uses).startsWith("aws-actions/configure-aws-credentials@"));
        const pulumi = s.findIndex((x) => String(x.uses).startsWith("pulumi/actions@v6"));
        expect(aws).to.be.greaterThan(-1);
        expect(pulumi).to.be.greaterThan(aws);
        expect(s[aws].with["role-to-assume"]).to.equal("${{ vars.AWS_ROLE_ARN }}");
        expect(s[aws].with).to.not.have.any.keys("aws-access-key-id", "aws-secret-access-key");
        // pulumi/actions@v6 spells these inputs in camelCase; other spellings are silently ignored.
        expect(s[pulumi].with.policyPacks).to.equal("policy");
        expect(s[pulumi].with.policyPackConfigs).to.equal("policy/config/${{ inputs.stack }}.json");
        expect(s[pulumi].env.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
        expect(wf.jobs.pulumi.environment).to.equal("${{ inputs.environment }}");
    });

    it("has a pack config for every stack the workflows deploy", () => {
        for (const stack of ["prod", "dr"]) {
            expect(fs.existsSync(path.join(ROOT, "policy", "config", `${stack}.json`)), stack).to.equal(true);
        }
    });

    it("previews prod and dr on pull requests, after the checks", () => {
        const wf = workflow("pr.yml");
        expect(wf.on).to.have.property("pull_request");
        const preview = wf.jobs.preview;
        expect(preview.needs).to.equal("checks");
        expect(preview.uses).to.equal("./.github/workflows/pulumi.yml");
        expect(preview.with.command).to.equal("preview");
        expect(preview.strategy.matrix.include).to.deep.equal([{ stack: "prod", region: "us-east-1" }, { stack: "dr", region: "us-west-2" }]);
        expect(preview.permissions["id-token"]).to.equal("write");
        expect(wf.jobs.checks.uses).to.equal("./.github/workflows/checks.yml");
    });

    it("deploys prod then dr on main, never two at once, behind environments", () => {
        const wf = workflow("main.yml");
        expect(wf.on.push.branches).to.deep.equal(["main"]);
        expect(wf.concurrency).to.deep.equal({ group: "deploy", "cancel-in-progress": false });
        expect(wf.jobs.prod.needs).to.equal("checks");
        expect(wf.jobs.dr.needs).to.equal("prod");
        expect(wf.jobs.prod.with).to.deep.equal({ command: "up", stack: "prod", region: "us-east-1", environment: "prod" });
        expect(wf.jobs.dr.with).to.deep.equal({ command: "up", stack: "dr", region: "us-west-2", environment: "dr" });
    });
});
