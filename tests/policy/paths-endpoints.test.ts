/**
 * Path verification (policy/paths), the way the VPC carries each call: an AWS call goes to the
 * service's interface endpoint when its private DNS is on (its groups must admit the caller, the
 * caller's must let HTTPS out to it), through the S3 gateway endpoint's route, or out through the
 * NAT gateway; the endpoint's policy is one more layer of every request through it (ECR's image
 * layers included, in AWS's bucket); every network ACL on the way passes the request and, since
 * ACLs are stateless, its reply to the client's ephemeral ports.
 */
import { PolicyResource } from "@pulumi/policy";
import { expect } from "chai";

import { describeFailure, PathResult, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";
import { AclEntry, aclAdmits } from "../../policy/paths/network";
import { pathResourceOf } from "../../policy/paths/policy";
import { evaluateDetailed, NormalPolicy, parsePolicy } from "../../policy/lib/iam";
import { Change, find, load } from "./support/pathsFixture";

const ACCOUNT = "123456789012";
const VPC = "vpc-0e6ad3833cd78ec1f";
const PRIVATE = ["subnet-0c6b1e7d0a0126740", "subnet-03c130170ee574c6d", "subnet-0fb814e7d6a7167be"];
const ISOLATED = ["subnet-06dce061d605e0875", "subnet-07f6dfe6bb0adf74d", "subnet-01be343fa0607f31c"];
const SG = { endpoints: "sg-0a8d7b28b759a3a9e", db: "sg-0fc76780074a8bf53", cache: "sg-0dabdcbac6eb02128", backend: "sg-002904b010804e592", dbTasks: "sg-0840917ddb5bd684c" };
const T = {
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    acl: "aws:ec2/networkAcl:NetworkAcl",
    aclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    aclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    defaultAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    task: "aws:ecs/taskDefinition:TaskDefinition",
};

const add = (type: string, name: string, outputs: Record<string, any>, id?: string): Change => (e) => {
    e.deployment.resources.push({ urn: `urn:pulumi:prod::expertconnect-infra::${type}::${name}`, type, ...(id ? { id } : {}), outputs });
};
const all = (...changes: Change[]): Change => (e) => changes.forEach((c) => c(e));
/** Edits an endpoint as a new deployment records it: inputs and outputs alike. */
const endpoint = (service: string, edit: (o: Record<string, any>) => void): Change => (e) => {
    const r = find(e, T.endpoint, `network-endpoints-${service}`);
    edit(r.outputs);
    if (r.inputs) edit(r.inputs);
    if (r.propertyDependencies) delete r.propertyDependencies.securityGroupIds;
};
const endpointPolicy = (service: string, ...statements: object[]): Change => endpoint(service, (o) => { o.policy = JSON.stringify({ Version: "2012-10-17", Statement: statements }); });
const allowAll = { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };

/** A network ACL on `subnets`, with its entries (`[ruleNo, action, protocol, from, to, cidr]`). */
type Entry = [number, "allow" | "deny", string, number, number, string];
const entries = (list: Entry[]) => list.map(([ruleNo, action, protocol, fromPort, toPort, cidrBlock]) => ({ ruleNo, action, protocol, fromPort, toPort, cidrBlock }));
const acl = (name: string, subnetIds: string[], ingress: Entry[], egress: Entry[]): Change =>
    add(T.acl, name, { vpcId: VPC, subnetIds, ingress: entries(ingress), egress: entries(egress), arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-0${name.length}aaa` }, `acl-0${name.length}aaa`);
const VPC_ALL: Entry = [100, "allow", "-1", 0, 0, "10.0.0.0/16"];
/** The ACL the isolated subnets need: the data ports in from the VPC, the replies out to it on 1024–65535. */
const isolatedAcl = (ingress: Entry[], egress: Entry[]) => acl("isolated-acl", ISOLATED, ingress, egress);
const DATA_IN: Entry[] = [[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"], [110, "allow", "tcp", 6379, 6379, "10.0.0.0/16"]];
const REPLIES_OUT: Entry[] = [[100, "allow", "tcp", 1024, 65535, "10.0.0.0/16"]];
/** The ACL the private subnets need: the VPC both ways, HTTPS out to AWS and its replies back. */
const PRIVATE_IN: Entry[] = [VPC_ALL, [150, "deny", "tcp", 22, 22, "0.0.0.0/0"], [160, "deny", "tcp", 3389, 3389, "0.0.0.0/0"], [200, "allow", "tcp", 1024, 65535, "0.0.0.0/0"]];
const PRIVATE_OUT: Entry[] = [VPC_ALL, [200, "allow", "tcp", 443, 443, "0.0.0.0/0"]];

async function failures(change: Change): Promise<PathResult[]> {
    const exp = load();
    change(exp);
    return (await verifyPaths(pathResourcesOfExport(exp))).filter((r) => !r.ok);
}

describe("path verification: calls through endpoints, security groups and network ACLs", function () {
    this.timeout(180_000);
    const cases: Array<{ name: string; change: Change; broken?: RegExp; missing?: RegExp; resource?: RegExp }> = [
        // compliant
        { name: "network ACLs on the isolated and private subnets that pass the data ports, HTTPS to AWS and every reply", change: all(isolatedAcl(DATA_IN, REPLIES_OUT), acl("private-acl", PRIVATE, PRIVATE_IN, PRIVATE_OUT)) },
        { name: "an isolated ACL whose reply ranges are split over two entries and a deny of RDP ahead of them", change: isolatedAcl([[50, "deny", "tcp", 3389, 3389, "0.0.0.0/0"], ...DATA_IN], [[100, "allow", "tcp", 1024, 32767, "10.0.0.0/16"], [110, "allow", "tcp", 32768, 65535, "10.0.0.0/16"]]) },
        { name: "an isolated ACL as standalone rule resources", change: all(isolatedAcl([], []),
            add(T.aclRule, "iso-in", { networkAclId: "acl-012aaa", ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: "10.0.0.0/16", fromPort: 5432, toPort: 6379 }),
            add(T.aclRule, "iso-out", { networkAclId: "acl-012aaa", ruleNumber: 100, egress: true, protocol: "6", ruleAction: "allow", cidrBlock: "10.0.0.0/16", fromPort: 1024, toPort: 65535 })) },
        { name: "the default ACL managed with allow-all entries", change: add(T.defaultAcl, "default-acl", { vpcId: VPC, defaultNetworkAclId: "acl-0default", ingress: entries([[100, "allow", "-1", 0, 0, "0.0.0.0/0"]]), egress: entries([[100, "allow", "-1", 0, 0, "0.0.0.0/0"]]) }, "acl-0default") },
        { name: "a Secrets Manager endpoint policy confined to the account's principals (data perimeter)", change: endpointPolicy("secretsmanager", { ...allowAll, Action: "secretsmanager:*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
        { name: "an S3 gateway endpoint policy for the stack's buckets and ECR's layer bucket", change: endpointPolicy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] },
            { ...allowAll, Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*" }) },
        { name: "ECR endpoint policies for the stack's repositories and GuardDuty's agent", change: all(
            endpointPolicy("ecr-api", { ...allowAll, Action: "ecr:GetAuthorizationToken" }),
            endpointPolicy("ecr-dkr", { ...allowAll, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/*`, "arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate"] })) },
        { name: "an ssmmessages endpoint policy naming the task roles by the account root", change: endpointPolicy("ssmmessages", { ...allowAll, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "ssmmessages:*" }) },
        { name: "an STS endpoint with private DNS in the endpoints' group", change: add(T.endpoint, "network-endpoints-sts", { vpcId: VPC, serviceName: "com.amazonaws.us-east-1.sts", vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: PRIVATE, securityGroupIds: [SG.endpoints] }) },
        { name: "a task that sets its ephemeral range, with an isolated ACL returning replies to it only", change: all(isolatedAcl(DATA_IN, [[100, "allow", "tcp", 1024, 65535, "10.0.0.0/19"], [110, "allow", "tcp", 1024, 65535, "10.0.32.0/19"], [120, "allow", "tcp", 1024, 65535, "10.0.64.0/19"]])) },
        // broken: network ACLs
        { name: "an isolated ACL that lets 5432 out but no replies (stateless)", change: isolatedAcl(DATA_IN, [[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"]]),
            broken: /reaches (PostgreSQL|Redis)/, missing: /outbound entry allowing TCP (32768-60999|1024-65535) to 10\.0\.\d+\.0\/19 .* replies/, resource: /networkAcl:NetworkAcl isolated-acl/ },
        { name: "an isolated ACL that denies the VPC before its allow", change: isolatedAcl([[90, "deny", "-1", 0, 0, "10.0.0.0/8"], ...DATA_IN], REPLIES_OUT),
            broken: /reaches (PostgreSQL|Redis)/, missing: /inbound entry allowing TCP (5432|6379) from 10\.0/, resource: /isolated-acl/ },
        { name: "an isolated ACL whose replies cover only the Linux range (the functions reply on 1024-65535)", change: isolatedAcl(DATA_IN, [[100, "allow", "tcp", 32768, 65535, "10.0.0.0/16"]]),
            broken: /(rotation function|function expertconnect-prod-db-tasks) reaches PostgreSQL/, missing: /TCP 1024-65535/ },
        { name: "a private-subnet ACL without replies from the endpoints' other subnets", change: acl("private-acl", PRIVATE, [[100, "allow", "tcp", 443, 443, "10.0.0.0/16"], [110, "allow", "tcp", 1024, 65535, "0.0.0.0/0"]], PRIVATE_OUT.slice(0, 1)),
            broken: /reaches/, missing: /network ACL/, resource: /private-acl/ },
        { name: "a private-subnet ACL with no HTTPS out to AWS (S3 through the gateway endpoint, the NAT's services)", change: acl("private-acl", PRIVATE, PRIVATE_IN, [VPC_ALL]),
            broken: /reaches (s3|xray|kms|backup|rds)/, missing: /outbound entry allowing TCP 443 to AWS's public addresses/, resource: /private-acl/ },
        { name: "an isolated ACL rule resource denying the replies ahead of the allow", change: all(isolatedAcl(DATA_IN, REPLIES_OUT),
            add(T.aclRule, "iso-deny", { networkAclId: "acl-012aaa", ruleNumber: 10, egress: true, protocol: "-1", ruleAction: "deny", cidrBlock: "10.0.0.0/17", fromPort: 0, toPort: 0 })),
            broken: /reaches (PostgreSQL|Redis)/, resource: /isolated-acl/ },
        { name: "the default ACL managed with no entries (every subnet no other ACL claims uses it)", change: add(T.defaultAcl, "default-acl", { vpcId: VPC, defaultNetworkAclId: "acl-0default", subnetIds: ISOLATED }, "acl-0default"),
            broken: /reaches/, resource: /defaultNetworkAcl:DefaultNetworkAcl default-acl/ },
        { name: "an isolated subnet associated with an ACL allowing only 5432 out", change: all(
            add(T.acl, "assoc-acl", { vpcId: VPC, ingress: entries(DATA_IN), egress: entries([[100, "allow", "tcp", 5432, 5432, "10.0.0.0/16"]]) }, "acl-0assoc"),
            add(T.aclAssociation, "assoc", { networkAclId: "acl-0assoc", subnetId: ISOLATED[1] })),
            broken: /reaches (PostgreSQL|Redis)/, resource: /assoc-acl/ },
        // broken: endpoints' groups
        { name: "the Secrets Manager endpoint moved to the cache group", change: endpoint("secretsmanager", (o) => { o.securityGroupIds = [SG.cache]; }),
            broken: /reaches secretsmanager/, missing: /ingress rule for TCP 443 .* interface endpoint vpce-08adf54f836ee9339/, resource: /SecurityGroup cache-sg/ },
        { name: "the logs endpoint given no group (the VPC's emptied default group)", change: all(endpoint("logs", (o) => { delete o.securityGroupIds; }),
            add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg", { vpcId: VPC, ingress: [], egress: [], arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0default` }, "sg-0default")),
            broken: /reaches logs/, missing: /ingress rule for TCP 443/, resource: /DefaultSecurityGroup/ },
        { name: "the endpoints' group admitting HTTPS from the isolated subnets only", change: (e) => { find(e, T.ingress, "network-endpoints-sg-https").outputs.cidrIpv4 = "10.0.112.0/20"; },
            broken: /reaches (ecr\.api|ecr\.dkr|logs|ssm|secretsmanager|ssmmessages)/, resource: /network-endpoints-sg/ },
        { name: "a new STS endpoint with private DNS in the database's group", change: add(T.endpoint, "network-endpoints-sts", { vpcId: VPC, serviceName: "com.amazonaws.us-east-1.sts", vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: PRIVATE, securityGroupIds: [SG.db] }),
            broken: /reaches sts/, missing: /needs no grant|ingress rule for TCP 443/, resource: /SecurityGroup database/ },
        { name: "the db-tasks function's HTTPS egress narrowed to the VPC (Backup and RDS have no endpoint: through NAT)", change: (e) => { find(e, T.egress, "database-tasks-function-out-443-0").outputs.cidrIpv4 = "10.0.0.0/16"; },
            broken: /function expertconnect-prod-db-tasks reaches (backup|rds)/, missing: /egress rule for TCP 443 .* to AWS's public endpoint/, resource: /database-tasks-function/ },
        // broken: endpoint policies
        { name: "the S3 gateway endpoint policy limited to the stack's buckets (ECR's layers are in AWS's bucket)", change: endpointPolicy("s3", { ...allowAll, Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-*", "arn:aws:s3:::expertconnect-*/*"] }),
            broken: /pulls/, missing: /image layers in prod-us-east-1-starport-layer-bucket .* policy of VPC endpoint vpce-0fbe5451f6f32d68d/, resource: /network-endpoints-s3/ },
        { name: "the S3 gateway endpoint policy confined to the account's resources (the layer bucket is AWS's)", change: endpointPolicy("s3", { ...allowAll, Action: "s3:*", Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } }),
            broken: /pulls/, resource: /network-endpoints-s3/ },
        { name: "the ssmmessages endpoint policy denying ssmmessages:*", change: endpointPolicy("ssmmessages", { ...allowAll, Effect: "Deny", Action: "ssmmessages:*" }, allowAll),
            broken: /SSM channels|reaches ssmmessages/, missing: /ssmmessages:\w+ .* policy of VPC endpoint vpce-01c72b26b59d02864/, resource: /network-endpoints-ssmmessages/ },
        { name: "the Secrets Manager endpoint policy naming the backend's secrets only (the function's and the rotation's master secret refused)", change: endpointPolicy("secretsmanager", { ...allowAll, Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/*-key-*` }),
            broken: /reads|reaches secretsmanager/, resource: /network-endpoints-secretsmanager/ },
        { name: "the logs endpoint policy open to another account's principals only", change: endpointPolicy("logs", { ...allowAll, Condition: { StringEquals: { "aws:PrincipalAccount": "444455556666" } } }),
            broken: /logs|session output/, resource: /network-endpoints-logs/ },
        { name: "the ECR registry endpoint policy naming a repository the tasks do not pull from", change: endpointPolicy("ecr-dkr", { ...allowAll, Action: "ecr:*", Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/tools` }),
            broken: /pulls|reaches ecr\.dkr/, resource: /network-endpoints-ecr-dkr/ },
        { name: "the S3 gateway endpoint policy without s3:ListBucket on the backend's buckets (its role lists them)", change: endpointPolicy("s3", { ...allowAll, Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] }),
            broken: /service expertconnect-prod-backend reaches s3/, missing: /s3:(ListBucket|GetBucketLocation)/, resource: /network-endpoints-s3/ },
    ];
    for (const c of cases) {
        it(`${c.broken ? "fails" : "verifies"} ${c.name}`, async () => {
            const failing = await failures(c.change);
            if (!c.broken) { expect(failing.map(describeFailure)).to.deep.equal([]); return; }
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(c.broken);
                if (c.missing) expect(f.missing, describeFailure(f)).to.match(c.missing);
                if (c.resource) expect(f.change, describeFailure(f)).to.match(c.resource);
            }
        });
    }
});

describe("network ACL entries, as AWS evaluates them (first match by rule number, default deny)", () => {
    const e = (ruleNo: number, allow: boolean, protocol: string, fromPort: number, toPort: number, ...cidrs: string[]): AclEntry => ({ ruleNo, allow, protocol, fromPort, toPort, cidrs });
    const table: Array<{ name: string; entries: AclEntry[]; peer: string; ports: [number, number]; admits: boolean; tolerance?: number }> = [
        { name: "nothing: the default deny", entries: [], peer: "10.0.0.0/19", ports: [443, 443], admits: false },
        { name: "an allow of every protocol from a containing block", entries: [e(100, true, "-1", 0, 0, "10.0.0.0/16")], peer: "10.0.0.0/19", ports: [1024, 65535], admits: true },
        { name: "an allow of another block", entries: [e(100, true, "tcp", 0, 65535, "10.0.112.0/20")], peer: "10.0.0.0/19", ports: [443, 443], admits: false },
        { name: "an allow of half the peer's block", entries: [e(100, true, "tcp", 443, 443, "10.0.0.0/20")], peer: "10.0.0.0/19", ports: [443, 443], admits: false },
        { name: "two halves together", entries: [e(100, true, "tcp", 443, 443, "10.0.0.0/20"), e(110, true, "tcp", 443, 443, "10.0.16.0/20")], peer: "10.0.0.0/19", ports: [443, 443], admits: true },
        { name: "a port range split over two entries", entries: [e(100, true, "6", 1024, 40000), e(110, true, "tcp", 40001, 65535)].map((x) => ({ ...x, cidrs: ["0.0.0.0/0"] })), peer: "10.0.0.0/19", ports: [1024, 65535], admits: true },
        { name: "a deny of part of the range ahead of the allow", entries: [e(90, false, "tcp", 2000, 2000, "0.0.0.0/0"), e(100, true, "tcp", 1024, 65535, "0.0.0.0/0")], peer: "10.0.0.0/19", ports: [1024, 65535], admits: false },
        { name: "a deny after the allow decides nothing", entries: [e(100, true, "tcp", 1024, 65535, "0.0.0.0/0"), e(200, false, "-1", 0, 0, "0.0.0.0/0")], peer: "10.0.0.0/19", ports: [1024, 65535], admits: true },
        { name: "a deny of RDP inside the reply range, within what a reply may lose", entries: [e(90, false, "tcp", 3389, 3389, "0.0.0.0/0"), e(100, true, "tcp", 1024, 65535, "0.0.0.0/0")], peer: "public", ports: [1024, 65535], admits: true, tolerance: 16 },
        { name: "a deny of a wide range inside the reply range", entries: [e(90, false, "tcp", 1024, 2047, "0.0.0.0/0"), e(100, true, "tcp", 1024, 65535, "0.0.0.0/0")], peer: "10.0.0.0/19", ports: [1024, 65535], admits: false, tolerance: 16 },
        { name: "a deny of another port ahead of the allow", entries: [e(90, false, "tcp", 3389, 3389, "0.0.0.0/0"), e(100, true, "tcp", 32768, 65535, "0.0.0.0/0")], peer: "10.0.0.0/19", ports: [32768, 60999], admits: true },
        { name: "UDP does not carry TCP", entries: [e(100, true, "udp", 0, 65535, "0.0.0.0/0")], peer: "10.0.0.0/19", ports: [443, 443], admits: false },
        { name: "an IPv6 entry does not carry IPv4", entries: [e(100, true, "-1", 0, 0, "::/0")], peer: "10.0.0.0/19", ports: [443, 443], admits: false },
        { name: "AWS's addresses: an allow to anywhere", entries: [e(100, true, "tcp", 443, 443, "0.0.0.0/0")], peer: "public", ports: [443, 443], admits: true },
        { name: "AWS's addresses: an allow to the VPC only", entries: [e(100, true, "-1", 0, 0, "10.0.0.0/16")], peer: "public", ports: [443, 443], admits: false },
        { name: "AWS's addresses: an allow naming a public range (AWS's ranges are not the stack's to list)", entries: [e(100, true, "tcp", 443, 443, "52.216.0.0/15")], peer: "public", ports: [443, 443], admits: true },
        { name: "AWS's addresses: a deny of everything ahead", entries: [e(50, false, "-1", 0, 0, "0.0.0.0/0"), e(100, true, "tcp", 443, 443, "0.0.0.0/0")], peer: "public", ports: [443, 443], admits: false },
    ];
    for (const c of table) it(`${c.admits ? "admits" : "refuses"} with ${c.name}`, () => expect(aclAdmits(c.entries, c.peer, c.ports, c.tolerance)).to.equal(c.admits));
});

describe("an endpoint policy as one more layer of the IAM evaluation", () => {
    const P = (...statements: object[]) => parsePolicy({ Version: "2012-10-17", Statement: statements }) as NormalPolicy;
    const role = `arn:aws:iam::${ACCOUNT}:role/backend-task`;
    const identity = [P({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" })];
    const request = { action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:x-AbCdEf`, resourceAccount: ACCOUNT, principal: role, context: { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": role } };
    const table: Array<{ name: string; endpoint: NormalPolicy; allowed: boolean }> = [
        { name: "full access", endpoint: P({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }), allowed: true },
        { name: "a deny of the service ahead of full access", endpoint: P({ Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*" }, { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }), allowed: false },
        { name: "another principal only", endpoint: P({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` }, Action: "*", Resource: "*" }), allowed: false },
        { name: "the principal by ARN", endpoint: P({ Effect: "Allow", Principal: { AWS: role }, Action: "*", Resource: "*" }), allowed: true },
        { name: "the principal's account", endpoint: P({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "*", Resource: "*" }), allowed: true },
        { name: "the account's principals by condition", endpoint: P({ Effect: "Allow", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }), allowed: true },
        { name: "another account's principals by condition", endpoint: P({ Effect: "Allow", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "444455556666" } } }), allowed: false },
        { name: "NotPrincipal excluding the principal", endpoint: P({ Effect: "Allow", NotPrincipal: { AWS: role }, Action: "*", Resource: "*" }), allowed: false },
    ];
    for (const c of table) {
        it(`${c.allowed ? "allows" : "refuses"} a request through an endpoint whose policy allows ${c.name}`, async () => {
            const d = await evaluateDetailed({ identity, endpoint: c.endpoint }, request);
            expect(d.overall === "Allowed").to.equal(c.allowed);
            expect(d.identity).to.equal("Allowed");
            expect(d.endpoint === "Allowed").to.equal(c.allowed);
        });
    }
});

describe("resources as the pack receives them (no physical ids)", () => {
    const of = (props: Record<string, unknown>) => pathResourceOf({ urn: "urn:pulumi:prod::p::aws:ec2/securityGroup:SecurityGroup::g", type: "aws:ec2/securityGroup:SecurityGroup", name: "g", props } as unknown as PolicyResource);
    it("knows an EC2 resource by the id its ARN ends with, so an edited group id names the group", () => {
        expect(of({ arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0abc` }).id).to.equal("sg-0abc");
        expect(of({ id: "sg-0def", arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0abc` }).id).to.equal("sg-0def");
        expect(of({ arn: `arn:aws:s3:::bucket` }).id).to.equal(undefined);
    });
});
