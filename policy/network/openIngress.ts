import { PolicyResource } from "@pulumi/policy";

import { Props, stackPolicy } from "../lib/define";
import { known, knownDeep, linker, ofType } from "../lib/stack";
import { LOAD_BALANCER, SECURITY_GROUP, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { parseCidr, PublicBound, publicAddresses, widerThan } from "./addressSpace";
import { ANYWHERE, groupId, GUIDE_NETWORK, IngressRule, ingressRulesOf } from "./ingress";
import { instancesOnDefaultPorts } from "./lightsail";
import { prefixListResolver, UNKNOWN_REFERENCE } from "./prefixLists";
import { portListProperty } from "../lib/config";

/** One ingress rule with the group it opens and the addresses it admits (prefix lists resolved to their entries). */
interface Admission {
    resource: PolicyResource;
    rule: IngressRule;
    /** The group whose rules are judged together: the owner, else the raw group id, else the rule itself. */
    group: unknown;
    cidrs: string[];
}

/** Properties naming prefix lists: unknown in a preview when the list is created in the same update. */
const PREFIX_FIELDS = ["prefixListId", "prefixListIds"];

/** The resource's inputs as plain values; a prefix-list reference not known yet reads as UNKNOWN_REFERENCE; undefined when anything else is unknown. */
function readable(resource: PolicyResource): Props | undefined {
    return known(() => Object.fromEntries(Object.keys(resource.props).map((k) => [k, PREFIX_FIELDS.includes(k)
        ? knownDeep(() => resource.props[k], UNKNOWN_REFERENCE)
        : JSON.parse(JSON.stringify(resource.props[k]) ?? "null")])));
}

function overlaps(a: IngressRule, b: IngressRule): boolean {
    const protocols = a.protocol === "-1" || b.protocol === "-1" || a.protocol === b.protocol;
    return protocols && a.fromPort <= b.toPort && b.fromPort <= a.toPort;
}

/**
 * Whether the group admits the internet on some port of `a`'s rule, counting every rule of the
 * group that admits that port together (0.0.0.0/1 in one rule and 128.0.0.0/1 in another is the
 * internet). Each port range is cut where another rule's starts or ends; `a` must itself admit
 * public addresses to take part.
 */
export function openWith(a: Admission, group: Admission[], bound: PublicBound): { admitted: string; others: Admission[] } | undefined {
    if (publicAddresses(a.cidrs, "ipv4") === 0n && publicAddresses(a.cidrs, "ipv6") === 0n) return undefined;
    const siblings = group.filter((b) => b !== a && overlaps(a.rule, b.rule));
    const cuts = [a.rule.fromPort, ...siblings.flatMap((b) => [b.rule.fromPort, b.rule.toPort + 1])].filter((p) => p >= a.rule.fromPort && p <= a.rule.toPort);
    for (const port of [...new Set(cuts)]) {
        const others = siblings.filter((b) => b.rule.fromPort <= port && port <= b.rule.toPort);
        const wide = widerThan([...a.cidrs, ...others.flatMap((b) => b.cidrs)], bound);
        if (wide) return { admitted: wide.admitted, others: others.filter((b) => b.cidrs.length > 0) };
    }
    return undefined;
}

export const sgNoOpenIngress = stackPolicy<{ publicPorts: number[]; widestPublicIpv4Prefix: number; widestPublicIpv6Prefix: number }>({
    name: "sg-no-open-ingress",
    description: "No security group admits the internet (0.0.0.0/0 or ::/0, or ranges and prefix-list entries that together admit more public addresses than one office block), " +
        "except HTTP and HTTPS (80/443) on a load balancer's group; no Lightsail instance keeps Lightsail's default firewall (SSH open to every address).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.18",
        remediationSteps: "Admit other groups (e.g. the ALB's) instead of CIDRs, or the office's own block; only the load balancer's group may be open to the internet, and only on 80 and 443. " +
            "Give a Lightsail instance an aws.lightsail.InstancePublicPorts listing only the ports it serves.",
    },
    config: {
        publicPorts: portListProperty([80, 443], "Ports a load balancer's group may open to the internet."),
        widestPublicIpv4Prefix: {
            type: "integer", minimum: 1, maximum: 32, default: 16,
            description: "Widest public IPv4 space a group's rules may admit together on one port, as a prefix length (default 16: 65,536 addresses, more than any office or partner block); wider counts as the internet.",
        },
        widestPublicIpv6Prefix: {
            type: "integer", minimum: 1, maximum: 128, default: 32,
            description: "Widest public IPv6 space a group's rules may admit together on one port, as a prefix length (default 32: a whole provider allocation); wider counts as the internet.",
        },
    },
    validate: (resources, report, { config }) => {
        const groups = ofType(resources, SECURITY_GROUP);
        const groupOf = linker(groups, [groupId]);
        const lbGroups = new Set(ofType(resources, LOAD_BALANCER).flatMap(lb => groupOf(lb, "securityGroups")));
        const isPublicPort = (r: IngressRule) => r.protocol !== "-1" && r.fromPort === r.toPort && config.publicPorts.includes(r.fromPort);
        const bound = { ipv4: config.widestPublicIpv4Prefix, ipv6: config.widestPublicIpv6Prefix };
        const listCidrs = prefixListResolver(resources);

        const admissions: Admission[] = [];
        const owners = new Map<PolicyResource, PolicyResource[]>();
        for (const resource of ofType(resources, [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_INGRESS_RULE])) {
            // Unknown rules can't be judged until the update.
            const props = readable(resource);
            if (!props) continue;
            const own = SECURITY_GROUP.includes(resource.type as (typeof SECURITY_GROUP)[number]) ? [resource] : groupOf(resource, "securityGroupId");
            owners.set(resource, own);
            for (const rule of ingressRulesOf(resource.type, props)) {
                const cidrs = rule.addressSources.flatMap(s => (parseCidr(s) ? [s] : listCidrs(resource, s)));
                admissions.push({ resource, rule, group: own[0] ?? props.securityGroupId ?? resource, cidrs });
            }
        }
        const byGroup = new Map<unknown, Admission[]>();
        for (const a of admissions) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);

        for (const a of admissions) {
            const open = openWith(a, byGroup.get(a.group)!, bound);
            if (!open) continue;
            const { resource, rule: r } = a;
            const own = owners.get(resource)!;
            const onLoadBalancer = own.length > 0 && own.every(g => lbGroups.has(g));
            const ports = r.protocol === "-1" ? "all traffic" : `${r.protocol} ${r.fromPort}-${r.toPort}`;
            const plain = r.addressSources.some(s => ANYWHERE.includes(s));
            const how = plain ? "" : ` (${open.admitted}: ${[...new Set([a, ...open.others].flatMap(o => o.rule.addressSources.map(s => `${s} of ${o.resource.name}`)))].join(", ")})`;
            if (!isPublicPort(r)) {
                report(`${resource.name} admits the internet on ${ports}${how}; only ${config.publicPorts.join("/")} may be open.`, resource.urn);
            } else if (!onLoadBalancer) {
                report(`${resource.name} admits the internet on ${ports}${how} but is not a load balancer's security group.`, resource.urn);
            }
        }
        for (const instance of instancesOnDefaultPorts(resources)) {
            report(`${instance.name} is a Lightsail instance without an InstancePublicPorts: it keeps Lightsail's default firewall, SSH 22 open to every address.`, instance.urn);
        }
    },
});
