/**
 * Network ACL entries that let the internet reach a subnet's remote-administration ports
 * (FSBP EC2.21): a standalone `aws.ec2.NetworkAclRule`, or an `ingress` entry of an
 * `aws.ec2.NetworkAcl` or `aws.ec2.DefaultNetworkAcl`. Security groups have their own policy;
 * an ACL is the subnet-wide layer beneath them, so an open ACL leaves a single permissive group
 * as the only thing between the internet and SSH or RDP.
 */
import { Props } from "../lib/define";
import { AclEntry, aclEntries, DEFAULT_NETWORK_ACL, NETWORK_ACL, NETWORK_ACL_RULE } from "../paths/network";
import { ANYWHERE } from "./ingress";

/** Remote administration: SSH and RDP. */
export const ADMIN_PORTS: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP" };

/** Protocol numbers and names that carry the admin ports (TCP, or every protocol). */
const ADMIN_PROTOCOLS = new Set(["-1", "all", "6", "tcp"]);

/** Whether an entry applies to traffic from `source` to TCP `port`. */
function covers(e: AclEntry, source: string, port: number): boolean {
    const allPorts = ["-1", "all"].includes(e.protocol);
    return ADMIN_PROTOCOLS.has(e.protocol) && e.cidrs.includes(source) && (allPorts || (e.fromPort <= port && port <= e.toPort));
}

/**
 * What the entries expose: "allows 0.0.0.0/0 in to port 22 (SSH)", one message per source and
 * port. Within an ACL the lowest-numbered entry that matches decides (a deny before the allow
 * closes the port); a standalone rule is judged alone, as its ACL's other rules are other
 * resources.
 */
export function openAdminPorts(type: string, props: Props): string[] {
    const entries = aclEntries(type, props, "ingress");
    return Object.entries(ADMIN_PORTS).flatMap(([port, name]) => ANYWHERE
        .filter((source) => entries.find((e) => covers(e, source, Number(port)))?.allow === true)
        .map((source) => `allows ${source} in to port ${port} (${name})`));
}

/** The ACL types `openAdminPorts` reads. */
export const NETWORK_ACL_TYPES = [NETWORK_ACL_RULE, NETWORK_ACL, DEFAULT_NETWORK_ACL] as const;
