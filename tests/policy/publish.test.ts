/**
 * The pack as `pulumi policy publish` ships it: the CLI packs the pack's folder with npm's
 * packing rules (`npm pack`: the folder's files only, no node_modules), and the service installs
 * the pack's own dependencies beside them. Anything the pack reaches for outside its folder is
 * missing there, so the packed copy is loaded and run, not just listed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { policies } from "../../policy/policies";
import { EngineResource } from "../../tools/engine/model";
import { PackProcess, startPack } from "../../tools/engine/pack/process";
import { analyzeStack } from "../../tools/engine/pack/session";

const POLICY_DIR = path.resolve(__dirname, "../../policy");

/** The files `npm pack` would put in the pack's tarball, relative to the pack's folder. */
function packedFiles(): string[] {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: POLICY_DIR, encoding: "utf8" });
    if (r.status !== 0) {
        throw new Error(`npm pack failed: ${r.stderr}`);
    }
    return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** Copies the packed files into a fresh folder, with the pack's installed dependencies linked. */
function unpackedCopy(files: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "published-pack-"));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(POLICY_DIR, file), path.join(dir, file));
    }
    fs.symlinkSync(fs.realpathSync(path.join(POLICY_DIR, "node_modules")), path.join(dir, "node_modules"), "dir");
    return dir;
}

function resource(type: string, name: string, inputs: Record<string, unknown>): EngineResource {
    return {
        urn: `urn:pulumi:prod::expertconnect-infra::${type}::${name}`, type, name, custom: true, id: `${name}-id`,
        dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, ignoreChanges: [],
        deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [], aliases: [], external: false,
        inputs, outputs: inputs,
    };
}

describe("the policy pack as published", () => {
    let files: string[];
    let pack: PackProcess | undefined;
    before(async () => {
        files = packedFiles();
        pack = await startPack(unpackedCopy(files));
    });
    after(() => pack?.close());

    it("ships its sources, config files and package.json, and nothing from node_modules", () => {
        expect(files).to.include.members(["PulumiPolicy.yaml", "package.json", "index.ts", "policies.ts", "config/prod.json"]);
        expect(files.filter((f) => f.startsWith("node_modules/"))).to.deep.equal([]);
    });

    it("loads from its folder alone and runs every policy, stack policies included", async () => {
        const result = await analyzeStack(pack!, {
            stack: "prod", project: "expertconnect-infra", organization: "organization", stackConfig: {}, secretKeys: [],
            resources: [resource("aws:rds/instance:Instance", "db", { region: "us-east-1", instanceClass: "db.t3.medium", allocatedStorage: 50, backupRetentionPeriod: 1 })],
            // A budget of $1 so the cost stack policy (which needs the shared cost model) reports.
            packConfig: { file: "budget.json", content: { "cost-monthly-budget": { monthlyBudgetUsd: 1 } } },
        });
        expect(result.policyPack).to.match(/^expertconnect-guard@v/);
        const names = result.violations.map((v) => v.policyName);
        expect(names).to.include.members(["rds-backup-retention", "cost-monthly-budget", "cloudtrail-present"]);
        const budget = result.violations.find((v) => v.policyName === "cost-monthly-budget")!;
        expect(budget.message).to.match(/estimated fixed cost \$\d+\.\d\d\/month exceeds the budget of \$1\.00/);
        expect(new Set(names).size).to.be.lessThan(policies.length);
    });
});
