/**
 * What a failover and a restore need before the day they are needed: images and secrets copied
 * to the other region, restore tests that run.
 */
import { expect } from "chai";

import { backupRestoreTested } from "../../policy/backup/restoreTesting";
import { completedRestorePattern } from "../../components/dr/RestoreTesting";
import { DEFAULT_FRESHNESS_QUERY, freshnessQueryProblem, MAX_RESTORED_DATA_AGE_HOURS } from "../../policy/lib/facts/restoreValidation";
import { longestGapDays } from "../../policy/lib/schedule";
import { drFailoverDependenciesReplicated, ecrReplicaRegions } from "../../policy/dr/failoverDependencies";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const REGION = "us-east-1";
const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`;
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`;
const CACHE_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/cache-auth-token-21c05c`;

const task = (image: string, secrets: Array<[string, string]>): StackResourceInput => ({
    type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task",
    props: {
        family: "expertconnect-prod-backend", arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:1`,
        containerDefinitions: JSON.stringify([{ name: "backend", image, secrets: secrets.map(([name, valueFrom]) => ({ name, valueFrom })) }]),
    },
});
const failoverStack: StackResourceInput[] = [
    task(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:v1.0.0`, [["JWT_SIGNING_KEY", SECRET_ARN], ["REDIS_AUTH_TOKEN", CACHE_SECRET_ARN]]),
    {
        type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "ecr-replication",
        props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: ACCOUNT }], repositoryFilters: [{ filter: "expertconnect-", filterType: "PREFIX_MATCH" }] }] } },
    },
    {
        type: "aws:secretsmanager/secret:Secret", name: "jwt-signing-key",
        props: { name: "expertconnect/prod/jwt-signing-key", arn: SECRET_ARN, replicas: [{ region: "us-west-2", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/k` }] },
    },
    { type: "aws:secretsmanager/secret:Secret", name: "cache-auth", props: { name: "expertconnect/prod/cache-auth-token", arn: CACHE_SECRET_ARN } },
];
const rules = (s: StackResourceInput[]) => (named(s, "ecr-replication").props.replicationConfiguration as { rules: any[] }).rules;

describe("dr-failover-dependencies-replicated", () => {
    stackTable(drFailoverDependenciesReplicated, failoverStack, {
        passes: {
            "a replication rule without filters covers every repository": { change: s => { delete rules(s)[0].repositoryFilters; } },
            "an image from another registry region (already a replica) needs no rule": {
                change: s => { s[0] = task(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.0.0`, [["JWT_SIGNING_KEY", SECRET_ARN]]); },
            },
            "ECR Public images are not replicated by the account": { change: s => { s[0] = task("public.ecr.aws/xray/aws-xray-daemon:3.3.15", []); } },
            "the secret is read through a JSON key of its value": { change: s => { s[0] = task(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:v1`, [["JWT_SIGNING_KEY", `${SECRET_ARN}:key::`]]); } },
            "a secret is replicated to the dr region and to a third one": { change: s => { (named(s, "jwt-signing-key").props.replicas as object[]).push({ region: "us-east-2" }); } },
            "the replicas are unknown during preview": { change: s => { named(s, "jwt-signing-key").props.replicas = UNKNOWN; } },
        },
        violations: {
            "the account replicates no image": { change: s => { s.splice(s.indexOf(named(s, "ecr-replication")), 1); }, message: /repository expertconnect-backend \(pulled by backend-task\) replicates to no rule's destination in the dr region us-west-2/ },
            "the rule's prefix does not cover the repository": { change: s => { rules(s)[0].repositoryFilters = [{ filter: "legacy-", filterType: "PREFIX_MATCH" }]; }, message: /replicates to no rule's destination in the dr region/ },
            "the only replication configuration is another region's registry": { change: s => { named(s, "ecr-replication").props.region = "eu-west-1"; }, message: /replicates to no rule's destination in the dr region/ },
            "the rule replicates into the stack's own region only": { change: s => { rules(s)[0].destinations = [{ region: REGION, registryId: ACCOUNT }]; }, message: /replicates to no rule's destination in the dr region/ },
            "a secret the task reads has no replica": { change: s => { delete named(s, "jwt-signing-key").props.replicas; }, message: /secret expertconnect\/prod\/jwt-signing-key \(read by backend-task as JWT_SIGNING_KEY\) has no replica in the dr region us-west-2/ },
            "the rule replicates to a third region, not the dr region": { change: s => { rules(s)[0].destinations = [{ region: "us-east-2", registryId: ACCOUNT }]; }, message: /no rule's destination in the dr region us-west-2/ },
            "a secret is replicated to a third region, not the dr region": {
                change: s => { named(s, "jwt-signing-key").props.replicas = [{ region: "us-east-2" }]; },
                message: /jwt-signing-key .* has no replica in the dr region us-west-2 \(its replicas are in us-east-2\)/,
            },
            "the configured dr region is another one": { config: { drRegion: "eu-west-1" }, message: /no replica in the dr region eu-west-1/ },
            "the database's master secret, read by no task, has no replica": {
                change: s => { s.push({ type: "aws:secretsmanager/secret:Secret", name: "database-master-secret", props: { name: "expertconnect/prod/database/master", arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/database/master-abc` } }); },
                message: /secret expertconnect\/prod\/database\/master has no replica in the dr region/,
            },
            "the cache token is not declared regional in config": { config: { regionalSecrets: [] }, message: /secret expertconnect\/prod\/cache-auth-token .* has no replica/ },
        },
    });

    it("reads replication rules as ECR applies them", () => {
        const rule = { destinations: [{ region: "us-west-2" }, { region: "us-east-1" }], repositoryFilters: [{ filter: "expertconnect-", filterType: "PREFIX_MATCH" }] };
        expect(ecrReplicaRegions([rule], "expertconnect-frontend", "us-east-1")).to.deep.equal(["us-west-2"]);
        expect(ecrReplicaRegions([rule], "other", "us-east-1")).to.deep.equal([]);
    });
});

const VAULT_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:expertconnect-prod-backups`;
const COPY_VAULT_ARN = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups-copy`;
const DR_DB_ARN = `arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-dr-db`;
const DR = "us-west-2";
/** The dr stack's settings: the parameter naming the static bucket's replica, a task reading replicated secrets. */
const drSettingsStack: StackResourceInput[] = [
    {
        type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task",
        props: {
            family: "expertconnect-dr-backend", arn: `arn:aws:ecs:${DR}:${ACCOUNT}:task-definition/expertconnect-dr-backend:1`,
            containerDefinitions: JSON.stringify([{
                name: "backend", image: `${ACCOUNT}.dkr.ecr.${DR}.amazonaws.com/expertconnect-backend:v1`,
                environment: [{ name: "HEALTH_CHECK_PATH", value: "/api/health/" }],
                secrets: [{ name: "JWT_SIGNING_KEY", valueFrom: SECRET_ARN.replace(REGION, DR) }, { name: "STATIC_BUCKET", valueFrom: `arn:aws:ssm:${DR}:${ACCOUNT}:parameter/expertconnect/dr/storage/static-bucket` }],
            }]),
        },
    },
    { type: "aws:ssm/parameter:Parameter", name: "static-bucket", props: { name: "/expertconnect/dr/storage/static-bucket", type: "String", value: "expertconnect-prod-static-us-west-2", arn: `arn:aws:ssm:${DR}:${ACCOUNT}:parameter/expertconnect/dr/storage/static-bucket` } },
    { type: "aws:ssm/parameter:Parameter", name: "cache-host", props: { name: "/expertconnect/dr/cache/host", type: "String", value: "master.expertconnect-dr-cache.fa4bbb.us-west-2.cache.amazonaws.com", arn: `arn:aws:ssm:${DR}:${ACCOUNT}:parameter/expertconnect/dr/cache/host` } },
    { type: "aws:ssm/parameter:Parameter", name: "db-name", props: { name: "/expertconnect/dr/database/name", type: "String", value: "expertconnect", arn: `arn:aws:ssm:${DR}:${ACCOUNT}:parameter/expertconnect/dr/database/name` } },
];
const drParam = (s: StackResourceInput[], name: string) => named(s, name).props;
const drContainer = (s: StackResourceInput[], edit: (c: any) => void) => {
    const list = JSON.parse(named(s, "backend-task").props.containerDefinitions as string);
    edit(list[0]);
    named(s, "backend-task").props.containerDefinitions = JSON.stringify(list);
};

describe("dr-failover-dependencies-replicated in dr: settings point at the dr region", () => {
    stackTable(drFailoverDependenciesReplicated, drSettingsStack, {
        config: { environment: "dr" },
        passes: {
            "a setting naming the dr database's host": { change: s => { drParam(s, "db-name").value = "expertconnect-dr-db.c2f8ee031b31.us-west-2.rds.amazonaws.com"; } },
            "a SecureString (not judged by value)": { change: s => { drParam(s, "db-name").type = "SecureString"; drParam(s, "db-name").value = "expertconnect-prod-static"; } },
            "a setting naming the organization's own domain": { change: s => { drParam(s, "db-name").value = "https://api.expertconnect.example/health"; } },
        },
        violations: {
            "STATIC_BUCKET points at prod's bucket (us-east-1) instead of the replica": {
                change: s => { drParam(s, "static-bucket").value = "expertconnect-prod-static"; }, message: /parameter \/expertconnect\/dr\/storage\/static-bucket names a resource in us-east-1, not the dr region us-west-2/,
            },
            "the cache host is prod's (short region code)": {
                change: s => { drParam(s, "cache-host").value = "master.expertconnect-prod-cache.2dd10f.use1.cache.amazonaws.com"; }, message: /cache\/host names a resource in us-east-1/,
            },
            "the database host is prod's": { change: s => { drParam(s, "db-name").insecureValue = "expertconnect-prod-db.c2f8ee031b31.us-east-1.rds.amazonaws.com"; }, message: /database\/name names a resource in us-east-1/ },
            "a container reads the us-east-1 secret": {
                change: s => drContainer(s, c => { c.secrets[0].valueFrom = SECRET_ARN; }), message: /backend-task container backend secret JWT_SIGNING_KEY names a resource in us-east-1/,
            },
            "a container environment value names prod's S3 endpoint": {
                change: s => drContainer(s, c => { c.environment.push({ name: "MEDIA_URL", value: "https://s3.us-east-1.amazonaws.com/expertconnect-prod-static/media/" }); }), message: /environment MEDIA_URL names a resource in us-east-1/,
            },
            "a function reads a queue of prod's region": {
                change: s => { s.push({ type: "aws:lambda/function:Function", name: "db-tasks", props: { arn: `arn:aws:lambda:${DR}:${ACCOUNT}:function:db-tasks`, environment: { variables: { QUEUE_ARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs` } } } }); },
                message: /db-tasks environment QUEUE_ARN names a resource in us-east-1/,
            },
            "a bucket named with a third region's suffix": { change: s => { drParam(s, "static-bucket").value = "expertconnect-prod-static-eu-west-1"; }, message: /names a resource in eu-west-1/ },
        },
    });
});

const restoreStack: StackResourceInput[] = [
    { ...primaryDb, props: { ...primaryDb.props, arn: DB_ARN, tags: { Project: "expertconnect", Environment: "prod", Component: "database" } } },
    {
        type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-plan",
        props: {
            name: "expertconnect_prod_monthly", scheduleExpression: "cron(0 8 1 * ? *)", region: REGION,
            recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [VAULT_ARN], recoveryPointTypes: ["SNAPSHOT"], selectionWindowDays: 7 },
        },
    },
    {
        type: "aws:backup/restoreTestingSelection:RestoreTestingSelection", name: "restore-selection",
        props: {
            name: "expertconnect_prod_database", restoreTestingPlanName: "expertconnect_prod_monthly", protectedResourceType: "RDS", protectedResourceArns: [DB_ARN], region: REGION,
            restoreMetadataOverrides: { dbSubnetGroupName: "database-subnets-d43a9b2", vpcSecurityGroupIds: "[\"sg-0fc76780074a8bf53\"]" },
        },
        propertyDependencies: { restoreTestingPlanName: ["restore-plan"], protectedResourceArns: ["database-instance"] },
    },
    { type: "aws:rds/subnetGroup:SubnetGroup", name: "database-subnets", props: { name: "database-subnets-d43a9b2", region: REGION } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "database-sg", props: { id: "sg-0fc76780074a8bf53", region: REGION } },
    // What the stack backs up, and where: the vaults the restore tests must draw from.
    { type: "aws:backup/vault:Vault", name: "vault", props: { name: "expertconnect-prod-backups", arn: VAULT_ARN, region: REGION } },
    { type: "aws:backup/vault:Vault", name: "copy-vault", props: { name: "expertconnect-prod-backups-copy", arn: COPY_VAULT_ARN, region: "us-west-2" } },
    {
        type: "aws:backup/plan:Plan", name: "backup-plan", props: {
            name: "expertconnect-prod-database", id: "plan-1", region: REGION, rules: [
                { ruleName: "continuous", targetVaultName: "expertconnect-prod-backups", schedule: "cron(0 7 ? * * *)", enableContinuousBackup: true, lifecycle: { deleteAfter: 14 } },
                { ruleName: "daily", targetVaultName: "expertconnect-prod-backups", schedule: "cron(0 6 ? * * *)", lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: COPY_VAULT_ARN, lifecycle: { deleteAfter: 35 } }] },
            ],
        },
    },
    { type: "aws:backup/selection:Selection", name: "backup-selection", props: { name: "expertconnect-prod-database", planId: "plan-1", resources: [DB_ARN], region: REGION } },
];
const recoveryPoints = (s: StackResourceInput[]) => named(s, "restore-plan").props.recoveryPointSelection as Record<string, any>;
const dailyRule = (s: StackResourceInput[]) => (named(s, "backup-plan").props.rules as Record<string, any>[])[1];
const overrides = (s: StackResourceInput[]) => selection(s).restoreMetadataOverrides as Record<string, unknown>;
const selection = (s: StackResourceInput[]) => named(s, "restore-selection").props;

describe("backup-restore-tested", () => {
    stackTable(backupRestoreTested, restoreStack, {
        passes: {
            "the selection takes every RDS database": { change: s => { selection(s).protectedResourceArns = ["*"]; } },
            "the plan runs weekly, within a weekly maximum": { config: { maximumDaysBetweenTests: 7 }, change: s => { named(s, "restore-plan").props.scheduleExpression = "cron(0 8 ? * MON *)"; } },
            "the plan runs monthly, written as a month range": { change: s => { named(s, "restore-plan").props.scheduleExpression = "cron(0 8 1 1-12 ? *)"; } },
            "a read replica needs no test of its own": { change: s => { s.push({ ...replicaDb, name: "replica" }); } },
            "the database ARN is unknown during preview (the dependency says which)": { change: s => { selection(s).protectedResourceArns = UNKNOWN; } },
            "the subnet group name is unknown during preview (the dependency says which)": {
                change: s => { overrides(s).dbSubnetGroupName = "unknown-yet"; named(s, "restore-selection").propertyDependencies!.restoreMetadataOverrides = ["database-subnets"]; },
            },
            "publiclyAccessible false spelled out": { change: s => { overrides(s).publiclyAccessible = "false"; } },
            "the plan includes every vault": { change: s => { recoveryPoints(s).includeVaults = ["*"]; } },
            "the plan includes both vaults": { change: s => { recoveryPoints(s).includeVaults = [VAULT_ARN, COPY_VAULT_ARN]; } },
            "the plan tests the continuous points": { change: s => { recoveryPoints(s).recoveryPointTypes = ["CONTINUOUS"]; } },
            "the selection takes every RDS database tagged Component=database": {
                change: s => { selection(s).protectedResourceArns = ["*"]; selection(s).protectedResourceConditions = { stringEquals: [{ key: "aws:ResourceTag/Component", value: "database" }] }; },
            },
            "the selection names the prod database and the dr replica": { change: s => { selection(s).protectedResourceArns = [DB_ARN, DR_DB_ARN]; } },
            "a weekly snapshot rule within a 14-day window": { change: s => { dailyRule(s).schedule = "cron(0 6 ? * SUN *)"; recoveryPoints(s).selectionWindowDays = 14; } },
            "the plan's vaults are unknown during preview": { change: s => { recoveryPoints(s).includeVaults = UNKNOWN; } },
            "no backup plan takes the database (other policies judge that)": { change: s => { named(s, "backup-selection").props.resources = [`arn:aws:rds:${REGION}:${ACCOUNT}:db:other`]; } },
            "an availability zone of the region": { change: s => { overrides(s).availabilityZone = "us-east-1a"; } },
        },
        violations: {
            "no restore-testing selection at all": { change: s => { s.splice(1, 2); }, message: /database expertconnect-prod-db is in no restore-testing selection/ },
            "the selection names another database": {
                change: s => { selection(s).protectedResourceArns = [`arn:aws:rds:${REGION}:${ACCOUNT}:db:other`]; named(s, "restore-selection").propertyDependencies = {}; }, message: /in no restore-testing selection/,
            },
            "the test database is restored publicly accessible": { change: s => { overrides(s).publiclyAccessible = "true"; }, message: /restores it publicly accessible/ },
            "the test database is restored into the default subnet group": {
                change: s => { overrides(s).dbSubnetGroupName = "default"; }, message: /into subnet group default, not one of the stack's in us-east-1: the copy of production data lands outside/,
            },
            "the overrides are dropped (the default VPC)": { change: s => { delete selection(s).restoreMetadataOverrides; }, message: /default VPC's default subnet group \(no dbSubnetGroupName\)/ },
            "the selection tests DynamoDB tables": { change: s => { selection(s).protectedResourceType = "DynamoDB"; }, message: /in no restore-testing selection/ },
            "the selection names the dr replica instead of the database (its dependency stays)": {
                change: s => { selection(s).protectedResourceArns = [DR_DB_ARN]; }, message: /database expertconnect-prod-db is in no restore-testing selection of us-east-1 that takes it/,
            },
            "the selection's only wildcard is partial (AWS takes \"*\" or exact ARNs)": {
                change: s => { selection(s).protectedResourceArns = [`arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-*`]; named(s, "restore-selection").propertyDependencies = {}; }, message: /in no restore-testing selection/,
            },
            "every database, but only those tagged Component=db": {
                change: s => { selection(s).protectedResourceArns = ["*"]; selection(s).protectedResourceConditions = { stringEquals: [{ key: "aws:ResourceTag/Component", value: "db" }] }; },
                message: /in no restore-testing selection/,
            },
            "every database except the one tagged Component=database": {
                change: s => { selection(s).protectedResourceArns = ["*"]; selection(s).protectedResourceConditions = { stringNotEquals: [{ key: "aws:ResourceTag/Component", value: "database" }] }; },
                message: /in no restore-testing selection/,
            },
            "the selection lives in us-west-2 (the database's points are in us-east-1)": { change: s => { selection(s).region = "us-west-2"; }, message: /in no restore-testing selection of us-east-1/ },
            "the plan includes only the us-west-2 copy vault": {
                change: s => { recoveryPoints(s).includeVaults = [COPY_VAULT_ARN]; },
                message: /restore-testing plan expertconnect_prod_monthly of database expertconnect-prod-db restores only recovery points of .*expertconnect-prod-backups-copy, none of which holds the database's: they are in .*:backup-vault:expertconnect-prod-backups\./,
            },
            "the plan includes every vault but excludes the database's": { change: s => { recoveryPoints(s).includeVaults = ["*"]; recoveryPoints(s).excludeVaults = [VAULT_ARN]; }, message: /none of which holds the database's/ },
            "the plan includes a vault of the stack that the backup plan does not write": {
                change: s => { recoveryPoints(s).includeVaults = [`arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:expertconnect-prod-archive`]; }, message: /none of which holds the database's/,
            },
            "the vault is named by a same-named vault of another region": {
                change: s => { recoveryPoints(s).includeVaults = [`arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups`]; }, message: /none of which holds the database's/,
            },
            "only continuous points are tested, and the plan has no continuous rule": {
                change: s => { recoveryPoints(s).recoveryPointTypes = ["CONTINUOUS"]; (named(s, "backup-plan").props.rules as object[]).splice(0, 1); }, message: /restores only CONTINUOUS recovery points, but the vaults it includes hold the database's SNAPSHOT points/,
            },
            "a weekly snapshot rule and a 1-day window": {
                change: s => { dailyRule(s).schedule = "cron(0 6 ? * SUN *)"; recoveryPoints(s).selectionWindowDays = 1; }, message: /within the last 1 days, but the database's points in its vaults are made up to 7 days apart/,
            },
            "the restore keeps no security group override (the VPC's default group admits nothing)": { change: s => { delete overrides(s).vpcSecurityGroupIds; }, message: /behind its VPC's default security group \(no vpcSecurityGroupIds\)/ },
            "the restore goes behind another security group": { change: s => { overrides(s).vpcSecurityGroupIds = "[\"sg-0123456789abcdef0\"]"; }, message: /behind security group sg-0123456789abcdef0, not one of the stack's in us-east-1/ },
            "the restore names the subnet group of the dr region": {
                change: s => { named(s, "database-subnets").props.region = "us-west-2"; }, message: /subnet group database-subnets-d43a9b2, not one of the stack's in us-east-1/,
            },
            "the restore is pinned to a zone of another region": { change: s => { overrides(s).availabilityZone = "us-west-2a"; }, message: /availability zone us-west-2a, outside us-east-1/ },
            "the restore is encrypted with a key of another region": {
                change: s => { overrides(s).kmsKeyId = `arn:aws:kms:us-west-2:${ACCOUNT}:key/k`; }, message: /restoreMetadataOverrides.kmsKeyId\) in us-west-2, while the restore runs in us-east-1/,
            },
            "the plan runs once a year": { change: s => { named(s, "restore-plan").props.scheduleExpression = "cron(0 8 1 1 ? *)"; }, message: /restore tests run less often than every 31 days/ },
            "the plan runs every 90 days": { change: s => { named(s, "restore-plan").props.scheduleExpression = "rate(90 days)"; }, message: /less often than every 31 days/ },
            "the restore-testing plan is deleted (the selection stays)": {
                change: s => { s.splice(s.indexOf(named(s, "restore-plan")), 1); }, message: /names plan expertconnect_prod_monthly, which this stack does not have: no restore test ever runs/,
            },
            "the selection names a plan the stack does not have": {
                change: s => { named(s, "restore-selection").props.restoreTestingPlanName = "expertconnect_prod_yearly"; named(s, "restore-selection").propertyDependencies = {}; },
                message: /names plan expertconnect_prod_yearly, which this stack does not have/,
            },
        },
        notApplicable: { "the stack is dr": { config: { environment: "dr" }, change: s => { s.splice(1, 2); } } },
    });

    it("reads schedule expressions as AWS does", () => {
        expect(longestGapDays("cron(0 8 1 * ? *)")).to.equal(31);
        expect(longestGapDays("cron(0 8 1 1-12 ? *)")).to.equal(31);
        expect(longestGapDays("cron(0 8 1 JAN-DEC ? *)")).to.equal(31);
        expect(longestGapDays("cron(0 8 1 */1 ? *)")).to.equal(31);
        expect(longestGapDays("cron(0 8 ? * MON *)")).to.equal(7);
        expect(longestGapDays("cron(0 8 ? * MON-FRI *)")).to.equal(3);
        expect(longestGapDays("cron(0 8 * * ? *)")).to.equal(1);
        expect(longestGapDays("cron(0 8 ? * MON#1 *)")).to.equal(35);
        expect(longestGapDays("cron(0 8 1 1,7 ? *)")).to.equal(6 * 31 - 31 + 31);
        expect(longestGapDays("cron(0 8 1 1 ? *)")).to.equal(11 * 31 + 31);
        expect(longestGapDays("rate(12 hours)")).to.equal(0.5);
        expect(longestGapDays("at(2026-01-01T00:00:00)")).to.equal(undefined);
    });
});

const PLAN_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:expertconnect_prod_monthly-a1b2c3d4`;
const VALIDATOR_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const validatorFunction = (name: string, arn: string, variables: Record<string, string>): StackResourceInput => ({
    type: "aws:lambda/function:Function", name, props: { name: arn.split(":").pop(), arn, runtime: "nodejs22.x", environment: { variables } },
});
/** The restore tests as the program wires them: the plan's completed restores invoke the maintenance function, which checks the copy's newest row. */
const validatedStack: StackResourceInput[] = [
    ...restoreStack.map(r => (r.name === "restore-plan" ? { ...r, props: { ...r.props, arn: PLAN_ARN } } : r)),
    validatorFunction("database-tasks-function", VALIDATOR_ARN, {
        MASTER_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`, APP_DATABASE_USER: "expertconnect_app",
        FRESHNESS_QUERY: DEFAULT_FRESHNESS_QUERY, MAX_AGE_HOURS: "72", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
    }),
    { type: "aws:cloudwatch/eventRule:EventRule", name: "restore-completed", props: { name: "dr-restore-test-completed-1a2b3c", eventPattern: JSON.stringify(completedRestorePattern(PLAN_ARN)) } },
    {
        type: "aws:cloudwatch/eventTarget:EventTarget", name: "restore-validator", props: { rule: "dr-restore-test-completed-1a2b3c", arn: VALIDATOR_ARN },
        propertyDependencies: { rule: ["restore-completed"], arn: ["database-tasks-function"] },
    },
];
const variables = (s: StackResourceInput[], name = "database-tasks-function") => (named(s, name).props.environment as { variables: Record<string, string> }).variables;
const query = (q: string) => (s: StackResourceInput[]) => { variables(s).FRESHNESS_QUERY = q; };
/** A function the completed-restore rule invokes instead of the maintenance function (the target's old dependency stays, as in a hand edit). */
const retarget = (variablesOfNew: Record<string, string>) => (s: StackResourceInput[]) => {
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:restore-check`;
    s.push(validatorFunction("restore-check", arn, variablesOfNew));
    named(s, "restore-validator").props.arn = arn;
};

/** The validator runs as a role of the stack whose policy is the program's (components/data/DatabaseTasks.ts). */
const withValidatorRole = (statements: object[]) => (s: StackResourceInput[]) => {
    const role = `arn:aws:iam::${ACCOUNT}:role/database-tasks-role`;
    s.push({ type: "aws:iam/role:Role", name: "database-tasks-role", props: { name: "database-tasks-role", arn: role } });
    s.push({ type: "aws:iam/rolePolicy:RolePolicy", name: "database-tasks-policy", props: { role: "database-tasks-role", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, propertyDependencies: { role: ["database-tasks-role"] } });
    named(s, "database-tasks-function").props.role = role;
};
const validatorGrants = (describe: string) => withValidatorRole([
    { Effect: "Allow", Action: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult"], Resource: "*" },
    { Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: describe },
]);

describe("backup-restore-tested: the restore test's validation can fail", () => {
    stackTable(backupRestoreTested, validatedStack, {
        passes: {
            "the age limit is tightened to 48 hours": { change: s => { variables(s).MAX_AGE_HOURS = "48"; } },
            "the age limit is written 72.0": { change: s => { variables(s).MAX_AGE_HOURS = "72.0"; } },
            "the query reads bookings joined to their users, filtered": {
                change: query("SELECT max(b.created_at) FROM bookings_booking AS b JOIN auth_user u ON (u.id = b.user_id) WHERE b.status = 'confirmed'"),
            },
            "the query quotes and qualifies its names and casts its value": { change: query("select MAX(\"last_login\")::timestamptz from public.auth_user") },
            "the query filters with the clock (a filter only chooses rows)": { change: query("SELECT max(last_login) FROM auth_user WHERE last_login < now()") },
            "a notifier on failed restore jobs (no validator) has no validation settings": {
                change: s => {
                    s.push(validatorFunction("restore-notifier", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:restore-notifier`, { CHANNEL: "ops" }));
                    s.push({ type: "aws:cloudwatch/eventRule:EventRule", name: "restore-failed", props: { name: "restore-failed", eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED"] } }) } });
                    s.push({ type: "aws:cloudwatch/eventTarget:EventTarget", name: "restore-failed-notifier", props: { rule: "restore-failed", arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:restore-notifier` } });
                },
            },
            "the environment is unknown during preview": { change: s => { named(s, "database-tasks-function").props.environment = UNKNOWN; } },
            "the rule invokes another function carrying the reviewed settings": { change: retarget({ FRESHNESS_QUERY: DEFAULT_FRESHNESS_QUERY, MAX_AGE_HOURS: "24" }) },
            "the validator's role may find any restored copy and report its verdict": { change: validatorGrants(`arn:aws:rds:${REGION}:${ACCOUNT}:db:*`) },
        },
        violations: {
            "the validator's role may find only the source database (the restored copy's identifier is generated)": {
                change: validatorGrants(`arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`),
                message: /restore-test validator expertconnect-prod-db-tasks's role may not rds:DescribeDBInstances on arn:aws:rds:us-east-1:\d+:db:pack-probe-unnamed/,
            },
            "the validator's role may not report its verdict": {
                change: withValidatorRole([{ Effect: "Allow", Action: "rds:DescribeDBInstances", Resource: "*" }]),
                message: /may not backup:DescribeRestoreJob on \*, backup:PutRestoreValidationResult on \*/,
            },
            "the freshness query is SELECT now()": { change: query("SELECT now()"), message: /restore-test validator expertconnect-prod-db-tasks environment FRESHNESS_QUERY \("SELECT now\(\)"\) cannot tell an old copy from a fresh one: it reads no table/ },
            "the freshness query is SELECT 1": { change: query("SELECT 1"), message: /FRESHNESS_QUERY \("SELECT 1"\).*reads no table/ },
            "the freshness query is the SQL clock keyword": { change: query("select current_timestamp"), message: /reads no table/ },
            "the freshness query takes the later of the data and the clock": { change: query("SELECT greatest(max(last_login), now()) FROM auth_user"), message: /its value is not max\(<column>\)/ },
            "the freshness query falls back to the clock on an empty table": { change: query("SELECT coalesce(max(last_login), now()) FROM auth_user"), message: /its value is not max\(<column>\)/ },
            "the freshness query shifts the newest row into the future": { change: query("SELECT max(last_login) + interval '10 years' FROM auth_user"), message: /arithmetic or a function around it/ },
            "the freshness query reads the clock from a table": { change: query("SELECT now() FROM auth_user LIMIT 1"), message: /its value is not max\(<column>\)/ },
            "the freshness query reads the server's sessions": { change: query("SELECT max(backend_start) FROM pg_stat_activity"), message: /system catalog pg_stat_activity/ },
            "the freshness query reads a set-returning function": { change: query("SELECT max(t) FROM generate_series(now(), now(), '1 day') AS t"), message: /something other than a table/ },
            "the freshness query reads a subquery of the clock": { change: query("SELECT max(t) FROM (SELECT now() AS t) s"), message: /something other than a table/ },
            "the freshness query adds the clock with UNION": { change: query("SELECT max(last_login) FROM auth_user UNION SELECT now() ORDER BY 1 DESC LIMIT 1"), message: /combines its rows with another SELECT's/ },
            "the freshness query escapes the function's parentheses": { change: query("SELECT 1) + (SELECT max(last_login) FROM auth_user"), message: /closes a parenthesis it did not open/ },
            "the freshness query starts with a WITH of the clock": { change: query("WITH t AS (SELECT now() AS x) SELECT max(x) FROM t"), message: /not a SELECT of the restored rows/ },
            "the freshness query hides text in a comment": { change: query("SELECT max(last_login) FROM auth_user -- reviewed"), message: /holds a comment/ },
            "the freshness query is removed": { change: s => { delete variables(s).FRESHNESS_QUERY; }, message: /has no FRESHNESS_QUERY in its environment/ },
            "the age limit is a month": { change: s => { variables(s).MAX_AGE_HOURS = "720"; }, message: /environment MAX_AGE_HOURS: 720 hours lets a copy missing more than 72 hours of writes/ },
            "the age limit is Infinity": { change: s => { variables(s).MAX_AGE_HOURS = "Infinity"; }, message: /"Infinity" is not a number of hours above 0/ },
            "the age limit is 0 (every test fails)": { change: s => { variables(s).MAX_AGE_HOURS = "0"; }, message: /"0" is not a number of hours above 0/ },
            "the age limit is written with a unit": { change: s => { variables(s).MAX_AGE_HOURS = "72h"; }, message: /"72h" is not a number of hours/ },
            "the age limit is removed": { change: s => { delete variables(s).MAX_AGE_HOURS; }, message: /has no MAX_AGE_HOURS in its environment/ },
            "the completed-restore rule invokes a function without the validation settings": {
                change: retarget({ RESULT: "SUCCESSFUL" }), message: /restore-test validator restore-check has no FRESHNESS_QUERY in its environment/,
            },
            "the completed-restore rule invokes a function whose query reads the clock": {
                change: retarget({ FRESHNESS_QUERY: "SELECT clock_timestamp()", MAX_AGE_HOURS: "72" }), message: /restore-test validator restore-check environment FRESHNESS_QUERY .* reads no table/,
            },
            "another function carries a query of the clock": {
                change: s => { s.push(validatorFunction("second-check", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:second-check`, { FRESHNESS_QUERY: "SELECT now()", MAX_AGE_HOURS: "72" })); },
                message: /restore-test validator second-check environment FRESHNESS_QUERY/,
            },
        },
    });

    it("accepts the program's default query and the reviewed bound", () => {
        expect(freshnessQueryProblem(DEFAULT_FRESHNESS_QUERY)).to.equal(undefined);
        expect(MAX_RESTORED_DATA_AGE_HOURS).to.equal(72);
    });
});
