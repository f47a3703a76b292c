import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BudgetAlertType } from "../../policy/lib/facts/budget";
import { resourceTags, TagContext } from "../../lib/tags";

/** A budget alert: what is compared (actual or forecast spend) and at which share of the budget. */
export interface BudgetAlert {
    /** Actual or forecast spend (policy/lib/facts/budget.ts: the budget needs one of each within its limit). */
    notificationType: BudgetAlertType;
    thresholdPercent: number;
}

/**
 * The guide's monthly cost review, alerted on real spend: 80 % and 100 % of the budget spent, and
 * a forecast above it (the early warning, weeks before the month ends). `npm run cost` stays the
 * estimate of fixed prices; this watches the bill.
 */
export const BUDGET_ALERTS: readonly BudgetAlert[] = [
    { notificationType: "ACTUAL", thresholdPercent: 80 },
    { notificationType: "ACTUAL", thresholdPercent: 100 },
    { notificationType: "FORECASTED", thresholdPercent: 100 },
];

/** The cost filter of one environment: resources tagged `Environment=<env>` (an activated cost allocation tag). */
export function environmentCostFilter(environment: string): { name: string; values: string[] } {
    return { name: "TagKeyValue", values: [`user:Environment$${environment}`] };
}

export interface CostBudgetArgs {
    /** Budget name, e.g. `expertconnect-prod-monthly`. */
    name: string;
    /** Project and environment for tags and the cost filter. */
    tags: TagContext;
    /** Monthly budget in USD (`expertconnect:monthlyBudgetUsd`). */
    limitUsd: number;
    /** Topic the alerts go to (its policy and key must admit `budgets.amazonaws.com`). */
    topicArn: pulumi.Input<string>;
}

/**
 * An AWS Budgets cost budget over the environment's tagged resources, alerting the alarm topic on
 * actual and forecast spend. The `Environment` tag must be activated as a cost allocation tag
 * (Billing console, once per account); until then the filter matches nothing.
 */
export class CostBudget extends pulumi.ComponentResource {
    public readonly budgetName: pulumi.Output<string>;

    constructor(name: string, args: CostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:monitoring:CostBudget", name, {}, opts);
        if (!(args.limitUsd > 0)) {
            throw new Error(`expertconnect:monthlyBudgetUsd: ${args.limitUsd}; allowed: a positive amount in USD`);
        }
        const budget = new aws.budgets.Budget(name, {
            name: args.name,
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: args.limitUsd.toFixed(2),
            limitUnit: "USD",
            costFilters: [environmentCostFilter(args.tags.environment)],
            notifications: BUDGET_ALERTS.map((alert) => ({
                comparisonOperator: "GREATER_THAN",
                notificationType: alert.notificationType,
                threshold: alert.thresholdPercent,
                thresholdType: "PERCENTAGE",
                subscriberSnsTopicArns: [args.topicArn],
            })),
            tags: resourceTags(args.tags, "monitoring"),
        }, { parent: this });
        this.budgetName = budget.name;
        this.registerOutputs({ budgetName: this.budgetName });
    }
}
