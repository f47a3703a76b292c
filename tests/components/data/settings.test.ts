import { expect } from "chai";
import { cacheParameterGroupFamily, cacheParameters, failoverSettings } from "../../../components/data/cacheSettings";
import {
    databaseParameters, engineMajorVersion, engineVersionPrefix, instanceSettings, masterSecretValue, parameterGroupFamily, rdsLogGroupName, replicaStorageCeilingGb,
} from "../../../components/data/databaseSettings";
import { rotationLambdaArn } from "../../../components/data/PasswordRotation";
import { durabilityProblems } from "../../../policy/lib/facts/durableParameters";
import { secretsManagerEndpoint } from "../../../policy/lib/facts/rotationApps";
import { sizing } from "./fixtures";

describe("database settings (pure)", () => {
    it("derives the parameter group family from the engine's major version", () => {
        expect(parameterGroupFamily("16.4")).to.equal("postgres16");
        expect(parameterGroupFamily("17")).to.equal("postgres17");
        expect(parameterGroupFamily("14.12")).to.equal("postgres14");
        expect(engineMajorVersion("15.7")).to.equal(15);
    });

    it("sends RDS the major version only, since RDS owns the minor version", () => {
        expect(engineVersionPrefix("16.4")).to.equal("16");
        expect(engineVersionPrefix("17")).to.equal("17");
    });

    it("rejects a version that is not PostgreSQL's, naming it", () => {
        expect(() => parameterGroupFamily("sixteen")).to.throw(/"sixteen" is not a PostgreSQL version/);
        expect(() => parameterGroupFamily("16.4.1")).to.throw(/16\.4\.1/);
    });

    it("marks the static pg_stat_statements preload pending-reboot and the dynamic ones immediate", () => {
        const byName = Object.fromEntries(databaseParameters().map((p) => [p.name, p]));
        expect(byName.shared_preload_libraries).to.deep.equal({ name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" });
        expect(byName.log_min_duration_statement.value).to.equal("1000");
        expect(byName["rds.force_ssl"].value).to.equal("1");
        // Slow statements are logged without their bind values (PostgreSQL's default, -1, logs them in full).
        expect(byName.log_parameter_max_length).to.deep.equal({ name: "log_parameter_max_length", value: "0", applyMethod: "immediate" });
    });

    it("leaves every durability parameter at its default, for prod's primary and for the dr replica once promoted (policy/lib/facts/durableParameters.ts)", () => {
        expect(durabilityProblems(databaseParameters(), "storage")).to.deep.equal([]);
        // Were the database ever moved to a Multi-AZ DB cluster, the same parameters would hold there too.
        expect(durabilityProblems(databaseParameters(), "standby")).to.deep.equal([]);
    });

    it("gives a primary the database, the master user (no RDS-managed password), backups and a final snapshot from its sizing", () => {
        const s = instanceSettings({ kind: "primary" }, { ...sizing, backupRetentionDays: 21, multiAz: false }, "expertconnect-prod-db");
        expect(s).to.deep.equal({
            engine: "postgres", engineVersion: "16", dbName: "expertconnect", username: "expertconnect_user",
            allocatedStorage: 50, multiAz: false, backupRetentionPeriod: 21, backupWindow: "03:00-04:00",
            deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "expertconnect-prod-db-final-snapshot",
        });
    });

    it("gives a replica only its source, single-AZ, deletion protection and no final snapshot", () => {
        const s = instanceSettings({ kind: "replica", source: { arn: "arn:aws:rds:us-east-1:1:db:x", parameterGroupFamily: "postgres16", maxAllocatedStorageGb: 500 } }, sizing, "expertconnect-dr-db");
        expect(s).to.deep.equal({ replicateSourceDb: "arn:aws:rds:us-east-1:1:db:x", multiAz: false, deletionProtection: true, skipFinalSnapshot: true });
    });

    it("raises a replica's storage ceiling to its source's, never lowers it", () => {
        expect(replicaStorageCeilingGb(500, 2000)).to.equal(2000);
        expect(replicaStorageCeilingGb(1000, 500)).to.equal(1000);
        expect(replicaStorageCeilingGb(500, undefined)).to.equal(500);
    });

    it("names the log group RDS exports to", () => {
        expect(rdsLogGroupName("expertconnect-prod-db", "postgresql")).to.equal("/aws/rds/instance/expertconnect-prod-db/postgresql");
    });
});

describe("cache settings (pure)", () => {
    it("derives the parameter group family from engine and major version", () => {
        expect(cacheParameterGroupFamily("valkey", "8.0")).to.equal("valkey8");
        expect(cacheParameterGroupFamily("redis", "7.1")).to.equal("redis7");
        expect(() => cacheParameterGroupFamily("memcached", "1.6")).to.throw(/memcached/);
        expect(() => cacheParameterGroupFamily("valkey", "latest")).to.throw(/latest/);
    });

    it("reserves the node type's share of memory and evicts only keys with a TTL", () => {
        const reserved = (nodeType: string) => cacheParameters(nodeType).find((p) => p.name === "reserved-memory-percent")?.value;
        expect([reserved("cache.t4g.micro"), reserved("cache.t4g.small"), reserved("cache.r7g.large")]).to.deep.equal(["50", "30", "25"]);
        expect(cacheParameters("cache.r7g.large")).to.deep.include({ name: "maxmemory-policy", value: "volatile-lru" });
    });

    it("fails over only when there is a replica to fail over to", () => {
        expect(failoverSettings(1)).to.deep.equal({ automaticFailoverEnabled: false, multiAzEnabled: false });
        expect(failoverSettings(2)).to.deep.equal({ automaticFailoverEnabled: true, multiAzEnabled: true });
        expect(failoverSettings(3)).to.deep.equal({ automaticFailoverEnabled: true, multiAzEnabled: true });
    });
});

describe("master secret and rotation (pure)", () => {
    it("writes the JSON the AWS PostgreSQL rotation functions expect, with the guide's user and database", () => {
        expect(JSON.parse(masterSecretValue("pw", { host: "db.example", port: 5432 }))).to.deep.equal({
            engine: "postgres", host: "db.example", port: 5432, username: "expertconnect_user", password: "pw", dbname: "expertconnect",
        });
    });

    it("points the rotation function at the regional Secrets Manager endpoint", () => {
        expect(secretsManagerEndpoint("us-east-1")).to.equal("https://secretsmanager.us-east-1.amazonaws.com");
    });

    it("takes the function ARN from the template's RotationLambdaARN output, else the one its name gives", () => {
        const named = "arn:aws:lambda:us-east-1:1:function:f";
        expect(rotationLambdaArn({ RotationLambdaARN: "arn:aws:lambda:us-east-1:1:function:g" }, named)).to.equal("arn:aws:lambda:us-east-1:1:function:g");
        expect(rotationLambdaArn({}, named)).to.equal(named);
        expect(rotationLambdaArn(undefined, named)).to.equal(named);
        expect(rotationLambdaArn({ RotationLambdaARN: "" }, named)).to.equal(named);
    });
});
