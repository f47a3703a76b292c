import { CREDIT_OUTCOMES, logEvent, VIDEO_OUTCOMES } from "../../../policy/lib/facts/appLogContract";
import { APP_METRICS_NAMESPACE } from "../../../policy/lib/facts/appSignals";

export { APP_METRICS_NAMESPACE };

/**
 * A CloudWatch Logs metric filter over the backend's JSON lines. Metric filters rather than the
 * embedded metric format: the log contract stays plain JSON that any logger writes, the
 * application needs no CloudWatch-specific code or IAM permission, and the metric definitions
 * live here, reviewed with the alarms that watch them. The cost is one filter per metric.
 */
export interface AppMetricFilter {
    /** Logical name suffix: `credit-transactions-failed`. */
    key: string;
    metricName: string;
    /** CloudWatch Logs JSON filter pattern. */
    pattern: string;
    /** `1` to count matching lines, or a `$.field` selector whose number is published. */
    value: string;
    /**
     * Published for a period in which lines arrived but none matched. Counters publish 0, so
     * "none happened" is a datapoint, not missing data; gauges publish nothing. @default none
     */
    defaultValue?: number;
    /** CloudWatch unit. */
    unit: "Count" | "None";
    /** The statistic that reads the metric correctly (Sum for counters, Maximum for gauges). */
    statistic: "Sum" | "Maximum";
    /** The contract event the filter reads. */
    event: string;
    description: string;
}

const camel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function gauge(key: string, metricName: string, field: string, description: string): AppMetricFilter {
    const event = logEvent("activity_snapshot");
    if (!event.fields.some((f) => f.name === field)) {
        throw new Error(`metric ${metricName}: field ${field} is not in the ${event.name} event of the log contract`);
    }
    // Every backend task reports the same platform-wide figure, so the maximum is the figure.
    return { key, metricName, pattern: `{ $.event = "${event.name}" && $.${field} >= 0 }`, value: `$.${field}`, unit: "None", statistic: "Maximum", event: event.name, description };
}

function outcomeCounter(eventName: string, noun: string, outcome: string): AppMetricFilter {
    const event = logEvent(eventName);
    const allowed = event.fields.find((f) => f.name === "outcome")?.values ?? [];
    if (!allowed.includes(outcome)) {
        throw new Error(`metric for ${eventName}: outcome ${JSON.stringify(outcome)} is not in the log contract (${allowed.join(", ")})`);
    }
    return {
        key: `${eventName.replace(/_/g, "-")}s-${outcome}`,
        metricName: `${noun}${camel(outcome)}`,
        pattern: `{ $.event = "${eventName}" && $.outcome = "${outcome}" }`,
        value: "1",
        defaultValue: 0,
        unit: "Count",
        statistic: "Sum",
        event: eventName,
        description: `${event.description}: outcome ${outcome}`,
    };
}

/** The application's metrics: activity gauges and a counter per credit and video outcome. */
export function appMetricFilters(): AppMetricFilter[] {
    return [
        gauge("active-users", "ActiveUsers", "active_users", "Users with a request in the last 5 minutes"),
        gauge("ongoing-meetings", "OngoingMeetings", "ongoing_meetings", "Meetings in progress"),
        ...CREDIT_OUTCOMES.map((o) => outcomeCounter("credit_transaction", "CreditTransactions", o)),
        ...VIDEO_OUTCOMES.map((o) => outcomeCounter("video_session", "VideoSessions", o)),
    ];
}

/** The filter publishing `metricName`; throws when none does (an alarm on it would never see data). */
export function filterFor(metricName: string): AppMetricFilter {
    const found = appMetricFilters().find((f) => f.metricName === metricName);
    if (!found) {
        throw new Error(`no metric filter publishes ${APP_METRICS_NAMESPACE}/${metricName}`);
    }
    return found;
}
