import type { AlarmDefinition } from "../alarms/definition";
import { APP_SIGNAL_ALARMS } from "../../../policy/lib/facts/appSignals";
import { APP_METRICS_NAMESPACE, filterFor } from "./metricFilters";

/** When a quiet credit flow is suspicious: hours in UTC, and which days. */
export interface BusinessHours {
    /** First hour (UTC, 0–23) of the business day. */
    startHourUtc: number;
    /** Hour (UTC, 1–24) the business day ends, exclusive. */
    endHourUtc: number;
    /** Monday to Friday, or every day. */
    days: "weekdays" | "everyday";
}

/** Thresholds of the application's alarms (the stack config's `monitoring.appSignals`). */
export interface AppAlarmSettings {
    /** Failed credit transactions in 5 minutes that page. */
    failedCreditTransactions: number;
    /** Minutes without a successful credit transaction, within business hours, that page; a multiple of 5. */
    noSuccessfulCreditMinutes: number;
    businessHours: BusinessHours;
    /** Share of video sessions that fail to start, in percent, that pages. */
    videoFailureRatePercent: number;
}

/** Periods of the application's alarms: the metric filters aggregate per 5 minutes. */
const PERIOD = 300;
/** Below this many attempts in 5 minutes a failure rate means little (one failure of two is 50%). */
const MIN_VIDEO_ATTEMPTS = 5;

const appMetric = (metricName: string) => {
    const filter = filterFor(metricName);
    return { namespace: APP_METRICS_NAMESPACE, metricName: filter.metricName, dimensions: {}, statistic: filter.statistic };
};

/**
 * The metric-math condition "this datapoint lies in business hours", over series `id`. HOUR and
 * DAY read each datapoint's timestamp in UTC (DAY: 1 Monday … 7 Sunday). Chosen over a scheduled
 * check (a Lambda or an EventBridge Scheduler toggling the alarm's actions) because it keeps the
 * rule in one alarm, visible and testable, with nothing else to deploy or to fail silently.
 */
export function businessHoursCondition(id: string, hours: BusinessHours): string {
    if (!Number.isInteger(hours.startHourUtc) || !Number.isInteger(hours.endHourUtc) || hours.startHourUtc < 0 || hours.endHourUtc > 24 || hours.startHourUtc >= hours.endHourUtc) {
        throw new Error(`business hours ${hours.startHourUtc}–${hours.endHourUtc} UTC: allowed: whole hours with 0 <= start < end <= 24`);
    }
    const parts = [`HOUR(${id}) >= ${hours.startHourUtc}`, `HOUR(${id}) < ${hours.endHourUtc}`];
    if (hours.days === "weekdays") {
        parts.push(`DAY(${id}) <= 5`);
    }
    return parts.join(" AND ");
}

/** The alarms on the application's own signals: credit transactions and video sessions. */
export function appAlarms(project: string, s: AppAlarmSettings): AlarmDefinition[] {
    if (s.noSuccessfulCreditMinutes % 5 !== 0 || s.noSuccessfulCreditMinutes < 15 || s.noSuccessfulCreditMinutes > 720) {
        throw new Error(`noSuccessfulCreditMinutes ${s.noSuccessfulCreditMinutes}: allowed: a multiple of 5 from 15 to 720`);
    }
    const quietPeriods = s.noSuccessfulCreditMinutes / 5;
    const { creditFailed, creditNoneSucceeded, videoFailureRate } = APP_SIGNAL_ALARMS;
    return [
        {
            name: `${project}-${creditFailed.name}`,
            description: `${s.failedCreditTransactions} or more credit transactions failed in 5 minutes (ours or the payment provider's fault, not a user's lack of credit). Reasons: the saved query daily/credit-failures.`,
            metric: appMetric(creditFailed.metrics[0]),
            window: { period: PERIOD, evaluationPeriods: 1, datapointsToAlarm: 1 },
            threshold: s.failedCreditTransactions,
            comparison: "GreaterThanOrEqualToThreshold",
            // No line at all means no transaction, not a failure.
            treatMissingData: "notBreaching",
        },
        {
            name: `${project}-${creditNoneSucceeded.name}`,
            description: `No credit transaction succeeded for ${s.noSuccessfulCreditMinutes} minutes during business hours (${s.businessHours.startHourUtc}:00–${s.businessHours.endHourUtc}:00 UTC, ${s.businessHours.days}): a payment flow that fails quietly.`,
            metric: {
                // Outside business hours the expression is 1, never breaching.
                expression: `IF(${businessHoursCondition("succeeded", s.businessHours)}, succeeded, 1)`,
                label: "Successful credit transactions (1 outside business hours)",
                metrics: { succeeded: appMetric(creditNoneSucceeded.metrics[0]) },
            },
            window: { period: PERIOD, evaluationPeriods: quietPeriods, datapointsToAlarm: quietPeriods },
            threshold: 1,
            comparison: "LessThanThreshold",
            // The filter publishes 0 while the backend logs; no data at all means the backend is
            // down, which the task-count, health and canary alarms report.
            treatMissingData: "notBreaching",
        },
        {
            name: `${project}-${videoFailureRate.name}`,
            description: `More than ${s.videoFailureRatePercent}% of video sessions failed to start, in two of three 5-minute periods with at least ${MIN_VIDEO_ATTEMPTS} attempts.`,
            metric: {
                expression: `IF(failed + started >= ${MIN_VIDEO_ATTEMPTS}, 100 * failed / (failed + started), 0)`,
                label: "Video session failure rate (%)",
                metrics: { failed: appMetric(videoFailureRate.metrics[0]), started: appMetric(videoFailureRate.metrics[1]) },
            },
            window: { period: PERIOD, evaluationPeriods: 3, datapointsToAlarm: 2 },
            threshold: s.videoFailureRatePercent,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    ];
}
