/**
 * Where a request of the stack's workloads comes from, as AWS sees it: the network condition keys
 * (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, `aws:SourceIp`) of a call that an ECS
 * service's tasks, a Lambda function or a Synthetics canary make to an AWS service.
 *
 * - In a VPC with an interface endpoint of the service whose private DNS is on, the call goes
 *   through the endpoint: `aws:SourceVpce` is the endpoint, `aws:SourceVpc` the VPC,
 *   `aws:VpcSourceIp` the caller's private address, and there is no `aws:SourceIp`.
 * - S3 and DynamoDB calls from a subnet whose route table carries the service's gateway endpoint
 *   go through it alike.
 * - Otherwise the call leaves through the VPC's NAT gateways: `aws:SourceIp` is a NAT's public
 *   address, and no VPC key is present. A function outside any VPC calls from AWS's addresses.
 *
 * A value not known yet (an endpoint or an address being created) is listed in `unknown`: the
 * simulation then gives the policies the benefit of the doubt on that key (see `forOrigin`).
 * Computed once per stack index and caller.
 */
import { PathResource, StackIndex, strings } from "./model";
import { LOCAL_ONLY, routeTablesOf } from "./routeTables";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const NAT = "aws:ec2/natGateway:NatGateway";
const EIP = "aws:ec2/eip:Eip";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ECS_SERVICE = "aws:ecs/service:Service";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const ROUTE = "aws:ec2/route:Route";
const LAMBDA = "aws:lambda/function:Function";
const CANARY = "aws:synthetics/canary:Canary";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";

/** The condition keys naming the network a request comes from. */
export const ORIGIN_KEYS = ["aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp", "aws:SourceIp"] as const;
/** Whether a policy text tests one of them. */
export const ORIGIN_KEY = /aws:(SourceVpce|SourceVpc|SourceIp|VpcSourceIp)\b/i;

/** One place a request may come from. */
export interface Origin {
    /** For messages: `endpoint vpce-0abc in vpc-0def`, `NAT 3.4.5.6`. */
    label: string;
    /** The request context keys AWS sets for it. */
    context: Record<string, string>;
    /** Keys AWS sets whose value is not known yet. */
    unknown: string[];
    /** The VPC endpoint the request passes through: its policy is one more layer AWS evaluates it against. */
    endpoint?: PathResource;
}

/** How a call from one subnet reaches a service's API (see `wayFrom`). */
export interface Way {
    subnet: PathResource;
    /**
     * Through the network interfaces of the service's interface endpoint (private DNS on), through
     * the route of its gateway endpoint (S3, DynamoDB), or out of the VPC by the subnet's default
     * route (a NAT gateway): the last two reach the service's public addresses.
     */
    via: "interface" | "gateway" | "out";
    endpoint?: PathResource;
    /** The NAT gateway the subnet's default route names, when the stack holds it. */
    nat?: PathResource;
}

/** A caller whose network the stack does not show: every origin key undecided. */
export const UNKNOWN_ORIGIN: Origin = { label: "an unknown network", context: { "aws:ViaAWSService": "false" }, unknown: [...ORIGIN_KEYS] };
/** A call a service makes on the caller's behalf (kms:ViaService): no network keys carry over. */
export const VIA_SERVICE: Origin = { label: "the service, on the caller's behalf", context: { "aws:ViaAWSService": "true" }, unknown: [] };
/** A function outside any VPC calls from AWS's public addresses, none the stack owns (a documentation address stands for them). */
const AWS_ADDRESSES: Origin = { label: "AWS's public addresses (no VPC)", context: { "aws:ViaAWSService": "false", "aws:SourceIp": "192.0.2.1" }, unknown: [] };
/**
 * A service working with a role it assumed (S3 replication, AWS Backup's jobs): the requests are
 * the role's own session, made from the service's fleet, so they carry no VPC key of the stack
 * (no endpoint, VPC or private address) and an address of AWS's as `aws:SourceIp` (AWS: the
 * target service "sees the IP address of the calling service"). A policy admitting only the
 * stack's endpoint or NAT addresses refuses them: IAM evaluates a negated operator on an absent
 * key as true, so `StringNotEquals aws:SourceVpce` denies.
 */
export const AS_SERVICE_ROLE: Origin = { label: "the service's own network, as the role it assumed (no VPC endpoint of the stack)", context: AWS_ADDRESSES.context, unknown: [] };

/** Endpoint service names that differ from the action prefix (`com.amazonaws.<region>.monitoring` serves `cloudwatch:`). */
const ENDPOINT_NAMES: Readonly<Record<string, string>> = { cloudwatch: "monitoring", kinesis: "kinesis-streams" };

/** The endpoint service a call of `action` goes to (`ecr:BatchGetImage` → `ecr.dkr`). */
export function endpointService(action: string): string {
    const [prefix, name] = action.split(":");
    if (prefix === "ecr") return /^(BatchGetImage|GetDownloadUrlForLayer|BatchCheckLayerAvailability)$/.test(name ?? "") ? "ecr.dkr" : "ecr.api";
    return ENDPOINT_NAMES[prefix] ?? prefix;
}

/** An EC2 resource's id: its physical id, else its ARN's tail (the analyzer passes no ids). */
export function ec2Id(r: PathResource | undefined): string | undefined {
    const arn = r?.props.arn;
    return r?.id ?? (typeof arn === "string" && arn.startsWith("arn:aws:ec2:") ? arn.split("/").pop() : undefined);
}

/** The first and last addresses AWS may hand out in an IPv4 block (it keeps the first four and the last). */
function hostsOf(cidr: unknown): string[] {
    const m = typeof cidr === "string" ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr) : null;
    if (!m || +m[5] > 28) return [];
    const base = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
    const size = 2 ** (32 - +m[5]);
    const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    return [ip(base + 4), ip(base + size - 2)];
}

class Network {
    private readonly byId = new Map<string, PathResource>();
    private readonly cache = new Map<string, Origin[]>();
    private readonly ways = new Map<string, Way>();

    constructor(private readonly ix: StackIndex) {
        for (const r of ix.ofType(VPC, SUBNET, ENDPOINT, NAT, EIP, ROUTE_TABLE, DEFAULT_TABLE, ROUTE)) {
            const id = ec2Id(r);
            if (id) this.byId.set(id, r);
        }
    }

    /** What `source.<property>` names among `types`: by the ids its values hold, else by its dependencies. */
    private refs(source: PathResource, property: string, value: unknown, ...types: string[]): PathResource[] {
        const named = strings(value).map((v) => this.byId.get(v)).filter((r): r is PathResource => r !== undefined && types.includes(r.type));
        // A list known to be empty names nothing; dependencies decide only for a value not known yet.
        if (named.length > 0 || strings(value).length > 0 || Array.isArray(value)) return [...new Set(named)];
        return this.ix.refs(source, property, ...types);
    }

    private vpcOf(r: PathResource): { id?: string; resource?: PathResource } {
        const resource = this.refs(r, "vpcId", r.props.vpcId, VPC)[0];
        return { id: typeof r.props.vpcId === "string" ? r.props.vpcId : ec2Id(resource), resource };
    }

    private inVpc(r: PathResource, vpc: { id?: string; resource?: PathResource }): boolean {
        const own = this.vpcOf(r);
        return (own.id !== undefined && own.id === vpc.id) || (own.resource !== undefined && own.resource === vpc.resource);
    }

    /** The subnets `source.<property>` (holding `value`) names; undefined when it names none the stack shows. */
    private subnetsIn(source: PathResource, property: string, value: unknown): Array<PathResource | undefined> | undefined {
        const ids = strings(value);
        if (ids.length > 0) return ids.map((id) => this.byId.get(id));
        const deps = this.ix.refs(source, property, SUBNET);
        return deps.length > 0 ? deps : undefined;
    }

    /**
     * The subnets a workload runs in (undefined for one the stack does not show, [] outside every
     * VPC): a function's, canary's or rotation app's, an ECS service's, or, for a task definition,
     * those of every ECS service running it.
     */
    subnetsOf(caller: PathResource): Array<PathResource | undefined> | undefined {
        // A Synthetics canary runs as a function: its vpcConfig has a function's shape.
        if (caller.type === LAMBDA || caller.type === CANARY) {
            const subnetIds = caller.props.vpcConfig?.subnetIds;
            // A function whose VPC configuration lists no subnet runs outside every VPC (an absent one may be unknown yet);
            // a canary is given one only to run inside a VPC, so one without, known to have none, runs outside.
            const outside = Array.isArray(subnetIds) || (caller.type === CANARY && caller.props.vpcConfig === undefined && !(caller.pending ?? []).includes("vpcConfig"));
            return this.subnetsIn(caller, "vpcConfig", subnetIds) ?? (outside ? [] : undefined);
        }
        if (caller.type === ROTATION_APP) {
            // The app's template takes its subnets as one comma-separated parameter.
            const ids = caller.props.parameters?.vpcSubnetIds;
            return typeof ids === "string" ? (ids === "" ? [] : this.subnetsIn(caller, "parameters", ids.split(",").map((x) => x.trim()))) : undefined;
        }
        if (caller.type === ECS_SERVICE) return this.subnetsIn(caller, "networkConfiguration", caller.props.networkConfiguration?.subnets) ?? [undefined];
        const services = this.ix.ofType(ECS_SERVICE).filter((s) => this.ix.refs(s, "taskDefinition", TASK_DEFINITION).includes(caller));
        if (services.length === 0) return undefined;
        return services.flatMap((s) => this.subnetsOf(s) ?? [undefined]);
    }

    /** Whether a DefaultRouteTable adopts `vpc`'s main table: by the table id the VPC reports, else by its dependency on the VPC. */
    private adopts(table: PathResource, vpc: PathResource | undefined): boolean {
        if (vpc === undefined) return false;
        const id = table.props.defaultRouteTableId;
        return typeof id === "string" ? id === vpc.props.defaultRouteTableId : this.ix.refs(table, "defaultRouteTableId", VPC).includes(vpc);
    }

    /**
     * The route table a subnet uses (routeTables.ts states the rule), by the values AWS receives;
     * LOCAL_ONLY for AWS's own main table (no NAT, no gateway endpoint). Undefined while the table
     * is not known (a table not known yet, a VPC of another stack).
     */
    private routeTableOf(subnet: PathResource): PathResource | typeof LOCAL_ONLY | undefined {
        const found = routeTablesOf(this.ix, subnet, {
            refs: (source, property, ...types) => this.refs(source, property, source.props[property], ...types),
            sameVpc: (r, s) => this.inVpc(r, this.vpcOf(s)) || (r.type === DEFAULT_TABLE && this.adopts(r, this.vpcOf(s).resource)),
            vpcHeld: (s) => this.vpcOf(s).resource !== undefined,
        });
        return found === LOCAL_ONLY ? found : found[0];
    }

    /** The NAT gateway of the subnet's default route (a route resource or an inline route of its table), when the stack holds it. */
    natOf(subnet: PathResource): PathResource | undefined {
        const table = this.routeTableOf(subnet);
        if (!table || table === LOCAL_ONLY) return undefined;
        const routes = [
            ...this.ix.ofType(ROUTE).filter((r) => this.refs(r, "routeTableId", r.props.routeTableId, ROUTE_TABLE, DEFAULT_TABLE).includes(table)).map((r) => ({ r, cidr: r.props.destinationCidrBlock, nat: r.props.natGatewayId })),
            ...((Array.isArray(table.props.routes) ? table.props.routes : []) as Array<Record<string, unknown>>).map((x) => ({ r: table, cidr: x.cidrBlock, nat: x.natGatewayId })),
        ];
        const out = routes.find((x) => x.cidr === "0.0.0.0/0");
        if (!out) return undefined;
        return typeof out.nat === "string" && out.nat !== "" ? this.byId.get(out.nat) : out.r.type === ROUTE ? this.ix.refs(out.r, "natGatewayId", NAT)[0] : undefined;
    }

    /** How a call of `service` from `subnet` leaves it: its endpoint, else the subnet's way out (once per subnet and service). */
    wayFrom(service: string, region: string, subnet: PathResource): Way {
        const key = `${subnet.urn}\u0000${service}\u0000${region}`;
        let way = this.ways.get(key);
        if (!way) {
            const endpoint = this.endpointFor(service, region, subnet, this.vpcOf(subnet));
            way = endpoint ? { subnet, via: endpoint.props.vpcEndpointType === "Interface" ? "interface" : "gateway", endpoint } : { subnet, via: "out", nat: this.natOf(subnet) };
            this.ways.set(key, way);
        }
        return way;
    }

    /** The endpoint of `service` a call from `subnet` goes through, if any. */
    private endpointFor(service: string, region: string, subnet: PathResource, vpc: { id?: string; resource?: PathResource }): PathResource | undefined {
        const endpoints = this.ix.ofType(ENDPOINT).filter((e) => e.props.serviceName === `com.amazonaws.${region}.${service}` && this.inVpc(e, vpc));
        const viaDns = endpoints.find((e) => (e.props.vpcEndpointType ?? "Gateway") === "Interface" && e.props.privateDnsEnabled === true);
        if (viaDns) return viaDns;
        const table = this.routeTableOf(subnet);
        return endpoints.find((e) => e.props.vpcEndpointType === "Gateway" && table !== LOCAL_ONLY
            && (table === undefined || this.refs(e, "routeTableIds", e.props.routeTableIds, ROUTE_TABLE, DEFAULT_TABLE).includes(table)));
    }

    /** The public addresses of the VPC's NAT gateways (undefined for one not known yet). */
    private natAddresses(vpc: { id?: string; resource?: PathResource }): Array<string | undefined> {
        return this.ix.ofType(NAT).filter((n) => n.props.connectivityType !== "private").filter((n) => {
            const subnet = this.refs(n, "subnetId", n.props.subnetId, SUBNET)[0];
            return subnet !== undefined && this.inVpc(subnet, vpc);
        }).map((n) => {
            const eip = this.refs(n, "allocationId", n.props.allocationId, EIP)[0];
            const ip = n.props.publicIp ?? eip?.props.publicIp;
            return typeof ip === "string" && ip !== "" ? ip : undefined;
        });
    }

    private subnetOrigins(service: string, region: string, subnet: PathResource | undefined): Origin[] {
        if (!subnet) return [UNKNOWN_ORIGIN];
        const vpc = this.vpcOf(subnet);
        const endpoint = this.endpointFor(service, region, subnet, vpc);
        if (endpoint) {
            const id = ec2Id(endpoint);
            const hosts = hostsOf(subnet.props.cidrBlock);
            const known: Record<string, string> = { "aws:ViaAWSService": "false", ...(id ? { "aws:SourceVpce": id } : {}), ...(vpc.id ? { "aws:SourceVpc": vpc.id } : {}) };
            const unknown = [...(id ? [] : ["aws:SourceVpce"]), ...(vpc.id ? [] : ["aws:SourceVpc"]), ...(hosts.length ? [] : ["aws:VpcSourceIp"])];
            const label = `endpoint ${id ?? endpoint.name} in ${vpc.id ?? "the stack's VPC"}`;
            return (hosts.length ? hosts : [undefined]).map((h) => ({ label: h ? `${label} (from ${h})` : label, context: { ...known, ...(h ? { "aws:VpcSourceIp": h } : {}) }, unknown, endpoint }));
        }
        const addresses = this.natAddresses(vpc);
        if (addresses.length === 0) return [UNKNOWN_ORIGIN];
        return addresses.map((ip): Origin => ip
            ? { label: `NAT gateway ${ip}`, context: { "aws:ViaAWSService": "false", "aws:SourceIp": ip }, unknown: [] }
            : { label: "a NAT gateway whose address is not known yet", context: { "aws:ViaAWSService": "false" }, unknown: ["aws:SourceIp"] });
    }

    origins(caller: PathResource, action: string, region: string): Origin[] {
        const service = endpointService(action);
        const key = `${caller.urn}\u0000${service}\u0000${region}`;
        let out = this.cache.get(key);
        if (!out) {
            const subnets = this.subnetsOf(caller);
            const all = subnets === undefined ? [UNKNOWN_ORIGIN] : subnets.length === 0 ? [AWS_ADDRESSES] : subnets.flatMap((s) => this.subnetOrigins(service, region, s));
            out = [...new Map(all.map((o) => [JSON.stringify([o.context, o.unknown, o.endpoint?.urn]), o])).values()];
            this.cache.set(key, out);
        }
        return out;
    }
}

const networks = new WeakMap<StackIndex, Network>();

function networkOf(ix: StackIndex): Network {
    let n = networks.get(ix);
    if (!n) { n = new Network(ix); networks.set(ix, n); }
    return n;
}

/** The subnets a workload (ECS service or task definition, function, canary, rotation app) runs in; undefined when the stack does not show them, [] outside every VPC. */
export function workloadSubnets(ix: StackIndex, workload: PathResource): Array<PathResource | undefined> | undefined {
    return networkOf(ix).subnetsOf(workload);
}

/** How a call of `action` from `subnet` reaches its service: the endpoint it goes through, or the subnet's way out of the VPC. */
export function wayFrom(ix: StackIndex, subnet: PathResource, action: string, region: string): Way {
    return networkOf(ix).wayFrom(endpointService(action), region, subnet);
}

/**
 * Where a call of `action` by `caller` (a task definition, through the ECS services that run it,
 * a Lambda function or a Synthetics canary) comes from: one origin per way out of its subnets.
 */
export function originsOf(ix: StackIndex, caller: PathResource, action: string, region: string): Origin[] {
    return networkOf(ix).origins(caller, action, region);
}
