import { expect } from "chai";
import { Database } from "../../../components/data/Database";
import { DatabaseSizing, ReplicaSource } from "../../../components/data/databaseSettings";
import { DrPhase } from "../../../components/dr/phase";
import { replicaDatabaseArgs } from "../../../components/dr/replicaDatabase";
import { installMocks, MockHarness, RecordedResource, settle } from "../../support/pulumi";

const PROD_DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
/** prod's database as its stack reference publishes it (stack/prodStack.ts `database`). */
const prodSource: ReplicaSource = { arn: PROD_DB_ARN, parameterGroupFamily: "postgres16", maxAllocatedStorageGb: 500 };
/** The dr stack's `expertconnect:database` (Pulumi.dr.yaml). */
const drSizing: DatabaseSizing = {
    instanceClass: "db.t3.medium", engineVersion: "16.4", allocatedStorageGb: 50, maxAllocatedStorageGb: 500,
    backupRetentionDays: 14, multiAz: true, backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:30-sun:05:30",
};

async function drDatabase(phase: DrPhase, source = prodSource): Promise<{ mocks: MockHarness; instance: RecordedResource; key: RecordedResource }> {
    const mocks = installMocks({ stack: "dr", region: "us-west-2" });
    new Database("database", {
        identifier: "expertconnect-dr-db",
        tags: { project: "expertconnect", environment: "dr" },
        region: "us-west-2",
        vpcId: "vpc-0dr0000000000001",
        subnetIds: ["subnet-a", "subnet-b"],
        allowedSources: { backend: "sg-0backend0000000001" },
        sizing: drSizing,
        ...replicaDatabaseArgs(phase, source, drSizing, "expertconnect-dr-db"),
    });
    await settle();
    return { mocks, instance: mocks.one("aws:rds/instance:Instance"), key: mocks.one("aws:kms/key:Key", "database-key") };
}

describe("dr database per phase", () => {
    describe("standby", () => {
        let r: Awaited<ReturnType<typeof drDatabase>>;
        before(async () => { r = await drDatabase("standby"); });

        it("is expertconnect-dr-db, a replica of prod's instance by ARN", () => {
            expect(r.instance.inputs).to.include({ identifier: "expertconnect-dr-db", replicateSourceDb: PROD_DB_ARN });
        });

        it("is encrypted with its own us-west-2 key", () => {
            expect(r.instance.inputs.kmsKeyId).to.equal(r.key.outputs.arn);
            expect(r.key.outputs.arn).to.match(/^arn:aws:kms:us-west-2:/);
            expect(r.instance.inputs.storageEncrypted).to.equal(true);
        });

        it("keeps automated backups of its own (PostgreSQL replicas have them from 14.1), stays single-AZ, keeps deletion protection and protect", () => {
            // Already on when promoted: the promotion turns nothing on from zero.
            expect(r.instance.inputs).to.include({ backupRetentionPeriod: 14, backupWindow: "03:00-04:00" });
            expect(r.instance.inputs).not.to.have.property("manageMasterUserPassword");
            expect(r.instance.inputs).to.include({ multiAz: false, deletionProtection: true, skipFinalSnapshot: true });
            expect(r.instance.protect).to.equal(true);
        });

        it("is tagged FailoverPhase=standby and creates no master secret (its credentials are prod's)", () => {
            expect(r.instance.inputs.tags).to.include({ FailoverPhase: "standby", Component: "database" });
            expect(r.mocks.ofType("aws:secretsmanager/secret:Secret")).to.deep.equal([]);
        });

        it("has its own subnet and parameter groups and Enhanced Monitoring", () => {
            expect(r.instance.inputs.dbSubnetGroupName).to.equal(r.mocks.one("aws:rds/subnetGroup:SubnetGroup").outputs.name);
            expect(r.instance.inputs.parameterGroupName).to.equal(r.mocks.one("aws:rds/parameterGroup:ParameterGroup").outputs.name);
            expect(r.instance.inputs.monitoringInterval).to.equal(60);
        });
    });

    describe("follows prod's published database", () => {
        it("takes prod's parameter group family, not the dr config's engine version (RDS upgraded the replica with prod)", async () => {
            const r = await drDatabase("standby", { ...prodSource, parameterGroupFamily: "postgres17" });
            expect(r.mocks.one("aws:rds/parameterGroup:ParameterGroup").inputs.family).to.equal("postgres17");
            expect(r.instance.inputs).not.to.have.property("engineVersion");
        });

        it("raises its storage ceiling to prod's when prod can grow further", async () => {
            const r = await drDatabase("standby", { ...prodSource, maxAllocatedStorageGb: 2000 });
            expect(r.instance.inputs.maxAllocatedStorage).to.equal(2000);
        });

        it("keeps its own ceiling when it is the larger, or prod has none", async () => {
            expect((await drDatabase("standby", { ...prodSource, maxAllocatedStorageGb: 200 })).instance.inputs.maxAllocatedStorage).to.equal(500);
            expect((await drDatabase("standby", { ...prodSource, maxAllocatedStorageGb: undefined })).instance.inputs.maxAllocatedStorage).to.equal(500);
        });

        it("keeps prod's family once promoted: the promoted instance runs the version it replicated", async () => {
            const r = await drDatabase("promoted", { ...prodSource, parameterGroupFamily: "postgres17" });
            expect(r.mocks.one("aws:rds/parameterGroup:ParameterGroup").inputs.family).to.equal("postgres17");
        });
    });

    describe("promote", () => {
        let r: Awaited<ReturnType<typeof drDatabase>>;
        before(async () => { r = await drDatabase("promote"); });

        it("drops replicateSourceDb, which promotes the replica", () => {
            expect(r.instance.inputs).not.to.have.property("replicateSourceDb");
            expect(r.instance.inputs.identifier).to.equal("expertconnect-dr-db");
        });

        it("keeps the same us-west-2 key (no re-encryption, no replacement)", () => {
            expect(r.instance.inputs.kmsKeyId).to.equal(r.key.outputs.arn);
        });

        it("takes a final snapshot from now on, with the backups it already had: nothing turned on from zero", () => {
            expect(r.instance.inputs).to.include({
                skipFinalSnapshot: false, finalSnapshotIdentifier: "expertconnect-dr-db-final-snapshot",
                multiAz: false, deletionProtection: true, backupRetentionPeriod: 14, backupWindow: "03:00-04:00",
            });
            expect(r.instance.inputs).not.to.have.property("applyImmediately");
            expect(r.instance.inputs).not.to.have.property("manageMasterUserPassword");
        });

        it("is tagged FailoverPhase=promote, which the policy pack's dr config reads", () => {
            expect(r.instance.inputs.tags).to.include({ FailoverPhase: "promote" });
        });
    });

    describe("promoted", () => {
        let r: Awaited<ReturnType<typeof drDatabase>>;
        before(async () => { r = await drDatabase("promoted"); });

        it("keeps backups with the configured retention and window", () => {
            expect(r.instance.inputs).to.include({ backupRetentionPeriod: 14, backupWindow: "03:00-04:00" });
            // Not in the maintenance window days later: the Database passes the phase's settings through.
            expect(r.instance.inputs.applyImmediately).to.equal(true);
        });

        it("turns on Multi-AZ and keeps deletion protection and a final snapshot", () => {
            expect(r.instance.inputs).to.include({ multiAz: true, deletionProtection: true, skipFinalSnapshot: false });
            expect(r.instance.protect).to.equal(true);
        });

        it("keeps prod's master password: nothing RDS-managed, nothing passed, no secret of its own", () => {
            for (const field of ["manageMasterUserPassword", "masterUserSecretKmsKeyId", "password", "passwordWo", "replicateSourceDb"]) {
                expect(r.instance.inputs, field).not.to.have.property(field);
            }
            expect(r.mocks.ofType("aws:secretsmanager/secret:Secret")).to.deep.equal([]);
            expect(r.instance.inputs.tags).to.include({ FailoverPhase: "promoted" });
        });
    });
});
