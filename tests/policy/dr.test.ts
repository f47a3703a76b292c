import { expect } from "chai";
import { drProdBackupCopy } from "../../policy/dr/backupCopy";
import { drDatabaseReplica } from "../../policy/dr/databaseReplica";
import { drDnsFailoverHealthChecked } from "../../policy/dr/failoverRecord";
import { drRunsProdRelease } from "../../policy/dr/prodRelease";
import { compareReleases, ReleaseOrder, releasesOf } from "../../policy/lib/facts/releases";
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

describe("dr-runs-prod-release", () => {
    const registry = (region: string) => `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com`;
    const replica = (name: string) => `${registry("us-west-2")}/${name}`;
    const task = (service: string, image: string): StackResourceInput => ({
        type: "aws:ecs/taskDefinition:TaskDefinition", name: `${service}-task`,
        props: { family: `expertconnect-dr-${service}`, containerDefinitions: JSON.stringify([{ name: service, image }]) },
    });
    const digest = `sha256:${"4e".repeat(32)}`;
    const stack: StackResourceInput[] = [
        {
            type: "pulumi:pulumi:StackReference", name: "prod-stack",
            props: {
                name: "organization/expertconnect-infra/prod",
                outputs: {
                    environment: "prod",
                    releases: { "expertconnect-backend": "v1.0.0", "expertconnect-frontend": "v1.0.0" },
                    replicaRepositoryUrls: { "expertconnect-backend": replica("expertconnect-backend"), "expertconnect-frontend": replica("expertconnect-frontend") },
                },
            },
        },
        // The dr stack's own last deployment (stack/history.ts): not prod's.
        { type: "pulumi:pulumi:StackReference", name: "last-deployment", props: { name: "organization/expertconnect-infra/dr", outputs: { environment: "dr", releases: {} } } },
        task("backend", `${replica("expertconnect-backend")}:v1.0.0`),
        task("frontend", `${replica("expertconnect-frontend")}:v1.0.0`),
    ];
    const backend = (image: string) => (s: StackResourceInput[]) => { Object.assign(s[2], task("backend", image)); };
    const prodOutputs = (s: StackResourceInput[]) => s[0].props.outputs as Record<string, any>;
    stackTable(drRunsProdRelease, stack, {
        config: { environment: "dr" },
        passes: {
            "dr moves to the next release before prod is deployed (its migrations run at promotion)": { change: backend(`${replica("expertconnect-backend")}:v1.1.0`) },
            "dr runs a patch release of prod's": { change: backend(`${replica("expertconnect-backend")}:v1.0.1`) },
            "dr runs the final release of prod's release candidate": { change: s => { prodOutputs(s).releases["expertconnect-backend"] = "v1.1.0-rc.2"; backend(`${replica("expertconnect-backend")}:v1.1.0`)(s); } },
            "prod and dr pin the same digest": { change: s => { prodOutputs(s).releases["expertconnect-backend"] = digest; backend(`${replica("expertconnect-backend")}@${digest}`)(s); } },
            "the replica is named by its dual-stack endpoint": { change: backend(`${ACCOUNT}.dkr-ecr.us-west-2.on.aws/expertconnect-backend:v1.0.0`) },
            "a sidecar comes from ECR Public": {
                change: s => { s[2].props.containerDefinitions = JSON.stringify([...JSON.parse(s[2].props.containerDefinitions as string), { name: "xray-daemon", image: "public.ecr.aws/xray/aws-xray-daemon:3.3.14" }]); },
            },
            "prod's outputs are unknown during preview": { change: s => { s[0].props.outputs = UNKNOWN; } },
        },
        violations: {
            "dr pulls the us-east-1 repository (the region dr replaces)": {
                change: backend(`${registry("us-east-1")}/expertconnect-backend:v1.0.0`), message: /task expertconnect-dr-backend container backend pulls .* from the us-east-1 registry, not us-west-2's/,
            },
            "dr pulls us-east-1 through its dual-stack endpoint": { change: backend(`${ACCOUNT}.dkr-ecr.us-east-1.on.aws/expertconnect-backend:v1.0.0`), message: /from the us-east-1 registry/ },
            "dr pulls us-east-1 through its FIPS endpoint": { change: backend(`${ACCOUNT}.dkr.ecr-fips.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`), message: /from the us-east-1 registry/ },
            "dr runs an older release than prod": { change: backend(`${replica("expertconnect-backend")}:v0.9.0`), message: /runs expertconnect-backend v0\.9\.0, older than prod's v1\.0\.0: .* nothing migrates backwards/ },
            "dr runs prod's release candidate, older than the release prod runs": { change: backend(`${replica("expertconnect-backend")}:v1.0.0-rc.1`), message: /v1\.0\.0-rc\.1, older than prod's v1\.0\.0/ },
            "dr runs an older minor by a two-part tag": { change: backend(`${replica("expertconnect-backend")}:0.9`), message: /older than prod's v1\.0\.0/ },
            "dr runs a build tag that cannot be ordered against prod's release": { change: backend(`${replica("expertconnect-backend")}:sha-3f1c9a7`), message: /cannot be ordered/ },
            "dr pins a digest other than prod's": { change: s => { prodOutputs(s).releases["expertconnect-backend"] = digest; backend(`${replica("expertconnect-backend")}@sha256:${"0a".repeat(32)}`)(s); }, message: /cannot be ordered/ },
            "dr's frontend lags prod's": { change: s => { Object.assign(s[3], task("frontend", `${replica("expertconnect-frontend")}:v0.8.2`)); }, message: /expertconnect-dr-frontend .* older than prod's v1\.0\.0/ },
            "dr pulls a repository in its region that prod does not replicate (an ECR-to-ECR pull-through cache of us-east-1)": {
                change: backend(`${registry("us-west-2")}/ecr-east/expertconnect-backend:v1.0.0`), message: /which is no replica prod publishes/,
            },
            "dr pulls another account's repository in its region": { change: backend(`210987654321.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.0.0`), message: /no replica prod publishes/ },
            "prod exports no releases": { change: s => { delete prodOutputs(s).releases; }, message: /exports no releases output/ },
            "prod runs no release of the repository": { change: s => { delete prodOutputs(s).releases["expertconnect-backend"]; }, message: /of which prod runs no release/ },
            "no stack reference is prod's": { change: s => { s.splice(0, 1); }, message: /no stack reference of this stack is prod's/ },
        },
        notApplicable: { "the stack is prod": { config: { environment: "prod" } } },
    });
});

describe("releases (policy/lib/facts/releases.ts)", () => {
    const orders: Array<[string, string, ReleaseOrder]> = [
        ["v1.0.0", "v1.0.0", "same"], ["v1.1.0", "v1.0.0", "later"], ["v0.9.0", "v1.0.0", "earlier"], ["v1.10.0", "v1.9.0", "later"],
        ["1.0", "v1.0.0", "unordered"], ["v1.0.0-rc.1", "v1.0.0", "earlier"], ["v1.0.0-rc.10", "v1.0.0-rc.9", "later"], ["v1.0.0-beta", "v1.0.0-alpha", "later"],
        ["v1.0.0+build.7", "v1.0.0", "unordered"], ["2024.06.02", "2024.06.01", "later"], ["sha-3f1c9a7", "v1.0.0", "unordered"], [`sha256:${"a".repeat(64)}`, "v1.0.0", "unordered"],
    ];
    for (const [release, baseline, order] of orders) {
        it(`${release} is ${order} against ${baseline}`, () => expect(compareReleases(release, baseline)).to.equal(order));
    }
    it("reads a release by repository from image references (digest first, no tag: latest)", () => expect(releasesOf([
        `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0`,
        `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/team/worker:v2@sha256:${"b".repeat(64)}`,
        "registry.example:5000/tools/cli",
    ])).to.deep.equal({ "expertconnect-backend": "v1.0.0", "team/worker": `sha256:${"b".repeat(64)}`, "tools/cli": "latest" }));
});
