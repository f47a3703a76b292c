/**
 * `sg-app-ports-from-load-balancer`: a service behind a load balancer is reached through it, where
 * WAF, TLS and the access logs are. AWS admits a connection to a task's interface when any rule of
 * any of its security groups admits it, so every ingress rule of those groups that covers the port
 * a target group sends to must name the forwarding load balancer's group and nothing else: an
 * address range, however internal (the VPC's own CIDR), a prefix list, `self` or another group lets
 * whatever sits there call the application around the edge.
 */
import { stackPolicy } from "../lib/define";
import { PathResource, StackIndex, strings } from "../paths/model";
import { covers, Rule, SECURITY_GROUP, securityGroupRules } from "../paths/network";
import { ECS_SERVICE } from "../paths/tasks";
import { GUIDE_NETWORK } from "./ingress";
import { forwardedTargetGroups, LISTENER_RULES, LISTENERS, LOAD_BALANCERS, networkIndex, TARGET_GROUPS } from "./topology";

const INGRESS_RULE_TYPES = ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"];

/** A load-balanced port of a service, with the groups of the load balancers that forward to it. */
export interface BalancedPort {
    service: PathResource;
    port: number;
    /** The security groups of the service's tasks. */
    taskGroups: PathResource[];
    /** The groups of the load balancers forwarding to the service's target groups. */
    balancerGroups: PathResource[];
}

/**
 * The ports ECS services receive load-balanced traffic on (`loadBalancers[].containerPort`; in
 * awsvpc mode the target is registered on that port), with the groups allowed to send it: those of
 * every load balancer whose listeners forward to one of the service's target groups. A service whose
 * target groups no listener of the stack forwards to is judged against every load balancer's groups;
 * one behind a load balancer without security groups (a network load balancer passes the client's
 * address through) is left out, since only address ranges can admit its clients.
 */
export function balancedPorts(ix: StackIndex): BalancedPort[] {
    const balancers = ix.ofType(...LOAD_BALANCERS).map((lb) => ({ lb, targets: forwardedTargetGroups(ix, lb), groups: ix.refs(lb, "securityGroups", SECURITY_GROUP) }));
    const out: BalancedPort[] = [];
    for (const service of ix.ofType(ECS_SERVICE)) {
        const entries = (Array.isArray(service.props.loadBalancers) ? service.props.loadBalancers : []) as Array<Record<string, unknown>>;
        const ports = [...new Set(entries.map((e) => Number(e.containerPort)).filter((p) => Number.isInteger(p) && p > 0))];
        const taskGroups = ix.refs(service, "networkConfiguration", SECURITY_GROUP);
        if (ports.length === 0 || taskGroups.length === 0) continue;
        const targets = ix.refs(service, "loadBalancers", ...TARGET_GROUPS);
        const forwarding = balancers.filter((b) => b.targets.some((t) => targets.includes(t)));
        const front = forwarding.length > 0 ? forwarding : balancers;
        if (front.length === 0 || front.some((b) => b.groups.length === 0)) continue;
        const balancerGroups = [...new Set(front.flatMap((b) => b.groups))];
        out.push(...ports.map((port) => ({ service, port, taskGroups, balancerGroups })));
    }
    return out;
}

/** What a rule admits besides the load balancers' groups, as AWS reads its sources. */
export function otherSources(rule: Rule, balancerGroups: PathResource[]): string[] {
    return [
        ...strings([rule.cidrs, rule.otherAddresses]),
        ...rule.peers.filter((p) => !balancerGroups.includes(p)).map((p) => (p === rule.group ? `its own group ${p.name} (self)` : `group ${p.name}`)),
        ...rule.unknownPeers.map((id) => `group ${id} (not in this stack)`),
    ];
}

/** Every ingress rule of a service's groups that admits its load-balanced port from something other than the load balancer. */
export function bypassingRules(ix: StackIndex): Array<{ port: BalancedPort; rule: Rule; sources: string[] }> {
    const ports = balancedPorts(ix);
    if (ports.length === 0) return [];
    const ingress = securityGroupRules(ix).filter((r) => r.direction === "ingress");
    return ports.flatMap((port) => ingress
        .filter((r) => port.taskGroups.includes(r.group) && covers(r, port.port))
        .map((rule) => ({ port, rule, sources: otherSources(rule, port.balancerGroups) }))
        .filter((f) => f.sources.length > 0));
}

export const sgAppPortsFromLoadBalancer = stackPolicy({
    name: "sg-app-ports-from-load-balancer",
    description: "The port an ECS service receives from its load balancer is admitted, by every security group of its tasks together, only from the security groups of the load balancers that forward to it: " +
        "no address range (the VPC's own CIDR included), prefix list, self reference or other group, so nothing reaches the application around the load balancer's WAF, TLS and access logs.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_NETWORK} (the ALB is the only way in)`,
        remediationSteps: "Remove the ingress rule, or narrow its ports off the container port; admit the load balancer's security group (referencedSecurityGroupId) on the container port and nothing else. " +
            "A task that must call another service goes through the load balancer (or a port of its own the load balancer does not use).",
    },
    types: [ECS_SERVICE, SECURITY_GROUP, ...INGRESS_RULE_TYPES, ...LOAD_BALANCERS, ...LISTENERS, ...LISTENER_RULES, ...TARGET_GROUPS],
    validate: (resources, report) => {
        const seen = new Set<string>();
        for (const { port, rule, sources } of bypassingRules(networkIndex(resources))) {
            const key = `${rule.declaredBy.urn}|${port.port}|${sources.join()}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const ports = rule.protocol === "-1" ? "all traffic" : `${rule.protocol} ${rule.from}-${rule.to}`;
            report(`${rule.declaredBy.name} lets ${sources.join(", ")} into ${rule.group.name} on ${ports}, which covers port ${port.port} that service ${port.service.props.name ?? port.service.name} receives from its load balancer: ` +
                `anything there reaches the application without the load balancer's WAF and TLS. Admit only ${port.balancerGroups.map((g) => g.name).join(", ")} on ${port.port}.`, rule.declaredBy.urn);
        }
    },
});
