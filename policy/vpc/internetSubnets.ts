/**
 * `vpc-internet-subnets-edge-only`: a subnet is public because of its route table, not its name
 * or tags. Whatever sits in a subnet that routes to an internet gateway is one setting (a public
 * IP, `publiclyAccessible`) away from the internet, and a private subnet moved there loses its NAT.
 * The converse holds for the edge itself: an internet-facing load balancer is reached only through
 * subnets whose route table sends the internet to an internet gateway.
 */
import { stackPolicy } from "../lib/define";
import { ALL_PUBLIC, Family, publicRoutedTo } from "../network/addressSpace";
import { PathResource, StackIndex, strings } from "../paths/model";
import { GUIDE_NETWORK } from "../network/ingress";
import { DATA_STORE_SUBNET_GROUPS } from "../network/dataStores";
import { allRefs, CLASSIC_LOAD_BALANCER, internetSubnets, LOAD_BALANCERS, networkIndex, Route, ROUTE, ROUTE_TABLE_ASSOCIATION, routesOf, SUBNET, subnetTables } from "../network/topology";

const RECORD = "aws:route53/record:Record";

/**
 * Types that may name a public subnet: the edge (NAT gateways; load balancers, when internet-facing)
 * and what only describes or plumbs subnets, placing no network interface of its own that the
 * internet could reach (interface endpoints and transit gateway attachments get private addresses only).
 */
const SUBNET_PLUMBING = new Set([
    SUBNET, ROUTE_TABLE_ASSOCIATION, "aws:ec2/natGateway:NatGateway",
    "aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "aws:ec2/networkAclAssociation:NetworkAclAssociation", "aws:ec2/flowLog:FlowLog",
    "aws:ec2/subnetCidrReservation:SubnetCidrReservation", "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation", "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
]);

/** Properties that hold data about subnets (a parameter's value, a tag, a program's environment), not a placement. */
const NOT_PLACEMENT = new Set(["value", "insecureValue", "tags", "tagsAll", "description", "environment", "containerDefinitions"]);

/** Only AWS resources are placed (components and the stack only pass ids on), and the edge may be. */
function allowedInPublicSubnet(r: PathResource): boolean {
    return !r.type.startsWith("aws:") || SUBNET_PLUMBING.has(r.type) || ([...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER].includes(r.type) && r.props.internal !== true);
}

/** Each resource placed in a public subnet, with those subnets and the internet routes that make them public. */
export function placedInPublicSubnets(ix: StackIndex): Array<{ resource: PathResource; properties: string[]; subnets: Array<[PathResource, Route]> }> {
    const publicSubnets = internetSubnets(ix);
    if (publicSubnets.size === 0) return [];
    const out: Array<{ resource: PathResource; properties: string[]; subnets: Array<[PathResource, Route]> }> = [];
    for (const r of ix.resources.filter((x) => !allowedInPublicSubnet(x))) {
        const properties = new Set([...Object.keys(r.props), ...Object.keys(r.propertyDependencies)].filter((p) => !NOT_PLACEMENT.has(p)));
        const placing = [...properties].map((p) => [p, allRefs(ix, r, p, SUBNET).filter((s) => publicSubnets.has(s))] as const).filter(([, found]) => found.length > 0);
        const subnets = new Set(placing.flatMap(([, found]) => found));
        if (subnets.size > 0) out.push({ resource: r, properties: placing.map(([p]) => p), subnets: [...subnets].map((s) => [s, publicSubnets.get(s)!]) });
    }
    return out;
}

/** The subnet groups data stores live in (databases, caches). */
const DATA_SUBNET_GROUPS = [...new Set(Object.values(DATA_STORE_SUBNET_GROUPS).map(([, type]) => type))];

/**
 * Data stores' subnet groups whose subnets route to a NAT or egress-only gateway, through the
 * route tables those subnets really use (associations included), with those routes: the isolated
 * tier opens no connection to the internet, so a compromised engine has no way out.
 */
export function dataSubnetEgress(ix: StackIndex): Array<{ group: PathResource; subnet: PathResource; route: Route }> {
    const routes = routesOf(ix).filter((r) => r.target === "nat-gateway" || r.target === "egress-only-gateway");
    if (routes.length === 0) return [];
    const tables = subnetTables(ix);
    return ix.ofType(...DATA_SUBNET_GROUPS).flatMap((group) => allRefs(ix, group, "subnetIds", SUBNET).flatMap((subnet) => {
        const route = routes.find((r) => (tables.get(subnet) ?? []).includes(r.table));
        return route ? [{ group, subnet, route }] : [];
    }));
}

/**
 * The address families an internet-facing load balancer answers the internet on: IPv4 by default,
 * both for `dualstack`, IPv6 alone for `dualstack-without-public-ipv4` (its IPv4 addresses are private).
 */
function facingFamilies(lb: PathResource): Family[] {
    const type = String(lb.props.ipAddressType ?? "ipv4").toLowerCase();
    return type === "dualstack-without-public-ipv4" ? ["ipv6"] : type === "dualstack" ? ["ipv4", "ipv6"] : ["ipv4"];
}

/** One subnet of an internet-facing load balancer that the internet can't reach it through. */
export interface UnreachableNode {
    lb: PathResource;
    subnet: PathResource;
    table: PathResource;
    family: Family;
    /** Where the table sends that family's internet instead (its default routes), for the message. */
    instead: string;
    /** Records of the stack that alias the load balancer (by dependency or its DNS name). */
    records: PathResource[];
}

/**
 * Internet-facing load balancers (`internal` unset or false) with a subnet whose route table, by
 * longest-prefix match, does not send every public address of a family the balancer answers on to
 * an internet gateway. AWS places one node per subnet and DNS hands out every node's address: a
 * node in a subnet routed through NAT or nowhere never completes a connection from the internet
 * (its answers leave through the NAT with another source address, or not at all). A subnet whose
 * route table the stack does not hold (a VPC's main table made elsewhere) can't be judged.
 */
export function unreachableInternetFacing(ix: StackIndex, routes: Route[] = routesOf(ix)): UnreachableNode[] {
    const tables = subnetTables(ix);
    const out: UnreachableNode[] = [];
    for (const lb of ix.ofType(...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER)) {
        // A Gateway Load Balancer has no scheme: it receives traffic from endpoints, never from the internet.
        if (lb.props.internal === true || lb.props.loadBalancerType === "gateway") continue;
        const subnets = [...new Set([...allRefs(ix, lb, "subnets", SUBNET), ...allRefs(ix, lb, "subnetMappings", SUBNET)])];
        const dns = strings(lb.props.dnsName).map((d) => d.toLowerCase());
        const records = ix.ofType(RECORD).filter((r) => (r.propertyDependencies.aliases ?? []).includes(lb.urn)
            || strings(r.props.aliases).some((a) => dns.includes(a.toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, ""))));
        for (const subnet of subnets) {
            for (const table of tables.get(subnet) ?? []) {
                const own = routes.filter((r) => r.table === table);
                for (const family of facingFamilies(lb)) {
                    const reached = publicRoutedTo(own.map((r) => ({ destination: r.destination, chosen: r.target === "internet-gateway" })), family);
                    if (reached === ALL_PUBLIC[family]) continue;
                    const defaults = own.filter((r) => r.destination === (family === "ipv4" ? "0.0.0.0/0" : "::/0"));
                    const instead = defaults.length > 0 ? defaults.map((r) => `${r.destination} to ${r.target} ${r.via}`).join(", ") : `no ${family === "ipv4" ? "0.0.0.0/0" : "::/0"} route`;
                    out.push({ lb, subnet, table, family, instead, records });
                }
            }
        }
    }
    return out;
}

export const vpcInternetSubnetsEdgeOnly = stackPolicy({
    name: "vpc-internet-subnets-edge-only",
    description: "Only internet-facing load balancers and NAT gateways sit in subnets whose route table sends traffic to an internet gateway; data stores' subnet groups, services, functions and instances " +
        "use subnets that route through NAT or stay isolated; data stores' subnet groups stay isolated (their subnets' route tables, as associated, route to no NAT or egress-only gateway either); " +
        "every subnet of an internet-facing load balancer routes the whole internet of each address family it answers on (IPv4; IPv6 too when dualstack) to an internet gateway, by longest-prefix match.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_NETWORK,
        remediationSteps: "Remove the internet-gateway route from the subnet's route table (private subnets route 0.0.0.0/0 to a NAT gateway, isolated ones have no default route), " +
            "or move the resource to the private or isolated subnets; place an internet-facing load balancer in the public subnets only; keep NAT and egress-only routes out of the route table of the data stores' subnets (and those subnets associated with the isolated table).",
    },
    types: [SUBNET, ROUTE, ROUTE_TABLE_ASSOCIATION, "aws:ec2/routeTable:RouteTable", ...DATA_SUBNET_GROUPS, ...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER],
    validate: (resources, report) => {
        const ix = networkIndex(resources);
        for (const { lb, subnet, table, family, instead, records } of unreachableInternetFacing(ix)) {
            const served = records.length > 0 ? ` (${records.map((r) => String(r.props.name ?? r.name)).join(", ")} ${records.length === 1 ? "aliases" : "alias"} it)` : "";
            report(`internet-facing load balancer ${lb.props.name ?? lb.name}${served} has a node in ${subnet.name}, whose route table ${table.name} does not send the ${family === "ipv4" ? "IPv4" : "IPv6"} internet ` +
                `to an internet gateway (${instead}): clients given that node's address never connect. Give subnets/subnetMappings public subnets only (a 0.0.0.0/0${family === "ipv6" ? " or ::/0" : ""} route to the internet gateway), or make the load balancer internal.`, lb.urn);
        }
        for (const { group, subnet, route } of dataSubnetEgress(ix)) {
            report(`data store subnet group ${group.name} uses ${subnet.name}, whose route table ${route.table.name} sends ${route.destination} to ${route.target} ${route.via} (declared by ${route.declaredBy.name}): ` +
                "the isolated tier gets a way to the internet; remove that route, or associate the subnet with the isolated route table.", group.urn);
        }
        for (const { resource, properties, subnets } of placedInPublicSubnets(ix)) {
            const why = subnets.map(([s, route]) => `${s.name} (route ${route.destination} → ${route.via} in ${route.table.name}, declared by ${route.declaredBy.name})`).join(", ");
            report(`${resource.type.split(":").pop()} ${resource.name} sits in subnets that route to an internet gateway: ${why}; ` +
                `remove that route, or give ${properties.join("/")} private or isolated subnets.`, resource.urn);
        }
    },
});
