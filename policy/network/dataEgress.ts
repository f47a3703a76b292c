import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, linker, ofType } from "../lib/stack";
import { SECURITY_GROUP, SECURITY_GROUP_EGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { cidrContains } from "../paths/network";
import { DATA_STORE_GROUPS } from "./dataStores";
import { prefixListResolver } from "./prefixLists";
import { groupId, GUIDE_NETWORK, IngressRule, rulesOf } from "./ingress";

/** RFC 1918: addresses that stay inside private networks (the VPC, peered VPCs, on-premises over VPN). */
const PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * Whether an egress destination includes addresses on the internet: an IPv4 block outside
 * RFC 1918, or an IPv6 block outside unique-local fc00::/7. A prefix list names AWS services
 * (S3, DynamoDB), not the internet; an address that does not parse counts as the internet.
 */
export function reachesInternet(address: string): boolean {
    if (address.startsWith("pl-")) {
        return false;
    }
    if (address.includes(":")) {
        return !/^f[cd][0-9a-f]{0,2}:/i.test(address);
    }
    return !PRIVATE_V4.some(block => cidrContains(block, address));
}

/** One egress rule and the security group it belongs to. */
export interface GroupEgress {
    /** The resource that declares the rule (the group itself for inline rules). */
    resource: PolicyResource;
    group: PolicyResource;
    rule: IngressRule;
}

/** The security groups the stack's data stores (databases, caches) are placed in. */
export function dataStoreGroups(resources: PolicyResource[]): Set<PolicyResource> {
    const groupOf = linker(ofType(resources, SECURITY_GROUP), [groupId]);
    return new Set(Object.entries(DATA_STORE_GROUPS).flatMap(([type, property]) =>
        ofType(resources, [type]).flatMap(store => groupOf(store, property))));
}

/**
 * Every egress rule of the stack, inline or standalone, with its group (rules whose group is not
 * in the stack are left out). A customer managed prefix list the stack declares stands for its
 * entries (an entry 0.0.0.0/0 is the internet behind a pl- id); an AWS-managed one (S3,
 * DynamoDB) stays a service.
 */
export function egressRules(resources: PolicyResource[]): GroupEgress[] {
    const groupOf = linker(ofType(resources, SECURITY_GROUP), [groupId]);
    const entriesOf = prefixListResolver(resources);
    return ofType(resources, [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_EGRESS_RULE]).flatMap(resource => {
        const group = SECURITY_GROUP.includes(resource.type as (typeof SECURITY_GROUP)[number]) ? resource : groupOf(resource, "securityGroupId")[0];
        // Unknown rules can't be judged until the update.
        return group ? known(() => rulesOf("egress", resource.type, resource.props), []).map(rule => ({
            resource, group,
            rule: { ...rule, addressSources: rule.addressSources.flatMap(a => { const entries = a.startsWith("pl-") ? entriesOf(resource, a) : []; return entries.length > 0 ? entries : [a]; }) },
        })) : [];
    });
}

/** How a rule's traffic reads in a message: "all traffic" or "tcp 5432-5432". */
export function trafficOf(rule: IngressRule): string {
    return rule.protocol === "-1" ? "all traffic" : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}

export const sgDataStoresNoInternetEgress = stackPolicy({
    name: "sg-data-stores-no-internet-egress",
    description: "The security groups of databases and caches (RDS instances and clusters, ElastiCache, MemoryDB) allow no egress to the internet: a data store opens no connections out, so a compromised engine cannot send data away.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        remediationSteps: "Remove the egress rule, or narrow it to the VPC's private ranges or a named security group; a data store answers connections, it does not open them.",
    },
    types: [...Object.keys(DATA_STORE_GROUPS), ...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_EGRESS_RULE],
    validate: (resources, report) => {
        const dataGroups = dataStoreGroups(resources);
        for (const { resource, group, rule } of egressRules(resources).filter(e => dataGroups.has(e.group))) {
            const outside = rule.addressSources.filter(reachesInternet);
            if (outside.length > 0) {
                report(`${resource.name} lets data store group ${group.name} send ${trafficOf(rule)} to ${outside.join(", ")}; a database or cache opens no connections to the internet.`, resource.urn);
            }
        }
    },
});
