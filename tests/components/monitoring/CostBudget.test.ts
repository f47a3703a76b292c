import { expect } from "chai";
import { BUDGET_ALERTS, CostBudget, environmentCostFilter } from "../../../components/monitoring/CostBudget";
import { installMocks, settle } from "../../support/pulumi";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
const tags = { project: "expertconnect", environment: "prod" };

describe("CostBudget", () => {
    it("alerts the alarm topic on actual spend at 80 % and 100 % and on a forecast over the budget", async () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new CostBudget("cost-budget", { name: "expertconnect-prod-monthly", tags, limitUsd: 3000, topicArn: TOPIC });
        await settle();
        const budget = mocks.one("aws:budgets/budget:Budget").inputs;
        expect(budget).to.include({ name: "expertconnect-prod-monthly", budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "3000.00", limitUnit: "USD" });
        expect(budget.costFilters).to.deep.equal([{ name: "TagKeyValue", values: ["user:Environment$prod"] }]);
        expect(budget.notifications.map((n: any) => [n.notificationType, n.threshold])).to.deep.equal([["ACTUAL", 80], ["ACTUAL", 100], ["FORECASTED", 100]]);
        for (const n of budget.notifications) {
            expect(n).to.deep.include({ comparisonOperator: "GREATER_THAN", thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [TOPIC] });
        }
    });

    it("watches actual and forecast spend both", () => {
        expect(new Set(BUDGET_ALERTS.map((a) => a.notificationType))).to.deep.equal(new Set(["ACTUAL", "FORECASTED"]));
        expect(environmentCostFilter("dr").values).to.deep.equal(["user:Environment$dr"]);
    });

    it("refuses a budget that is not a positive amount, naming the config key, before registering anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        for (const bad of [0, -5, Number.NaN]) {
            expect(() => new CostBudget("b", { name: "x", tags, limitUsd: bad, topicArn: TOPIC })).to.throw(/expertconnect:monthlyBudgetUsd/);
        }
        expect(mocks.ofType("aws:budgets/budget:Budget")).to.deep.equal([]);
    });
});
