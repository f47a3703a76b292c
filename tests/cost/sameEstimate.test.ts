import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { cents, estimateStack } from "../../policy/cost/estimate";
import { costResourcesFromExport } from "../../tools/cost/fromExport";
import { engine, readJsonFile, tempDir } from "../engine/engine";
import { stackPreview } from "../support/stackPreview";

/**
 * `npm run cost` (reading an export) and the pack's `cost-monthly-budget` (reading the stack
 * through the analyzer) must give the same figure for the same stack.
 */
describe("cost estimate: CLI and policy agree", function () {
    this.timeout(180_000);
    const dir = tempDir();

    for (const stack of ["prod", "dr"]) {
        it(`${stack}: the policy's figure is the CLI's`, () => {
            const preview = stackPreview(stack);
            expect(preview.code, preview.stderr).to.equal(0);
            const exported = path.join(dir, `${stack}.json`);
            fs.writeFileSync(exported, JSON.stringify(preview.deployment));

            // A budget of $1 makes the policy report its estimate.
            const packConfig = readJsonFile(path.join(__dirname, "..", "..", "policy", "config", `${stack}.json`));
            packConfig["cost-monthly-budget"] = { monthlyBudgetUsd: 1 };
            const configFile = path.join(dir, `${stack}-pack.json`);
            fs.writeFileSync(configFile, JSON.stringify(packConfig));
            const report = path.join(dir, `${stack}-report.json`);
            const analyze = engine(["analyze", "--file", exported, "--policy-pack-config", configFile, "--report", report]);
            expect(analyze.code, analyze.stderr).to.equal(0);

            const message: string = readJsonFile(report).violations.find((v: any) => v.policyName === "cost-monthly-budget").message;
            const fromPolicy = Number(/estimated fixed cost \$([\d.]+)\/month/.exec(message)![1]);
            const fromCli = cents(estimateStack(costResourcesFromExport(readJsonFile(exported))).totalUsd);
            expect(fromCli).to.be.greaterThan(100);
            expect(fromPolicy).to.equal(fromCli);
        });
    }
});
