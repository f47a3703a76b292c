/**
 * Class 3: network controls that hold rule by rule but not as AWS routes traffic: a subnet made
 * public by its route table, a data store behind a public load balancer or an open PrivateLink
 * service, another account's networks, an Elastic IP on an instance.
 */
import { ACCOUNT, add, all, Case, edit, every, FOREIGN, named, suite, tags } from "./support";

const VPC = "vpc-0e6ad3833cd78ec1f";
const PUB = ["subnet-0949b1ba3955b83ef", "subnet-0a0798a0e7b067f67", "subnet-05fed266f5748da8a"];
const PRIV = ["subnet-0c6b1e7d0a0126740", "subnet-03c130170ee574c6d", "subnet-0fb814e7d6a7167be"];
const ISO = ["subnet-06dce061d605e0875", "subnet-07f6dfe6bb0adf74d", "subnet-01be343fa0607f31c"];
const SG_ALB = "sg-055597cfc4c445c69", SG_BACKEND = "sg-002904b010804e592", SG_DB = "sg-0fc76780074a8bf53", SG_CACHE = "sg-0dabdcbac6eb02128";
const RT_PUBLIC = "rtb-0566189015948c720", RT_PRIV0 = "rtb-099c01225aefbfdcf", RT_ISO = "rtb-03d20174762680bef";
const IGW = "igw-0a318a4b59c9ae171";
const HTTPS_LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/alb-https-7b97649`;
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/expertconnect-pg/0123456789abcdef`;
const NLB_TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/pg/0123456789abcdef`;
const SG_NLB = "sg-0aaaabbbbccccdddd";
const T = (component: string) => tags(component);

/** A resource added with its physical id and ARN, as the export of a deployed one holds them. */
const withId = (type: string, name: string, id: string, props: Record<string, any>) =>
    add(type, name, props, { id, outputs: { ...props, id, arn: id.startsWith("arn:") ? id : `arn:aws:ec2:us-east-1:${ACCOUNT}:x/${id}` } });
const ingress = (name: string, p: Record<string, any>) => add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { ipProtocol: "tcp", tags: T("network"), ...p });
const route = (name: string, p: Record<string, any>) => add("aws:ec2/route:Route", name, p);

/** A network load balancer (`internal` as given) whose TCP listener forwards to `port` on `targetId`. */
const nlb = (internal: boolean, port: number, targetId: string, subnets: string[]) => all(
    withId("aws:ec2/securityGroup:SecurityGroup", "pg-nlb-sg", SG_NLB, { vpcId: VPC, description: "NLB", tags: T("load-balancer") }),
    withId("aws:lb/loadBalancer:LoadBalancer", "pg-nlb", NLB, { name: "expertconnect-pg", loadBalancerType: "network", internal, subnets, securityGroups: [SG_NLB], enableDeletionProtection: true, tags: T("load-balancer") }),
    withId("aws:lb/targetGroup:TargetGroup", "pg-tg", NLB_TG, { port, protocol: "TCP", targetType: "ip", vpcId: VPC, tags: T("load-balancer") }),
    add("aws:lb/listener:Listener", "pg-nlb-listener", { loadBalancerArn: NLB, port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: NLB_TG }], tags: T("load-balancer") }),
    add("aws:lb/targetGroupAttachment:TargetGroupAttachment", "pg-target", { targetGroupArn: NLB_TG, targetId, port }));
const endpointService = (props: Record<string, any>) =>
    withId("aws:ec2/vpcEndpointService:VpcEndpointService", "pg-endpoint-service", "vpce-svc-0123456789abcdef0", { networkLoadBalancerArns: [NLB], tags: T("database"), ...props });

const violations: Case[] = [
    // Subnets public by their route table
    { name: "the isolated (database) route table gets 0.0.0.0/0 to the internet gateway", change: route("network-isolated-default", { routeTableId: RT_ISO, destinationCidrBlock: "0.0.0.0/0", gatewayId: IGW }) },
    { name: "the isolated route table gets ::/0 to the internet gateway (IPv6 only)", change: route("network-isolated-v6", { routeTableId: RT_ISO, destinationIpv6CidrBlock: "::/0", gatewayId: IGW }) },
    { name: "a private route table's default route switched from the NAT to the internet gateway", change: edit("aws:ec2/route:Route", p => { delete p.natGatewayId; p.gatewayId = IGW; }, named("network-private-1-default")) },
    { name: "an isolated subnet re-associated with the public route table", change: edit("aws:ec2/routeTableAssociation:RouteTableAssociation", p => { p.routeTableId = RT_PUBLIC; }, named("network-isolated-rta-0")) },
    { name: "the database's subnet group moved to the public subnets", change: edit("aws:rds/subnetGroup:SubnetGroup", p => { p.subnetIds = PUB; }, named("database-subnets")) },
    { name: "the cache's subnet group given one public subnet besides its isolated ones", change: edit("aws:elasticache/subnetGroup:SubnetGroup", p => { p.subnetIds = [...ISO, PUB[0]]; }, named("cache-subnets")) },
    { name: "dr: the isolated route table gets a default route to the internet gateway", stack: "dr", change: rs => {
        const table = every(rs, "aws:ec2/routeTable:RouteTable", named("network-isolated-rt"))[0];
        const igw = every(rs, "aws:ec2/internetGateway:InternetGateway")[0];
        route("isolated-igw", { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id })(rs);
    } },
    // Data stores behind an exposed load balancer
    { name: "internet-facing NLB: TCP 443 forwarded to the database's address on 5432, the database group admitting the NLB's", change: all(
        nlb(false, 5432, "10.0.112.45", PUB),
        ingress("pg-nlb-in-443", { securityGroupId: SG_NLB, cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 }),
        ingress("database-from-nlb", { securityGroupId: SG_DB, referencedSecurityGroupId: SG_NLB, fromPort: 5432, toPort: 5432 })) },
    { name: "internet-facing NLB forwarding to an address of the isolated subnets on a non-standard port", change: nlb(false, 15432, "10.0.117.9", PUB) },
    { name: "the public ALB gets a listener rule forwarding /cache/* to a target group on 6379", change: all(
        withId("aws:lb/targetGroup:TargetGroup", "cache-tg", NLB_TG, { port: 6379, protocol: "HTTP", targetType: "ip", vpcId: VPC, tags: T("load-balancer") }),
        add("aws:lb/listenerRule:ListenerRule", "alb-cache", { listenerArn: HTTPS_LISTENER, priority: 7, actions: [{ type: "forward", targetGroupArn: NLB_TG }], conditions: [{ pathPattern: { values: ["/cache/*"] } }], tags: T("load-balancer") })) },
    { name: "the cache's group admits the public ALB's group", change: ingress("cache-from-alb", { securityGroupId: SG_CACHE, referencedSecurityGroupId: SG_ALB, fromPort: 6379, toPort: 6379 }) },
    { name: "PrivateLink service (allowedPrincipals *, no acceptance) on an internal NLB that forwards to the database", change: all(
        nlb(true, 5432, "10.0.112.45", ISO), endpointService({ acceptanceRequired: false, allowedPrincipals: ["*"] })) },
    { name: "PrivateLink service without acceptance, another account added by an allowed-principal resource", change: all(
        nlb(true, 5432, "10.0.112.45", ISO), endpointService({ acceptanceRequired: false, allowedPrincipals: [] }),
        add("aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple", "partner", { vpcEndpointServiceId: "vpce-svc-0123456789abcdef0", principalArn: `arn:aws:iam::${FOREIGN}:root` })) },
    { name: "a REST API VPC link fronting an internal NLB that forwards to the database", change: all(
        nlb(true, 5432, "10.0.112.45", ISO), add("aws:apigateway/vpcLink:VpcLink", "pg-link", { name: "pg-link", targetArn: NLB, tags: T("backend") })) },
    // Other accounts' networks
    { name: "database group ingress from a security group of another account (peered VPC)", change: ingress("database-from-partner", { securityGroupId: SG_DB, referencedSecurityGroupId: `${FOREIGN}/sg-0fedcba9876543210`, fromPort: 5432, toPort: 5432 }) },
    { name: "backend group egress to another account's group (legacy rule)", change: add("aws:ec2/securityGroupRule:SecurityGroupRule", "backend-to-partner", { type: "egress", securityGroupId: SG_BACKEND, protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: `${FOREIGN}/sg-0123` }) },
    { name: "transit gateway attachment to a gateway shared from another account, the isolated subnets routed to it", change: all(
        add("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "shared-tgw", { transitGatewayId: "tgw-0abc1234567890def", vpcId: VPC, subnetIds: ISO, tags: T("network") }),
        route("isolated-to-tgw", { routeTableId: RT_ISO, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-0abc1234567890def" })) },
    // Elastic IPs
    { name: "Elastic IP on an instance launched without a public address", change: all(
        withId("aws:ec2/instance:Instance", "worker", "i-0123456789abcdef0", { ami: "ami-0c02fb55956c7d316", instanceType: "t3.small", subnetId: PRIV[0], associatePublicIpAddress: false, vpcSecurityGroupIds: [SG_BACKEND], tags: T("compute") }),
        add("aws:ec2/eip:Eip", "worker-ip", { domain: "vpc", instance: "i-0123456789abcdef0", tags: T("compute") })) },
    { name: "Elastic IP associated with a network interface by an EipAssociation", change: all(
        add("aws:ec2/eip:Eip", "spare-ip", { domain: "vpc", tags: T("network") }, { id: "eipalloc-0999", outputs: { domain: "vpc", arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-0999` } }),
        add("aws:ec2/eipAssociation:EipAssociation", "spare-ip-assoc", { allocationId: "eipalloc-0999", networkInterfaceId: "eni-0abc" })) },
];

const compliant: Case[] = [
    // In zone a, beside private-0: a zone without its own NAT gateway is vpc-egress-paths' to refuse in prod.
    { name: "an extra private subnet on the private-0 route table, in private-0's zone", change: all(
        withId("aws:ec2/subnet:Subnet", "network-private-3", "subnet-0ccc00000000000b1", { vpcId: VPC, cidrBlock: "10.0.124.0/22", availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false, tags: T("network") }),
        add("aws:ec2/routeTableAssociation:RouteTableAssociation", "network-private-3-rta", { routeTableId: RT_PRIV0, subnetId: "subnet-0ccc00000000000b1" })) },
    { name: "the public route table also sends ::/0 to the internet gateway", change: route("network-public-v6", { routeTableId: RT_PUBLIC, destinationIpv6CidrBlock: "::/0", gatewayId: IGW }) },
    { name: "an internal NLB in the private subnets forwarding to the backend's port", change: nlb(true, 8000, "10.0.100.20", PRIV) },
    { name: "a PrivateLink service on that internal NLB, offered to this account and requiring acceptance", change: all(
        nlb(true, 8000, "10.0.100.20", PRIV), endpointService({ acceptanceRequired: true, allowedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] })) },
    { name: "a fourth NAT gateway with its Elastic IP in a new public subnet", change: all(
        withId("aws:ec2/subnet:Subnet", "network-public-3", "subnet-0ddd000000000000a", { vpcId: VPC, cidrBlock: "10.0.12.0/22", availabilityZone: "us-east-1d", mapPublicIpOnLaunch: false, tags: T("network") }),
        add("aws:ec2/routeTableAssociation:RouteTableAssociation", "network-public-rta-3", { routeTableId: RT_PUBLIC, subnetId: "subnet-0ddd000000000000a" }),
        add("aws:ec2/eip:Eip", "network-nat-eip-3", { domain: "vpc", tags: T("network") }, { id: "eipalloc-0333", outputs: { domain: "vpc", arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-0333` } }),
        add("aws:ec2/natGateway:NatGateway", "network-nat-3", { allocationId: "eipalloc-0333", subnetId: "subnet-0ddd000000000000a", connectivityType: "public", tags: T("network") })) },
    { name: "the ALB spread over a new public subnet", change: all(
        withId("aws:ec2/subnet:Subnet", "network-public-3", "subnet-0ddd000000000000a", { vpcId: VPC, cidrBlock: "10.0.12.0/22", availabilityZone: "us-east-1d", mapPublicIpOnLaunch: false, tags: T("network") }),
        add("aws:ec2/routeTableAssociation:RouteTableAssociation", "network-public-rta-3", { routeTableId: RT_PUBLIC, subnetId: "subnet-0ddd000000000000a" }),
        edit("aws:lb/loadBalancer:LoadBalancer", p => { p.subnets = [...p.subnets, "subnet-0ddd000000000000a"]; }, named("alb"))) },
    { name: "the backend group admits the ALB on a new port (a target, not a data store)", change: ingress("backend-from-alb-8001", { securityGroupId: SG_BACKEND, referencedSecurityGroupId: SG_ALB, fromPort: 8001, toPort: 8001 }) },
];

suite("adversarial class 3: network exposure by route, load balancer and account", violations, compliant);
