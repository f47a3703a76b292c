import { expect } from "chai";
import { cents, estimateStack } from "../../policy/cost/estimate";
import { costResourcesFromExport } from "../../tools/cost/fromExport";
import { blockedBy, ExportAnalyzer } from "../support/exportAnalysis";
import { stackPreview } from "../support/stackPreview";

/**
 * `npm run cost` (reading an export) and the pack's `cost-monthly-budget` (reading the stack
 * through the analyzer protocol, from the real pack process) must give the same figure for the
 * same stack.
 */
describe("cost estimate: CLI and policy agree", function () {
    this.timeout(180_000);
    // A budget of $1 makes the policy report its estimate.
    const analyzer = new ExportAnalyzer({ "cost-monthly-budget": { monthlyBudgetUsd: 1 } });

    for (const stack of ["prod", "dr"] as const) {
        it(`${stack}: the policy's figure is the CLI's`, async () => {
            const preview = stackPreview(stack);
            expect(preview.code, preview.stderr).to.equal(0);
            const exported = preview.deployment!;
            const result = await analyzer.analyze(stack, exported, exported, blockedBy("cost-monthly-budget", true));

            const message = result.violations.find((v) => v.policyName === "cost-monthly-budget")!.message;
            const fromPolicy = Number(/estimated fixed cost \$([\d.]+)\/month/.exec(message)![1]);
            const fromCli = cents(estimateStack(costResourcesFromExport(exported)).totalUsd);
            expect(fromCli).to.be.greaterThan(100);
            expect(fromPolicy).to.equal(fromCli);
        });
    }
});
