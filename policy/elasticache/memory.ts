/**
 * How each replication group's engine uses memory, from the parameters it really runs with: its
 * parameter group's values over ElastiCache's defaults (a `default.*` group, or a parameter a
 * group leaves unset). The eviction policy must keep keys without a TTL, and the memory reserved
 * for snapshots and replica syncs must meet AWS's recommendation for the node type
 * (policy/lib/facts/cacheMemory.ts).
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { CACHE_EVICTION_POLICIES, CACHE_PARAMETER_DEFAULTS, reservedMemoryFloor } from "../lib/facts/cacheMemory";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";
import { GUIDE_CACHE } from "./encryption";

const PARAMETER_GROUP = ["aws:elasticache/parameterGroup:ParameterGroup"] as const;

/** Why an eviction policy would lose keys the application needs, or fail its writes; undefined when it is one the key contract allows. */
export function evictionProblem(policy: string): string | undefined {
    const p = policy.toLowerCase();
    if (CACHE_EVICTION_POLICIES.includes(p)) return undefined;
    if (p === "noeviction") return "maxmemory-policy noeviction: once memory is full every write fails with OOM (cache and session writes raise, the site answers 500)";
    if (p.startsWith("allkeys-")) return `maxmemory-policy ${policy}: under memory pressure it evicts keys without a TTL too (sessions, locks, credit holds)`;
    return `maxmemory-policy ${policy} is not one of ${CACHE_EVICTION_POLICIES.join(", ")}`;
}

/** Why the reserved memory is too small for the node type, or undefined. */
export function reservedProblem(parameters: Record<string, string>, nodeType: string | undefined): string | undefined {
    if (parameters["reserved-memory"] !== undefined && Number(parameters["reserved-memory"]) > 0) {
        return `reserved-memory ${parameters["reserved-memory"]} (bytes) replaces reserved-memory-percent and cannot be judged against the node's memory; set reserved-memory-percent instead`;
    }
    const percent = Number(parameters["reserved-memory-percent"]);
    const floor = reservedMemoryFloor(nodeType ?? "");
    return Number.isFinite(percent) && percent >= floor ? undefined
        : `reserved-memory-percent ${parameters["reserved-memory-percent"]}: a snapshot or a replica's sync forks the engine and needs room to record writes (AWS recommends at least ${floor} % on ${nodeType ?? "this node type"}); below it the fork swaps or fails`;
}

/** A group's parameters as name → value (unknown while previewing: undefined). */
function parametersOf(group: PolicyResource): Record<string, string> | undefined {
    const list = knownDeep(() => group.props.parameters as { name?: unknown; value?: unknown }[] | undefined, "unknown" as const);
    if (list === "unknown") return undefined;
    return Object.fromEntries((list ?? []).map(p => [String(p.name).toLowerCase(), String(p.value)]));
}

export const elasticacheMemoryPolicy = stackPolicy({
    name: "elasticache-memory-policy",
    description: "Every replication group runs with an eviction policy that never evicts keys without a TTL (volatile-lru, volatile-lfu, volatile-ttl, volatile-random: " +
        "noeviction fails every write when memory is full, allkeys-* evicts sessions and locks) and reserves at least AWS's recommended share of memory for snapshots and replica syncs " +
        "(25 %, 30 % on small and 50 % on micro node types), judged on its parameter group's values over ElastiCache's defaults.",
    enforcementLevel: "mandatory",
    onlyWith: ELASTICACHE_REPLICATION_GROUP[0],
    types: [...ELASTICACHE_REPLICATION_GROUP, ...PARAMETER_GROUP],
    metadata: {
        severity: "high",
        guideSection: GUIDE_CACHE,
        fsbpControl: undefined,
        remediationSteps: "Set maxmemory-policy to volatile-lru (components/data/cacheSettings.ts builds it from policy/lib/facts/cacheMemory.ts) and reserved-memory-percent " +
            "to at least the node type's floor; drop reserved-memory (bytes).",
    },
    validate: (resources, report) => {
        const groups = ofType(resources, PARAMETER_GROUP);
        const groupOf = linker(groups, ["name", "id"]);
        for (const rg of ofType(resources, ELASTICACHE_REPLICATION_GROUP)) {
            const name = knownString(rg, "parameterGroupName");
            // The name decides when it is known (a group it names by value is the one it runs with); dependencies only while previewing.
            const [group] = name !== undefined ? groups.filter(g => knownString(g, "name") === name || knownString(g, "id") === name) : groupOf(rg, "parameterGroupName");
            if (!group && !(name ?? "").startsWith("default.")) {
                continue; // a group outside the stack, or not known yet: nothing to read
            }
            const own = group ? parametersOf(group) : {};
            if (own === undefined) continue;
            const effective = { ...CACHE_PARAMETER_DEFAULTS, ...own };
            const label = `replication group ${knownString(rg, "replicationGroupId") ?? rg.name} (parameter group ${name ?? group?.name})`;
            const where = group?.urn ?? rg.urn;
            const eviction = evictionProblem(effective["maxmemory-policy"]);
            if (eviction) report(`${label}: ${eviction}.`, where);
            const reserved = reservedProblem(effective, knownString(rg, "nodeType"));
            if (reserved) report(`${label}: ${reserved}.`, where);
        }
    },
});
