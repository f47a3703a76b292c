import { PolicyResource } from "@pulumi/policy";

import { Props } from "../lib/define";
import { knownString } from "../lib/stack";
import { SECURITY_GROUP, SECURITY_GROUP_EGRESS_RULE, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";

/** The guide's section; security groups are how the network enforces "only the ALB is public". */
export const GUIDE_NETWORK = "Security Maintenance › AWS Security Best Practices";

/** One ingress or egress permission, whichever of the three v7 resource shapes declared it. */
export interface IngressRule {
    protocol: string;
    fromPort: number;
    toPort: number;
    /** IPv4 and IPv6 CIDRs and prefix lists: peers (sources, or destinations of egress) that are addresses, not security groups. */
    addressSources: string[];
}

export type Direction = "ingress" | "egress";

/** The standalone rule resource of each direction. */
const STANDALONE: Record<Direction, readonly string[]> = { ingress: SECURITY_GROUP_INGRESS_RULE, egress: SECURITY_GROUP_EGRESS_RULE };

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

/** The rules of one direction declared by one resource (a group's inline rules, a legacy or a standalone rule). */
export function rulesOf(direction: Direction, type: string, props: Props): IngressRule[] {
    if (SECURITY_GROUP.includes(type as (typeof SECURITY_GROUP)[number])) {
        const inline: Props[] = Array.isArray(props[direction]) ? props[direction] : [];
        return inline.map(r => rule(r.protocol, r.fromPort, r.toPort,
            [...strings(r.cidrBlocks), ...strings(r.ipv6CidrBlocks), ...strings(r.prefixListIds)]));
    }
    if (SECURITY_GROUP_RULE.includes(type as (typeof SECURITY_GROUP_RULE)[number])) {
        return props.type === direction
            ? [rule(props.protocol, props.fromPort, props.toPort,
                [...strings(props.cidrBlocks), ...strings(props.ipv6CidrBlocks), ...strings(props.prefixListIds)])]
            : [];
    }
    if (STANDALONE[direction].includes(type)) {
        return [rule(props.ipProtocol, props.fromPort, props.toPort,
            [...strings(props.cidrIpv4), ...strings(props.cidrIpv6), ...strings(props.prefixListId)])];
    }
    return [];
}

/** The ingress rules declared by one resource. */
export function ingressRulesOf(type: string, props: Props): IngressRule[] {
    return rulesOf("ingress", type, props);
}

/** Whether the rule admits TCP traffic to `port`. */
export function admitsPort(r: IngressRule, port: number): boolean {
    return (r.protocol === "-1" || TCP.includes(r.protocol)) && r.fromPort <= port && port <= r.toPort;
}

/** A security group's id from its output or its ARN (`…:security-group/sg-…`). */
export function groupId(group: PolicyResource): string | undefined {
    return knownString(group, "id") ?? knownString(group, "arn")?.split("/").pop();
}

/** The whole internet, over IPv4 or IPv6. */
export const ANYWHERE = ["0.0.0.0/0", "::/0"];
