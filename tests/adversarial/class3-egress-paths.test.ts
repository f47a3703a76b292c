/**
 * Class 3: the stack leaves its VPC the way the design pays for (policy/vpc/egress.ts): each
 * private subnet through its own zone's NAT gateway (one per zone in production), and the tasks'
 * calls to AWS (image pulls, layers, logs, parameters, secrets, the application's buckets) through
 * the VPC's endpoints, as the runtime paths decide where a call goes. Each change edits the real
 * export; "drift" cases change the deployed state only.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, remove, suite, tags } from "./support";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ROUTE = "aws:ec2/route:Route";
const NAT = "aws:ec2/natGateway:NatGateway";
const NAT_0 = "nat-00fb682fad246d49c";
const NAT_1 = "nat-085b308561d3a545f";
const RT_PRIV0 = "rtb-099c01225aefbfdcf";
const endpoint = (service: string) => named(`network-endpoints-${service}`);
const privateRoute = (i: number) => named(`network-private-${i}-default`);
const toNat = (nat: string) => (p: any) => { p.natGatewayId = nat; };

const violations: Case[] = [
    // the red team's changes
    { name: "the S3 gateway endpoint removed: layers, static and backup transfers go through NAT", change: remove(ENDPOINT, endpoint("s3")) },
    { name: "the ECR registry endpoint removed: every task start pulls its image through NAT", change: remove(ENDPOINT, endpoint("ecr-dkr")) },
    { name: "private subnets 1 and 2 routed through zone a's NAT gateway", change: edit(ROUTE, toNat(NAT_0), r => r.urn.endsWith("network-private-1-default") || r.urn.endsWith("network-private-2-default")) },
    // variants: endpoints
    { name: "the logs endpoint removed: every log line leaves through NAT", change: remove(ENDPOINT, endpoint("logs")) },
    { name: "the ECR API endpoint's private DNS turned off (calls resolve to the public endpoint)", change: edit(ENDPOINT, p => { p.privateDnsEnabled = false; }, endpoint("ecr-api")) },
    { name: "the S3 gateway endpoint detached from the private route tables (kept on none)", change: edit(ENDPOINT, p => { p.routeTableIds = []; }, endpoint("s3")) },
    { name: "the SSM endpoint removed: the task's parameters are fetched through NAT at every start", change: remove(ENDPOINT, endpoint("ssm")) },
    { name: "the Secrets Manager endpoint removed", change: remove(ENDPOINT, endpoint("secretsmanager")) },
    { name: "the logs endpoint's private DNS turned off in the console (drift)", change: drift(ENDPOINT, p => { p.privateDnsEnabled = false; }, endpoint("logs")) },
    { name: "dr: the ECR registry endpoint removed (pilot light still pulls at failover)", stack: "dr", change: remove(ENDPOINT, endpoint("ecr-dkr")) },
    // variants: NAT placement
    { name: "private subnet 2 routed through zone b's NAT gateway", change: edit(ROUTE, toNat(NAT_1), privateRoute(2)) },
    {
        name: "a private subnet added in us-east-1d on private-0's route table: prod has no NAT gateway in that zone",
        change: all(
            add("aws:ec2/subnet:Subnet", "network-private-3", { vpcId: "vpc-0e6ad3833cd78ec1f", cidrBlock: "10.0.124.0/22", availabilityZone: "us-east-1d", mapPublicIpOnLaunch: false, tags: tags("network") },
                { id: "subnet-0ccc00000000000b1", outputs: { vpcId: "vpc-0e6ad3833cd78ec1f", cidrBlock: "10.0.124.0/22", availabilityZone: "us-east-1d", id: "subnet-0ccc00000000000b1", arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0ccc00000000000b1` } }),
            add("aws:ec2/routeTableAssociation:RouteTableAssociation", "network-private-3-rta", { routeTableId: RT_PRIV0, subnetId: "subnet-0ccc00000000000b1" }),
        ),
    },
    { name: "NAT gateways 1 and 2 removed, every private subnet through zone a's", change: all(remove(NAT, named("network-nat-1")), remove(NAT, named("network-nat-2")), edit(ROUTE, toNat(NAT_0), r => /network-private-[12]-default$/.test(r.urn))) },
];

const compliant: Case[] = [
    { name: "the ssmmessages endpoint (ECS Exec only) removed: no task call at start or while serving needs it", change: remove(ENDPOINT, endpoint("ssmmessages")) },
    { name: "the S3 gateway endpoint also attached to the public route table", change: edit(ENDPOINT, p => { p.routeTableIds = [...(p.routeTableIds ?? []), "rtb-public-extra"]; }, endpoint("s3")) },
    { name: "dr: both private subnets keep the single pilot-light NAT gateway", stack: "dr", change: edit(ROUTE, p => { p.natGatewayId = p.natGatewayId; }, privateRoute(1)) },
];

suite("adversarial class 3: the VPC is left through its own zone's NAT and the tasks' AWS calls through endpoints", violations, compliant);
