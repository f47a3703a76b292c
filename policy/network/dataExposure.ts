/**
 * `network-data-stores-not-exposed`: a load balancer that the internet or other accounts reach
 * must not carry traffic to a database or cache. Security groups alone do not show it: the data
 * store admits the load balancer's group, and the load balancer admits the world.
 */
import { portListProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { ACCOUNT_CONFIG, AccountConfig, trustedAccounts } from "../lib/account";
import { MYSQL_PORT, POSTGRES_PORT, REDIS_PORT } from "../lib/facts/ports";
import { PathResource, StackIndex, strings } from "../paths/model";
import { cidrContains, securityGroupRules, SECURITY_GROUP } from "../paths/network";
import { DATA_STORE_GROUPS, DATA_STORE_SUBNET_GROUPS } from "./dataStores";
import { GUIDE_NETWORK } from "./ingress";
import { CLASSIC_LOAD_BALANCER, exposedLoadBalancers, forwardedTargetGroups, LOAD_BALANCERS, networkIndex, SUBNET, TARGET_GROUPS } from "./topology";

const ATTACHMENTS = ["aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment"];

interface DataStores {
    groups: Set<PathResource>;
    /** Address blocks of the data stores' subnets. */
    cidrs: string[];
    /** Endpoints, addresses and ids the stores are known by. */
    names: Set<string>;
}

function dataStoresOf(ix: StackIndex): DataStores {
    const stores = ix.ofType(...Object.keys(DATA_STORE_GROUPS));
    const groups = new Set(stores.flatMap((s) => ix.refs(s, DATA_STORE_GROUPS[s.type], SECURITY_GROUP)));
    const cidrs = stores.flatMap((s) => {
        const [property, groupType] = DATA_STORE_SUBNET_GROUPS[s.type] ?? [];
        const subnetGroup = property ? ix.refs(s, property, groupType)[0] : undefined;
        return subnetGroup ? ix.refs(subnetGroup, "subnetIds", SUBNET).flatMap((n) => strings(n.props.cidrBlock)) : [];
    });
    const names = new Set(stores.flatMap((s) => strings([s.props.address, s.props.endpoint, s.props.identifier, s.props.arn, s.id])));
    return { groups, cidrs, names };
}

/**
 * Why a target group's traffic lands on a data store, or undefined: a registered target that is
 * a store (its id or address, or an IP in a store's subnets), or a data port (the attachment's,
 * else the group's: targets registered outside the program land there too).
 */
export function dataTarget(ix: StackIndex, tg: PathResource, stores: DataStores, dataPorts: number[]): string | undefined {
    const attachments = ix.ofType(...ATTACHMENTS).filter((a) => ix.refs(a, "targetGroupArn", ...TARGET_GROUPS).includes(tg));
    for (const a of attachments) {
        const target = String(a.props.targetId ?? "");
        const port = Number(a.props.port ?? tg.props.port);
        if (stores.names.has(target)) return `target ${target} is a data store`;
        if (stores.cidrs.some((c) => cidrContains(c, `${target}/32`))) return `target ${target} is an address in a data store's subnets`;
        if (dataPorts.includes(port)) return `target ${target} listens on data port ${port}`;
    }
    const port = Number(tg.props.port);
    return attachments.length === 0 && dataPorts.includes(port) ? `its targets listen on data port ${port}` : undefined;
}

export const networkDataStoresNotExposed = stackPolicy<AccountConfig & { dataPorts: number[] }>({
    name: "network-data-stores-not-exposed",
    description: "No load balancer that the internet or another account can reach (internet-facing; internal behind API Gateway, CloudFront VPC origins or Global Accelerator; " +
        "or offered through a PrivateLink endpoint service without acceptance) forwards to a database or cache, " +
        "and no data store's security group admits such a load balancer's group.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_NETWORK,
        remediationSteps: "Remove the listener or target group that forwards to the data store, and the data store's ingress rule from the load balancer's group; " +
            "reach the database only from the backend tasks' group (an operator connects through ECS Exec, not a load balancer).",
    },
    config: {
        ...ACCOUNT_CONFIG,
        dataPorts: portListProperty([POSTGRES_PORT, MYSQL_PORT, REDIS_PORT], "Ports of data stores a public load balancer must not forward to."),
    },
    types: [...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER, ...TARGET_GROUPS, ...ATTACHMENTS, "aws:ec2/vpcEndpointService:VpcEndpointService"],
    validate: (resources, report, { config }) => {
        const ix = networkIndex(resources);
        const exposed = exposedLoadBalancers(ix, trustedAccounts(resources, config));
        if (exposed.size === 0) return;
        const stores = dataStoresOf(ix);
        const rules = securityGroupRules(ix);
        for (const [lb, how] of exposed) {
            const label = `load balancer ${lb.props.name ?? lb.name}`;
            for (const tg of forwardedTargetGroups(ix, lb)) {
                const why = dataTarget(ix, tg, stores, config.dataPorts);
                if (why) report(`${label} ${how} and forwards to target group ${tg.name}, where ${why}; a data store is reached only from the backend's security group.`, tg.urn);
            }
            if (lb.type === CLASSIC_LOAD_BALANCER) {
                const ports = ((lb.props.listeners ?? []) as Array<{ instancePort?: number }>).map((l) => Number(l.instancePort)).filter((p) => config.dataPorts.includes(p));
                if (ports.length > 0) report(`${label} ${how} and forwards to instance port ${ports.join(", ")}, a data port; a data store is reached only from the backend's security group.`, lb.urn);
            }
            const lbGroups = ix.refs(lb, "securityGroups", SECURITY_GROUP);
            for (const rule of rules.filter((r) => r.direction === "ingress" && stores.groups.has(r.group) && r.peers.some((p) => lbGroups.includes(p)))) {
                report(`data store group ${rule.group.name} admits the group of ${label}, which ${how}: remove that ingress rule.`, rule.group.urn);
            }
        }
    },
});
