import { expect } from "chai";
import { PROD_OUTPUTS, ProdStack, pickRepositoryUrl, requireString } from "../../stack/prodStack";
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
