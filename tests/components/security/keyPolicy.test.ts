import { expect } from "chai";
import { keyPolicyDocument } from "../../../components/security/keyPolicy";

const ACCOUNT = "123456789012";
const USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

describe("keyPolicyDocument", () => {
    const statements = (...args: Parameters<typeof keyPolicyDocument>) => JSON.parse(keyPolicyDocument(...args)).Statement;

    it("with no services, only lets the account administer the key through IAM", () => {
        const doc = JSON.parse(keyPolicyDocument(ACCOUNT, []));
        expect(doc.Version).to.equal("2012-10-17");
        expect(doc.Statement).to.deep.equal([{
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
        }]);
    });

    it("lets a service use the key for encryption only, and only on behalf of this account", () => {
        const [, grant] = statements(ACCOUNT, [{ service: "cloudwatch.amazonaws.com" }]);
        expect(grant).to.deep.equal({
            Sid: "ServiceUse0",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: USE,
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        });
        expect(grant.Action).not.to.include("kms:*");
    });

    it("drops aws:SourceAccount only for a grant that opts out of it", () => {
        const [, events, cloudwatch] = statements(ACCOUNT, [
            { service: "events.amazonaws.com", sourceAccount: false },
            { service: "cloudwatch.amazonaws.com" },
        ]);
        expect(events.Condition).to.deep.equal({});
        expect(cloudwatch.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
    });

    it("adds a grant's own conditions, given as an object or built from the account id", () => {
        const [, fixed, built] = statements(ACCOUNT, [
            { service: "logs.us-east-1.amazonaws.com", sourceAccount: false, condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:x" } } },
            { service: "cloudtrail.amazonaws.com", condition: (id) => ({ StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${id}:trail/*` } }) },
        ]);
        expect(fixed.Condition).to.deep.equal({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:x" } });
        expect(built.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
        });
    });

    it("numbers service statements so each Sid is unique", () => {
        const sids = statements(ACCOUNT, [{ service: "a.amazonaws.com" }, { service: "b.amazonaws.com" }]).map((s: any) => s.Sid);
        expect(new Set(sids).size).to.equal(sids.length);
        expect(sids.slice(1)).to.deep.equal(["ServiceUse0", "ServiceUse1"]);
    });
});
