import { estimateStack } from "./estimate";
import { PRICES_AS_OF } from "./prices";
import { stackPolicy } from "../lib/define";
import { costResources } from "./costResources";
import { MONTHLY_BUDGET_USD } from "./monthlyBudget";

const usd = (n: number): string => `$${n.toFixed(2)}`;
const SERVICE = "aws:ecs/service:Service";

/**
 * The stack's cost at its ceilings: what a flood, a CPU-bound bug or a runaway table can make it
 * spend without anyone changing the program. Auto scaling runs each service up to its ceiling
 * unattended and RDS grows storage up to its maximum on its own (and never shrinks it), so the
 * budget has to hold them there, not only at today's desired counts (`cost-monthly-budget`).
 */
export const costCeilingBudget = stackPolicy<{ monthlyBudgetUsd: number; maximumServiceShareOfBudget: number }>({
    name: "cost-ceiling-budget",
    description: "The stack's estimated fixed monthly cost at its ceilings (every ECS service at its scaling ceiling: the scalable target's maxCapacity or a scheduled action's capacity, deployed values included; every RDS instance at its storage-autoscaling maximum with its storage type's provisioned IOPS and throughput, both copies when Multi-AZ; the same estimator as `npm run cost`) stays within the stack's monthly budget, and no one service at its ceiling takes more than maximumServiceShareOfBudget of it.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Review AWS costs; Scaling the Application",
        fsbpControl: undefined,
        remediationSteps: "Run `npm run cost -- --stack <stack>` for the breakdown; keep services.<svc>.maxCapacity and scheduled actions' capacities, " +
            "database.maxAllocatedStorageGb, the storage type and provisioned IOPS where their cost at the ceiling fits the budget, " +
            "or raise expertconnect:monthlyBudgetUsd and the pack's monthlyBudgetUsd (policy/config/<stack>.json) together after a cost review.",
    },
    config: {
        monthlyBudgetUsd: MONTHLY_BUDGET_USD,
        maximumServiceShareOfBudget: {
            type: "number",
            exclusiveMinimum: 0,
            maximum: 1,
            default: 0.5,
            description: "Largest share of the monthly budget one ECS service may cost at its scaling ceiling (default 0.5): a flood aimed at one service, or a bug spinning its CPU, runs it at its ceiling for as long as it lasts, and usage charges (requests, data processed, logs) grow with it on top of the fixed estimate.",
        },
    },
    types: [SERVICE, "aws:appautoscaling/target:Target", "aws:appautoscaling/scheduledAction:ScheduledAction", "aws:rds/instance:Instance"],
    validate: (resources, report, { config }) => {
        const estimate = estimateStack(costResources(resources), "ceiling");
        if (estimate.totalUsd > config.monthlyBudgetUsd) {
            const largest = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 3)
                .map((l) => `${l.name} ${usd(l.monthlyUsd)} (${l.basis})`).join("; ");
            report(`estimated fixed cost at the stack's ceilings ${usd(estimate.totalUsd)}/month exceeds the budget of ${usd(config.monthlyBudgetUsd)} ` +
                `(largest: ${largest}; prices as of ${PRICES_AS_OF}, usage charges not included).`);
        }
        const share = config.maximumServiceShareOfBudget * config.monthlyBudgetUsd;
        for (const line of estimate.lines.filter((l) => l.type === SERVICE && l.monthlyUsd > share)) {
            report(`ECS service ${line.name} costs ${usd(line.monthlyUsd)}/month at its scaling ceiling (${line.basis}), more than ` +
                `${Math.round(config.maximumServiceShareOfBudget * 100)}% of the budget of ${usd(config.monthlyBudgetUsd)}: one flood or runaway service could spend the month's money.`, line.urn);
        }
    },
});
