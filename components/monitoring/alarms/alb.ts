import type * as pulumi from "@pulumi/pulumi";
import { CAPACITY_CEILINGS } from "../../../policy/lib/facts/alarmSignals";
import { EXPECTED_TRAFFIC } from "../../../policy/lib/facts/traffic";
import { AlarmDefinition, CRITICAL, Dimensions, SUSTAINED } from "./definition";

/** The load balancer and its target groups, as CloudWatch names them (ARN suffixes). */
export interface WatchedLoadBalancer {
    /** `app/expertconnect-prod-alb/0123456789abcdef`. */
    arnSuffix: pulumi.Input<string>;
    /** Target groups by service key: `{ backend: "targetgroup/…/…" }`. */
    targetGroups: Record<string, pulumi.Input<string>>;
}

/** Requests per minute below which an error rate is not judged: two failures at night are not an outage. */
const MIN_REQUESTS_PER_MINUTE = EXPECTED_TRAFFIC.quietRequestsPerMinute;
/** Error rate (percent) that pages. */
const ERROR_RATE_PERCENT = 5;
/** p95 above this many seconds is slow: the same one-second line the database's slow-query log uses. */
export const P95_LATENCY_SECONDS = 1;
/** p99 above this many seconds means a tail of users waits far too long. */
export const P99_LATENCY_SECONDS = 3;

function errorRate(name: string, description: string, errorMetric: string, dimensions: Dimensions): AlarmDefinition {
    return {
        name,
        description,
        metric: {
            expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, 100 * FILL(errors, 0) / requests, 0)`,
            label: "Error rate (%)",
            metrics: {
                errors: { namespace: "AWS/ApplicationELB", metricName: errorMetric, dimensions, statistic: "Sum" },
                requests: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions, statistic: "Sum" },
            },
        },
        window: CRITICAL,
        threshold: ERROR_RATE_PERCENT,
        comparison: "GreaterThanThreshold",
        // No requests at all is not an error rate; unhealthy-host alarms catch a dead service.
        treatMissingData: "notBreaching",
    };
}

function latency(project: string, percentile: "p95" | "p99", seconds: number, dimensions: Dimensions): AlarmDefinition {
    return {
        name: `${project}-alb-latency-${percentile}-high`,
        description: `${percentile} response time above ${seconds} s for 15 minutes: slow API endpoints (the guide's weekly check)`,
        metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions, statistic: percentile },
        window: SUSTAINED,
        threshold: seconds,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    };
}

/** Load balancer alarms: 5xx rates at the ALB and from targets, latency percentiles, unhealthy hosts per target group. */
export function albAlarms(project: string, alb: WatchedLoadBalancer): AlarmDefinition[] {
    const lb = { LoadBalancer: alb.arnSuffix };
    return [
        errorRate(`${project}-alb-5xx-rate-high`, `More than ${ERROR_RATE_PERCENT}% of requests answered 5xx by the load balancer (no healthy target, timeouts)`, "HTTPCode_ELB_5XX_Count", lb),
        errorRate(`${project}-alb-target-5xx-rate-high`, `More than ${ERROR_RATE_PERCENT}% of requests answered 5xx by the application`, "HTTPCode_Target_5XX_Count", lb),
        latency(project, "p95", P95_LATENCY_SECONDS, lb),
        latency(project, "p99", P99_LATENCY_SECONDS, lb),
        ...Object.entries(alb.targetGroups).map(([key, targetGroup]): AlarmDefinition => ({
            name: `${project}-${key}-unhealthy-hosts`,
            description: `A ${key} target failed its health checks for 2 of 3 minutes`,
            metric: {
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: { ...lb, TargetGroup: targetGroup },
                statistic: "Maximum",
            },
            window: CRITICAL,
            threshold: CAPACITY_CEILINGS.targetHealth.signals[0].threshold,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        })),
    ];
}
