import { estimateStack } from "./estimate";
import { PRICES_AS_OF } from "./prices";
import { DEFAULT_MONTHLY_BUDGET_USD } from "../lib/facts/budget";
import { stackPolicy } from "../lib/define";
import { costResources } from "./costResources";

/** The config property every cost policy reads the stack's budget from (a mirror of expertconnect:monthlyBudgetUsd). */
export const MONTHLY_BUDGET_USD = {
    type: "number",
    // A budget of 0 would warn on every stack; the stack config requires a positive one too.
    exclusiveMinimum: 0,
    default: DEFAULT_MONTHLY_BUDGET_USD,
    description: "Monthly budget in USD: the stack's expertconnect:monthlyBudgetUsd (policy/config/<stack>.json passes it).",
} as const;

const usd = (n: number): string => `$${n.toFixed(2)}`;

export const costMonthlyBudget = stackPolicy<{ monthlyBudgetUsd: number }>({
    name: "cost-monthly-budget",
    description: "The stack's estimated fixed monthly cost (on-demand list prices, the same estimate as `npm run cost`) stays within its budget.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Review AWS costs",
        fsbpControl: undefined,
        remediationSteps: "Run `npm run cost -- --stack <stack>` for the per-resource breakdown; resize or remove what is not needed, " +
            "or raise expertconnect:monthlyBudgetUsd and the pack's monthlyBudgetUsd (policy/config/<stack>.json) together.",
    },
    config: {
        monthlyBudgetUsd: MONTHLY_BUDGET_USD,
    },
    validate: (resources, report, { config }) => {
        const estimate = estimateStack(costResources(resources));
        if (estimate.totalUsd <= config.monthlyBudgetUsd) {
            return;
        }
        const largest = Object.entries(estimate.byComponent)
            .sort(([, a], [, b]) => b - a)
            .slice(0, 3)
            .map(([component, total]) => `${component} ${usd(total)}`)
            .join(", ");
        report(`estimated fixed cost ${usd(estimate.totalUsd)}/month exceeds the budget of ${usd(config.monthlyBudgetUsd)} ` +
            `(largest: ${largest}; prices as of ${PRICES_AS_OF}, usage charges not included).`);
    },
});
