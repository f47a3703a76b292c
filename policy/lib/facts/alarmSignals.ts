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

/**
 * S3 Replication Time Control's promise: 99.99 % of objects replicated within 15 minutes (S3 User
 * Guide, "Meeting compliance requirements using S3 Replication Time Control"). The replication rule
 * asks for it and the lateness alarm fires past it, so both read this one value.
 */
export const REPLICATION_TIME_CONTROL_MINUTES = 15;

/**
 * A signal that says committed data is at risk: a copy that recovery depends on is failing or
 * falling behind. Each resource of the stack that holds one must have an alarm on it that pages a
 * topic of the stack and fires as soon as the signal passes its bound, judged by what the alarm
 * computes (its statistic, its metric math at the stack's ordinary load), not its threshold alone.
 */
export interface DataRiskSignal extends AlarmSignal {
    /**
     * What holds the signal, and so the dimensions its metric carries: `replicationRule`, each
     * Enabled S3 replication rule that publishes replication metrics (SourceBucket,
     * DestinationBucket, RuleId); `readReplica`, each RDS read replica (DBInstanceIdentifier).
     */
    holder: "replicationRule" | "readReplica";
    /**
     * The value past which data is at risk, in the metric's unit: the alarm must fire for the
     * first whole unit above it (one failed operation, one second). `rpo`: the stack's recovery
     * point objective in seconds (expertconnect:dr.rpoSeconds, dr-replica-lag-alarm's rpoSeconds).
     */
    firesAbove: number | "rpo";
}

/**
 * The data-at-risk signals, stated once: StaticReplication and DisasterRecovery build their alarms
 * from them, cloudwatch-alarms-can-fire requires them for every replication rule (bounds stated
 * here) and dr-replica-lag-alarm for every read replica (bound: the RPO). Their statistics are the
 * ones that see one bad sample: the Maximum of a lag (a Minimum or Average over several samples
 * hides minutes of lag behind one caught-up sample), any aggregate of failures but the Minimum.
 */
export const DATA_RISK_SIGNALS = {
    replicationFailed: {
        namespace: "AWS/S3", metricName: "OperationsFailedReplication", breaches: "above", statistics: ["Sum", "Maximum", "Average"], maximumMinutes: 30,
        what: "objects failing to replicate (a KMS or permission error stops replication without a sound)",
        holder: "replicationRule", firesAbove: 0,
    },
    replicationLate: {
        namespace: "AWS/S3", metricName: "ReplicationLatency", breaches: "above", statistics: ["Maximum"], maximumMinutes: 30,
        what: `replication running later than Replication Time Control's ${REPLICATION_TIME_CONTROL_MINUTES} minutes`,
        holder: "replicationRule", firesAbove: REPLICATION_TIME_CONTROL_MINUTES * 60,
    },
    replicaLag: {
        namespace: "AWS/RDS", metricName: "ReplicaLag", breaches: "above", statistics: ["Maximum"], maximumMinutes: 30,
        what: "the replica falling behind (the recovery point slipping)",
        holder: "readReplica", firesAbove: "rpo",
    },
} as const satisfies Record<string, DataRiskSignal>;

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
    above("AWS/ElastiCache", "EngineCPUUtilization", "the cache engine's CPU running hot"),
    above("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "the cache running out of memory"),
    above("AWS/ElastiCache", "Evictions", "the cache evicting keys", 30, ["Maximum", "Average", "Sum"]),
    below("CloudWatchSynthetics", "SuccessPercent", "the synthetic check failing"),
    ...Object.values(DATA_RISK_SIGNALS),
];

/**
 * What a capacity signal's threshold is measured against, in the metric's own unit:
 * - `storage`: the database's allocated storage in bytes (FreeStorageSpace is published in Bytes,
 *   so a threshold of 5 fires with 5 bytes left); the initial allocation, the smallest the volume is;
 * - `memory`: the instance class's memory in bytes (FreeableMemory, Bytes);
 * - `percent`: 100 (CPUUtilization, DatabaseMemoryUsagePercentage …, Percent);
 * - `engineShareOfHost`: the host CPU a single-threaded cache engine can use, 100 / vCPUs of the
 *   node type: ElastiCache's host CPUUtilization spreads over every core, so on a 2-vCPU node a
 *   saturated engine reads 50 % (AWS, "Which metrics should I monitor?": alarm at 90 / vCPUs).
 */
export type CeilingCapacity = "storage" | "memory" | "percent" | "engineShareOfHost";

/** One metric that watches a ceiling, and where its threshold must sit to warn before the ceiling. */
export interface CeilingSignal {
    namespace: string;
    metricName: string;
    /** The direction that is trouble. */
    breaches: "above" | "below";
    /** What the threshold is a share of; none: the metric is a count with no size (evictions, unhealthy hosts). */
    capacity?: CeilingCapacity;
    /** The program's threshold (it builds the first signal of each ceiling), as a share of the capacity or, without one, in the metric's unit. */
    threshold?: number;
    /**
     * The shares of the capacity a threshold may take. Below `minShare` a "below" alarm fires only
     * once the resource is all but exhausted (a unit slip: GiB meant, bytes given); above `maxShare`
     * an "above" alarm fires only once it is saturated, and a "below" one is breached in normal operation.
     */
    minShare?: number;
    maxShare?: number;
    /** Only on burstable classes (db.t*), where the metric exists. */
    burstableOnly?: boolean;
}

/** A capacity ceiling the design has, by what holds it, and the signals any one of which watches it. */
export interface CapacityCeiling {
    /** `database`: each RDS instance (DBInstanceIdentifier); `cacheNode`: each member node of a cache (CacheClusterId); `service`: each ECS service (ClusterName, ServiceName); `targetGroup`: each target group a service registers with (TargetGroup, LoadBalancer). */
    holder: "database" | "cacheNode" | "service" | "targetGroup";
    /** What reaching it does (messages). */
    what: string;
    signals: readonly CeilingSignal[];
}

/**
 * The ceilings every stack watches, stated once: Monitoring builds its alarms' thresholds from
 * them and cloudwatch-alarms-can-fire requires, for each resource holding one, an alarm on one
 * of its signals that reaches the stack's topic, and holds every alarm on a signal to its shares.
 * The database's connections and each service's CPU are the guide's named alarms, with their own
 * policies (cloudwatch-db-connections-alarm, cloudwatch-ecs-cpu-alarm).
 */
export const CAPACITY_CEILINGS = {
    databaseStorage: {
        holder: "database",
        what: "the database's storage filling up (storage autoscaling stops at maxAllocatedStorage and waits 6 hours between growths; a full volume stops writes)",
        // 10% of the initial allocation: autoscaling also acts below 10% free, so the alarm speaks when it cannot keep up or has reached its maximum.
        // The floor is 0.1%, not 1%: autoscaling grows the allocation (the deployed state shows the grown size) under a threshold set from
        // the initial one, which is no fault; a threshold in another unit (5 meaning GiB, 5120 meaning MiB) is a million times off.
        signals: [{ namespace: "AWS/RDS", metricName: "FreeStorageSpace", breaches: "below", capacity: "storage", threshold: 0.1, minShare: 0.001, maxShare: 0.5 }],
    },
    databaseMemory: {
        holder: "database",
        what: "the database running out of memory (it swaps, then is OOM-killed)",
        signals: [{ namespace: "AWS/RDS", metricName: "FreeableMemory", breaches: "below", capacity: "memory", threshold: 0.1, minShare: 0.01, maxShare: 0.5 }],
    },
    databaseCpu: {
        holder: "database",
        what: "the database's CPU saturating (a burstable class throttles to its baseline once its credits are spent)",
        signals: [
            { namespace: "AWS/RDS", metricName: "CPUUtilization", breaches: "above", capacity: "percent", threshold: 0.8, maxShare: 0.95 },
            { namespace: "AWS/RDS", metricName: "CPUCreditBalance", breaches: "below", burstableOnly: true },
        ],
    },
    cacheMemory: {
        holder: "cacheNode",
        what: "the cache node's memory filling up",
        signals: [{ namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", breaches: "above", capacity: "percent", threshold: 0.8, maxShare: 0.95 }],
    },
    cacheEvictions: {
        holder: "cacheNode",
        what: "the cache evicting its working set (too small for it: sessions and cached pages are dropped)",
        // Keys evicted per five minutes above which the cache is too small for its working set.
        signals: [{ namespace: "AWS/ElastiCache", metricName: "Evictions", breaches: "above", threshold: 100 }],
    },
    cacheCpu: {
        holder: "cacheNode",
        what: "the cache engine's single thread saturating",
        signals: [
            { namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", breaches: "above", capacity: "percent", threshold: 0.8, maxShare: 0.95 },
            { namespace: "AWS/ElastiCache", metricName: "CPUUtilization", breaches: "above", capacity: "engineShareOfHost", maxShare: 0.9 },
        ],
    },
    serviceMemory: {
        holder: "service",
        what: "a service's tasks reaching their memory limit (ECS stops a container at its hard limit)",
        signals: [{ namespace: "AWS/ECS", metricName: "MemoryUtilization", breaches: "above", capacity: "percent", threshold: 0.85, maxShare: 0.95 }],
    },
    targetHealth: {
        holder: "targetGroup",
        what: "a service's tasks failing their health checks (at their memory or connection limit, or crashed)",
        signals: [
            { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", breaches: "above", threshold: 0 },
            { namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", breaches: "below" },
        ],
    },
} as const satisfies Record<string, CapacityCeiling>;

/**
 * vCPUs of an ElastiCache node type (`cache.<family>.<size>`), or undefined when unknown. Burstable
 * t3/t4g nodes have 2 (t2's micro and small 1); other families 2 at `large`, doubling per size
 * (12xlarge 48, 24xlarge 96). Source: ElastiCache supported node types and pricing.
 */
export function cacheNodeVcpus(nodeType: string): number | undefined {
    const [prefix, family, size] = nodeType.split(".");
    if (prefix !== "cache" || !family || !size) return undefined;
    if (/^t\d/.test(family)) return family === "t2" && (size === "micro" || size === "small") ? 1 : ["micro", "small", "medium"].includes(size) ? 2 : undefined;
    if (!/^[mr]\d/.test(family)) return undefined;
    const sizes: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64, "24xlarge": 96 };
    return sizes[size];
}
