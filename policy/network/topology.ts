/**
 * The VPC as AWS routes it: which route table each subnet really uses, where its routes go, and
 * which load balancers other networks can reach (internet-facing, or offered through PrivateLink).
 * Pure over the path model's plain resources, so the network policies judge the same topology.
 */
import { PolicyResource } from "@pulumi/policy";

import { accountOf } from "../lib/iam/arn";
import { PathResource, StackIndex, strings } from "../paths/model";
import { pathResourceOf } from "../paths/policy";
import { LOCAL_ONLY, routeTablesOf, TableLinks } from "../paths/routeTables";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const ROUTE = "aws:ec2/route:Route";
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
export const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const MAIN_ROUTE_TABLE_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";
export const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
export const TRANSIT_GATEWAY = "aws:ec2transitgateway/transitGateway:TransitGateway";
export const TGW_VPC_ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
export const PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
export const PEERING_ACCEPTER = "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter";
export const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
export const EGRESS_ONLY_GATEWAY = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway";
const VPN_GATEWAY = "aws:ec2/vpnGateway:VpnGateway";
const NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
const INSTANCE = "aws:ec2/instance:Instance";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
export const ENDPOINT_SERVICE = "aws:ec2/vpcEndpointService:VpcEndpointService";
export const ENDPOINT_SERVICE_PRINCIPAL = "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple";
export const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const TARGET_GROUPS = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
export const LISTENER_RULES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
/** A Classic Load Balancer: its listeners name the instance port directly. */
export const CLASSIC_LOAD_BALANCER = "aws:elb/loadBalancer:LoadBalancer";

const ROUTE_TABLES = [ROUTE_TABLE, DEFAULT_ROUTE_TABLE];

/** Load balancer kinds as their ARNs spell them (`loadbalancer/net/<name>/<id>`). */
const ARN_KINDS: Record<string, string> = { app: "application", net: "network", gwy: "gateway" };

/**
 * The load balancer or target group an Elastic Load Balancing ARN names by its name segment:
 * `…:loadbalancer/net/<name>/<id>`, `…:targetgroup/<name>/<id>`. A resource created in the same
 * update has no ARN yet, and a hand-written ARN carries the name AWS will route by.
 */
function elbNamed(ix: StackIndex, value: string, types: string[]): PathResource[] {
    const m = /^arn:aws[\w-]*:elasticloadbalancing:[^:]*:[^:]*:(loadbalancer\/(app|net|gwy)|targetgroup)\/([^/]+)\//.exec(value);
    if (!m) return [];
    const [, resource, kind, name] = m;
    const wanted = resource === "targetgroup" ? TARGET_GROUPS : LOAD_BALANCERS;
    return ix.ofType(...wanted.filter((t) => types.length === 0 || types.includes(t)))
        .filter((r) => r.props.name === name && (kind === undefined || (r.props.loadBalancerType ?? "application") === ARN_KINDS[kind]));
}

/** The stack index, where an ELB ARN that names no resource by value still names one by its name segment. */
class NetworkIndex extends StackIndex {
    override named(value: unknown, ...types: string[]): PathResource[] {
        const found = super.named(value, ...types);
        return found.length > 0 || typeof value !== "string" ? found : elbNamed(this, value, types);
    }
}

/** The stack's resources as path resources, each also known by its physical id (see `pathResourceOf`). */
export function networkIndex(resources: PolicyResource[]): StackIndex {
    return new NetworkIndex(resources.map(pathResourceOf));
}

/**
 * What `source.<property>` names among `types` by its dependencies and by its values together: a
 * value edited beside a stale dependency (a hand-edited export, drift) still counts.
 */
export function allRefs(ix: StackIndex, source: PathResource, property: string, ...types: string[]): PathResource[] {
    const viaDeps = (source.propertyDependencies[property] ?? []).map((u) => ix.urn(u)).filter((r): r is PathResource => r !== undefined && types.includes(r.type));
    return [...new Set([...viaDeps, ...strings(source.props[property]).flatMap((v) => ix.named(v, ...types))])];
}

/** Where a route sends its traffic. */
export type RouteTarget = "internet-gateway" | "nat-gateway" | "egress-only-gateway" | "transit-gateway" | "peering" | "other";

export interface Route {
    table: PathResource;
    destination: string;
    target: RouteTarget;
    /** The gateway or connection id (or the resource, when only a dependency names it). */
    via: string;
    /** The resource that declares the route: a route, or a table with inline routes. */
    declaredBy: PathResource;
}

/** A route field's value; the state lists every target field of an inline route, unset ones as "". */
function present(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * One route's target, from the route's own fields; `deps` are the resources its target fields
 * depend on, read only when no field holds a value (preview, the target being created): a value
 * edited beside a stale dependency (a console change, drift) is what AWS routes by.
 */
function targetOf(ix: StackIndex, fields: Record<string, unknown>, deps: PathResource[]): { target: RouteTarget; via: string } {
    const gateway = present(fields.gatewayId);
    // igw- is AWS's prefix for internet gateways (vgw- is a VPN gateway): a gateway made elsewhere counts by its id.
    if (gateway !== undefined && (gateway.startsWith("igw-") || ix.named(gateway, INTERNET_GATEWAY).length > 0)) return { target: "internet-gateway", via: gateway };
    if (present(fields.transitGatewayId)) return { target: "transit-gateway", via: present(fields.transitGatewayId)! };
    // A NAT gateway or an egress-only gateway (IPv6) opens connections to the internet for the subnet.
    if (present(fields.natGatewayId)) return { target: "nat-gateway", via: present(fields.natGatewayId)! };
    if (present(fields.egressOnlyGatewayId)) return { target: "egress-only-gateway", via: present(fields.egressOnlyGatewayId)! };
    if (present(fields.vpcPeeringConnectionId)) return { target: "peering", via: present(fields.vpcPeeringConnectionId)! };
    if (!TARGET_FIELDS.some((f) => present(fields[f]))) {
        const kinds: Array<[string, RouteTarget]> = [[INTERNET_GATEWAY, "internet-gateway"], [TRANSIT_GATEWAY, "transit-gateway"], [NAT_GATEWAY, "nat-gateway"], [EGRESS_ONLY_GATEWAY, "egress-only-gateway"], [PEERING, "peering"]];
        for (const [type, target] of kinds) {
            const dep = deps.find((d) => d.type === type);
            if (dep) return { target, via: dep.name };
        }
    }
    return { target: "other", via: strings(fields).find((s) => /^[a-z]+-[0-9a-f]+$/.test(s)) ?? "" };
}

const TARGET_FIELDS = ["gatewayId", "natGatewayId", "egressOnlyGatewayId", "transitGatewayId", "vpcPeeringConnectionId"];

/** Every route of the stack: `aws:ec2/route` resources and the inline `routes` of route tables. */
export function routesOf(ix: StackIndex): Route[] {
    const routes: Route[] = [];
    for (const r of ix.ofType(ROUTE)) {
        const deps = TARGET_FIELDS.flatMap((f) => (r.propertyDependencies[f] ?? []).map((u) => ix.urn(u)).filter((d): d is PathResource => !!d));
        const destination = present(r.props.destinationCidrBlock) ?? present(r.props.destinationIpv6CidrBlock) ?? present(r.props.destinationPrefixListId) ?? "";
        for (const table of allRefs(ix, r, "routeTableId", ...ROUTE_TABLES)) routes.push({ table, destination, declaredBy: r, ...targetOf(ix, r.props, deps) });
    }
    for (const table of ix.ofType(...ROUTE_TABLES)) {
        for (const inline of (Array.isArray(table.props.routes) ? table.props.routes : []) as Array<Record<string, unknown>>) {
            const destination = present(inline.cidrBlock) ?? present(inline.ipv6CidrBlock) ?? present(inline.destinationPrefixListId) ?? "";
            routes.push({ table, destination, declaredBy: table, ...targetOf(ix, inline, []) });
        }
    }
    return routes;
}

/**
 * The route tables each subnet uses (paths/routeTables.ts states the rule): every table a value
 * or a stale dependency names (the worse decides). A subnet whose VPC's main table the stack does
 * not hold uses none the stack shows.
 */
export function subnetTables(ix: StackIndex): Map<PathResource, PathResource[]> {
    const links: TableLinks = {
        refs: (source, property, ...types) => allRefs(ix, source, property, ...types),
        sameVpc: (r, subnet) => r.props.vpcId === subnet.props.vpcId,
        vpcHeld: () => false,
    };
    const tables = new Map<PathResource, PathResource[]>();
    for (const subnet of ix.ofType(SUBNET)) {
        const found = routeTablesOf(ix, subnet, links);
        tables.set(subnet, found === LOCAL_ONLY ? [] : found);
    }
    return tables;
}

/**
 * Route target fields (of a route resource and of a table's inline routes), each with the stack
 * resources that may be its target and the property holding the id the route names. A transit
 * gateway is judged with its owner (see foreign networks); `local` is the VPC itself.
 */
const TARGET_OWNERS: Record<string, Array<[type: string, property: string]>> = {
    gatewayId: [[INTERNET_GATEWAY, "id"], [VPN_GATEWAY, "id"]],
    natGatewayId: [[NAT_GATEWAY, "id"]],
    egressOnlyGatewayId: [[EGRESS_ONLY_GATEWAY, "id"]],
    // An interface is the stack's when the stack creates it, or it belongs to the stack's instance, endpoint or NAT gateway.
    networkInterfaceId: [[NETWORK_INTERFACE, "id"], [INSTANCE, "primaryNetworkInterfaceId"], [VPC_ENDPOINT, "networkInterfaceIds"], [NAT_GATEWAY, "networkInterfaceId"]],
    instanceId: [[INSTANCE, "id"]],
    vpcEndpointId: [[VPC_ENDPOINT, "id"]],
    vpcPeeringConnectionId: [[PEERING, "id"], [PEERING_ACCEPTER, "vpcPeeringConnectionId"]],
    carrierGatewayId: [["aws:ec2/carrierGateway:CarrierGateway", "id"]],
    coreNetworkArn: [["aws:networkmanager/coreNetwork:CoreNetwork", "arn"]],
};

/** A route whose target names no resource of the stack. */
export interface UnownedTarget {
    declaredBy: PathResource;
    destination: string;
    field: string;
    value: string;
}

/**
 * Route targets that are not the stack's own: a known value no resource of the stack answers to
 * (what AWS receives decides, whatever a stale dependency says); without a value, a dependency on
 * a resource of the right type counts as the stack's. Traffic sent to such a target (another
 * account's interface, an unknown peering) leaves through a path nobody here controls.
 */
export function unownedRouteTargets(ix: StackIndex): UnownedTarget[] {
    const owned = new Map(Object.entries(TARGET_OWNERS).map(([field, owners]) => [field,
        new Set(owners.flatMap(([type, property]) => ix.ofType(type).flatMap((r) => strings(property === "id" ? r.id : r.props[property]))))]));
    const judge = (declaredBy: PathResource, fields: Record<string, unknown>, destination: string, deps: (field: string) => PathResource[]): UnownedTarget[] =>
        Object.keys(TARGET_OWNERS).flatMap((field) => {
            const value = present(fields[field]);
            if (value === undefined || (field === "gatewayId" && value === "local")) return [];
            const types = TARGET_OWNERS[field].map(([type]) => type);
            // A dependency on a resource whose id is not known yet (being created) may be what the value names.
            const pending = deps(field).some((d) => types.includes(d.type) && d.id === undefined);
            return owned.get(field)!.has(value) || pending ? [] : [{ declaredBy, destination, field, value }];
        });
    const out: UnownedTarget[] = [];
    for (const r of ix.ofType(ROUTE)) {
        const destination = present(r.props.destinationCidrBlock) ?? present(r.props.destinationIpv6CidrBlock) ?? present(r.props.destinationPrefixListId) ?? "";
        out.push(...judge(r, r.props, destination, (field) => (r.propertyDependencies[field] ?? []).map((u) => ix.urn(u)).filter((d): d is PathResource => !!d)));
    }
    for (const table of ix.ofType(...ROUTE_TABLES)) {
        for (const inline of (Array.isArray(table.props.routes) ? table.props.routes : []) as Array<Record<string, unknown>>) {
            out.push(...judge(table, inline, present(inline.cidrBlock) ?? present(inline.ipv6CidrBlock) ?? present(inline.destinationPrefixListId) ?? "", () => []));
        }
    }
    return out;
}

/** Subnets whose route table sends some destination to an internet gateway, with that route: AWS's definition of a public subnet. */
export function internetSubnets(ix: StackIndex, routes: Route[] = routesOf(ix)): Map<PathResource, Route> {
    const out = new Map<PathResource, Route>();
    for (const [subnet, tables] of subnetTables(ix)) {
        const route = routes.find((r) => tables.includes(r.table) && r.target === "internet-gateway");
        if (route) out.set(subnet, route);
    }
    return out;
}

/** Whether an endpoint-service principal names anyone outside `trusted`: `*`, or another account's ARN. */
export function foreignPrincipal(principal: string, trusted: string[]): boolean {
    if (principal === "*") return true;
    const account = accountOf(principal);
    return account !== undefined && !trusted.includes(account);
}

/**
 * PrivateLink endpoint services other accounts may connect to without anyone accepting: principals
 * `*` or of an account outside `trusted` (inline or as allowed-principal resources), and
 * acceptanceRequired false. Each with the principals that open it.
 */
export function openEndpointServices(ix: StackIndex, trusted: string[]): Array<{ service: PathResource; principals: string[] }> {
    return ix.ofType(ENDPOINT_SERVICE).flatMap((service) => {
        if (service.props.acceptanceRequired !== false) return [];
        const extra = ix.ofType(ENDPOINT_SERVICE_PRINCIPAL).filter((p) => ix.refs(p, "vpcEndpointServiceId", ENDPOINT_SERVICE).includes(service))
            .map((p) => p.props.principalArn);
        const principals = strings([service.props.allowedPrincipals, extra]).filter((p) => foreignPrincipal(p, trusted));
        return principals.length > 0 ? [{ service, principals }] : [];
    });
}

/**
 * Services that put an internal load balancer on the internet, and the property naming it (its
 * ARN, or one of its listeners'): API Gateway VPC links and private integrations, CloudFront VPC
 * origins, Global Accelerator endpoint groups.
 */
const FRONTS: Array<[type: string, property: string, label: string]> = [
    ["aws:apigateway/vpcLink:VpcLink", "targetArn", "API Gateway VPC link"],
    ["aws:apigatewayv2/integration:Integration", "integrationUri", "API Gateway private integration"],
    ["aws:cloudfront/vpcOrigin:VpcOrigin", "vpcOriginEndpointConfig", "CloudFront VPC origin"],
    ["aws:globalaccelerator/endpointGroup:EndpointGroup", "endpointConfigurations", "Global Accelerator endpoint group"],
];

/**
 * Load balancers another network can open connections to, and how: internet-facing (`internal`
 * is false by default), fronted by a public service, or behind an open endpoint service.
 */
export function exposedLoadBalancers(ix: StackIndex, trusted: string[]): Map<PathResource, string> {
    const exposed = new Map<PathResource, string>();
    const expose = (lbs: PathResource[], how: string) => lbs.forEach((lb) => exposed.has(lb) || exposed.set(lb, how));
    for (const lb of ix.ofType(...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER)) {
        if (lb.props.internal !== true) exposed.set(lb, "is internet-facing");
    }
    for (const [type, property, label] of FRONTS) {
        for (const front of ix.ofType(type)) {
            const viaListeners = allRefs(ix, front, property, ...LISTENERS).flatMap((l) => ix.refs(l, "loadBalancerArn", ...LOAD_BALANCERS));
            expose([...allRefs(ix, front, property, ...LOAD_BALANCERS), ...viaListeners], `is reachable from the internet through ${label} ${front.name}`);
        }
    }
    for (const { service, principals } of openEndpointServices(ix, trusted)) {
        const lbs = [...ix.refs(service, "networkLoadBalancerArns", ...LOAD_BALANCERS), ...ix.refs(service, "gatewayLoadBalancerArns", ...LOAD_BALANCERS)];
        expose(lbs, `is offered through endpoint service ${service.name} to ${principals.join(", ")} without acceptance`);
    }
    return exposed;
}

/** The target groups a load balancer forwards to, through its listeners' default actions and their rules. */
export function forwardedTargetGroups(ix: StackIndex, lb: PathResource): PathResource[] {
    const listeners = ix.ofType(...LISTENERS).filter((l) => ix.refs(l, "loadBalancerArn", ...LOAD_BALANCERS).includes(lb));
    const rules = ix.ofType(...LISTENER_RULES).filter((r) => ix.refs(r, "listenerArn", ...LISTENERS).some((l) => listeners.includes(l)));
    return [...new Set([
        ...listeners.flatMap((l) => ix.refs(l, "defaultActions", ...TARGET_GROUPS)),
        ...rules.flatMap((r) => ix.refs(r, "actions", ...TARGET_GROUPS)),
    ])];
}

/** The account that owns a resource, by its `ownerId` or its ARN. */
export function ownerOf(r: PathResource): string | undefined {
    const owner = r.props.ownerId;
    if (typeof owner === "string" && owner !== "") return owner;
    return typeof r.props.arn === "string" ? accountOf(r.props.arn) : undefined;
}
