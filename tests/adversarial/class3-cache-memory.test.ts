/**
 * Class 3: the cache keeps the keys the application cannot lose and room for its own snapshots
 * (policy/elasticache/memory.ts, policy/lib/facts/cacheMemory.ts): an eviction policy that evicts
 * only keys with a TTL, and the memory AWS recommends reserving for the node type, judged on the
 * parameters the replication group really runs with. Each change edits the real export; "drift"
 * cases change the deployed state only.
 */
import { add, all, Case, drift, edit, named, suite, tags } from "./support";

const PG = "aws:elasticache/parameterGroup:ParameterGroup";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const set = (name: string, value: string | undefined) => (p: any) => {
    p.parameters = [...(p.parameters ?? []).filter((x: any) => x.name !== name), ...(value === undefined ? [] : [{ name, value }])];
};
const params = (name: string, value: string | undefined) => edit(PG, set(name, value), named("cache-params"));

const violations: Case[] = [
    // the red team's changes
    { name: "maxmemory-policy noeviction: when memory fills every SET fails and Django's cache and session writes raise 500s", change: params("maxmemory-policy", "noeviction") },
    { name: "maxmemory-policy allkeys-lru: sessions and locks (no TTL) are evicted under memory pressure", change: params("maxmemory-policy", "allkeys-lru") },
    { name: "reserved-memory-percent 0: snapshot and replica-sync forks swap", change: params("reserved-memory-percent", "0") },
    { name: "dr: the dr cache's maxmemory-policy noeviction: once promoted a full cache fails every write", stack: "dr", change: params("maxmemory-policy", "noeviction") },
    // variants: eviction
    { name: "maxmemory-policy allkeys-lfu", change: params("maxmemory-policy", "allkeys-lfu") },
    { name: "maxmemory-policy allkeys-random set in the console (drift)", change: drift(PG, set("maxmemory-policy", "allkeys-random"), named("cache-params")) },
    { name: "maxmemory-policy written in capitals, ALLKEYS-LRU", change: params("maxmemory-policy", "ALLKEYS-LRU") },
    {
        name: "the replication group moved to a new parameter group with noeviction",
        change: all(
            add(PG, "cache-params-v2", { name: "expertconnect-prod-cache-v2", family: "valkey8", description: "v2", parameters: [{ name: "maxmemory-policy", value: "noeviction" }, { name: "reserved-memory-percent", value: "30" }], tags: tags("cache") }),
            edit(RG, p => { p.parameterGroupName = "expertconnect-prod-cache-v2"; }),
        ),
    },
    // variants: reserved memory
    { name: "reserved-memory-percent parameter removed (ElastiCache's 25 % on a small burstable node)", change: params("reserved-memory-percent", undefined) },
    { name: "reserved-memory-percent 10", change: params("reserved-memory-percent", "10") },
    { name: "reserved memory given in bytes instead (reserved-memory 50 MB)", change: params("reserved-memory", "52428800") },
    { name: "the cache moved to a micro node keeping 30 %", change: edit(RG, p => { p.nodeType = "cache.t4g.micro"; }) },
    { name: "the replication group switched to the default parameter group on its small node", change: edit(RG, p => { p.parameterGroupName = "default.valkey8"; }) },
    { name: "dr: reserved-memory-percent 5 in the console (drift)", stack: "dr", change: drift(PG, set("reserved-memory-percent", "5"), named("cache-params")) },
];

const compliant: Case[] = [
    // the red team's
    { name: "reserved-memory-percent raised to 30 (already the floor for the node)", change: params("reserved-memory-percent", "30") },
    // mine
    { name: "reserved-memory-percent raised to 35 for more snapshot headroom", change: params("reserved-memory-percent", "35") },
    { name: "eviction by least frequent use among keys with a TTL (volatile-lfu)", change: params("maxmemory-policy", "volatile-lfu") },
    { name: "eviction by shortest remaining TTL (volatile-ttl)", change: params("maxmemory-policy", "volatile-ttl") },
    { name: "the cache grows to a large node (25 % is AWS's recommendation there)", change: all(edit(RG, p => { p.nodeType = "cache.r7g.large"; }), params("reserved-memory-percent", "25")) },
    { name: "dr: volatile-lfu on the dr cache", stack: "dr", change: params("maxmemory-policy", "volatile-lfu") },
];

suite("adversarial class 3: the cache evicts only keys with a TTL and reserves room for its snapshots", violations, compliant);
