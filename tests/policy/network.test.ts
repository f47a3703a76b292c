import { expect } from "chai";
import { reachesInternet, sgDataStoresNoInternetEgress } from "../../policy/network/dataEgress";
import { sgWorkloadEgressScoped } from "../../policy/network/workloadEgress";
import { sgDataPortsFromGroups } from "../../policy/network/dataPorts";
import { sgNoOpenIngress } from "../../policy/network/openIngress";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput } from "./support/harness";

const sgArn = (id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${id}`;

/** The ALB's group open on 80/443 (inline and as a v7 ingress rule), the tasks' group open to the ALB only. */
const stack: StackResourceInput[] = [
    {
        type: "aws:ec2/securityGroup:SecurityGroup", name: "alb-sg",
        props: {
            arn: sgArn("sg-alb"), name: "expertconnect-prod-alb", vpcId: "vpc-1", tags: TAGS,
            ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
        },
    },
    {
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "alb-sg-https",
        props: { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", tags: TAGS },
        propertyDependencies: { securityGroupId: ["alb-sg"] },
    },
    {
        type: "aws:ec2/securityGroup:SecurityGroup", name: "tasks-sg",
        props: { arn: sgArn("sg-tasks"), name: "expertconnect-prod-tasks", vpcId: "vpc-1", tags: TAGS, ingress: [{ protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: ["sg-alb"] }] },
    },
    {
        type: "aws:lb/loadBalancer:LoadBalancer", name: "alb",
        props: { name: "expertconnect-prod", loadBalancerType: "application", securityGroups: ["sg-alb"], tags: TAGS },
        propertyDependencies: { securityGroups: ["alb-sg"] },
    },
];

const ingressRule = (s: StackResourceInput[]) => named(s, "alb-sg-https");

describe("sg-no-open-ingress", () => {
    stackTable(sgNoOpenIngress, stack, {
        passes: {
            "groups are matched by id from their ARN (no property dependencies)": {
                change: s => { delete ingressRule(s).propertyDependencies; delete named(s, "alb").propertyDependencies; },
            },
            "a Lightsail instance whose public ports are replaced": {
                change: s => {
                    s.push({ type: "aws:lightsail/instance:Instance", name: "legacy-box", props: { name: "expertconnect-legacy" } });
                    s.push({ type: "aws:lightsail/instancePublicPorts:InstancePublicPorts", name: "legacy-box-ports", props: { instanceName: "expertconnect-legacy", portInfos: [{ protocol: "tcp", fromPort: 443, toPort: 443 }] } });
                },
            },
            "SSH from the office's /24 and a partner's /22 (public, but narrower than the bound together)": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.0/24", "198.51.100.0/22"] }); },
            },
            "SSH from a VPC-internal prefix list": {
                change: s => {
                    s.push({ type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "vpc-ranges", props: { arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/pl-vpc`, addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "10.0.0.0/16" }, { cidr: "172.16.0.0/12" }] } });
                    (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: ["pl-vpc"] });
                },
            },
            "the load balancer's group admits HTTPS from two /1 halves": {
                change: s => { Object.assign(ingressRule(s).props, { cidrIpv4: "0.0.0.0/1" }); s.push({ ...ingressRule(s), name: "alb-sg-https-b", props: { ...ingressRule(s).props, cidrIpv4: "128.0.0.0/1" } }); },
            },
            "halves on different ports do not add up": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.0/24"] }, { protocol: "tcp", fromPort: 23, toPort: 23, cidrBlocks: ["198.51.101.0/24"] }); },
            },
            "the rule is the legacy SecurityGroupRule": {
                change: s => {
                    const r = ingressRule(s);
                    r.type = "aws:ec2/securityGroupRule:SecurityGroupRule";
                    r.props = { type: "ingress", securityGroupId: "sg-alb", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };
                },
            },
        },
        violations: {
            "a Lightsail instance keeps the default firewall": {
                change: s => { s.push({ type: "aws:lightsail/instance:Instance", name: "legacy-box", props: { name: "expertconnect-legacy" } }); },
                message: /legacy-box is a Lightsail instance without an InstancePublicPorts: .*SSH 22 open to every address/,
            },
            "a Lightsail instance's ports name another instance": {
                change: s => {
                    s.push({ type: "aws:lightsail/instance:Instance", name: "legacy-box", props: { name: "expertconnect-legacy" } });
                    s.push({ type: "aws:lightsail/instancePublicPorts:InstancePublicPorts", name: "other-ports", props: { instanceName: "expertconnect-other", portInfos: [] } });
                },
                message: /legacy-box is a Lightsail instance/,
            },
            "SSH is open to the internet": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }); },
                message: /tasks-sg admits the internet on tcp 22-22/,
            },
            "RDP is open over IPv6": {
                change: s => { Object.assign(ingressRule(s).props, { fromPort: 3389, toPort: 3389, cidrIpv4: undefined, cidrIpv6: "::/0" }); },
                message: /alb-sg-https admits the internet on tcp 3389-3389/,
            },
            "all traffic is open": {
                change: s => { Object.assign(ingressRule(s).props, { ipProtocol: "-1", fromPort: undefined, toPort: undefined }); }, message: /on all traffic/,
            },
            "a port range includes 443": {
                change: s => { Object.assign(ingressRule(s).props, { fromPort: 0, toPort: 1024 }); }, message: /tcp 0-1024/,
            },
            "443 is open on a group that is not the load balancer's": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }); },
                message: /tasks-sg admits the internet on tcp 443-443 but is not a load balancer's/,
            },
            "the VPC's default security group admits the internet": {
                change: s => s.push({
                    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", name: "default-sg",
                    props: { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
                }),
                message: /default-sg admits the internet on all traffic/,
            },
            "SSH open to the internet as two /1 halves in two rules": {
                change: s => s.push(
                    { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "ssh-a", props: { securityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" } },
                    { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "ssh-b", props: { securityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" } }),
                message: /ssh-a admits the internet on tcp 22-22 \(every public IPv4 address: 0.0.0.0\/1 of ssh-a, 128.0.0.0\/1 of ssh-b\)/,
            },
            "four /2s inline, one of them through a port range": {
                change: s => {
                    (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2"] }, { protocol: "tcp", fromPort: 7000, toPort: 9000, cidrBlocks: ["192.0.0.0/2"] });
                },
                message: /tasks-sg admits the internet on tcp 8000-8000 \(every public IPv4 address/,
            },
            "the IPv6 internet as ::/1 and 8000::/1": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 8000, toPort: 8000, ipv6CidrBlocks: ["::/1", "8000::/1"] }); },
                message: /every public IPv6 address/,
            },
            "a public /8 (wider than any office block)": {
                change: s => { (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["52.0.0.0/8"] }); },
                message: /16777216 public IPv4 addresses, more than a \/16/,
            },
            "SSH through a prefix list holding 0.0.0.0/0 (matched by its ARN's id)": {
                change: s => {
                    s.push({ type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "admin-ranges", props: { arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/pl-admin`, addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "0.0.0.0/0" }] } });
                    (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: ["pl-admin"] });
                },
                message: /tasks-sg admits the internet on tcp 22-22 \(every public IPv4 address: pl-admin of tasks-sg\)/,
            },
            "a prefix-list entry resource adds ::/0 to a list the rule depends on": {
                change: s => s.push(
                    { type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "v6-ranges", props: { addressFamily: "IPv6", maxEntries: 5, entries: [] } },
                    { type: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", name: "v6-all", props: { prefixListId: "pl-v6", cidr: "::/0" }, propertyDependencies: { prefixListId: ["v6-ranges"] } },
                    { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "tasks-v6", props: { securityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 8000, toPort: 8000, prefixListId: "pl-v6" }, propertyDependencies: { prefixListId: ["v6-ranges"] } }),
                message: /tasks-v6 admits the internet on tcp 8000-8000 \(every public IPv6 address/,
            },
            "a literal id naming no list, beside a list this update creates that holds the internet": {
                change: s => s.push(
                    { type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "temp-ranges", props: { addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "0.0.0.0/1" }, { cidr: "128.0.0.0/1" }] } },
                    { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "tasks-pl", props: { securityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: "pl-0123456789abcdef1" } }),
                message: /tasks-pl admits the internet on tcp 22-22/,
            },
            "a legacy rule opens 443 on the tasks' group": {
                change: s => s.push({
                    type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "tasks-open",
                    props: { type: "ingress", securityGroupId: "sg-tasks", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                    propertyDependencies: { securityGroupId: ["tasks-sg"] },
                }),
                message: /tasks-open admits the internet on tcp 443-443 but is not/,
            },
        },
    });
});

describe("sg-data-ports-from-groups", () => {
    const dbGroup: ResourceInput = {
        type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg",
        props: { name: "expertconnect-prod-db", vpcId: "vpc-1", tags: TAGS, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-tasks"] }] },
    };
    const firstIngress = (r: ResourceInput) => (r.props.ingress as Record<string, unknown>[])[0];
    resourceTable(sgDataPortsFromGroups, dbGroup, {
        passes: {
            "a CIDR reaches a non-data port": { change: r => { Object.assign(firstIngress(r), { fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.0.0/16"] }); } },
            "a v7 rule admits the backend group to Redis": {
                change: r => Object.assign(r, { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", props: { ipProtocol: "tcp", fromPort: 6379, toPort: 6379, referencedSecurityGroupId: "sg-tasks" } }),
            },
        },
        violations: {
            "PostgreSQL admits the VPC CIDR": { change: r => { firstIngress(r).cidrBlocks = ["10.0.0.0/16"]; }, message: /10.0.0.0\/16 reaches data port 5432/ },
            "a port range spans PostgreSQL": {
                change: r => { Object.assign(firstIngress(r), { fromPort: 5000, toPort: 6000, ipv6CidrBlocks: ["fd00::/8"] }); }, message: /reaches data port 5432/,
            },
            "all traffic from a prefix list": {
                change: r => { Object.assign(firstIngress(r), { protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-123"] }); }, message: /pl-123 reaches data port 5432, 3306, 6379/,
            },
            "a legacy rule admits a CIDR to Redis": {
                change: r => Object.assign(r, {
                    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                    props: { type: "ingress", securityGroupId: "sg-cache", protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.0.1.0/24"] },
                }),
                message: /reaches data port 6379/,
            },
            "a v7 rule admits a CIDR to PostgreSQL": {
                change: r => Object.assign(r, {
                    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    props: { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" },
                }),
                message: /0.0.0.0\/0 reaches data port 5432/,
            },
        },
    });
});

/** The database's group (no egress of its own), the tasks' group (HTTPS out), the database on the first. */
const dataStack: StackResourceInput[] = [
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg", props: { arn: sgArn("sg-db"), name: "expertconnect-prod-db", vpcId: "vpc-1", tags: TAGS } },
    {
        type: "aws:ec2/securityGroup:SecurityGroup", name: "tasks-sg",
        props: { arn: sgArn("sg-tasks"), name: "expertconnect-prod-tasks", vpcId: "vpc-1", tags: TAGS, egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] },
    },
    {
        type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-prod-db", vpcSecurityGroupIds: ["sg-db"], tags: TAGS },
        propertyDependencies: { vpcSecurityGroupIds: ["database-sg"] },
    },
];

const dbEgress = (props: Record<string, unknown>): StackResourceInput => ({
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name: "database-out",
    props: { securityGroupId: "sg-db", tags: TAGS, ...props }, propertyDependencies: { securityGroupId: ["database-sg"] },
});

describe("sg-data-stores-no-internet-egress", () => {
    stackTable(sgDataStoresNoInternetEgress, dataStack, {
        passes: {
            "the database's group reaches only the VPC's private range": { change: s => { s.push(dbEgress({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" })); } },
            "the database's group reaches a service by prefix list": { change: s => { s.push(dbEgress({ ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-63a5400a" })); } },
            "the database's group reaches another group": { change: s => { s.push(dbEgress({ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-tasks" })); } },
            "a group no data store uses sends HTTPS anywhere": { change: () => undefined },
        },
        violations: {
            "a standalone rule sends all traffic anywhere": {
                change: s => { s.push(dbEgress({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })); }, message: /database-out lets data store group database-sg send all traffic to 0\.0\.0\.0\/0/,
            },
            "the group's inline egress reaches a public block": {
                change: s => { named(s, "database-sg").props.egress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["52.0.0.0/8"] }]; }, message: /send tcp 443-443 to 52\.0\.0\.0\/8/,
            },
            "two halves of the internet instead of 0.0.0.0/0": {
                change: s => { s.push(dbEgress({ ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/1" }), { ...dbEgress({ ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "128.0.0.0/1" }), name: "database-out-2" }); },
                message: /0\.0\.0\.0\/1/,
            },
            "IPv6 to anywhere through a legacy rule": {
                change: s => { s.push({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "database-out-v6", props: { type: "egress", securityGroupId: "sg-db", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] } }); },
                message: /database-out-v6 lets data store group database-sg send all traffic to ::\/0/,
            },
            "a cache's group matched by id from its ARN (no property dependencies)": {
                change: s => {
                    s.push({ type: "aws:ec2/securityGroup:SecurityGroup", name: "cache-sg", props: { arn: sgArn("sg-cache"), vpcId: "vpc-1", tags: TAGS } });
                    s.push({ type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { securityGroupIds: ["sg-cache"], tags: TAGS } });
                    s.push({ type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name: "cache-out", props: { securityGroupId: "sg-cache", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } });
                },
                message: /cache-out lets data store group cache-sg send tcp 443-443/,
            },
        },
    });

    it("counts RFC 1918 and unique-local addresses as private, everything else as the internet", () => {
        expect(["10.1.0.0/16", "172.20.0.0/16", "192.168.1.0/24", "fd00::/8", "pl-1"].map(reachesInternet)).to.deep.equal([false, false, false, false, false]);
        expect(["0.0.0.0/0", "172.32.0.0/16", "8.8.8.8/32", "::/0", "2600::/16", "not-an-address"].map(reachesInternet)).to.deep.equal([true, true, true, true, true, true]);
    });
});

const tasksEgress = (name: string, props: Record<string, unknown>): StackResourceInput => ({
    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name,
    props: { securityGroupId: "sg-tasks", tags: TAGS, ...props }, propertyDependencies: { securityGroupId: ["tasks-sg"] },
});

describe("sg-workload-egress-scoped", () => {
    stackTable(sgWorkloadEgressScoped, dataStack, {
        passes: {
            "the tasks' group sends PostgreSQL to the VPC's private range": { change: s => { s.push(tasksEgress("tasks-db", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.112.0/22" })); } },
            "the tasks' group sends HTTPS over IPv6 anywhere": { change: s => { s.push(tasksEgress("tasks-https-v6", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" })); } },
            "the tasks' group reaches S3 by prefix list on any port": { change: s => { s.push(tasksEgress("tasks-s3", { ipProtocol: "-1", prefixListId: "pl-63a5400a" })); } },
            "a port listed in internetEgressPorts": { change: s => { s.push(tasksEgress("tasks-smtp", { ipProtocol: "tcp", fromPort: 587, toPort: 587, cidrIpv4: "0.0.0.0/0" })); }, config: { internetEgressPorts: [443, 587] } },
            "the database's own group is left to sg-data-stores-no-internet-egress": { change: s => { s.push(dbEgress({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })); } },
        },
        violations: {
            "the tasks' HTTPS rule widened to all traffic": { change: s => { named(s, "tasks-sg").props.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]; }, message: /tasks-sg lets tasks-sg send all traffic to 0\.0\.0\.0\/0: every protocol and port/ },
            "PostgreSQL to anywhere (a function holding the master password replays it to any host)": {
                change: s => { s.push(tasksEgress("tasks-db-anywhere", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" })); }, message: /send tcp 5432-5432 to 0\.0\.0\.0\/0: TCP 5432 \(5432 beyond 443\)/,
            },
            "a TCP range that includes 443": { change: s => { s.push(tasksEgress("tasks-range", { ipProtocol: "tcp", fromPort: 1, toPort: 65535, cidrIpv4: "0.0.0.0/0" })); }, message: /TCP 1-65535 \(1, 2, 3, … beyond 443\)/ },
            "UDP to a public resolver": { change: s => { s.push(tasksEgress("tasks-dns", { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "8.8.8.8/32" })); }, message: /protocol udp/ },
            "all traffic to a public block through a legacy rule": {
                change: s => { s.push({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "tasks-out-legacy", props: { type: "egress", securityGroupId: "sg-tasks", protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["52.0.0.0/8"] } }); },
                message: /tasks-out-legacy lets tasks-sg send all traffic to 52\.0\.0\.0\/8/,
            },
            "PostgreSQL to a customer managed prefix list whose entries include 0.0.0.0/0": {
                change: s => {
                    s.push({ type: "aws:ec2/managedPrefixList:ManagedPrefixList", name: "partners", props: { id: "pl-0partners", addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "203.0.113.0/24" }, { cidr: "0.0.0.0/0" }] } });
                    s.push(tasksEgress("tasks-partners", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-0partners" }));
                },
                message: /tasks-partners lets tasks-sg send tcp 5432-5432 to 203\.0\.113\.0\/24, 0\.0\.0\.0\/0/,
            },
            "two halves of the internet on 5432": {
                change: s => { s.push(tasksEgress("half-a", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/1" }), tasksEgress("half-b", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "128.0.0.0/1" })); },
                message: /0\.0\.0\.0\/1|128\.0\.0\.0\/1/,
            },
        },
    });
});
