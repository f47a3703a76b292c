import { expect } from "chai";
import * as path from "path";
import { cents, estimateStack } from "../../policy/cost/estimate";
import { costResourcesFromExport } from "../../tools/cost/fromExport";
import { readJsonFile } from "../engine/engine";
import { sharedAnalyze, stackPreview } from "../support/stackPreview";

/**
 * `npm run cost` (reading an export) and the pack's `cost-monthly-budget` (reading the stack
 * through the analyzer) must give the same figure for the same stack.
 */
describe("cost estimate: CLI and policy agree", function () {
    this.timeout(180_000);

    for (const stack of ["prod", "dr"]) {
        it(`${stack}: the policy's figure is the CLI's`, () => {
            const preview = stackPreview(stack);
            expect(preview.code, preview.stderr).to.equal(0);

            // A budget of $1 makes the policy report its estimate.
            const packConfig = readJsonFile(path.join(__dirname, "..", "..", "policy", "config", `${stack}.json`));
            packConfig["cost-monthly-budget"] = { monthlyBudgetUsd: 1 };
            const analyze = sharedAnalyze({ files: [preview.deployment!], packConfig });
            expect(analyze.code, analyze.stderr).to.equal(0);

            const message: string = analyze.report!.violations.find((v) => v.policyName === "cost-monthly-budget")!.message;
            const fromPolicy = Number(/estimated fixed cost \$([\d.]+)\/month/.exec(message)![1]);
            const fromCli = cents(estimateStack(costResourcesFromExport(preview.deployment)).totalUsd);
            expect(fromCli).to.be.greaterThan(100);
            expect(fromPolicy).to.equal(fromCli);
        });
    }
});
