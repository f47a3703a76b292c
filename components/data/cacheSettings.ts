/**
 * Decisions about the ElastiCache replication group, kept pure so they are tested without
 * mocks.
 *
 * Engine: Valkey 8, the open-source continuation of Redis OSS 7.2 that ElastiCache runs with
 * the same protocol, AUTH, TLS and KMS support as Redis OSS, at a lower node price. Django's
 * Redis clients work unchanged.
 */

import { CACHE_EVICTION_POLICY, reservedMemoryFloor } from "../../policy/lib/facts/cacheMemory";

export const CACHE_ENGINE = "valkey";
export const CACHE_ENGINE_VERSION = "8.0";

/** Parameter group family of an engine version: (`valkey`, `8.0`) → `valkey8`, (`redis`, `7.1`) → `redis7`. */
export function cacheParameterGroupFamily(engine: string, engineVersion: string): string {
    const match = /^(\d+)(\.\d+)?$/.exec(engineVersion);
    if (!match || (engine !== "valkey" && engine !== "redis")) {
        throw new Error(`cache engine ${JSON.stringify(engine)} ${JSON.stringify(engineVersion)}: expected valkey or redis with a version such as 8.0`);
    }
    return `${engine}${match[1]}`;
}

/** Failover settings for a node count; failover and Multi-AZ need a replica to fail over to. */
export function failoverSettings(numCacheClusters: number): { automaticFailoverEnabled: boolean; multiAzEnabled: boolean } {
    const withReplica = numCacheClusters >= 2;
    return { automaticFailoverEnabled: withReplica, multiAzEnabled: withReplica };
}

/**
 * Parameters (policy/lib/facts/cacheMemory.ts): `volatile-lru` evicts only keys that carry a TTL
 * (cached pages and queries) when memory runs out, never keys without one such as sessions and
 * locks; the memory reserved for snapshots and replica syncs is AWS's recommendation for the node
 * type (30 % on a small burstable node, where the default 25 % lets the fork swap).
 */
export function cacheParameters(nodeType: string): Array<{ name: string; value: string }> {
    return [
        { name: "maxmemory-policy", value: CACHE_EVICTION_POLICY },
        { name: "reserved-memory-percent", value: String(reservedMemoryFloor(nodeType)) },
    ];
}

/** Logs delivered to CloudWatch: slow commands and engine events. */
export const CACHE_LOG_TYPES = ["slow-log", "engine-log"] as const;

/** Log group of one delivered log type: `/aws/elasticache/expertconnect-prod-cache/slow-log`. */
export function cacheLogGroupName(replicationGroupId: string, logType: string): string {
    return `/aws/elasticache/${replicationGroupId}/${logType}`;
}
