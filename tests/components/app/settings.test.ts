import { expect } from "chai";
import { dataStoreSecrets, executionReadStatements, featureFlagEnv, policyDocument } from "../../../components/app/settings";

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

    it("reads the database user and password by JSON key from the RDS-managed secret", () => {
        expect(dataStoreSecrets({ databaseSecretArn: "arn:db", cacheAuthSecretArn: "arn:cache" })).to.deep.equal([
            { name: "DATABASE_USER", valueFrom: "arn:db:username::" },
            { name: "DATABASE_PASSWORD", valueFrom: "arn:db:password::" },
            { name: "REDIS_AUTH_TOKEN", valueFrom: "arn:cache" },
        ]);
    });

    it("grants decryption only via Secrets Manager and only with secrets to read", () => {
        const all = executionReadStatements("us-west-2", { secretArns: ["s"], parameterArns: ["p"], kmsKeyArns: ["k"] });
        expect(all.map((s) => s.Sid)).to.deep.equal(["ReadSecrets", "ReadParameters", "DecryptSecrets"]);
        expect(all[2].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } });
        const paramsOnly = executionReadStatements("us-west-2", { secretArns: [], parameterArns: ["p"], kmsKeyArns: ["k"] });
        expect(paramsOnly.map((s) => s.Sid)).to.deep.equal(["ReadParameters"]);
    });

    it("makes no policy document without statements", () => {
        expect(policyDocument([])).to.equal(undefined);
        expect(JSON.parse(policyDocument([{ Effect: "Allow", Action: "ssm:GetParameters", Resource: ["p"] }])!).Version).to.equal("2012-10-17");
    });
});
