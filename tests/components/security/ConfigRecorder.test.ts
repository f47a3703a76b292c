import { expect } from "chai";
import { ConfigRecorder } from "../../../components/security/ConfigRecorder";
import { configBucketStatements } from "../../../components/security/configRules";
import { managedConfigRules } from "../../../policy/lib/facts/configRules";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

const SLR = "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
const rules = { production: true, minBackupRetentionDays: 7, minLogRetentionDays: 90 };

describe("managed Config rules", () => {
    const identifiers = (sel: Parameters<typeof managedConfigRules>[0]) => managedConfigRules(sel).map((r) => r.identifier);

    it("mirror the policy pack: database, buckets, trail, GuardDuty, keys, containers, load balancer, cache", () => {
        expect(identifiers({ ...rules, recordsGlobalResources: true })).to.include.members([
            "RDS_STORAGE_ENCRYPTED", "DB_INSTANCE_BACKUP_ENABLED", "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "RDS_MULTI_AZ_SUPPORT",
            "S3_BUCKET_SSL_REQUESTS_ONLY", "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
            "CLOUD_TRAIL_ENABLED", "MULTI_REGION_CLOUD_TRAIL_ENABLED", "GUARDDUTY_ENABLED_CENTRALIZED", "CMK_BACKING_KEY_ROTATION_ENABLED",
            "ECS_TASK_DEFINITION_NONROOT_USER", "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", "ELB_DELETION_PROTECTION_ENABLED",
            "CW_LOGGROUP_RETENTION_PERIOD_CHECK", "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
        ]);
    });

    it("require Multi-AZ and deletion protection in production only", () => {
        const dr = identifiers({ ...rules, production: false, recordsGlobalResources: false });
        expect(dr).not.to.include("RDS_MULTI_AZ_SUPPORT");
        expect(dr).not.to.include("RDS_INSTANCE_DELETION_PROTECTION_ENABLED");
        expect(dr).to.include("RDS_STORAGE_ENCRYPTED");
    });

    it("check account-wide IAM settings only where global resources are recorded", () => {
        expect(identifiers({ ...rules, recordsGlobalResources: false })).not.to.include("IAM_ROOT_ACCESS_KEY_CHECK");
        expect(identifiers({ ...rules, recordsGlobalResources: true })).to.include.members(["IAM_ROOT_ACCESS_KEY_CHECK", "ROOT_ACCOUNT_MFA_ENABLED"]);
    });

    it("pass the backup and log retention floors as string parameters, leaving read replicas' backups to their primary", () => {
        const all = managedConfigRules({ ...rules, minBackupRetentionDays: 14, recordsGlobalResources: false });
        expect(all.find((r) => r.identifier === "DB_INSTANCE_BACKUP_ENABLED")?.parameters).to.deep.equal({ backupRetentionMinimum: "14", checkReadReplicas: "false" });
        expect(all.find((r) => r.identifier === "CW_LOGGROUP_RETENTION_PERIOD_CHECK")?.parameters).to.deep.equal({ MinRetentionTime: "90" });
        expect(new Set(all.map((r) => r.name)).size).to.equal(all.length);
        expect(all.find((r) => r.identifier === "S3_BUCKET_SSL_REQUESTS_ONLY")?.name).to.equal("s3-bucket-ssl-requests-only");
    });

    it("admit Config to the bucket for this account only, writing under AWSLogs/<account>/Config", () => {
        const statements = configBucketStatements("arn:aws:s3:::config-bucket-123456789012", "123456789012");
        expect(statements.map((s) => s.Action)).to.deep.equal(["s3:GetBucketAcl", "s3:ListBucket", "s3:PutObject"]);
        for (const s of statements) {
            expect(s.Principal).to.deep.equal({ Service: "config.amazonaws.com" });
            expect((s.Condition as any).StringEquals["aws:SourceAccount"]).to.equal("123456789012");
        }
        expect(statements[2].Resource).to.equal("arn:aws:s3:::config-bucket-123456789012/AWSLogs/123456789012/Config/*");
    });
});

describe("ConfigRecorder", () => {
    describe("in prod", () => {
        let mocks: MockHarness;
        before(async () => {
            mocks = installMocks({ stack: "prod", region: "us-east-1" });
            new ConfigRecorder("config", { tags: { project: "expertconnect", environment: "prod" }, includeGlobalResourceTypes: true, rules });
            await settle();
        });

        it("records all supported types, global ones included, with the service-linked role", () => {
            const recorder = mocks.one("aws:cfg/recorder:Recorder").inputs;
            expect(recorder).to.deep.include({
                name: "default",
                roleArn: SLR,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
            });
        });

        it("delivers through channel `default` to the config-bucket-<account> it creates", () => {
            const bucket = mocks.one("aws:s3/bucket:Bucket");
            expect(bucket.inputs.bucket).to.equal("config-bucket-123456789012");
            expect(bucket).to.include({ protect: true });
            const channel = mocks.one("aws:cfg/deliveryChannel:DeliveryChannel");
            expect(channel.inputs).to.deep.include({ name: "default", s3BucketName: "config-bucket-123456789012" });
            expect(channel.dependencies).to.include.members([mocks.one("aws:cfg/recorder:Recorder").urn, mocks.one("aws:s3/bucketPolicy:BucketPolicy").urn]);
            const policy = JSON.parse(mocks.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
            expect(policy.Statement.filter((s: any) => s.Effect === "Allow").every((s: any) => s.Principal.Service === "config.amazonaws.com")).to.equal(true);
        });

        it("switches the recorder on after the channel exists", () => {
            const status = mocks.one("aws:cfg/recorderStatus:RecorderStatus");
            expect(status.inputs).to.deep.include({ name: "default", isEnabled: true });
            expect(status.dependencies).to.include(mocks.one("aws:cfg/deliveryChannel:DeliveryChannel").urn);
        });

        it("creates every managed rule as an AWS-owned rule once the recorder runs", () => {
            const created = mocks.ofType("aws:cfg/rule:Rule");
            expect(created.map((r) => r.inputs.source.sourceIdentifier)).to.have.members(managedConfigRules({ ...rules, recordsGlobalResources: true }).map((r) => r.identifier));
            const status = mocks.one("aws:cfg/recorderStatus:RecorderStatus").urn;
            for (const r of created) {
                expect(r.inputs.source.owner).to.equal("AWS");
                expect(r.dependencies).to.include(status);
                expect(r.inputs.tags.Component).to.equal("config");
            }
            const backup = created.find((r) => r.inputs.name === "db-instance-backup-enabled");
            expect(JSON.parse(backup!.inputs.inputParameters)).to.deep.equal({ backupRetentionMinimum: "7", checkReadReplicas: "false" });
        });
    });

    describe("in dr", () => {
        let mocks: MockHarness;
        before(async () => {
            mocks = installMocks({ stack: "dr", region: "us-west-2" });
            new ConfigRecorder("config", {
                tags: { project: "expertconnect", environment: "dr" }, createBucket: false, rules: { ...rules, production: false },
            });
            await settle();
        });

        it("records regional types only and delivers into prod's bucket without creating one", () => {
            expect(mocks.one("aws:cfg/recorder:Recorder").inputs.recordingGroup).to.deep.equal({ allSupported: true, includeGlobalResourceTypes: false });
            expect(mocks.ofType("aws:s3/bucket:Bucket")).to.have.length(0);
            expect(mocks.one("aws:cfg/deliveryChannel:DeliveryChannel").inputs.s3BucketName).to.equal("config-bucket-123456789012");
            expect(mocks.ofType("aws:cfg/rule:Rule").map((r) => r.inputs.name)).not.to.include("rds-multi-az-support");
        });
    });
});
