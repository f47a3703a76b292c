import { expect } from "chai";
import { BackupPlan } from "../../../components/dr/BackupPlan";
import { DisasterRecovery } from "../../../components/dr/DisasterRecovery";
import { RestoreTesting } from "../../../components/dr/RestoreTesting";
import { StaticReplication } from "../../../components/dr/StaticReplication";
import { RECOVERY_RETENTION_LIMIT_DAYS } from "../../../policy/lib/facts/retention";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
const STATIC_ARN = "arn:aws:s3:::expertconnect-prod-static";
const STATIC_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-1111-4111-8111-111111111111";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
const RECOVERY_TOPIC = "arn:aws:sns:us-west-2:123456789012:expertconnect-prod-alarms";
const VALIDATOR_ARN = "arn:aws:lambda:us-east-1:123456789012:function:expertconnect-prod-db-tasks";

const T = {
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    bucket: "aws:s3/bucket:Bucket",
    key: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    vault: "aws:backup/vault:Vault",
    lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    plan: "aws:backup/plan:Plan",
    selection: "aws:backup/selection:Selection",
    restorePlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
    restoreSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
    ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    ecrTemplate: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
};

describe("DisasterRecovery (prod side)", () => {
    let mocks: MockHarness;
    let dr: DisasterRecovery;
    const one = (type: string, name?: string): RecordedResource => mocks.one(type, name);

    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        dr = new DisasterRecovery("dr", {
            tags,
            namePrefix: "expertconnect-prod",
            region: "us-east-1",
            recoveryRegion: "us-west-2",
            staticAssets: { bucketName: "expertconnect-prod-static", bucketArn: STATIC_ARN, kmsKeyArn: STATIC_KEY },
            replicaBucketName: "expertconnect-prod-static-us-west-2",
            database: {
                arn: DB_ARN, subnetGroupName: "expertconnect-prod-db-subnets", securityGroupIds: ["sg-0db0000000000001"], backupRetentionDays: 14,
                restoreValidator: { functionArn: VALIDATOR_ARN, functionName: "expertconnect-prod-db-tasks" },
            },
            backupCopyRetentionDays: 35,
            images: { repositoryPrefix: "expertconnect-", repositoryNames: ["expertconnect-backend", "expertconnect-frontend"] },
            alarmTopics: { primary: TOPIC, recovery: RECOVERY_TOPIC },
        });
        await settle();
    });

    describe("static-assets replication", () => {
        let rule: any;
        let replica: RecordedResource;
        let replicaKey: RecordedResource;
        before(() => {
            const config = one(T.replication);
            rule = config.inputs.rules[0];
            replica = one(T.bucket, "dr-static-replica");
            replicaKey = one(T.key, "dr-static-replica-key");
        });

        it("puts a protected, versioned replica bucket and its own key in the recovery region", () => {
            expect(replica.inputs).to.include({ bucket: "expertconnect-prod-static-us-west-2", region: "us-west-2" });
            expect(replica.protect).to.equal(true);
            expect(replica.retainOnDelete).to.equal(true);
            const versioning = one("aws:s3/bucketVersioning:BucketVersioning", "dr-static-replica-versioning");
            expect(versioning.inputs.versioningConfiguration.status).to.equal("Enabled");
            expect(versioning.inputs.region).to.equal("us-west-2");
            expect(replicaKey.inputs).to.include({ region: "us-west-2", enableKeyRotation: true });
            const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "dr-static-replica-encryption");
            expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(replicaKey.outputs.arn);
        });

        it("replicates the source bucket from its region with the replication role", () => {
            const config = one(T.replication);
            expect(config.inputs.bucket).to.equal("expertconnect-prod-static");
            expect(config.inputs.region).to.equal("us-east-1");
            expect(config.inputs.role).to.equal(one(T.role, "dr-static-role").outputs.arn);
            // S3 rejects a rule before versioning is on at the destination.
            expect(config.dependencies).to.include(one("aws:s3/bucketVersioning:BucketVersioning", "dr-static-replica-versioning").urn);
        });

        it("uses Replication Time Control (15 minutes) with metrics", () => {
            expect(rule.status).to.equal("Enabled");
            expect(rule.destination.replicationTime).to.deep.equal({ status: "Enabled", time: { minutes: 15 } });
            expect(rule.destination.metrics).to.deep.equal({ status: "Enabled", eventThreshold: { minutes: 15 } });
        });

        it("replicates delete markers (a V2 rule: filter present)", () => {
            expect(rule.deleteMarkerReplication).to.deep.equal({ status: "Enabled" });
            expect(rule.filter).to.deep.equal({});
        });

        it("replicates SSE-KMS objects, re-encrypted with the replica key", () => {
            expect(rule.sourceSelectionCriteria).to.deep.equal({ sseKmsEncryptedObjects: { status: "Enabled" } });
            expect(rule.destination.bucket).to.equal(replica.outputs.arn);
            expect(rule.destination.encryptionConfiguration).to.deep.equal({ replicaKmsKeyId: replicaKey.outputs.arn });
            expect(replicaKey.outputs.arn).to.match(/^arn:aws:kms:us-west-2:/);
        });

        it("alarms on failed and late replication of this rule, each where S3 publishes its metric, to that region's topic", () => {
            const alarms = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
            expect(alarms.map((a) => a.inputs.name)).to.have.members(["expertconnect-static-replication-failed", "expertconnect-static-replication-late"]);
            const dims = { SourceBucket: "expertconnect-prod-static", DestinationBucket: "expertconnect-prod-static-us-west-2", RuleId: rule.id };
            for (const a of alarms) {
                expect(a.inputs).to.include({ namespace: "AWS/S3", comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
                expect(a.inputs.dimensions).to.deep.equal(dims);
            }
            // Failures are published in the source's region, latency in the replica's; an alarm notifies only its region's topics.
            const failed = alarms.find((a) => a.inputs.name.endsWith("-failed"))!;
            expect(failed.inputs).to.include({ metricName: "OperationsFailedReplication", statistic: "Sum", threshold: 0, region: "us-east-1" });
            expect(failed.inputs.alarmActions).to.deep.equal([TOPIC]);
            expect(failed.inputs.okActions).to.deep.equal([TOPIC]);
            const late = alarms.find((a) => a.inputs.name.endsWith("-late"))!;
            expect(late.inputs).to.include({ metricName: "ReplicationLatency", statistic: "Maximum", threshold: 900, region: "us-west-2" });
            expect(late.inputs.alarmActions).to.deep.equal([RECOVERY_TOPIC]);
            expect(late.inputs.okActions).to.deep.equal([RECOVERY_TOPIC]);
        });

        it("lets only S3, for the source bucket of this account, assume the role", () => {
            const trust = JSON.parse(one(T.role, "dr-static-role").inputs.assumeRolePolicy);
            expect(trust.Statement).to.have.length(1);
            expect(trust.Statement[0].Principal).to.deep.equal({ Service: "s3.amazonaws.com" });
            expect(trust.Statement[0].Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": STATIC_ARN },
            });
        });

        it("gives the role exactly those two buckets and keys", () => {
            const policy = JSON.parse(one(T.rolePolicy, "dr-static-role-policy").inputs.policy);
            const resources = policy.Statement.flatMap((s: any) => [].concat(s.Resource));
            expect(resources).to.have.members([
                STATIC_ARN, `${STATIC_ARN}/*`, `${replica.outputs.arn}/*`, STATIC_KEY, replicaKey.outputs.arn,
            ]);
            expect(JSON.stringify(policy)).not.to.contain("\"*\"");
        });
    });

    describe("AWS Backup", () => {
        let vault: RecordedResource;
        let copyVault: RecordedResource;
        let rules: any[];
        before(() => {
            vault = one(T.vault, "dr-backup-vault");
            copyVault = one(T.vault, "dr-backup-copy-vault");
            rules = one(T.plan).inputs.rules;
        });

        it("keeps KMS-encrypted, protected vaults in both regions", () => {
            expect(vault.inputs).to.include({ name: "expertconnect-prod-backups", forceDestroy: false });
            expect(vault.inputs.region).to.equal(undefined);
            expect(vault.inputs.kmsKeyArn).to.equal(one(T.key, "dr-backup-vault-key").outputs.arn);
            expect(copyVault.inputs).to.include({ name: "expertconnect-prod-backups-copy", region: "us-west-2", forceDestroy: false });
            expect(copyVault.inputs.kmsKeyArn).to.equal(one(T.key, "dr-backup-copy-vault-key").outputs.arn);
            expect(one(T.key, "dr-backup-copy-vault-key").inputs.region).to.equal("us-west-2");
            for (const v of [vault, copyVault]) {
                expect(v.protect, v.name).to.equal(true);
                expect(v.retainOnDelete, v.name).to.equal(true);
            }
        });

        it("locks both vaults in governance mode with a 7-day minimum and a 400-day maximum", () => {
            const locks = mocks.ofType(T.lock);
            expect(locks.map((l) => l.inputs.backupVaultName)).to.have.members(["expertconnect-prod-backups", "expertconnect-prod-backups-copy"]);
            for (const lock of locks) {
                expect(lock.inputs.minRetentionDays).to.equal(7);
                expect(lock.inputs.maxRetentionDays).to.equal(RECOVERY_RETENTION_LIMIT_DAYS);
                expect(lock.inputs).not.to.have.property("changeableForDays");
            }
        });

        it("keeps continuous (point-in-time) backups as long as the instance's retention", () => {
            const continuous = rules.find((r) => r.ruleName === "continuous");
            expect(continuous).to.include({ enableContinuousBackup: true, targetVaultName: "expertconnect-prod-backups" });
            expect(continuous.lifecycle).to.deep.equal({ deleteAfter: 14 });
            expect(continuous.copyActions).to.equal(undefined);
        });

        it("takes daily snapshots and copies them to the us-west-2 vault with the configured retention", () => {
            const daily = rules.find((r) => r.ruleName === "daily");
            expect(daily).to.include({ enableContinuousBackup: false, schedule: "cron(0 6 ? * * *)", targetVaultName: "expertconnect-prod-backups" });
            expect(daily.copyActions).to.deep.equal([{ destinationVaultArn: copyVault.outputs.arn, lifecycle: { deleteAfter: 35 } }]);
            expect(copyVault.outputs.arn).to.match(/^arn:aws:backup:us-west-2:123456789012:backup-vault:/);
            expect(daily.recoveryPointTags).to.include({ Project: "expertconnect", Environment: "prod" });
        });

        it("selects the database by ARN, as the backup service role", () => {
            const selection = one(T.selection);
            const role = one(T.role, "dr-backup-role");
            expect(selection.inputs.resources).to.deep.equal([DB_ARN]);
            expect(selection.inputs.iamRoleArn).to.equal(role.outputs.arn);
            expect(selection.inputs.planId).to.equal(one(T.plan).id);
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "backup.amazonaws.com" });
            const attached = mocks.ofType(T.attachment).filter((a) => a.name.startsWith("dr-backup-role-")).map((a) => a.inputs.policyArn);
            expect(attached).to.have.members([
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
            ]);
        });
    });

    describe("monthly restore test", () => {
        it("restores the latest snapshot of this region's vault once a month", () => {
            const plan = one(T.restorePlan);
            expect(plan.inputs).to.include({ name: "expertconnect_prod_monthly", scheduleExpression: "cron(0 8 1 * ? *)" });
            expect(plan.inputs.recoveryPointSelection).to.deep.equal({
                algorithm: "LATEST_WITHIN_WINDOW",
                includeVaults: [one(T.vault, "dr-backup-vault").outputs.arn],
                recoveryPointTypes: ["SNAPSHOT"],
                selectionWindowDays: 7,
            });
        });

        it("selects the database and restores it into its isolated subnets and security group", () => {
            const selection = one(T.restoreSelection);
            expect(selection.inputs).to.include({
                name: "expertconnect_prod_database", protectedResourceType: "RDS",
                restoreTestingPlanName: "expertconnect_prod_monthly", validationWindowHours: 4,
            });
            expect(selection.inputs.protectedResourceArns).to.deep.equal([DB_ARN]);
            expect(selection.inputs.iamRoleArn).to.equal(one(T.role, "dr-backup-role").outputs.arn);
            expect(selection.inputs.restoreMetadataOverrides).to.deep.equal({
                dbSubnetGroupName: "expertconnect-prod-db-subnets",
                vpcSecurityGroupIds: JSON.stringify(["sg-0db0000000000001"]),
            });
        });

        it("has the validator check each completed restore of this plan, and lets EventBridge invoke it from that rule only", () => {
            const rule = one("aws:cloudwatch/eventRule:EventRule", "dr-restore-test-completed");
            expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
                source: ["aws.backup"],
                "detail-type": ["Restore Job State Change"],
                detail: { status: ["COMPLETED"], restoreTestingPlanArn: [one(T.restorePlan).outputs.arn] },
            });
            const target = one("aws:cloudwatch/eventTarget:EventTarget", "dr-restore-test-validator");
            expect(target.inputs).to.include({ rule: rule.outputs.name, arn: VALIDATOR_ARN });
            const permission = one("aws:lambda/permission:Permission", "dr-restore-test-invoke");
            expect(permission.inputs).to.include({
                action: "lambda:InvokeFunction", function: "expertconnect-prod-db-tasks", principal: "events.amazonaws.com", sourceArn: rule.outputs.arn,
            });
        });
    });

    describe("image replication", () => {
        it("replicates the expertconnect- repositories to us-west-2 in this account", () => {
            const config = one(T.ecrReplication);
            expect(config.inputs.replicationConfiguration.rules).to.deep.equal([{
                destinations: [{ region: "us-west-2", registryId: "123456789012" }],
                repositoryFilters: [{ filter: "expertconnect-", filterType: "PREFIX_MATCH" }],
            }]);
        });

        it("gives replicated repositories immutable tags and a lifecycle policy", () => {
            const template = one(T.ecrTemplate);
            expect(template.inputs).to.include({ prefix: "ROOT", imageTagMutability: "IMMUTABLE", region: "us-west-2" });
            expect(template.inputs.appliedFors).to.deep.equal(["REPLICATION"]);
            expect(JSON.parse(template.inputs.lifecyclePolicy).rules).to.have.length(2);
        });

        it("exports the replicated repository URLs the dr stack pulls from", async () => {
            const urls = await valueOf(dr.replicaRepositoryUrls);
            expect(urls).to.deep.equal({
                "expertconnect-backend": "123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend",
                "expertconnect-frontend": "123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-frontend",
            });
        });
    });

    it("tags every taggable resource with project, environment and component", () => {
        const taggable = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:") && "tags" in r.inputs);
        expect(taggable.length).to.be.greaterThan(8);
        for (const r of taggable) {
            expect(r.inputs.tags, `${r.type} ${r.name}`).to.include.keys("Project", "Environment", "Component");
        }
    });
});

describe("BackupPlan arguments", () => {
    it("rejects a copy retention below the vault lock before registering anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        expect(() => new BackupPlan("bad", {
            tags, namePrefix: "expertconnect-prod", resourceArns: [DB_ARN], copyRegion: "us-west-2", copyRetentionDays: 3,
        })).to.throw("copy backup retention 3 days; allowed: at least the vault lock's minimum of 7");
        expect(mocks.resources.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
    });
});

describe("StaticReplication without a topic", () => {
    it("creates no alarm", async () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        const r = new StaticReplication("quiet", {
            tags, source: { bucketName: "src", bucketArn: "arn:aws:s3:::src", kmsKeyArn: STATIC_KEY, region: "us-east-1" },
            replicaBucketName: "src-us-west-2", replicaRegion: "us-west-2",
        });
        await settle();
        expect(mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).to.deep.equal([]);
        expect(r.alarmArns).to.deep.equal([]);
    });
});

describe("RestoreTesting without a validator", () => {
    it("tests the restore only, with no rule or permission", async () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new RestoreTesting("rt", {
            tags, namePrefix: "expertconnect-prod", vaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:v",
            roleArn: "arn:aws:iam::123456789012:role/backup", databaseArn: DB_ARN,
            network: { dbSubnetGroupName: "subnets", securityGroupIds: ["sg-0db0000000000001"] },
        });
        await settle();
        expect(mocks.ofType("aws:backup/restoreTestingSelection:RestoreTestingSelection")).to.have.length(1);
        expect(mocks.ofType("aws:cloudwatch/eventRule:EventRule")).to.deep.equal([]);
        expect(mocks.ofType("aws:lambda/permission:Permission")).to.deep.equal([]);
    });
});
