import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { installMocks, MockHarness, settle, valueOf } from "../support/pulumi";

class Box extends pulumi.ComponentResource {
    public readonly bucketArn: pulumi.Output<string>;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Box", name, {}, opts);
        const bucket = new aws.s3.Bucket(`${name}-data`, { bucket: "box-data" }, { parent: this, protect: true });
        // Created only once the bucket's ARN is known: the harness must wait for it.
        bucket.arn.apply((arn) => new aws.sns.Topic(`${name}-topic`, {
            name: "box-topic", tags: { Source: arn },
        }, { parent: this, retainOnDelete: true, ignoreChanges: ["tags"] }));
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketArn: this.bucketArn });
    }
}

describe("mock harness", () => {
    let mocks: MockHarness;
    let box: Box;
    before(async () => {
        mocks = installMocks({ stack: "dr", region: "us-west-2" });
        box = new Box("box");
        await settle();
    });

    it("records inputs, parents and options", () => {
        const bucket = mocks.one("aws:s3/bucket:Bucket");
        expect(bucket.inputs.bucket).to.equal("box-data");
        expect(bucket.protect).to.equal(true);
        expect(bucket.parent).to.equal(mocks.one("test:index:Box").urn);
        expect(bucket.urn).to.equal("urn:pulumi:dr::project::test:index:Box$aws:s3/bucket:Bucket::box-data");
    });

    it("waits for resources created in apply callbacks", () => {
        const topic = mocks.one("aws:sns/topic:Topic", "box-topic");
        expect(topic.inputs.tags.Source).to.equal("arn:aws:s3:::box-data");
        expect(topic.retainOnDelete).to.equal(true);
        expect(topic.ignoreChanges).to.deep.equal(["tags"]);
    });

    it("gives outputs in the stack's region and account", async () => {
        expect(await valueOf(box.bucketArn)).to.equal("arn:aws:s3:::box-data");
        expect(mocks.one("aws:sns/topic:Topic").outputs.arn).to.equal("arn:aws:sns:us-west-2:123456789012:box-topic");
    });

    it("adds the default provider the CLI would use", () => {
        const provider = mocks.one("pulumi:providers:aws");
        expect(provider.inputs.region).to.equal("us-west-2");
        expect(mocks.one("aws:s3/bucket:Bucket").provider).to.match(/^urn:pulumi:dr::project::pulumi:providers:aws::default_\d.*::[0-9a-f-]{36}$/);
    });

    it("lists candidates when one() does not match exactly one", () => {
        expect(() => mocks.one("aws:s3/bucket:Bucket", "nope")).to.throw(/found 0 \(registered aws:s3\/bucket:Bucket: box-data\)/);
    });

    it("answers invokes from the shared table, keeping provider secrets secret", async () => {
        const password = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: 20, excludePunctuation: true }).randomPassword;
        expect(await valueOf(password)).to.match(/^[A-Za-z0-9]{20}$/);
        expect(await pulumi.isSecret(password)).to.equal(true);
        const identity = await aws.getCallerIdentity();
        expect(identity.accountId).to.equal("123456789012");
    });

    it("starts a fresh record on each install", async () => {
        const again = installMocks();
        new aws.sns.Topic("solo", { name: "solo" });
        await settle();
        expect(again.resources.map((r) => r.type)).to.deep.equal(["pulumi:providers:aws", "aws:sns/topic:Topic"]);
    });

    it("fails settle() on a duplicate URN", async () => {
        installMocks();
        new aws.sns.Topic("same", {});
        new aws.sns.Topic("same", {});
        let error: Error | undefined;
        await settle().catch((e: Error) => { error = e; });
        expect(error?.message).to.match(/duplicate URN urn:pulumi:test::project::aws:sns\/topic:Topic::same/);
    });
});
