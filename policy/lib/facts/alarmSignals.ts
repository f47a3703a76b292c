/**
 * The stack's alarm signals on AWS metrics, stated once: for each, the direction that is trouble,
 * the statistics that can see it and how long its evaluation window may be before the page is too
 * late. CloudWatch accepts any statistic and any window: an unhealthy-hosts alarm on Minimum only
 * fires when every sample of the period is unhealthy (one bad task of three never pages), and 60
 * periods of a minute page an hour after the outage began. cloudwatch-alarm-actions holds every
 * alarm on one of these metrics, compared in the signal's direction, to them. Facts modules
 * import nothing.
 */

/** A signal: which statistics see the condition, and the longest evaluation window. */
export interface AlarmSignal {
    namespace: string;
    metricName: string;
    /** The direction that is trouble: an alarm comparing this way is this signal. */
    breaches: "above" | "below";
    /** Statistics that see one bad sample move the value (Maximum for "above", Minimum for "below", and the Average). */
    statistics: readonly string[];
    /** Percentiles that see it too: "upper" p50 and above, "lower" p50 and below; none when unset. */
    percentiles?: "upper" | "lower";
    /** Longest period × evaluationPeriods, in minutes, from the first bad datapoint to the page. */
    maximumMinutes: number;
    /** What the signal tells (messages). */
    what: string;
}

const above = (namespace: string, metricName: string, what: string, maximumMinutes = 30, statistics = ["Maximum", "Average"], percentiles?: "upper"): AlarmSignal =>
    ({ namespace, metricName, breaches: "above", statistics, percentiles, maximumMinutes, what });
const below = (namespace: string, metricName: string, what: string, maximumMinutes = 30, statistics = ["Minimum", "Average"]): AlarmSignal =>
    ({ namespace, metricName, breaches: "below", statistics, maximumMinutes, what });

export const ALARM_SIGNALS: readonly AlarmSignal[] = [
    // A count of targets: Sum adds the per-minute counts, still above 0 as soon as one is unhealthy.
    above("AWS/ApplicationELB", "UnHealthyHostCount", "unhealthy targets", 15, ["Maximum", "Average", "Sum"]),
    below("AWS/ApplicationELB", "HealthyHostCount", "too few healthy targets", 15),
    above("AWS/ApplicationELB", "TargetResponseTime", "slow responses", 30, ["Maximum", "Average"], "upper"),
    above("AWS/ECS", "CPUUtilization", "a service's CPU running hot", 30, ["Maximum", "Average"], "upper"),
    above("AWS/ECS", "MemoryUtilization", "a service's memory running out", 30, ["Maximum", "Average"], "upper"),
    above("AWS/RDS", "CPUUtilization", "the database's CPU running hot"),
    above("AWS/RDS", "DatabaseConnections", "the database running out of connections"),
    below("AWS/RDS", "FreeStorageSpace", "the database running out of storage"),
    below("AWS/RDS", "FreeableMemory", "the database running out of memory"),
    above("AWS/RDS", "ReadLatency", "slow database reads", 30, ["Maximum", "Average"], "upper"),
    above("AWS/RDS", "WriteLatency", "slow database writes", 30, ["Maximum", "Average"], "upper"),
    above("AWS/RDS", "ReplicaLag", "the replica falling behind"),
    above("AWS/ElastiCache", "EngineCPUUtilization", "the cache engine's CPU running hot"),
    above("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "the cache running out of memory"),
    above("AWS/ElastiCache", "Evictions", "the cache evicting keys", 30, ["Maximum", "Average", "Sum"]),
    below("CloudWatchSynthetics", "SuccessPercent", "the synthetic check failing"),
];
