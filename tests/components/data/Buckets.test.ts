import { expect } from "chai";
import { Buckets, BucketsArgs } from "../../../components/data/Buckets";
import { installMocks, MockHarness, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };

async function build(overrides: Partial<BucketsArgs> = {}): Promise<{ mocks: MockHarness; buckets: Buckets }> {
    const mocks = installMocks({ stack: "prod", region: "us-east-1" });
    const buckets = new Buckets("data", { staticBucketName: "expertconnect-prod-static", backupBucketName: "expertconnect-backup", tags, ...overrides });
    await settle();
    return { mocks, buckets };
}

const bucketNamed = (mocks: MockHarness, bucket: string) =>
    mocks.ofType("aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === bucket)!;
const settingOf = (mocks: MockHarness, type: string, bucketId: string | undefined) =>
    mocks.ofType(type).find((r) => r.inputs.bucket === bucketId)!;

describe("Buckets (prod)", () => {
    let mocks: MockHarness;
    let buckets: Buckets;
    before(async () => ({ mocks, buckets } = await build()));

    it("creates the guide's static and backup buckets, protected", () => {
        expect(mocks.ofType("aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).to.deep.equal(["expertconnect-prod-static", "expertconnect-backup"]);
        for (const b of mocks.ofType("aws:s3/bucket:Bucket")) {
            expect(b.protect, b.name).to.equal(true);
            expect(b.retainOnDelete, b.name).to.equal(true);
            expect(b.inputs.forceDestroy, b.name).to.equal(false);
        }
    });

    it("encrypts each bucket with its own rotating key", () => {
        const keys = mocks.ofType("aws:kms/key:Key");
        expect(keys).to.have.length(2);
        ["expertconnect-prod-static", "expertconnect-backup"].forEach((name, i) => {
            const sse = settingOf(mocks, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucketNamed(mocks, name).id);
            expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "aws:kms", kmsMasterKeyId: keys[i].outputs.arn });
            expect(keys[i].inputs.enableKeyRotation).to.equal(true);
            expect(keys[i].protect).to.equal(true);
        });
    });

    it("versions both buckets", () => {
        for (const name of ["expertconnect-prod-static", "expertconnect-backup"]) {
            const v = settingOf(mocks, "aws:s3/bucketVersioning:BucketVersioning", bucketNamed(mocks, name).id);
            expect(v.inputs.versioningConfiguration.status, name).to.equal("Enabled");
        }
    });

    it("moves backups to Glacier Instant Retrieval after 30 days and keeps static assets in Standard", () => {
        const rules = (name: string) => settingOf(mocks, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucketNamed(mocks, name).id).inputs.rules;
        expect(rules("expertconnect-backup")[0].transitions).to.deep.equal([{ days: 30, storageClass: "GLACIER_IR" }]);
        expect(rules("expertconnect-prod-static")[0]).to.not.have.property("transitions");
        expect(rules("expertconnect-prod-static")[0].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 90 });
    });

    it("tags buckets and keys by purpose", () => {
        expect(bucketNamed(mocks, "expertconnect-prod-static").inputs.tags).to.include({ Project: "expertconnect", Environment: "prod", Component: "static-assets" });
        expect(bucketNamed(mocks, "expertconnect-backup").inputs.tags).to.include({ Component: "backup" });
        expect(mocks.ofType("aws:kms/key:Key").map((k) => k.inputs.tags.Component)).to.deep.equal(["static-assets", "backup"]);
    });

    it("exposes bucket names, ARNs and key ARNs", async () => {
        expect(await valueOf(buckets.staticBucketName)).to.equal("expertconnect-prod-static");
        expect(await valueOf(buckets.backupBucketName!)).to.equal("expertconnect-backup");
        expect(await valueOf(buckets.staticBucketArn)).to.equal("arn:aws:s3:::expertconnect-prod-static");
        expect(await valueOf(buckets.staticKmsKeyArn)).to.equal(mocks.ofType("aws:kms/key:Key")[0].outputs.arn);
        expect(await valueOf(buckets.backupKmsKeyArn!)).to.equal(mocks.ofType("aws:kms/key:Key")[1].outputs.arn);
    });
});

describe("Buckets (no backup bucket named)", () => {
    it("creates only the static bucket when no backup bucket is named", async () => {
        const { mocks, buckets } = await build({ staticBucketName: "expertconnect-dr-static", backupBucketName: undefined, tags: { ...tags, environment: "dr" } });
        expect(mocks.ofType("aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).to.deep.equal(["expertconnect-dr-static"]);
        expect(buckets.backupBucketArn).to.equal(undefined);
    });
});
