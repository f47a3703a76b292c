import { resourcePolicy } from "../lib/define";
import { MYSQL_PORT, POSTGRES_PORT, REDIS_PORT } from "../lib/facts/ports";
import { SECURITY_GROUP, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { admitsPort, GUIDE_NETWORK, ingressRulesOf } from "./ingress";
import { portListProperty } from "../lib/config";

export const sgDataPortsFromGroups = resourcePolicy<{ dataPorts: number[] }>({
    name: "sg-data-ports-from-groups",
    description: "Database and cache ports (PostgreSQL, MySQL, Redis) admit only other security groups, never CIDR ranges or prefix lists.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.19",
        remediationSteps: "Replace the CIDR source with the backend tasks' security group (sourceSecurityGroupId / referencedSecurityGroupId / securityGroups).",
    },
    config: {
        dataPorts: portListProperty([POSTGRES_PORT, MYSQL_PORT, REDIS_PORT], "Ports of data stores."),
    },
    types: [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_INGRESS_RULE],
    validate: (props, report, { args, config }) => {
        for (const rule of ingressRulesOf(args.type, props)) {
            const ports = config.dataPorts.filter(p => admitsPort(rule, p));
            if (ports.length > 0 && rule.addressSources.length > 0) {
                report(`ingress from ${rule.addressSources.join(", ")} reaches data port ${ports.join(", ")}.`);
            }
        }
    },
});
