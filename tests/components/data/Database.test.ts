import { expect } from "chai";
import { Database, DatabaseArgs } from "../../../components/data/Database";
import { sizing } from "./fixtures";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const BACKEND_SG = "sg-0backend0000000001";
const PROD_DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
/** prod's database as the dr stack reads it from its stack reference. */
const PROD_SOURCE = { arn: PROD_DB_ARN, parameterGroupFamily: "postgres16", maxAllocatedStorageGb: 500 };
const PRIVATE_SUBNETS = ["subnet-private-a", "subnet-private-b"];
const ISOLATED_CIDRS = ["10.0.20.0/24", "10.0.21.0/24"];
/** Prod's master secret: replicated to us-west-2, rotated from the private subnets. */
const masterSecret: DatabaseArgs["masterSecret"] = {
    name: "expertconnect/prod/database/master",
    replicaRegion: "us-west-2",
    rotation: { subnetIds: PRIVATE_SUBNETS, databaseCidrBlocks: ISOLATED_CIDRS },
};

async function build(overrides: Partial<DatabaseArgs> = {}, stack = "prod", region = "us-east-1"): Promise<{ mocks: MockHarness; db: Database }> {
    const mocks = installMocks({ stack, region });
    const db = new Database("db", {
        identifier: `expertconnect-${stack}-db`, tags: { ...tags, environment: stack }, region, vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"], allowedSources: { backend: BACKEND_SG }, sizing,
        logRetentionDays: 90, ...(overrides.role?.kind === "replica" ? {} : { masterSecret }), ...overrides,
    });
    await settle();
    return { mocks, db };
}

const instanceOf = (mocks: MockHarness) => mocks.one("aws:rds/instance:Instance");
const keyOf = (mocks: MockHarness) => mocks.one("aws:kms/key:Key", "db-key");
const groupOf = (mocks: MockHarness) => mocks.one("aws:ec2/securityGroup:SecurityGroup", "db-sg");

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

    it("takes the master password write-only (passwordWo), never as a plaintext or RDS-managed one", () => {
        expect(instance.inputs.passwordWo).to.be.a("string").with.length(64);
        expect(instance.secretInputs).to.include("passwordWo");
        expect(instance.inputs.passwordWoVersion).to.equal(1);
        for (const field of ["password", "manageMasterUserPassword", "masterUserSecretKmsKeyId"]) {
            expect(instance.inputs, field).to.not.have.property(field);
        }
    });

    it("keeps the credentials in a protected secret under the database key, replicated to us-west-2 under a key there", () => {
        const secret = mocks.one("aws:secretsmanager/secret:Secret");
        const replicaKey = mocks.one("aws:kms/key:Key", "db-secret-replica-key");
        expect(secret.inputs).to.include({ name: "expertconnect/prod/database/master", kmsKeyId: keyOf(mocks).outputs.arn, recoveryWindowInDays: 30 });
        expect(secret.inputs.replicas).to.deep.equal([{ region: "us-west-2", kmsKeyId: replicaKey.outputs.arn }]);
        expect(replicaKey.inputs.region).to.equal("us-west-2");
        expect(secret.protect).to.equal(true);
        expect(secret.retainOnDelete).to.equal(true);
        expect(replicaKey.protect).to.equal(true);
    });

    it("tags the master secret with the instance it pairs with (secrets-credential-pairs)", () => {
        const instance = mocks.one("aws:rds/instance:Instance");
        expect(mocks.one("aws:secretsmanager/secret:Secret").inputs.tags).to.include({ PairedStore: instance.inputs.identifier });
    });

    it("writes the rotation functions' JSON write-only, with the same password the instance got", () => {
        const version = mocks.one("aws:secretsmanager/secretVersion:SecretVersion");
        expect(version.inputs.secretId).to.equal(mocks.one("aws:secretsmanager/secret:Secret").id);
        expect(version.inputs).to.not.have.property("secretString");
        expect(version.secretInputs).to.include("secretStringWo");
        expect(version.inputs.secretStringWoVersion).to.equal(1);
        expect(JSON.parse(version.inputs.secretStringWo)).to.deep.equal({
            engine: "postgres", host: instance.outputs.address, port: 5432, username: "expertconnect_user",
            password: instance.inputs.passwordWo, dbname: "expertconnect",
        });
    });

    it("rotates the secret every 30 days with AWS's single-user PostgreSQL function, in the private subnets", () => {
        const app = mocks.one("aws:serverlessrepository/cloudFormationStack:CloudFormationStack");
        const functionSg = mocks.one("aws:ec2/securityGroup:SecurityGroup", "db-rotation-function");
        expect(app.inputs).to.include({
            applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
            name: "expertconnect-prod-db-rotation", semanticVersion: "1.1.650",
        });
        expect(app.inputs.capabilities).to.deep.equal(["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]);
        expect(app.inputs.parameters).to.deep.equal({
            functionName: "expertconnect-prod-db-rotation",
            endpoint: "https://secretsmanager.us-east-1.amazonaws.com",
            vpcSubnetIds: PRIVATE_SUBNETS.join(","),
            vpcSecurityGroupIds: functionSg.id,
            kmsKeyArn: keyOf(mocks).outputs.arn,
        });
        const rotation = mocks.one("aws:secretsmanager/secretRotation:SecretRotation");
        expect(rotation.inputs.secretId).to.equal(mocks.one("aws:secretsmanager/secret:Secret").id);
        expect(rotation.inputs.rotationRules).to.deep.equal({ automaticallyAfterDays: 30 });
        expect(rotation.inputs.rotationLambdaArn).to.match(/^arn:aws:lambda:us-east-1:\d{12}:function:expertconnect-prod-db-rotation$/);
        expect(rotation.dependencies).to.include(app.urn);
    });

    it("lets the rotation function reach PostgreSQL in the isolated subnets and HTTPS only, and the database admit it", () => {
        const functionSg = mocks.one("aws:ec2/securityGroup:SecurityGroup", "db-rotation-function");
        const egress = mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs)
            .filter((r) => r.securityGroupId === functionSg.id);
        expect(egress.map((r) => [r.fromPort, r.cidrIpv4])).to.deep.equal([[5432, ISOLATED_CIDRS[0]], [5432, ISOLATED_CIDRS[1]], [443, "0.0.0.0/0"]]);
        const admitted = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-rotation");
        expect(admitted.inputs).to.include({ securityGroupId: groupOf(mocks).id, referencedSecurityGroupId: functionSg.id, fromPort: 5432 });
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
        const role = mocks.one("aws:iam/role:Role", "db-monitoring");
        expect(instance.inputs.monitoringRoleArn).to.equal(role.outputs.arn);
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
        expect(trust.Principal).to.deep.equal({ Service: "monitoring.rds.amazonaws.com" });
        expect(trust.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": PROD_DB_ARN },
        });
        expect(mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "db-monitoring-policy").inputs.policyArn)
            .to.equal("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
    });

    it("exports postgresql and upgrade logs into log groups it creates first, with retention and the key", () => {
        expect(instance.inputs.enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
        const groups = mocks.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => !g.inputs.name.endsWith("/maintenance"));
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
            { name: "log_parameter_max_length", value: "0", applyMethod: "immediate" },
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

    it("admits only the given security groups (and its rotation and maintenance functions) on 5432, with no CIDR ingress and no egress", () => {
        const sg = groupOf(mocks);
        expect(sg.inputs.ingress ?? []).to.deep.equal([]);
        expect(sg.inputs.egress ?? []).to.deep.equal([]);
        const rules = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.name !== "db-from-rotation" && r.name !== "db-from-tasks");
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
        expect(untagged.sort()).to.deep.equal([
            "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:kms/alias:Alias", "aws:kms/alias:Alias", "aws:lambda/invocation:Invocation",
            "aws:secretsmanager/secretRotation:SecretRotation", "aws:secretsmanager/secretVersion:SecretVersion",
        ]);
    });

    it("exposes the instance's ARN, endpoint, master secret, key and security group", async () => {
        expect(await valueOf(db.arn)).to.equal(instance.outputs.arn);
        expect(await valueOf(db.endpoint)).to.match(/^expertconnect-prod-db\..+\.rds\.amazonaws\.com:5432$/);
        expect(await valueOf(db.port)).to.equal(5432);
        const secretArn = mocks.one("aws:secretsmanager/secret:Secret").outputs.arn;
        expect(await valueOf(db.masterUserSecretArn!)).to.equal(secretArn);
        expect(await valueOf(db.masterUserSecretReplicaArn!)).to.equal(secretArn.replace(":us-east-1:", ":us-west-2:"));
        expect(await valueOf(db.masterUserSecretReplicaKmsKeyArn!)).to.equal(mocks.one("aws:kms/key:Key", "db-secret-replica-key").outputs.arn);
        expect(await valueOf(db.kmsKeyArn)).to.equal(keyOf(mocks).outputs.arn);
        expect(await valueOf(db.securityGroupId)).to.equal(groupOf(mocks).id);
        const component = mocks.one("expertconnect:data:Database");
        expect(Object.keys(component.outputs).sort()).to.deep.equal(
            ["address", "appUserArn", "arn", "endpoint", "identifier", "kmsKeyArn", "masterUserSecretArn", "masterUserSecretReplicaArn",
                "masterUserSecretReplicaKmsKeyArn", "parameterGroupFamily", "port", "resourceId", "securityGroupId", "tasksFunctionArn"]);
        expect(await valueOf(db.parameterGroupFamily)).to.equal("postgres16");
        expect(await valueOf(db.resourceId)).to.equal(instance.outputs.resourceId);
        expect(await valueOf(db.appUserArn)).to.equal(`arn:aws:rds-db:us-east-1:123456789012:dbuser:${instance.outputs.resourceId}/expertconnect_app`);
    });

    it("creates the application's IAM-authenticated role through its maintenance function once the secret holds its first value", () => {
        const invocation = mocks.one("aws:lambda/invocation:Invocation");
        expect(JSON.parse(invocation.inputs.input)).to.deep.equal({ action: "ensure-app-user" });
        expect(invocation.inputs.triggers).to.deep.include({ appUser: "expertconnect_app" });
        expect(invocation.dependencies).to.include(instance.urn);
        expect(invocation.dependencies).to.include(mocks.one("aws:secretsmanager/secretVersion:SecretVersion").urn);
        const fn = mocks.one("aws:lambda/function:Function");
        expect(fn.inputs.environment.variables).to.include({
            APP_DATABASE_USER: "expertconnect_app", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
            FRESHNESS_QUERY: "SELECT max(last_login) FROM auth_user", MAX_AGE_HOURS: "72",
        });
        expect(fn.inputs.loggingConfig.logGroup).to.equal("/aws/rds/instance/expertconnect-prod-db/maintenance");
        const policy = JSON.parse(mocks.one("aws:iam/rolePolicy:RolePolicy", "db-tasks-policy").inputs.policy);
        const secretArn = mocks.one("aws:secretsmanager/secret:Secret").outputs.arn;
        expect(policy.Statement.find((st: { Sid: string }) => st.Sid === "ReadMasterSecret").Resource).to.equal(secretArn);
    });

    it("lets the maintenance function reach PostgreSQL and HTTPS only, and the database admit it", () => {
        const functionSg = mocks.one("aws:ec2/securityGroup:SecurityGroup", "db-tasks-function");
        const egress = mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs)
            .filter((r) => r.securityGroupId === functionSg.id);
        expect(egress.map((r) => [r.fromPort, r.cidrIpv4])).to.deep.equal([[5432, ISOLATED_CIDRS[0]], [5432, ISOLATED_CIDRS[1]], [443, "0.0.0.0/0"]]);
        const admitted = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-tasks");
        expect(admitted.inputs).to.include({ referencedSecurityGroupId: functionSg.id, fromPort: 5432 });
    });
});

describe("Database (dr replica)", () => {
    let mocks: MockHarness;
    let db: Database;
    let instance: RecordedResource;
    before(async () => {
        ({ mocks, db } = await build({ role: { kind: "replica", source: PROD_SOURCE }, sizing: { ...sizing, multiAz: false } }, "dr", "us-west-2"));
        instance = instanceOf(mocks);
    });

    it("replicates prod's instance by ARN, encrypted with a key in its own region", () => {
        expect(instance.inputs.identifier).to.equal("expertconnect-dr-db");
        expect(instance.inputs.replicateSourceDb).to.equal(PROD_DB_ARN);
        expect(instance.inputs.kmsKeyId).to.equal(keyOf(mocks).outputs.arn);
        expect(instance.inputs.kmsKeyId).to.match(/^arn:aws:kms:us-west-2:/);
    });

    it("sends nothing a replica inherits or RDS rejects on one", async () => {
        for (const field of ["dbName", "username", "manageMasterUserPassword", "masterUserSecretKmsKeyId", "password", "passwordWo", "engine",
            "engineVersion", "allocatedStorage", "backupRetentionPeriod", "backupWindow", "finalSnapshotIdentifier"]) {
            expect(instance.inputs, field).to.not.have.property(field);
        }
        expect(instance.inputs).to.include({ multiAz: false, skipFinalSnapshot: true, deletionProtection: true });
        expect(db.masterUserSecretArn).to.equal(undefined);
        expect(mocks.ofType("aws:secretsmanager/secret:Secret")).to.deep.equal([]);
        expect(mocks.ofType("aws:serverlessrepository/cloudFormationStack:CloudFormationStack")).to.deep.equal([]);
    });

    it("carries the extra instance tags (the dr phase) next to the standard ones", () => {
        expect(instance.inputs.tags).to.include({ Component: "database", Environment: "dr" });
        expect(instance.inputs.tags).to.not.have.property("FailoverPhase");
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
            role: { kind: "replica", source: PROD_SOURCE },
            roleSettings: (s) => ({ ...s, replicateSourceDb: undefined, backupRetentionPeriod: 14, applyImmediately: true }),
            instanceTags: { FailoverPhase: "promoted" },
        }, "dr", "us-west-2");
        const instance = instanceOf(mocks);
        expect(instance.inputs).to.not.have.property("replicateSourceDb");
        expect(instance.inputs).to.include({ backupRetentionPeriod: 14, applyImmediately: true });
        expect(instance.inputs.tags).to.include({ FailoverPhase: "promoted", Component: "database", Environment: "dr" });
    });

    it("refuses a primary without a master secret and a replica with one, naming the argument, before creating anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        const base = {
            identifier: "expertconnect-prod-db", tags, region: "us-east-1", vpcId: "vpc-1", subnetIds: ["subnet-a"], sizing,
        };
        expect(() => new Database("bad-primary", base)).to.throw(/bad-primary: a primary database needs masterSecret/);
        expect(() => new Database("bad-replica", { ...base, masterSecret, role: { kind: "replica", source: PROD_SOURCE } }))
            .to.throw(/bad-replica: a replica takes its master credentials from its source; remove masterSecret/);
        expect(mocks.resources.filter((r) => r.custom)).to.deep.equal([]);
    });

    it("creates no monitoring role when Enhanced Monitoring is off", async () => {
        const { mocks } = await build({ monitoringIntervalSeconds: 0 });
        expect(instanceOf(mocks).inputs.monitoringInterval).to.equal(0);
        expect(instanceOf(mocks).inputs).to.not.have.property("monitoringRoleArn");
        expect(mocks.ofType("aws:iam/role:Role").map((r) => r.name)).to.deep.equal(["db-tasks-role"]);
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
        expect(mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.name).sort()).to.deep.equal(["db-from-rotation", "db-from-tasks"]);
        db.allowFrom("backend", BACKEND_SG);
        await settle();
        const rule = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-backend");
        expect(rule.inputs).to.include({
            securityGroupId: groupOf(mocks).id, referencedSecurityGroupId: BACKEND_SG, fromPort: 5432, toPort: 5432,
        });
        expect(rule.parent).to.equal(mocks.one("expertconnect:data:Database").urn);
    });
});
