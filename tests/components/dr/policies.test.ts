import { expect } from "chai";
import { backupRules, BackupRuleInputs } from "../../../components/dr/backupRules";
import { repositoryUrl } from "../../../components/dr/EcrReplication";
import { replicationRolePolicy } from "../../../components/dr/replicationPolicy";
import { restoreTestingName } from "../../../components/dr/RestoreTesting";

const ends = {
    sourceBucketArn: "arn:aws:s3:::src",
    sourceRegion: "us-east-1",
    sourceKeyArn: "arn:aws:kms:us-east-1:123456789012:key/src",
    destinationBucketArn: "arn:aws:s3:::dst",
    destinationRegion: "us-west-2",
    destinationKeyArn: "arn:aws:kms:us-west-2:123456789012:key/dst",
};

describe("replication role policy", () => {
    const statements: any[] = JSON.parse(replicationRolePolicy(ends)).Statement;
    const sid = (id: string) => statements.find((s) => s.Sid === id);

    it("reads only the source bucket and its object versions", () => {
        expect(sid("ReadReplicationConfiguration").Resource).to.equal("arn:aws:s3:::src");
        expect(sid("ReadSourceObjectVersions")).to.deep.include({
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: "arn:aws:s3:::src/*",
        });
    });

    it("writes replicas, deletes and tags only into the destination bucket", () => {
        expect(sid("WriteReplicas")).to.deep.include({
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: "arn:aws:s3:::dst/*",
        });
    });

    it("decrypts with the source key only through S3 in the source region, for the source bucket", () => {
        expect(sid("DecryptSourceObjects")).to.deep.equal({
            Sid: "DecryptSourceObjects", Effect: "Allow", Action: "kms:Decrypt", Resource: ends.sourceKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::src", "arn:aws:s3:::src/*"] },
            },
        });
    });

    it("encrypts with the destination key only through S3 in the destination region", () => {
        const s = sid("EncryptReplicas");
        expect(s.Resource).to.equal(ends.destinationKeyArn);
        expect(s.Condition.StringEquals).to.deep.equal({ "kms:ViaService": "s3.us-west-2.amazonaws.com" });
        expect(s.Condition.StringLike["kms:EncryptionContext:aws:s3:arn"]).to.deep.equal(["arn:aws:s3:::dst", "arn:aws:s3:::dst/*"]);
    });

    it("allows nothing else: no wildcard action or resource, no Deny needed", () => {
        expect(statements).to.have.length(5);
        for (const s of statements) {
            expect(s.Effect).to.equal("Allow");
            expect([].concat(s.Action).some((a: string) => a.endsWith(":*") || a === "*"), s.Sid).to.equal(false);
            expect(s.Resource, s.Sid).not.to.equal("*");
        }
    });
});

describe("backup rules", () => {
    const inputs: BackupRuleInputs = {
        vaultName: "v", copyVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:c",
        dailyRetentionDays: 30, continuousRetentionDays: 14, copyRetentionDays: 90, recoveryPointTags: { Project: "p" }, minRetentionDays: 7,
    };

    it("has one continuous and one daily rule with their own retention", () => {
        const [continuous, daily] = backupRules(inputs);
        expect(continuous).to.include({ ruleName: "continuous", enableContinuousBackup: true });
        expect(continuous.lifecycle.deleteAfter).to.equal(14);
        expect(daily).to.include({ ruleName: "daily", enableContinuousBackup: false });
        expect(daily.lifecycle.deleteAfter).to.equal(30);
        expect(daily.copyActions).to.deep.equal([{ destinationVaultArn: inputs.copyVaultArn, lifecycle: { deleteAfter: 90 } }]);
    });

    it("rejects point-in-time retention AWS Backup does not support", () => {
        expect(() => backupRules({ ...inputs, continuousRetentionDays: 36 })).to.throw(/continuous backup retention 36 days; allowed: 1 to 35/);
        expect(() => backupRules({ ...inputs, continuousRetentionDays: 0 })).to.throw(/allowed: 1 to 35/);
    });

    it("rejects a retention shorter than the vault lock allows, before AWS Backup does", () => {
        expect(() => backupRules({ ...inputs, copyRetentionDays: 5 })).to.throw("copy backup retention 5 days; allowed: at least the vault lock's minimum of 7");
        expect(() => backupRules({ ...inputs, dailyRetentionDays: 3650 })).to.throw("daily backup retention 3650 days; allowed: at most the vault lock's maximum of 400");
        expect(() => backupRules({ ...inputs, dailyRetentionDays: 10, minRetentionDays: 14 })).to.throw(/daily backup retention 10 days/);
    });
});

describe("dr names", () => {
    it("turns a prefix into a restore-testing name AWS accepts", () => {
        expect(restoreTestingName("expertconnect-prod", "monthly")).to.equal("expertconnect_prod_monthly");
        expect(() => restoreTestingName("x".repeat(45), "monthly")).to.throw(/at most 50/);
    });

    it("builds a private-registry repository URL", () => {
        expect(repositoryUrl("123456789012", "us-west-2", "expertconnect-backend"))
            .to.equal("123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend");
    });
});
