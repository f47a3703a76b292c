/**
 * Class 3: calls followed the way the VPC carries them (policy/paths: origin.ts decides where a
 * call goes, network.ts judges the security groups and the network ACLs, access.ts evaluates an
 * endpoint's policy as one more layer of each request through it). Network ACLs are stateless, so
 * a reply to the client's ephemeral ports needs its own entries; an interface endpoint with private
 * DNS takes the service's name for the whole VPC, so its groups must admit every caller; ECR's
 * image layers come from AWS's bucket through the S3 gateway endpoint. The red team's cases, then
 * other spellings (rule resources, associations, the managed default ACL, drift) and other
 * techniques of the same class, beside the legitimate forms of each.
 */
import { ACCOUNT, add, all, Case, doc, drift, edit, named, suite, tags } from "./support";

const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ACL = "aws:ec2/networkAcl:NetworkAcl";
const ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const ING = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGR = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const R = "us-east-1";
const VPC = "vpc-0e6ad3833cd78ec1f";
const PRIVATE = ["subnet-0c6b1e7d0a0126740", "subnet-03c130170ee574c6d", "subnet-0fb814e7d6a7167be"];
const ISOLATED = ["subnet-06dce061d605e0875", "subnet-07f6dfe6bb0adf74d", "subnet-01be343fa0607f31c"];
const SG = { backend: "sg-002904b010804e592", frontend: "sg-05a2ff11db9a16961", db: "sg-0fc76780074a8bf53", cache: "sg-0dabdcbac6eb02128", endpoints: "sg-0a8d7b28b759a3a9e", dbTasks: "sg-0840917ddb5bd684c", rotation: "sg-0cab19618a5cf2f0d" };
const ROLES = { backendTask: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`, backendExec: `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6` };
const T = (c: string) => tags(c);
const endpoint = (service: string) => named(`network-endpoints-${service}`);
const policy = (service: string, ...statements: object[]) => edit(EP, p => { p.policy = doc(...statements); }, endpoint(service));
const allowAll = { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };
const LAYERS = `arn:aws:s3:::prod-${R}-starport-layer-bucket/*`;

/** ACL entries as `[ruleNo, action, protocol, fromPort, toPort, cidrBlock]`. */
type Entry = [number, "allow" | "deny", string, number, number, string];
const entries = (list: Entry[]) => list.map(([ruleNo, action, protocol, fromPort, toPort, cidrBlock]) => ({ ruleNo, action, protocol, fromPort, toPort, cidrBlock }));
/** A network ACL as a deployed one exports it: its id at the end of its ARN. */
const acl = (name: string, id: string, subnetIds: string[], ingress: Entry[], egress: Entry[]) => {
    const props = { vpcId: VPC, subnetIds, ingress: entries(ingress), egress: entries(egress), tags: T("network") };
    return add(ACL, name, props, { id, outputs: { ...props, id, arn: `arn:aws:ec2:${R}:${ACCOUNT}:network-acl/${id}` } });
};
const rule = (name: string, aclId: string, ruleNumber: number, egress: boolean, ruleAction: "allow" | "deny", protocol: string, fromPort: number, toPort: number, cidrBlock: string) =>
    add(ACL_RULE, name, { networkAclId: aclId, ruleNumber, egress, ruleAction, protocol, fromPort, toPort, cidrBlock });
const VPC_ALL: Entry = [100, "allow", "-1", 0, 0, "10.0.0.0/16"];
const DATA_IN: Entry[] = [[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"], [110, "allow", "tcp", 6379, 6379, "10.0.0.0/16"]];
const REPLIES_TO_VPC: Entry[] = [[100, "allow", "tcp", 1024, 65535, "10.0.0.0/16"]];
/** No SSH or RDP from the internet (FSBP EC2.21), the replies from AWS's addresses on every other ephemeral port. */
const NO_ADMIN: Entry[] = [[150, "deny", "tcp", 22, 22, "0.0.0.0/0"], [160, "deny", "tcp", 3389, 3389, "0.0.0.0/0"]];
const PRIVATE_IN: Entry[] = [VPC_ALL, ...NO_ADMIN, [200, "allow", "tcp", 1024, 65535, "0.0.0.0/0"]];
const PRIVATE_OUT: Entry[] = [VPC_ALL, [200, "allow", "tcp", 443, 443, "0.0.0.0/0"]];
const newEndpoint = (service: string, sg: string, extra: Record<string, unknown> = {}) =>
    add(EP, `network-endpoints-${service}`, { vpcId: VPC, serviceName: `com.amazonaws.${R}.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: PRIVATE, securityGroupIds: [sg], tags: T("network"), ...extra });

const violations: Case[] = [
    // the red team's cases
    { name: "network ACL on the isolated subnets allows 5432 in but no ephemeral ports out: NACLs are stateless, every database reply is dropped",
        change: add(ACL, "isolated-nacl", { vpcId: VPC, subnetIds: ISOLATED, ingress: entries(DATA_IN), egress: entries([[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"]]), tags: T("network") }) },
    { name: "Secrets Manager endpoint moved to the cache SG (no 443 ingress): with private DNS on, tasks cannot fetch secrets and rotation fails", change: edit(EP, p => { p.securityGroupIds = [SG.cache]; }, endpoint("secretsmanager")) },
    { name: "S3 gateway endpoint policy limited to the project's buckets: ECR image layers (prod-us-east-1-starport-layer-bucket) are denied, no task can start",
        change: policy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] }) },
    { name: "ssmmessages endpoint policy denies CreateControlChannel: ECS Exec (the guide's migrate command) stops working", change: policy("ssmmessages", { ...allowAll, Effect: "Deny", Action: "ssmmessages:*" }, allowAll) },
    { name: "new interface endpoint for STS with private DNS and the database SG (no 443 ingress): every STS call in the VPC times out", change: newEndpoint("sts", SG.db) },
    // network ACLs: other spellings
    { name: "isolated ACL as standalone rule resources: 5432 and 6379 in, only 5432 out", change: all(acl("isolated-acl", "acl-0aaa000000000001a", ISOLATED, [], []),
        rule("iso-in", "acl-0aaa000000000001a", 100, false, "allow", "6", 5432, 6379, "10.0.0.0/16"), rule("iso-out", "acl-0aaa000000000001a", 100, true, "allow", "6", 5432, 5432, "10.0.0.0/16")) },
    { name: "isolated ACL whose replies start at 32768: the Lambda functions (db-tasks, rotation) reply on 1024-65535", change: acl("isolated-acl", "acl-0aaa000000000001b", ISOLATED, DATA_IN, [[100, "allow", "tcp", 32768, 65535, "10.0.0.0/16"]]) },
    { name: "isolated ACL denying the private subnets (10.0.0.0/17) at rule 50, ahead of its allows", change: acl("isolated-acl", "acl-0aaa000000000001c", ISOLATED, [[50, "deny", "-1", 0, 0, "10.0.0.0/17"], ...DATA_IN], REPLIES_TO_VPC) },
    { name: "a deny rule resource at rule 10 on an otherwise complete isolated ACL drops replies to private subnet 1", change: all(acl("isolated-acl", "acl-0aaa000000000001d", ISOLATED, DATA_IN, REPLIES_TO_VPC),
        rule("iso-deny", "acl-0aaa000000000001d", 10, true, "deny", "6", 1024, 65535, "10.0.32.0/19")) },
    { name: "the VPC's default ACL adopted as aws.ec2.DefaultNetworkAcl with no entries (it keeps only what it declares: every subnet loses everything)",
        change: add("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "network-default-acl", { defaultNetworkAclId: "acl-0ddd000000000000d", vpcId: VPC, tags: T("network") }) },
    { name: "one isolated subnet associated with a new ACL that lets only 5432 out", change: all(acl("iso-b-acl", "acl-0aaa000000000001e", [], DATA_IN, [[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"]]),
        add("aws:ec2/networkAclAssociation:NetworkAclAssociation", "iso-b-assoc", { networkAclId: "acl-0aaa000000000001e", subnetId: ISOLATED[1] })) },
    { name: "private-subnet ACL allowing the VPC only: S3 (gateway endpoint) and NAT calls (X-Ray, Backup, RDS) leave and no reply returns", change: acl("private-acl", "acl-0aaa000000000002a", PRIVATE, [VPC_ALL], [VPC_ALL, [200, "allow", "tcp", 443, 443, "0.0.0.0/0"]]) },
    { name: "private-subnet ACL admitting the ALB's ports, then denying the rest of the VPC: the database's, cache's and endpoints' replies are dropped",
        change: acl("private-acl", "acl-0aaa000000000002b", PRIVATE, [[100, "allow", "tcp", 3000, 8000, "10.0.96.0/20"], [150, "deny", "-1", 0, 0, "10.0.0.0/16"], ...NO_ADMIN.map(([n, ...rest]): Entry => [n + 20, ...rest]), [200, "allow", "tcp", 1024, 65535, "0.0.0.0/0"]], PRIVATE_OUT) },
    { name: "drift: the isolated ACL's reply entry removed in the console", change: all(acl("isolated-acl", "acl-0aaa000000000001f", ISOLATED, DATA_IN, REPLIES_TO_VPC),
        drift(ACL, p => { p.egress = []; }, named("isolated-acl"))) },
    // endpoints' security groups
    { name: "the endpoints' group admits HTTPS from the isolated subnets only", change: edit(ING, p => { p.cidrIpv4 = "10.0.112.0/20"; }, named("network-endpoints-sg-https")) },
    { name: "the logs endpoint moved to the database's group", change: edit(EP, p => { p.securityGroupIds = [SG.db]; }, endpoint("logs")) },
    { name: "new KMS endpoint with private DNS in the cache group: ECS Exec's session key becomes unreachable", change: newEndpoint("kms", SG.cache) },
    { name: "backend HTTPS egress narrowed to an office range: neither its endpoints nor S3 are reachable", change: edit(EGR, p => { p.cidrIpv4 = "203.0.113.0/24"; }, named("backend-tasks-out-443-0")) },
    { name: "db-tasks Lambda HTTPS egress narrowed to the endpoints' group (Backup and RDS have no endpoint: NAT)", change: edit(EGR, p => { delete p.cidrIpv4; p.referencedSecurityGroupId = SG.endpoints; }, named("database-tasks-function-out-443-0")) },
    // endpoint policies
    { name: "logs endpoint policy allows only PutLogEvents (CreateLogStream refused: tasks cannot start their log streams)", change: policy("logs", { ...allowAll, Action: "logs:PutLogEvents" }) },
    { name: "ECR API endpoint policy denies GetAuthorizationToken", change: policy("ecr-api", { ...allowAll, Effect: "Deny", Action: "ecr:GetAuthorizationToken" }, allowAll) },
    { name: "ECR registry endpoint policy limited to the account's repositories (GuardDuty's agent lives in AWS's)", change: policy("ecr-dkr", { ...allowAll, Action: "ecr:*", Resource: `arn:aws:ecr:${R}:${ACCOUNT}:repository/*` }) },
    { name: "S3 gateway endpoint policy confined to the account's resources (aws:ResourceAccount): the layer bucket is AWS's", change: policy("s3", { ...allowAll, Action: "s3:*", Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } }) },
    { name: "S3 gateway endpoint policy confined to the account's principals: the layers download with a URL ECR signs", change: policy("s3", { ...allowAll, Action: "s3:*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "Secrets Manager endpoint policy naming the backend's execution role only (db-tasks and the rotation refused)", change: policy("secretsmanager", { ...allowAll, Principal: { AWS: ROLES.backendExec } }) },
    { name: "ssmmessages endpoint policy naming the backend's task role only (ECS Exec into the frontend refused)", change: policy("ssmmessages", { ...allowAll, Principal: { AWS: ROLES.backendTask }, Action: "ssmmessages:*" }) },
    { name: "S3 gateway endpoint policy allowing object reads and writes only (the backend's role lists its buckets)", change: policy("s3", { ...allowAll, Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] }) },
    { name: "drift: the SSM endpoint policy replaced in the console by a deny of GetParameters", change: drift(EP, p => { p.policy = doc({ ...allowAll, Effect: "Deny", Action: "ssm:GetParameters" }, allowAll); }, endpoint("ssm")) },
    { name: "dr: S3 gateway endpoint policy limited to the project's buckets (the pilot light's tasks cannot pull at failover)", stack: "dr",
        change: policy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] }) },
];

const compliant: Case[] = [
    { name: "network ACLs on the isolated and private subnets that pass the data ports, HTTPS to AWS and every reply (ephemeral 1024-65535)",
        change: all(acl("isolated-acl", "acl-0bbb000000000001a", ISOLATED, DATA_IN, REPLIES_TO_VPC), acl("private-acl", "acl-0bbb000000000002a", PRIVATE, PRIVATE_IN, PRIVATE_OUT)) },
    { name: "isolated ACL hardened with denies of SSH and RDP from anywhere ahead of its allows", change: acl("isolated-acl", "acl-0bbb000000000001b", ISOLATED,
        [[50, "deny", "tcp", 22, 22, "0.0.0.0/0"], [60, "deny", "tcp", 3389, 3389, "0.0.0.0/0"], ...DATA_IN], REPLIES_TO_VPC) },
    { name: "isolated ACL as rule resources, the replies split over two ranges", change: all(acl("isolated-acl", "acl-0bbb000000000001c", ISOLATED, [], []),
        rule("iso-in", "acl-0bbb000000000001c", 100, false, "allow", "tcp", 5432, 6379, "10.0.0.0/16"),
        rule("iso-out-a", "acl-0bbb000000000001c", 100, true, "allow", "tcp", 1024, 32767, "10.0.0.0/16"), rule("iso-out-b", "acl-0bbb000000000001c", 110, true, "allow", "tcp", 32768, 65535, "10.0.0.0/16")) },
    { name: "the default ACL adopted with allow-all entries behind denies of SSH and RDP from the internet", change: add("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "network-default-acl", { defaultNetworkAclId: "acl-0ddd000000000000d", vpcId: VPC,
        ingress: entries([VPC_ALL, ...NO_ADMIN, [200, "allow", "-1", 0, 0, "0.0.0.0/0"]]), egress: entries([[100, "allow", "-1", 0, 0, "0.0.0.0/0"]]), tags: T("network") }) },
    { name: "S3 gateway endpoint policy: own buckets plus the ECR layer bucket", change: policy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] },
        { ...allowAll, Action: "s3:GetObject", Resource: LAYERS }) },
    { name: "Secrets Manager endpoint policy: data perimeter, only principals of this account", change: policy("secretsmanager", { ...allowAll, Action: "secretsmanager:*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "ssmmessages endpoint policy naming the account (every task role of the account, with its IAM grant)", change: policy("ssmmessages", { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "ssmmessages:*" }) },
    { name: "logs endpoint policy allowing the log calls to the account's principals", change: policy("logs", { ...allowAll, Action: "logs:*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "ECR endpoint policies for the account's repositories and GuardDuty's agent", change: all(
        policy("ecr-api", { ...allowAll, Action: "ecr:GetAuthorizationToken" }),
        policy("ecr-dkr", { ...allowAll, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: [`arn:aws:ecr:${R}:${ACCOUNT}:repository/*`, `arn:aws:ecr:${R}:593207742271:repository/aws-guardduty-agent-fargate`] })) },
    { name: "an explicit full-access endpoint policy (what AWS attaches by default)", change: policy("ssm", allowAll) },
    { name: "new STS interface endpoint with the endpoints' group and private DNS", change: newEndpoint("sts", SG.endpoints) },
    { name: "new KMS interface endpoint with the endpoints' group and private DNS", change: newEndpoint("kms", SG.endpoints) },
    { name: "the endpoints' group admits the workloads' groups by reference instead of the VPC range", change: all(
        edit(ING, p => { delete p.cidrIpv4; p.referencedSecurityGroupId = SG.backend; }, named("network-endpoints-sg-https")),
        ...[SG.frontend, SG.dbTasks, SG.rotation].map((g, i) => add(ING, `network-endpoints-sg-https-${i}`, { securityGroupId: SG.endpoints, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: g, tags: T("network") }))) },
    { name: "an interface endpoint for SQS without private DNS in the cache group (nothing calls SQS, and without private DNS no call is captured)", change: newEndpoint("sqs", SG.cache, { privateDnsEnabled: false }) },
    { name: "dr: S3 gateway endpoint policy with the region's layer bucket", stack: "dr", change: policy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] },
        { ...allowAll, Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-us-west-2-starport-layer-bucket/*" }) },
];

suite("adversarial class 3: calls follow the VPC's endpoints, security groups, network ACLs and endpoint policies", violations, compliant);
