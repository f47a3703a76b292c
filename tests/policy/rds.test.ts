import { rdsAutoMinorVersionUpgrade } from "../../policy/rds/autoMinorVersionUpgrade";
import { rdsBackupRetention } from "../../policy/rds/backupRetention";
import { rdsDeletionProtection } from "../../policy/rds/deletionProtection";
import { rdsLogExports } from "../../policy/rds/logExports";
import { rdsLogExportsRead } from "../../policy/rds/logExportsRead";
import { rdsManagedPassword } from "../../policy/rds/managedPassword";
import { rdsMultiAz } from "../../policy/rds/multiAz";
import { rdsNotPublic } from "../../policy/rds/notPublic";
import { rdsQueryInsight } from "../../policy/rds/parameterGroup";
import { rdsPerformanceInsightsEncrypted } from "../../policy/rds/performanceInsights";
import { rdsStorageEncrypted } from "../../policy/rds/storageEncrypted";
import { named, resourceTable, stackTable } from "./support/cases";
import { primaryDb, replicaDb, TAGS } from "./support/fixtures";
import { secret, StackResourceInput, UNKNOWN } from "./support/harness";

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

describe("rds-auto-minor-version-upgrade (advisory)", () => {
    resourceTable(rdsAutoMinorVersionUpgrade, primaryDb, {
        passes: { "the setting is left at its default": { change: r => delete r.props.autoMinorVersionUpgrade } },
        violations: { "autoMinorVersionUpgrade is false": { change: r => { r.props.autoMinorVersionUpgrade = false; }, message: /autoMinorVersionUpgrade is false/ } },
    });
});

describe("rds-parameter-group-query-insight (advisory)", () => {
    const parameterGroup = {
        type: "aws:rds/parameterGroup:ParameterGroup",
        name: "database-parameters",
        props: {
            family: "postgres16",
            parameters: [
                { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
                { name: "log_min_duration_statement", value: "1000" },
                { name: "rds.force_ssl", value: "1" },
            ],
            tags: TAGS,
        },
    };
    resourceTable(rdsQueryInsight, parameterGroup, {
        passes: { "pg_stat_statements is one of several libraries": { change: r => { (r.props.parameters as { value: string }[])[0].value = "pg_cron, pg_stat_statements"; } } },
        violations: {
            "pg_stat_statements is not preloaded": { change: r => { (r.props.parameters as object[]).splice(0, 1); }, message: /pg_stat_statements/ },
            "slow statements are not logged": { change: r => { (r.props.parameters as object[]).splice(1, 1); }, message: /log_min_duration_statement/ },
            "slow-statement logging is disabled (-1)": {
                change: r => { (r.props.parameters as { value: string }[])[1].value = "-1"; }, message: /log_min_duration_statement/,
            },
        },
        notApplicable: { "the group is for MySQL": { change: r => { r.props.family = "mysql8.0"; } } },
    });
});
