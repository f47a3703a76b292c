/**
 * What a workload's security group lets it send out of the VPC. A task or function that holds
 * credentials (the backend's secrets, the rotation and db-tasks functions' master password) and
 * may open connections to any host on any port can hand them to an attacker's server as easily as
 * to AWS: an outbound PostgreSQL connection to a foreign host replays the master password. What
 * the stack's workloads need from the internet is HTTPS (AWS's APIs through NAT, the video
 * provider); data ports go to the stores' private subnets or groups.
 */
import { stackPolicy } from "../lib/define";
import { SECURITY_GROUP, SECURITY_GROUP_EGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { dataStoreGroups, egressRules, reachesInternet, trafficOf } from "./dataEgress";
import { GUIDE_NETWORK, IngressRule } from "./ingress";

/** Ports a workload may open to the internet by default: HTTPS only. */
export const INTERNET_EGRESS_PORTS = [443];

/** Why a rule toward internet addresses is wider than `ports` allow, or undefined when it is within them. */
export function internetEgressProblem(rule: IngressRule, ports: readonly number[]): string | undefined {
    if (rule.protocol === "-1") {
        return "every protocol and port";
    }
    if (!["tcp", "6"].includes(rule.protocol)) {
        return `protocol ${rule.protocol}`;
    }
    const outside = [];
    for (let port = rule.fromPort; port <= rule.toPort && outside.length < 3; port++) {
        if (!ports.includes(port)) outside.push(port);
    }
    return outside.length > 0 ? `TCP ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`} (${outside.join(", ")}${outside.length === 3 ? ", …" : ""} beyond ${ports.join(", ")})` : undefined;
}

export const sgWorkloadEgressScoped = stackPolicy<{ internetEgressPorts: number[] }>({
    name: "sg-workload-egress-scoped",
    description: "Workload security groups (tasks, functions, the load balancer: every group that is not a data store's) send nothing to internet addresses but TCP on internetEgressPorts (HTTPS): " +
        "a compromised task or a function holding the master password cannot open a connection out on any other port or protocol.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        remediationSteps: "Narrow the egress rule to TCP 443 toward the internet (AWS APIs, the video provider), and send data ports (5432, 6379) only to the stores' private subnets or security groups (components/network, components/data).",
    },
    config: {
        internetEgressPorts: {
            type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, uniqueItems: true, default: INTERNET_EGRESS_PORTS,
            description: "TCP ports workloads may open to internet addresses (default [443]: HTTPS to AWS's APIs and the video provider). Add a port only for a named external service that needs it.",
        },
    },
    types: [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_EGRESS_RULE],
    validate: (resources, report, { config }) => {
        const dataGroups = dataStoreGroups(resources); // judged by sg-data-stores-no-internet-egress
        for (const { resource, group, rule } of egressRules(resources).filter(e => !dataGroups.has(e.group))) {
            const outside = rule.addressSources.filter(reachesInternet);
            const problem = outside.length > 0 ? internetEgressProblem(rule, config.internetEgressPorts) : undefined;
            if (problem) {
                report(`${resource.name} lets ${group.name} send ${trafficOf(rule)} to ${outside.join(", ")}: ${problem} reach any host on the internet, ` +
                    `so whatever runs in the group can hand its credentials and data to a server of the attacker's. Toward the internet allow only TCP ${config.internetEgressPorts.join(", ")}.`, resource.urn);
            }
        }
    },
});
