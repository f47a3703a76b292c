/**
 * Class 3, disaster recovery: copies, replicas and failover checks that exist but would not
 * carry a failover: copies to a region the dr stack never reads, backups nobody takes, health
 * checks that cannot fail, a replica of the wrong database, keys that cannot decrypt.
 */
import { ACCOUNT, all, Case, drift, edit, ExportedResource, named, remove, suite } from "./support";

const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const SECRET = "aws:secretsmanager/secret:Secret";
const ECR_REPL = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const S3_REPL = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const HC = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const DB = "aws:rds/instance:Instance";
const KMS = "aws:kms/key:Key";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const copyRules = (change: (rule: any) => void) => edit(PLAN, p => { p.rules.filter((r: any) => r.copyActions).forEach(change); });
const copyTo = (region: string) => copyRules(r => r.copyActions.forEach((c: any) => { c.destinationVaultArn = `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:expertconnect-prod-backups-copy`; }));

/** The dr stack told it serves (phase tag, drPhase output, probe 200, services up) with its database left a replica. */
const servingReplica = (phase: string) => all(
    edit(DB, p => { p.tags = { ...p.tags, FailoverPhase: phase }; if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase }; }, named("database")),
    edit("aws:lb/listenerRule:ListenerRule", p => { p.actions[0].fixedResponse = { contentType: "text/plain", messageBody: "serving", statusCode: "200" }; }, named("alb-role-probe")),
    edit("aws:ecs/service:Service", p => { p.desiredCount = 2; }),
    (rs: ExportedResource[]) => { const st = rs.find(r => r.type === "pulumi:pulumi:Stack")!; st.outputs = { ...st.outputs, drPhase: phase }; },
);

const violations: Case[] = [
    // Replication must reach THE dr region.
    { name: "backup copy to a us-east-2 vault (not the dr region)", change: copyTo("us-east-2") },
    { name: "JWT key replicated to us-east-2 instead of the dr region", change: edit(SECRET, p => { p.replicas = [{ region: "us-east-2" }]; }, named("app-settings-jwt-signing-key")) },
    { name: "ECR replication to us-east-2 instead of the dr region", change: edit(ECR_REPL, p => { p.replicationConfiguration.rules[0].destinations[0].region = "us-east-2"; }) },
    { name: "database master secret no longer replicated (the dr replica's credentials)", change: edit(SECRET, p => { p.replicas = []; }, named("database-master-secret")) },
    { name: "database master secret replicated to eu-west-1 only", change: edit(SECRET, p => { p.replicas = [{ region: "eu-west-1" }]; }, named("database-master-secret")) },
    { name: "static replication filtered to a prefix nothing is written to", change: edit(S3_REPL, p => { p.rules[0].filter = { prefix: "do-not-replicate/" }; }) },
    { name: "static replication filtered to a tag", change: edit(S3_REPL, p => { p.rules[0].filter = { tag: { key: "replicate", value: "yes" } }; }) },
    // Backups actually taken and copied.
    { name: "backup selection by a tag nothing carries", change: edit(SELECTION, p => { p.resources = []; p.selectionTags = [{ type: "STRINGEQUALS", key: "Backup", value: "true" }]; }) },
    { name: "backup selection names another database", change: edit(SELECTION, p => { p.resources = [`arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-staging-db`]; }) },
    { name: "copy rule runs once a year", change: copyRules(r => { r.schedule = "cron(0 6 1 1 ? *)"; }) },
    { name: "copy rule runs weekly", change: copyRules(r => { r.schedule = "cron(0 6 ? * SUN *)"; }) },
    { name: "restore-testing plan removed (its selection stays)", change: remove("aws:backup/restoreTestingPlan:RestoreTestingPlan") },
    // Failover health checks that cannot fail.
    { name: "calculated health check threshold 0", change: edit(HC, p => { p.childHealthThreshold = 0; }, named("dns-serving")) },
    { name: "calculated health check healthy if 1 of 3 children are", change: edit(HC, p => { p.childHealthThreshold = 1; }, named("dns-serving")) },
    { name: "app check dropped from the calculated check", change: edit(HC, p => { p.childHealthchecks = p.childHealthchecks.filter((c: string) => !c.startsWith("dns-app")); p.childHealthThreshold = p.childHealthchecks.length; }, named("dns-serving")) },
    { name: "app health check switched to TCP 443", change: edit(HC, p => { p.type = "TCP"; delete p.resourcePath; delete p.enableSni; }, named("dns-app")) },
    { name: "app health check inverted", change: edit(HC, p => { p.invertHealthcheck = true; }, named("dns-app")) },
    { name: "app health check probes an external host", change: edit(HC, p => { p.fqdn = "status.example.com"; p.resourcePath = "/"; }, named("dns-app")) },
    { name: "app health check probes the role path only", change: edit(HC, p => { p.resourcePath = "/.well-known/expertconnect/serving"; }, named("dns-app")) },
    { name: "failover health drops the peer-role check (split brain after failback)", change: edit(HC, p => { p.childHealthchecks = p.childHealthchecks.filter((c: string) => !c.startsWith("dns-peer-role")); p.childHealthThreshold = p.childHealthchecks.length; }, named("dns-serving")) },
    { stack: "dr", name: "dr: secondary failover record removed", change: remove(RECORD, named("dns-failover")) },
    { stack: "dr", name: "dr: failover record without health check", change: edit(RECORD, p => { delete p.healthCheckId; }, named("dns-failover")) },
    { stack: "dr", name: "dr: calculated health check threshold 0", change: edit(HC, p => { p.childHealthThreshold = 0; }, named("dns-serving")) },
    { stack: "dr", name: "dr: failover record aliases an unknown load balancer", change: edit(RECORD, p => { p.aliases[0].name = "expertconnect-dr-alb-000000000.us-west-2.elb.amazonaws.com"; }, named("dns-failover")) },
    // Keys that must stay enabled.
    { name: "database key disabled in the program", change: edit(KMS, p => { p.isEnabled = false; }, named("database-key")) },
    { name: "drift: backup copy vault key disabled", change: drift(KMS, p => { p.isEnabled = false; }, named("dr-backup-copy-vault-key")) },
    { name: "drift: master secret replica key disabled", change: drift(KMS, p => { p.isEnabled = false; }, named("database-secret-replica-key")) },
    { stack: "dr", name: "dr drift: every key disabled", change: drift(KMS, p => { p.isEnabled = false; }) },
    // The dr replica.
    { stack: "dr", name: "dr: replica replicates a staging database", change: edit(DB, p => { p.replicateSourceDb = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-staging-db`; }) },
    { stack: "dr", name: "dr drift: replica deletion protection off", change: drift(DB, p => { p.deletionProtection = false; }) },
    { stack: "dr", name: "dr drift: replica backups off", change: drift(DB, p => { p.backupRetentionPeriod = 0; }) },
    { stack: "dr", name: "dr drift: phase tag removed and backups off", change: drift(DB, p => { delete p.tags.FailoverPhase; delete p.tagsAll.FailoverPhase; p.backupRetentionPeriod = 0; }) },
    { stack: "dr", name: "dr: replica keeps backups 1 day", change: edit(DB, p => { p.backupRetentionPeriod = 1; }) },
    { stack: "dr", name: "dr: lag alarm watches prod's instance", change: edit(ALARM, p => { p.metricQueries.forEach((q: any) => { if (q.metric) q.metric.dimensions.DBInstanceIdentifier = "expertconnect-prod-db"; }); }, named("dr-expertconnect-db-replica-lag-high")) },
    { stack: "dr", name: "dr: lag alarm threshold a day", change: edit(ALARM, p => { p.threshold = 86400; }, named("dr-expertconnect-db-replica-lag-high")) },
    { stack: "dr", name: "dr: stalled alarm treats missing data as notBreaching", change: edit(ALARM, p => { p.treatMissingData = "notBreaching"; }, named("dr-expertconnect-db-replica-stalled")) },
    // A serving phase with the database still a replica: RDS keeps a replica read-only.
    { name: "dr tagged promote and serving (probe 200, services scaled) while its database still replicates prod: every write fails", stack: "dr", change: servingReplica("promote") },
    { name: "dr's drPhase output and tag say promoted but replicateSourceDb is still prod's ARN", stack: "dr", change: servingReplica("promoted") },
    { name: "dr failback with the database a replica again (re-seeded from prod too early): prod takes back data the replica never had", stack: "dr", change: servingReplica("failback") },
    // The pilot light waits at zero tasks; promotion only scales it up, so what it must reach is judged now.
    { name: "dr standby: the replica's ingress from the backend removed ('nothing runs there'): at promotion the backend cannot reach PostgreSQL", stack: "dr", change: remove("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", named("database-from-backend")) },
    { name: "dr standby: the cache's ingress from the backend removed", stack: "dr", change: remove("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", named("cache-from-backend")) },
    { name: "dr standby: the backend's ingress from the load balancer removed: after failover every API request times out", stack: "dr", change: remove("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", named("backend-from-alb")) },
];

const compliant: Case[] = [
    { name: "an extra weekly rule copied to us-west-2 beside the daily one", change: edit(PLAN, p => { p.rules.push({ ...p.rules.find((r: any) => r.copyActions), ruleName: "weekly", schedule: "cron(0 5 ? * SUN *)", lifecycle: { deleteAfter: 365 } }); }) },
    { name: "daily copy moved to 02:00 UTC (the guide's time)", change: copyRules(r => { r.schedule = "cron(0 2 ? * * *)"; }) },
    { name: "selection by the Component tag the database carries", change: edit(SELECTION, p => { p.resources = []; p.selectionTags = [{ type: "STRINGEQUALS", key: "Component", value: "database" }]; }) },
    {
        // Templates are regional: the replicas ECR creates in us-east-2 get the template of us-east-2.
        name: "ECR replication also to us-east-2, with the creation template copied there",
        change: all(edit(ECR_REPL, p => { p.replicationConfiguration.rules[0].destinations.push({ region: "us-east-2", registryId: ACCOUNT }); }), rs => {
            const t = rs.find(r => r.type === "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")!;
            rs.push({ ...structuredClone(t), urn: `${t.urn}-us-east-2`, inputs: { ...structuredClone(t.inputs), region: "us-east-2" }, outputs: { ...structuredClone(t.outputs), region: "us-east-2" } });
        }),
    },
    { name: "static replication filter spelled with an empty prefix", change: edit(S3_REPL, p => { p.rules[0].filter = { prefix: "" }; }) },
    { name: "app health check every 10 s, 1 failure", change: edit(HC, p => { p.requestInterval = 10; p.failureThreshold = 1; }, named("dns-app")) },
    { name: "app health check matches the body", change: edit(HC, p => { p.type = "HTTPS_STR_MATCH"; p.searchString = "ok"; }, named("dns-app")) },
    { stack: "dr", name: "dr: lag alarm stricter (45 s)", change: edit(ALARM, p => { p.threshold = 45; }, named("dr-expertconnect-db-replica-lag-high")) },
    { stack: "dr", name: "dr drift: replica keeps 35 days of backups", change: drift(DB, p => { p.backupRetentionPeriod = 35; }) },
    { stack: "dr", name: "dr: replica and key tags gain an Owner", change: all(edit(DB, p => { p.tags = { ...p.tags, Owner: "dba" }; }), edit(KMS, p => { p.tags = { ...p.tags, Owner: "dba" }; })) },
];

suite("adversarial class 3: disaster recovery that would carry a failover", violations, compliant);
