/**
 * Network paths as the VPC carries a TCP connection: the security groups (stateful: the egress
 * rules of the sources and the ingress rules of the destinations; inline rules, `aws:vpc` rule
 * resources and `aws:ec2/securityGroupRule`), and the network ACL of every subnet edge the
 * connection crosses. ACLs are stateless: the request passes the source subnet's outbound entries
 * and the destination's inbound ones, and the reply, addressed to the client's ephemeral port,
 * passes the reverse; entries are evaluated in rule-number order, the first match decides, and
 * what none matches is denied (VPC user guide, "Network ACLs" and "Ephemeral ports").
 */
import { ALL_PUBLIC, parseCidr, publicAddresses } from "../network/addressSpace";
import { PathResource, StackIndex, strings } from "./model";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
/** The VPC's default group: what an endpoint or interface given no group is placed in. */
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
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
    for (const group of ix.ofType(SECURITY_GROUP, DEFAULT_SECURITY_GROUP)) {
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

/** One entry of a network ACL, in either direction. */
export interface AclEntry {
    /** Evaluation order: the lowest number that matches decides. */
    ruleNo: number;
    allow: boolean;
    /** The IPv4 and IPv6 blocks it names (the peer: source inbound, destination outbound). */
    cidrs: string[];
    /** Lower-case protocol as written: `-1`/`all`, `tcp`/`6`, `udp`… */
    protocol: string;
    fromPort: number;
    toPort: number;
}

export const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
export const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NETWORK_ACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";

function aclEntry(props: Record<string, unknown>, action: unknown, ruleNo: unknown): AclEntry {
    return {
        ruleNo: Number(ruleNo ?? 0),
        allow: String(action ?? "").toLowerCase() === "allow",
        cidrs: [props.cidrBlock, props.ipv6CidrBlock].filter((c): c is string => typeof c === "string" && c !== ""),
        protocol: String(props.protocol ?? "").toLowerCase(),
        fromPort: Number(props.fromPort ?? 0),
        toPort: Number(props.toPort ?? 0),
    };
}

/**
 * The entries of one direction a resource declares, by rule number: a standalone rule's own (when
 * its `egress` flag matches), or the `ingress`/`egress` list of an ACL or the default ACL.
 */
export function aclEntries(type: string, props: Record<string, any>, direction: "ingress" | "egress"): AclEntry[] {
    if (type === NETWORK_ACL_RULE) return (props.egress === true) === (direction === "egress") ? [aclEntry(props, props.ruleAction, props.ruleNumber)] : [];
    const list: unknown[] = Array.isArray(props[direction]) ? props[direction] : [];
    return list.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null).map((e) => aclEntry(e, e.action, e.ruleNo))
        .sort((a, b) => a.ruleNo - b.ruleNo);
}

/** A subnet's network ACL: its entries in each direction, and the resource to change. */
export interface Acl {
    resource: PathResource;
    ingress: AclEntry[];
    egress: AclEntry[];
}

const aclIndexes = new WeakMap<StackIndex, Map<PathResource, Acl[]>>();

/**
 * The network ACLs deciding each subnet's traffic: the ACL that names it (`subnetIds`, or an
 * association), else its VPC's default ACL when the stack manages that one (`aws.ec2.DefaultNetworkAcl`,
 * which keeps only the entries it declares); a subnet of neither keeps AWS's default ACL, which
 * allows everything, and is absent. Standalone rules join the ACL they name. An ACL whose entries
 * are not known yet (preview) is left out: the benefit of the doubt. Computed once per stack.
 */
export function subnetAcls(ix: StackIndex): Map<PathResource, Acl[]> {
    let out = aclIndexes.get(ix);
    if (out) return out;
    out = new Map();
    const rulesOf = (acl: PathResource, ids: unknown[]) => ix.ofType(NETWORK_ACL_RULE)
        .filter((r) => ix.refs(r, "networkAclId", acl.type).includes(acl) || ids.includes(r.props.networkAclId));
    const aclOf = (r: PathResource, ids: unknown[]): Acl | undefined => {
        if ((r.pending ?? []).some((p) => p === "ingress" || p === "egress")) return undefined;
        const rules = rulesOf(r, ids);
        const entries = (direction: "ingress" | "egress") => [...aclEntries(r.type, r.props, direction), ...rules.flatMap((x) => aclEntries(x.type, x.props, direction))]
            .sort((a, b) => a.ruleNo - b.ruleNo);
        return { resource: r, ingress: entries("ingress"), egress: entries("egress") };
    };
    const add = (subnet: PathResource, acl: Acl) => out!.set(subnet, [...(out!.get(subnet) ?? []), acl]);
    for (const r of ix.ofType(NETWORK_ACL)) {
        const acl = aclOf(r, [r.id]);
        if (!acl) continue;
        const associated = ix.ofType(NETWORK_ACL_ASSOCIATION).filter((a) => ix.refs(a, "networkAclId", NETWORK_ACL).includes(r)).flatMap((a) => ix.refs(a, "subnetId", SUBNET));
        for (const subnet of new Set([...ix.refs(r, "subnetIds", SUBNET), ...associated])) add(subnet, acl);
    }
    for (const r of ix.ofType(DEFAULT_NETWORK_ACL)) {
        const acl = aclOf(r, [r.id, r.props.defaultNetworkAclId]);
        if (!acl) continue;
        const named = ix.refs(r, "subnetIds", SUBNET);
        const vpc = r.props.vpcId;
        for (const subnet of ix.ofType(SUBNET)) {
            if (named.includes(subnet) || (!out.has(subnet) && vpc !== undefined && subnet.props.vpcId === vpc)) add(subnet, acl);
        }
    }
    aclIndexes.set(ix, out);
    return out;
}

/** A subnet one side of a connection sits in, with the ACLs that decide what crosses its edge. */
export interface SubnetSide {
    subnet: PathResource;
    /** Its IPv4 block (a side without one is not judged). */
    cidr: string;
    acls: Acl[];
}

/** The sides of `subnets` the ACLs can judge: those whose block is known. */
export function subnetSides(ix: StackIndex, subnets: Array<PathResource | undefined>): SubnetSide[] {
    const acls = subnetAcls(ix);
    return subnets.flatMap((s) => (s && typeof s.props.cidrBlock === "string" ? [{ subnet: s, cidr: s.props.cidrBlock, acls: acls.get(s) ?? [] }] : []));
}

/**
 * The ports a client opens its connections from, where the replies return (VPC user guide,
 * "Ephemeral ports"): Linux's default range for a task (its net.ipv4.ip_local_port_range unless
 * the task definition sets one), 1024–65535 for Lambda, NAT gateways and load balancers.
 */
export const LINUX_EPHEMERAL: readonly [number, number] = [32768, 60999];
export const AWS_EPHEMERAL: readonly [number, number] = [1024, 65535];

/** A task's ephemeral ports: the net.ipv4.ip_local_port_range its containers set (`systemControls`), else Linux's default. */
export function taskEphemeral(containers: ReadonlyArray<{ systemControls?: Array<{ namespace?: string; value?: string }> }>): readonly [number, number] {
    const value = containers.flatMap((c) => c.systemControls ?? []).find((s) => s.namespace === "net.ipv4.ip_local_port_range")?.value;
    const m = typeof value === "string" ? /^\s*(\d+)\s+(\d+)\s*$/.exec(value) : null;
    return m ? [Number(m[1]), Number(m[2])] : LINUX_EPHEMERAL;
}

/** One side of a connection: its groups and, when known, the address blocks and subnets it sits in. */
export interface Endpoint {
    groups: PathResource[];
    cidrs?: string[];
    /** Its subnets with their ACLs; with the other side's, the ACLs of every subnet edge crossed are judged both ways. @default none (ACLs not judged) */
    subnets?: SubnetSide[];
    /** Where the replies to a connection it opens return. @default AWS_EPHEMERAL */
    ephemeral?: readonly [number, number];
    /**
     * An AWS service's public addresses instead of the stack's groups (a call leaving through a NAT
     * gateway or a gateway endpoint): an egress rule to anywhere reaches them, or, with
     * `prefixLists`, one to a prefix list (the service's, for a gateway endpoint); `nat` is the
     * subnet of the NAT gateway the call crosses, whose ACL it passes too.
     */
    aws?: { prefixLists: boolean; nat?: SubnetSide };
}

/** Whether the rule admits TCP `port`. */
export function covers(rule: Rule, port: number): boolean {
    return (rule.protocol === "tcp" || rule.protocol === "-1") && rule.from <= port && port <= rule.to;
}

/** Whether the rules (of one direction, from the given groups, on the port) admit every address of the peer. */
function admitsPeer(rules: Rule[], peer: Endpoint): boolean {
    if (rules.some((r) => r.peers.some((p) => peer.groups.includes(p)) || r.cidrs.includes("0.0.0.0/0"))) return true;
    if (peer.aws) return peer.aws.prefixLists && rules.some((r) => r.otherAddresses.some((a) => a.startsWith("pl-")));
    // A peer spread over several subnets may be admitted one block per rule.
    const blocks = peer.cidrs ?? [];
    return blocks.length > 0 && blocks.every((b) => rules.some((r) => r.cidrs.some((c) => cidrContains(c, b))));
}

/** A rectangle of addresses × ports still to be decided. */
interface Span { lo: bigint; hi: bigint; from: number; to: number }

/** `a` without `b`: up to four rectangles. */
function cut(a: Span, b: Span): Span[] {
    const lo = a.lo > b.lo ? a.lo : b.lo, hi = a.hi < b.hi ? a.hi : b.hi;
    const from = Math.max(a.from, b.from), to = Math.min(a.to, b.to);
    if (lo > hi || from > to) return [a];
    return [
        { ...a, hi: lo - 1n }, { ...a, lo: hi + 1n },
        { lo, hi, from: a.from, to: from - 1 }, { lo, hi, from: to + 1, to: a.to },
    ].filter((s) => s.lo <= s.hi && s.from <= s.to);
}

/** `"public"`: an AWS service's public addresses, which the stack cannot list. */
type Peer = string | "public";

/**
 * The addresses of an entry's blocks a peer can send from, as rectangles over a single address
 * for a public peer: AWS's public ranges change, so an allow naming some public block is taken to
 * cover them and a deny only counts when it names all of them (0.0.0.0/0).
 */
function entrySpans(e: AclEntry, peer: Peer): Span[] {
    const ports = ["-1", "all"].includes(e.protocol) ? [0, 65535] : ["tcp", "6"].includes(e.protocol) ? [e.fromPort, e.toPort] : undefined;
    if (!ports) return [];
    const [from, to] = ports;
    return e.cidrs.flatMap((c): Span[] => {
        const block = parseCidr(c);
        if (!block || block.family !== "ipv4") return [];
        if (peer !== "public") return [{ lo: block.interval.start, hi: block.interval.end - 1n, from, to }];
        const reaches = e.allow ? publicAddresses([c], "ipv4") > 0n : publicAddresses([c], "ipv4") === ALL_PUBLIC.ipv4;
        return reaches ? [{ lo: 0n, hi: 0n, from, to }] : [];
    });
}

/** The part of `a` inside `b`, if any. */
function overlap(a: Span, b: Span): Span | undefined {
    const o = { lo: a.lo > b.lo ? a.lo : b.lo, hi: a.hi < b.hi ? a.hi : b.hi, from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
    return o.lo <= o.hi && o.from <= o.to ? o : undefined;
}

/**
 * Reply ports an ACL may drop without breaking a path: a handful of single ports a hardened ACL
 * denies inside the ephemeral range (RDP's 3389, as FSBP EC2.21 asks) fail one connection in
 * thousands, whose retry (the AWS SDKs', a driver's) comes from another port.
 */
export const REPLY_PORTS_DROPPED = 16;

/**
 * Whether the entries (one direction of one ACL) let TCP to `ports` through for every address of
 * `peer`, short of at most `tolerance` ports: walked in rule-number order, a deny drops the part of
 * what is still undecided it matches, an allow settles its part, and what is left after the last
 * entry meets the default deny.
 */
export function aclAdmits(entries: AclEntry[], peer: Peer, ports: readonly [number, number], tolerance = 0): boolean {
    const block = peer === "public" ? undefined : parseCidr(peer);
    if (peer !== "public" && (!block || block.family !== "ipv4")) return true;
    let open: Span[] = [block ? { lo: block.interval.start, hi: block.interval.end - 1n, from: ports[0], to: ports[1] } : { lo: 0n, hi: 0n, from: ports[0], to: ports[1] }];
    const dropped: Span[] = [];
    for (const e of entries) {
        for (const span of entrySpans(e, peer)) {
            if (!e.allow) dropped.push(...open.flatMap((o) => overlap(o, span) ?? []));
            open = open.flatMap((o) => cut(o, span));
        }
        if (open.length === 0) break;
    }
    return [...dropped, ...open].reduce((n, s) => n + s.to - s.from + 1, 0) <= tolerance;
}

/** A connection's way through the network, or the rule or ACL entry that stops it. */
export type Connection = { ok: true }
    | { ok: false; side: "egress" | "ingress"; group: PathResource }
    | { ok: false; acl: PathResource; missing: string };

const portText = (p: readonly [number, number]) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}-${p[1]}`);

/**
 * The first ACL crossing that drops part of a TCP connection from `from` to `to` on `port`, both
 * ways: every pair of subnets the two sides sit in (traffic inside one subnet crosses no ACL), or,
 * for an AWS service's public addresses, the client's subnet and the NAT gateway's.
 */
function aclGap(from: Endpoint, to: Endpoint, port: number): Connection | undefined {
    const reply = from.ephemeral ?? AWS_EPHEMERAL;
    const request: readonly [number, number] = [port, port];
    // A request must pass whole; a reply may lose a few single ports (REPLY_PORTS_DROPPED).
    const check = (side: SubnetSide, direction: "ingress" | "egress", peer: Peer, ports: readonly [number, number], what: string): Connection | undefined => {
        const acl = side.acls.find((a) => !aclAdmits(a[direction], peer, ports, ports === request ? 0 : REPLY_PORTS_DROPPED));
        return acl && {
            ok: false, acl: acl.resource,
            missing: `${direction === "ingress" ? "an inbound" : "an outbound"} entry allowing TCP ${portText(ports)} ${direction === "ingress" ? "from" : "to"} ${peer === "public" ? "AWS's public addresses" : peer} on ${side.subnet.props.cidrBlock ?? side.subnet.name}'s network ACL (${what}; network ACLs are stateless, the first matching entry decides)`,
        };
    };
    for (const a of from.subnets ?? []) {
        const hops: Array<Connection | undefined> = [];
        if (to.aws) {
            hops.push(check(a, "egress", "public", request, `TCP ${port} out`), check(a, "ingress", "public", reply, `the replies to TCP ${port}`));
            const nat = to.aws.nat;
            if (nat && nat.subnet !== a.subnet) {
                hops.push(check(nat, "ingress", a.cidr, request, `TCP ${port} into the NAT gateway`), check(nat, "egress", "public", request, `TCP ${port} out of the NAT gateway`),
                    check(nat, "ingress", "public", AWS_EPHEMERAL, `the replies to the NAT gateway`), check(nat, "egress", a.cidr, reply, `the replies back through the NAT gateway`));
            }
        } else {
            for (const b of (to.subnets ?? []).filter((x) => x.subnet !== a.subnet)) {
                hops.push(check(a, "egress", b.cidr, request, `TCP ${port} out`), check(b, "ingress", a.cidr, request, `TCP ${port} in`),
                    check(b, "egress", a.cidr, reply, `the replies to TCP ${port}`), check(a, "ingress", b.cidr, reply, `the replies to TCP ${port}`));
            }
        }
        const gap = hops.find((h) => h !== undefined);
        if (gap) return gap;
    }
    return undefined;
}

/** Whether `from` may open TCP `port` to `to`, through the security groups and the ACLs; otherwise what stops it. */
export function connection(rules: Rule[], from: Endpoint, to: Endpoint, port: number): Connection {
    const out = rules.filter((r) => r.direction === "egress" && from.groups.includes(r.group) && covers(r, port));
    if (!admitsPeer(out, to)) return { ok: false, side: "egress", group: from.groups[0] };
    if (!to.aws) {
        const into = rules.filter((r) => r.direction === "ingress" && to.groups.includes(r.group) && covers(r, port));
        if (!admitsPeer(into, from)) return { ok: false, side: "ingress", group: to.groups[0] };
    }
    return aclGap(from, to, port) ?? { ok: true };
}
