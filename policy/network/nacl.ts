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
    allow: boolean;
    sources: string[];
    protocol: string;
    fromPort: number;
    toPort: number;
}

/** Protocol numbers and names that carry the admin ports (TCP, or every protocol). */
const ADMIN_PROTOCOLS = new Set(["-1", "all", "6", "tcp"]);

function entry(props: Props, action: unknown): AclEntry {
    return {
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
        return props.egress === true ? [] : [entry(props, props.ruleAction)];
    }
    const ingress: unknown[] = Array.isArray(props.ingress) ? props.ingress : [];
    return ingress.filter((e): e is Props => typeof e === "object" && e !== null).map(e => entry(e, e.action));
}

/** What each open entry exposes: "0.0.0.0/0 to 22 (SSH)", one message per entry and port. */
export function openAdminPorts(type: string, props: Props): string[] {
    return inboundEntries(type, props)
        .filter(e => e.allow && ADMIN_PROTOCOLS.has(e.protocol) && e.sources.some(s => ANYWHERE.includes(s)))
        .flatMap(e => Object.entries(ADMIN_PORTS)
            // Protocol -1 covers every port whatever the range says.
            .filter(([port]) => ["-1", "all"].includes(e.protocol) || (e.fromPort <= Number(port) && Number(port) <= e.toPort))
            .map(([port, name]) => `allows ${e.sources.filter(s => ANYWHERE.includes(s)).join(" and ")} in to port ${port} (${name})`));
}

/** The ACL types `openAdminPorts` reads. */
export const NETWORK_ACL_TYPES = ["aws:ec2/networkAclRule:NetworkAclRule", "aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"] as const;
