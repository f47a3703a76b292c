/** The policies that read the VPC as AWS routes it: public subnets, public load balancers, other accounts' networks, Elastic IPs. */
import { networkDataStoresNotExposed } from "../../policy/network/dataExposure";
import { networkNoForeignNetworks } from "../../policy/network/foreignNetworks";
import { sgAppPortsFromLoadBalancer } from "../../policy/network/taskIngress";
import { vpcNoElasticIpOnInstances } from "../../policy/vpc/elasticIp";
import { vpcInternetSubnetsEdgeOnly } from "../../policy/vpc/internetSubnets";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";

const FOREIGN = "444455556666";
const ec2Arn = (kind: string, id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${kind}/${id}`;
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/pg/1`;
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/pg/1`;

const subnet = (name: string, id: string, cidrBlock: string): StackResourceInput => ({
    type: "aws:ec2/subnet:Subnet", name, props: { arn: ec2Arn("subnet", id), vpcId: "vpc-1", cidrBlock, mapPublicIpOnLaunch: false, tags: TAGS },
});
const table = (name: string, id: string): StackResourceInput => ({ type: "aws:ec2/routeTable:RouteTable", name, props: { arn: ec2Arn("route-table", id), vpcId: "vpc-1", tags: TAGS } });
const association = (name: string, routeTableId: string, subnetId: string): StackResourceInput => ({ type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name, props: { routeTableId, subnetId } });
const route = (name: string, props: Record<string, unknown>): StackResourceInput => ({ type: "aws:ec2/route:Route", name, props: { destinationCidrBlock: "0.0.0.0/0", ...props } });
const group = (name: string, id: string, ingress: object[] = []): StackResourceInput => ({
    type: "aws:ec2/securityGroup:SecurityGroup", name, props: { arn: ec2Arn("security-group", id), vpcId: "vpc-1", ingress, tags: TAGS },
});

/**
 * The program's layout: public subnets (the ALB, a NAT gateway and its Elastic IP) route to the
 * internet gateway, private ones (the service) to the NAT, isolated ones (the database) nowhere.
 */
const vpc: StackResourceInput[] = [
    { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: { arn: ec2Arn("internet-gateway", "igw-1"), vpcId: "vpc-1", tags: TAGS } },
    subnet("public-0", "subnet-pub", "10.0.0.0/22"), subnet("private-0", "subnet-priv", "10.0.100.0/22"), subnet("isolated-0", "subnet-iso", "10.0.112.0/22"),
    table("public-rt", "rtb-pub"), table("private-rt", "rtb-priv"), table("isolated-rt", "rtb-iso"),
    association("public-rta", "rtb-pub", "subnet-pub"), association("private-rta", "rtb-priv", "subnet-priv"), association("isolated-rta", "rtb-iso", "subnet-iso"),
    route("public-default", { routeTableId: "rtb-pub", gatewayId: "igw-1" }),
    route("private-default", { routeTableId: "rtb-priv", natGatewayId: "nat-1" }),
    { type: "aws:ec2/eip:Eip", name: "nat-eip", props: { arn: ec2Arn("elastic-ip", "eipalloc-1"), domain: "vpc", tags: TAGS } },
    { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: { arn: ec2Arn("natgateway", "nat-1"), allocationId: "eipalloc-1", subnetId: "subnet-pub", connectivityType: "public", tags: TAGS }, propertyDependencies: { allocationId: ["nat-eip"] } },
    group("alb-sg", "sg-alb"), group("tasks-sg", "sg-tasks", [{ protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: ["sg-alb"] }]),
    group("db-sg", "sg-db", [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-tasks"] }]),
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "alb", loadBalancerType: "application", internal: false, subnets: ["subnet-pub"], securityGroups: ["sg-alb"], tags: TAGS } },
    { type: "aws:ecs/service:Service", name: "backend", props: { name: "backend", networkConfiguration: { subnets: ["subnet-priv"], securityGroups: ["sg-tasks"], assignPublicIp: false }, tags: TAGS } },
    { type: "aws:rds/subnetGroup:SubnetGroup", name: "db-subnets", props: { name: "db-subnets", subnetIds: ["subnet-iso"], tags: TAGS } },
    { type: "aws:rds/instance:Instance", name: "database", props: { arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:pg`, dbSubnetGroupName: "db-subnets", vpcSecurityGroupIds: ["sg-db"], tags: TAGS } },
];

/** A network load balancer forwarding TCP 5432 to the database's address, added by `exposed`. */
const nlb = (internal: boolean, targetPort = 5432, targetId = "10.0.112.45"): StackResourceInput[] => [
    group("nlb-sg", "sg-nlb"),
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", props: { arn: NLB, name: "pg", loadBalancerType: "network", internal, subnets: [internal ? "subnet-iso" : "subnet-pub"], securityGroups: ["sg-nlb"], tags: TAGS } },
    { type: "aws:lb/targetGroup:TargetGroup", name: "pg-tg", props: { arn: TG, port: targetPort, protocol: "TCP", targetType: "ip", vpcId: "vpc-1", tags: TAGS } },
    { type: "aws:lb/listener:Listener", name: "pg-listener", props: { arn: `${NLB}/listener`, loadBalancerArn: NLB, port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: TG }] } },
    { type: "aws:lb/targetGroupAttachment:TargetGroupAttachment", name: "pg-target", props: { targetGroupArn: TG, targetId, port: targetPort } },
];
const endpointService = (props: Record<string, unknown>): StackResourceInput => ({
    type: "aws:ec2/vpcEndpointService:VpcEndpointService", name: "pg-service", props: { networkLoadBalancerArns: [NLB], acceptanceRequired: false, allowedPrincipals: ["*"], tags: TAGS, ...props },
});

describe("vpc-internet-subnets-edge-only", () => {
    stackTable(vpcInternetSubnetsEdgeOnly, vpc, {
        passes: {
            "the public table also routes IPv6 to the internet gateway": { change: s => s.push(route("public-v6", { routeTableId: "rtb-pub", destinationCidrBlock: undefined, destinationIpv6CidrBlock: "::/0", gatewayId: "igw-1" })) },
            "links are property dependencies only (ids unknown in preview)": {
                change: s => {
                    const r = named(s, "isolated-rta");
                    r.props = {};
                    r.propertyDependencies = { routeTableId: ["isolated-rt"], subnetId: ["isolated-0"] };
                },
            },
            "an internet-facing Classic Load Balancer sits in the public subnets": {
                change: s => s.push({ type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", props: { subnets: ["subnet-pub"], listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8000, instanceProtocol: "http" }], tags: TAGS } }),
            },
            "the adopted default network ACL, a parameter and a function's environment name a public subnet (data, not placement)": {
                change: s => s.push(
                    { type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", name: "default-acl", props: { subnetIds: ["subnet-pub", "subnet-priv"], tags: TAGS } },
                    { type: "aws:ssm/parameter:Parameter", name: "public-subnets", props: { type: "StringList", value: "subnet-pub", tags: TAGS } },
                    { type: "aws:lambda/function:Function", name: "runner", props: { vpcConfig: { subnetIds: ["subnet-priv"], securityGroupIds: ["sg-tasks"] }, environment: { variables: { EDGE_SUBNET: "subnet-pub" } }, tags: TAGS } }),
            },
            "the state lists the private table's routes inline, unset targets as empty strings": {
                change: s => {
                    named(s, "private-rt").props.routes = [{ cidrBlock: "0.0.0.0/0", ipv6CidrBlock: "", gatewayId: "", natGatewayId: "nat-1", transitGatewayId: "", vpcPeeringConnectionId: "" }];
                },
            },
            "the isolated table reaches S3 through the stack's gateway endpoint only": {
                change: s => s.push(
                    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "s3", props: { arn: ec2Arn("vpc-endpoint", "vpce-1"), vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway", routeTableIds: ["rtb-iso"] } },
                    route("isolated-s3", { routeTableId: "rtb-iso", destinationCidrBlock: undefined, destinationPrefixListId: "pl-63a5400a", vpcEndpointId: "vpce-1" })),
            },
            "a new subnet is associated with the public table but holds nothing": { change: s => s.push(subnet("public-1", "subnet-pub1", "10.0.4.0/22"), association("public-rta-1", "rtb-pub", "subnet-pub1")) },
            "the public table's default route is written as two halves to the internet gateway": {
                change: s => { named(s, "public-default").props.destinationCidrBlock = "0.0.0.0/1"; s.push(route("public-default-b", { routeTableId: "rtb-pub", destinationCidrBlock: "128.0.0.0/1", gatewayId: "igw-1" })); },
            },
            "the public table sends a peered VPC's private range elsewhere (no public address leaves the gateway)": {
                change: s => s.push(route("public-peer", { routeTableId: "rtb-pub", destinationCidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-1" })),
            },
            "a dualstack load balancer whose public table also routes ::/0 to the internet gateway": {
                change: s => { named(s, "alb").props.ipAddressType = "dualstack"; s.push(route("public-v6", { routeTableId: "rtb-pub", destinationCidrBlock: undefined, destinationIpv6CidrBlock: "::/0", gatewayId: "igw-1" })); },
            },
            "an internal load balancer sits in the private subnets": { change: s => { Object.assign(named(s, "alb").props, { internal: true, subnets: ["subnet-priv"] }); } },
            "the load balancer's subnets are another stack's (their route tables can't be read here)": { change: s => { named(s, "alb").props.subnets = ["subnet-elsewhere-a", "subnet-elsewhere-b"]; } },
        },
        violations: {
            "the isolated table gets a default route to the internet gateway": {
                change: s => s.push(route("isolated-default", { routeTableId: "rtb-iso", gatewayId: "igw-1" })), message: /SubnetGroup db-subnets sits in subnets that route to an internet gateway: isolated-0 \(route 0.0.0.0\/0 → igw-1 in isolated-rt, declared by isolated-default\)/,
            },
            "the isolated table gets a default route to the NAT gateway": {
                change: s => s.push(route("isolated-nat", { routeTableId: "rtb-iso", natGatewayId: "nat-1" })),
                message: /data store subnet group db-subnets uses isolated-0, whose route table isolated-rt sends 0.0.0.0\/0 to nat-gateway nat-1 \(declared by isolated-nat\)/,
            },
            "the isolated subnet is associated with the private table (NAT route)": {
                change: s => { named(s, "isolated-rta").props.routeTableId = "rtb-priv"; }, message: /db-subnets uses isolated-0, whose route table private-rt sends 0.0.0.0\/0 to nat-gateway/,
            },
            "the isolated table routes IPv6 to an egress-only gateway": {
                change: s => s.push(route("isolated-v6", { routeTableId: "rtb-iso", destinationCidrBlock: undefined, destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" })),
                message: /db-subnets uses isolated-0, whose route table isolated-rt sends ::\/0 to egress-only-gateway eigw-1/,
            },
            "the isolated subnet's association is repointed to the public table beside its stale dependency": {
                change: s => { named(s, "isolated-rta").props.routeTableId = "rtb-pub"; named(s, "isolated-rta").propertyDependencies = { routeTableId: ["isolated-rt"], subnetId: ["isolated-0"] }; },
                message: /SubnetGroup db-subnets sits in subnets that route to an internet gateway: isolated-0/,
            },
            "the private default route moves from the NAT to the internet gateway": {
                change: s => { Object.assign(named(s, "private-default").props, { natGatewayId: undefined, gatewayId: "igw-1" }); }, message: /Service backend sits in subnets that route to an internet gateway: private-0/,
            },
            "the database's subnet group moves to the public subnets": {
                change: s => { named(s, "db-subnets").props.subnetIds = ["subnet-pub"]; }, message: /SubnetGroup db-subnets .*public-0 \(route 0.0.0.0\/0 → igw-1.*give subnetIds private or isolated subnets/,
            },
            "the isolated table gets an inline IPv6 route to the internet gateway": {
                change: s => {
                    named(s, "isolated-rt").props.routes = [{ ipv6CidrBlock: "::/0", gatewayId: "igw-1" }];
                },
                message: /db-subnets .*route ::\/0 → igw-1 in isolated-rt/,
            },
            "a subnet without association uses the adopted default route table, which routes to the internet": {
                change: s => {
                    s.splice(s.indexOf(named(s, "private-rta")), 1);
                    s.push({ type: "aws:ec2/defaultRouteTable:DefaultRouteTable", name: "main-rt", props: { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] } });
                },
                message: /Service backend .*private-0 \(route 0.0.0.0\/0 → igw-1 in main-rt/,
            },
            "an instance is placed in a public subnet": {
                change: s => s.push({ type: "aws:ec2/instance:Instance", name: "worker", props: { subnetId: "subnet-pub", associatePublicIpAddress: false, tags: TAGS } }),
                message: /Instance worker sits in subnets .*public-0/,
            },
            "a function's vpcConfig uses a public subnet": {
                change: s => s.push({ type: "aws:lambda/function:Function", name: "runner", props: { vpcConfig: { subnetIds: ["subnet-pub"], securityGroupIds: ["sg-tasks"] }, tags: TAGS } }),
                message: /Function runner sits in subnets .*public-0.*give vpcConfig private or isolated subnets/,
            },
            "an internal load balancer is placed in a public subnet": {
                change: s => s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "internal-lb", props: { internal: true, subnets: ["subnet-pub"], tags: TAGS } }),
                message: /LoadBalancer internal-lb/,
            },
            "the internet-facing load balancer moves to the private subnets (default route to the NAT gateway)": {
                change: s => { named(s, "alb").props.subnets = ["subnet-priv"]; },
                message: /internet-facing load balancer alb has a node in private-0, whose route table private-rt does not send the IPv4 internet to an internet gateway \(0.0.0.0\/0 to nat-gateway nat-1\)/,
            },
            "one of its subnet mappings is an isolated subnet (no default route at all)": {
                change: s => { const p = named(s, "alb").props; p.subnets = undefined; p.subnetMappings = [{ subnetId: "subnet-pub" }, { subnetId: "subnet-iso" }]; },
                message: /node in isolated-0, whose route table isolated-rt .*\(no 0.0.0.0\/0 route\)/,
            },
            "more specific halves of the internet sent to the NAT gateway override the public table's default route": {
                change: s => s.push(route("public-half-a", { routeTableId: "rtb-pub", destinationCidrBlock: "0.0.0.0/1", natGatewayId: "nat-1" }), route("public-half-b", { routeTableId: "rtb-pub", destinationCidrBlock: "128.0.0.0/1", natGatewayId: "nat-1" })),
                message: /node in public-0, whose route table public-rt does not send the IPv4 internet to an internet gateway \(0.0.0.0\/0 to internet-gateway igw-1\)/,
            },
            "a dualstack load balancer's public table routes no IPv6 to the internet gateway": {
                change: s => { named(s, "alb").props.ipAddressType = "dualstack"; }, message: /node in public-0, whose route table public-rt does not send the IPv6 internet .*\(no ::\/0 route\)/,
            },
            "the failover record aliasing it is named (the load balancer in the private subnets)": {
                change: s => {
                    Object.assign(named(s, "alb").props, { subnets: ["subnet-priv"], dnsName: "alb-1.us-east-1.elb.amazonaws.com" });
                    s.push({ type: "aws:route53/record:Record", name: "failover", props: { zoneId: "Z1", name: "app.example.com", type: "A", aliases: [{ name: "dualstack.alb-1.us-east-1.elb.amazonaws.com.", zoneId: "Z35", evaluateTargetHealth: true }] } });
                },
                message: /internet-facing load balancer alb \(app.example.com aliases it\) has a node in private-0/,
            },
            "the load balancer names its subnets by dependency only (preview), one of them private": {
                change: s => { const lb = named(s, "alb"); lb.props.subnets = undefined; lb.propertyDependencies = { subnets: ["public-0", "private-0"] }; },
                message: /node in private-0/,
            },
        },
    });
});

const ALB_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/alb/1`;
const BACKEND_TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/backend/1`;
const ingressRule = (name: string, props: Record<string, unknown>): StackResourceInput => ({
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, props: { securityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 8000, toPort: 8000, tags: TAGS, ...props },
});
/** The VPC with the backend behind the ALB: an HTTPS listener forwarding to the backend's target group on 8000. */
const balanced = (): StackResourceInput[] => {
    const s = structuredClone(vpc);
    Object.assign(named(s, "alb").props, { arn: ALB_ARN });
    named(s, "backend").props.loadBalancers = [{ targetGroupArn: BACKEND_TG, containerName: "backend", containerPort: 8000 }];
    s.push(
        { type: "aws:lb/targetGroup:TargetGroup", name: "backend-tg", props: { arn: BACKEND_TG, name: "backend", port: 8000, protocol: "HTTP", targetType: "ip", vpcId: "vpc-1", tags: TAGS } },
        { type: "aws:lb/listener:Listener", name: "https", props: { arn: `${ALB_ARN}/listener/https`, loadBalancerArn: ALB_ARN, port: 443, protocol: "HTTPS", defaultActions: [{ type: "forward", targetGroupArn: BACKEND_TG }] } },
    );
    return s;
};

describe("sg-app-ports-from-load-balancer", () => {
    stackTable(sgAppPortsFromLoadBalancer, balanced(), {
        passes: {
            "the tasks admit the VPC on another port (metrics scraped on 9100)": { change: s => s.push(ingressRule("metrics", { fromPort: 9100, toPort: 9100, cidrIpv4: "10.0.0.0/16" })) },
            "UDP 8000 from the VPC (the load-balanced port is TCP)": { change: s => s.push(ingressRule("udp", { ipProtocol: "udp", cidrIpv4: "10.0.0.0/16" })) },
            "the load balancer's group is named by a rule resource through its dependency only (preview)": {
                change: s => { named(s, "tasks-sg").props.ingress = []; s.push({ ...ingressRule("from-alb", {}), propertyDependencies: { securityGroupId: ["tasks-sg"], referencedSecurityGroupId: ["alb-sg"] } }); },
            },
            "the target group is forwarded to by no listener of the stack: judged against every load balancer's group": { change: s => { s.splice(s.indexOf(named(s, "https")), 1); } },
            "a listener rule forwards to the target group instead of the default action": {
                change: s => {
                    named(s, "https").props.defaultActions = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }];
                    s.push({ type: "aws:lb/listenerRule:ListenerRule", name: "api", props: { listenerArn: `${ALB_ARN}/listener/https`, priority: 100, actions: [{ type: "forward", targetGroupArn: BACKEND_TG }], conditions: [{ pathPattern: { values: ["/api/*"] } }] } });
                },
            },
        },
        violations: {
            "the tasks' group admits the VPC's CIDR on the container port": {
                change: s => s.push(ingressRule("from-vpc", { cidrIpv4: "10.0.0.0/16" })),
                message: /from-vpc lets 10.0.0.0\/16 into tasks-sg on tcp 8000-8000, which covers port 8000 that service backend receives from its load balancer: .*Admit only alb-sg on 8000/,
            },
            "an inline rule admits a private /24 on a range covering the port": {
                change: s => (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 7000, toPort: 9000, cidrBlocks: ["10.0.100.0/24"] }),
                message: /tasks-sg lets 10.0.100.0\/24 into tasks-sg on tcp 7000-9000/,
            },
            "an IPv6 unique-local range": { change: s => s.push(ingressRule("from-ula", { cidrIpv6: "fd00::/8" })), message: /from-ula lets fd00::\/8 into tasks-sg/ },
            "a managed prefix list through a legacy security group rule": {
                change: s => s.push({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "from-pl", props: { type: "ingress", securityGroupId: "sg-tasks", protocol: "tcp", fromPort: 8000, toPort: 8000, prefixListIds: ["pl-0123456789abcdef0"] } }),
                message: /from-pl lets pl-0123456789abcdef0 into tasks-sg/,
            },
            "all traffic from the database's group": {
                change: s => s.push(ingressRule("from-db", { ipProtocol: "-1", fromPort: undefined, toPort: undefined, referencedSecurityGroupId: "sg-db" })),
                message: /from-db lets group db-sg into tasks-sg on all traffic/,
            },
            "the tasks' group admits itself (self) on every port": {
                change: s => (named(s, "tasks-sg").props.ingress as object[]).push({ protocol: "-1", fromPort: 0, toPort: 0, self: true }),
                message: /lets its own group tasks-sg \(self\) into tasks-sg/,
            },
            "a group of another stack or account": {
                change: s => s.push(ingressRule("from-elsewhere", { referencedSecurityGroupId: "sg-0fedcba9876543210" })),
                message: /lets group sg-0fedcba9876543210 \(not in this stack\)/,
            },
            "a second group attached to the service admits the private subnets (AWS admits what any group admits)": {
                change: s => {
                    s.push(group("debug-sg", "sg-debug", [{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.100.0/22"] }]));
                    (named(s, "backend").props.networkConfiguration as { securityGroups: string[] }).securityGroups.push("sg-debug");
                },
                message: /debug-sg lets 10.0.100.0\/22 into debug-sg/,
            },
            "another load balancer's group, one that does not forward to the service": {
                change: s => s.push(group("admin-sg", "sg-admin"),
                    { type: "aws:lb/loadBalancer:LoadBalancer", name: "admin-lb", props: { name: "admin", internal: true, subnets: ["subnet-priv"], securityGroups: ["sg-admin"], tags: TAGS } },
                    ingressRule("from-admin", { referencedSecurityGroupId: "sg-admin" })),
                message: /from-admin lets group admin-sg into tasks-sg/,
            },
        },
    });
});

describe("network-data-stores-not-exposed", () => {
    stackTable(networkDataStoresNotExposed, vpc, {
        passes: {
            "an internal network load balancer forwards to the database, offered to nobody": { change: s => s.push(...nlb(true)) },
            "its endpoint service requires acceptance": { change: s => s.push(...nlb(true), endpointService({ acceptanceRequired: true })) },
            "its endpoint service admits only this account": { change: s => s.push(...nlb(true), endpointService({ allowedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] })) },
            "an internet-facing load balancer forwards to a web port in the private subnets": { change: s => s.push(...nlb(false, 8000, "10.0.100.20")) },
            "a listener's ARN names an application load balancer of the same name as the network one": {
                change: s => {
                    s.push(...nlb(false, 5432));
                    s.splice(s.indexOf(named(s, "pg-target")), 1);
                    Object.assign(named(s, "nlb").props, { arn: undefined, loadBalancerType: "application" });
                    Object.assign(named(s, "pg-tg").props, { arn: undefined, name: "pg" });
                },
            },
        },
        violations: {
            "an internet-facing load balancer forwards to an address in the database's subnets": {
                change: s => s.push(...nlb(false, 443)), message: /load balancer pg is internet-facing and forwards to target group pg-tg, where target 10.0.112.45 is an address in a data store's subnets/,
            },
            "an internet-facing load balancer forwards to a data port": {
                change: s => s.push(...nlb(false, 6379, "10.9.9.9")), message: /target 10.9.9.9 listens on data port 6379/,
            },
            "targets are registered outside the program on a data port": {
                change: s => { s.push(...nlb(false)); s.splice(s.indexOf(named(s, "pg-target")), 1); }, message: /where its targets listen on data port 5432/,
            },
            "the database's group admits an internet-facing load balancer's group": {
                change: s => { s.push(...nlb(false, 8000, "10.0.100.20")); (named(s, "db-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-nlb"] }); },
                message: /data store group db-sg admits the group of load balancer pg, which is internet-facing/,
            },
            "an internal load balancer on the database is offered to every account without acceptance": {
                change: s => s.push(...nlb(true), endpointService({})), message: /load balancer pg is offered through endpoint service pg-service to \* without acceptance/,
            },
            "an internet-facing Classic Load Balancer listens for the database's port": {
                change: s => s.push({ type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", props: { name: "classic", subnets: ["subnet-pub"], listeners: [{ lbPort: 5432, lbProtocol: "tcp", instancePort: 5432, instanceProtocol: "tcp" }], tags: TAGS } }),
                message: /load balancer classic is internet-facing and forwards to instance port 5432, a data port/,
            },
            "an API Gateway VPC link fronts the internal load balancer": {
                change: s => s.push(...nlb(true), { type: "aws:apigateway/vpcLink:VpcLink", name: "link", props: { name: "link", targetArn: NLB } }),
                message: /load balancer pg is reachable from the internet through API Gateway VPC link link and forwards to target group pg-tg/,
            },
            "an HTTP API private integration names the internal load balancer's listener": {
                change: s => s.push(...nlb(true), { type: "aws:apigatewayv2/integration:Integration", name: "private", props: { apiId: "a1", integrationType: "HTTP_PROXY", connectionType: "VPC_LINK", integrationUri: `${NLB}/listener` } }),
                message: /through API Gateway private integration private/,
            },
            "a CloudFront VPC origin names the internal load balancer": {
                change: s => s.push(...nlb(true), { type: "aws:cloudfront/vpcOrigin:VpcOrigin", name: "origin", props: { vpcOriginEndpointConfig: { arn: NLB, name: "pg", httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only" } } }),
                message: /through CloudFront VPC origin origin/,
            },
            "a Global Accelerator endpoint group names the internal load balancer": {
                change: s => s.push(...nlb(true), { type: "aws:globalaccelerator/endpointGroup:EndpointGroup", name: "accelerated", props: { listenerArn: "arn:aws:globalaccelerator::1:accelerator/a/listener/l", endpointConfigurations: [{ endpointId: NLB, weight: 100 }] } }),
                message: /through Global Accelerator endpoint group accelerated/,
            },
            "a new load balancer and target group (no ARNs yet) named by the listener's ARNs": {
                change: s => {
                    s.push(...nlb(false, 5432));
                    s.splice(s.indexOf(named(s, "pg-target")), 1);
                    delete named(s, "nlb").props.arn;
                    Object.assign(named(s, "pg-tg").props, { arn: undefined, name: "pg" });
                },
                message: /load balancer pg is internet-facing and forwards to target group pg-tg, where its targets listen on data port 5432/,
            },
            "the load balancer leaves `internal` unset (internet-facing by default)": {
                change: s => { s.push(...nlb(false)); delete named(s, "nlb").props.internal; }, message: /is internet-facing/,
            },
        },
    });
});

describe("network-no-foreign-networks", () => {
    stackTable(networkNoForeignNetworks, vpc, {
        passes: {
            "a rule names this account's group in the cross-account form": { change: s => { (named(s, "db-sg").props.ingress as object[]).push({ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [`${ACCOUNT}/sg-0aa`] }); } },
            "the partner account is trusted": {
                change: s => s.push({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "partner", props: { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: `${FOREIGN}/sg-0bb` } }),
                config: { trustedAccountIds: [FOREIGN] },
            },
            "the isolated subnets route to the stack's own transit gateway": {
                change: s => s.push(
                    { type: "aws:ec2transitgateway/transitGateway:TransitGateway", name: "tgw", props: { arn: ec2Arn("transit-gateway", "tgw-1"), ownerId: ACCOUNT, tags: TAGS } },
                    { type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", name: "tgw-attach", props: { transitGatewayId: "tgw-1", vpcId: "vpc-1", subnetIds: ["subnet-iso"] } },
                    route("isolated-tgw", { routeTableId: "rtb-iso", destinationCidrBlock: "10.20.0.0/16", transitGatewayId: "tgw-1" })),
            },
            "an endpoint service requires acceptance": { change: s => s.push(...nlb(true), endpointService({ acceptanceRequired: true })) },
            "the state lists a NAT route inline, unset targets as empty strings": {
                change: s => { named(s, "private-rt").props.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "", natGatewayId: "nat-1", transitGatewayId: "", vpcPeeringConnectionId: "" }]; },
            },
            "an interface endpoint to an AWS service of the region": {
                change: s => s.push({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "sts", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.sts", vpcEndpointType: "Interface" } }),
            },
            "an interface endpoint to the stack's own endpoint service": {
                change: s => s.push(...nlb(true), endpointService({ acceptanceRequired: true, arn: ec2Arn("vpc-endpoint-service", "vpce-svc-0abc"), serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0abc" }),
                    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "own", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0abc", vpcEndpointType: "Interface" } }),
            },
            "an interface endpoint to a partner's PrivateLink service listed as trusted": {
                change: s => s.push({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "partner", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d", vpcEndpointType: "Interface" } }),
                config: { trustedEndpointServices: ["com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d"] },
            },
            "a site-to-site VPN to the office's trusted gateway": {
                change: s => s.push(
                    { type: "aws:ec2/customerGateway:CustomerGateway", name: "office", props: { arn: ec2Arn("customer-gateway", "cgw-1"), bgpAsn: "65000", ipAddress: "203.0.113.10", type: "ipsec.1" } },
                    { type: "aws:ec2/vpnConnection:VpnConnection", name: "office-vpn", props: { vpnGatewayId: "vgw-1", customerGatewayId: "cgw-1", type: "ipsec.1" } }),
                config: { trustedCustomerGatewayAddresses: ["203.0.113.10"] },
            },
            "a route goes to the stack's own instance's interface (a NAT instance)": {
                change: s => s.push(
                    { type: "aws:ec2/instance:Instance", name: "nat-instance", props: { arn: ec2Arn("instance", "i-1"), subnetId: "subnet-pub", primaryNetworkInterfaceId: "eni-1", tags: TAGS } },
                    route("private-via-instance", { routeTableId: "rtb-priv", destinationCidrBlock: "192.168.0.0/16", networkInterfaceId: "eni-1" })),
            },
            "a route goes over a peering the stack accepts from its own account": {
                change: s => s.push(
                    { type: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", name: "accept", props: { vpcPeeringConnectionId: "pcx-7", peerOwnerId: ACCOUNT, autoAccept: true } },
                    route("private-pcx", { routeTableId: "rtb-priv", destinationCidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-7" })),
            },
            "the NAT gateway is being replaced (its id unknown; the route's dependency names it)": {
                change: s => { delete named(s, "nat").props.arn; named(s, "private-default").props.natGatewayId = "nat-2"; named(s, "private-default").propertyDependencies = { natGatewayId: ["nat"] }; },
            },
            "the transit gateway peers with a trusted account's": {
                change: s => s.push({ type: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment", name: "tgw-peer", props: { transitGatewayId: "tgw-1", peerAccountId: FOREIGN, peerRegion: "us-west-2", peerTransitGatewayId: "tgw-9" } }),
                config: { trustedAccountIds: [FOREIGN] },
            },
        },
        violations: {
            "a v7 ingress rule names another account's group": {
                change: s => s.push({ type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "partner", props: { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: `${FOREIGN}/sg-0bb` } }),
                message: /partner admits security group 444455556666\/sg-0bb of account 444455556666/,
            },
            "an inline egress rule names another account's group": {
                change: s => { named(s, "tasks-sg").props.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, securityGroups: [`${FOREIGN}/sg-0cc`] }]; }, message: /tasks-sg admits security group 444455556666\/sg-0cc/,
            },
            "a legacy rule names another account's group": {
                change: s => s.push({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "legacy", props: { type: "ingress", securityGroupId: "sg-db", protocol: "tcp", fromPort: 6379, toPort: 6379, sourceSecurityGroupId: `${FOREIGN}/sg-0dd` } }),
                message: /legacy admits security group 444455556666\/sg-0dd/,
            },
            "the VPC attaches to a transit gateway the stack does not declare": {
                change: s => s.push({ type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", name: "shared", props: { transitGatewayId: "tgw-0999", vpcId: "vpc-1", subnetIds: ["subnet-iso"] } }),
                message: /shared attaches the VPC to a network outside the account: transit gateway tgw-0999 is not declared by this stack/,
            },
            "a route goes to a transit gateway owned by another account": {
                change: s => s.push(
                    { type: "aws:ec2transitgateway/transitGateway:TransitGateway", name: "tgw", props: { arn: `arn:aws:ec2:us-east-1:${FOREIGN}:transit-gateway/tgw-2`, ownerId: FOREIGN } },
                    route("isolated-tgw", { routeTableId: "rtb-iso", transitGatewayId: "tgw-2" })),
                message: /isolated-tgw routes 0.0.0.0\/0 of isolated-rt to another account's network: transit gateway tgw belongs to account 444455556666/,
            },
            "a route goes to a peering with an untrusted account": {
                change: s => s.push(
                    { type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", name: "pcx", props: { arn: ec2Arn("vpc-peering-connection", "pcx-1"), vpcId: "vpc-1", peerOwnerId: FOREIGN, peerVpcId: "vpc-9" } },
                    route("isolated-pcx", { routeTableId: "rtb-iso", destinationCidrBlock: "172.31.0.0/16", vpcPeeringConnectionId: "pcx-1" })),
                message: /isolated-pcx routes 172.31.0.0\/16 of isolated-rt to peering pcx with account 444455556666/,
            },
            "the private default route is redirected to an interface the stack does not own": {
                change: s => { Object.assign(named(s, "private-default").props, { natGatewayId: undefined, networkInterfaceId: "eni-0a1b2c3d4e5f60789" }); },
                message: /private-default routes 0.0.0.0\/0 to networkInterfaceId eni-0a1b2c3d4e5f60789, which is no resource of this stack/,
            },
            "an S3 prefix goes over a peering the stack does not declare": {
                change: s => s.push(route("private-s3-peer", { routeTableId: "rtb-priv", destinationCidrBlock: "52.216.0.0/15", vpcPeeringConnectionId: "pcx-0fedcba9876543210" })),
                message: /private-s3-peer routes 52.216.0.0\/15 to vpcPeeringConnectionId pcx-0fedcba9876543210, which is no resource of this stack/,
            },
            "the route's NAT gateway id is edited beside a stale dependency on the stack's": {
                change: s => { named(s, "private-default").props.natGatewayId = "nat-0ffffffffffffffff"; named(s, "private-default").propertyDependencies = { natGatewayId: ["nat"] }; },
                message: /routes 0.0.0.0\/0 to natGatewayId nat-0ffffffffffffffff/,
            },
            "a table's inline route sends to an instance the stack does not own": {
                change: s => { named(s, "private-rt").props.routes = [{ cidrBlock: "0.0.0.0/0", instanceId: "i-0badbadbadbadbad0" }]; }, message: /private-rt routes 0.0.0.0\/0 to instanceId i-0badbadbadbadbad0/,
            },
            "the stack's transit gateway peers with an untrusted account's": {
                change: s => s.push({ type: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment", name: "tgw-peer", props: { transitGatewayId: "tgw-1", peerAccountId: FOREIGN, peerRegion: "us-west-2", peerTransitGatewayId: "tgw-9" } }),
                message: /tgw-peer peers a transit gateway with account 444455556666/,
            },
            "an interface endpoint to a third party's PrivateLink service": {
                change: s => s.push({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "partner", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d", vpcEndpointType: "Interface" } }),
                message: /partner connects the VPC to PrivateLink service com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d, which is not an AWS service nor an endpoint service of this stack/,
            },
            "a Gateway Load Balancer endpoint to another account's appliance service": {
                change: s => s.push({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "inspection", props: { vpcId: "vpc-1", serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0aaa", vpcEndpointType: "GatewayLoadBalancer" } }),
                message: /inspection connects the VPC to PrivateLink service/,
            },
            "a resource endpoint to another account's VPC Lattice resource configuration": {
                change: s => s.push({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "lattice", props: { vpcId: "vpc-1", vpcEndpointType: "Resource", resourceConfigurationArn: `arn:aws:vpc-lattice:us-east-1:${FOREIGN}:resourceconfiguration/rcfg-1` } }),
                message: /lattice connects the VPC to resourceConfigurationArn .* of account 444455556666/,
            },
            "a site-to-site VPN to a customer gateway the configuration does not trust": {
                change: s => s.push(
                    { type: "aws:ec2/customerGateway:CustomerGateway", name: "cgw", props: { bgpAsn: "65000", ipAddress: "198.51.100.7", type: "ipsec.1" } },
                    { type: "aws:ec2/vpnConnection:VpnConnection", name: "vpn", props: { vpnGatewayId: "vgw-1", customerGatewayId: "cgw-9", type: "ipsec.1" }, propertyDependencies: { customerGatewayId: ["cgw"] } }),
                message: /vpn opens a site-to-site VPN to customer gateway cgw at 198.51.100.7/,
            },
            "a site-to-site VPN to a customer gateway the stack does not declare": {
                change: s => s.push({ type: "aws:ec2/vpnConnection:VpnConnection", name: "vpn", props: { transitGatewayId: "tgw-1", customerGatewayId: "cgw-0abc", type: "ipsec.1" } }),
                message: /vpn opens a site-to-site VPN to customer gateway cgw-0abc/,
            },
            "an endpoint service admits every account without acceptance": {
                change: s => s.push(...nlb(true), endpointService({})), message: /endpoint service pg-service lets \* connect without acceptance/,
            },
            "an allowed-principal resource adds another account to a service without acceptance": {
                change: s => s.push(...nlb(true), endpointService({ allowedPrincipals: [] }), {
                    type: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple", name: "partner-principal",
                    props: { principalArn: `arn:aws:iam::${FOREIGN}:root` }, propertyDependencies: { vpcEndpointServiceId: ["pg-service"] },
                }),
                message: /lets arn:aws:iam::444455556666:root connect/,
            },
        },
    });
});

describe("vpc-no-elastic-ip-on-instances", () => {
    stackTable(vpcNoElasticIpOnInstances, vpc, {
        passes: {
            "the state names the NAT gateway's interface on its address": {
                change: s => { named(s, "nat").props.networkInterfaceId = "eni-nat"; named(s, "nat-eip").props.networkInterface = "eni-nat"; },
            },
            "an unattached address is kept for later": { change: s => s.push({ type: "aws:ec2/eip:Eip", name: "spare", props: { domain: "vpc", tags: TAGS } }) },
        },
        violations: {
            "an address names an instance": {
                change: s => s.push({ type: "aws:ec2/eip:Eip", name: "worker-ip", props: { domain: "vpc", instance: "i-0123", tags: TAGS } }), message: /worker-ip gives i-0123 a public address through instance/,
            },
            "an address names a network interface": {
                change: s => s.push({ type: "aws:ec2/eip:Eip", name: "eni-ip", props: { domain: "vpc", networkInterface: "eni-0456", tags: TAGS } }), message: /eni-ip gives eni-0456 a public address through networkInterface/,
            },
            "an association attaches an address to an instance": {
                change: s => s.push({ type: "aws:ec2/eipAssociation:EipAssociation", name: "assoc", props: { allocationId: "eipalloc-9", instanceId: "i-0789" } }), message: /assoc gives i-0789 a public address through instanceId/,
            },
            "the instance is new (its id unknown), known by dependency": {
                change: s => s.push(
                    { type: "aws:ec2/instance:Instance", name: "worker", props: { subnetId: "subnet-priv", tags: TAGS } },
                    { type: "aws:ec2/eip:Eip", name: "worker-ip", props: { domain: "vpc", tags: TAGS }, propertyDependencies: { instance: ["worker"] } }),
                message: /worker-ip gives a resource of the stack a public address through instance/,
            },
        },
    });
});
