import { expect } from "chai";
import { Database, DatabaseArgs } from "../../../components/data/Database";
import { sizing } from "./fixtures";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const BACKEND_SG = "sg-0backend0000000001";
const PROD_DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";


async function build(overrides: Partial<DatabaseArgs> = {}, stack = "prod", region = "us-east-1"): Promise<{ mocks: MockHarness; db: Database }> {
    const mocks = installMocks({ stack, region });
    const db = new Database("db", {
        identifier: `expertconnect-${stack}-db`, tags: { ...tags, environment: stack }, region, vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"], allowedSources: { backend: BACKEND_SG }, sizing,
        logRetentionDays: 90, ...overrides,
    });
    await settle();
    return { mocks, db };
}

const instanceOf = (mocks: MockHarness) => mocks.one("aws:rds/instance:Instance");
const keyOf = (mocks: MockHarness) => mocks.one("aws:kms/key:Key");

describe("Database (prod primary)", () => {
    let mocks: MockHarness;
    let db: Database;
    let instance: RecordedResource;
    before(async () => {
        ({ mocks, db } = await build());
        instance = instanceOf(mocks);
    });

    it("uses the guide's identifier, database and master user", () => {
        expect(instance.inputs).to.include({
            identifier: "expertconnect-prod-db", dbName: "expertconnect", username: "expertconnect_user", engine: "postgres", engineVersion: "16",
        });
    });

    it("has RDS manage the master password under the database key, and never takes one", () => {
        expect(instance.inputs.manageMasterUserPassword).to.equal(true);
        expect(instance.inputs.masterUserSecretKmsKeyId).to.equal(keyOf(mocks).outputs.arn);
        for (const field of ["password", "passwordWo", "passwordWoVersion"]) {
            expect(instance.inputs, field).to.not.have.property(field);
        }
    });

    it("encrypts gp3 storage with its rotating customer-managed key and autoscales storage", () => {
        const key = keyOf(mocks);
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect(instance.inputs).to.include({
            storageType: "gp3", storageEncrypted: true, kmsKeyId: key.outputs.arn, allocatedStorage: 50, maxAllocatedStorage: 500,
            instanceClass: "db.t3.medium",
        });
    });

    it("takes Multi-AZ, backup retention and windows from its sizing", () => {
        expect(instance.inputs).to.include({
            multiAz: true, backupRetentionPeriod: 14, backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:30-sun:05:30",
        });
    });

    it("protects the data: deletion protection, final snapshot, kept backups, protect and retainOnDelete", () => {
        expect(instance.inputs).to.include({
            deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "expertconnect-prod-db-final-snapshot",
            copyTagsToSnapshot: true, deleteAutomatedBackups: false,
        });
        expect(instance.protect).to.equal(true);
        expect(instance.retainOnDelete).to.equal(true);
    });

    it("turns on Performance Insights under the key and Enhanced Monitoring with the AWS-managed role policy", () => {
        expect(instance.inputs).to.include({
            performanceInsightsEnabled: true, performanceInsightsKmsKeyId: keyOf(mocks).outputs.arn, performanceInsightsRetentionPeriod: 7,
            monitoringInterval: 60,
        });
        const role = mocks.one("aws:iam/role:Role");
        expect(instance.inputs.monitoringRoleArn).to.equal(role.outputs.arn);
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "monitoring.rds.amazonaws.com" });
        expect(mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn)
            .to.equal("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
    });

    it("exports postgresql and upgrade logs into log groups it creates first, with retention and the key", () => {
        expect(instance.inputs.enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
        const groups = mocks.ofType("aws:cloudwatch/logGroup:LogGroup");
        expect(groups.map((g) => g.inputs.name)).to.deep.equal([
            "/aws/rds/instance/expertconnect-prod-db/postgresql", "/aws/rds/instance/expertconnect-prod-db/upgrade",
        ]);
        for (const g of groups) {
            expect(g.inputs, g.name).to.include({ retentionInDays: 90, kmsKeyId: keyOf(mocks).outputs.arn });
            expect(g.retainOnDelete, g.name).to.equal(true);
            expect(instance.dependencies, g.name).to.include(g.urn);
        }
    });

    it("lets CloudWatch Logs use the key only for the instance's own log groups", () => {
        const statements = JSON.parse(keyOf(mocks).inputs.policy).Statement;
        const logs = statements.find((s: any) => s.Principal?.Service === "logs.us-east-1.amazonaws.com");
        expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"])
            .to.match(/^arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/rds\/instance\/expertconnect-prod-db\/\*$/);
    });

    it("uses a parameter group of the engine's family with the guide's settings", () => {
        const group = mocks.one("aws:rds/parameterGroup:ParameterGroup");
        expect(group.inputs.family).to.equal("postgres16");
        expect(group.inputs.parameters).to.deep.include.members([
            { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
            { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
            { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        ]);
        expect(instance.inputs.parameterGroupName).to.equal(group.outputs.name);
    });

    it("is private: isolated subnet group, IAM auth, no public access, current CA, minor upgrades", () => {
        const subnets = mocks.one("aws:rds/subnetGroup:SubnetGroup");
        expect(subnets.inputs.subnetIds).to.deep.equal(["subnet-a", "subnet-b", "subnet-c"]);
        expect(instance.inputs).to.include({
            dbSubnetGroupName: subnets.outputs.name, iamDatabaseAuthenticationEnabled: true, publiclyAccessible: false,
            autoMinorVersionUpgrade: true, allowMajorVersionUpgrade: true, caCertIdentifier: "rds-ca-rsa2048-g1",
        });
    });

    it("admits only the given security groups on 5432, with no CIDR ingress and no egress", () => {
        const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup");
        expect(sg.inputs.ingress ?? []).to.deep.equal([]);
        expect(sg.inputs.egress ?? []).to.deep.equal([]);
        const rules = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules).to.have.length(1);
        expect(rules[0].inputs).to.include({
            securityGroupId: sg.id, referencedSecurityGroupId: BACKEND_SG, ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
        });
        expect(rules[0].inputs).to.not.have.property("cidrIpv4");
        expect(instance.inputs.vpcSecurityGroupIds).to.deep.equal([sg.id]);
    });

    it("tags every taggable resource with project, environment and component", () => {
        const taggable = mocks.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:") && "tags" in r.inputs);
        expect(taggable.length).to.be.greaterThan(7);
        for (const r of taggable) {
            expect(r.inputs.tags, r.name).to.include({ Project: "expertconnect", Environment: "prod", Component: "database" });
        }
        const untagged = mocks.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:") && !("tags" in r.inputs)).map((r) => r.type);
        expect(untagged.sort()).to.deep.equal(["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:kms/alias:Alias"]);
    });

    it("exposes the instance's ARN, endpoint, master secret, key and security group", async () => {
        expect(await valueOf(db.arn)).to.equal(instance.outputs.arn);
        expect(await valueOf(db.endpoint)).to.match(/^expertconnect-prod-db\..+\.rds\.amazonaws\.com:5432$/);
        expect(await valueOf(db.port)).to.equal(5432);
        expect(await valueOf(db.masterUserSecretArn!)).to.equal(instance.outputs.masterUserSecrets[0].secretArn);
        expect(await valueOf(db.kmsKeyArn)).to.equal(keyOf(mocks).outputs.arn);
        expect(await valueOf(db.securityGroupId)).to.equal(mocks.one("aws:ec2/securityGroup:SecurityGroup").id);
        const component = mocks.one("expertconnect:data:Database");
        expect(Object.keys(component.outputs).sort()).to.deep.equal(
            ["address", "arn", "endpoint", "identifier", "kmsKeyArn", "masterUserSecretArn", "port", "resourceId", "securityGroupId"]);
        expect(await valueOf(db.resourceId)).to.equal(instance.outputs.resourceId);
    });
});

describe("Database (dr replica)", () => {
    let mocks: MockHarness;
    let db: Database;
    let instance: RecordedResource;
    before(async () => {
        ({ mocks, db } = await build({ role: { kind: "replica", sourceDbArn: PROD_DB_ARN }, sizing: { ...sizing, multiAz: false } }, "dr", "us-west-2"));
        instance = instanceOf(mocks);
    });

    it("replicates prod's instance by ARN, encrypted with a key in its own region", () => {
        expect(instance.inputs.identifier).to.equal("expertconnect-dr-db");
        expect(instance.inputs.replicateSourceDb).to.equal(PROD_DB_ARN);
        expect(instance.inputs.kmsKeyId).to.equal(keyOf(mocks).outputs.arn);
        expect(instance.inputs.kmsKeyId).to.match(/^arn:aws:kms:us-west-2:/);
    });

    it("sends nothing a replica inherits or RDS rejects on one", async () => {
        for (const field of ["dbName", "username", "manageMasterUserPassword", "masterUserSecretKmsKeyId", "password", "engine",
            "engineVersion", "allocatedStorage", "backupRetentionPeriod", "backupWindow", "finalSnapshotIdentifier"]) {
            expect(instance.inputs, field).to.not.have.property(field);
        }
        expect(instance.inputs).to.include({ multiAz: false, skipFinalSnapshot: true, deletionProtection: true });
        expect(db.masterUserSecretArn).to.equal(undefined);
    });

    it("keeps its own subnet and parameter groups, monitoring and protection", () => {
        expect(mocks.one("aws:rds/parameterGroup:ParameterGroup").inputs.family).to.equal("postgres16");
        expect(instance.inputs.dbSubnetGroupName).to.equal(mocks.one("aws:rds/subnetGroup:SubnetGroup").outputs.name);
        expect(instance.inputs).to.include({ monitoringInterval: 60, performanceInsightsEnabled: true });
        expect(instance.protect).to.equal(true);
    });
});

describe("Database role settings hook and data-loss opt-out", () => {
    it("applies the roleSettings hook last (the dr phases promote through it)", async () => {
        const { mocks } = await build({
            role: { kind: "replica", sourceDbArn: PROD_DB_ARN },
            roleSettings: (s) => ({ ...s, replicateSourceDb: undefined, manageMasterUserPassword: true, backupRetentionPeriod: 14, applyImmediately: true }),
        }, "dr", "us-west-2");
        const instance = instanceOf(mocks);
        expect(instance.inputs).to.not.have.property("replicateSourceDb");
        expect(instance.inputs).to.include({ manageMasterUserPassword: true, backupRetentionPeriod: 14, applyImmediately: true });
        expect(instance.inputs.masterUserSecretKmsKeyId).to.equal(keyOf(mocks).outputs.arn);
    });

    it("creates no monitoring role when Enhanced Monitoring is off", async () => {
        const { mocks } = await build({ monitoringIntervalSeconds: 0 });
        expect(instanceOf(mocks).inputs.monitoringInterval).to.equal(0);
        expect(instanceOf(mocks).inputs).to.not.have.property("monitoringRoleArn");
        expect(mocks.ofType("aws:iam/role:Role")).to.deep.equal([]);
    });

    it("drops protect, retainOnDelete and deletion protection only with allowDataLoss", async () => {
        const { mocks } = await build({ allowDataLoss: true });
        const instance = instanceOf(mocks);
        expect(instance.protect).to.equal(false);
        expect(instance.retainOnDelete).to.equal(false);
        expect(instance.inputs.deletionProtection).to.equal(false);
        expect(keyOf(mocks).protect).to.equal(false);
    });

    it("admits a client created later through allowFrom, on 5432 only", async () => {
        const { mocks, db } = await build({ allowedSources: undefined });
        expect(mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.deep.equal([]);
        db.allowFrom("backend", BACKEND_SG);
        await settle();
        const rule = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rule.name).to.equal("db-from-backend");
        expect(rule.inputs).to.include({
            securityGroupId: mocks.one("aws:ec2/securityGroup:SecurityGroup").id, referencedSecurityGroupId: BACKEND_SG, fromPort: 5432, toPort: 5432,
        });
        expect(rule.parent).to.equal(mocks.one("expertconnect:data:Database").urn);
    });
});
