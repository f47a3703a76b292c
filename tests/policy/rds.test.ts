import { expect } from "chai";

import { DURABLE_PARAMETERS, postgresBoolean, settingOf } from "../../policy/lib/facts/durableParameters";
import { rdsAutoMinorVersionUpgrade } from "../../policy/rds/autoMinorVersionUpgrade";
import { rdsBackupRetention } from "../../policy/rds/backupRetention";
import { rdsCopyTagsToSnapshot } from "../../policy/rds/copyTagsToSnapshot";
import { rdsDeletionProtection } from "../../policy/rds/deletionProtection";
import { rdsParametersDurable } from "../../policy/rds/durableParameters";
import { rdsLogExports } from "../../policy/rds/logExports";
import { rdsLogExportsRead } from "../../policy/rds/logExportsRead";
import { rdsManagedPassword } from "../../policy/rds/managedPassword";
import { rdsMultiAz } from "../../policy/rds/multiAz";
import { rdsNotPublic } from "../../policy/rds/notPublic";
import { rdsParameterGroupSettings } from "../../policy/rds/parameterGroup";
import { rdsPerformanceInsightsEncrypted } from "../../policy/rds/performanceInsights";
import { rdsReplicaMatchesSource } from "../../policy/rds/replicaSource";
import { rdsReplicaStorage } from "../../policy/rds/replicaStorage";
import { rdsStorageAutoscaling } from "../../policy/rds/storageAutoscaling";
import { rdsStorageEncrypted } from "../../policy/rds/storageEncrypted";
import { named, resourceTable, stackTable } from "./support/cases";
import { changed } from "./support/expect";
import { ACCOUNT, databaseWithParameterGroup, PARAMETER_GROUP as GROUP, primaryDb, replicaDb } from "./support/fixtures";
import { ResourceInput, secret, StackResourceInput, UNKNOWN } from "./support/harness";

const asReplica = { change: (r: typeof primaryDb) => Object.assign(r, structuredClone(replicaDb)) };
const inDr = { config: { environment: "dr" } };
/** The dr database in a phase: a primary with the replica's settings (no backups, no password), tagged. */
const inPhase = (phase?: string) => (r: typeof primaryDb) => {
    delete r.props.backupRetentionPeriod;
    delete r.props.manageMasterUserPassword;
    r.props.tags = { ...(r.props.tags as object), ...(phase ? { FailoverPhase: phase } : {}) };
};
const promoting = inPhase("promote");
/** Prod's primary since its password became write-only: the secret's value, never a state output. */
const writeOnlyPassword = (r: typeof primaryDb) => {
    delete r.props.manageMasterUserPassword;
    r.props.passwordWo = secret("generated-by-secrets-manager");
    r.props.passwordWoVersion = 1;
};

describe("rds-backup-retention", () => {
    resourceTable(rdsBackupRetention, primaryDb, {
        passes: {
            "retention equals a raised minimum": { config: { minimumRetentionDays: 14 } },
        },
        violations: {
            "backupRetentionPeriod is unset": { change: r => delete r.props.backupRetentionPeriod, message: /not set/ },
            "retention is below the default minimum of 7": { change: r => { r.props.backupRetentionPeriod = 6; }, message: /6 days; the minimum is 7/ },
            "backups are off (0 days)": { change: r => { r.props.backupRetentionPeriod = 0; }, message: /0 days/ },
            "retention is below a configured minimum": { config: { minimumRetentionDays: 21 }, message: /14 days; the minimum is 21/ },
            "a prod database claims to be mid-promotion": { change: promoting, message: /not set/ },
            "the dr database is untagged": { ...inDr, change: inPhase(), message: /not set/ },
            "the dr database is tagged with another phase (promoted)": { ...inDr, change: inPhase("promoted"), message: /not set/ },
        },
        notApplicable: {
            "the instance is a read replica": asReplica,
            "the replica's source ARN is unknown during preview": { change: r => { asReplica.change(r); r.props.replicateSourceDb = UNKNOWN; } },
            "the dr database is mid-promotion (FailoverPhase=promote)": { ...inDr, change: promoting },
        },
    });
});

describe("rds-storage-encrypted", () => {
    resourceTable(rdsStorageEncrypted, primaryDb, {
        passes: {
            "a cross-region replica names its regional key": asReplica,
            "the key ARN is unknown during preview (a new key: it will be set)": { change: r => { r.props.kmsKeyId = UNKNOWN; } },
        },
        violations: {
            "storageEncrypted is false": { change: r => { r.props.storageEncrypted = false; }, message: /storageEncrypted is not true/ },
            "storageEncrypted is unset": { change: r => delete r.props.storageEncrypted, message: /storageEncrypted is not true/ },
            "kmsKeyId is unset (AWS-managed key)": { change: r => delete r.props.kmsKeyId, message: /kmsKeyId is not set/ },
            "a replica has no regional key": { change: r => { asReplica.change(r); delete r.props.kmsKeyId; }, message: /kmsKeyId is not set/ },
        },
    });
});

describe("rds-not-publicly-accessible", () => {
    resourceTable(rdsNotPublic, primaryDb, {
        passes: { "publiclyAccessible is unset": { change: r => delete r.props.publiclyAccessible } },
        violations: { "publiclyAccessible is true": { change: r => { r.props.publiclyAccessible = true; }, message: /publiclyAccessible is true/ } },
    });
});

describe("rds-deletion-protection", () => {
    resourceTable(rdsDeletionProtection, primaryDb, {
        violations: {
            "deletionProtection is unset": { change: r => delete r.props.deletionProtection, message: /deletionProtection is not true/ },
            "deletionProtection is false": { change: r => { r.props.deletionProtection = false; }, message: /deletionProtection is not true/ },
            "skipFinalSnapshot is true": { change: r => { r.props.skipFinalSnapshot = true; }, message: /skipFinalSnapshot is true/ },
            "finalSnapshotIdentifier is unset": { change: r => delete r.props.finalSnapshotIdentifier, message: /finalSnapshotIdentifier is not set/ },
            "the environment config is missing (defaults to prod)": {
                change: r => { r.props.deletionProtection = false; }, config: {}, withoutDefaults: true, message: /deletionProtection is not true/,
            },
        },
        notApplicable: {
            "the stack is dr": { ...inDr, change: r => { inPhase("standby")(r); r.props.tags = { ...(r.props.tags as object), Environment: "dr" }; r.props.deletionProtection = false; } },
            "the instance is a read replica": asReplica,
        },
    });
});

describe("rds-multi-az", () => {
    resourceTable(rdsMultiAz, primaryDb, {
        violations: {
            "multiAz is unset": { change: r => delete r.props.multiAz, message: /multiAz is not true/ },
            "multiAz is false": { change: r => { r.props.multiAz = false; }, message: /multiAz is not true/ },
        },
        notApplicable: {
            "the stack is dr": { ...inDr, change: r => { inPhase("standby")(r); r.props.tags = { ...(r.props.tags as object), Environment: "dr" }; r.props.multiAz = false; } },
            "the instance is a read replica": asReplica,
        },
    });
});

describe("rds-no-plaintext-password", () => {
    resourceTable(rdsManagedPassword, primaryDb, {
        passes: { "the password is write-only (passwordWo) from a secret": { change: writeOnlyPassword } },
        violations: {
            "a plaintext password is passed": {
                change: r => { r.props.password = "hunter2-hunter2"; delete r.props.manageMasterUserPassword; }, message: /password is set/,
            },
            "a password is passed as a Pulumi secret": {
                change: r => { r.props.password = secret("hunter2-hunter2"); r.props.manageMasterUserPassword = false; }, message: /password is set/,
            },
            "a password generated by another resource is unknown during preview": {
                change: r => { r.props.password = UNKNOWN; }, message: /password is set/,
            },
            "a replica is given a plaintext password": {
                change: r => { Object.assign(r, structuredClone(replicaDb)); r.props.password = "hunter2-hunter2"; }, message: /password is set/,
            },
            "neither managed nor write-only": { change: r => { r.props.manageMasterUserPassword = false; }, message: /neither manageMasterUserPassword nor passwordWo/ },
            "a prod database claims to be promoted from a replica": { change: promoting, message: /neither manageMasterUserPassword nor passwordWo/ },
            "the dr database is untagged": { ...inDr, change: inPhase(), message: /neither manageMasterUserPassword nor passwordWo/ },
            "the dr database is tagged standby": { ...inDr, change: inPhase("standby"), message: /neither manageMasterUserPassword nor passwordWo/ },
        },
        notApplicable: {
            "the instance is a replica (its password is the source's)": asReplica,
            "the dr database is mid-promotion (FailoverPhase=promote)": { ...inDr, change: promoting },
            "the dr database is promoted (FailoverPhase=promoted)": { ...inDr, change: inPhase("promoted") },
        },
    });
});

describe("rds-performance-insights-encrypted", () => {
    resourceTable(rdsPerformanceInsightsEncrypted, primaryDb, {
        violations: {
            "Performance Insights has no KMS key": { change: r => delete r.props.performanceInsightsKmsKeyId, message: /performanceInsightsKmsKeyId is not set/ },
        },
        notApplicable: { "Performance Insights is off": { change: r => { r.props.performanceInsightsEnabled = false; } } },
    });
});

describe("rds-log-exports (advisory)", () => {
    resourceTable(rdsLogExports, primaryDb, {
        violations: {
            "no logs are exported": { change: r => delete r.props.enabledCloudwatchLogsExports, message: /lacks postgresql, upgrade/ },
            "the upgrade log is not exported": { change: r => { r.props.enabledCloudwatchLogsExports = ["postgresql"]; }, message: /lacks upgrade/ },
        },
        notApplicable: { "the engine has no log requirement": { change: r => { r.props.engine = "sqlserver-ex"; } } },
    });
});

const POSTGRES_LOG = "/aws/rds/instance/expertconnect-prod-db/postgresql";
const logStack: StackResourceInput[] = [
    primaryDb,
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "database-log-maintenance", props: { name: "/aws/rds/instance/expertconnect-prod-db/maintenance" } },
    { type: "aws:cloudwatch/queryDefinition:QueryDefinition", name: "db-slow-queries", props: { name: "expertconnect-prod/weekly/db-slow-queries", logGroupNames: [POSTGRES_LOG], queryString: "fields @message" } },
];
const db = (s: StackResourceInput[]) => named(s, "database-instance").props;

describe("rds-log-exports-read", () => {
    stackTable(rdsLogExportsRead, logStack, {
        passes: {
            "the upgrade log, which nothing reads, is not exported (rds-log-exports advises it)": { change: s => { db(s).enabledCloudwatchLogsExports = ["postgresql"]; } },
            "a log group the stack creates but nothing reads": { change: s => { s.pop(); db(s).enabledCloudwatchLogsExports = []; } },
            "the exports are unknown during preview": { change: s => { db(s).enabledCloudwatchLogsExports = UNKNOWN; } },
            "a query on another stack's database": { change: s => { (named(s, "db-slow-queries").props.logGroupNames as string[])[0] = "/aws/rds/instance/other-db/postgresql"; db(s).enabledCloudwatchLogsExports = []; } },
        },
        violations: {
            "the exports are removed (the slow-query review reads nothing)": {
                change: s => { db(s).enabledCloudwatchLogsExports = []; },
                message: /database expertconnect-prod-db does not export its postgresql log \(enabledCloudwatchLogsExports \[\]\), but QueryDefinition db-slow-queries reads/,
            },
            "the exports are unset": { change: s => { delete db(s).enabledCloudwatchLogsExports; }, message: /does not export its postgresql log/ },
            "a metric filter reads the upgrade log, which is not exported": {
                change: s => {
                    db(s).enabledCloudwatchLogsExports = ["postgresql"];
                    s.push({ type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "upgrade-errors", props: { logGroupName: "/aws/rds/instance/expertconnect-prod-db/upgrade", pattern: "ERROR" } });
                },
                message: /does not export its upgrade log .* LogMetricFilter upgrade-errors reads/,
            },
        },
    });
});

describe("rds-auto-minor-version-upgrade", () => {
    resourceTable(rdsAutoMinorVersionUpgrade, primaryDb, {
        passes: {
            "the setting is left at its default": { change: r => delete r.props.autoMinorVersionUpgrade },
            "a read replica leaves it at its default": asReplica,
        },
        violations: {
            "autoMinorVersionUpgrade is false": { change: r => { r.props.autoMinorVersionUpgrade = false; }, message: /autoMinorVersionUpgrade is false/ },
            "a read replica turns it off": { change: r => { asReplica.change(r); r.props.autoMinorVersionUpgrade = false; }, message: /autoMinorVersionUpgrade is false/ },
        },
    });
});

describe("rds-copy-tags-to-snapshot", () => {
    const copying = changed(primaryDb, r => { r.props.copyTagsToSnapshot = true; });
    resourceTable(rdsCopyTagsToSnapshot, copying, {
        passes: {
            "a read replica copies its tags": { change: r => { asReplica.change(r); r.props.copyTagsToSnapshot = true; } },
            "an Aurora cluster copies its tags": { change: r => { r.type = "aws:rds/cluster:Cluster"; } },
        },
        violations: {
            "copyTagsToSnapshot is false": { change: r => { r.props.copyTagsToSnapshot = false; }, message: /copyTagsToSnapshot is false/ },
            "copyTagsToSnapshot is left at AWS's default": { change: r => { delete r.props.copyTagsToSnapshot; }, message: /not set \(AWS's default is false\)/ },
            "a read replica does not copy its tags": { change: r => { asReplica.change(r); }, message: /copyTagsToSnapshot is not set/ },
        },
    });
});

describe("rds-parameter-group-settings", () => {
    const stack = databaseWithParameterGroup();
    const parameters = (s: StackResourceInput[]) => named(s, "database-params").props.parameters as { name: string; value: string }[];
    const set = (name: string, value: string) => (s: StackResourceInput[]) => { parameters(s).find(p => p.name === name)!.value = value; };
    const drop = (name: string) => (s: StackResourceInput[]) => { named(s, "database-params").props.parameters = parameters(s).filter(p => p.name !== name); };
    const database = (s: StackResourceInput[]) => named(s, "database");
    /** The database is the dr replica: no engine of its own, its group linked by name only (an export without dependencies). */
    const replica = (s: StackResourceInput[]) => {
        database(s).props = { ...structuredClone(replicaDb.props), parameterGroupName: GROUP };
        database(s).propertyDependencies = {};
    };
    stackTable(rdsParameterGroupSettings, stack, {
        passes: {
            "pg_stat_statements is one of several preloaded libraries": { change: set("shared_preload_libraries", "pg_cron,pg_stat_statements, auto_explain") },
            "slow statements are logged from a stricter 250 ms": { change: set("log_min_duration_statement", "250") },
            "the threshold is written with a unit (1s)": { change: set("log_min_duration_statement", "1s") },
            "rds.force_ssl is spelled on": { change: set("rds.force_ssl", "on") },
            "a read replica names the stack's group": { change: replica },
            "a new group's name is unknown during preview (linked by dependency)": { change: s => { named(s, "database-params").props.name = UNKNOWN; database(s).props.parameterGroupName = UNKNOWN; } },
            "the database's group is unknown during preview": { change: s => { database(s).props.parameterGroupName = UNKNOWN; database(s).propertyDependencies = {}; } },
            "a MySQL database uses the default group": { change: s => { database(s).props.engine = "mysql"; delete database(s).props.parameterGroupName; database(s).propertyDependencies = {}; } },
            "the group's parameters are unknown during preview": { change: s => { named(s, "database-params").props.parameters = UNKNOWN; } },
            "a looser threshold the config allows": { change: set("log_min_duration_statement", "2000"), config: { maxSlowQueryMs: 5000 } },
        },
        violations: {
            "rds.force_ssl is dropped (the family default is not the program's statement)": { change: drop("rds.force_ssl"), message: /rds\.force_ssl is not set \(required: 1/ },
            "the group holds no parameters": { change: s => { delete named(s, "database-params").props.parameters; }, message: /shared_preload_libraries is not set/ },
            "rds.force_ssl is 0": { change: set("rds.force_ssl", "0"), message: /rds\.force_ssl is 0/ },
            "pg_stat_statements is not preloaded": { change: set("shared_preload_libraries", "pg_cron"), message: /shared_preload_libraries is pg_cron .*pg_stat_statements/ },
            "slow statements are not logged": { change: drop("log_min_duration_statement"), message: /log_min_duration_statement is not set/ },
            "slow-statement logging is off (-1)": { change: set("log_min_duration_statement", "-1"), message: /log_min_duration_statement is -1/ },
            "every statement is logged (0)": { change: set("log_min_duration_statement", "0"), message: /log_min_duration_statement is 0/ },
            "the threshold is looser than the guide's second": { change: set("log_min_duration_statement", "5000"), message: /log_min_duration_statement is 5000 \(required: a duration from 1 to 1000 ms/ },
            "the database uses the default group": { change: s => { delete database(s).props.parameterGroupName; database(s).propertyDependencies = {}; }, message: /parameterGroupName is not set: .*default parameter group/ },
            "the database names the region's default group": { change: s => { database(s).props.parameterGroupName = "default.postgres16"; database(s).propertyDependencies = {}; }, message: /default\.postgres16, the region's default parameter group/ },
            "the database's group is edited to the default beside a stale dependency": { change: s => { database(s).props.parameterGroupName = "default.postgres16"; }, message: /default\.postgres16, the region's default parameter group/ },
            "the database names a group the stack does not hold": { change: s => { database(s).props.parameterGroupName = "hand-made-params"; database(s).propertyDependencies = {}; }, message: /hand-made-params, a parameter group this stack does not hold/ },
            "the read replica's group drops rds.force_ssl": { change: s => { replica(s); drop("rds.force_ssl")(s); }, message: /database: its parameter group database-params: rds\.force_ssl is not set/ },
            "the read replica uses the default group": { change: s => { replica(s); delete database(s).props.parameterGroupName; }, message: /parameterGroupName is not set/ },
        },
    });
});

describe("rds-replica-storage", () => {
    const source = { ...structuredClone(primaryDb), name: "database", props: { ...structuredClone(primaryDb.props), allocatedStorage: 50, maxAllocatedStorage: 500 } };
    const crossRegion = { ...structuredClone(replicaDb), name: "replica", props: { ...structuredClone(replicaDb.props), maxAllocatedStorage: 500 } };
    const stack: StackResourceInput[] = [source, crossRegion];
    const replica = (s: StackResourceInput[]) => named(s, "replica").props;
    /** The replica replicates the stack's own database (same region: the identifier). */
    const ofLocalSource = (s: StackResourceInput[]) => { replica(s).replicateSourceDb = "expertconnect-prod-db"; };
    /** prod's stack reference, publishing its database and storage as index.ts exports them. */
    const withProdReference = (maxGib?: number, allocatedGib = 50) => (s: StackResourceInput[]) => {
        s.shift();
        s.push({
            type: "pulumi:pulumi:StackReference", name: "prod-stack",
            props: { name: "organization/expertconnect-infra/prod", outputs: { databaseArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`, databaseStorageGb: { allocated: allocatedGib, ...(maxGib ? { maxAllocated: maxGib } : {}) } } },
        });
    };
    stackTable(rdsReplicaStorage, stack, {
        passes: {
            "the dr replica's ceiling equals what prod publishes": { change: withProdReference(500) },
            "the dr replica's ceiling is above prod's published one": { change: s => { withProdReference(300)(s); } },
            "prod publishes another database": { change: s => { withProdReference(2000)(s); (named(s, "prod-stack").props.outputs as Record<string, unknown>).databaseArn = "arn:aws:rds:us-east-1:123456789012:db:other"; } },
            "the dr replica grows further than prod's ceiling": { change: s => { replica(s).maxAllocatedStorage = 1000; } },
            "a same-stack replica matches its source's ceiling": { change: ofLocalSource },
            "a same-stack replica is allocated its source's ceiling up front": { change: s => { ofLocalSource(s); delete replica(s).maxAllocatedStorage; replica(s).allocatedStorage = 500; } },
            "the stack has no replica": { change: s => { s.pop(); } },
            "the dr replica's ceiling is unknown during preview": { change: s => { replica(s).maxAllocatedStorage = UNKNOWN; } },
            "the ceiling is unknown during preview": { change: s => { ofLocalSource(s); replica(s).maxAllocatedStorage = UNKNOWN; replica(s).allocatedStorage = UNKNOWN; named(s, "database").props.maxAllocatedStorage = UNKNOWN; named(s, "database").props.allocatedStorage = UNKNOWN; } },
        },
        violations: {
            "the dr replica's ceiling is below what prod publishes": { change: s => { withProdReference(1000)(s); }, message: /at most 500 GiB, less than its source arn:aws:rds:us-east-1:\d+:db:expertconnect-prod-db \(published by stack reference prod-stack\) \(up to 1000 GiB\)/ },
            "prod has grown past the dr replica's ceiling": { change: s => { withProdReference(undefined, 800)(s); }, message: /up to 800 GiB/ },
            "the dr replica has no autoscaling under prod's published ceiling": { change: s => { withProdReference(500)(s); delete replica(s).maxAllocatedStorage; }, message: /only the size it was created with/ },
            "the dr replica's storage autoscaling is removed": { change: s => { delete replica(s).maxAllocatedStorage; }, message: /replica: maxAllocatedStorage is not set: storage autoscaling is off/ },
            "the dr replica's ceiling is its allocated size": { change: s => { replica(s).allocatedStorage = 500; }, message: /maxAllocatedStorage \(500 GiB\) is not above allocatedStorage \(500 GiB\)/ },
            "a same-stack replica's ceiling is below its source's": { change: s => { ofLocalSource(s); replica(s).maxAllocatedStorage = 200; }, message: /at most 200 GiB, less than its source database \(up to 500 GiB\)/ },
            "a same-stack replica has no autoscaling under a growing source": { change: s => { ofLocalSource(s); delete replica(s).maxAllocatedStorage; }, message: /only the size it was created with/ },
        },
    });
});

describe("rds-replica-matches-source", () => {
    const PROD_DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;
    /** dr: the replica, its own parameter group, and prod's stack reference publishing the database as index.ts exports it (the test stack's own name is prod: the reference names another). */
    const stack: StackResourceInput[] = [
        { type: "aws:rds/parameterGroup:ParameterGroup", name: "database-params", props: { name: GROUP, family: "postgres16", parameters: [] } },
        { ...structuredClone(replicaDb), name: "replica", props: { ...structuredClone(replicaDb.props), parameterGroupName: GROUP }, propertyDependencies: { parameterGroupName: ["database-params"] } },
        {
            type: "pulumi:pulumi:StackReference", name: "prod-stack",
            props: {
                name: "organization/expertconnect-infra/production",
                outputs: {
                    databaseArn: PROD_DB,
                    databaseEngine: { engine: "postgres", version: "16", parameterGroupFamily: "postgres16" },
                    databaseInstanceClass: "db.t3.medium",
                },
            },
        },
    ];
    const replica = (s: StackResourceInput[]) => named(s, "replica").props;
    const published = (s: StackResourceInput[]) => named(s, "prod-stack").props.outputs as Record<string, any>;
    const family = (f: string) => (s: StackResourceInput[]) => { named(s, "database-params").props.family = f; };
    /** prod upgraded alone: its outputs carry the new version and family. */
    const prodOn = (major: number) => (s: StackResourceInput[]) => { published(s).databaseEngine = { engine: "postgres", version: String(major), parameterGroupFamily: `postgres${major}` }; };
    /** The dr database after a failover: promoted (no source), tagged with its phase. */
    const promoted = (s: StackResourceInput[]) => { delete replica(s).replicateSourceDb; replica(s).tags = { ...(replica(s).tags as object), FailoverPhase: "promoted" }; };
    /** The replica replicates a database of its own stack (same region: by identifier). */
    const ofLocalSource = (s: StackResourceInput[]) => {
        s.pop();
        s.push(
            { type: "aws:rds/parameterGroup:ParameterGroup", name: "source-params", props: { name: "source-params-1", family: "postgres16", parameters: [] } },
            { ...structuredClone(primaryDb), name: "source", props: { ...structuredClone(primaryDb.props), parameterGroupName: "source-params-1" } },
        );
        replica(s).replicateSourceDb = "expertconnect-prod-db";
    };
    stackTable(rdsReplicaMatchesSource, stack, {
        passes: {
            "prod's upgrade is taken up: both on PostgreSQL 17": { change: s => { prodOn(17)(s); family("postgres17")(s); } },
            "the replica is larger than prod (db.r6g.large)": { change: s => { replica(s).instanceClass = "db.r6g.large"; } },
            "prod was resized down (db.t3.small) and the replica kept its class": { change: s => { published(s).databaseInstanceClass = "db.t3.small"; } },
            "the replica's deployed state shows the minor version RDS runs (16.4)": { change: s => { replica(s).engineVersion = "16.4"; } },
            "prod publishes only its version (the family follows from it)": { change: s => { published(s).databaseEngine = { engine: "postgres", version: "16" }; } },
            "prod publishes another database (no source to compare with)": { change: s => { published(s).databaseArn = `arn:aws:rds:us-east-1:${ACCOUNT}:db:other`; published(s).databaseInstanceClass = "db.r6g.4xlarge"; } },
            "the replica's group family is unknown during preview": { change: s => { prodOn(17)(s); family(UNKNOWN as unknown as string)(s); } },
            "the replica's class is unknown during preview": { change: s => { replica(s).instanceClass = UNKNOWN; published(s).databaseInstanceClass = "db.r6g.large"; } },
            "a same-stack replica matches its source": { change: ofLocalSource },
            "the stack has no replica": { change: s => { delete replica(s).replicateSourceDb; } },
            "the promoted dr database keeps the engine it replicated while prod (fenced) moves to 17": { change: s => { promoted(s); prodOn(17)(s); } },
            "a promoted database with no stack reference to compare with": { change: s => { promoted(s); s.pop(); replica(s).instanceClass = "db.t3.micro"; } },
        },
        violations: {
            "the promoted dr database downsized (it carries prod's traffic)": { change: s => { promoted(s); replica(s).instanceClass = "db.t3.small"; }, message: /replica: instanceClass db\.t3\.small has 2 GiB .* db\.t3\.medium \(4 GiB\)/ },
            "the promoted dr database downsized, its own last deployment also publishing a database": {
                change: s => {
                    promoted(s); replica(s).instanceClass = "db.t3.small";
                    s.push({ type: "pulumi:pulumi:StackReference", name: "last-deployment", props: { name: "organization/expertconnect-infra/prod", outputs: { databaseArn: `arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-dr-db`, databaseInstanceClass: "db.t3.micro" } } });
                },
                message: /instanceClass db\.t3\.small has 2 GiB .* db\.t3\.medium/,
            },
            "prod was upgraded to 17 alone: the replica's group stays postgres16": { change: prodOn(17), message: /replica: its parameter group is of family postgres16, but its source arn:aws:rds:us-east-1:\d+:db:expertconnect-prod-db \(published by stack reference prod-stack\) runs postgres17/ },
            "the replica's group is pinned to an older family": { change: family("postgres15"), message: /family postgres15, but its source .* runs postgres16/ },
            "prod publishes only its version, 17": { change: s => { published(s).databaseEngine = { engine: "postgres", version: "17" }; }, message: /family postgres16, but .* runs postgres17/ },
            "the replica declares engineVersion 15": { change: s => { replica(s).engineVersion = "15"; }, message: /engineVersion is 15, but its source .* runs PostgreSQL 16/ },
            "the replica's deployed state still runs 16 after prod's upgrade to 17": { change: s => { prodOn(17)(s); family("postgres17")(s); replica(s).engineVersion = "16.4"; }, message: /engineVersion is 16\.4, but its source .* runs PostgreSQL 17/ },
            "the replica downsized to db.t3.small": { change: s => { replica(s).instanceClass = "db.t3.small"; }, message: /instanceClass db\.t3\.small has 2 GiB of memory, less than its source's db\.t3\.medium \(4 GiB\)/ },
            "prod resized to db.r6g.large alone": { change: s => { published(s).databaseInstanceClass = "db.r6g.large"; }, message: /instanceClass db\.t3\.medium has 4 GiB .* db\.r6g\.large \(16 GiB\)/ },
            "a general-purpose class of the same size name has less memory (db.m5.large under db.r5.large)": {
                change: s => { published(s).databaseInstanceClass = "db.r5.large"; replica(s).instanceClass = "db.m5.large"; }, message: /db\.m5\.large has 8 GiB .* db\.r5\.large \(16 GiB\)/,
            },
            "prod's outputs carry neither engine nor class (an older prod)": {
                change: s => { delete published(s).databaseEngine; delete published(s).databaseInstanceClass; },
                message: /published without databaseEngine \(its version and parameter group family\) and databaseInstanceClass/,
            },
            "a same-stack replica is smaller than its source": { change: s => { ofLocalSource(s); replica(s).instanceClass = "db.t3.micro"; }, message: /db\.t3\.micro has 1 GiB .* its source's db\.t3\.medium/ },
            "a same-stack source was upgraded and its replica's group was not": { change: s => { ofLocalSource(s); named(s, "source").props.engineVersion = "17"; named(s, "source-params").props.family = "postgres17"; }, message: /family postgres16, but its source source runs postgres17/ },
        },
    });
});

describe("rds-storage-autoscaling", () => {
    const sized = changed(primaryDb, r => { r.props.storageType = "gp3"; r.props.allocatedStorage = 50; r.props.maxAllocatedStorage = 500; });
    resourceTable(rdsStorageAutoscaling, sized, {
        passes: {
            "a raised ceiling (1000 GiB)": { change: r => { r.props.maxAllocatedStorage = 1000; } },
            "storage type left at AWS's default (SSD)": { change: r => delete r.props.storageType },
            "io2 storage": { change: r => { r.props.storageType = "io2"; r.props.iops = 3000; } },
            "a replica with its own ceiling (its allocation comes from the source)": { change: r => { asReplica.change(r); r.props.maxAllocatedStorage = 500; } },
            "the deployed state holds the sizes as digits": { change: r => { r.props.allocatedStorage = "50"; r.props.maxAllocatedStorage = "500"; } },
            "the ceiling is unknown during preview": { change: r => { r.props.maxAllocatedStorage = UNKNOWN; } },
        },
        violations: {
            "maxAllocatedStorage 0 (autoscaling off)": { change: r => { r.props.maxAllocatedStorage = 0; }, message: /maxAllocatedStorage is 0: storage autoscaling is off/ },
            "maxAllocatedStorage removed": { change: r => delete r.props.maxAllocatedStorage, message: /maxAllocatedStorage is not set/ },
            "ceiling equal to the allocation": { change: r => { r.props.maxAllocatedStorage = 50; }, message: /\(50 GiB\) is not above allocatedStorage \(50 GiB\)/ },
            "ceiling below the allocation": { change: r => { r.props.allocatedStorage = 600; }, message: /\(500 GiB\) is not above allocatedStorage \(600 GiB\)/ },
            "magnetic storage": { change: r => { r.props.storageType = "standard"; }, message: /storageType is "standard" \(magnetic/ },
            "a replica without a ceiling": { change: r => { asReplica.change(r); }, message: /maxAllocatedStorage is not set/ },
        },
    });
});

describe("rds-parameters-durable", () => {
    /** Prod's group as the program renders it: none of the durability parameters set. */
    const group: ResourceInput = structuredClone(named(databaseWithParameterGroup(), "database-params"));
    /** Sets (or replaces) one parameter, as the console or a program change would. */
    const set = (name: string, value: string) => (r: ResourceInput) => {
        r.props.parameters = [...(r.props.parameters as { name: string }[]).filter(p => p.name !== name), { name, value, applyMethod: "immediate" }];
    };
    /** A Multi-AZ DB cluster's group: PostgreSQL's semisynchronous replication acknowledges each commit from a reader. */
    const multiAzCluster = (r: ResourceInput) => { r.type = "aws:rds/clusterParameterGroup:ClusterParameterGroup"; };
    resourceTable(rdsParametersDurable, group, {
        passes: {
            "every durability parameter is stated at its default": { change: r => { DURABLE_PARAMETERS.forEach(p => set(p.name, p.default)(r)); } },
            "synchronous_commit is local on a DB instance (its Multi-AZ standby is written below PostgreSQL: local is on)": { change: set("synchronous_commit", "local") },
            "synchronous_commit waits for a standby's write (remote_write)": { change: set("synchronous_commit", "remote_write") },
            "synchronous_commit is spelled TRUE (a hidden alias of on)": { change: set("synchronous_commit", "TRUE") },
            "fsync is spelled yes": { change: set("fsync", "yes") },
            "full_page_writes is a prefix of true (t)": { change: set("full_page_writes", "t") },
            "session_replication_role is ORIGIN": { change: set("session_replication_role", "ORIGIN") },
            "wal_level is logical (rds.logical_replication)": { change: set("wal_level", "logical") },
            "idle_in_transaction_session_timeout releases stuck sessions (not a durability parameter)": { change: set("idle_in_transaction_session_timeout", "600000") },
            "an Aurora cluster group's synchronous_commit is local (Aurora's storage quorum acknowledges commits)": { change: r => { multiAzCluster(r); r.props.family = "aurora-postgresql16"; set("synchronous_commit", "local")(r); } },
        },
        violations: {
            "synchronous_commit is off": { change: set("synchronous_commit", "off"), message: /synchronous_commit is off: commits are reported .* before their WAL reaches disk.*leave it at on/ },
            "synchronous_commit is 0 (a hidden alias of off)": { change: set("synchronous_commit", "0"), message: /synchronous_commit is 0 \(off\): commits are reported/ },
            "synchronous_commit is NO": { change: set("synchronous_commit", "NO"), message: /synchronous_commit is NO \(off\)/ },
            "synchronous_commit is a prefix PostgreSQL's enum does not accept (of)": { change: set("synchronous_commit", "of"), message: /synchronous_commit is of: not a value PostgreSQL reads/ },
            "synchronous_commit is local beside synchronous_standby_names": { change: r => { set("synchronous_standby_names", "ANY 1 (*)")(r); set("synchronous_commit", "local")(r); }, message: /synchronous_commit is local: commits wait for the writer's own disk but not for the synchronous reader/ },
            "a Multi-AZ DB cluster's group sets synchronous_commit local": { change: r => { multiAzCluster(r); set("synchronous_commit", "local")(r); }, message: /synchronous_commit is local: .*a failover to the reader loses/ },
            "a Multi-AZ DB cluster's group sets synchronous_commit off": { change: r => { multiAzCluster(r); set("synchronous_commit", "off")(r); }, message: /synchronous_commit is off/ },
            "an Aurora group sets synchronous_commit off": { change: r => { r.props.family = "aurora-postgresql16"; set("synchronous_commit", "off")(r); }, message: /synchronous_commit is off/ },
            "fsync is 0": { change: set("fsync", "0"), message: /fsync is 0 \(off\): PostgreSQL stops forcing its writes to disk/ },
            "fsync is a prefix of off (OF)": { change: set("fsync", "OF"), message: /fsync is OF \(off\)/ },
            "fsync is a prefix of false (f)": { change: set("fsync", "f"), message: /fsync is f \(off\)/ },
            "fsync is quoted as a configuration file would ('off')": { change: set("fsync", " 'off' "), message: /fsync is off: / },
            "fsync is the ambiguous o": { change: set("fsync", "o"), message: /fsync is o: not a value PostgreSQL reads as a fsync setting \(a boolean\)/ },
            "fsync is empty": { change: set("fsync", ""), message: /fsync is empty: not a value/ },
            "the parameter name is upper case (PostgreSQL matches names case-insensitively)": { change: set("FSYNC", "false"), message: /fsync is false \(off\)/ },
            "fsync is named twice, on and then off": { change: r => { r.props.parameters = [...(r.props.parameters as object[]), { name: "fsync", value: "off" }, { name: "fsync", value: "on" }]; }, message: /fsync is off/ },
            "full_page_writes is 0": { change: set("full_page_writes", "0"), message: /full_page_writes is 0 \(off\): .*torn by a crash/ },
            "data_sync_retry is on": { change: set("data_sync_retry", "on"), message: /data_sync_retry is on: .*the retry reports success and the data is lost; leave it at off/ },
            "session_replication_role is replica": { change: set("session_replication_role", "replica"), message: /session_replication_role is replica: ordinary triggers and rules stop firing .*foreign-key checks/ },
            "session_replication_role is Local": { change: set("session_replication_role", "Local"), message: /session_replication_role is Local: .*stops recording/ },
            "zero_damaged_pages is 1": { change: set("zero_damaged_pages", "1"), message: /zero_damaged_pages is 1 \(on\): .*destroying every row on it/ },
            "ignore_checksum_failure is true": { change: set("ignore_checksum_failure", "true"), message: /ignore_checksum_failure is true \(on\)/ },
            "ignore_invalid_pages is on (WAL replay skips records, a replica's too)": { change: set("ignore_invalid_pages", "on"), message: /ignore_invalid_pages is on: WAL replay/ },
            "ignore_system_indexes is y": { change: set("ignore_system_indexes", "y"), message: /ignore_system_indexes is y \(on\)/ },
            "allow_system_table_mods is on": { change: set("allow_system_table_mods", "on"), message: /allow_system_table_mods is on: .*irretrievable data loss/ },
            "wal_level is minimal (the bulk-load setting)": { change: set("wal_level", "minimal"), message: /wal_level is minimal: .*point-in-time restore, read replicas/ },
            "archive_mode is off": { change: set("archive_mode", "off"), message: /archive_mode is off: completed WAL segments are no longer archived/ },
            "the dr replica's group (postgres16, the same group after promotion) sets synchronous_commit off": { change: r => { r.props.name = "expertconnect-dr-db-params"; set("synchronous_commit", "off")(r); }, message: /synchronous_commit is off/ },
        },
        notApplicable: { "a MySQL group": { change: r => { r.props.family = "mysql8.0"; } } },
    });

    describe("values as PostgreSQL parses them", () => {
        const cases: [string, boolean | undefined][] = [
            ["on", true], ["ON", true], ["of", false], ["off", false], ["o", undefined], ["onn", undefined],
            ["t", true], ["tRu", true], ["true", true], ["truex", undefined], ["f", false], ["FALSE", false],
            ["y", true], ["yes", true], ["n", false], ["no", false], ["1", true], ["0", false], ["01", undefined], ["", undefined],
        ];
        for (const [value, expected] of cases) {
            it(`reads the boolean ${JSON.stringify(value)} as ${expected === undefined ? "no boolean" : expected}`, () => {
                expect(postgresBoolean(value)).to.equal(expected);
            });
        }
        const synchronousCommit = DURABLE_PARAMETERS.find(p => p.name === "synchronous_commit")!;
        it("reads an enum by its option names and hidden aliases, without prefixes", () => {
            expect(["Remote_Apply", "local", "yes", "1", "false", "offf"].map(v => settingOf(synchronousCommit, v)))
                .to.deep.equal(["remote_apply", "local", "on", "on", "off", undefined]);
        });
    });
});
