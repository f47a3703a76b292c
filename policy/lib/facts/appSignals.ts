/**
 * The application-signal alarms docs/operations.md promises (the routine's "Verify credit
 * transactions are processing correctly" and "Test video conferencing functionality"), stated
 * once: AppSignals creates them from here and the pack (cloudwatch-metric-filters-match)
 * requires each in every stack, so removing one, pointing it at another metric or turning its
 * comparison around is refused, and a new one is added here. Facts modules import nothing.
 */

/** Namespace of the application's metrics (the issue's `ExpertConnect`): only metric filters publish it. */
export const APP_METRICS_NAMESPACE = "ExpertConnect";

/** A required alarm on the application's metrics. */
export interface AppSignalAlarm {
    /** Alarm name after the project prefix: `expertconnect-<name>`. */
    name: string;
    /** The metrics of APP_METRICS_NAMESPACE it reads (all of them, directly or in its metric math). */
    metrics: readonly string[];
    /** Whether it pages when the value rises above the threshold or falls below it. */
    breaches: "above" | "below";
    /** What the operators' routine uses it for (messages). */
    signal: string;
}

export const APP_SIGNAL_ALARMS = {
    creditFailed: { name: "credit-transactions-failed", metrics: ["CreditTransactionsFailed"], breaches: "above", signal: "failed credit transactions" },
    creditNoneSucceeded: { name: "credit-transactions-none-succeeded", metrics: ["CreditTransactionsSucceeded"], breaches: "below", signal: "a credit flow where nothing succeeds" },
    videoFailureRate: { name: "video-sessions-failure-rate-high", metrics: ["VideoSessionsFailed", "VideoSessionsStarted"], breaches: "above", signal: "video sessions failing to start" },
} as const satisfies Record<string, AppSignalAlarm>;
