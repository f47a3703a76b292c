/**
 * Class 3, backups that exist but would not run or restore as the guide expects: a region that
 * opts the database's type out of AWS Backup, a vault lock that refuses the plan's retention,
 * point-in-time recovery taken out of the locked vault, restore tests that put production data
 * in public subnets, replicas that need hours of restore, a standby load balancer nobody
 * protects, and database logs the slow-query review reads but RDS no longer writes.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, remove, suite } from "./support";

const PLAN = "aws:backup/plan:Plan";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const RESTORE_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const S3_REPL = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const SETTINGS = "aws:backup/regionSettings:RegionSettings";
const DB = "aws:rds/instance:Instance";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const ALL_TYPES = { RDS: true, Aurora: true, S3: true, DynamoDB: true, EBS: true, EC2: true, EFS: true, FSx: true };
const continuous = (change: (rule: any) => void) => edit(PLAN, p => { p.rules.filter((r: any) => r.enableContinuousBackup).forEach(change); });

const violations: Case[] = [
    // AWS Backup never starts the job.
    { name: "region settings opt RDS out of AWS Backup", change: add(SETTINGS, "backup-region", { resourceTypeOptInPreference: { ...ALL_TYPES, RDS: false } }) },
    { name: "region settings name only RDS, opted out", change: add(SETTINGS, "backup-region", { region: "us-east-1", resourceTypeOptInPreference: { RDS: false } }) },
    // The vault lock refuses what the plan writes.
    { name: "vault lock maxRetentionDays 7 below the plan's 14 and 35", change: edit(LOCK, p => { p.maxRetentionDays = 7; }, named("dr-backup-vault-lock")) },
    { name: "copy vault lock minRetentionDays 90 above the copies' 35", change: edit(LOCK, p => { p.minRetentionDays = 90; }, named("dr-backup-copy-vault-lock")) },
    { name: "vault lock maxRetentionDays 30 below the daily rule's 35 (drift)", change: drift(LOCK, p => { p.maxRetentionDays = 30; }, named("dr-backup-vault-lock")) },
    // Point-in-time recovery out of the locked vault.
    { name: "continuous (PITR) backup turned off", change: continuous(r => { r.enableContinuousBackup = false; }) },
    { name: "continuous rule removed", change: edit(PLAN, p => { p.rules = p.rules.filter((r: any) => !r.enableContinuousBackup); }) },
    // Restore tests that expose production data.
    { name: "restore test DB restored publicly accessible in default subnets", change: edit(RESTORE_SELECTION, p => { p.restoreMetadataOverrides = { publiclyAccessible: "true", dbSubnetGroupName: "default" }; }) },
    { name: "restore test publicly accessible in the stack's subnets", change: edit(RESTORE_SELECTION, p => { p.restoreMetadataOverrides.publiclyAccessible = "true"; }) },
    { name: "restore test overrides dropped (default VPC)", change: edit(RESTORE_SELECTION, p => { delete p.restoreMetadataOverrides; }) },
    // Replicas that cannot be served at failover.
    { name: "static replicas land in DEEP_ARCHIVE", change: edit(S3_REPL, p => { p.rules[0].destination.storageClass = "DEEP_ARCHIVE"; }) },
    { name: "static replicas land in GLACIER", change: edit(S3_REPL, p => { p.rules[0].destination.storageClass = "GLACIER"; }) },
    { stack: "dr", name: "dr drift: standby ALB deletion protection off", change: drift(ALB, p => { p.enableDeletionProtection = false; }) },
    { stack: "dr", name: "dr ALB deletion protection turned off in code", change: edit(ALB, p => { p.enableDeletionProtection = false; }) },
    // Logs the slow-query review reads.
    { name: "drift: prod RDS log exports to CloudWatch removed", change: drift(DB, p => { p.enabledCloudwatchLogsExports = []; }) },
    { name: "prod RDS exports only the upgrade log", change: edit(DB, p => { p.enabledCloudwatchLogsExports = ["upgrade"]; }) },
    { stack: "dr", name: "dr drift: replica's postgresql log export removed", change: drift(DB, p => { p.enabledCloudwatchLogsExports = ["upgrade"]; }) },
    // Found by removing each resource type in turn: the policy judging where plans write was silent without a vault.
    { name: "the backup vaults removed from the program, the plan's rules still naming them (AWS Backup writes nowhere the stack locks, or fails)", change: remove("aws:backup/vault:Vault") },
    { name: "the primary backup vault and its lock removed, the copy vault kept", change: all(remove("aws:backup/vault:Vault", named("dr-backup-vault")), remove("aws:backup/vaultLockConfiguration:VaultLockConfiguration", named("dr-backup-vault-lock"))) },
];

const compliant: Case[] = [
    { name: "region settings opt every type in", change: add(SETTINGS, "backup-region", { resourceTypeOptInPreference: ALL_TYPES }) },
    { name: "region settings opt DynamoDB and EFS out (nothing selected is of those types)", change: add(SETTINGS, "backup-region", { resourceTypeOptInPreference: { ...ALL_TYPES, DynamoDB: false, EFS: false } }) },
    { name: "vault locks capped at 100 days", change: edit(LOCK, p => { p.maxRetentionDays = 100; }) },
    { name: "continuous rule keeps the maximum 35 days", change: continuous(r => { r.lifecycle.deleteAfter = 35; }) },
    { name: "RDS backup retention 14 -> 21", change: edit(DB, p => { p.backupRetentionPeriod = 21; }) },
    { name: "restore test spells publiclyAccessible false", change: edit(RESTORE_SELECTION, p => { p.restoreMetadataOverrides.publiclyAccessible = "false"; }) },
    { name: "static replicas in STANDARD_IA", change: edit(S3_REPL, p => { p.rules[0].destination.storageClass = "STANDARD_IA"; }) },
    { name: "prod RDS also exports the IAM auth error log", change: edit(DB, p => { p.enabledCloudwatchLogsExports = [...p.enabledCloudwatchLogsExports, "iam-db-auth-error"]; }) },
    { name: "a manual snapshot before a migration (same account)", change: add("aws:rds/snapshot:Snapshot", "pre-migration", { dbInstanceIdentifier: "expertconnect-prod-db", dbSnapshotIdentifier: `expertconnect-pre-migration-${ACCOUNT}`, tags: { Project: "expertconnect", Environment: "prod", Component: "database" } }) },
];

suite("adversarial class 3: backups that run and restore, replicas that serve, logs that arrive", violations, compliant);
