import { expect } from "chai";
import { PROD_OUTPUTS, ProdStack, pickRepositoryUrl, publishedCeiling, requireString } from "../../stack/prodStack";
import { installMocks, MockHarness, settle, valueOf } from "../support/pulumi";

const PROD_DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
const MASTER_REPLICA = "arn:aws:secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/database/master-AbCdEf";
const MASTER_REPLICA_KEY = "arn:aws:kms:us-west-2:123456789012:key/m";
const urls = { "expertconnect-backend": "123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend" };

describe("ProdStack (the dr stack's view of prod)", () => {
    let mocks: MockHarness;
    let prod: ProdStack;
    before(async () => {
        mocks = installMocks({
            stack: "dr", region: "us-west-2",
            stackReferenceOutputs: {
                prod: {
                    [PROD_OUTPUTS.databaseArn]: PROD_DB_ARN,
                    [PROD_OUTPUTS.databaseStorageGb]: { allocated: 50, maxAllocated: 2000 },
                    [PROD_OUTPUTS.databaseEngine]: { engine: "postgres", version: "17", parameterGroupFamily: "postgres17" },
                    [PROD_OUTPUTS.databaseMasterSecretReplicaArn]: MASTER_REPLICA,
                    [PROD_OUTPUTS.databaseMasterSecretReplicaKmsKeyArn]: MASTER_REPLICA_KEY,
                    [PROD_OUTPUTS.staticReplicaBucketName]: "expertconnect-prod-static-us-west-2",
                    [PROD_OUTPUTS.staticReplicaBucketArn]: "arn:aws:s3:::expertconnect-prod-static-us-west-2",
                    [PROD_OUTPUTS.staticReplicaKmsKeyArn]: "arn:aws:kms:us-west-2:123456789012:key/r",
                    [PROD_OUTPUTS.replicaRepositoryUrls]: urls,
                },
            },
        });
        prod = new ProdStack("prod-stack", "organization/expertconnect-infra/prod");
        await settle();
    });

    it("references the configured stack and nothing else (no provider, no AWS call)", () => {
        const ref = mocks.one("pulumi:pulumi:StackReference");
        expect(ref.inputs.name).to.equal("organization/expertconnect-infra/prod");
        expect(mocks.resources.filter((r) => r.type.startsWith("aws:") || r.type === "pulumi:providers:aws")).to.deep.equal([]);
    });

    it("reads the database ARN, the static replica and a replicated repository", async () => {
        expect(await valueOf(prod.databaseArn)).to.equal(PROD_DB_ARN);
        expect(await valueOf(prod.staticReplica.bucketName)).to.equal("expertconnect-prod-static-us-west-2");
        expect(await valueOf(prod.staticReplica.kmsKeyArn)).to.equal("arn:aws:kms:us-west-2:123456789012:key/r");
        expect(await valueOf(prod.repositoryUrl("expertconnect-backend"))).to.equal(urls["expertconnect-backend"]);
    });

    it("reads prod's database as the replica follows it: ARN, parameter group family, storage ceiling", async () => {
        expect(await valueOf(prod.database.arn)).to.equal(PROD_DB_ARN);
        expect(await valueOf(prod.database.parameterGroupFamily)).to.equal("postgres17");
        expect(await valueOf(prod.database.maxAllocatedStorageGb)).to.equal(2000);
    });

    it("reads no ceiling when prod has no storage autoscaling, and refuses one that is not a number of GiB", () => {
        expect(publishedCeiling({ allocated: 50 })).to.equal(undefined);
        expect(publishedCeiling(undefined)).to.equal(undefined);
        expect(() => publishedCeiling({ maxAllocated: "500" })).to.throw("prod stack output databaseStorageGb.maxAllocated is \"500\"; allowed: a positive number of GiB");
        expect(() => publishedCeiling({ maxAllocated: 0 })).to.throw("is 0");
    });

    it("reads prod's database master secret replicated into this region, and its key", async () => {
        expect(await valueOf(prod.databaseMasterSecret.arn)).to.equal(MASTER_REPLICA);
        expect(await valueOf(prod.databaseMasterSecret.kmsKeyArn)).to.equal(MASTER_REPLICA_KEY);
    });

    it("names the output and what it holds when a repository is missing", () => {
        expect(() => pickRepositoryUrl(urls, "expertconnect-frontend"))
            .to.throw("replicaRepositoryUrls has no repository \"expertconnect-frontend\"; it has: expertconnect-backend");
        expect(() => pickRepositoryUrl(undefined, "x")).to.throw("it has: none");
    });

    it("rejects an empty or non-string output", () => {
        expect(() => requireString("databaseArn", "")).to.throw("prod stack output databaseArn is \"\"; allowed: a non-empty string");
        expect(() => requireString("databaseArn", 42)).to.throw("is 42");
        expect(requireString("databaseArn", PROD_DB_ARN)).to.equal(PROD_DB_ARN);
    });
});
