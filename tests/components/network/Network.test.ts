import { expect } from "chai";
import { Network, NetworkArgs } from "../../../components/network/Network";
import { interfaceEndpointServices } from "../../../components/network/VpcEndpoints";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";

async function build(overrides: Partial<NetworkArgs> = {}): Promise<{ mocks: MockHarness; net: Network }> {
    const mocks = installMocks({ stack: "prod", region: "us-east-1" });
    const net = new Network("net", {
        namePrefix: "expertconnect-prod", tags, cidrBlock: "10.0.0.0/16", azCount: 3, natGateways: "perAz",
        flowLogRetentionDays: 365, logsKmsKeyArn: KEY, ...overrides,
    });
    await settle();
    return { mocks, net };
}

const byTier = (mocks: MockHarness, tier: string) =>
    mocks.ofType("aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags.Tier === tier);

/** Route-table id of each subnet, through its association. */
function routesOf(mocks: MockHarness, subnet: RecordedResource): RecordedResource[] {
    const assoc = mocks.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")
        .filter((a) => a.inputs.subnetId === subnet.id);
    expect(assoc, `association of ${subnet.name}`).to.have.length(1);
    return mocks.ofType("aws:ec2/route:Route").filter((r) => r.inputs.routeTableId === assoc[0].inputs.routeTableId);
}

describe("Network (prod: 3 AZs, NAT per AZ)", () => {
    let mocks: MockHarness;
    let net: Network;
    before(async () => ({ mocks, net } = await build()));

    it("creates a VPC with DNS support and hostnames", () => {
        const vpc = mocks.one("aws:ec2/vpc:Vpc");
        expect(vpc.inputs).to.include({ cidrBlock: "10.0.0.0/16", enableDnsSupport: true, enableDnsHostnames: true });
    });

    it("spreads three subnets per tier over three zones, none with public IPs on launch", () => {
        for (const tier of ["public", "private", "isolated"]) {
            const subnets = byTier(mocks, tier);
            expect(subnets, tier).to.have.length(3);
            expect(subnets.map((s) => s.inputs.availabilityZone)).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c"]);
            for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch, s.name).to.equal(false);
        }
        expect(byTier(mocks, "private").map((s) => s.inputs.cidrBlock)).to.deep.equal(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
    });

    it("routes the public tier to the internet gateway", () => {
        const igw = mocks.one("aws:ec2/internetGateway:InternetGateway");
        for (const s of byTier(mocks, "public")) {
            const routes = routesOf(mocks, s);
            expect(routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.gatewayId])).to.deep.equal([["0.0.0.0/0", igw.id]]);
        }
    });

    it("routes each private subnet through the NAT gateway in its own zone", () => {
        const nats = mocks.ofType("aws:ec2/natGateway:NatGateway");
        expect(nats).to.have.length(3);
        const publicIds = byTier(mocks, "public").map((s) => s.id);
        expect(nats.map((n) => n.inputs.subnetId)).to.deep.equal(publicIds);
        byTier(mocks, "private").forEach((s, az) => {
            const routes = routesOf(mocks, s);
            expect(routes).to.have.length(1);
            expect(routes[0].inputs.natGatewayId).to.equal(nats[az].id);
        });
    });

    it("gives the isolated tier no route off the VPC", () => {
        for (const s of byTier(mocks, "isolated")) expect(routesOf(mocks, s), s.name).to.deep.equal([]);
    });

    it("strips every rule off the default security group", () => {
        const sg = mocks.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        expect(sg.inputs.ingress).to.deep.equal([]);
        expect(sg.inputs.egress).to.deep.equal([]);
    });

    it("records all traffic into a KMS-encrypted, protected flow-log group", () => {
        const flowLog = mocks.one("aws:ec2/flowLog:FlowLog");
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(flowLog.inputs).to.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.outputs.arn });
        expect(group.inputs).to.include({ name: "/vpc/expertconnect-prod-flow-logs", retentionInDays: 365, kmsKeyId: KEY });
        expect(group.protect).to.equal(true);
        expect(group.retainOnDelete).to.equal(true);
    });

    it("lets the flow-log role write to its log group only", () => {
        const role = mocks.one("aws:iam/role:Role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
        expect(trust.Principal).to.deep.equal({ Service: "vpc-flow-logs.amazonaws.com" });
        expect(trust.Condition.StringEquals["aws:SourceAccount"]).to.equal("123456789012");
        const policy = JSON.parse(mocks.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
        const arn = mocks.one("aws:cloudwatch/logGroup:LogGroup").outputs.arn;
        expect(policy.Statement).to.have.length(1);
        expect(policy.Statement[0].Resource).to.deep.equal([arn, `${arn}:*`]);
        expect(policy.Statement[0].Action).to.not.include("logs:CreateLogGroup");
    });

    it("adds an S3 gateway endpoint on the private route tables and the interface endpoints", async () => {
        const endpoints = mocks.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
        const s3 = endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway");
        expect(s3.map((e) => e.inputs.serviceName)).to.deep.equal(["com.amazonaws.us-east-1.s3"]);
        expect(s3[0].inputs.routeTableIds).to.deep.equal(await valueOf(net.privateRouteTableIds));
        const interfaces = endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface");
        expect(interfaces.map((e) => e.inputs.serviceName)).to.have.members(
            ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages"].map((s) => `com.amazonaws.us-east-1.${s}`));
        expect(interfaceEndpointServices).to.have.length(6);
        const privateIds = await valueOf(net.privateSubnetIds);
        for (const e of interfaces) {
            expect(e.inputs.privateDnsEnabled, e.name).to.equal(true);
            expect(e.inputs.subnetIds, e.name).to.deep.equal(privateIds);
        }
    });

    it("opens the endpoints on 443 to the VPC only", () => {
        const rules = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules.map((r) => r.inputs)).to.deep.equal([{
            securityGroupId: mocks.one("aws:ec2/securityGroup:SecurityGroup").id,
            description: "HTTPS from the VPC to AWS APIs",
            ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16",
            tags: rules[0].inputs.tags,
        }]);
    });

    it("tags every taggable resource with project, environment and component", () => {
        const untaggable = new Set(["aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:iam/rolePolicy:RolePolicy"]);
        const resources = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:") && !untaggable.has(r.type));
        expect(resources.length).to.be.greaterThan(30);
        for (const r of resources) {
            expect(r.inputs.tags, `${r.type} ${r.name}`).to.include({ Project: "expertconnect", Environment: "prod", Component: "network" });
        }
    });

    it("exposes ids, CIDRs and zones", async () => {
        expect(await valueOf(net.vpcId)).to.equal(mocks.one("aws:ec2/vpc:Vpc").id);
        expect(await valueOf(net.isolatedSubnetIds)).to.deep.equal(byTier(mocks, "isolated").map((s) => s.id));
        expect(net.isolatedCidrBlocks).to.deep.equal(["10.0.112.0/22", "10.0.116.0/22", "10.0.120.0/22"]);
        expect(await valueOf(net.availabilityZones)).to.have.length(3);
    });
});

describe("Network (cheaper stack: 2 AZs, single NAT)", () => {
    let mocks: MockHarness;
    before(async () => ({ mocks } = await build({ cidrBlock: "10.1.0.0/16", azCount: 2, natGateways: "single" })));

    it("creates two subnets per tier and one NAT gateway that both private subnets use", () => {
        expect(mocks.ofType("aws:ec2/subnet:Subnet")).to.have.length(6);
        const nats = mocks.ofType("aws:ec2/natGateway:NatGateway");
        expect(nats).to.have.length(1);
        expect(mocks.ofType("aws:ec2/eip:Eip")).to.have.length(1);
        for (const s of byTier(mocks, "private")) expect(routesOf(mocks, s)[0].inputs.natGatewayId).to.equal(nats[0].id);
    });
});

describe("Network with data loss allowed", () => {
    it("leaves the flow-log group unprotected only when asked", async () => {
        const { mocks } = await build({ allowDataLoss: true });
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(group.protect).to.not.equal(true);
        expect(group.retainOnDelete).to.not.equal(true);
    });
});
