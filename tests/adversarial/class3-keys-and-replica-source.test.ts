/**
 * Class 3: what the recovery copies depend on stays in place.
 *
 * Keys still in use (kms-keys-held): removing a KMS key from the program schedules its deletion,
 * and once it is deleted the database, its snapshots, the cross-region recovery points and the
 * secret replicas encrypted under it are unreadable. Every key a resource names, by value (a key
 * or alias ARN anywhere, policy documents included, an alias name, a key id where the property is
 * for a key), must be one the stack holds, one prod's stack reference gives dr, or an AWS managed
 * key; dr's reference to its own last deployment gives nothing.
 *
 * The dr replica runs like its source (rds-replica-matches-source, rds-replica-storage): a
 * parameter group of prod's family, at least prod's memory and storage ceiling, judged against
 * what prod's stack reference publishes. prod's upgrade or resize alone cannot be judged in prod
 * (prod does not see dr); the program takes prod's family and ceiling from prod's outputs, and
 * dr's next preview judges what the reference carries: the dr-side variants below.
 */
import { Case, ExportedResource, add, all, drServing, drift, edit, named, outputOf, remove, suite, tags } from "./support";

const RDS = "aws:rds/instance:Instance";
const PG = "aws:rds/parameterGroup:ParameterGroup";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const REFERENCE = "pulumi:pulumi:StackReference";
const DATABASE = named("database");
const PARAMS = named("database-params");
const endsWith = (s: string) => (r: { urn: string }) => r.urn.endsWith(s);

/** A key and its alias removed from the program (EncryptionKey's two children). */
const removeKey = (name: string) => all(remove(KEY, named(name)), remove(ALIAS, named(`${name}-alias`)));

/** Edits the outputs prod's stack reference hands the dr stack (what prod last exported). */
const prodPublishes = (change: (outputs: Record<string, any>) => void) =>
    edit(REFERENCE, (p) => { if (p.outputs) change(p.outputs); }, named("prod-stack"));

/** The dr database's class with its connections and memory alarms rescaled to it, as the program would render them. */
const drClass = (instanceClass: string, connections: number, memoryBytes: number) => all(
    edit(RDS, p => { p.instanceClass = instanceClass; }, DATABASE),
    edit(ALARM, p => { p.threshold = connections; p.alarmDescription = `Alarm when DB connections exceed 80% of max (${connections} of ${instanceClass}'s max_connections)`; }, endsWith("db-connections-high")),
    edit(ALARM, p => { p.threshold = memoryBytes; p.alarmDescription = `Freeable memory below 10% of ${instanceClass}'s memory for 15 minutes`; }, endsWith("db-freeable-memory-low")),
);

const violations: Case[] = [
    // ---- keys still in use: the red team's changes ----------------------------------------------
    { name: "database KMS key and its alias removed from the program: the instance, its snapshots and PI data become unreadable", change: removeKey("database-key") },
    { name: "backup copy vault KMS key removed: the cross-region recovery points are under a key scheduled for deletion", change: removeKey("dr-backup-copy-vault-key") },
    { name: "us-west-2 KMS key of the app secret replicas removed: dr tasks cannot read the Django and JWT keys at failover", change: removeKey("app-settings-replica-key") },
    // ---- variants: other keys, other ways of naming them ----------------------------------------
    { name: "logs key removed: every log group, the flow logs and the functions' logs still name it", change: removeKey("logs-key") },
    { name: "us-west-2 key of the database master secret's replica removed: the dr replica's credentials become unreadable", change: removeKey("database-secret-replica-key") },
    { name: "us-west-2 key of the static replica removed: the replicated uploads and the replication rule still name it", change: removeKey("dr-static-replica-key") },
    { name: "prod backup vault's key removed: the us-east-1 recovery points are under a key being deleted", change: removeKey("dr-backup-vault-key") },
    { name: "database key removed but its alias kept 'for the runbook': the alias targets a key being deleted", change: remove(KEY, named("database-key")) },
    {
        name: "database key and alias removed, the log groups switched to the alias name (nothing holds it any more)",
        change: all(removeKey("database-key"), edit(LOG_GROUP, p => { p.kmsKeyId = "alias/expertconnect-prod-db"; }, r => /::database-log-/.test(r.urn))),
    },
    {
        name: "a cache log group re-keyed to a hand-made key ARN pasted from the console",
        change: edit(LOG_GROUP, p => { p.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:key/0b1e6f43-1c55-4c8e-9d0a-7a6e0d7f2b11"; }, r => /::cache-log-/.test(r.urn)),
    },
    { name: "dr: the replica's key removed from the dr program (the replica and its Performance Insights data)", stack: "dr", change: removeKey("database-key") },
    {
        name: "dr: the replica's key removed while dr's own last deployment still exports its ARN (the stack's reference to itself gives nothing)",
        stack: "dr",
        change: rs => {
            const arn = outputOf(rs, KEY, "arn", named("database-key"));
            edit(REFERENCE, p => { if (p.outputs) p.outputs.databaseKmsKeyArn = arn; }, named("last-deployment"))(rs);
            removeKey("database-key")(rs);
        },
    },
    { name: "dr: the logs key removed (the replica's exported logs, the services' logs)", stack: "dr", change: removeKey("logs-key") },
    {
        name: "dr: prod no longer gives the app secrets' replica key the execution role decrypts with (prod removed it)",
        stack: "dr", change: prodPublishes(o => { delete o.appSecretsReplicaKmsKeyArn; }),
    },

    // ---- the dr replica against its source: the red team's changes ------------------------------
    { name: "dr replica downsized to db.t3.small with its connection and memory alarms rescaled", stack: "dr", change: drClass("db.t3.small", 180, 214748364) },
    { name: "dr replica downsized to db.t3.micro", stack: "dr", change: edit(RDS, p => { p.instanceClass = "db.t3.micro"; }, DATABASE) },
    // ---- dr-side variants of prod's changes made alone (what dr's next preview sees) -------------
    {
        name: "dr: prod upgraded to PostgreSQL 17 alone (its outputs say postgres17) while the replica's group stays postgres16",
        stack: "dr", change: prodPublishes(o => { o.databaseEngine = { engine: "postgres", version: "17", parameterGroupFamily: "postgres17" }; }),
    },
    {
        name: "dr: prod's storage ceiling raised to 2000 GiB alone while the replica stays capped at 500 GiB",
        stack: "dr", change: prodPublishes(o => { o.databaseStorageGb = { ...o.databaseStorageGb, maxAllocated: 2000 }; }),
    },
    {
        name: "dr: prod resized to db.r6g.large alone while the replica stays db.t3.medium",
        stack: "dr", change: prodPublishes(o => { o.databaseInstanceClass = "db.r6g.large"; }),
    },
    // ---- variants: the replica's own settings ----------------------------------------------------
    { name: "dr: the replica's parameter group pinned to postgres15 'to keep the old planner'", stack: "dr", change: edit(PG, p => { p.family = "postgres15"; }, PARAMS) },
    { name: "dr: the replica declares engineVersion 15 (asks RDS for a downgrade)", stack: "dr", change: edit(RDS, p => { p.engineVersion = "15"; }, DATABASE) },
    {
        name: "dr: the replica moved to db.m5.large (8 GiB) while prod publishes db.r5.large (16 GiB): same size name, half the memory",
        stack: "dr", change: all(prodPublishes(o => { o.databaseInstanceClass = "db.r5.large"; }), drClass("db.m5.large", 720, 858993459)),
    },
    { name: "drift: the dr replica resized to db.t3.small in the console", stack: "dr", change: drift(RDS, p => { p.instanceClass = "db.t3.small"; }, DATABASE) },
    {
        name: "dr promoted on db.t3.small with its alarms rescaled 'until prod is back': the promoted database now carries prod's traffic",
        stack: "dr", change: all(drServing("promoted"), drClass("db.t3.small", 180, 214748364)),
    },
    {
        name: "dr: prod's outputs carry neither its engine nor its class (nothing tells what the replica must match)",
        stack: "dr", change: prodPublishes(o => { delete o.databaseEngine; delete o.databaseInstanceClass; }),
    },
];

const compliant: Case[] = [
    // ---- keys ------------------------------------------------------------------------------------
    { name: "database key's alias renamed (every store names the key by ARN)", change: edit(ALIAS, p => { p.name = "alias/expertconnect-prod-database"; if (p.arn) p.arn = p.arn.replace(/alias\/.*/, "alias/expertconnect-prod-database"); }, named("database-key-alias")) },
    { name: "cache key's alias removed (nothing names it)", change: remove(ALIAS, named("cache-key-alias")) },
    { name: "database KMS key rotated every 180 days instead of 365", change: edit(KEY, p => { p.rotationPeriodInDays = 180; }, named("database-key")) },
    {
        name: "a worker's log group added under the logs key",
        change: (rs: ExportedResource[]) => add(LOG_GROUP, "worker-logs", {
            name: "/ecs/expertconnect-prod-worker", retentionInDays: 90, kmsKeyId: outputOf(rs, KEY, "arn", named("logs-key")), tags: tags("compute"),
        })(rs),
    },
    // ---- the dr replica against its source -------------------------------------------------------
    {
        name: "dr: prod upgraded to PostgreSQL 17 and the replica's group follows (postgres17, as the program derives it)",
        stack: "dr", change: all(prodPublishes(o => { o.databaseEngine = { engine: "postgres", version: "17", parameterGroupFamily: "postgres17" }; }), edit(PG, p => { p.family = "postgres17"; }, PARAMS)),
    },
    {
        name: "dr: prod's ceiling raised to 2000 GiB and the replica's with it (as the program derives it)",
        stack: "dr", change: all(prodPublishes(o => { o.databaseStorageGb = { ...o.databaseStorageGb, maxAllocated: 2000 }; }), edit(RDS, p => { p.maxAllocatedStorage = 2000; }, DATABASE)),
    },
    { name: "dr: replica upsized to db.t3.large with its alarms rescaled (more memory than prod)", stack: "dr", change: drClass("db.t3.large", 720, 858993459) },
    { name: "dr: prod resized down to db.t3.small while the replica keeps db.t3.medium", stack: "dr", change: prodPublishes(o => { o.databaseInstanceClass = "db.t3.small"; }) },
    { name: "dr: the replica's storage ceiling raised to 1000 GiB (above prod's 500)", stack: "dr", change: edit(RDS, p => { p.maxAllocatedStorage = 1000; }, DATABASE) },
    {
        name: "dr promoted while prod, fenced, was upgraded to PostgreSQL 17: the promoted database keeps the postgres16 group of the engine it runs",
        stack: "dr", change: all(drServing("promoted"), prodPublishes(o => { o.databaseEngine = { engine: "postgres", version: "17", parameterGroupFamily: "postgres17" }; })),
    },
];

suite("class 3: keys still in use are held, and the dr replica runs like its source", violations, compliant);
