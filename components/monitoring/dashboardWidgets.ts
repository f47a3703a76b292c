import type { MetricLine, Widget } from "./dashboard";

/** Everything the dashboard shows, resolved to plain strings. */
export interface DashboardInputs {
    clusterName: string;
    /** ECS service names: `expertconnect-prod-backend`, … */
    serviceNames: string[];
    albArnSuffix: string;
    /** Target group ARN suffixes by service key. */
    targetGroups: Record<string, string>;
    dbIdentifier: string;
    /** Show the replica's lag (dr stack). */
    replicaLag: boolean;
    /** ElastiCache member cluster ids. */
    cacheNodes: string[];
    /** Every alarm of the stack, for the status widget. */
    alarmArns: string[];
}

const ALB = "AWS/ApplicationELB";

/**
 * The guide's dashboard: ECS CPU/memory/running tasks per service, ALB requests, 5xx and
 * latency percentiles, RDS CPU/connections/free storage (and replica lag in dr), Redis, and
 * the state of every alarm at the top.
 */
export function expertConnectWidgets(d: DashboardInputs): Widget[] {
    const perService = (namespace: string, metricName: string, stat: string): MetricLine[] =>
        d.serviceNames.map((s) => ({ namespace, metricName, dimensions: { ClusterName: d.clusterName, ServiceName: s }, stat, label: s }));
    const lb = { LoadBalancer: d.albArnSuffix };
    const db = (metricName: string, stat = "Average"): MetricLine => ({ namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: d.dbIdentifier }, stat });
    const perNode = (metricName: string, stat: string): MetricLine[] =>
        d.cacheNodes.map((n) => ({ namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: n }, stat, label: n }));
    return [
        { kind: "alarm", title: "Alarms", alarmArns: d.alarmArns },
        { kind: "metric", title: "ECS CPU utilization (%)", lines: perService("AWS/ECS", "CPUUtilization", "Average") },
        { kind: "metric", title: "ECS memory utilization (%)", lines: perService("AWS/ECS", "MemoryUtilization", "Average") },
        { kind: "metric", title: "ECS running tasks", lines: perService("ECS/ContainerInsights", "RunningTaskCount", "Average"), period: 60 },
        { kind: "metric", title: "ALB requests", lines: [{ namespace: ALB, metricName: "RequestCount", dimensions: lb, stat: "Sum", label: "Requests" }], period: 60 },
        {
            kind: "metric",
            title: "ALB 5xx responses",
            period: 60,
            lines: [
                { namespace: ALB, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, stat: "Sum", label: "Load balancer 5xx" },
                { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, stat: "Sum", label: "Application 5xx" },
            ],
        },
        {
            kind: "metric",
            title: "ALB response time (s)",
            period: 60,
            lines: ["p50", "p95", "p99"].map((p) => ({ namespace: ALB, metricName: "TargetResponseTime", dimensions: lb, stat: p, label: p })),
        },
        {
            kind: "metric",
            title: "Unhealthy targets",
            period: 60,
            lines: Object.entries(d.targetGroups).map(([key, tg]) => ({
                namespace: ALB, metricName: "UnHealthyHostCount", dimensions: { ...lb, TargetGroup: tg }, stat: "Maximum", label: key,
            })),
        },
        { kind: "metric", title: "RDS CPU utilization (%)", lines: [db("CPUUtilization")] },
        { kind: "metric", title: "RDS connections", lines: [db("DatabaseConnections")] },
        { kind: "metric", title: "RDS free storage (bytes)", lines: [db("FreeStorageSpace", "Minimum")] },
        {
            kind: "metric",
            title: d.replicaLag ? "RDS replica lag (s)" : "RDS read/write latency (s)",
            lines: d.replicaLag ? [db("ReplicaLag", "Maximum")] : [db("ReadLatency"), db("WriteLatency")],
        },
        { kind: "metric", title: "Redis engine CPU (%)", lines: perNode("EngineCPUUtilization", "Average") },
        {
            kind: "metric",
            title: "Redis memory (%) and evictions",
            lines: [...perNode("DatabaseMemoryUsagePercentage", "Average"), ...perNode("Evictions", "Sum")],
        },
    ];
}
