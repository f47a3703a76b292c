/**
 * Network ACL entries that let the internet reach a subnet's remote-administration ports
 * (FSBP EC2.21): a standalone `aws.ec2.NetworkAclRule`, or an `ingress` entry of an
 * `aws.ec2.NetworkAcl` or `aws.ec2.DefaultNetworkAcl`. Security groups have their own policy;
 * an ACL is the subnet-wide layer beneath them, so an open ACL leaves a single permissive group
 * as the only thing between the internet and SSH or RDP.
 */
import { Props } from "../lib/define";
import { ANYWHERE } from "./ingress";

/** Remote administration: SSH and RDP. */
export const ADMIN_PORTS: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP" };

/** One inbound ACL entry, normalized from either shape (standalone rule or inline entry). */
interface AclEntry {
    /** Evaluation order: the lowest number that matches decides. */
    ruleNo: number;
    allow: boolean;
    sources: string[];
    protocol: string;
    fromPort: number;
    toPort: number;
}

/** Protocol numbers and names that carry the admin ports (TCP, or every protocol). */
const ADMIN_PROTOCOLS = new Set(["-1", "all", "6", "tcp"]);

function entry(props: Props, action: unknown, ruleNo: unknown): AclEntry {
    return {
        ruleNo: Number(ruleNo ?? 0),
        allow: String(action ?? "").toLowerCase() === "allow",
        sources: [props.cidrBlock, props.ipv6CidrBlock].filter((s): s is string => typeof s === "string"),
        protocol: String(props.protocol ?? "").toLowerCase(),
        fromPort: Number(props.fromPort ?? 0),
        toPort: Number(props.toPort ?? 0),
    };
}

/** The inbound entries a resource declares: a rule's own (when not egress), or an ACL's `ingress` list. */
function inboundEntries(type: string, props: Props): AclEntry[] {
    if (type === "aws:ec2/networkAclRule:NetworkAclRule") {
        return props.egress === true ? [] : [entry(props, props.ruleAction, props.ruleNumber)];
    }
    const ingress: unknown[] = Array.isArray(props.ingress) ? props.ingress : [];
    return ingress.filter((e): e is Props => typeof e === "object" && e !== null).map(e => entry(e, e.action, e.ruleNo))
        .sort((a, b) => a.ruleNo - b.ruleNo);
}

/** Whether an entry applies to traffic from `source` to TCP `port`. */
function covers(e: AclEntry, source: string, port: number): boolean {
    const allPorts = ["-1", "all"].includes(e.protocol);
    return ADMIN_PROTOCOLS.has(e.protocol) && e.sources.includes(source) && (allPorts || (e.fromPort <= port && port <= e.toPort));
}

/**
 * What the entries expose: "allows 0.0.0.0/0 in to port 22 (SSH)", one message per source and
 * port. Within an ACL the lowest-numbered entry that matches decides (a deny before the allow
 * closes the port); a standalone rule is judged alone, as its ACL's other rules are other
 * resources.
 */
export function openAdminPorts(type: string, props: Props): string[] {
    const entries = inboundEntries(type, props);
    return Object.entries(ADMIN_PORTS).flatMap(([port, name]) => ANYWHERE
        .filter((source) => entries.find((e) => covers(e, source, Number(port)))?.allow === true)
        .map((source) => `allows ${source} in to port ${port} (${name})`));
}

/** The ACL types `openAdminPorts` reads. */
export const NETWORK_ACL_TYPES = ["aws:ec2/networkAclRule:NetworkAclRule", "aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"] as const;
