import { expect } from "chai";
import { DATA_STORE_SECRETS, applicationParameters, featureFlagEnv, replicaSecretArn, secretValueFrom, sharedSecretArn } from "../../../components/app/settings";

describe("application settings (pure)", () => {
    it("turns a kebab-case flag into its environment variable", () => {
        expect(featureFlagEnv("video-calls")).to.equal("FEATURE_VIDEO_CALLS");
        expect(featureFlagEnv("beta2")).to.equal("FEATURE_BETA2");
    });

    it("rejects flag names that would not make a clean path or variable", () => {
        for (const bad of ["Video", "video_calls", "-x", "", "a/b"]) {
            expect(() => featureFlagEnv(bad), bad).to.throw(/feature flag .*lower-case letters, digits and hyphens/);
        }
    });

    it("gives the backend the cache token as its only data-store secret: the database is IAM-authenticated", () => {
        expect(DATA_STORE_SECRETS.map((s) => [s.env, s.store, s.jsonKey])).to.deep.equal([["REDIS_AUTH_TOKEN", "cache", undefined]]);
        const params = applicationParameters({
            databaseAddress: "db", databasePort: 5432, databaseName: "expertconnect", cacheAddress: "cache", cachePort: 6379, staticBucketName: "static",
        }, {});
        expect(params.find((p) => p.env === "DATABASE_USER")!.value).to.equal("expertconnect_app");
        expect(params.find((p) => p.env === "DATABASE_AUTH_METHOD")!.value).to.equal("iam");
        expect(params.map((p) => p.env)).to.not.include("DATABASE_PASSWORD");
        expect(secretValueFrom("arn:aws:secretsmanager:us-east-1:1:secret:expertconnect/prod/database/master-x", "password"))
            .to.equal("arn:aws:secretsmanager:us-east-1:1:secret:expertconnect/prod/database/master-x:password::");
        expect(secretValueFrom("arn:aws:secretsmanager:us-east-1:1:secret:token")).to.equal("arn:aws:secretsmanager:us-east-1:1:secret:token");
    });

    it("stores endpoints for the backend only and flags for both services", () => {
        const specs = applicationParameters({
            databaseAddress: "db", databasePort: 5432, databaseName: "expertconnect", cacheAddress: "cache", cachePort: 6379, staticBucketName: "static",
        }, { beta: true });
        expect(specs.filter((p) => p.services.includes("frontend")).map((p) => p.key)).to.deep.equal(["features/beta"]);
        expect(specs.map((p) => p.key)).to.not.include("storage/backup-bucket");
        expect(specs.find((p) => p.key === "features/beta")!.value).to.equal("true");
    });

    it("names a secret's replica by swapping only the region", () => {
        expect(replicaSecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/jwt-signing-key-AbCdEf", "us-west-2"))
            .to.equal("arn:aws:secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/jwt-signing-key-AbCdEf");
        expect(() => replicaSecretArn("arn:aws:ssm:us-east-1:1:parameter/x", "us-west-2")).to.throw(/not a Secrets Manager secret ARN/);
    });

    it("reads a shared secret's ARN or names what is missing", () => {
        expect(sharedSecretArn({ a: "arn:1" }, "a")).to.equal("arn:1");
        expect(() => sharedSecretArn({ a: "arn:1" }, "b")).to.throw(/no "b"; they have: a/);
    });
});
