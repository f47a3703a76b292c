import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext, Tags } from "../../lib/tags";
import { AzCount, NatMode, natGatewayCount, natGatewayForAz, subnetPlan } from "./cidr";
import { VpcEndpoints } from "./VpcEndpoints";
import { VpcFlowLogs } from "./VpcFlowLogs";

export interface NetworkArgs {
    /** Name prefix of the VPC and its parts, e.g. `expertconnect-prod`. */
    namePrefix: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /**
     * VPC CIDR block, a /16. Changing it replaces the VPC and everything in it.
     * @default "10.0.0.0/16"
     */
    cidrBlock?: string;
    /** Availability zones to spread over (3 in prod, 2 for cheaper stacks). @default 3 */
    azCount?: AzCount;
    /** One NAT gateway per AZ (no cross-AZ dependency) or a single shared one. @default "perAz" */
    natGateways?: NatMode;
    /** Retention of the VPC flow-log group, in days (audit data). @default 365 */
    flowLogRetentionDays?: number;
    /** KMS key ARN that encrypts the flow-log group; must grant `logs.<region>.amazonaws.com`. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** Explicit opt-out of protecting the flow-log group (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/** One subnet tier: ids in AZ order, plus the CIDR blocks (known before deployment). */
interface Tier {
    subnets: aws.ec2.Subnet[];
    cidrs: string[];
}

/**
 * The VPC: public subnets for the load balancer only, private subnets (through NAT) for the
 * tasks, isolated subnets without any route off the VPC for the database and cache; flow logs
 * and the VPC endpoints the tasks use instead of paying NAT for AWS traffic.
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: string;
    public readonly availabilityZones: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly isolatedSubnetIds: pulumi.Output<string[]>;
    /** Isolated-tier CIDR blocks: where the backend may reach PostgreSQL and Redis. */
    public readonly isolatedCidrBlocks: string[];
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    public readonly natGatewayIds: pulumi.Output<string[]>;
    public readonly flowLogGroupName: pulumi.Output<string>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;

    private readonly args: NetworkArgs;
    private readonly vpc: aws.ec2.Vpc;
    private readonly azs: pulumi.Output<string[]>;
    private readonly azCount: AzCount;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:network:Network", name, {}, opts);
        this.args = args;
        this.azCount = args.azCount ?? 3;
        this.cidrBlock = args.cidrBlock ?? "10.0.0.0/16";
        const plan = subnetPlan(this.cidrBlock, this.azCount);
        const natMode = args.natGateways ?? "perAz";

        this.azs = this.zones(name);
        this.vpc = this.createVpc(name);
        this.restrictDefaultSecurityGroup(name);
        const publicTier = this.createTier(name, "public", plan.public);
        const privateTier = this.createTier(name, "private", plan.private);
        const isolatedTier = this.createTier(name, "isolated", plan.isolated);
        const igw = this.createPublicRouting(name, publicTier);
        const nats = this.createNatGateways(name, publicTier, natGatewayCount(this.azCount, natMode), igw);
        const privateRouteTableIds = pulumi.all(this.createPrivateRouting(name, privateTier, nats, natMode).map((t) => t.id));
        this.createIsolatedRouting(name, isolatedTier);
        const flowLogs = new VpcFlowLogs(`${name}-flow-logs`, {
            vpcId: this.vpc.id,
            logGroupName: `/vpc/${args.namePrefix}-flow-logs`,
            retentionInDays: args.flowLogRetentionDays ?? 365,
            kmsKeyArn: args.logsKmsKeyArn,
            tags: args.tags,
            allowDataLoss: args.allowDataLoss,
        }, { parent: this });
        const endpoints = new VpcEndpoints(`${name}-endpoints`, {
            namePrefix: args.namePrefix,
            vpcId: this.vpc.id,
            vpcCidrBlock: this.cidrBlock,
            subnetIds: ids(privateTier),
            routeTableIds: privateRouteTableIds,
            tags: args.tags,
        }, { parent: this });

        this.vpcId = this.vpc.id;
        this.availabilityZones = this.azs;
        this.publicSubnetIds = ids(publicTier);
        this.privateSubnetIds = ids(privateTier);
        this.isolatedSubnetIds = ids(isolatedTier);
        this.isolatedCidrBlocks = isolatedTier.cidrs;
        this.privateRouteTableIds = privateRouteTableIds;
        this.natGatewayIds = pulumi.all(nats.map((n) => n.id));
        this.flowLogGroupName = flowLogs.logGroupName;
        this.endpointSecurityGroupId = endpoints.securityGroupId;
        this.registerOutputs({
            vpcId: this.vpcId,
            cidrBlock: this.cidrBlock,
            availabilityZones: this.availabilityZones,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            isolatedCidrBlocks: this.isolatedCidrBlocks,
            privateRouteTableIds: this.privateRouteTableIds,
            natGatewayIds: this.natGatewayIds,
            flowLogGroupName: this.flowLogGroupName,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
        });
    }

    private tagsFor(resourceName: string, extra: Tags = {}): Tags {
        return resourceTags(this.args.tags, "network", { Name: resourceName, ...extra });
    }

    /** The first `azCount` available zones of the region; fails clearly if there are fewer. */
    private zones(name: string): pulumi.Output<string[]> {
        // Regular zones only: Local and Wavelength Zones (opt-in) lack Fargate, NAT and RDS.
        const available = aws.getAvailabilityZonesOutput({
            state: "available",
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        }, { parent: this });
        return available.names.apply((names) => {
            if (names.length < this.azCount) {
                throw new Error(`${name}: expertconnect:network.azCount is ${this.azCount} but the region has ` +
                    `${names.length} available zones (${names.join(", ")}); allowed: at most ${names.length}`);
            }
            return names.slice(0, this.azCount);
        });
    }

    private createVpc(name: string): aws.ec2.Vpc {
        return new aws.ec2.Vpc(name, {
            cidrBlock: this.cidrBlock,
            enableDnsSupport: true,
            // Interface endpoints with private DNS need DNS hostnames.
            enableDnsHostnames: true,
            tags: this.tagsFor(`${this.args.namePrefix}-vpc`),
        }, { parent: this });
    }

    /** Takes every rule off the default security group so nothing can use it by accident (CIS 5.4). */
    private restrictDefaultSecurityGroup(name: string): void {
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: this.vpc.id,
            ingress: [],
            egress: [],
            tags: this.tagsFor(`${this.args.namePrefix}-default-do-not-use`),
        }, { parent: this });
    }

    private createTier(name: string, tier: "public" | "private" | "isolated", cidrs: string[]): Tier {
        const subnets = cidrs.map((cidrBlock, az) => new aws.ec2.Subnet(`${name}-${tier}-${az}`, {
            vpcId: this.vpc.id,
            cidrBlock,
            availabilityZone: this.azs.apply((zones) => zones[az]),
            // Nothing gets a public IP by default, not even in the public tier: only the ALB
            // and the NAT gateways (Elastic IPs) are reachable from the internet.
            mapPublicIpOnLaunch: false,
            tags: this.tagsFor(`${this.args.namePrefix}-${tier}-${az}`, { Tier: tier }),
        }, { parent: this }));
        return { subnets, cidrs };
    }

    private routeTable(name: string, label: string, subnets: aws.ec2.Subnet[]): aws.ec2.RouteTable {
        const table = new aws.ec2.RouteTable(`${name}-${label}-rt`, {
            vpcId: this.vpc.id,
            tags: this.tagsFor(`${this.args.namePrefix}-${label}`),
        }, { parent: this });
        subnets.forEach((subnet, i) => new aws.ec2.RouteTableAssociation(`${name}-${label}-rta-${i}`, {
            routeTableId: table.id,
            subnetId: subnet.id,
        }, { parent: this }));
        return table;
    }

    private createPublicRouting(name: string, tier: Tier): aws.ec2.InternetGateway {
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, {
            vpcId: this.vpc.id,
            tags: this.tagsFor(`${this.args.namePrefix}-igw`),
        }, { parent: this });
        const table = this.routeTable(name, "public", tier.subnets);
        new aws.ec2.Route(`${name}-public-default`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw.id,
        }, { parent: this });
        return igw;
    }

    private createNatGateways(name: string, tier: Tier, count: number, igw: aws.ec2.InternetGateway): aws.ec2.NatGateway[] {
        return Array.from({ length: count }, (_, az) => {
            const eip = new aws.ec2.Eip(`${name}-nat-eip-${az}`, {
                domain: "vpc",
                tags: this.tagsFor(`${this.args.namePrefix}-nat-${az}`),
            }, { parent: this, dependsOn: [igw] });
            return new aws.ec2.NatGateway(`${name}-nat-${az}`, {
                allocationId: eip.id,
                subnetId: tier.subnets[az].id,
                connectivityType: "public",
                tags: this.tagsFor(`${this.args.namePrefix}-nat-${az}`),
            }, { parent: this, dependsOn: [igw] });
        });
    }

    /** One route table per AZ, defaulting to that AZ's NAT gateway (or the single one). */
    private createPrivateRouting(name: string, tier: Tier, nats: aws.ec2.NatGateway[], mode: NatMode): aws.ec2.RouteTable[] {
        return tier.subnets.map((subnet, az) => {
            const table = this.routeTable(name, `private-${az}`, [subnet]);
            new aws.ec2.Route(`${name}-private-${az}-default`, {
                routeTableId: table.id,
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: nats[natGatewayForAz(az, mode)].id,
            }, { parent: this });
            return table;
        });
    }

    /** Only the implicit local route: data stores cannot reach or be reached from the internet. */
    private createIsolatedRouting(name: string, tier: Tier): void {
        this.routeTable(name, "isolated", tier.subnets);
    }
}

function ids(tier: Tier): pulumi.Output<string[]> {
    return pulumi.all(tier.subnets.map((s) => s.id));
}
