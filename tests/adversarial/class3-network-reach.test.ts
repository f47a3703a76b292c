/**
 * Class 3: network reach judged by what AWS admits, not by how a change spells it: address
 * ranges that together cover the internet (split halves, quarters, IPv6 halves, a managed prefix
 * list holding the world), a public load balancer created together with its target group in front
 * of a data port, endpoints and VPNs to networks nobody here controls, a public App Runner
 * service, the account's AMI and snapshot sharing switches and a network load balancer's TLS listener on a legacy policy; beside the office and VPC ranges,
 * AWS service endpoints and private services that stay allowed.
 */
import { ACCOUNT, add, all, Case, drift, edit, FOREIGN, named, remove, suite, tags } from "./support";

const VPC = "vpc-0e6ad3833cd78ec1f";
const PUB = ["subnet-0949b1ba3955b83ef", "subnet-0a0798a0e7b067f67", "subnet-05fed266f5748da8a"];
const ISO = ["subnet-06dce061d605e0875", "subnet-07f6dfe6bb0adf74d", "subnet-01be343fa0607f31c"];
const SG_BACKEND = "sg-002904b010804e592", SG_ALB = "sg-055597cfc4c445c69", SG_ENDPOINTS = "sg-0a8d7b28b759a3a9e";
const RT_ISO = "rtb-03d20174762680bef";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-misc`;
const T = (component: string) => tags(component);

const ingress = (name: string, p: Record<string, any>) =>
    add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, { ipProtocol: "tcp", tags: T("backend"), ...p });
const elb = (kind: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:${kind}`;
/** A load balancer, target group and listener created together: no ARNs yet, the listener names them by hand-written ARNs. */
const newLoadBalancer = (internal: boolean, listener: Record<string, any>, targetPort: number) => all(
    add("aws:lb/loadBalancer:LoadBalancer", "pg-nlb", { name: "expertconnect-prod-pg", loadBalancerType: "network", internal, subnets: internal ? ISO : PUB, tags: T("database") }),
    add("aws:lb/targetGroup:TargetGroup", "pg-tg", { name: "pg", port: targetPort, protocol: "TCP", targetType: "ip", vpcId: VPC, tags: T("database") }),
    add("aws:lb/listener:Listener", "pg-listener", { loadBalancerArn: elb("loadbalancer/net/expertconnect-prod-pg/abc"), defaultActions: [{ type: "forward", targetGroupArn: elb("targetgroup/pg/abc") }], tags: T("database"), ...listener }));
const endpoint = (name: string, serviceName: string, extra: Record<string, any> = {}) =>
    add("aws:ec2/vpcEndpoint:VpcEndpoint", name, { vpcId: VPC, serviceName, vpcEndpointType: "Interface", securityGroupIds: [SG_ENDPOINTS], subnetIds: ISO, tags: T("network"), ...extra });
const appRunner = (networkConfiguration?: Record<string, any>) => add("aws:apprunner/service:Service", "admin", {
    serviceName: "expertconnect-prod-admin",
    sourceConfiguration: { autoDeploymentsEnabled: false, imageRepository: { imageIdentifier: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`, imageRepositoryType: "ECR", imageConfiguration: { port: "8000" } }, authenticationConfiguration: { accessRoleArn: ROLE } },
    ...(networkConfiguration ? { networkConfiguration } : {}), tags: T("backend") });

/** A managed prefix list as a deployed one exports it: its id at the end of its ARN. */
const prefixList = (name: string, id: string, family: "IPv4" | "IPv6", cidrs: string[]) =>
    add("aws:ec2/managedPrefixList:ManagedPrefixList", name, { name, addressFamily: family, maxEntries: 5, entries: cidrs.map(cidr => ({ cidr })), tags: T("network") },
        { id, outputs: { name, addressFamily: family, maxEntries: 5, entries: cidrs.map(cidr => ({ cidr })), id, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/${id}`, tags: T("network") } });

const violations: Case[] = [
    // A subnet without an association uses its VPC's main table, which AWS creates with the local route only.
    { name: "private subnet 0's route table association removed (AWS's main table: no NAT, no S3 gateway route)", change: remove("aws:ec2/routeTableAssociation:RouteTableAssociation", named("network-private-0-rta-0")) },
    { stack: "dr", name: "dr: private subnet 1's route table association removed", change: remove("aws:ec2/routeTableAssociation:RouteTableAssociation", named("network-private-1-rta-0")) },
    // A service whose group opens the internet (the video provider) needs a way out from each of its subnets; dr's pilot light is promoted by scaling, not routing.
    { stack: "dr", name: "dr's private default routes (NAT) removed to save pilot-light cost: the backend's calls to the video provider fail once it serves", change: remove("aws:ec2/route:Route", r => /network-private-\d-default$/.test(r.urn)) },
    { name: "prod: zone b's private default route removed (its tasks' provider calls time out)", change: remove("aws:ec2/route:Route", named("network-private-1-default")) },
    { name: "prod: zone a's default route pointed at the internet gateway (the tasks have no public address)", change: rs => {
        const igw = rs.find(r => r.type === "aws:ec2/internetGateway:InternetGateway")!;
        edit("aws:ec2/route:Route", p => { delete p.natGatewayId; p.gatewayId = igw.id; }, named("network-private-0-default"))(rs);
    } },
    // Ranges that cover the internet together
    { name: "SSH to the backend open to 0.0.0.0/1 and 128.0.0.0/1 in two rules", change: all(
        ingress("backend-ssh-a", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" }),
        ingress("backend-ssh-b", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" })) },
    { name: "the backend port open to four /2s", change: all(
        ...["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"].map((c, i) => ingress(`backend-q${i}`, { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv4: c }))) },
    { name: "a /1 on SSH plus two /2s through a wide port range", change: all(
        ingress("backend-half", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" }),
        ingress("backend-range-a", { securityGroupId: SG_BACKEND, fromPort: 1, toPort: 1024, cidrIpv4: "128.0.0.0/2" }),
        ingress("backend-range-b", { securityGroupId: SG_BACKEND, fromPort: 20, toPort: 30, cidrIpv4: "192.0.0.0/2" })) },
    { name: "the backend port open to ::/1 and 8000::/1", change: all(
        ingress("backend-v6a", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv6: "::/1" }),
        ingress("backend-v6b", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, cidrIpv6: "8000::/1" })) },
    { name: "SSH from a public /8 (wider than any office block)", change: ingress("backend-ssh-cloud", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "52.0.0.0/8" }) },
    // Managed prefix lists
    { name: "SSH to the backend through a new prefix list holding 0.0.0.0/0 (named by a literal id)", change: all(
        add("aws:ec2/managedPrefixList:ManagedPrefixList", "admin-ranges", { name: "admin-ranges", addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "0.0.0.0/0", description: "temp" }], tags: T("network") }),
        ingress("backend-ssh-pl", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, prefixListId: "pl-0123456789abcdef1" })) },
    { name: "the backend port through a deployed prefix list holding ::/0", change: all(
        prefixList("v6-ranges", "pl-0aaaabbbbccccdddd", "IPv6", ["::/0"]),
        ingress("backend-v6-pl", { securityGroupId: SG_BACKEND, fromPort: 8000, toPort: 8000, prefixListId: "pl-0aaaabbbbccccdddd" })) },
    { name: "a partner's /24 list widened to the internet by a prefix-list entry resource", change: all(
        prefixList("partner-ranges", "pl-0bbbbccccddddeeee", "IPv4", ["198.51.100.0/24"]),
        add("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "partner-wide", { prefixListId: "pl-0bbbbccccddddeeee", cidr: "0.0.0.0/0" }),
        ingress("backend-partner-pl", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, prefixListId: "pl-0bbbbccccddddeeee" })) },
    // Data stores behind a load balancer created in the same change
    { name: "internet-facing NLB forwarding TCP 5432 to a target group on 5432, all created together", change: newLoadBalancer(false, { port: 5432, protocol: "TCP" }, 5432) },
    { name: "internet-facing NLB TLS listener on 443 forwarding to Redis's port", change: newLoadBalancer(false, { port: 443, protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c` }, 6379) },
    // Foreign networks and side doors
    { name: "interface endpoint to a third party's PrivateLink service", change: endpoint("partner-endpoint", "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69788") },
    { name: "Gateway Load Balancer endpoint to an appliance service of another account", change: endpoint("inspection", "com.amazonaws.vpce.us-east-1.vpce-svc-0aaabbbcccddd0001", { vpcEndpointType: "GatewayLoadBalancer", securityGroupIds: undefined, subnetIds: [ISO[0]] }) },
    { name: "resource endpoint to another account's VPC Lattice resource configuration", change: add("aws:ec2/vpcEndpoint:VpcEndpoint", "lattice", { vpcId: VPC, vpcEndpointType: "Resource", resourceConfigurationArn: `arn:aws:vpc-lattice:us-east-1:${FOREIGN}:resourceconfiguration/rcfg-0123`, subnetIds: ISO, tags: T("network") }) },
    { name: "site-to-site VPN to an unknown customer gateway, routes propagated to the isolated table", change: all(
        add("aws:ec2/vpnGateway:VpnGateway", "vgw", { vpcId: VPC, tags: T("network") }),
        add("aws:ec2/customerGateway:CustomerGateway", "cgw", { bgpAsn: "65000", ipAddress: "203.0.113.10", type: "ipsec.1", tags: T("network") }),
        add("aws:ec2/vpnConnection:VpnConnection", "vpn", { vpnGatewayId: "vgw-0123456789abcdef0", customerGatewayId: "cgw-0123456789abcdef0", type: "ipsec.1", staticRoutesOnly: true, tags: T("network") }),
        add("aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation", "vpn-prop", { vpnGatewayId: "vgw-0123456789abcdef0", routeTableId: RT_ISO })) },
    { name: "site-to-site VPN on a transit gateway to a customer gateway the stack does not declare", change: add("aws:ec2/vpnConnection:VpnConnection", "vpn-tgw", { transitGatewayId: "tgw-0123456789abcdef0", customerGatewayId: "cgw-0fedcba987654321", type: "ipsec.1", tags: T("network") }) },
    { name: "App Runner service publicly accessible (outside the ALB and its WAF)", change: appRunner({ ingressConfiguration: { isPubliclyAccessible: true } }) },
    { name: "App Runner service without network configuration (public by default)", change: appRunner() },
    // Listener controls
    { name: "internal NLB TLS listener on a legacy TLS 1.0 policy (ELB.17)", change: newLoadBalancer(true, { port: 443, protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04", certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c` }, 8000) },
    { name: "internal NLB TLS listener with no policy (the API default allows TLS 1.0)", change: newLoadBalancer(true, { port: 443, protocol: "TLS", certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c` }, 8000) },
    // Registry scanning: basic filters override the repositories' own scanOnPush
    { name: "drift: registry scanning switched to BASIC with a filter naming only the backend repository", change: drift("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", p => {
        p.scanType = "BASIC"; p.rules = [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "expertconnect-backend", filterType: "WILDCARD" }] }]; }) },
    // Account-level public sharing switches
    { name: "account-level AMI block public access unblocked", change: add("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "ami-bpa", { state: "unblocked" }) },
    { name: "account-level EBS snapshot block public access unblocked", change: add("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", "snap-bpa", { state: "unblocked" }) },
];

const compliant: Case[] = [
    { name: "SSH to the backend from the office's /24", change: ingress("backend-ssh-office", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24" }) },
    // The load-balanced port itself (8000) admits the load balancer alone: class3-edge-reach.
    { name: "the backend's metrics port from a VPC-internal prefix list", change: all(
        prefixList("vpc-ranges", "pl-0ccccddddeeeeffff", "IPv4", ["10.0.0.0/16", "10.1.0.0/16"]),
        ingress("backend-from-vpc-pl", { securityGroupId: SG_BACKEND, fromPort: 9100, toPort: 9100, prefixListId: "pl-0ccccddddeeeeffff" })) },
    { name: "the ALB's HTTPS written as two /1 halves (a load balancer may face the internet on 443)", change: all(
        ingress("alb-https-a", { securityGroupId: SG_ALB, fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/1", tags: T("load-balancer") }),
        ingress("alb-https-b", { securityGroupId: SG_ALB, fromPort: 443, toPort: 443, cidrIpv4: "128.0.0.0/1", tags: T("load-balancer") })) },
    { name: "two partner /24s on different ports", change: all(
        ingress("backend-partner-a", { securityGroupId: SG_BACKEND, fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24" }),
        ingress("backend-partner-b", { securityGroupId: SG_BACKEND, fromPort: 8022, toPort: 8022, cidrIpv4: "198.51.101.0/24" })) },
    { name: "internal NLB in the isolated subnets forwarding to the database, offered to nobody", change: newLoadBalancer(true, { port: 5432, protocol: "TCP" }, 5432) },
    { name: "internal NLB TLS listener on a TLS 1.3 policy", change: newLoadBalancer(true, { port: 443, protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c` }, 8000) },
    { name: "an extra STS interface endpoint like the others", change: endpoint("network-endpoints-sts", "com.amazonaws.us-east-1.sts", { privateDnsEnabled: true }) },
    { name: "App Runner service reached only through a VPC interface endpoint", change: appRunner({ ingressConfiguration: { isPubliclyAccessible: false }, egressConfiguration: { egressType: "DEFAULT" } }) },
    { name: "account-level AMI and snapshot block public access turned on", change: all(
        add("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "ami-bpa", { state: "block-new-sharing" }),
        add("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", "snap-bpa", { state: "block-all-sharing" })) },
];

suite("adversarial class 3: network reach by what AWS admits (ranges together, load balancers created together, side doors, account switches)", violations, compliant);
