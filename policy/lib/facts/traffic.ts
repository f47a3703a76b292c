/**
 * The load the stacks are built for, stated once, in requests per minute at the load balancer.
 * Metric math reads request counts as guards (`IF(requests >= N, error rate, 0)`): a guard that
 * asks for more traffic than the stack sees keeps the expression at its other branch, so the
 * alarm never fires however many requests fail. cloudwatch-alarms-can-fire evaluates every
 * expression that guards another signal with request counts at `ordinaryRequestsPerMinute`; the
 * program's error-rate alarms take their guard from `quietRequestsPerMinute`. Revise from the
 * dashboard's ALB RequestCount when the traffic changes. Facts modules import nothing.
 */
export const EXPECTED_TRAFFIC = {
    /** Below this, an error rate is not judged: two failures on a quiet night are not an outage. */
    quietRequestsPerMinute: 20,
    /**
     * An ordinary business-hours minute, conservatively low (a few users browsing and booking,
     * the canary, health checks): an alarm guarded by request volume must evaluate at this load,
     * or an outage at ordinary traffic pages no one.
     */
    ordinaryRequestsPerMinute: 300,
} as const;

/** Request-count metrics: what a guard on traffic reads (namespace/metricName). */
export const REQUEST_COUNT_METRICS: readonly string[] = ["AWS/ApplicationELB/RequestCount", "AWS/ApplicationELB/RequestCountPerTarget"];

/**
 * The write load the database sees, in bytes per second of RDS's WriteThroughput (the average
 * bytes written to disk per second; on a replica, the WAL it receives and replays and the pages its
 * checkpoints write back). Metric math reads it as a guard too (`IF(writes > N, lag, 0)`): a guard
 * above what the database ever writes keeps the expression at 0 however far the replica falls
 * behind. cloudwatch-alarms-can-fire and dr-replica-lag-alarm evaluate such expressions at
 * `ordinaryBytesPerSecond`; DisasterRecovery's replica-lag alarm takes its guard from
 * `writingBytesPerSecond`. Revise from the dashboard's replica WriteThroughput when the load changes.
 */
export const EXPECTED_WRITES = {
    /**
     * Above this the source is taken to be writing: an idle pair writes only checkpoints and RDS's
     * own housekeeping. An assumption to confirm in the game day (docs/disaster-recovery.md).
     */
    writingBytesPerSecond: 50_000,
    /**
     * An ordinary business-hours minute, conservatively low: about one write transaction a second
     * (bookings, credit ledger, sessions), each with its WAL records and, after a checkpoint, the
     * full-page images of the 8 KiB pages it touches, plus the pages checkpoints write back.
     */
    ordinaryBytesPerSecond: 100_000,
} as const;

/** Write-rate metrics (bytes per second, one datapoint a minute): what a guard on writes reads (namespace/metricName). */
export const WRITE_RATE_METRICS: readonly string[] = ["AWS/RDS/WriteThroughput"];
