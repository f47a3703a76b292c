/**
 * How the cache may use its memory, as the application's key contract needs it. Cached pages and
 * query results carry a TTL and may be evicted; keys without one (sessions, locks, credit holds)
 * must never be: a `volatile-*` policy evicts only keys with a TTL. `noeviction` fails every write
 * once memory is full (each cache or session write then raises, the site answers 500), and an
 * `allkeys-*` policy evicts locks and sessions. The program builds its parameter group from this
 * module (components/data/cacheSettings.ts); the pack judges every replication group's effective
 * parameters against it (policy/elasticache/memory.ts).
 */

/** The design's eviction policy. */
export const CACHE_EVICTION_POLICY = "volatile-lru";

/** Eviction policies that never evict a key without a TTL. */
export const CACHE_EVICTION_POLICIES: readonly string[] = ["volatile-lru", "volatile-lfu", "volatile-ttl", "volatile-random"];

/** ElastiCache's values for a parameter its group leaves unset (the default parameter groups' too). */
export const CACHE_PARAMETER_DEFAULTS: Readonly<Record<string, string>> = { "maxmemory-policy": "volatile-lru", "reserved-memory-percent": "25" };

/**
 * The share of a node's maxmemory kept for non-data use: a snapshot or a replica's sync forks the
 * engine and records writes while it runs; without room the fork swaps or fails. AWS's rule of
 * thumb is 25 % (the default), up to 30 % on small and 50 % on micro burstable node types, which
 * run near maxmemory (ElastiCache user guide, "Managing reserved memory").
 */
export function reservedMemoryFloor(nodeType: string): number {
    if (/\.micro$/.test(nodeType)) return 50;
    if (/\.small$/.test(nodeType)) return 30;
    return 25;
}
