import type { MetricLine, Widget } from "../dashboard";
import { AppMetricFilter, appMetricFilters, APP_METRICS_NAMESPACE } from "./metricFilters";
import { SYNTHETICS_NAMESPACE } from "../../../policy/lib/facts/metricProducers";

const line = (f: AppMetricFilter, label: string): MetricLine =>
    ({ namespace: APP_METRICS_NAMESPACE, metricName: f.metricName, dimensions: {}, stat: f.statistic, label });

const byEvent = (event: string) => appMetricFilters().filter((f) => f.event === event);

/**
 * The application's dashboard row: activity, credit transactions by outcome, video sessions. Every
 * line is a metric a filter publishes, in the statistic that reads it right.
 */
export function appSignalWidgets(): Widget[] {
    const outcome = (f: AppMetricFilter) => f.metricName.replace(/^(CreditTransactions|VideoSessions)/, "");
    return [
        { kind: "metric", title: "Active users and ongoing meetings", period: 60, width: 8, lines: byEvent("activity_snapshot").map((f) => line(f, f.metricName)) },
        { kind: "metric", title: "Credit transactions by outcome (per 5 min)", width: 8, lines: byEvent("credit_transaction").map((f) => line(f, outcome(f))) },
        { kind: "metric", title: "Video sessions started and failed (per 5 min)", width: 8, lines: byEvent("video_session").map((f) => line(f, outcome(f))) },
    ];
}

/** The synthetic check's row: success rate and duration of the canary's runs. */
export function canaryWidgets(canaryName: string): Widget[] {
    const metric = (metricName: string, stat: string, label: string): MetricLine =>
        ({ namespace: SYNTHETICS_NAMESPACE, metricName, dimensions: { CanaryName: canaryName }, stat, label });
    return [
        { kind: "metric", title: `Synthetic check ${canaryName}: success (%)`, lines: [metric("SuccessPercent", "Average", "Success %")] },
        { kind: "metric", title: `Synthetic check ${canaryName}: duration (ms)`, lines: [metric("Duration", "Maximum", "Duration")] },
    ];
}
