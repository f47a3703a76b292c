/**
 * The business's peak: the hours users book and hold sessions, UTC. The program's alarm on quiet
 * credit flows pages only inside them (expertconnect:monitoring.appSignals.businessStartHourUtc,
 * businessEndHourUtc, businessDays, whose defaults these are), and data-windows-off-peak keeps
 * every backup, snapshot and maintenance window of the data stores outside them. A stack that
 * moves its business day sets both the stack key and the policy config property of the same
 * name (policy/stack-config.json makes the engine check they agree).
 */

/** First hour of the business day, UTC. */
export const BUSINESS_START_HOUR_UTC = 8;
/** Hour the business day ends, UTC, exclusive. */
export const BUSINESS_END_HOUR_UTC = 20;
/** Which days are business days. */
export const BUSINESS_DAY_CHOICES = ["weekdays", "everyday"] as const;
export type BusinessDays = (typeof BUSINESS_DAY_CHOICES)[number];
/** Monday to Friday by default. */
export const BUSINESS_DAYS: BusinessDays = "weekdays";
