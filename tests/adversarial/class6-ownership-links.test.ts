/**
 * Class 6: controls that exist but join the wrong things. A WAF association, a flow log or a route
 * is judged by the ids AWS receives (in the program and in the deployed state), not by the
 * dependency that once named the stack's resource; the isolated tier is judged through the route
 * tables its subnets really use; a failover probe through the load balancer's redirect never fails.
 */
import { ACCOUNT, add, Case, drift, edit, every, ExportedResource, named, suite, tags } from "./support";

const RT = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const HC = "aws:route53/healthCheck:HealthCheck";
/** A resource's physical id (outputs carry none: the export keeps it beside them). */
const id = (rs: ExportedResource[], type: string, name: string): string => String(every(rs, type, named(name))[0].id);
const LEGACY_ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/legacy-alb/0123456789abcdef`;
const LEGACY_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/legacy-open/99999999-8888-7777-6666-555555555555`;
const OTHER_VPC = "vpc-0aaaaaaaaaaaaaaaa";

const violations: Case[] = [
    // WAF association: both ends must be the stack's.
    { name: "WAF association repointed to another ALB (ours loses the web ACL)", change: edit(WAF_ASSOCIATION, p => { p.resourceArn = LEGACY_ALB; }) },
    { name: "drift: WAF association's resourceArn names another ALB in the deployed state", change: drift(WAF_ASSOCIATION, p => { p.resourceArn = LEGACY_ALB; }) },
    { name: "WAF association joins our ALB to an allow-all legacy web ACL the stack does not own", change: edit(WAF_ASSOCIATION, p => { p.webAclArn = LEGACY_ACL; }) },
    { name: "drift: our ALB associated with another web ACL in the deployed state", change: drift(WAF_ASSOCIATION, p => { p.webAclArn = LEGACY_ACL; }) },
    // Flow logs: on the stack's VPC.
    { name: "flow log repointed to another VPC (ours unlogged)", change: edit(FLOW_LOG, p => { p.vpcId = OTHER_VPC; }) },
    { name: "drift: flow log's vpcId in the deployed state is another VPC", change: drift(FLOW_LOG, p => { p.vpcId = OTHER_VPC; }) },
    // Route targets: the stack's own.
    {
        name: "private default route redirected to an ENI the stack does not own (egress interception)",
        change: edit(ROUTE, p => { delete p.natGatewayId; p.networkInterfaceId = "eni-0a1b2c3d4e5f60789"; }, named("network-private-0-default")),
    },
    {
        name: "S3 prefix routed over a peering connection the stack does not declare",
        change: rs => add(ROUTE, "private-0-s3-via-peer", { routeTableId: id(rs, RT, "network-private-0-rt"), destinationCidrBlock: "52.216.0.0/15", vpcPeeringConnectionId: "pcx-0fedcba9876543210" })(rs),
    },
    {
        name: "drift: private default route's NAT gateway replaced by an unknown instance in the deployed state",
        change: drift(ROUTE, p => { delete p.natGatewayId; p.instanceId = "i-0badbadbadbadbad0"; }, named("network-private-1-default")),
    },
    // The isolated tier: no way to the internet through the tables its subnets use.
    {
        name: "isolated (database) route table gets 0.0.0.0/0 to the internet gateway",
        change: rs => add(ROUTE, "network-isolated-default", { routeTableId: id(rs, RT, "network-isolated-rt"), destinationCidrBlock: "0.0.0.0/0", gatewayId: id(rs, "aws:ec2/internetGateway:InternetGateway", "network-igw") })(rs),
    },
    {
        name: "isolated route table gets 0.0.0.0/0 via a NAT gateway",
        change: rs => add(ROUTE, "network-isolated-nat", { routeTableId: id(rs, RT, "network-isolated-rt"), destinationCidrBlock: "0.0.0.0/0", natGatewayId: id(rs, "aws:ec2/natGateway:NatGateway", "network-nat-0") })(rs),
    },
    {
        name: "isolated subnet re-associated with the public route table (IGW route)",
        change: rs => { const pub = id(rs, RT, "network-public-rt"); edit(RTA, p => { p.routeTableId = pub; }, named("network-isolated-rta-0"))(rs); },
    },
    {
        name: "isolated subnet re-associated with a private route table (NAT route)",
        change: rs => { const priv = id(rs, RT, "network-private-2-rt"); edit(RTA, p => { p.routeTableId = priv; }, named("network-isolated-rta-2"))(rs); },
    },
    // Failover health: the probe must reach the app.
    { name: "dns-app health check switched to HTTP:80 (the ALB's 301 redirect counts as healthy)", change: edit(HC, p => { p.type = "HTTP"; p.port = 80; delete p.enableSni; }, named("dns-app")) },
    { name: "dns-app health check switched to plain HTTP, port left to its default (80)", change: edit(HC, p => { p.type = "HTTP"; delete p.port; delete p.enableSni; }, named("dns-app")) },
    {
        name: "HTTPS listener rule answers the app's health path itself (fixed 200) ahead of the backend",
        change: rs => add("aws:lb/listenerRule:ListenerRule", "alb-health-fixed-answer", {
            listenerArn: every(rs, "aws:lb/listener:Listener", named("alb-https"))[0].outputs.arn, priority: 2,
            conditions: [{ pathPattern: { values: ["/api/health/"] } }],
            actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "ok", statusCode: "200" } }],
            tags: tags("load-balancer"),
        })(rs),
    },
];

const compliant: Case[] = [
    {
        name: "private tables peer with a shared-services VPC of our own account (the stack declares the peering)",
        change: rs => {
            add("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "shared-services-peering", {
                vpcId: id(rs, "aws:ec2/vpc:Vpc", "network"), peerVpcId: "vpc-0123456789abcdef1", peerOwnerId: ACCOUNT, autoAccept: true, tags: tags("network"),
            })(rs);
            rs[rs.length - 1].outputs.arn = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-peering-connection/pcx-0aa11bb22cc33dd44`;
            for (const i of [0, 1, 2]) {
                add(ROUTE, `network-private-${i}-shared`, { routeTableId: id(rs, RT, `network-private-${i}-rt`), destinationCidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-0aa11bb22cc33dd44" })(rs);
            }
        },
    },
    { name: "dns-app health check probes faster (10 s) on HTTPS", change: edit(HC, p => { p.requestInterval = 10; }, named("dns-app")) },
    { name: "flow log aggregates every 10 minutes on the same VPC", change: edit(FLOW_LOG, p => { p.maxAggregationInterval = 600; }) },
];

suite("adversarial class 6: links join the stack's own resources", violations, compliant);
