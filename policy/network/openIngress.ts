import { stackPolicy } from "../lib/define";
import { known, linker, ofType } from "../lib/stack";
import { LOAD_BALANCER, SECURITY_GROUP, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE } from "../lib/tokens";
import { ANYWHERE, groupId, GUIDE_NETWORK, IngressRule, ingressRulesOf } from "./ingress";
import { instancesOnDefaultPorts } from "./lightsail";
import { portListProperty } from "../lib/config";

export const sgNoOpenIngress = stackPolicy<{ publicPorts: number[] }>({
    name: "sg-no-open-ingress",
    description: "No security group admits 0.0.0.0/0 or ::/0, except HTTP and HTTPS (80/443) on a load balancer's group; no Lightsail instance keeps Lightsail's default firewall (SSH open to every address).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.18",
        remediationSteps: "Admit other groups (e.g. the ALB's) instead of CIDRs; only the load balancer's group may be open to the internet, and only on 80 and 443. Give a Lightsail instance an aws.lightsail.InstancePublicPorts listing only the ports it serves.",
    },
    config: {
        publicPorts: portListProperty([80, 443], "Ports a load balancer's group may open to the internet."),
    },
    validate: (resources, report, { config }) => {
        const groups = ofType(resources, SECURITY_GROUP);
        const groupOf = linker(groups, [groupId]);
        const lbGroups = new Set(ofType(resources, LOAD_BALANCER).flatMap(lb => groupOf(lb, "securityGroups")));
        const isPublicPort = (r: IngressRule) => r.protocol !== "-1" && r.fromPort === r.toPort && config.publicPorts.includes(r.fromPort);

        for (const resource of ofType(resources, [...SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_INGRESS_RULE])) {
            // Unknown rules can't be judged until the update.
            const rules = known(() => ingressRulesOf(resource.type, resource.props), []);
            const open = rules.filter(r => r.addressSources.some(s => ANYWHERE.includes(s)));
            if (open.length === 0) {
                continue;
            }
            const owners = SECURITY_GROUP.includes(resource.type as (typeof SECURITY_GROUP)[number])
                ? [resource]
                : groupOf(resource, "securityGroupId");
            const onLoadBalancer = owners.length > 0 && owners.every(g => lbGroups.has(g));
            for (const r of open) {
                const ports = r.protocol === "-1" ? "all traffic" : `${r.protocol} ${r.fromPort}-${r.toPort}`;
                if (!isPublicPort(r)) {
                    report(`${resource.name} admits the internet on ${ports}; only ${config.publicPorts.join("/")} may be open.`, resource.urn);
                } else if (!onLoadBalancer) {
                    report(`${resource.name} admits the internet on ${ports} but is not a load balancer's security group.`, resource.urn);
                }
            }
        }
        for (const instance of instancesOnDefaultPorts(resources)) {
            report(`${instance.name} is a Lightsail instance without an InstancePublicPorts: it keeps Lightsail's default firewall, SSH 22 open to every address.`, instance.urn);
        }
    },
});
