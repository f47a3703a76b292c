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
