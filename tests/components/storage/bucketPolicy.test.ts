import { expect } from "chai";
import { lifecycleRules } from "../../../components/storage/lifecycle";
import { bucketPolicyDocument, PolicyStatement } from "../../../components/storage/bucketPolicy";

const ARN = "arn:aws:s3:::expertconnect-prod-static";

describe("bucketPolicyDocument", () => {
    it("denies every request not made over TLS, on the bucket and on its objects", () => {
        const doc = JSON.parse(bucketPolicyDocument(ARN));
        expect(doc.Version).to.equal("2012-10-17");
        expect(doc.Statement).to.deep.equal([{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [ARN, `${ARN}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }]);
    });

    it("appends a delivering service's statements after the TLS deny, unchanged", () => {
        const delivery: PolicyStatement = {
            Sid: "LogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${ARN}/*`,
        };
        const statements = JSON.parse(bucketPolicyDocument(ARN, [delivery])).Statement;
        expect(statements).to.have.length(2);
        expect(statements[0].Sid).to.equal("DenyInsecureTransport");
        expect(statements[1]).to.deep.equal(delivery);
    });
});

describe("lifecycleRules", () => {
    it("by default aborts stale uploads after 7 days and expires old versions after 90, keeping current objects", () => {
        expect(lifecycleRules({})).to.deep.equal([{
            id: "retention",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
        }]);
    });

    it("takes the noncurrent-version expiry from the args", () => {
        const [rule] = lifecycleRules({ noncurrentVersionExpirationDays: 30 });
        expect(rule.noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
    });

    it("archives current objects to Glacier Instant Retrieval when asked", () => {
        const [rule] = lifecycleRules({ archiveAfterDays: 90 });
        expect(rule.transitions).to.deep.equal([{ days: 90, storageClass: "GLACIER_IR" }]);
        expect(rule).not.to.have.property("expiration");
    });

    it("expires current objects when asked (logs), without archiving them", () => {
        const [rule] = lifecycleRules({ expireAfterDays: 400 });
        expect(rule.expiration).to.deep.equal({ days: 400 });
        expect(rule).not.to.have.property("transitions");
    });
});
