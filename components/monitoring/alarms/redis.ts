import { CAPACITY_CEILINGS } from "../../../policy/lib/facts/alarmSignals";
import { AlarmDefinition, SUSTAINED } from "./definition";

/** Keys evicted per five minutes above which the cache is too small for its working set. */
const EVICTIONS_PER_5_MINUTES = CAPACITY_CEILINGS.cacheEvictions.signals[0].threshold;
/** Engine CPU percentage that alarms (EngineCPUUtilization is the engine thread's own, whatever the node's vCPUs). */
const ENGINE_CPU_PERCENT = CAPACITY_CEILINGS.cacheCpu.signals[0].threshold * 100;
/** Share of maxmemory in use, in percent, that alarms. */
const MEMORY_PERCENT = CAPACITY_CEILINGS.cacheMemory.signals[0].threshold * 100;

/**
 * ElastiCache reports per node (CacheClusterId), so every alarm exists once per member of the
 * replication group and is named after it: `expertconnect-prod-cache-001-engine-cpu-high`, …
 */
export function redisAlarms(memberClusterIds: string[]): AlarmDefinition[] {
    return memberClusterIds.flatMap((node): AlarmDefinition[] => {
        const metric = (metricName: string, statistic: "Average" | "Sum") =>
            ({ namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: node }, statistic });
        return [
            {
                name: `${node}-engine-cpu-high`,
                description: `Redis engine CPU above ${ENGINE_CPU_PERCENT}% on ${node} for 15 minutes (the engine is single-threaded)`,
                metric: metric("EngineCPUUtilization", "Average"),
                window: SUSTAINED,
                threshold: ENGINE_CPU_PERCENT,
                comparison: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            },
            {
                name: `${node}-memory-high`,
                description: `Redis memory above ${MEMORY_PERCENT}% of maxmemory on ${node} for 15 minutes`,
                metric: metric("DatabaseMemoryUsagePercentage", "Average"),
                window: SUSTAINED,
                threshold: MEMORY_PERCENT,
                comparison: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            },
            {
                name: `${node}-evictions`,
                description: `More than ${EVICTIONS_PER_5_MINUTES} keys evicted per 5 minutes on ${node} for 15 minutes: the cache is too small`,
                metric: metric("Evictions", "Sum"),
                window: SUSTAINED,
                threshold: EVICTIONS_PER_5_MINUTES,
                comparison: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
            },
        ];
    });
}

/** Member cluster ids ElastiCache gives a replication group's nodes: `<group>-001`, `<group>-002`, … */
export function cacheMemberIds(replicationGroupId: string, numCacheClusters: number): string[] {
    return Array.from({ length: numCacheClusters }, (_v, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}
