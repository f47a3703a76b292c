import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { mockContext } from "../../../tools/engine/mocks/context";
import { ANSWERED_INVOKES, invokeResult, UnknownInvokeError } from "../../../tools/engine/mocks/invokes";
import { resourceOutputs } from "../../../tools/engine/mocks/outputs";

const ROOT = path.resolve(__dirname, "../../..");

/** Every `aws.[module.]getX[Output](` call in the program's sources, as provider tokens. */
function programInvokes(): string[] {
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
    const files = [path.join(ROOT, "index.ts"), ...["components", "stack", "lib", "config"].flatMap((d) => sources(path.join(ROOT, d)))];
    const tokens = new Set<string>();
    for (const file of files) {
        for (const [, mod, fn] of fs.readFileSync(file, "utf8").matchAll(/\baws\.(?:([a-z0-9]+)\.)?(get[A-Z]\w*?)(?:Output)?\(/g)) {
            tokens.add(`aws:${mod ?? "index"}/${fn}:${fn}`);
        }
    }
    return [...tokens].sort();
}

const ctx = mockContext({ stack: "prod", project: "p", region: "us-west-2", stackOutputs: { prod: { vpcId: "vpc-1" } } });
const out = (type: string, name: string, inputs: Record<string, unknown> = {}) =>
    resourceOutputs({ type, name, inputs, custom: true }, ctx);

describe("engine: generated outputs", () => {
    it("echoes inputs and gives ARNs in the stack's region and account", () => {
        const topic = out("aws:sns/topic:Topic", "alerts", { name: "alerts", tags: { A: "1" } });
        expect(topic.state).to.include({ name: "alerts", arn: "arn:aws:sns:us-west-2:123456789012:alerts", region: "us-west-2" });
        expect(topic.state.tagsAll).to.deep.equal({ A: "1" });
        expect(topic.id).to.equal(topic.state.arn);
    });

    it("uses a resource's own region input over the stack's", () => {
        expect(out("aws:sns/topic:Topic", "t", { name: "t", region: "eu-west-1" }).state.arn).to.equal("arn:aws:sns:eu-west-1:123456789012:t");
    });

    it("formats global ARNs without region (IAM) or account (S3)", () => {
        expect(out("aws:s3/bucket:Bucket", "b", { bucket: "data" }).state.arn).to.equal("arn:aws:s3:::data");
        expect(out("aws:iam/role:Role", "r", { name: "app" }).state.arn).to.equal("arn:aws:iam::123456789012:role/app");
        expect(out("aws:lb/loadBalancer:LoadBalancer", "alb", { name: "web" }).state.arn)
            .to.match(/^arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    });

    it("names EC2 resources by id in their ARNs, as AWS does (security-group/sg-…)", () => {
        const group = out("aws:ec2/securityGroup:SecurityGroup", "db", { name: "database" });
        expect(group.id).to.match(/^sg-0[0-9a-f]{16}$/);
        expect(group.state.arn).to.equal(`arn:aws:ec2:us-west-2:123456789012:security-group/${group.id}`);
        const rule = out("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", { securityGroupId: group.id });
        expect(rule.state.arn).to.equal(`arn:aws:ec2:us-west-2:123456789012:security-group-rule/${rule.id}`);
        expect(out("aws:ec2/natGateway:NatGateway", "nat", {}).state.arn).to.match(/:natgateway\/nat-0[0-9a-f]{16}$/);
    });

    it("auto-names resources without a physical name, the same way every run", () => {
        const a = out("aws:sns/topic:Topic", "alerts");
        expect(a.state.name).to.match(/^alerts-[0-9a-f]{7}$/);
        expect(out("aws:sns/topic:Topic", "alerts").state.name).to.equal(a.state.name);
        expect(out("aws:s3/bucket:Bucket", "Logs").state.bucket).to.match(/^logs-[0-9a-f]{7}$/);
    });

    it("gives EC2 resources EC2-style ids and KMS keys UUIDs", () => {
        expect(out("aws:ec2/vpc:Vpc", "vpc").id).to.match(/^vpc-0[0-9a-f]{16}$/);
        const key = out("aws:kms/key:Key", "key");
        expect(key.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(key.state).to.include({ keyId: key.id, arn: `arn:aws:kms:us-west-2:123456789012:key/${key.id}` });
    });

    it("gives databases, caches and load balancers endpoints", () => {
        const db = out("aws:rds/instance:Instance", "db", { identifier: "app-db", engine: "postgres" });
        expect(db.state).to.include({ port: 5432 });
        expect(db.state.address).to.match(/^app-db\.c[0-9a-f]{11}\.us-west-2\.rds\.amazonaws\.com$/);
        expect(db.state.endpoint).to.equal(`${db.state.address}:5432`);
        expect(out("aws:elasticache/replicationGroup:ReplicationGroup", "c", { replicationGroupId: "cache" }).state.primaryEndpointAddress)
            .to.match(/^master\.cache\.[0-9a-f]{6}\.us-west-2\.cache\.amazonaws\.com$/);
        const alb = out("aws:lb/loadBalancer:LoadBalancer", "alb", { name: "web" });
        expect(alb.state.dnsName).to.match(/^web-\d+\.us-west-2\.elb\.amazonaws\.com$/);
        expect(alb.state.zoneId).to.equal("Z1H1FL5HABSF5");
    });

    it("resolves StackReferences to the known stack's outputs, and fails for unknown stacks", () => {
        const ref = resourceOutputs({ type: "pulumi:pulumi:StackReference", name: "r", inputs: { name: "org/p/prod" }, custom: true }, ctx);
        expect(ref.state.outputs).to.deep.equal({ vpcId: "vpc-1" });
        expect(() => resourceOutputs({ type: "pulumi:pulumi:StackReference", name: "r", inputs: { name: "org/p/qa" }, custom: true }, ctx))
            .to.throw(/no offline outputs for stack "qa" \(known: prod\)/);
    });

    it("echoes inputs of components and non-AWS resources", () => {
        expect(resourceOutputs({ type: "x:y:Z", name: "z", inputs: { a: 1 }, custom: false }, ctx)).to.deep.equal({ id: undefined, state: { a: 1 } });
        expect(resourceOutputs({ type: "random:index/randomId:RandomId", name: "r", inputs: { a: 1 }, custom: true }, ctx).state).to.deep.equal({ a: 1 });
    });
});

describe("engine: invokes", () => {
    it("answers identity, region and availability zones for the stack's account and region", () => {
        expect(invokeResult("aws:index/getCallerIdentity:getCallerIdentity", {}, ctx)).to.include({ accountId: "123456789012" });
        expect(invokeResult("aws:index/getRegion:getRegion", {}, ctx)).to.include({ name: "us-west-2" });
        expect(invokeResult("aws:index/getAvailabilityZones:getAvailabilityZones", {}, ctx).names)
            .to.deep.equal(["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
        expect(invokeResult("aws:elb/getServiceAccount:getServiceAccount", {}, ctx)).to.include({ arn: "arn:aws:iam::797873946194:root" });
    });

    it("throws for an invoke it does not know, naming the token", () => {
        expect(() => invokeResult("aws:ec2/getAmi:getAmi", {}, ctx)).to.throw(UnknownInvokeError, /unknown invoke "aws:ec2\/getAmi:getAmi"/);
    });

    it("answers exactly the data sources the program reads, so any other one fails the run", () => {
        expect([...ANSWERED_INVOKES].sort()).to.deep.equal(programInvokes());
    });
});

describe("engine: random password invoke", () => {
    const invoke = (inputs: Record<string, unknown>) =>
        invokeResult("aws:secretsmanager/getRandomPassword:getRandomPassword", inputs, ctx).randomPassword as Record<string, unknown>;

    it("returns a secret of the requested length with one character of each included class", () => {
        const wrapped = invoke({ passwordLength: 40, excludeCharacters: "\"@/\\" });
        expect(wrapped).to.have.property("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270");
        const password = wrapped.value as string;
        expect(password).to.have.length(40);
        expect(password).to.match(/[a-z]/).and.match(/[A-Z]/).and.match(/[0-9]/).and.not.match(/["@/\\]/);
        expect(invoke({ passwordLength: 40, excludeCharacters: "\"@/\\" }).value).to.equal(password);
    });

    it("leaves out excluded classes", () => {
        expect(invoke({ passwordLength: 64, excludePunctuation: true, excludeUppercase: true }).value).to.match(/^[a-z0-9]{64}$/);
    });
});
