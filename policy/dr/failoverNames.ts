/**
 * The names users reach the application by, judged as Route 53 and resolvers answer them on
 * failover day (docs/disaster-recovery.md, step 8). Two things keep a name on the lost region:
 * - time: once Route 53's checks change a failover record's answer, resolvers keep the old one for
 *   the TTL they cached it with. A non-alias record carries its own TTL; an alias has none and is
 *   answered with its target's (an ELB load balancer's fixed 60 s, another record's own TTL).
 *   Detection plus that TTL must fit the part of the RTO the timeline gives DNS
 *   (policy/lib/facts/recoveryTime.ts). A CNAME to the failover name does not change at failover:
 *   resolvers cache each record set on its own and follow the chain to the failover record.
 * - pinning: a record without failover routing that aliases or CNAMEs one region's load balancer,
 *   directly or through a region's own name (`<environment>.<failover name>`, components/dns),
 *   answers with that region whatever the health checks say. Only the stack's own regional name
 *   (health checks, operators) may do that; a name users reach must be a failover record or point
 *   at the failover name.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { DNS_FAILOVER_SECONDS, LOAD_BALANCER_ALIAS_TTL_SECONDS, RTO_SECONDS } from "../lib/facts/recoveryTime";
import { ENVIRONMENTS } from "../lib/facts/environments";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { LOAD_BALANCER } from "../lib/tokens";
import { dnsName } from "../alb/tlsNames";
import { routeDetectSeconds } from "../paths/routeChecks";
import { CheckNode } from "./routeHealth";
import { checkId, nodeOf, resolve } from "./failoverHealth";
import { peerFailoverSets } from "./failoverPairs";
import { GUIDE_DR_TRAFFIC } from "./backupCopy";

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A Route 53 record as resolvers see it; names in {@link dnsName} form. */
export interface NameRecord {
    name: string;
    /** Upper case; undefined while unknown. */
    type?: string;
    zoneId?: string;
    /** Alias targets; undefined for a non-alias record. */
    aliases?: string[];
    /** Whether an alias whose target is not known yet (preview) names one of the stack's load balancers by dependency. */
    aliasesBalancer?: boolean;
    /** A CNAME's target (other non-alias values route nowhere by name). */
    cname?: string;
    /** A non-alias record's TTL; undefined while unknown. */
    ttl?: number;
    /** The failover role (PRIMARY, SECONDARY); undefined without failover routing. */
    failover?: string;
    /** How long its health checks take to change state (the slowest probe below it); undefined without one. */
    detection?: { seconds: number; text: string };
    urn?: string;
}

/** The DNS name of an Elastic Load Balancing load balancer: ALB/CLB `<name>.<region>.elb.amazonaws.com`, NLB `<name>.elb.<region>.amazonaws.com`. */
const ELB_NAME = /\.elb\.([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/;

/** Whether `name` is a load balancer's own DNS name: one of the stack's, or any ELB name (another region's). */
export function isBalancer(name: string, balancers: Set<string>): boolean {
    return balancers.has(name) || ELB_NAME.test(name);
}

/** The records by name, so following an alias or CNAME is a lookup (the policy stays linear in the stack's size). */
export function byName(records: NameRecord[]): Map<string, NameRecord[]> {
    const index = new Map<string, NameRecord[]>();
    records.forEach(r => index.set(r.name, [...(index.get(r.name) ?? []), r]));
    return index;
}

/** The records an alias to `target` from `from` resolves to: the zone's records of that name (and type, when both are known). */
function aliasTargets(from: NameRecord, target: string, index: ReadonlyMap<string, NameRecord[]>): NameRecord[] {
    return (index.get(target) ?? []).filter(r => r !== from
        && (r.zoneId === undefined || from.zoneId === undefined || r.zoneId === from.zoneId)
        && (r.type === undefined || from.type === undefined || r.type === from.type));
}

/**
 * How long resolvers cache `record`'s answer, in seconds, and why; undefined when it can't be told
 * (unknown in preview, an alias to an AWS resource other than a load balancer).
 */
export function cachedFor(record: NameRecord, index: ReadonlyMap<string, NameRecord[]>, balancers: Set<string>, seen: Set<NameRecord> = new Set()): { seconds: number; why: string } | undefined {
    if (record.aliases === undefined) {
        return record.ttl === undefined ? undefined : { seconds: record.ttl, why: `its TTL of ${record.ttl} s` };
    }
    const viaBalancer = { seconds: LOAD_BALANCER_ALIAS_TTL_SECONDS, why: `an alias to a load balancer, answered with its fixed ${LOAD_BALANCER_ALIAS_TTL_SECONDS} s TTL` };
    if (record.aliasesBalancer) return viaBalancer;
    let longest: { seconds: number; why: string } | undefined;
    const keep = (c: { seconds: number; why: string } | undefined) => { if (c && (longest === undefined || c.seconds > longest.seconds)) longest = c; };
    seen.add(record);
    for (const target of record.aliases) {
        if (isBalancer(target, balancers)) {
            keep(viaBalancer);
            continue;
        }
        // An alias to another record of the zone is answered with that record's TTL.
        for (const next of aliasTargets(record, target, index).filter(r => !seen.has(r))) {
            const c = cachedFor(next, index, balancers, seen);
            if (c) keep({ seconds: c.seconds, why: `an alias to ${target}, answered with that record's TTL (${c.why})` });
        }
    }
    seen.delete(record);
    return longest;
}

/**
 * The failover records whose users wait longer than `budget` seconds after Route 53 changes their
 * answer: detection plus the TTL resolvers cache it for.
 */
export function slowFailovers(records: NameRecord[], balancers: Set<string>, budget: number): Array<{ problem: string; urn?: string }> {
    const problems: Array<{ problem: string; urn?: string }> = [];
    const index = byName(records);
    for (const record of records.filter(r => r.failover !== undefined)) {
        const cached = cachedFor(record, index, balancers);
        if (cached === undefined) continue;
        const detect = record.detection?.seconds ?? 0;
        if (detect + cached.seconds <= budget) continue;
        problems.push({
            problem: `failover record ${record.name} (${record.failover}): users move to the other region only once Route 53's checks change its answer` +
                (record.detection ? ` (${record.detection.text} = ${detect} s)` : "") +
                ` and their resolvers let go of the cached one (${cached.why}): ${detect + cached.seconds} s, beyond the ${budget} s the ${RTO_SECONDS / 60}-minute RTO leaves DNS ` +
                `(docs/disaster-recovery.md step 8, policy/lib/facts/recoveryTime.ts). Make it an alias of the region's load balancer (answered with a ${LOAD_BALANCER_ALIAS_TTL_SECONDS} s TTL), ` +
                `or give it a ttl of at most ${Math.max(budget - detect, 0)} s`,
            urn: record.urn,
        });
    }
    return problems;
}

/**
 * The records that answer with one region whatever Route 53's checks say, and what pins each:
 * no failover routing, and an alias or CNAME to a load balancer, to another such record, or to a
 * region's own name (`<environment>.<failover name>`) of any environment.
 */
export function pinnedRecords(records: NameRecord[], balancers: Set<string>, failoverNames: Set<string>): Map<NameRecord, string> {
    const regionalNames = new Set([...failoverNames].flatMap(f => ENVIRONMENTS.map(e => `${e}.${f}`)));
    const index = byName(records);
    // What pins each record (null: nothing), each worked out once; a record met again on its own chain (a loop) pins nothing.
    const memo = new Map<NameRecord, string | null>();
    const pinnedBy = (r: NameRecord): string | null => {
        if (memo.has(r)) return memo.get(r)!;
        memo.set(r, null);
        let via: string | null = null;
        if (r.failover === undefined) {
            const targets = r.aliases ?? (r.cname === undefined ? [] : [r.cname]);
            via = r.aliasesBalancer ? "the stack's load balancer" : null;
            for (const t of targets) {
                if (via !== null) break;
                const chained = (index.get(t) ?? []).map(pinnedBy).find(v => v !== null);
                via = isBalancer(t, balancers) ? `load balancer ${t}` : chained ? `${t} (${chained})` : regionalNames.has(t) ? `${t}, a region's own name` : null;
            }
        }
        memo.set(r, via);
        return via;
    };
    const pinned = new Map<NameRecord, string>();
    for (const r of records) {
        const via = pinnedBy(r);
        if (via !== null) pinned.set(r, via);
    }
    return pinned;
}

/**
 * Why names users reach stay on one region: every record pinned to a region ({@link pinnedRecords})
 * other than the stack's own regional names.
 */
export function pinnedNameProblems(records: NameRecord[], balancers: Set<string>, failoverNames: Set<string>, environment: string): Array<{ problem: string; urn?: string }> {
    const own = (name: string) => failoverNames.size > 0
        ? [...failoverNames].some(f => name === `${environment}.${f}`)
        : name.startsWith(`${environment}.`);
    const failover = [...failoverNames].join(", ");
    return [...pinnedRecords(records, balancers, failoverNames)].filter(([r]) => !own(r.name)).map(([r, via]) => ({
        problem: `record ${r.name} ${r.aliases ? "aliases" : "is a CNAME of"} ${via}: Route 53 answers it with that one region whatever its health checks say, so users of ${r.name} ` +
            `stay on it when it is down. Make it ${failover ? `an alias or CNAME of the failover name ${failover}` : "an alias or CNAME of the application's failover name"}, ` +
            `or a failover pair of its own (PRIMARY in prod, SECONDARY in dr, each with its region's health check); only the region's own name (${environment}.<failover name>) may point at one region`,
        urn: r.urn,
    }));
}

/** The slowest probe under a check tree (calculated checks follow their children at once); disabled probes never change state. */
function slowestProbe(node: CheckNode): { seconds: number; text: string } | undefined {
    if (node.props === undefined || node.props.disabled === true) return undefined;
    if (node.props.type !== "CALCULATED") return routeDetectSeconds(node.props);
    return (node.children ?? []).map(slowestProbe).reduce<{ seconds: number; text: string } | undefined>(
        (a, b) => b !== undefined && (a === undefined || b.seconds > a.seconds) ? b : a, undefined);
}

/** The stack's records as {@link NameRecord}s (records whose name is unknown are left out). */
function nameRecords(resources: PolicyResource[]): NameRecord[] {
    const balancers = ofType(resources, LOAD_BALANCER);
    const checks = ofType(resources, [HEALTH_CHECK]);
    const out: NameRecord[] = [];
    for (const r of ofType(resources, [RECORD])) {
        const name = knownString(r, "name");
        if (name === undefined) continue;
        const rawAliases = knownDeep(() => r.props.aliases as unknown, null);
        const list = Array.isArray(rawAliases) ? rawAliases as Array<{ name?: unknown }> : [];
        const aliasUnknown = rawAliases === null || list.some(a => typeof a.name !== "string");
        const aliases = list.length > 0 || aliasUnknown ? list.map(a => a.name).filter((n): n is string => typeof n === "string").map(dnsName) : undefined;
        const type = knownString(r, "type")?.toUpperCase();
        const values = knownDeep(() => r.props.records as unknown, null);
        const ttl = known(() => r.props.ttl as unknown, null);
        const policies = knownDeep(() => r.props.failoverRoutingPolicies as unknown, null);
        const role = Array.isArray(policies) && policies.length > 0 ? String((policies[0] as { type?: unknown }).type ?? "").toUpperCase() : undefined;
        const attached = role === undefined ? undefined : resolve(r, "healthCheckId", checks, checkId);
        out.push({
            name: dnsName(name), type, zoneId: knownString(r, "zoneId"),
            aliases,
            aliasesBalancer: aliasUnknown && (r.propertyDependencies.aliases ?? []).some(d => balancers.includes(d)),
            cname: type === "CNAME" && Array.isArray(values) && typeof values[0] === "string" ? dnsName(values[0]) : undefined,
            ttl: typeof ttl === "number" ? ttl : undefined,
            failover: role,
            detection: attached && attached.length > 0 ? slowestProbe(nodeOf(attached[0], checks)) : undefined,
            urn: r.urn,
        });
    }
    return out;
}

export const drDnsNamesFailOver = stackPolicy({
    name: "dr-dns-names-fail-over",
    description: "Every name users reach fails over within the RTO. A failover record's users wait for its health checks to change state (the slowest probe's failureThreshold × requestInterval) and then for resolvers to drop the answer they cached: a non-alias record's TTL, an alias's target's (60 s for a load balancer, another record's own TTL): " +
        `together at most the ${DNS_FAILOVER_SECONDS} s the RTO leaves DNS (policy/lib/facts/recoveryTime.ts). ` +
        "A record without failover routing that aliases or CNAMEs a load balancer, a record that does, or a region's own name (<environment>.<failover name>) answers with that one region whatever the checks say: only the stack's own regional name may; every other name is a failover record or an alias or CNAME of the failover name.",
    enforcementLevel: "mandatory",
    // Both stacks; the environment names the region's own name (`<environment>.`) and whose failover names the StackReference lists.
    environments: ["prod", "dr"],
    types: [RECORD, HEALTH_CHECK, ...LOAD_BALANCER, STACK_REFERENCE],
    onlyWith: RECORD,
    metadata: {
        severity: "high",
        guideSection: GUIDE_DR_TRAFFIC,
        fsbpControl: undefined,
        remediationSteps: "Keep failover records as aliases of the region's load balancer (components/dns/FailoverDns; Route 53 answers them with a 60 s TTL), or give a non-alias one a ttl that fits the DNS step with its checks' detection. " +
            "Point any further name users reach (api., www.) at the failover name (an alias or CNAME of it), or give it a failover pair of its own in both stacks; leave only the region's own name aliasing its load balancer.",
    },
    validate: (resources, report, { config }) => {
        const records = nameRecords(resources);
        const balancers = new Set(ofType(resources, LOAD_BALANCER).map(b => knownString(b, "dnsName")).filter((n): n is string => n !== undefined).map(dnsName));
        for (const { problem, urn } of slowFailovers(records, balancers, DNS_FAILOVER_SECONDS)) {
            report(`${problem}.`, urn);
        }
        const role = config.environment === "prod" ? "PRIMARY" : "SECONDARY";
        const failoverNames = new Set([
            ...records.filter(r => r.failover !== undefined).map(r => r.name),
            ...(peerFailoverSets(resources, role) ?? []).map(s => s.name).filter((n): n is string => typeof n === "string").map(dnsName),
        ]);
        for (const { problem, urn } of pinnedNameProblems(records, balancers, failoverNames, config.environment)) {
            report(`${problem}.`, urn);
        }
    },
});
