/**
 * Class 3: the edge as AWS routes and admits it, and the certificate it presents as ACM and
 * browsers treat it. An internet-facing load balancer is reached only through subnets whose route
 * table sends the internet to the internet gateway (longest prefix wins); the port a service
 * receives from its load balancer is admitted from the load balancer's group alone, by all the
 * tasks' groups together; the CAA record set governing each certificate name (the closest at or
 * above it) permits an Amazon CA, and CT logging stays on. Red team S's cases and variants.
 */
import { add, all, Case, drift, edit, every, ExportedResource, named, suite, tags } from "./support";

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const SERVICE = "aws:ecs/service:Service";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SGIN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const REC = "aws:route53/record:Record";
const CERT = "aws:acm/certificate:Certificate";

const ZONE = "Z04417623EXPERTCONNECT";
const DOMAIN = "app.expertconnect.example";
const PUB = ["subnet-0949b1ba3955b83ef", "subnet-0a0798a0e7b067f67", "subnet-05fed266f5748da8a"];
const PRIV = ["subnet-0c6b1e7d0a0126740", "subnet-03c130170ee574c6d", "subnet-0fb814e7d6a7167be"];
const ISO = ["subnet-06dce061d605e0875", "subnet-07f6dfe6bb0adf74d", "subnet-01be343fa0607f31c"];
const RT_PUBLIC = "rtb-0566189015948c720", RT_ISO = "rtb-03d20174762680bef";
const IGW = "igw-0a318a4b59c9ae171", NAT = "nat-00fb682fad246d49c";
const SG_BACKEND = "sg-002904b010804e592", SG_FRONTEND = "sg-05a2ff11db9a16961", SG_ALB = "sg-055597cfc4c445c69", SG_DB_TASKS = "sg-0840917ddb5bd684c";

const lb = named("alb");
const route = (name: string, props: Record<string, any>) => add(ROUTE, name, { routeTableId: RT_PUBLIC, ...props });
const ingress = (name: string, p: Record<string, any>) => add(SGIN, name, { securityGroupId: SG_BACKEND, ipProtocol: "tcp", fromPort: 8000, toPort: 8000, tags: tags("backend"), ...p });
const caa = (name: string, owner: string, ...records: string[]) => add(REC, name, { zoneId: ZONE, name: owner, type: "CAA", ttl: 3600, records });
/** A security group as deployed: its id known. */
const group = (name: string, id: string, ingressRules: object[]) => add(SG, name, { vpcId: "vpc-0e6ad3833cd78ec1f", description: name, ingress: ingressRules, tags: tags("backend") },
    { id, outputs: { id, arn: `arn:aws:ec2:us-east-1:123456789012:security-group/${id}`, vpcId: "vpc-0e6ad3833cd78ec1f", description: name, ingress: ingressRules, tags: tags("backend") } });
const backendGroups = (f: (groups: string[]) => string[]) => edit(SERVICE, (p) => { p.networkConfiguration = { ...p.networkConfiguration, securityGroups: f(p.networkConfiguration.securityGroups) }; }, named("backend-service"));

const violations: Case[] = [
    // Internet-facing load balancer in subnets the internet can't reach
    { name: "internet-facing ALB moved into the private subnets (no route from the internet gateway): the site is unreachable", change: edit(ALB, (p) => { p.subnets = PRIV; }, lb) },
    { name: "ALB keeps two public subnets and gains an isolated one: a third of the answers name a node nobody can reach", change: edit(ALB, (p) => { p.subnets = [PUB[0], PUB[1], ISO[2]]; }, lb) },
    { name: "ALB placed by subnet mappings into the private subnets", change: edit(ALB, (p) => { delete p.subnets; p.subnetMappings = PRIV.map((subnetId) => ({ subnetId })); }, lb) },
    { name: "the public route table's default route repointed from the internet gateway to a NAT gateway", change: edit(ROUTE, (p) => { delete p.gatewayId; p.natGatewayId = NAT; }, named("network-public-default")) },
    { name: "two more specific halves of the internet sent to a NAT gateway in the public table (longest prefix beats 0.0.0.0/0)", change: all(
        route("public-half-a", { destinationCidrBlock: "0.0.0.0/1", natGatewayId: NAT }),
        route("public-half-b", { destinationCidrBlock: "128.0.0.0/1", natGatewayId: NAT })) },
    { name: "ALB switched to dualstack while the public table routes no IPv6 to the internet gateway", change: edit(ALB, (p) => { p.ipAddressType = "dualstack"; }, lb) },
    { name: "drift: a public subnet re-associated with the isolated route table in the console", change: drift(ASSOCIATION, (p) => { p.routeTableId = RT_ISO; }, named("network-public-rta-1")) },

    // The load-balanced port admitted around the load balancer
    { name: "backend tasks accept port 8000 from the whole VPC CIDR, not just the ALB: anything in the VPC reaches Django without WAF or TLS", change: ingress("backend-from-vpc", { cidrIpv4: "10.0.0.0/16", description: "debug from VPC" }) },
    { name: "frontend tasks accept 3000 from the private subnets through a legacy security group rule", change: add(LEGACY_RULE, "frontend-from-private", { type: "ingress", securityGroupId: SG_FRONTEND, protocol: "tcp", fromPort: 3000, toPort: 3000, cidrBlocks: ["10.0.0.0/19", "10.0.32.0/19"] }) },
    { name: "backend accepts all traffic from the frontend tasks' group (server-side rendering calls Django directly)", change: ingress("backend-from-frontend", { ipProtocol: "-1", fromPort: undefined, toPort: undefined, referencedSecurityGroupId: SG_FRONTEND }) },
    { name: "backend accepts 8000 from the database-tasks function's group", change: ingress("backend-from-db-tasks", { referencedSecurityGroupId: SG_DB_TASKS }) },
    { name: "backend tasks admit each other on every port (self reference)", change: add(LEGACY_RULE, "backend-self", { type: "ingress", securityGroupId: SG_BACKEND, protocol: "-1", fromPort: 0, toPort: 0, self: true }) },
    { name: "backend accepts a port range covering 8000 from a VPC prefix list", change: ingress("backend-from-pl", { fromPort: 7000, toPort: 9000, prefixListId: "pl-0ccccddddeeeeffff" }) },
    { name: "backend accepts 8000 over IPv6 from a unique-local range", change: ingress("backend-from-ula", { cidrIpv6: "fd00::/8" }) },
    { name: "backend accepts 8000 from a group of another stack (a peered VPC's bastion)", change: ingress("backend-from-bastion", { referencedSecurityGroupId: "sg-0badc0ffee0000001" }) },
    { name: "a second security group on the backend service admits the VPC on 8000 (AWS admits what any group admits)", change: all(
        group("backend-debug", "sg-0debug00000000001", [{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [], prefixListIds: [], securityGroups: [], self: false }]),
        backendGroups((gs) => [...gs, "sg-0debug00000000001"])) },
    { name: "drift: the backend's ALB rule rewritten in the console to admit 10.0.0.0/16 instead of the ALB's group", change: drift(SGIN, (p) => { delete p.referencedSecurityGroupId; p.cidrIpv4 = "10.0.0.0/16"; }, named("backend-from-alb")) },
    { stack: "dr", name: "dr: backend tasks accept 8000 from the dr VPC CIDR 'for the failover drill'", change: (rs: ExportedResource[]) => {
        const sg = (every(rs, SG, named("backend-tasks"))[0] as any).id;
        ingress("backend-from-vpc", { securityGroupId: sg, cidrIpv4: "10.1.0.0/16", tags: tags("backend", "dr") })(rs);
    } },

    // CAA and CT
    { name: "CAA record on the application name allowing only letsencrypt.org: ACM (amazon.com) can no longer issue or renew the listener certificate", change: caa("caa", DOMAIN, "0 issue \"letsencrypt.org\"") },
    { name: "CAA at the zone apex allowing only DigiCert: both certificate names inherit it by tree climbing", change: caa("caa-apex", "expertconnect.example", "0 issue \"digicert.com\"") },
    { name: "CAA at the regional name allowing only Sectigo, although the application name's allows Amazon", change: all(
        caa("caa-app", DOMAIN, "0 issue \"amazon.com\""), caa("caa-prod", `prod.${DOMAIN}`, "0 issue \"sectigo.com\"")) },
    { name: "CAA forbidding every CA (0 issue \";\") on the application name", change: caa("caa", DOMAIN, "0 issue \";\"") },
    { name: "a wildcard name added to the certificate while issuewild names only Let's Encrypt", change: all(
        edit(CERT, (p) => { p.subjectAlternativeNames = [...p.subjectAlternativeNames, `*.${DOMAIN}`]; }),
        caa("caa", DOMAIN, "0 issue \"amazon.com\"", "0 issuewild \"letsencrypt.org\"")) },
    { name: "CAA with a critical property ACM does not understand", change: caa("caa", DOMAIN, "0 issue \"amazon.com\"", "128 tbs \"unknown\"") },
    { name: "CAA tag written in upper case (tags match case-insensitively) allowing only Let's Encrypt", change: caa("caa", DOMAIN, "0 ISSUE \"LetsEncrypt.org\"") },
    { stack: "dr", name: "dr: CAA at dr.app… allowing only Let's Encrypt (dr's certificate covers dr.app…)", change: caa("caa-dr", `dr.${DOMAIN}`, "0 issue \"letsencrypt.org\"") },
    { name: "certificate opts out of Certificate Transparency logging: Chrome and Safari reject publicly-trusted certificates that are not CT-logged", change: edit(CERT, (p) => { p.options = { certificateTransparencyLoggingPreference: "DISABLED" }; }) },
    { name: "drift: CT logging disabled on the certificate in the console (lower case)", change: drift(CERT, (p) => { p.options = { certificateTransparencyLoggingPreference: "disabled" }; }) },
];

const compliant: Case[] = [
    { name: "ALB switched to dualstack with a ::/0 route to the internet gateway in the public table", change: all(
        edit(ALB, (p) => { p.ipAddressType = "dualstack"; }, lb),
        route("public-default-v6", { destinationIpv6CidrBlock: "::/0", gatewayId: IGW })) },
    { name: "the public table's default route written as two halves to the internet gateway", change: all(
        edit(ROUTE, (p) => { p.destinationCidrBlock = "0.0.0.0/1"; }, named("network-public-default")),
        route("public-default-b", { destinationCidrBlock: "128.0.0.0/1", gatewayId: IGW })) },
    { name: "ALB placed with subnet mappings in the same public subnets", change: edit(ALB, (p) => { delete p.subnets; p.subnetMappings = PUB.map((subnetId) => ({ subnetId })); }, lb) },
    { name: "backend admits the VPC on its metrics port 9100 (not the load-balanced port)", change: ingress("backend-metrics", { fromPort: 9100, toPort: 9100, cidrIpv4: "10.0.0.0/16" }) },
    { name: "backend admits the ALB's group on 8000 a second time through a legacy rule", change: add(LEGACY_RULE, "backend-from-alb-legacy", { type: "ingress", securityGroupId: SG_BACKEND, protocol: "tcp", fromPort: 8000, toPort: 8000, sourceSecurityGroupId: SG_ALB }) },
    { name: "CAA records on the application name allowing only Amazon's CAs (ACM can still issue and renew)", change: caa("caa", DOMAIN, "0 issue \"amazon.com\"", "0 issue \"amazontrust.com\"", "0 issue \"awstrust.com\"", "0 issue \"amazonaws.com\"", "0 iodef \"mailto:security@expertconnect.example\"") },
    { name: "CAA at the apex allowing Let's Encrypt (marketing site) and Amazon", change: caa("caa-apex", "expertconnect.example", "0 issue \"letsencrypt.org\"", "0 issue \"amazon.com\"") },
    { name: "CAA forbidding wildcard certificates (issuewild \";\") beside issue amazon.com: the certificate has no wildcard name", change: caa("caa", DOMAIN, "0 issue \"amazon.com\"", "0 issuewild \";\"") },
    { name: "CAA allowing only Let's Encrypt on a sibling name the certificate does not cover (status.expertconnect.example)", change: caa("caa-status", "status.expertconnect.example", "0 issue \"letsencrypt.org\"") },
    { stack: "dr", name: "dr: CAA on dr.app… allowing amazon.com with a parameter", change: caa("caa-dr", `dr.${DOMAIN}`, "0 issue \"amazon.com; cansignhttpexchanges=yes\"") },
    { name: "certificate states CT logging ENABLED explicitly", change: edit(CERT, (p) => { p.options = { certificateTransparencyLoggingPreference: "ENABLED" }; }) },
];

suite("adversarial class 3: the edge as AWS routes and admits it, and certificates ACM can renew and browsers trust", violations, compliant);
