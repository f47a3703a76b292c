/**
 * Class 3, workload egress: a task or function whose security group may open connections to any
 * host on any port can hand what it holds (the backend's secrets, the functions' master password)
 * to a server of the attacker's. Toward the internet only HTTPS leaves; data ports stay inside.
 */
import { add, all, Case, edit, every, ExportedResource, named, suite } from "./support";

const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const allTraffic = (rule: string) => edit(EGRESS, p => { p.ipProtocol = "-1"; delete p.fromPort; delete p.toPort; }, named(rule));
/** A security group's physical id (the export keeps it beside the outputs). */
const groupId = (rs: ExportedResource[], group: string) => every(rs, SG, named(group))[0].id;
const extraEgress = (group: string, name: string, props: Record<string, unknown>): Case["change"] =>
    rs => add(EGRESS, name, { securityGroupId: groupId(rs, group), ...props })(rs);

const violations: Case[] = [
    // The red team's changes.
    { name: "backend SG egress opened to 0.0.0.0/0 on all ports (exfiltration over any protocol)", change: allTraffic("backend-tasks-out-443-0") },
    { name: "rotation Lambda SG egress to 0.0.0.0/0 on all ports (the function holding the master password can talk anywhere)", change: allTraffic("database-rotation-function-out-443-0") },
    { name: "database-tasks Lambda SG egress on 5432 widened from the isolated subnets to 0.0.0.0/0 (master credentials replayable to any host)", change: edit(EGRESS, p => { p.cidrIpv4 = "0.0.0.0/0"; }, named("database-tasks-function-out-5432-0")) },
    // Other spellings and techniques.
    { name: "frontend SG's HTTPS rule widened to TCP 1-65535 'for the CDN's odd ports'", change: edit(EGRESS, p => { p.fromPort = 1; p.toPort = 65535; }, named("frontend-tasks-out-443-0")) },
    { name: "backend SG sends PostgreSQL to a public IP 'for the analytics replica at a partner'", change: extraEgress("backend-tasks", "backend-out-partner-db", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "198.51.100.10/32" }) },
    { name: "backend SG sends Redis 6379 over IPv6 to anywhere", change: extraEgress("backend-tasks", "backend-out-redis-v6", { ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv6: "::/0" }) },
    { name: "rotation function SG sends UDP 53 to a public resolver (a DNS tunnel for the master password)", change: extraEgress("database-rotation-function", "rotation-out-dns", { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "8.8.8.8/32" }) },
    { name: "db-tasks function SG gains a legacy aws_security_group_rule egress of all traffic to 0.0.0.0/0", change: rs => add(RULE, "db-tasks-out-legacy", { type: "egress", securityGroupId: groupId(rs, "database-tasks-function"), protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })(rs) },
    { name: "backend SG egress to a customer managed prefix list 'partners' whose entries hide 0.0.0.0/0, on 5432", change: all(
        add(PREFIX_LIST, "partners", { name: "expertconnect-partners", addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "203.0.113.0/24", description: "partner" }, { cidr: "0.0.0.0/0", description: "fallback" }] }),
        rs => add(EGRESS, "backend-out-partners", { securityGroupId: groupId(rs, "backend-tasks"), ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-0partners" }, { propertyDependencies: { prefixListId: [every(rs, PREFIX_LIST, named("partners"))[0].urn] } })(rs),
    ) },
    { name: "backend SG egress 0.0.0.0/1 and 128.0.0.0/1 on SSH 22 (the internet in two halves)", change: all(
        extraEgress("backend-tasks", "backend-out-ssh-a", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" }),
        extraEgress("backend-tasks", "backend-out-ssh-b", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" }),
    ) },
];

const compliant: Case[] = [
    { name: "backend SG gains a second HTTPS rule to AWS's S3 prefix list (gateway endpoint traffic named explicitly)", change: extraEgress("backend-tasks", "backend-out-s3-prefix", { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-63a5400a" }) },
    { name: "frontend SG gains HTTPS over IPv6 to anywhere (the video provider's IPv6 endpoints)", change: extraEgress("frontend-tasks", "frontend-out-443-v6", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" }) },
    { name: "backend SG's HTTPS egress description reworded", change: edit(EGRESS, p => { p.description = "HTTPS to AWS APIs and the video provider"; }, named("backend-tasks-out-443-0")) },
];

suite("adversarial class 3: workload egress scoped to HTTPS", violations, compliant);
