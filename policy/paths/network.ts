/**
 * Security-group paths: whether traffic from one set of groups reaches another on a port, by
 * the egress rules of the sources and the ingress rules of the destinations (inline rules,
 * `aws:vpc` rule resources and `aws:ec2/securityGroupRule`).
 */
import { PathResource, StackIndex, strings } from "./model";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

export interface Rule {
    group: PathResource;
    /** The resource that declares the rule: the group (inline rules) or a rule resource. */
    declaredBy: PathResource;
    direction: "ingress" | "egress";
    protocol: string;
    from: number;
    to: number;
    /** IPv4 blocks. */
    cidrs: string[];
    /** IPv6 blocks and managed prefix lists: address peers {@link connection} does not place. */
    otherAddresses: string[];
    /** Groups of the stack it names (the group itself for `self`). */
    peers: PathResource[];
    /** Group ids it names that are no group of the stack (another stack's, a peered VPC's). */
    unknownPeers: string[];
}

/** The groups of the stack `ids` name, and the ids that name none. */
function peersOf(ix: StackIndex, ids: string[]): { peers: PathResource[]; unknownPeers: string[] } {
    const found = ids.map((id) => [id, ix.named(id, SECURITY_GROUP)] as const);
    return { peers: found.flatMap(([, g]) => g), unknownPeers: found.filter(([, g]) => g.length === 0).map(([id]) => id) };
}

function protocolOf(p: unknown): string {
    const s = String(p ?? "-1").toLowerCase();
    return s === "6" ? "tcp" : s === "all" ? "-1" : s;
}

function portsOf(from: unknown, to: unknown, protocol: string): [number, number] {
    if (protocol === "-1") return [0, 65535];
    return [Number(from ?? 0), Number(to ?? from ?? 65535)];
}

/** Every rule of the stack's security groups, in one shape. */
export function securityGroupRules(ix: StackIndex): Rule[] {
    const rules: Rule[] = [];
    for (const group of ix.ofType(SECURITY_GROUP)) {
        for (const direction of ["ingress", "egress"] as const) {
            for (const r of (group.props[direction] ?? []) as Array<Record<string, unknown>>) {
                const protocol = protocolOf(r.protocol);
                const [from, to] = portsOf(r.fromPort, r.toPort, protocol);
                const named = peersOf(ix, strings(r.securityGroups));
                rules.push({
                    group, declaredBy: group, direction, protocol, from, to, cidrs: strings(r.cidrBlocks),
                    otherAddresses: strings([r.ipv6CidrBlocks, r.prefixListIds]),
                    peers: r.self === true ? [...named.peers, group] : named.peers, unknownPeers: named.unknownPeers,
                });
            }
        }
    }
    for (const [type, direction] of [[INGRESS, "ingress"], [EGRESS, "egress"]] as const) {
        for (const r of ix.ofType(type)) {
            const group = ix.refs(r, "securityGroupId", SECURITY_GROUP)[0];
            if (!group) continue;
            const protocol = protocolOf(r.props.ipProtocol);
            const [from, to] = portsOf(r.props.fromPort, r.props.toPort, protocol);
            const peers = ix.refs(r, "referencedSecurityGroupId", SECURITY_GROUP);
            rules.push({
                group, declaredBy: r, direction, protocol, from, to, cidrs: strings(r.props.cidrIpv4),
                otherAddresses: strings([r.props.cidrIpv6, r.props.prefixListId]),
                peers, unknownPeers: peers.length === 0 ? strings(r.props.referencedSecurityGroupId) : [],
            });
        }
    }
    for (const r of ix.ofType(LEGACY_RULE)) {
        const group = ix.refs(r, "securityGroupId", SECURITY_GROUP)[0];
        if (!group) continue;
        const protocol = protocolOf(r.props.protocol);
        const [from, to] = portsOf(r.props.fromPort, r.props.toPort, protocol);
        const peers = ix.refs(r, "sourceSecurityGroupId", SECURITY_GROUP);
        rules.push({
            group, declaredBy: r, direction: r.props.type === "egress" ? "egress" : "ingress", protocol, from, to,
            cidrs: strings(r.props.cidrBlocks), otherAddresses: strings([r.props.ipv6CidrBlocks, r.props.prefixListIds]),
            peers: r.props.self === true ? [...peers, group] : peers, unknownPeers: peers.length === 0 ? strings(r.props.sourceSecurityGroupId) : [],
        });
    }
    return rules;
}

/** Whether IPv4 block `inner` lies inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    const parse = (c: string): [number, number] | undefined => {
        const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(c);
        if (!m) return undefined;
        return [((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0, +m[5]];
    };
    const o = parse(outer);
    const i = parse(inner);
    if (!o || !i || i[1] < o[1]) return false;
    const mask = o[1] === 0 ? 0 : (~0 << (32 - o[1])) >>> 0;
    return ((o[0] & mask) >>> 0) === ((i[0] & mask) >>> 0);
}

/** One side of a connection: its groups and, when known, the address blocks it sits in. */
export interface Endpoint {
    groups: PathResource[];
    cidrs?: string[];
}

/** Whether the rule admits TCP `port`. */
export function covers(rule: Rule, port: number): boolean {
    return (rule.protocol === "tcp" || rule.protocol === "-1") && rule.from <= port && port <= rule.to;
}

/** Whether the rules (of one direction, from the given groups, on the port) admit every address of the peer. */
function admitsPeer(rules: Rule[], peer: Endpoint): boolean {
    if (rules.some((r) => r.peers.some((p) => peer.groups.includes(p)) || r.cidrs.includes("0.0.0.0/0"))) return true;
    // A peer spread over several subnets may be admitted one block per rule.
    const blocks = peer.cidrs ?? [];
    return blocks.length > 0 && blocks.every((b) => rules.some((r) => r.cidrs.some((c) => cidrContains(c, b))));
}

/** Whether `from` may open TCP `port` to `to`; otherwise which side lacks the rule. */
export function connection(rules: Rule[], from: Endpoint, to: Endpoint, port: number): { ok: true } | { ok: false; side: "egress" | "ingress"; group: PathResource } {
    const out = rules.filter((r) => r.direction === "egress" && from.groups.includes(r.group) && covers(r, port));
    if (!admitsPeer(out, to)) return { ok: false, side: "egress", group: from.groups[0] };
    const into = rules.filter((r) => r.direction === "ingress" && to.groups.includes(r.group) && covers(r, port));
    if (!admitsPeer(into, from)) return { ok: false, side: "ingress", group: to.groups[0] };
    return { ok: true };
}
