/**
 * Which DNS names reach which of the stack's TLS endpoints, and whether the certificates those
 * endpoints present cover them, as a TLS client checks a certificate (RFC 6125): a name matches
 * a certificate name equal to it (case-insensitive, without the final dot), or a wildcard whose
 * `*` stands for exactly one whole leftmost label. Pure over plain values.
 */

/** A DNS name as resolvers and TLS clients compare it: lower case, no final dot, no `dualstack.` alias prefix. */
export function dnsName(value: string): string {
    return value.trim().toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");
}

/**
 * Whether a certificate name covers `name` as TLS clients match it: equal, or `*.rest` with `name`
 * being one more label (no dot in it) in front of `rest`. `*.example.com` covers
 * `app.example.com`, not `example.com` nor `dr.app.example.com`; a wildcard name served (a
 * wildcard record) is only covered by the same wildcard.
 */
export function covers(certificateName: string, name: string): boolean {
    const cert = dnsName(certificateName);
    const host = dnsName(name);
    if (cert === host) return true;
    if (!cert.startsWith("*.")) return false;
    const dot = host.indexOf(".");
    const label = host.slice(0, dot);
    return dot > 0 && label !== "*" && host.slice(dot + 1) === cert.slice(2);
}

/** A Route 53 record as far as routing goes: its name, and where it sends clients (alias targets, CNAME values). */
export interface RoutedRecord {
    name: string;
    /** Names it resolves to (alias targets, CNAME values), already in {@link dnsName} form. */
    targets: string[];
    /** Endpoint keys it reaches by dependency while its targets are not known (preview). */
    endpoints?: string[];
    /** How the record routes (`failover SECONDARY`, `weighted` …), for messages; undefined for a simple record. */
    routing?: string;
    urn?: string;
}

/** One name a client can reach an endpoint at, and the record that gives it. */
export interface ServedName {
    name: string;
    record: RoutedRecord;
}

/**
 * The names each endpoint is reached at, following records that point at other records of the
 * stack (a CNAME of a failover name …): `endpointHosts` maps an endpoint's own DNS name to its key.
 * A name only routed there by a routing policy (a failover SECONDARY) counts too: after a
 * failover, clients reach the endpoint under it.
 */
export function servedNames(records: RoutedRecord[], endpointHosts: Map<string, string>): Map<string, ServedName[]> {
    const reach = new Map<string, Set<string>>();
    const add = (name: string, key: string) => {
        const set = reach.get(name) ?? new Set<string>();
        const before = set.size;
        set.add(key);
        reach.set(name, set);
        return set.size > before;
    };
    // A fixed point over chains of records (each step adds at least one pair, so it ends).
    for (let changed = true; changed;) {
        changed = false;
        for (const r of records) {
            const name = dnsName(r.name);
            const keys = [...(r.endpoints ?? []), ...r.targets.flatMap(t => [endpointHosts.get(t), ...(reach.get(t) ?? [])])];
            for (const key of keys) {
                if (key !== undefined && add(name, key)) changed = true;
            }
        }
    }
    const served = new Map<string, ServedName[]>();
    for (const r of records) {
        for (const key of reach.get(dnsName(r.name)) ?? []) {
            const list = served.get(key) ?? [];
            if (!list.some(s => s.name === dnsName(r.name))) list.push({ name: dnsName(r.name), record: r });
            served.set(key, list);
        }
    }
    return served;
}

/** The names of `served` that no certificate name in `certificateNames` covers. */
export function uncovered(served: ServedName[], certificateNames: string[]): ServedName[] {
    return served.filter(s => !certificateNames.some(c => covers(c, s.name)));
}
