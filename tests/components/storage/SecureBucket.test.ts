import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../../../components/storage/SecureBucket";
import { installMocks, MockHarness, RecordedResource, settle } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/static";

describe("SecureBucket", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new SecureBucket("plain", { bucketName: "expertconnect-prod-logs", tags, component: "logs", expireAfterDays: 400 });
        new SecureBucket("kms", {
            bucketName: "expertconnect-prod-static",
            tags,
            component: "static-assets",
            kmsKeyArn: KEY,
            region: "us-west-2",
            // An Output, as statements naming the account id are.
            policyStatements: (arn) => pulumi.output([{
                Sid: "Delivery", Effect: "Allow" as const, Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/*`,
            }]),
        });
        new SecureBucket("scratch", { bucketName: "expertconnect-test-scratch", tags, component: "scratch", versioned: false, allowDataLoss: true });
        await settle();
    });
    const bucket = (name: string) => mocks.one("aws:s3/bucket:Bucket", name);
    const child = (type: string, name: string) => mocks.one(`aws:s3/${type}`, name);
    const policy = (name: string) => JSON.parse(child("bucketPolicy:BucketPolicy", `${name}-policy`).inputs.policy);
    const allOf = (name: string): RecordedResource[] => mocks.resources.filter((r) => r.name === name || r.name.startsWith(`${name}-`));

    it("keeps the bucket on destroy and replace: protected, retained, never force-destroyed", () => {
        for (const name of ["plain", "kms"]) {
            expect(bucket(name), name).to.include({ protect: true, retainOnDelete: true });
            expect(bucket(name).inputs.forceDestroy, name).to.equal(false);
        }
    });

    it("lets only an explicit allowDataLoss bucket be deleted with its objects", () => {
        expect(bucket("scratch")).to.include({ protect: false, retainOnDelete: false });
        expect(bucket("scratch").inputs.forceDestroy).to.equal(true);
    });

    it("names the bucket as given and tags it with project, environment and component", () => {
        expect(bucket("kms").inputs.bucket).to.equal("expertconnect-prod-static");
        expect(bucket("kms").inputs.tags).to.deep.equal({ Project: "expertconnect", Environment: "prod", Component: "static-assets" });
    });

    it("blocks all four kinds of public access and disables ACLs", () => {
        for (const name of ["plain", "kms", "scratch"]) {
            expect(child("bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-public-access`).inputs, name).to.include({
                bucket: bucket(name).id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            });
            expect(child("bucketOwnershipControls:BucketOwnershipControls", `${name}-ownership`).inputs.rule, name)
                .to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        }
    });

    it("encrypts with SSE-S3 by default and with the given KMS key and a bucket key otherwise", () => {
        const rule = (name: string) => child("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-encryption`).inputs.rules[0];
        expect(rule("plain")).to.deep.equal({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false });
        expect(rule("kms")).to.deep.equal({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true });
    });

    it("denies plain-HTTP requests first, then adds the delivering service's statements", () => {
        const arn = bucket("kms").outputs.arn;
        const statements = policy("kms").Statement;
        expect(statements[0]).to.deep.include({ Sid: "DenyInsecureTransport", Effect: "Deny", Resource: [arn, `${arn}/*`] });
        expect(statements[0].Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        expect(statements[1]).to.deep.include({ Sid: "Delivery", Resource: `${arn}/*` });
        expect(policy("plain").Statement.map((s: any) => s.Sid)).to.deep.equal(["DenyInsecureTransport"]);
    });

    it("writes the policy only after the public access block is in place", () => {
        const block = child("bucketPublicAccessBlock:BucketPublicAccessBlock", "plain-public-access");
        expect(child("bucketPolicy:BucketPolicy", "plain-policy").dependencies).to.include(block.urn);
    });

    it("versions by default, and suspends versioning only when asked", () => {
        const status = (name: string) => child("bucketVersioning:BucketVersioning", `${name}-versioning`).inputs.versioningConfiguration.status;
        expect(status("plain")).to.equal("Enabled");
        expect(status("kms")).to.equal("Enabled");
        expect(status("scratch")).to.equal("Suspended");
    });

    it("applies the lifecycle rules after versioning, with the args' expiry", () => {
        const lifecycle = child("bucketLifecycleConfiguration:BucketLifecycleConfiguration", "plain-lifecycle");
        expect(lifecycle.dependencies).to.include(child("bucketVersioning:BucketVersioning", "plain-versioning").urn);
        expect(lifecycle.inputs.rules[0]).to.deep.include({
            status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 }, expiration: { days: 400 },
        });
    });

    it("puts the bucket and every setting in the requested region, and leaves the others in the provider's", () => {
        const kms = allOf("kms").filter((r) => r.custom);
        expect(kms).to.have.length(7);
        for (const r of kms) expect(r.inputs.region, r.name).to.equal("us-west-2");
        for (const r of allOf("plain").filter((x) => x.custom)) expect(r.inputs, r.name).not.to.have.property("region");
    });

    it("parents every child to the component", () => {
        const component = mocks.one("expertconnect:storage:SecureBucket", "kms");
        expect(mocks.childrenOf(component.urn).map((r) => r.name).sort()).to.deep.equal([
            "kms", "kms-encryption", "kms-lifecycle", "kms-ownership", "kms-policy", "kms-public-access", "kms-versioning",
        ]);
    });
});
