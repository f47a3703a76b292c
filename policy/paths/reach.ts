/**
 * Network paths: each service reaches the data stores it is configured for (an SSM parameter
 * it reads holds the store's address, or its task role may log in to the database), the load
 * balancer reaches each target's port, and the database's functions (rotation, maintenance)
 * reach the database; through the security groups and, both ways, the network ACLs of every
 * subnet edge crossed (policy/paths/network.ts). Their AWS calls are awsCalls.ts's.
 */
import { broken, ok, parsed, PathResource, PathResult, StackIndex, strings } from "./model";
import { workloadSubnets } from "./origin";
import { AWS_EPHEMERAL, connection, Endpoint, LINUX_EPHEMERAL, SECURITY_GROUP, securityGroupRules, subnetSides, taskEphemeral } from "./network";
import { ECS_SERVICE, TASK_DEFINITION } from "./tasks";
import { POSTGRES_PORT, REDIS_PORT } from "../lib/facts/ports";

const RDS = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const PARAMETER = "aws:ssm/parameter:Parameter";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const LAMBDA = "aws:lambda/function:Function";
const STACK = "pulumi:pulumi:Stack";
/** The dr phase in which the stack waits at zero tasks to be promoted (components/dr/phase.ts). */
const PILOT_LIGHT_PHASE = "standby";
const SUBNET = "aws:ec2/subnet:Subnet";

export interface Store { resource: PathResource; kind: string; port: number; groups: PathResource[]; subnets: PathResource[]; addresses: string[] }

/** The subnets of a store's subnet group (a CIDR egress rule must cover each; the store may run in any). */
function subnetGroupSubnets(ix: StackIndex, store: PathResource, property: string, groupType: string): PathResource[] {
    const group = ix.refs(store, property, groupType)[0];
    return group ? ix.refs(group, "subnetIds", SUBNET) : [];
}

/** One side of a connection: its groups, and the subnets it runs in with their blocks and ACLs. */
function side(ix: StackIndex, groups: PathResource[], subnets: PathResource[], ephemeral?: readonly [number, number]): Endpoint {
    const blocks = subnets.map((s) => s.props.cidrBlock).filter((c): c is string => typeof c === "string");
    return { groups, cidrs: blocks.length && blocks.length === subnets.length ? blocks : undefined, subnets: subnetSides(ix, subnets), ephemeral };
}

/** The stack's PostgreSQL instances and Redis replication groups, with their port, groups and subnets. */
export function storesOf(ix: StackIndex): Store[] {
    const store = (r: PathResource, kind: string, port: number, groups: PathResource[], subnets: PathResource[], addresses: string[]): Store => ({ resource: r, kind, port, groups, subnets, addresses });
    const rds = ix.ofType(RDS).map((r) => store(r, "PostgreSQL", Number(r.props.port ?? POSTGRES_PORT), ix.refs(r, "vpcSecurityGroupIds", SECURITY_GROUP),
        subnetGroupSubnets(ix, r, "dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup"), strings([r.props.address, r.props.endpoint, r.props.resourceId])));
    const caches = ix.ofType(CACHE).map((r) => store(r, "Redis", Number(r.props.port ?? REDIS_PORT), ix.refs(r, "securityGroupIds", SECURITY_GROUP),
        subnetGroupSubnets(ix, r, "subnetGroupName", "aws:elasticache/subnetGroup:SubnetGroup"), strings([r.props.primaryEndpointAddress, r.props.readerEndpointAddress])));
    return [...rds, ...caches];
}

/** What a service's tasks read (parameter values) and may log in to: the strings that name its stores. */
function serviceMentions(ix: StackIndex, service: PathResource): string[] {
    const definition = ix.refs(service, "taskDefinition", TASK_DEFINITION)[0];
    if (!definition) return [];
    const refs = strings(definition.props.containerDefinitions);
    const params = ix.ofType(PARAMETER).filter((p) => refs.some((s) => s.includes(p.props.arn ?? "\0")));
    const taskRole = definition.props.taskRoleArn;
    const policies = ix.ofType(ROLE_POLICY).filter((p) => strings(p.props.role).some((n) => typeof taskRole === "string" && taskRole.endsWith(`/${n}`)));
    return [...params.map((p) => String(p.props.value ?? "")), ...policies.map((p) => String(p.props.policy ?? ""))];
}

/** Where the replies to a service's tasks return: what their containers set for net.ipv4.ip_local_port_range, else Linux's default. */
function ephemeralOf(ix: StackIndex, service: PathResource): readonly [number, number] {
    const definition = ix.refs(service, "taskDefinition", TASK_DEFINITION)[0];
    return definition ? taskEphemeral(parsed<Parameters<typeof taskEphemeral>[0]>(definition.props.containerDefinitions) ?? []) : LINUX_EPHEMERAL;
}

/**
 * Whether a service's network paths must hold: it runs tasks, or it is the dr stack's pilot light
 * (`drPhase` standby): promotion only scales it up, during an outage, so what it must reach is
 * verified while it waits. A fenced stack (prod fenced, dr in failback), scaled to zero, closes its
 * data stores to its services on purpose: its paths are verified by the preview that gives them
 * tasks again.
 */
export function mustReach(ix: StackIndex): (service: PathResource) => boolean {
    const pilotLight = ix.ofType(STACK).some((s) => s.props.drPhase === PILOT_LIGHT_PHASE);
    return (service) => pilotLight || Number(service.props.desiredCount ?? 1) > 0;
}

function connectionResult(
    path: string, rules: ReturnType<typeof securityGroupRules>, from: Endpoint, to: Endpoint, port: number, ends: PathResult["ends"],
): PathResult {
    if (from.groups.length === 0 || to.groups.length === 0) return { ...ok(path), ends };
    const c = connection(rules, from, to, port);
    if (c.ok) return { ...ok(path), ends };
    return { ...("acl" in c ? broken(path, c.missing, c.acl) : broken(path, `${c.side} rule for TCP ${port} ${c.side === "egress" ? "to" : "from"} the other side`, c.group)), ends };
}

function storePaths(ix: StackIndex, rules: ReturnType<typeof securityGroupRules>, stores: Store[]): PathResult[] {
    const results: PathResult[] = [];
    for (const service of ix.ofType(ECS_SERVICE).filter(mustReach(ix))) {
        const mentions = serviceMentions(ix, service);
        const from = side(ix, ix.refs(service, "networkConfiguration", SECURITY_GROUP), ix.refs(service, "networkConfiguration", SUBNET), ephemeralOf(ix, service));
        for (const store of stores.filter((s) => s.addresses.some((a) => mentions.some((m) => m.includes(a))))) {
            const path = `service ${service.props.name ?? service.name} reaches ${store.kind} ${store.resource.name} on ${store.port}`;
            results.push(connectionResult(path, rules, from, side(ix, store.groups, store.subnets), store.port, { from: service.urn, to: store.resource.urn }));
        }
    }
    return results;
}

/**
 * What is missing for ECS to register `containerName:containerPort` with a target group: the
 * container, or its port mapping (ECS refuses the service, or the deployment never becomes
 * healthy). Undefined when the definition maps it, or its containers are not known.
 */
function unmappedPort(definition: PathResource, containerName: string | undefined, port: number): string | undefined {
    const containers = parsed<Array<{ name?: string; portMappings?: Array<{ containerPort?: number }> }>>(definition.props.containerDefinitions);
    if (!Array.isArray(containers) || containerName === undefined) return undefined;
    const container = containers.find((c) => c.name === containerName);
    if (!container) return `a container named ${containerName} in the task definition`;
    return (container.portMappings ?? []).some((m) => m.containerPort === port) ? undefined : `a port mapping for ${port} on container ${containerName}`;
}

function albPaths(ix: StackIndex, rules: ReturnType<typeof securityGroupRules>): PathResult[] {
    const results: PathResult[] = [];
    const forwarders = [...ix.ofType(LISTENER).map((l) => ({ l, via: "defaultActions" })), ...ix.ofType(LISTENER_RULE).map((l) => ({ l, via: "actions" }))];
    for (const service of ix.ofType(ECS_SERVICE).filter(mustReach(ix))) {
        const groups = ix.refs(service, "networkConfiguration", SECURITY_GROUP);
        const definition = ix.refs(service, "taskDefinition", TASK_DEFINITION)[0];
        for (const lb of (service.props.loadBalancers ?? []) as Array<{ targetGroupArn?: string; containerName?: string; containerPort?: number }>) {
            const tg = ix.named(lb.targetGroupArn, TARGET_GROUP)[0] ?? ix.refs(service, "loadBalancers", TARGET_GROUP)[0];
            if (!tg || lb.containerPort === undefined) continue;
            const unmapped = definition && unmappedPort(definition, lb.containerName, lb.containerPort);
            if (unmapped) {
                results.push(broken(`${service.props.name ?? service.name} registers container ${lb.containerName} on ${lb.containerPort} with its target group`, unmapped, definition));
                continue;
            }
            const listeners = forwarders.filter(({ l, via }) => ix.refs(l, via, TARGET_GROUP).includes(tg))
                .map(({ l }) => (l.type === LISTENER ? l : ix.refs(l, "listenerArn", LISTENER)[0])).filter((l): l is PathResource => !!l);
            const albs = [...new Set(listeners.flatMap((l) => ix.refs(l, "loadBalancerArn", LOAD_BALANCER)))];
            for (const alb of albs) {
                const path = `load balancer ${alb.props.name ?? alb.name} reaches ${service.props.name ?? service.name} on ${lb.containerPort}`;
                results.push(connectionResult(path, rules, side(ix, ix.refs(alb, "securityGroups", SECURITY_GROUP), ix.refs(alb, "subnets", SUBNET), AWS_EPHEMERAL),
                    side(ix, groups, ix.refs(service, "networkConfiguration", SUBNET)), lb.containerPort, { from: alb.urn, to: service.urn }));
            }
        }
    }
    return results;
}

/** A property the resource does not set (absent, and not merely unknown in preview). */
const unset = (r: PathResource, property: string): boolean => r.props[property] === undefined && !(r.pending ?? []).includes(property);

function functionPaths(ix: StackIndex, rules: ReturnType<typeof securityGroupRules>, stores: Store[]): PathResult[] {
    const results: PathResult[] = [];
    const functions = [
        // A function without the setting runs outside the VPC; dependencies recorded for a setting it no longer has do not count.
        ...ix.ofType(ROTATION_APP).map((f) => ({ f, label: "rotation function", groups: unset(f, "parameters") || (f.props.parameters && f.props.parameters.vpcSecurityGroupIds === undefined) ? [] : ix.refs(f, "parameters", SECURITY_GROUP) })),
        ...ix.ofType(LAMBDA).map((f) => ({ f, label: `function ${f.props.name ?? f.name}`, groups: unset(f, "vpcConfig") ? [] : ix.refs(f, "vpcConfig", SECURITY_GROUP) })),
    ];
    for (const { f, label, groups } of functions) {
        const family = ix.ancestors(f);
        // The database the function serves: the one in the same component.
        const db = stores.find((s) => s.resource.type === RDS && ix.ancestors(s.resource).some((a) => family.includes(a) && ix.urn(a)?.type !== "pulumi:pulumi:Stack"));
        if (groups.length === 0) {
            // Outside the VPC a function reaches no private database: it runs, and every connection times out.
            if (db && db.resource.props.publiclyAccessible !== true) {
                const where = f.type === LAMBDA ? "vpcConfig (subnetIds and securityGroupIds" : "parameters vpcSubnetIds and vpcSecurityGroupIds (";
                results.push(broken(`${label} reaches PostgreSQL ${db.resource.name} on ${db.port}`, `${where} of the database's VPC, with a path to port ${db.port}): the function runs outside the VPC`, f));
            }
            continue;
        }
        const subnets = (workloadSubnets(ix, f) ?? []).filter((s): s is PathResource => s !== undefined);
        if (db) results.push(connectionResult(`${label} reaches PostgreSQL ${db.resource.name} on ${db.port}`, rules, side(ix, groups, subnets, AWS_EPHEMERAL), side(ix, db.groups, db.subnets), db.port, { from: f.urn, to: db.resource.urn }));
    }
    return results;
}

export function networkPaths(ix: StackIndex): PathResult[] {
    const rules = securityGroupRules(ix);
    const stores = storesOf(ix);
    return [...storePaths(ix, rules, stores), ...albPaths(ix, rules), ...functionPaths(ix, rules, stores)];
}
