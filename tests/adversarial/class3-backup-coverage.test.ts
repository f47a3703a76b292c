/**
 * Class 3, backups that exist but leave gaps nobody sees: a rule whose recovery points expire
 * before the next run (a continuous rule synced less often than it keeps its point goes EXPIRED),
 * restore tests that draw from a vault or a database the stack does not back up there, and
 * failure rules that miss some of the ways AWS Backup reports a job that did not happen.
 */
import { ACCOUNT, add, all, Case, edit, named, suite } from "./support";

const PLAN = "aws:backup/plan:Plan";
const RTP = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const RTS = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";

const DR_DB_ARN = `arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-dr-db`;
const PRIMARY_VAULT_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:expertconnect-prod-backups`;
const COPY_VAULT_ARN = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups-copy`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;

const rule = (p: any, name: string) => p.rules.find((r: any) => r.ruleName === name);
const failureRule = (fn: (d: any) => void) => edit(RULE, p => { const d = JSON.parse(p.eventPattern); fn(d); p.eventPattern = JSON.stringify(d); }, named("monitoring-backup-job-failed"));
const restoreFailureRule = (fn: (d: any) => void) => edit(RULE, p => { const d = JSON.parse(p.eventPattern); fn(d); p.eventPattern = JSON.stringify(d); }, named("monitoring-restore-job-failed"));
const overrides = (fn: (o: any) => void) => edit(RTS, p => { fn(p.restoreMetadataOverrides); });

const violations: Case[] = [
    // Rule coverage: points expire before the next run.
    { name: "continuous rule's sync schedule set monthly with 14-day retention (prod)", change: edit(PLAN, p => { rule(p, "continuous").schedule = "cron(0 7 1 * ? *)"; }) },
    { name: "continuous rule synced every 3 weeks by rate, kept 14 days", change: edit(PLAN, p => { rule(p, "continuous").schedule = "rate(21 days)"; }) },
    { name: "continuous rule synced on the first Monday of each month", change: edit(PLAN, p => { rule(p, "continuous").schedule = "cron(0 7 ? * MON#1 *)"; }) },
    { name: "continuous rule kept 60 days (AWS keeps 1 to 35)", change: edit(PLAN, p => { rule(p, "continuous").lifecycle.deleteAfter = 60; }) },
    { name: "daily rule turned monthly while its snapshots and copies keep 14 days", change: edit(PLAN, p => { const d = rule(p, "daily"); d.schedule = "cron(0 6 1 * ? *)"; d.lifecycle.deleteAfter = 14; d.copyActions[0].lifecycle.deleteAfter = 14; }) },
    { name: "daily rule runs on weekdays only, snapshots kept 35 but copies kept 2 days (a weekend leaves none in us-west-2)", change: edit(PLAN, p => { const d = rule(p, "daily"); d.schedule = "cron(0 6 ? * MON-FRI *)"; d.copyActions[0].lifecycle.deleteAfter = 2; }) },
    { name: "a quarterly rule added, kept 30 days", change: edit(PLAN, p => { p.rules.push({ ...structuredClone(rule(p, "daily")), ruleName: "quarterly", schedule: "cron(0 5 1 1,4,7,10 ? *)", lifecycle: { deleteAfter: 30 }, copyActions: [] }); }) },
    // Restore testing that never touches the stack's recovery points.
    { name: "restore test includes only the us-west-2 copy vault, from a us-east-1 plan", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = [COPY_VAULT_ARN]; }) },
    { name: "restore-testing selection names the dr replica's ARN instead of the prod database", change: edit(RTS, p => { p.protectedResourceArns = [DR_DB_ARN]; }) },
    { name: "restore test includes every vault but excludes the prod vault", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = ["*"]; p.recoveryPointSelection.excludeVaults = [PRIMARY_VAULT_ARN]; }) },
    { name: "restore test draws from an archive vault nothing writes into", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = [`arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:expertconnect-prod-archive`]; }) },
    { name: "restore test names the primary vault's name in us-west-2", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = [`arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:expertconnect-prod-backups`]; }) },
    { name: "restore test picks snapshots of the last day while the daily rule went weekly", change: all(edit(PLAN, p => { rule(p, "daily").schedule = "cron(0 6 ? * SUN *)"; }), edit(RTP, p => { p.recoveryPointSelection.selectionWindowDays = 1; })) },
    { name: "restore-testing selection takes every database tagged Component=db (the instance is Component=database)", change: edit(RTS, p => { p.protectedResourceArns = ["*"]; p.protectedResourceConditions = { stringEquals: [{ key: "aws:ResourceTag/Component", value: "db" }] }; }) },
    { name: "restore-testing selection uses a partial wildcard ARN (AWS takes only \"*\")", change: edit(RTS, p => { p.protectedResourceArns = [`arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-*`]; }) },
    { name: "restore test pinned to us-west-2a", change: overrides(o => { o.availabilityZone = "us-west-2a"; }) },
    { name: "restore test behind a security group the stack does not have", change: overrides(o => { o.vpcSecurityGroupIds = "[\"sg-0123456789abcdef0\"]"; }) },
    { name: "restore test encrypted with a us-west-2 key", change: overrides(o => { o.kmsKeyId = `arn:aws:kms:us-west-2:${ACCOUNT}:key/f3ada024-bc47-4b7a-a4a1-b5bd5cc4811a`; }) },
    // Failure signals that miss a way AWS Backup reports a job that did not happen.
    { name: "backup-failure EventBridge rule matches only FAILED", change: failureRule(d => { d.detail.state = ["FAILED"]; }) },
    { name: "backup-failure rule drops Copy Job State Change", change: failureRule(d => { d["detail-type"] = ["Backup Job State Change"]; }) },
    { name: "backup-failure rule drops EXPIRED (jobs that never start in their window)", change: failureRule(d => { d.detail.state = ["FAILED", "ABORTED"]; }) },
    { name: "backup-failure rule in lower case", change: failureRule(d => { d.detail.state = ["failed", "aborted", "expired"]; }) },
    { name: "backup-failure rule narrowed to resourceType EBS", change: failureRule(d => { d.detail.resourceType = ["EBS"]; }) },
    { name: "restore-failure rule matches only FAILED", change: restoreFailureRule(d => { d.detail.status = ["FAILED"]; }) },
    { name: "restore-failure rule reads state instead of status", change: restoreFailureRule(d => { d.detail = { state: ["FAILED", "ABORTED"] }; }) },
];

const compliant: Case[] = [
    { name: "continuous rule synced hourly", change: edit(PLAN, p => { rule(p, "continuous").schedule = "cron(0 * ? * * *)"; }) },
    { name: "continuous rule at the 35-day maximum", change: edit(PLAN, p => { rule(p, "continuous").lifecycle.deleteAfter = 35; }) },
    { name: "daily snapshots and copies kept 7 days, the vault locks' minimum (still above the 1-day interval)", change: edit(PLAN, p => { const d = rule(p, "daily"); d.lifecycle.deleteAfter = 7; d.copyActions[0].lifecycle.deleteAfter = 7; }) },
    { name: "a monthly rule added, kept a year", change: edit(PLAN, p => { p.rules.push({ ...structuredClone(rule(p, "daily")), ruleName: "monthly", schedule: "cron(0 5 1 * ? *)", lifecycle: { deleteAfter: 365 }, copyActions: [{ destinationVaultArn: COPY_VAULT_ARN, lifecycle: { deleteAfter: 365 } }] }); }) },
    { name: "restore test includes every vault", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = ["*"]; }) },
    { name: "restore test includes the prod vault and the copy vault", change: edit(RTP, p => { p.recoveryPointSelection.includeVaults = [PRIMARY_VAULT_ARN, COPY_VAULT_ARN]; }) },
    { name: "restore test of the continuous points", change: edit(RTP, p => { p.recoveryPointSelection.recoveryPointTypes = ["CONTINUOUS"]; }) },
    { name: "restore test of both point types, 30-day window", change: edit(RTP, p => { p.recoveryPointSelection.recoveryPointTypes = ["CONTINUOUS", "SNAPSHOT"]; p.recoveryPointSelection.selectionWindowDays = 30; }) },
    { name: "restore-testing selection takes every database tagged Component=database", change: edit(RTS, p => { p.protectedResourceArns = ["*"]; p.protectedResourceConditions = { stringEquals: [{ key: "aws:ResourceTag/Component", value: "database" }] }; }) },
    { name: "restore test pinned to us-east-1b", change: overrides(o => { o.availabilityZone = "us-east-1b"; }) },
    { name: "backup-failure rule also matches PARTIAL", change: failureRule(d => { d.detail.state = ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"]; }) },
    { name: "backup-failure rule matches every state but the healthy ones", change: failureRule(d => { d.detail.state = [{ "anything-but": ["CREATED", "PENDING", "RUNNING", "COMPLETED"] }]; }) },
    {
        name: "copy failures moved to a rule of their own",
        change: all(
            failureRule(d => { d["detail-type"] = ["Backup Job State Change"]; }),
            add(RULE, "monitoring-copy-job-failed", { name: "expertconnect-copy-job-failed", eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": ["Copy Job State Change"], detail: { state: ["FAILED"] } }), tags: { Project: "expertconnect", Environment: "prod", Component: "monitoring" } }),
            add(TARGET, "monitoring-copy-job-failed-topic", { rule: "expertconnect-copy-job-failed", arn: TOPIC }),
        ),
    },
];

suite("adversarial class 3: backups that cover time, restore tests of what is backed up, every failure signalled", violations, compliant);
