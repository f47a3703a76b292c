/**
 * Class 3: network reach judged by what AWS admits, not by how a change spells it: address
 * ranges that together cover the internet (split halves, quarters, IPv6 halves, a managed prefix
 * list holding the world), beside the office and VPC ranges that stay allowed.
 */
import { ACCOUNT, add, all, Case, suite, tags } from "./support";

const SG_BACKEND = "sg-002904b010804e592", SG_ALB = "sg-055597cfc4c445c69";
const T = (component: string) => tags(component);

const ingress = (name: string, p: Record<string, any>) =>
    add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { ipProtocol: "tcp", tags: T("backend"), ...p });
/** A managed prefix list as a deployed one exports it: its id at the end of its ARN. */
const prefixList = (name: string, id: string, family: "IPv4" | "IPv6", cidrs: string[]) =>
    add("aws:ec2/managedPrefixList:ManagedPrefixList", name, { name, addressFamily: family, maxEntries: 5, entries: cidrs.map(cidr => ({ cidr })), tags: T("network") },
        { id, outputs: { name, addressFamily: family, maxEntries: 5, entries: cidrs.map(cidr => ({ cidr })), id, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/${id}`, tags: T("network") } });

const violations: Case[] = [
    // Ranges that cover the internet together
    { name: "SSH to the backend open to 0.0.0.0/1 and 128.0.0.0/1 in two rules", change: all(
        ingress("backend-ssh-a", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" }),
        ingress("backend-ssh-b", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" })) },
    { name: "the backend port open to four /2s", change: all(
        ...["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"].map((c, i) => ingress(`backend-q${i}`, { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv4: c }))) },
    { name: "a /1 on SSH plus two /2s through a wide port range", change: all(
        ingress("backend-half", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" }),
        ingress("backend-range-a", { securityGroupId: SG_BACKEND, fromPort: 1, toPort: 1024, cidrIpv4: "128.0.0.0/2" }),
        ingress("backend-range-b", { securityGroupId: SG_BACKEND, fromPort: 20, toPort: 30, cidrIpv4: "192.0.0.0/2" })) },
    { name: "the backend port open to ::/1 and 8000::/1", change: all(
        ingress("backend-v6a", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv6: "::/1" }),
        ingress("backend-v6b", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv6: "8000::/1" })) },
    { name: "SSH from a public /8 (wider than any office block)", change: ingress("backend-ssh-cloud", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "52.0.0.0/8" }) },
    // Managed prefix lists
    { name: "SSH to the backend through a new prefix list holding 0.0.0.0/0 (named by a literal id)", change: all(
        add("aws:ec2/managedPrefixList:ManagedPrefixList", "admin-ranges", { name: "admin-ranges", addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "0.0.0.0/0", description: "temp" }], tags: T("network") }),
        ingress("backend-ssh-pl", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, prefixListId: "pl-0123456789abcdef1" })) },
    { name: "the backend port through a deployed prefix list holding ::/0", change: all(
        prefixList("v6-ranges", "pl-0aaaabbbbccccdddd", "IPv6", ["::/0"]),
        ingress("backend-v6-pl", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, prefixListId: "pl-0aaaabbbbccccdddd" })) },
    { name: "a partner's /24 list widened to the internet by a prefix-list entry resource", change: all(
        prefixList("partner-ranges", "pl-0bbbbccccddddeeee", "IPv4", ["198.51.100.0/24"]),
        add("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "partner-wide", { prefixListId: "pl-0bbbbccccddddeeee", cidr: "0.0.0.0/0" }),
        ingress("backend-partner-pl", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, prefixListId: "pl-0bbbbccccddddeeee" })) },
];

const compliant: Case[] = [
    { name: "SSH to the backend from the office's /24", change: ingress("backend-ssh-office", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24" }) },
    { name: "the backend port from a VPC-internal prefix list", change: all(
        prefixList("vpc-ranges", "pl-0ccccddddeeeeffff", "IPv4", ["10.0.0.0/16", "10.1.0.0/16"]),
        ingress("backend-from-vpc-pl", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, prefixListId: "pl-0ccccddddeeeeffff" })) },
    { name: "the ALB's HTTPS written as two /1 halves (a load balancer may face the internet on 443)", change: all(
        ingress("alb-https-a", { securityGroupId: SG_ALB, fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/1", tags: T("load-balancer") }),
        ingress("alb-https-b", { securityGroupId: SG_ALB, fromPort: 443, toPort: 443, cidrIpv4: "128.0.0.0/1", tags: T("load-balancer") })) },
    { name: "two partner /24s on different ports", change: all(
        ingress("backend-partner-a", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24" }),
        ingress("backend-partner-b", { securityGroupId: SG_BACKEND, fromPort: 8022, toPort: 8022, cidrIpv4: "198.51.101.0/24" })) },
];

suite("adversarial class 3: network reach by what address ranges cover together", violations, compliant);
