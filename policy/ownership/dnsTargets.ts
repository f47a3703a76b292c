import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep } from "../lib/stack";

const RECORD = "aws:route53/record:Record";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** Record types whose value sends clients somewhere: the target must be the stack's. */
const POINTING_TYPES = new Set(["A", "AAAA", "CNAME", "NS"]);

/** Targets that are not hosts of the stack but AWS's own validation names (ACM's DNS validation). */
const AWS_VALIDATION = /\.acm-validations\.aws$/;

/** A DNS name or address as records and outputs write it: lower case, no trailing dot, no `dualstack.`. */
export const canonicalHost = (value: string): string => value.trim().toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");

/** The registrable domain of a name, as far as the record's own zone is concerned: its last two labels. */
const domainOf = (name: string): string => canonicalHost(name).split(".").slice(-2).join(".");

/**
 * Every host name and address the stack's resources (and the stacks it references) answer to:
 * each known string output that looks like one (a load balancer's dnsName, a distribution's
 * domainName, an Elastic IP's publicIp, a zone's name servers, a referenced stack's exports).
 */
export function stackHosts(resources: PolicyResource[]): Set<string> {
    const hosts = new Set<string>();
    const walk = (value: unknown): void => {
        if (typeof value === "string") {
            if (/^[a-z0-9.-]+\.?$/i.test(value) || /^[0-9a-f:.]+$/i.test(value)) {
                hosts.add(canonicalHost(value));
            }
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (typeof value === "object" && value !== null) {
            Object.values(value).forEach(walk);
        }
    };
    for (const r of resources.filter(x => x.type !== RECORD)) {
        walk(knownDeep(() => (r.type === STACK_REFERENCE ? r.props.outputs : { ...r.props }), {}));
    }
    return hosts;
}

/** One target of a record that sends clients off the stack, with what it is. */
export interface StrayTarget {
    target: string;
    kind: "alias" | "value";
}

/**
 * The targets of one record that lead outside the stack: alias targets that are no resource of
 * the stack, and values of A, AAAA, CNAME and NS records that are neither a host or address of
 * the stack, nor a name in the record's own domain, nor an ACM validation name. Such a record
 * dangles: whoever takes the name or address it points at (a released Elastic IP, a deleted
 * bucket's website endpoint, a third-party app name) serves the stack's domain.
 */
export function strayTargets(record: { name?: string; type?: string; records?: unknown; aliases?: unknown }, hosts: Set<string>, vettedDomains: readonly string[] = []): StrayTarget[] {
    const stray: StrayTarget[] = [];
    for (const alias of Array.isArray(record.aliases) ? record.aliases : []) {
        const name = typeof alias?.name === "string" ? canonicalHost(alias.name) : undefined;
        if (name !== undefined && !hosts.has(name)) {
            stray.push({ target: alias.name, kind: "alias" });
        }
    }
    if (!POINTING_TYPES.has(String(record.type)) || !Array.isArray(record.records)) {
        return stray;
    }
    const ownDomain = typeof record.name === "string" ? domainOf(record.name) : undefined;
    for (const value of record.records.filter((v): v is string => typeof v === "string")) {
        const host = canonicalHost(value);
        const under = (domain: string) => host === domain || host.endsWith(`.${domain}`);
        const inOwnDomain = ownDomain !== undefined && under(ownDomain);
        // A CNAME to a provider the team vetted (a status page, a help desk): the provider owns that name.
        const vetted = record.type === "CNAME" && vettedDomains.some(d => under(canonicalHost(d)));
        if (!hosts.has(host) && !inOwnDomain && !vetted && !AWS_VALIDATION.test(host)) {
            stray.push({ target: value, kind: "value" });
        }
    }
    return stray;
}

export const ownershipDnsTargets = stackPolicy<{ cnameProviderDomains: string[] }>({
    name: "ownership-dns-targets",
    description: "Route 53 records send clients only to the stack: alias targets are resources of the stack (or of a stack it references), and A, AAAA, CNAME and NS values are its hosts or addresses, names in the record's own domain, or ACM validation names; a CNAME may name a host under a provider domain the team vetted (cnameProviderDomains: a status page or help desk that owns its names). A record pointing anywhere else can be taken over by whoever gets that name or address.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (the service's domain answers only for the stack)",
        remediationSteps: "Point the record at the stack's own resource (its output: the load balancer's dnsName, the Elastic IP's publicIp), or delete the record together with what it pointed at; for a SaaS provider's CNAME, list the provider's domain in cnameProviderDomains once the team has checked the provider keeps the name reserved for us.",
    },
    config: {
        cnameProviderDomains: {
            type: "array", items: { type: "string", pattern: "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$" }, uniqueItems: true, default: [],
            description: "Domains of SaaS providers (a status page, a help desk) a CNAME of the stack may point into, once vetted: the provider, not whoever registers a name, owns hosts there (default: none).",
        },
    },
    types: [RECORD],
    onlyWith: RECORD,
    validate: (resources, report, { config }) => {
        const hosts = stackHosts(resources);
        for (const r of resources.filter(x => x.type === RECORD)) {
            const record = knownDeep(() => ({ name: r.props.name, type: r.props.type, records: r.props.records, aliases: r.props.aliases }));
            if (record === undefined) {
                continue; // not known yet (preview): judged once it is
            }
            for (const { target, kind } of strayTargets(record, hosts, config.cnameProviderDomains)) {
                report(`record ${record.name} (${record.type}) ${kind === "alias" ? "aliases" : "points at"} ${target}, which is no host or address of this stack.`, r.urn);
            }
        }
    },
});
