/** vpc-egress-paths: private subnets leave through their own zone's NAT gateway, and tasks reach AWS through the VPC's endpoints. */
import { vpcEgressPaths } from "../../policy/vpc/egress";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, backendTaskDefinition, TAGS } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";

const ec2Arn = (kind: string, id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${kind}/${id}`;
const ZONES = ["us-east-1a", "us-east-1b"];
const subnet = (name: string, id: string, cidrBlock: string, zone: string): StackResourceInput => ({
    type: "aws:ec2/subnet:Subnet", name, props: { arn: ec2Arn("subnet", id), vpcId: "vpc-1", cidrBlock, availabilityZone: zone, tags: TAGS },
});
const table = (name: string, id: string): StackResourceInput => ({ type: "aws:ec2/routeTable:RouteTable", name, props: { arn: ec2Arn("route-table", id), vpcId: "vpc-1", tags: TAGS } });
const association = (name: string, routeTableId: string, subnetId: string): StackResourceInput => ({ type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name, props: { routeTableId, subnetId } });
const route = (name: string, props: Record<string, unknown>): StackResourceInput => ({ type: "aws:ec2/route:Route", name, props: { destinationCidrBlock: "0.0.0.0/0", ...props } });
const endpoint = (service: string, type: "Interface" | "Gateway"): StackResourceInput => ({
    type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: `endpoint-${service}`,
    props: { arn: ec2Arn("vpc-endpoint", `vpce-${service.replace(".", "")}`), vpcId: "vpc-1", serviceName: `com.amazonaws.us-east-1.${service}`, vpcEndpointType: type,
        ...(type === "Interface" ? { privateDnsEnabled: true, subnetIds: ["subnet-priv-a", "subnet-priv-b"] } : { routeTableIds: ["rtb-priv-a", "rtb-priv-b"] }) },
});
const PARAMETER = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/expertconnect/prod/database/host`;

/** Two zones, each with a public subnet holding a NAT gateway and a private one routed to it; the endpoints the backend's task needs. */
const stack: StackResourceInput[] = [
    { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { arn: ec2Arn("vpc", "vpc-1"), cidrBlock: "10.0.0.0/16", tags: TAGS } },
    { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { arn: ec2Arn("internet-gateway", "igw-1"), vpcId: "vpc-1", tags: TAGS } },
    ...ZONES.flatMap((zone, i): StackResourceInput[] => {
        const z = zone.slice(-1);
        return [
            subnet(`public-${z}`, `subnet-pub-${z}`, `10.0.${i}.0/24`, zone), subnet(`private-${z}`, `subnet-priv-${z}`, `10.0.${100 + i}.0/24`, zone),
            table(`private-rt-${z}`, `rtb-priv-${z}`), association(`private-rta-${z}`, `rtb-priv-${z}`, `subnet-priv-${z}`),
            route(`private-default-${z}`, { routeTableId: `rtb-priv-${z}`, natGatewayId: `nat-${z}` }),
            { type: "aws:ec2/natGateway:NatGateway", name: `nat-${z}`, props: { arn: ec2Arn("natgateway", `nat-${z}`), publicIp: `3.0.0.${i + 1}`, subnetId: `subnet-pub-${z}`, connectivityType: "public", tags: TAGS } },
        ];
    }),
    endpoint("s3", "Gateway"), endpoint("ecr.api", "Interface"), endpoint("ecr.dkr", "Interface"), endpoint("logs", "Interface"), endpoint("ssm", "Interface"),
    { type: "aws:ssm/parameter:Parameter", name: "db-host", props: { name: "/expertconnect/prod/database/host", arn: PARAMETER, type: "String", value: "db.internal" } },
    backendTaskDefinition({
        image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend@sha256:${"a".repeat(64)}`,
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/backend", "awslogs-region": "us-east-1" } },
        secrets: [{ name: "DATABASE_HOST", valueFrom: PARAMETER }],
    }),
    {
        type: "aws:ecs/service:Service", name: "backend", props: { name: "backend", taskDefinition: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/expertconnect-backend:1`, networkConfiguration: { subnets: ["subnet-priv-a", "subnet-priv-b"], assignPublicIp: false } },
        propertyDependencies: { taskDefinition: ["backend-task"] },
    },
];
/** The backend's tasks given a security group whose egress reaches `cidr` on HTTPS (the video provider when it is the internet). */
const backendGroup = (cidr: string) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:ec2/securityGroup:SecurityGroup", name: "backend-sg", props: {
        arn: ec2Arn("security-group", "sg-backend"), vpcId: "vpc-1", name: "backend", tags: TAGS,
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] }],
    } });
    (named(s, "backend").props.networkConfiguration as Record<string, unknown>).securityGroups = ["sg-backend"];
};
const drop = (name: string) => (s: StackResourceInput[]) => { s.splice(s.indexOf(named(s, name)), 1); };
const inDr = { environment: "dr" };
/** The backend also given a Secrets Manager secret (the stack has no endpoint for it). */
const withSecret = (s: StackResourceInput[]) => {
    const task = named(s, "backend-task");
    const list = JSON.parse(task.props.containerDefinitions as string);
    list[0].secrets.push({ name: "DJANGO_SECRET_KEY", valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:django-AbCdEf` });
    task.props.containerDefinitions = JSON.stringify(list);
};

describe("vpc-egress-paths", () => {
    stackTable(vpcEgressPaths, stack, {
        config: { environment: "prod" },
        passes: {
            "dr keeps one NAT gateway for both zones (no NAT in the second zone)": {
                config: inDr, change: s => { drop("nat-b")(s); named(s, "private-default-b").props.natGatewayId = "nat-a"; },
            },
            "a Secrets Manager secret read through its interface endpoint": { change: s => { withSecret(s); s.push(endpoint("secretsmanager", "Interface")); } },
            "the S3 gateway endpoint also on other route tables": { change: s => { (named(s, "endpoint-s3").props.routeTableIds as string[]).push("rtb-other"); } },
            "the backend opens HTTPS to the internet from subnets routed to their NAT gateways": { change: backendGroup("0.0.0.0/0") },
            "a group that reaches only the VPC needs no way out": { change: s => { backendGroup("10.0.0.0/16")(s); drop("private-default-a")(s); } },
            "zone a's private subnet on the VPC's main table, adopted with its NAT route and the S3 endpoint": {
                change: s => {
                    drop("private-rta-a")(s);
                    // The public subnets keep a table of their own, off the main one.
                    s.push(table("public-rt", "rtb-pub"), association("public-rta-a", "rtb-pub", "subnet-pub-a"), association("public-rta-b", "rtb-pub", "subnet-pub-b"));
                    s.push({ type: "aws:ec2/defaultRouteTable:DefaultRouteTable", name: "main-rt", props: {
                        arn: ec2Arn("route-table", "rtb-main"), vpcId: "vpc-1", defaultRouteTableId: "rtb-main", routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-a" }], tags: TAGS,
                    } });
                    (named(s, "endpoint-s3").props.routeTableIds as string[]).push("rtb-main");
                },
            },
        },
        violations: {
            "zone b's private subnet routes to zone a's NAT gateway although b has one": {
                change: s => { named(s, "private-default-b").props.natGatewayId = "nat-a"; },
                message: /subnet .*private-b.* \(us-east-1b\) sends its internet traffic to NAT gateway nat-a in us-east-1a although us-east-1b has its own/,
            },
            "production with one NAT gateway for both zones": {
                change: s => { drop("nat-b")(s); named(s, "private-default-b").props.natGatewayId = "nat-a"; }, message: /no NAT gateway in us-east-1b: .*production keeps a NAT gateway per zone/,
            },
            "the S3 gateway endpoint is removed (layers through NAT)": { change: drop("endpoint-s3"), message: /task expertconnect-backend's image layers \(S3\) \(s3:GetObject\) leave through NAT gateway 3.0.0.1, NAT gateway 3.0.0.2, not a VPC endpoint/ },
            "zone a's private subnet loses its route table association (AWS's main table: the local route only)": {
                change: drop("private-rta-a"), message: /task expertconnect-backend's image layers \(S3\) \(s3:GetObject\) leave through NAT gateway .*not a VPC endpoint/,
            },
            "the backend opens HTTPS to the internet but zone a's private subnet has no default route (the pilot light's calls fail once it serves)": {
                change: s => { backendGroup("0.0.0.0/0")(s); drop("private-default-a")(s); },
                message: /service backend may open connections to the internet .*subnet subnet-priv-a \(us-east-1a\) has no default route out/,
            },
            "the backend's subnet routes the internet to the internet gateway without a public address": {
                change: s => { backendGroup("0.0.0.0/0")(s); Object.assign(named(s, "private-default-a").props, { natGatewayId: undefined, gatewayId: "igw-1" }); },
                message: /subnet subnet-priv-a \(us-east-1a\) has no default route out \(no 0.0.0.0\/0 to a NAT gateway\)/,
            },
            "the S3 gateway endpoint is on no private route table": { change: s => { named(s, "endpoint-s3").props.routeTableIds = ["rtb-other"]; }, message: /image layers \(S3\)/ },
            "the ECR registry endpoint is removed": { change: drop("endpoint-ecr.dkr"), message: /image pulls \(ECR registry\) \(ecr:BatchGetImage\) leave through NAT/ },
            "the logs endpoint loses private DNS": { change: s => { named(s, "endpoint-logs").props.privateDnsEnabled = false; }, message: /its logs \(logs:PutLogEvents\) leave through NAT/ },
            "the SSM endpoint is removed": { change: drop("endpoint-ssm"), message: /its parameters \(ssm:GetParameters\) leave through NAT/ },
            "a Secrets Manager secret given without its endpoint": {
                change: withSecret,
                message: /its secrets \(secretsmanager:GetSecretValue\) leave through NAT/,
            },
        },
    });
});
