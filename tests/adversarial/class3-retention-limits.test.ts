/**
 * Class 3: every store of personal data keeps it for a bounded time, as each service reads its
 * settings (policy/lib/facts/retention.ts): log groups (absent or 0 never expire), EventBridge
 * archives (0 or unset: indefinitely), noncurrent versions of versioned buckets (kept until a rule
 * for every object expires them; newerNoncurrentVersions keeps the newest ones forever), AWS
 * Backup rules and copies (no deleteAfter, or -1: indefinitely) and the vault locks' maximum; and
 * the keys that encrypt stored data wait the full 30 days before deletion. Each change edits the
 * real export; "drift" cases change the deployed state only.
 */
import { ACCOUNT, add, Case, drift, edit, named, remove, suite, tags } from "./support";

const LOG = "aws:cloudwatch/logGroup:LogGroup";
const ARCHIVE = "aws:cloudwatch/eventArchive:EventArchive";
const LC = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const PLAN = "aws:backup/plan:Plan";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const KEY = "aws:kms/key:Key";
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;

const retention = (group: string, days: number | undefined) => edit(LOG, p => { if (days === undefined) delete p.retentionInDays; else p.retentionInDays = days; }, named(group));
const archive = (props: Record<string, unknown>) => add(ARCHIVE, "events-archive", { name: "expertconnect-events", eventSourceArn: DEFAULT_BUS, ...props });
const noncurrent = (lifecycle: string, f: (rule: any, rules: any[]) => void) => edit(LC, p => { f(p.rules[0], p.rules); }, named(lifecycle));
const rule = (p: any, name: string) => p.rules.find((r: any) => r.ruleName === name);
const plan = (f: (p: any) => void) => edit(PLAN, f, named("dr-backup-plan"));
const window = (key: string, days: number) => edit(KEY, p => { p.deletionWindowInDays = days; }, named(key));

const violations: Case[] = [
    // the red team's changes
    { name: "backend application logs kept 10 years (3653 days)", change: retention("backend-logs", 3653) },
    { name: "event archive on the default bus with retentionDays=0 (indefinite)", change: archive({ retentionDays: 0 }) },
    { name: "backup bucket lifecycle loses its noncurrent-version expiry (deleted pg_dumps kept forever)", change: noncurrent("data-backup-lifecycle", r => { delete r.noncurrentVersionExpiration; }) },
    { name: "copy action's lifecycle removed: the us-west-2 copies are kept forever", change: plan(p => { delete rule(p, "daily").copyActions[0].lifecycle; }) },
    { name: "primary vault key deletion window cut to 7 days", change: window("dr-backup-vault-key", 7) },
    // variants: log groups
    { name: "backend logs kept 400 days (just over the application limit)", change: retention("backend-logs", 400) },
    { name: "database postgresql log (statements with literals) kept 5 years", change: retention("database-log-postgresql", 1827) },
    { name: "flow logs kept 5 years (audit limit is 3)", change: retention("network-flow-logs-group", 1827) },
    { name: "WAF log group set to 10 years in the console (drift)", change: drift(LOG, p => { p.retentionInDays = 3653; }, named("waf-logs")) },
    { name: "new request-dump log group kept 2 years", change: add(LOG, "debug-requests", { name: "/expertconnect/prod/debug-requests", retentionInDays: 731, kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`, tags: tags("backend") }) },
    { name: "dr backend logs kept 2 years", stack: "dr", change: retention("backend-logs", 731) },
    // variants: event archives
    { name: "event archive with no retentionDays (EventBridge's default 0: indefinitely)", change: archive({}) },
    { name: "event archive of GuardDuty findings kept 10 years", change: archive({ retentionDays: 3650, eventPattern: JSON.stringify({ source: ["aws.guardduty"] }) }) },
    // variants: noncurrent versions
    { name: "backup bucket keeps noncurrent versions 10 years", change: noncurrent("data-backup-lifecycle", r => { r.noncurrentVersionExpiration.noncurrentDays = 3650; }) },
    { name: "backup bucket keeps the 5 newest noncurrent versions of each dump whatever their age", change: noncurrent("data-backup-lifecycle", r => { r.noncurrentVersionExpiration.newerNoncurrentVersions = 5; }) },
    { name: "backup bucket's noncurrent expiry narrowed to the daily/ prefix", change: noncurrent("data-backup-lifecycle", r => { r.filter = { prefix: "daily/" }; }) },
    { name: "backup bucket's lifecycle rule disabled", change: noncurrent("data-backup-lifecycle", r => { r.status = "Disabled"; }) },
    { name: "backup bucket's lifecycle configuration removed", change: remove(LC, named("data-backup-lifecycle")) },
    { name: "static bucket's noncurrent expiry removed in the console (drift)", change: drift(LC, p => { delete p.rules[0].noncurrentVersionExpiration; }, named("data-static-lifecycle")) },
    { name: "dr replica bucket's noncurrent expiry moved to tagged objects only", change: noncurrent("dr-static-replica-lifecycle", r => { r.filter = { tag: { key: "expire", value: "true" } }; }) },
    // variants: AWS Backup
    { name: "daily rule's lifecycle removed: recovery points kept forever", change: plan(p => { delete rule(p, "daily").lifecycle; }) },
    { name: "copy action keeps copies with deleteAfter -1 (AWS Backup: indefinitely)", change: plan(p => { rule(p, "daily").copyActions[0].lifecycle.deleteAfter = -1; }) },
    { name: "copies kept 10 years", change: plan(p => { rule(p, "daily").copyActions[0].lifecycle.deleteAfter = 3650; }) },
    { name: "a yearly rule whose lifecycle only moves points to cold storage", change: plan(p => { p.rules.push({ ...structuredClone(rule(p, "daily")), ruleName: "yearly", schedule: "cron(0 5 1 1 ? *)", lifecycle: { coldStorageAfter: 30 }, copyActions: [] }); }) },
    { name: "primary vault lock's maxRetentionDays removed (on-demand points kept forever)", change: edit(LOCK, p => { delete p.maxRetentionDays; }, named("dr-backup-vault-lock")) },
    { name: "copy vault lock lets points be kept 10 years", change: edit(LOCK, p => { p.maxRetentionDays = 3650; }, named("dr-backup-copy-vault-lock")) },
    // variants: key deletion windows
    { name: "database key (storage, snapshots, master secret) deletion window 7 days", change: window("database-key", 7) },
    { name: "logs key deletion window 20 days", change: window("logs-key", 20) },
    { name: "application secrets key deletion window 14 days", change: window("app-settings-key", 14) },
    { name: "backup bucket key's window set to 7 days in the console (drift)", change: drift(KEY, p => { p.deletionWindowInDays = 7; }, named("data-backup-key")) },
    { name: "copy vault key in us-west-2 deletion window 10 days", change: window("dr-backup-copy-vault-key", 10) },
    { name: "dr cache key deletion window 7 days", stack: "dr", change: window("cache-key", 7) },
];

const compliant: Case[] = [
    { name: "backend log retention raised from 90 to 180 days", change: retention("backend-logs", 180) },
    { name: "backend logs kept a year (the limit)", change: retention("backend-logs", 365) },
    { name: "CloudTrail log group kept two years", change: retention("audit-trail-logs", 731) },
    { name: "flow logs kept three years (the audit limit)", change: retention("network-flow-logs-group", 1096) },
    { name: "event archive of backup job events kept 30 days for replay", change: archive({ retentionDays: 30, eventPattern: JSON.stringify({ source: ["aws.backup"] }) }) },
    { name: "static bucket keeps noncurrent versions 180 days", change: noncurrent("data-static-lifecycle", r => { r.noncurrentVersionExpiration.noncurrentDays = 180; }) },
    { name: "backup bucket keeps noncurrent versions a year, and daily/ dumps' versions only 30 days", change: noncurrent("data-backup-lifecycle", (r, rules) => { r.noncurrentVersionExpiration.noncurrentDays = 365; rules.push({ id: "daily", status: "Enabled", filter: { prefix: "daily/" }, noncurrentVersionExpiration: { noncurrentDays: 30 } }); }) },
    { name: "backup copies in us-west-2 kept 30 days instead of 35", change: plan(p => { rule(p, "daily").copyActions[0].lifecycle.deleteAfter = 30; }) },
    { name: "a monthly rule kept a year, copied and kept a year", change: plan(p => { const d = rule(p, "daily"); p.rules.push({ ...structuredClone(d), ruleName: "monthly", schedule: "cron(0 5 1 * ? *)", lifecycle: { deleteAfter: 365 }, copyActions: [{ ...d.copyActions[0], lifecycle: { deleteAfter: 365 } }] }); }) },
    { name: "primary vault lock's maximum lowered to a year", change: edit(LOCK, p => { p.maxRetentionDays = 365; }, named("dr-backup-vault-lock")) },
    { name: "the alarm topic's key (no stored data) waits 14 days", change: window("alarms-key", 14) },
];

suite("adversarial class 3: personal data is kept for a bounded time, and its keys wait 30 days before deletion", violations, compliant);
