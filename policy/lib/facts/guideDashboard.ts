/**
 * What the guide's dashboard shows (guide map: `aws cloudwatch put-dashboard --dashboard-name
 * ExpertConnect-Dashboard`, "ECS CPU/memory, ALB requests/5xx/latency, RDS CPU/connections/
 * storage/replica lag, Redis"), stated once: guide-names-present requires each in the body of
 * the environment's dashboard, as a metric line on a resource of the stack. An emptied body is
 * accepted by CloudWatch and leaves the operators' first screen blank. Facts modules import nothing.
 */

/** One thing the dashboard must show: a line on any of the metrics. */
export interface DashboardWidget {
    /** The guide map's words for it (messages). */
    what: string;
    namespace: string;
    /** Any one of these metric names shows it. */
    metrics: readonly string[];
    /** Shown only where the stack holds a read replica (its lag). */
    replicaOnly?: boolean;
}

/** The dashboard each environment's stack keeps as the guide's (dr keeps its own copy). */
export const GUIDE_DASHBOARD_NAMES: Readonly<Record<"prod" | "dr", string>> = { prod: "ExpertConnect-Dashboard", dr: "ExpertConnect-DR-Dashboard" };

export const GUIDE_DASHBOARD_WIDGETS: readonly DashboardWidget[] = [
    { what: "ECS CPU", namespace: "AWS/ECS", metrics: ["CPUUtilization"] },
    { what: "ECS memory", namespace: "AWS/ECS", metrics: ["MemoryUtilization"] },
    { what: "ALB requests", namespace: "AWS/ApplicationELB", metrics: ["RequestCount"] },
    { what: "ALB 5xx", namespace: "AWS/ApplicationELB", metrics: ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"] },
    { what: "ALB latency", namespace: "AWS/ApplicationELB", metrics: ["TargetResponseTime"] },
    { what: "RDS CPU", namespace: "AWS/RDS", metrics: ["CPUUtilization"] },
    { what: "RDS connections", namespace: "AWS/RDS", metrics: ["DatabaseConnections"] },
    { what: "RDS storage", namespace: "AWS/RDS", metrics: ["FreeStorageSpace"] },
    { what: "RDS replica lag", namespace: "AWS/RDS", metrics: ["ReplicaLag"], replicaOnly: true },
    { what: "Redis", namespace: "AWS/ElastiCache", metrics: ["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "CPUUtilization", "CurrConnections", "Evictions"] },
];
