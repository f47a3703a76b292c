import { stackPolicy } from "../lib/define";
import { known, linker, ofType } from "../lib/stack";
import { SECURITY_GROUP, SECURITY_GROUP_EGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { cidrContains } from "../paths/network";
import { DATA_STORE_GROUPS } from "./dataStores";
import { groupId, GUIDE_NETWORK, rulesOf } from "./ingress";

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
        const groups = ofType(resources, SECURITY_GROUP);
        const groupOf = linker(groups, [groupId]);
        const dataGroups = new Set(Object.entries(DATA_STORE_GROUPS).flatMap(([type, property]) =>
            ofType(resources, [type]).flatMap(store => groupOf(store, property))));
        for (const resource of ofType(resources, [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_EGRESS_RULE])) {
            const owners = SECURITY_GROUP.includes(resource.type as (typeof SECURITY_GROUP)[number]) ? [resource] : groupOf(resource, "securityGroupId");
            const group = owners.find(g => dataGroups.has(g));
            if (!group) {
                continue;
            }
            // Unknown rules can't be judged until the update.
            for (const rule of known(() => rulesOf("egress", resource.type, resource.props), [])) {
                const outside = rule.addressSources.filter(reachesInternet);
                if (outside.length > 0) {
                    const ports = rule.protocol === "-1" ? "all traffic" : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
                    report(`${resource.name} lets data store group ${group.name} send ${ports} to ${outside.join(", ")}; a database or cache opens no connections to the internet.`, resource.urn);
                }
            }
        }
    },
});
