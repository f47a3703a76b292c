import { Props } from "../lib/define";
import { SECURITY_GROUP, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";

/** The guide's section; security groups are how the network enforces "only the ALB is public". */
export const GUIDE_NETWORK = "Security Maintenance › AWS Security Best Practices";

/** One ingress permission, whichever of the three v7 resource shapes declared it. */
export interface IngressRule {
    protocol: string;
    fromPort: number;
    toPort: number;
    /** IPv4 and IPv6 CIDRs and prefix lists: sources that are addresses, not security groups. */
    addressSources: string[];
}

const ALL_PROTOCOLS = ["-1", "all"];
const TCP = ["tcp", "6"];

function strings(value: unknown): string[] {
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function rule(protocol: unknown, fromPort: unknown, toPort: unknown, addressSources: string[]): IngressRule {
    const p = String(protocol ?? "-1").toLowerCase();
    return ALL_PROTOCOLS.includes(p)
        ? { protocol: "-1", fromPort: 0, toPort: 65535, addressSources }
        : { protocol: p, fromPort: Number(fromPort ?? 0), toPort: Number(toPort ?? 65535), addressSources };
}

/** The ingress rules declared by one resource (a group's inline rules or a standalone rule). */
export function ingressRulesOf(type: string, props: Props): IngressRule[] {
    if (SECURITY_GROUP.includes(type as (typeof SECURITY_GROUP)[number])) {
        const inline: Props[] = Array.isArray(props.ingress) ? props.ingress : [];
        return inline.map(r => rule(r.protocol, r.fromPort, r.toPort,
            [...strings(r.cidrBlocks), ...strings(r.ipv6CidrBlocks), ...strings(r.prefixListIds)]));
    }
    if (SECURITY_GROUP_RULE.includes(type as (typeof SECURITY_GROUP_RULE)[number])) {
        return props.type === "ingress"
            ? [rule(props.protocol, props.fromPort, props.toPort,
                [...strings(props.cidrBlocks), ...strings(props.ipv6CidrBlocks), ...strings(props.prefixListIds)])]
            : [];
    }
    if (SECURITY_GROUP_INGRESS_RULE.includes(type as (typeof SECURITY_GROUP_INGRESS_RULE)[number])) {
        return [rule(props.ipProtocol, props.fromPort, props.toPort,
            [...strings(props.cidrIpv4), ...strings(props.cidrIpv6), ...strings(props.prefixListId)])];
    }
    return [];
}

/** Whether the rule admits TCP traffic to `port`. */
export function admitsPort(r: IngressRule, port: number): boolean {
    return (r.protocol === "-1" || TCP.includes(r.protocol)) && r.fromPort <= port && port <= r.toPort;
}

/** The whole internet, over IPv4 or IPv6. */
export const ANYWHERE = ["0.0.0.0/0", "::/0"];
