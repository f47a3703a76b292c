/** Monthly budget in USD when a stack sets none: the program's and the budget policy's default. */
export const DEFAULT_MONTHLY_BUDGET_USD = 3000;

/**
 * The spend each budget must alert on (AWS Budgets `NotificationType`): ACTUAL, what has been
 * spent, and FORECASTED, what the month is forecast to cost, the only alert that comes before
 * the money is spent. The program's budget (components/monitoring/CostBudget.ts) sends both;
 * cost-signals requires one of each.
 */
export const BUDGET_ALERT_TYPES = ["ACTUAL", "FORECASTED"] as const;
export type BudgetAlertType = typeof BUDGET_ALERT_TYPES[number];

/**
 * Highest threshold, in percent of the budget's limit, at which an alert of each type must fire:
 * AWS Budgets compares spend with limit × threshold / 100, so an 800 % alert first fires at eight
 * times the budget.
 */
export const MAX_ALERT_PERCENT_OF_LIMIT = 100;
