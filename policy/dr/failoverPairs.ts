/**
 * Route 53 failover pairing, as Route 53 does it: failover records form a pair only when they
 * share the hosted zone, the name (case-insensitive, with or without the final dot) and the type
 * (an A query is answered from the A records only, an AAAA query from the AAAA ones). A PRIMARY
 * without a SECONDARY of the same zone, name and type never fails over; a SECONDARY without its
 * PRIMARY answers its name always, whichever region serves. Pure over plain record sets.
 */
import { PolicyResource } from "@pulumi/policy";

import { FAILOVER_RECORDS_OUTPUT } from "../lib/facts/failoverRecords";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { host } from "./routeHealth";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A failover record as Route 53 groups it; fields undefined while not known. */
export interface FailoverSet {
    zoneId?: string;
    name?: string;
    type?: string;
    setIdentifier?: string;
    role?: string;
    /** The resource of this stack, or undefined for the other region's record (read from its stack's outputs). */
    urn?: string;
}

/**
 * Whether Route 53 puts the two records in one group: same zone, name (see {@link host}) and type.
 * A value not known yet matches anything unless `strict` (it can't be told apart).
 */
export function sameGroup(a: FailoverSet, b: FailoverSet, strict = false): boolean {
    const same = (x: string | undefined, y: string | undefined, norm: (v: string) => string | undefined = v => v.toUpperCase()) =>
        x === undefined || y === undefined ? !strict : norm(x) === norm(y);
    return same(a.zoneId, b.zoneId) && same(a.name, b.name, host) && same(a.type, b.type);
}

const label = (r: FailoverSet) => `${r.name ?? "?"} (${r.type ?? "?"}${r.zoneId ? ` in zone ${r.zoneId}` : ""})`;
const OTHER: Record<string, string> = { PRIMARY: "SECONDARY", SECONDARY: "PRIMARY" };

/**
 * Why the stack's failover records do not pair as the design needs, one line per problem with
 * the record to change: `own` are the stack's records, `peer` the other region's (undefined when
 * the stack does not know them; the stack's own records are then paired among themselves only
 * where both roles are there). `role` is the stack's role: each of the peer's records of the
 * other role needs one of this stack's of `role` in its group, and each of this stack's needs
 * the peer's.
 */
export function pairingProblems(own: FailoverSet[], peer: FailoverSet[] | undefined, role: string): Array<{ problem: string; urn?: string }> {
    const problems: Array<{ problem: string; urn?: string }> = [];
    const all = [...own, ...(peer ?? [])];
    const other = OTHER[role];
    for (const record of own) {
        // Route 53 keeps one record per name, type and set identifier: a second one replaces (or is refused beside) the first.
        const clash = all.find(r => r !== record && sameGroup(r, record, true) && r.setIdentifier !== undefined && r.setIdentifier === record.setIdentifier
            && (r.urn === undefined || all.indexOf(r) > all.indexOf(record)));
        if (clash) {
            problems.push({
                problem: `failover record ${label(record)} has setIdentifier ${record.setIdentifier}, which ${clash.urn === undefined ? "the other region's" : "another"} ${clash.role ?? ""} record of that name and type has too: ` +
                    "Route 53 keeps one record per name, type and set identifier, so one replaces the other. Give each region's record its own setIdentifier (its environment).",
                urn: record.urn,
            });
        }
        if (record.role === undefined || record.role !== role) continue;
        const partners = all.filter(r => r.role === other && sameGroup(r, record));
        if (partners.length > 0 || (peer === undefined && !own.some(r => r.role === other))) continue;
        const candidates = all.filter(r => r.role === other);
        problems.push({
            problem: `${role} failover record ${label(record)} has no ${other} of the same zone, name and type, so Route 53 does not pair them: ` +
                (role === "SECONDARY" ? "it answers its name whichever region serves, and the application's name never fails over to it" : "its name never fails over") +
                (candidates.length > 0 ? `. Give it the zone, name and type of the ${other} record ${candidates.map(label).join(", ")}` : ""),
            urn: record.urn,
        });
    }
    if (peer === undefined) return problems;
    for (const wanted of peer.filter(r => r.role === other)) {
        if (own.some(r => r.role === role && sameGroup(r, wanted))) continue;
        const near = own.filter(r => r.role === role);
        problems.push({
            problem: `the other region's ${other} failover record ${label(wanted)} has no ${role} in this stack of the same zone, name and type: ` +
                `${wanted.type ?? "its"} queries for ${wanted.name} ${role === "SECONDARY" ? "never fail over to this region" : "have no primary"}` +
                (near.length > 0 ? ` (this stack's ${role} ${near.map(label).join(", ")} does not pair with it)` : "") +
                `. Add a ${role} record with zone ${wanted.zoneId ?? "?"}, name ${wanted.name} and type ${wanted.type ?? "?"} aliasing this stack's load balancer.`,
        });
    }
    return problems;
}

/** The failover role of a record's properties, upper case; undefined when it has none or it is unknown. */
function roleOf(props: Record<string, unknown>): string | undefined {
    const policies = Array.isArray(props.failoverRoutingPolicies) ? props.failoverRoutingPolicies : [];
    const type = (policies[0] as { type?: unknown } | undefined)?.type;
    return typeof type === "string" ? type.toUpperCase() : undefined;
}

/** The stack's failover records as Route 53 groups them (records whose routing is unknown are left out). */
export function ownFailoverSets(records: PolicyResource[]): FailoverSet[] {
    const sets: FailoverSet[] = [];
    for (const r of records) {
        const policies = knownDeep(() => r.props.failoverRoutingPolicies, null);
        if (!Array.isArray(policies) || policies.length === 0) continue;
        const role = roleOf({ failoverRoutingPolicies: policies });
        if (role === undefined) continue;
        sets.push({ zoneId: knownString(r, "zoneId"), name: knownString(r, "name"), type: knownString(r, "type"), setIdentifier: knownString(r, "setIdentifier"), role, urn: r.urn });
    }
    return sets;
}

/**
 * The other region's failover records, from the `failoverRecords` output of the stacks this one
 * references (prod's, for dr), keeping those of the other role (a reference to the stack's own
 * last deployment lists its own records). Undefined when no reference exports the list.
 */
export function peerFailoverSets(resources: PolicyResource[], role: string): FailoverSet[] | undefined {
    let found = false;
    const sets: FailoverSet[] = [];
    for (const ref of ofType(resources, [STACK_REFERENCE])) {
        const listed = knownDeep(() => (ref.props.outputs as Record<string, unknown> | undefined)?.[FAILOVER_RECORDS_OUTPUT], undefined);
        if (!Array.isArray(listed)) continue;
        const others = listed.filter(x => typeof x === "object" && x !== null && String((x as FailoverSet).role).toUpperCase() === OTHER[role]) as FailoverSet[];
        if (others.length === 0) continue;
        found = true;
        sets.push(...others.map(x => ({ zoneId: x.zoneId, name: x.name, type: x.type, setIdentifier: x.setIdentifier, role: String(x.role).toUpperCase() })));
    }
    return found ? sets : undefined;
}
