/** Monthly budget in USD when a stack sets none: the program's and the budget policy's default. */
export const DEFAULT_MONTHLY_BUDGET_USD = 3000;
