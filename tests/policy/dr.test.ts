import { drProdBackupCopy } from "../../policy/dr/backupCopy";
import { drDatabaseReplica } from "../../policy/dr/databaseReplica";
import { drDnsFailoverHealthChecked } from "../../policy/dr/failoverRecord";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const DB_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;
const DR_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-dr`;

const prod: StackResourceInput[] = [
    { ...primaryDb, props: { ...primaryDb.props, arn: DB_ARN, region: "us-east-1" } },
    {
        type: "aws:backup/plan:Plan", name: "backup-plan",
        props: {
            name: "expertconnect-prod",
            rules: [{
                ruleName: "daily", targetVaultName: "expertconnect-prod", schedule: "cron(0 5 * * ? *)", enableContinuousBackup: true,
                lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: DR_VAULT, lifecycle: { deleteAfter: 35 } }],
            }],
        },
    },
    {
        type: "aws:backup/selection:Selection", name: "backup-selection",
        props: { name: "database", planId: "plan-123", iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/backup`, resources: [DB_ARN] },
        propertyDependencies: { planId: ["backup-plan"], resources: ["database-instance"] },
    },
];

const copyTo = (arn: string) => (s: StackResourceInput[]) => {
    (named(s, "backup-plan").props.rules as { copyActions: { destinationVaultArn: string }[] }[])[0].copyActions[0].destinationVaultArn = arn;
};
const withoutPlan = (s: StackResourceInput[]) => { s.splice(1); };
const schedule = (expression: string | undefined) => (s: StackResourceInput[]) => {
    (named(s, "backup-plan").props.rules as { schedule?: string }[])[0].schedule = expression;
};

describe("dr-prod-backup-copy", () => {
    stackTable(drProdBackupCopy, prod, {
        passes: {
            "RDS automated-backups replication copies to us-west-2": {
                change: s => {
                    withoutPlan(s);
                    s.push({
                        type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "backup-replication",
                        props: { sourceDbInstanceArn: DB_ARN, region: "us-west-2", retentionPeriod: 14 }, propertyDependencies: { sourceDbInstanceArn: ["database-instance"] },
                    });
                },
            },
            "the selection assigns every RDS database of the account by wildcard": {
                change: s => { named(s, "backup-selection").props.resources = [`arn:aws:rds:*:${ACCOUNT}:db:*`]; },
            },
            "the selection assigns by a tag the database carries": {
                change: s => {
                    const sel = named(s, "backup-selection");
                    sel.props.resources = [];
                    sel.props.selectionTags = [{ type: "STRINGEQUALS", key: "Component", value: (named(s, "database-instance").props.tags as Record<string, string>).Component }];
                },
            },
            "a rule without a schedule (AWS Backup's daily default) copies": {
                change: schedule(undefined),
            },
            "a second, weekly rule copies too beside the daily one": {
                change: s => {
                    const rules = named(s, "backup-plan").props.rules as object[];
                    rules.push({ ...rules[0], ruleName: "weekly", schedule: "cron(0 5 ? * SUN *)" });
                },
            },
            "the selection finds the plan and database by dependency only (preview)": {
                change: s => { named(s, "backup-selection").props.resources = [UNKNOWN]; named(s, "backup-selection").props.planId = UNKNOWN; },
            },
        },
        violations: {
            "nothing copies the backups": { change: withoutPlan, message: /expertconnect-prod-db's backups are not copied to the dr region us-west-2/ },
            "the copy goes to a vault in the same region": {
                change: copyTo(`arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:other`), message: /copied to us-east-1, not to the dr region us-west-2/,
            },
            "the copy goes to a third region, not the dr region": {
                change: copyTo(`arn:aws:backup:us-east-2:${ACCOUNT}:backup-vault:other`), message: /copied to us-east-2, not to the dr region us-west-2/,
            },
            "the copy goes to us-west-2 but the configured dr region is eu-west-1": {
                config: { drRegion: "eu-west-1" }, message: /copied to us-west-2, not to the dr region eu-west-1/,
            },
            "automated-backups replication stays in the same region": {
                change: s => {
                    withoutPlan(s);
                    s.push({
                        type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "backup-replication",
                        props: { sourceDbInstanceArn: DB_ARN, region: "us-east-1" }, propertyDependencies: { sourceDbInstanceArn: ["database-instance"] },
                    });
                },
                message: /copied to us-east-1, not to the dr region/,
            },
            "the copying rule runs once a year": {
                change: schedule("cron(0 6 1 1 ? *)"), message: /reach us-west-2 only through rule daily of backup plan backup-plan every 372 days/,
            },
            "the copying rule runs weekly": {
                change: schedule("cron(0 6 ? * SUN *)"), message: /every 7 days; the schedule must run at least every 1 day/,
            },
            "the plan's selection does not cover the database": {
                change: s => { const sel = named(s, "backup-selection"); sel.props.resources = ["arn:aws:s3:::expertconnect-backup"]; delete sel.propertyDependencies; },
                message: /no backup selection of that plan assigns the database/,
            },
            "the selection names another database (its stale dependency on ours does not count)": {
                change: s => { named(s, "backup-selection").props.resources = [`arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-staging-db`]; },
                message: /no backup selection of that plan assigns the database/,
            },
            "the selection selects by a tag the database does not carry": {
                change: s => { const sel = named(s, "backup-selection"); sel.props.resources = []; sel.props.selectionTags = [{ type: "STRINGEQUALS", key: "Backup", value: "true" }]; },
                message: /no backup selection of that plan assigns the database/,
            },
            "the selection takes every database but excludes ours": {
                change: s => { const sel = named(s, "backup-selection"); sel.props.resources = ["arn:aws:rds:*:*:db:*"]; sel.props.notResources = [DB_ARN]; },
                message: /no backup selection of that plan assigns the database/,
            },
            "a condition of the selection excludes the database": {
                change: s => { named(s, "backup-selection").props.conditions = [{ stringEquals: [{ key: "aws:ResourceTag/Backup", value: "true" }] }]; },
                message: /no backup selection of that plan assigns the database/,
            },
            "the plan has no selection": {
                change: s => { s.splice(2); }, message: /no backup selection of that plan assigns the database/,
            },
        },
        notApplicable: { "the stack is dr": { config: { environment: "dr" }, change: withoutPlan } },
    });
});

const dr: StackResourceInput[] = [
    { ...replicaDb, props: { ...replicaDb.props, region: "us-west-2", deletionProtection: true, backupRetentionPeriod: 14 } },
    {
        type: "pulumi:pulumi:StackReference", name: "prod-stack",
        props: { name: "organization/expertconnect-infra/prod", outputs: { databaseArn: DB_ARN, albDnsName: "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com" } },
    },
];

describe("dr-database-replica", () => {
    stackTable(drDatabaseReplica, dr, {
        config: { environment: "dr" },
        passes: {
            "the stack reads no prod stack reference (nothing published to compare with)": { change: s => { s.splice(1, 1); } },
            "the stack reference's outputs are unknown during preview": { change: s => { s[1].props.outputs = UNKNOWN; } },
            "the replica keeps more backups than the minimum": { change: s => { s[0].props.backupRetentionPeriod = 35; } },
            "the replica has been promoted (failover)": {
                change: s => { delete s[0].props.replicateSourceDb; s[0].props.tags = { ...(s[0].props.tags as object), FailoverPhase: "promoted" }; },
            },
        },
        violations: {
            "the dr stack has no database": { change: s => { s.length = 0; }, message: /dr stack has no database/ },
            "the replica's source is in its own region": {
                change: s => { s[0].props.replicateSourceDb = `arn:aws:rds:us-west-2:${ACCOUNT}:db:other`; }, message: /from its own region us-west-2/,
            },
            "the replica names its source by identifier (same region)": {
                change: s => { s[0].props.replicateSourceDb = "expertconnect-prod-db"; }, message: /from its own region/,
            },
            "the replica replicates another database than the prod stack publishes": {
                change: s => { s[0].props.replicateSourceDb = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-staging-db`; },
                message: /replicates arn:aws:rds:us-east-1:123456789012:db:expertconnect-staging-db, not the database the prod stack reference publishes/,
            },
            "the standby replica has no deletion protection": { change: s => { s[0].props.deletionProtection = false; }, message: /deletionProtection is off/ },
            "the standby replica keeps no backups": { change: s => { s[0].props.backupRetentionPeriod = 0; }, message: /backupRetentionPeriod is 0 days \(at least 7 days\)/ },
            "the promoted database has no deletion protection": {
                change: s => { delete s[0].props.replicateSourceDb; s[0].props.tags = { ...(s[0].props.tags as object), FailoverPhase: "promoted" }; s[0].props.deletionProtection = false; },
                message: /deletionProtection is off/,
            },
            "the phase tag is gone and the backups with it": {
                change: s => { s[0].props.tags = { Environment: "dr" }; delete s[0].props.backupRetentionPeriod; }, message: /backupRetentionPeriod is unset \(at least 7 days\)/,
            },
        },
        notApplicable: { "the stack is prod": { config: { environment: "prod" }, change: s => { s.length = 0; } } },
    });
});

describe("dr-dns-failover-health-checked", () => {
    const alias = { name: "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false };
    const primary = {
        type: "aws:route53/record:Record", name: "dns-failover",
        props: { name: "app.expertconnect.example", type: "A", zoneId: "Z1", setIdentifier: "prod", aliases: [alias], failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: "hc-123" },
    };
    resourceTable(drDnsFailoverHealthChecked, primary, {
        passes: {
            "the primary is an alias evaluating its target's health": { change: r => { delete r.props.healthCheckId; r.props.aliases = [{ ...alias, evaluateTargetHealth: true }]; } },
            "the secondary has no health check (Route 53 serves it when the primary fails)": { change: r => { delete r.props.healthCheckId; r.props.failoverRoutingPolicies = [{ type: "SECONDARY" }]; } },
            "a plain record": { change: r => { r.props = { name: "prod.app.expertconnect.example", type: "A", zoneId: "Z1", aliases: [alias] }; } },
            "an enabled health check": { change: r => { r.type = "aws:route53/healthCheck:HealthCheck"; r.props = { fqdn: "prod.app.expertconnect.example", type: "HTTPS", disabled: false }; } },
        },
        violations: {
            "the primary has no health check": { change: r => { delete r.props.healthCheckId; }, message: /is the PRIMARY of a failover pair with no health check/ },
            "the primary's health check is empty and its alias ignores target health": { change: r => { r.props.healthCheckId = ""; }, message: /never fails over to the SECONDARY/ },
            "the primary is written in lower case, without a health check": {
                change: r => { delete r.props.healthCheckId; r.props.failoverRoutingPolicies = [{ type: "primary" }]; }, message: /PRIMARY of a failover pair/,
            },
            "a health check is disabled": {
                change: r => { r.type = "aws:route53/healthCheck:HealthCheck"; r.props = { fqdn: "prod.app.expertconnect.example", type: "HTTPS", disabled: true }; }, message: /the health check is disabled/,
            },
        },
    });
});
