/**
 * Class 3 (controls that must work) for data and disaster recovery, and class 8 (production is a
 * role): each policy passes the compliant resource and reports each way of breaking it.
 */
import { expect } from "chai";

import { backupPlanRetention } from "../../policy/backup/retention";
import { backupVaultLock } from "../../policy/backup/vaultLock";
import { drDatabaseReplica } from "../../policy/dr/databaseReplica";
import { kmsKeyInDataRegion } from "../../policy/kms/keyRegion";
import { caProblem, postgresSupportProblem } from "../../policy/rds/engine";
import { rdsEngineSupported } from "../../policy/rds/engineSupported";
import { rdsForceSsl } from "../../policy/rds/forceSsl";
import { rdsEnhancedMonitoring } from "../../policy/rds/enhancedMonitoring";
import { rdsIamAuthentication } from "../../policy/rds/iamAuthentication";
import { rdsKeepAutomatedBackups } from "../../policy/rds/keepAutomatedBackups";
import { rdsDeletionProtection } from "../../policy/rds/deletionProtection";
import { rdsMultiAz } from "../../policy/rds/multiAz";
import { rdsStorageEncrypted } from "../../policy/rds/storageEncrypted";
import { s3LifecycleKeepsCurrent } from "../../policy/s3/lifecycle";
import { s3ReplicationComplete } from "../../policy/s3/replicationRules";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput, UNKNOWN } from "./support/harness";

const inDr = { environment: "dr" };
const db: ResourceInput = {
    ...primaryDb,
    props: { ...primaryDb.props, iamDatabaseAuthenticationEnabled: true, caCertIdentifier: "rds-ca-rsa2048-g1", deleteAutomatedBackups: false, parameterGroupName: "expertconnect-prod-db" },
};
/** The dr database, tagged with a failover phase, with the settings that phase gives it. */
const drDb = (phase: string) => (r: ResourceInput) => {
    r.props.tags = { ...TAGS, Environment: "dr", FailoverPhase: phase };
};

describe("rds-force-ssl", () => {
    const group: ResourceInput = {
        type: "aws:rds/parameterGroup:ParameterGroup", name: "database-params",
        props: { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }], tags: TAGS },
    };
    const withSsl = [{ name: "rds.force_ssl", value: "1" }];
    resourceTable(rdsForceSsl, group, {
        passes: {
            "PostgreSQL 15+ leaves the forced default": { change: r => { r.props.parameters = []; } },
            "the value is spelled on": { change: r => { r.props.parameters = [{ name: "rds.force_ssl", value: "on" }]; } },
            "log_statement none, scram-sha-256, slow statements after 1 s": {
                change: r => { r.props.parameters = [...withSsl, { name: "log_statement", value: "none" }, { name: "password_encryption", value: "scram-sha-256" }, { name: "log_min_duration_statement", value: "1000" }, { name: "log_parameter_max_length", value: "0" }]; },
            },
            "pgaudit audits DDL only, without parameters": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit" }, { name: "pgaudit.log", value: "ddl" }, { name: "pgaudit.log_parameter", value: "0" }]; } },
            "pgaudit's all minus the data classes": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pgaudit" }, { name: "pgaudit.log", value: "all,-read,-write,-function,-role" }]; } },
            "pgaudit parameters set while the library is not loaded (inert)": { change: r => { r.props.parameters = [...withSsl, { name: "pgaudit.log", value: "all" }, { name: "pgaudit.log_parameter", value: "1" }]; } },
            "auto_explain at the slow-query threshold without bind values": { change: r => { r.props.parameters = [...withSsl, { name: "session_preload_libraries", value: "auto_explain" }, { name: "auto_explain.log_min_duration", value: "1s" }, { name: "auto_explain.log_parameter_max_length", value: "0" }]; } },
            "failing statements keep the default: no bind values": { change: r => { r.props.parameters = [...withSsl, { name: "log_parameter_max_length_on_error", value: "0" }, { name: "log_min_error_statement", value: "error" }]; } },
            "slow statements with bind values on PostgreSQL 12 (no such parameter before 13)": { change: r => { r.props.family = "postgres12"; r.props.parameters = [...withSsl, { name: "log_min_duration_statement", value: "1000" }]; } },
            "log_statement ddl where the configuration allows it": { change: r => { r.props.parameters = [...withSsl, { name: "log_statement", value: "ddl" }]; }, config: { allowedLogStatement: ["none", "ddl"] } },
        },
        violations: {
            "rds.force_ssl is 0": { change: r => { r.props.parameters = [{ name: "rds.force_ssl", value: "0" }]; }, message: /rds.force_ssl is off/ },
            "rds.force_ssl is off": { change: r => { r.props.parameters = [{ name: "rds.force_ssl", value: "off" }]; }, message: /rds.force_ssl is off/ },
            "PostgreSQL 14's group does not set it": { change: r => { r.props.family = "postgres14"; r.props.parameters = []; }, message: /leaves it off by default/ },
            "log_statement all (every statement and its parameters)": { change: r => { r.props.parameters = [...withSsl, { name: "log_statement", value: "all" }]; }, message: /log_statement is all: .*ALTER ROLE … PASSWORD included/ },
            "log_statement ddl (ALTER ROLE … PASSWORD is DDL)": { change: r => { r.props.parameters = [...withSsl, { name: "log_statement", value: "DDL" }]; }, message: /log_statement is ddl: PostgreSQL then logs every ALTER/ },
            "log_min_duration_statement 0 (every statement's text)": { change: r => { r.props.parameters = [...withSsl, { name: "log_min_duration_statement", value: "0" }]; }, message: /log_min_duration_statement is 0/ },
            "slow statements logged with their bind values (log_parameter_max_length default -1)": { change: r => { r.props.parameters = [...withSsl, { name: "log_min_duration_statement", value: "1000" }]; }, message: /log_parameter_max_length is -1 \(the default\).*set it to 0/ },
            "slow statements logged with bind values trimmed to 64 bytes": { change: r => { r.props.parameters = [...withSsl, { name: "log_min_duration_statement", value: "1000" }, { name: "log_parameter_max_length", value: "64" }]; }, message: /log_parameter_max_length is 64: .*up to 64 bytes/ },
            "log_statement mod (every write with its values)": { change: r => { r.props.parameters = [...withSsl, { name: "log_statement", value: "mod" }]; }, message: /log_statement is mod: .*INSERT\/UPDATE\/DELETE/ },
            "failing statements' bind values in full": { change: r => { r.props.parameters = [...withSsl, { name: "log_parameter_max_length_on_error", value: "-1" }]; }, message: /log_parameter_max_length_on_error is -1: .*in full/ },
            "failing statements' bind values trimmed": { change: r => { r.props.parameters = [...withSsl, { name: "log_parameter_max_length_on_error", value: "100" }]; }, message: /log_parameter_max_length_on_error is 100/ },
            "pgaudit read,write": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit" }, { name: "pgaudit.log", value: "read,write" }]; }, message: /pgaudit.log classes read, write/ },
            "pgaudit all (role class: passwords)": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pgaudit" }, { name: "pgaudit.log", value: "ALL,-misc" }]; }, message: /classes .*role/ },
            "pgaudit ddl with log_parameter on": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pgaudit" }, { name: "pgaudit.log", value: "ddl" }, { name: "pgaudit.log_parameter", value: "on" }]; }, message: /pgaudit.log_parameter is on/ },
            "auto_explain for every statement (shared preload)": { change: r => { r.props.parameters = [...withSsl, { name: "shared_preload_libraries", value: "pg_stat_statements,auto_explain" }, { name: "auto_explain.log_min_duration", value: "0" }, { name: "auto_explain.log_parameter_max_length", value: "0" }]; }, message: /auto_explain.log_min_duration 0/ },
            "auto_explain (session preload) logging bind values of slow statements": { change: r => { r.props.parameters = [...withSsl, { name: "session_preload_libraries", value: "auto_explain" }, { name: "auto_explain.log_min_duration", value: "2000" }]; }, message: /auto_explain.log_parameter_max_length is -1/ },
            "sampling every statement": { change: r => { r.props.parameters = [...withSsl, { name: "log_min_duration_sample", value: "0" }, { name: "log_statement_sample_rate", value: "0.1" }, { name: "log_parameter_max_length", value: "0" }]; }, message: /log_min_duration_sample is 0/ },
            "every statement of a share of transactions": { change: r => { r.props.parameters = [...withSsl, { name: "log_transaction_sample_rate", value: "0.01" }, { name: "log_parameter_max_length", value: "0" }]; }, message: /log_transaction_sample_rate is 0.01/ },
            "plan trees with constants": { change: r => { r.props.parameters = [...withSsl, { name: "debug_print_plan", value: "1" }]; }, message: /debug_print_plan is on/ },
            "statements that merely notice are logged": { change: r => { r.props.parameters = [...withSsl, { name: "log_min_error_statement", value: "notice" }]; }, message: /log_min_error_statement is notice/ },
            "password_encryption md5": { change: r => { r.props.parameters = [...withSsl, { name: "password_encryption", value: "md5" }]; }, message: /password_encryption is md5: .*set it to scram-sha-256/ },
        },
        notApplicable: { "a MySQL group": { change: r => { r.props.family = "mysql8.0"; } } },
    });
    resourceTable(rdsForceSsl, db, {
        passes: { "PostgreSQL 16 on the default group (forced by default)": { change: r => { delete r.props.parameterGroupName; } } },
        violations: {
            "PostgreSQL 14 on the default group": { change: r => { r.props.engineVersion = "14.12"; delete r.props.parameterGroupName; }, message: /PostgreSQL 14 with the default parameter group/ },
        },
        notApplicable: { "a replica (follows its source)": { change: r => { Object.assign(r, structuredClone(replicaDb)); } } },
    });
});

describe("rds-iam-authentication", () => {
    resourceTable(rdsIamAuthentication, db, {
        violations: {
            "IAM auth is off": { change: r => { r.props.iamDatabaseAuthenticationEnabled = false; }, message: /iamDatabaseAuthenticationEnabled is not true/ },
            "IAM auth is left unset": { change: r => { delete r.props.iamDatabaseAuthenticationEnabled; }, message: /not true/ },
        },
    });
});

describe("rds-enhanced-monitoring", () => {
    resourceTable(rdsEnhancedMonitoring, db, {
        passes: {
            "every 15 seconds": { change: r => { r.props.monitoringInterval = 15; r.props.monitoringRoleArn = "arn:aws:iam::123456789012:role/monitoring"; } },
        },
        violations: {
            "monitoring switched off (0)": { change: r => { r.props.monitoringInterval = 0; }, message: /monitoringInterval is 0/ },
            "interval left unset": { change: r => { delete r.props.monitoringInterval; }, message: /not set/ },
            "an interval RDS does not accept": { change: r => { r.props.monitoringInterval = 45; }, message: /monitoringInterval is 45/ },
            "an interval without a role": { change: r => { r.props.monitoringInterval = 60; delete r.props.monitoringRoleArn; }, message: /monitoringRoleArn is not set/ },
        },
    });
});

describe("rds-engine-supported", () => {
    resourceTable(rdsEngineSupported, db, {
        passes: {
            "a 4096-bit CA": { change: r => { r.props.caCertIdentifier = "rds-ca-rsa4096-g1"; } },
            "a major newer than the table": { change: r => { r.props.engineVersion = "99.1"; } },
            "the CA is left to RDS's default": { change: r => { delete r.props.caCertIdentifier; } },
        },
        violations: {
            "an expired CA": { change: r => { r.props.caCertIdentifier = "rds-ca-2019"; }, message: /rds-ca-2019 expired on 2024-08-22/ },
            "a CA RDS does not offer": { change: r => { r.props.caCertIdentifier = "rds-ca-made-up"; }, message: /not an RDS certificate authority/ },
            "PostgreSQL 12 (end of standard support 2025-02-28)": { change: r => { r.props.engineVersion = "12.22"; }, message: /PostgreSQL 12 reached RDS end of standard support on 2025-02-28/ },
            "PostgreSQL 10 (older than the table)": { change: r => { r.props.engineVersion = "10"; }, message: /PostgreSQL 10 is long past/ },
        },
        notApplicable: { "a MySQL engine": { change: r => { r.props.engine = "mysql"; r.props.engineVersion = "8.0"; } } },
    });
    it("compares the dated tables with the day it runs", () => {
        expect(postgresSupportProblem(14, new Date("2027-02-27T12:00:00Z"))).to.equal(undefined);
        expect(postgresSupportProblem(14, new Date("2027-02-28T00:00:00Z"))).to.match(/2027-02-28/);
        expect(caProblem("rds-ca-rsa2048-g1", new Date("2061-05-26T00:00:00Z"))).to.match(/expired/);
    });
});

describe("rds-keep-automated-backups", () => {
    resourceTable(rdsKeepAutomatedBackups, db, {
        violations: {
            "deleteAutomatedBackups is true": { change: r => { r.props.deleteAutomatedBackups = true; }, message: /deleteAutomatedBackups is true/ },
            "it is left to the provider's default (true)": { change: r => { delete r.props.deleteAutomatedBackups; }, message: /defaults to true/ },
        },
    });
});

describe("rds-storage-encrypted: AWS-managed keys", () => {
    resourceTable(rdsStorageEncrypted, db, {
        violations: {
            "the key is alias/aws/rds": { change: r => { r.props.kmsKeyId = "alias/aws/rds"; }, message: /AWS-managed key \(alias\/aws\/rds\)/ },
            "the key is the AWS-managed alias's ARN": { change: r => { r.props.kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/rds`; }, message: /AWS-managed key/ },
        },
    });
});

describe("production as a role (class 8): rds-deletion-protection", () => {
    resourceTable(rdsDeletionProtection, db, {
        config: inDr,
        passes: { "the promoted dr database keeps its protection": { change: drDb("promoted") } },
        violations: {
            "the promoted dr database loses deletion protection": { change: r => { drDb("promoted")(r); r.props.deletionProtection = false; }, message: /deletionProtection is not true/ },
            "the dr database mid-promotion skips its final snapshot": { change: r => { drDb("promote")(r); r.props.skipFinalSnapshot = true; }, message: /skipFinalSnapshot is true/ },
            "a database tagged Environment=prod under dr's config": { change: r => { r.props.deletionProtection = false; }, message: /deletionProtection is not true/ },
        },
        notApplicable: { "the dr database on standby": { change: r => { drDb("standby")(r); r.props.deletionProtection = false; } } },
    });
});

describe("production as a role (class 8): rds-multi-az", () => {
    resourceTable(rdsMultiAz, db, {
        config: inDr,
        passes: { "the promoted dr database runs Multi-AZ": { change: drDb("promoted") } },
        violations: { "the promoted dr database is single-AZ": { change: r => { drDb("promoted")(r); r.props.multiAz = false; }, message: /multiAz is not true/ } },
        notApplicable: {
            "the dr database mid-promotion (Multi-AZ comes with promoted)": { change: r => { drDb("promote")(r); r.props.multiAz = false; } },
            "the dr database on standby": { change: r => { drDb("standby")(r); r.props.multiAz = false; } },
        },
    });
});

const SOURCE = "expertconnect-prod-static";
const replicationStack: StackResourceInput[] = [
    { type: "aws:s3/bucket:Bucket", name: "static", props: { bucket: SOURCE, arn: `arn:aws:s3:::${SOURCE}`, region: "us-east-1", tags: TAGS } },
    { type: "aws:s3/bucket:Bucket", name: "replica", props: { bucket: `${SOURCE}-us-west-2`, arn: `arn:aws:s3:::${SOURCE}-us-west-2`, region: "us-west-2", tags: TAGS } },
    {
        type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "static-sse",
        props: { bucket: SOURCE, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/static` } }] },
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "static-replication",
        props: {
            bucket: SOURCE,
            rules: [{
                id: "to-us-west-2", status: "Enabled",
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: `arn:aws:s3:::${SOURCE}-us-west-2`,
                    encryptionConfiguration: { replicaKmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/replica` },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                },
            }],
        },
    },
];
const rule = (s: StackResourceInput[]) => (named(s, "static-replication").props.rules as Record<string, any>[])[0];

describe("s3-replication-complete", () => {
    stackTable(s3ReplicationComplete, replicationStack, {
        passes: {
            "dr on standby replicates without Replication Time Control": {
                config: inDr,
                change: s => {
                    delete rule(s).destination.replicationTime;
                    delete rule(s).destination.metrics;
                    s.filter(r => r.props.tags).forEach(r => { r.props.tags = { ...TAGS, Environment: "dr" }; });
                },
            },
            "a disabled rule is not judged": { change: s => { rule(s).status = "Disabled"; rule(s).sourceSelectionCriteria = {}; } },
            "replicas in STANDARD_IA (read without a restore)": { change: s => { rule(s).destination.storageClass = "STANDARD_IA"; } },
            "an SSE-S3 bucket needs no KMS criteria": {
                change: s => { named(s, "static-sse").props.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]; rule(s).sourceSelectionCriteria = {}; },
            },
        },
        violations: {
            "dr's config, but the buckets are tagged Environment=prod": { config: inDr, change: s => { delete rule(s).destination.replicationTime; }, message: /no Replication Time Control/ },
            "replicas land in DEEP_ARCHIVE": { change: s => { rule(s).destination.storageClass = "DEEP_ARCHIVE"; }, message: /stores replicas in DEEP_ARCHIVE: each must be restored/ },
            "replicas land in GLACIER in dr's config": { config: inDr, change: s => { rule(s).destination.storageClass = "GLACIER"; }, message: /stores replicas in GLACIER/ },
            "KMS-encrypted objects are skipped": { change: s => { rule(s).sourceSelectionCriteria = {}; }, message: /skips KMS-encrypted objects/ },
            "KMS-encrypted objects are disabled": { change: s => { rule(s).sourceSelectionCriteria.sseKmsEncryptedObjects.status = "Disabled"; }, message: /skips KMS-encrypted/ },
            "no replica key": { change: s => { delete rule(s).destination.encryptionConfiguration; }, message: /names no replicaKmsKeyId/ },
            "the replica key is from the source region": {
                change: s => { rule(s).destination.encryptionConfiguration.replicaKmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/static`; }, message: /replica key is in us-east-1, not in the destination's region us-west-2/,
            },
            "the replica key is AWS-managed": { change: s => { rule(s).destination.encryptionConfiguration.replicaKmsKeyId = "alias/aws/s3"; }, message: /AWS-managed key alias\/aws\/s3/ },
            "prod has no Replication Time Control": { change: s => { delete rule(s).destination.replicationTime; }, message: /no Replication Time Control/ },
            "prod has no replication metrics": { change: s => { rule(s).destination.metrics = { status: "Disabled" }; }, message: /no replication metrics/ },
            "the promoted dr stack has no Replication Time Control": {
                config: inDr,
                change: s => { delete rule(s).destination.replicationTime; s.push({ type: "aws:rds/instance:Instance", name: "db", props: { tags: { FailoverPhase: "promoted" } } }); },
                message: /no Replication Time Control/,
            },
        },
    });
});

const lifecycleStack: StackResourceInput[] = [
    { type: "aws:s3/bucket:Bucket", name: "backup", props: { bucket: "expertconnect-backup", tags: TAGS } },
    {
        type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name: "backup-lifecycle",
        props: { bucket: "expertconnect-backup", rules: [{ id: "retention", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 }, transitions: [{ days: 30, storageClass: "GLACIER_IR" }] }] },
    },
    { type: "aws:s3/bucket:Bucket", name: "alb-logs", props: { bucket: "expertconnect-prod-alb-logs", tags: TAGS } },
    {
        type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name: "alb-logs-lifecycle",
        props: { bucket: "expertconnect-prod-alb-logs", rules: [{ id: "retention", status: "Enabled", expiration: { days: 365 } }] },
    },
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-alb-logs", enabled: true } } },
];
/** A synthetic canary keeping its artifacts 30 days, in a bucket whose lifecycle expires them after `days`. */
const withCanary = (days: number) => (s: StackResourceInput[]) => {
    s.push(
        { type: "aws:s3/bucket:Bucket", name: "canary-artifacts", props: { bucket: "expertconnect-prod-canary-artifacts", tags: TAGS } },
        {
            type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name: "canary-artifacts-lifecycle",
            props: { bucket: "expertconnect-prod-canary-artifacts", rules: [{ id: "retention", status: "Enabled", expiration: { days } }] },
        },
        {
            type: "aws:synthetics/canary:Canary", name: "canary",
            props: { artifactS3Location: "s3://expertconnect-prod-canary-artifacts/canary/", successRetentionPeriod: 30, failureRetentionPeriod: 30 },
        },
    );
};
/** An Object Lock default retention on a bucket (the backup bucket tagged as such, or the ALB log bucket). */
const objectLock = (bucket: string, defaultRetention: object, component = "backup") => (s: StackResourceInput[]) => {
    const b = s.find(r => r.props.bucket === bucket)!;
    b.props.tags = { ...TAGS, Component: component };
    s.push({ type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", name: "lock", props: { bucket, objectLockEnabled: "Enabled", rule: { defaultRetention } } });
};
const backupRule = (s: StackResourceInput[]) => (named(s, "backup-lifecycle").props.rules as Record<string, unknown>[])[0];

describe("s3-lifecycle-keeps-current", () => {
    stackTable(s3LifecycleKeepsCurrent, lifecycleStack, {
        passes: {
            "expired delete markers only": { change: s => { backupRule(s).expiration = { expiredObjectDeleteMarker: true }; } },
            "a bucket tagged HoldsData=false": { change: s => { named(s, "backup").props.tags = { ...TAGS, HoldsData: "false" }; backupRule(s).expiration = { days: 1 }; } },
            "a disabled rule": { change: s => { backupRule(s).status = "Disabled"; backupRule(s).expiration = { days: 1 }; } },
            "a canary's artifact bucket expires them after the canary's own retention": { change: withCanary(30) },
            "noncurrent versions kept exactly the floor": { change: s => { backupRule(s).noncurrentVersionExpiration = { noncurrentDays: 30 }; } },
            "a lowered floor is met": { change: s => { backupRule(s).noncurrentVersionExpiration = { noncurrentDays: 7 }; }, config: { noncurrentMinimumDays: 7 } },
            "backup bucket: Object Lock COMPLIANCE 35 days": { change: objectLock("expertconnect-backup", { mode: "COMPLIANCE", days: 35 }) },
            "another bucket: Object Lock GOVERNANCE 30 days": { change: objectLock("expertconnect-prod-alb-logs", { mode: "GOVERNANCE", days: 30 }, "load-balancer") },
            "backup bucket: COMPLIANCE 1 year (365 days, within the bound)": { change: objectLock("expertconnect-backup", { mode: "COMPLIANCE", years: 1 }) },
            "the trail's evidence bucket: COMPLIANCE 365 days (an intruder erases the trail first)": {
                change: s => {
                    s.push({ type: "aws:s3/bucket:Bucket", name: "trail-bucket", props: { bucket: "expertconnect-cloudtrail", tags: { ...TAGS, Component: "audit" } } },
                        { type: "aws:cloudtrail/trail:Trail", name: "trail", props: { s3BucketName: "expertconnect-cloudtrail" } });
                    objectLock("expertconnect-cloudtrail", { mode: "COMPLIANCE", days: 365 }, "audit")(s);
                },
            },
            "current backups to GLACIER_IR after 0 days (read in milliseconds)": { change: s => { backupRule(s).transitions = [{ days: 0, storageClass: "GLACIER_IR" }]; } },
            "current backups to DEEP_ARCHIVE at the floor": { change: s => { backupRule(s).transitions = [{ days: 90, storageClass: "DEEP_ARCHIVE" }]; } },
            "noncurrent versions to GLACIER after 1 day": { change: s => { backupRule(s).noncurrentVersionTransitions = [{ noncurrentDays: 1, storageClass: "GLACIER" }]; } },
            "log objects to GLACIER after 1 day (a log bucket)": {
                change: s => { (named(s, "alb-logs-lifecycle").props.rules as Record<string, unknown>[])[0].transitions = [{ days: 1, storageClass: "GLACIER" }]; },
            },
            "the log bucket is known by the ALB's dependency only (preview)": {
                change: s => { named(s, "alb").props.accessLogs = { bucket: UNKNOWN, enabled: true }; named(s, "alb").propertyDependencies = { accessLogs: ["alb-logs"] }; },
            },
        },
        violations: {
            "the backup bucket expires current objects": { change: s => { backupRule(s).expiration = { days: 30 }; }, message: /expertconnect-backup's lifecycle rule retention expires current objects \(after 30 days\)/ },
            "a date expiry on a data bucket": { change: s => { backupRule(s).expiration = { date: "2027-01-01T00:00:00Z" }; }, message: /on 2027-01-01/ },
            "logs expire before the audit year": {
                change: s => { (named(s, "alb-logs-lifecycle").props.rules as Record<string, unknown>[])[0].expiration = { days: 7 }; }, message: /expires logs after 7 days; keep them at least 365/,
            },
            "noncurrent versions of a data bucket expire after 1 day": {
                change: s => { backupRule(s).noncurrentVersionExpiration = { noncurrentDays: 1 }; }, message: /retention expires noncurrent versions after 1 days.*at least 30 days/,
            },
            "a non-backup bucket: Object Lock COMPLIANCE": {
                change: objectLock("expertconnect-prod-alb-logs", { mode: "COMPLIANCE", days: 30 }, "load-balancer"), message: /expertconnect-prod-alb-logs's Object Lock default retention: COMPLIANCE mode/,
            },
            "COMPLIANCE for 100 years on a non-backup bucket (lower-case mode)": {
                change: objectLock("expertconnect-prod-alb-logs", { mode: "compliance", years: 100 }, "static-assets"), message: /COMPLIANCE mode.*retains every version 36500 days, beyond objectLockMaximumDays 400/,
            },
            "the backup bucket: GOVERNANCE for 10 years": { change: objectLock("expertconnect-backup", { mode: "GOVERNANCE", years: 10 }), message: /retains every version 3650 days/ },
            "current objects of a data bucket to GLACIER at day 0": {
                change: s => { backupRule(s).transitions = [{ days: 0, storageClass: "GLACIER" }]; }, message: /retention moves current objects to GLACIER after 0 days: .*no sooner than 90 days/,
            },
            "current backups to DEEP_ARCHIVE after 1 day (lower case class)": {
                change: s => { backupRule(s).transitions = [{ days: 30, storageClass: "STANDARD_IA" }, { days: 1, storageClass: "deep_archive" }]; }, message: /moves current objects to deep_archive after 1 days/,
            },
            "current objects to GLACIER on a date": { change: s => { backupRule(s).transitions = [{ date: "2027-01-01T00:00:00Z", storageClass: "GLACIER" }]; }, message: /GLACIER on 2027-01-01/ },
            "a raised archive floor is not met": { change: s => { backupRule(s).transitions = [{ days: 120, storageClass: "GLACIER" }]; }, config: { archiveMinimumDays: 180 }, message: /no sooner than 180 days/ },
            "a raised floor is not met": { change: () => undefined, config: { noncurrentMinimumDays: 120 }, message: /after 90 days.*at least 120 days/ },
            "a canary's artifact bucket expires them before the canary does": { change: withCanary(7), message: /expires canary artifacts after 7 days; keep them at least 30 days/ },
            "a bucket that no longer receives logs expires its objects": { change: s => { s.splice(4, 1); }, message: /alb-logs's lifecycle rule retention expires current objects/ },
        },
    });
});

/** A versioned backup bucket whose lifecycle expires noncurrent versions after 90 days (the program's shape). */
const versionedStack: StackResourceInput[] = [
    ...lifecycleStack.slice(0, 2),
    { type: "aws:s3/bucketVersioning:BucketVersioning", name: "backup-versioning", props: { bucket: "expertconnect-backup", versioningConfiguration: { status: "Enabled" } } },
];
const versionedRules = (s: StackResourceInput[]) => named(s, "backup-lifecycle").props.rules as Record<string, any>[];

describe("s3-lifecycle-keeps-current: noncurrent versions of a versioned bucket expire", () => {
    stackTable(s3LifecycleKeepsCurrent, versionedStack, {
        passes: {
            "noncurrent versions kept a year": { change: s => { versionedRules(s)[0].noncurrentVersionExpiration.noncurrentDays = 365; } },
            "an empty filter and an empty prefix apply to every object": { change: s => { versionedRules(s)[0].filter = { prefix: "" }; } },
            "a narrower rule beside a rule for every object": {
                change: s => { versionedRules(s).unshift({ id: "dumps", status: "Enabled", filter: { prefix: "daily/" }, noncurrentVersionExpiration: { noncurrentDays: 30 } }); },
            },
            "a bucket that is not versioned": { change: s => { s.pop(); delete versionedRules(s)[0].noncurrentVersionExpiration; } },
            "versioning Disabled": { change: s => { (s[2].props.versioningConfiguration as { status: string }).status = "Disabled"; delete versionedRules(s)[0].noncurrentVersionExpiration; } },
            "a bucket tagged HoldsData=false": { change: s => { named(s, "backup").props.tags = { ...TAGS, HoldsData: "false" }; delete versionedRules(s)[0].noncurrentVersionExpiration; } },
            "rules not known yet (preview)": { change: s => { named(s, "backup-lifecycle").props.rules = UNKNOWN; } },
        },
        violations: {
            "the noncurrent-version expiry is removed": {
                change: s => { delete versionedRules(s)[0].noncurrentVersionExpiration; }, message: /expertconnect-backup is versioned and keeps its noncurrent versions .* forever: no lifecycle rule expires them/,
            },
            "noncurrent versions kept 10 years": { change: s => { versionedRules(s)[0].noncurrentVersionExpiration.noncurrentDays = 3650; }, message: /rule retention keeps them 3650 days; expire them within 400 days/ },
            "the rule is disabled": { change: s => { versionedRules(s)[0].status = "Disabled"; }, message: /rule retention is Disabled/ },
            "the rule applies to one prefix only": { change: s => { versionedRules(s)[0].filter = { prefix: "daily/" }; }, message: /applies to only objects matching prefix "daily\/"/ },
            "the rule applies to tagged objects only (and filter)": { change: s => { versionedRules(s)[0].filter = { and: { prefix: "", tags: { expire: "yes" } } }; }, message: /only objects matching a tag/ },
            "the rule applies to large objects only": { change: s => { versionedRules(s)[0].filter = { objectSizeGreaterThan: 1048576 }; }, message: /only objects matching an object size/ },
            "newerNoncurrentVersions keeps the last versions of deleted dumps forever": {
                change: s => { versionedRules(s)[0].noncurrentVersionExpiration.newerNoncurrentVersions = 3; }, message: /keeps the 3 newest noncurrent versions of each object whatever their age/,
            },
            "the lifecycle configuration is removed": { change: s => { s.splice(1, 1); }, message: /expertconnect-backup is versioned .*no lifecycle rule expires them/ },
            "versioning Suspended keeps the versions already made": { change: s => { (s[2].props.versioningConfiguration as { status: string }).status = "Suspended"; delete versionedRules(s)[0].noncurrentVersionExpiration; }, message: /forever/ },
            "Object Lock on the bucket (always versioned)": { change: s => { s.pop(); named(s, "backup").props.objectLockEnabled = true; delete versionedRules(s)[0].noncurrentVersionExpiration; }, message: /forever/ },
            "a lowered maximum is exceeded": { config: { noncurrentMaximumDays: 60 }, message: /rule retention keeps them 90 days; expire them within 60 days/ },
        },
    });
});

describe("backup-plan-retention", () => {
    const plan: ResourceInput = {
        type: "aws:backup/plan:Plan", name: "backup-plan",
        props: {
            name: "expertconnect-prod-database",
            rules: [{ ruleName: "daily", lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:copy`, lifecycle: { deleteAfter: 35 } }] }],
            tags: TAGS,
        },
    };
    const first = (r: ResourceInput) => (r.props.rules as Record<string, any>[])[0];
    resourceTable(backupPlanRetention, plan, {
        passes: {
            "a raised floor is met": { config: { minimumRetentionDays: 35 } },
            "a daily rule kept 35 days": { change: r => { first(r).schedule = "cron(0 6 ? * * *)"; } },
            "a weekly rule kept 35 days, copies too": { change: r => { first(r).schedule = "cron(0 6 ? * SUN *)"; } },
            "a monthly rule kept 35 days (31 days apart at most)": { change: r => { first(r).schedule = "cron(0 5 1 * ? *)"; } },
            "a continuous rule kept 14 days, synced daily": { change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "cron(0 7 ? * * *)", lifecycle: { deleteAfter: 14 } }); delete first(r).copyActions; } },
            "a continuous rule at the AWS maximum, synced hourly": { change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "rate(1 hour)", lifecycle: { deleteAfter: 35 } }); delete first(r).copyActions; } },
            "a schedule the parser cannot read is not judged": { change: r => { first(r).schedule = "at(2030-01-01T00:00:00)"; } },
            "a monthly rule and its copy kept a year": {
                change: r => { (r.props.rules as unknown[]).push({ ruleName: "monthly", lifecycle: { deleteAfter: 365 }, copyActions: [{ destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:copy", lifecycle: { deleteAfter: 365 } }] }); },
            },
            "points kept exactly the maximum": { change: r => { first(r).lifecycle.deleteAfter = 400; } },
        },
        violations: {
            "a continuous rule synced monthly keeps 14 days": {
                change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "cron(0 7 1 * ? *)", lifecycle: { deleteAfter: 14 } }); delete first(r).copyActions; },
                message: /rule daily makes recovery points and runs up to 31 days apart \(cron\(0 7 1 \* \? \*\)\) but keeps them 14 days.*EXPIRED/,
            },
            "a continuous rule synced every 30 days by rate keeps 14": {
                change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "rate(30 days)", lifecycle: { deleteAfter: 14 } }); delete first(r).copyActions; }, message: /runs up to 30 days apart/,
            },
            "a continuous rule kept 36 days": {
                change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "cron(0 7 ? * * *)", lifecycle: { deleteAfter: 36 } }); delete first(r).copyActions; }, message: /keeps point-in-time recovery 36 days; AWS Backup keeps continuous backups 1 to 35 days/,
            },
            "a continuous rule kept forever": {
                change: r => { Object.assign(first(r), { enableContinuousBackup: true, schedule: "cron(0 7 ? * * *)" }); delete first(r).lifecycle; delete first(r).copyActions; }, message: /keeps point-in-time recovery forever/,
            },
            "a snapshot rule on 1 and 15 January keeps 35 days": { change: r => { first(r).schedule = "cron(0 6 1,15 1 ? *)"; }, message: /rule daily makes recovery points and runs up to \d+ days apart .* keeps them 35 days/ },
            "a quarterly rule whose copies are kept 35 days (the points forever)": {
                change: r => { first(r).schedule = "cron(0 6 1 1,4,7,10 ? *)"; delete first(r).lifecycle; }, message: /copy action #0 copies to .* and runs up to 93 days apart .* keeps them 35 days: for part of every interval there is no recovery point at all, and a region loss/,
            },
            "a Sunday rule kept exactly 7 days (no overlap)": { change: r => { first(r).schedule = "cron(0 6 ? * SUN *)"; first(r).lifecycle.deleteAfter = 7; }, message: /runs up to 7 days apart .* keeps them 7 days/ },
            "a copy is kept 1 day": { change: r => { first(r).copyActions[0].lifecycle.deleteAfter = 1; }, message: /copy action #0 copies to .*keeps them 1 days; the minimum is 7/ },
            "recovery points are kept 3 days": { change: r => { first(r).lifecycle.deleteAfter = 3; }, message: /rule daily makes recovery points and keeps them 3 days/ },
            "a floor above the plan": { config: { minimumRetentionDays: 60 }, message: /keeps them 35 days; the minimum is 60/ },
            "points are kept forever (no lifecycle)": { change: r => { delete first(r).lifecycle; }, message: /rule daily makes recovery points and keeps them forever/ },
            "the copy action has no lifecycle (copies kept forever)": { change: r => { delete first(r).copyActions[0].lifecycle; }, message: /copy action #0 .*keeps them forever/ },
            "a lifecycle that only moves to cold storage": { change: r => { first(r).lifecycle = { coldStorageAfter: 30 }; }, message: /rule daily .*keeps them forever/ },
            "deleteAfter -1 (AWS Backup: keep indefinitely)": { change: r => { first(r).copyActions[0].lifecycle.deleteAfter = -1; }, message: /copy action #0 .*keeps them forever/ },
            "points kept 10 years": { change: r => { first(r).lifecycle.deleteAfter = 3650; }, message: /keeps them 3650 days; the maximum is 400/ },
            "a lowered maximum is exceeded": { config: { maximumRetentionDays: 30 }, message: /keeps them 35 days; the maximum is 30/ },
        },
    });
});

const vaultStack: StackResourceInput[] = [
    { type: "aws:backup/vault:Vault", name: "vault", props: { name: "expertconnect-prod-backups", region: "us-east-1" } },
    { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", name: "vault-lock", props: { backupVaultName: "expertconnect-prod-backups", minRetentionDays: 7, maxRetentionDays: 400, region: "us-east-1" } },
];

const COPY_VAULT_ARN = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups-dr`;
/** The vault stack plus the copy vault and a plan writing into both (the real stack's shape). */
const planStack: StackResourceInput[] = [
    ...vaultStack,
    { type: "aws:backup/vault:Vault", name: "copy-vault", props: { name: "expertconnect-prod-backups-dr", arn: COPY_VAULT_ARN, region: "us-west-2" } },
    { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", name: "copy-lock", props: { backupVaultName: "expertconnect-prod-backups-dr", minRetentionDays: 7, maxRetentionDays: 400, region: "us-west-2" } },
    {
        type: "aws:backup/plan:Plan", name: "plan", props: {
            name: "expertconnect-prod", region: "us-east-1", rules: [
                { ruleName: "daily", targetVaultName: "expertconnect-prod-backups", lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: COPY_VAULT_ARN, lifecycle: { deleteAfter: 35 } }] },
                { ruleName: "continuous", targetVaultName: "expertconnect-prod-backups", enableContinuousBackup: true, lifecycle: { deleteAfter: 14 } },
            ],
        },
    },
];
type Rule = { targetVaultName: unknown; copyActions?: { destinationVaultArn: unknown }[] };
const rules = (s: StackResourceInput[]) => named(s, "plan").props.rules as Rule[];

describe("backup-vault-lock", () => {
    stackTable(backupVaultLock, vaultStack, {
        passes: { "the lock's vault name is unknown in preview but it depends on the vault": {
            change: s => { named(s, "vault-lock").props.backupVaultName = UNKNOWN; named(s, "vault-lock").propertyDependencies = { backupVaultName: ["vault"] }; },
        } },
        violations: {
            "the lock was removed": { change: s => { s.pop(); }, message: /expertconnect-prod-backups has no vault lock/ },
            "the lock enforces 1 day": { change: s => { named(s, "vault-lock").props.minRetentionDays = 1; }, message: /enforces 1 days; the minimum is 7/ },
            "the lock caps retention below the floor": { change: s => { named(s, "vault-lock").props.maxRetentionDays = 3; }, message: /caps retention at 3 days/ },
            "the lock sets no maximum (recovery points may be kept forever)": { change: s => { delete named(s, "vault-lock").props.maxRetentionDays; }, message: /sets no maxRetentionDays, so recovery points may be kept forever/ },
            "the lock's maximum is 10 years": { change: s => { named(s, "vault-lock").props.maxRetentionDays = 3650; }, message: /lets recovery points be kept 3650 days.*at most 400/ },
            "a lowered maximum is exceeded": { config: { maximumRetentionDays: 35 }, message: /lets recovery points be kept 400 days.*at most 35/ },
            "the lock is on a same-named vault in another region": { change: s => { named(s, "vault-lock").props.region = "us-west-2"; }, message: /has no vault lock/ },
        },
    });
});

describe("backup-vault-lock: plans write into locked vaults", () => {
    stackTable(backupVaultLock, planStack, {
        passes: {
            "the rule's vault name is unknown in preview": { change: s => { rules(s)[1].targetVaultName = UNKNOWN; } },
            "a new vault's name is unknown in preview": {
                change: s => {
                    named(s, "vault").props.name = UNKNOWN;
                    named(s, "vault-lock").props.backupVaultName = UNKNOWN;
                    named(s, "vault-lock").propertyDependencies = { backupVaultName: ["vault"] };
                    rules(s)[0].targetVaultName = "expertconnect-prod-backups-v2";
                },
            },
        },
        violations: {
            "every rule targets the account's Default vault": { change: s => { rules(s).forEach(r => { r.targetVaultName = "Default"; }); }, message: /rule daily writes into vault Default, a vault the stack does not own/ },
            "the continuous rule alone moves to the Default vault": { change: s => { rules(s)[1].targetVaultName = "Default"; }, message: /rule continuous writes into vault Default/ },
            "the copy goes to the Default vault of the dr region": {
                change: s => { rules(s)[0].copyActions![0].destinationVaultArn = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:Default`; }, message: /copies into .*backup-vault:Default, a vault the stack does not own/,
            },
            "the copy vault's lock is removed": { change: s => { s.splice(s.findIndex(r => r.name === "copy-lock"), 1); }, message: /copies into .*, a vault of the stack without a vault lock/ },
            "the vaults and their locks removed from the program, the plan still naming them": {
                change: s => { for (const name of ["vault", "vault-lock", "copy-vault", "copy-lock"]) s.splice(s.findIndex(r => r.name === name), 1); },
                message: /rule daily writes into vault expertconnect-prod-backups, a vault the stack does not own/,
            },
            "a rule targets the primary vault's name in the dr region's plan": {
                change: s => { named(s, "plan").props.region = "us-west-2"; rules(s)[0].copyActions = []; }, message: /rule daily writes into vault expertconnect-prod-backups, a vault the stack does not own/,
            },
        },
    });
});

const keyStack: StackResourceInput[] = [
    { type: "aws:rds/instance:Instance", name: "replica", props: { region: "us-west-2", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/dr` } },
    {
        type: "aws:secretsmanager/secret:Secret", name: "master",
        props: { region: "us-east-1", kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/db`, replicas: [{ region: "us-west-2", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/dr` }] },
    },
    { type: "aws:backup/vault:Vault", name: "copy-vault", props: { region: "us-west-2", kmsKeyArn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/backup` } },
];

describe("kms-key-in-data-region", () => {
    stackTable(kmsKeyInDataRegion, keyStack, {
        passes: { "a key given by alias name (no region in it)": { change: s => { named(s, "replica").props.kmsKeyId = "alias/expertconnect-dr-db"; } } },
        violations: {
            "the dr replica uses prod's key": { change: s => { named(s, "replica").props.kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/db`; }, message: /replica's kmsKeyId is a key in us-east-1, but its data is in us-west-2/ },
            "a secret replica uses the source region's key": {
                change: s => { (named(s, "master").props.replicas as Record<string, unknown>[])[0].kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/db`; }, message: /master's replicas\[0\].kmsKeyId is a key in us-east-1/,
            },
            "the copy vault uses the source region's key": { change: s => { named(s, "copy-vault").props.kmsKeyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/backup`; }, message: /copy-vault's kmsKeyArn/ },
        },
    });
});

describe("dr-database-replica: a standalone database on standby, a replica while serving", () => {
    // Deletion protection and a week of backups: required in every phase (the replica becomes prod's only copy).
    const drStack: StackResourceInput[] = [{
        ...replicaDb,
        props: { ...replicaDb.props, region: "us-west-2", deletionProtection: true, backupRetentionPeriod: 7, tags: { ...TAGS, Environment: "dr", FailoverPhase: "standby" } },
    }];
    const standalone = (s: StackResourceInput[]) => { delete s[0].props.replicateSourceDb; };
    stackTable(drDatabaseReplica, drStack, {
        config: inDr,
        passes: {
            "the promoted database has no source": { change: s => { standalone(s); (s[0].props.tags as Record<string, string>).FailoverPhase = "promoted"; } },
            "the stack's drPhase output says promote": {
                change: s => { standalone(s); delete (s[0].props.tags as Record<string, string>).FailoverPhase; s.push({ type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { drPhase: "promote" } }); },
            },
        },
        violations: {
            "the replica is replaced by an empty database on standby": { change: standalone, message: /standalone database while the dr stack is on standby/ },
            "an untagged standalone database": { change: s => { standalone(s); delete (s[0].props.tags as Record<string, string>).FailoverPhase; }, message: /standalone database/ },
            "another resource's phase tag does not excuse it": {
                change: s => { standalone(s); s.push({ type: "aws:s3/bucket:Bucket", name: "b", props: { tags: { FailoverPhase: "promoted" } } }); }, message: /standalone database/,
            },
            "tagged promote but still a replica (the services write to a read-only database)": {
                change: s => { (s[0].props.tags as Record<string, string>).FailoverPhase = "promote"; }, message: /FailoverPhase=promote but still replicates .*refuses every write/,
            },
            "the stack's drPhase output says promoted while the database replicates": {
                change: s => { delete (s[0].props.tags as Record<string, string>).FailoverPhase; s.push({ type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { drPhase: "promoted" } }); }, message: /FailoverPhase=promoted but still replicates/,
            },
        },
    });
});
