/**
 * Class 3: the signals that say committed data is at risk stay able to reach someone. Each
 * data-at-risk signal (policy/lib/facts/alarmSignals.ts DATA_RISK_SIGNALS: static replication
 * failing or late, the dr replica's lag) is judged by what its alarm computes — the statistic, the
 * window, the threshold or metric math with the signal just past its bound at the stack's
 * ordinary load — and every service that publishes to the alarm topic (policy/lib/facts/
 * topicPublishers.ts) must be admitted by the topic policy and by the topic's KMS key, as AWS
 * evaluates them: otherwise its notifications are dropped without a trace.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, remove, suite, tags } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const KEY = "aws:kms/key:Key";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const TRAIL = "aws:cloudtrail/trail:Trail";
const PROD_TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const PROD_DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;

const PROD_WEST_TOPIC = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-prod-alarms`;
/** The alarm created in `region` instead, notifying `topic` (of that region). */
const moveAlarm = (p: any, region: string, topic: string) => {
    Object.assign(p, { region, alarmActions: [topic], okActions: [topic], arn: String(p.arn).replace(/:(us-east-1|us-west-2):/, `:${region}:`) });
};
const endsWith = (s: string) => (r: { urn: string }) => r.urn.endsWith(s);
const failed = (change: (p: any) => void) => edit(ALARM, change, endsWith("static-replication-failed"));
const late = (change: (p: any) => void) => edit(ALARM, change, endsWith("static-replication-late"));
const lagHigh = (change: (p: any) => void) => edit(ALARM, change, endsWith("replica-lag-high"));
const query = (p: any, id: string) => p.metricQueries.find((q: any) => q.id === id);
const policyEdit = (f: (d: any) => void) => (p: Record<string, any>) => { const d = JSON.parse(p.policy); f(d); p.policy = JSON.stringify(d); };

/** An RDS event subscription on prod's alarm topic for the database's failover, failure and storage events. */
const rdsEvents = (extra: Record<string, unknown> = {}) => add("aws:rds/eventSubscription:EventSubscription", "database-events", {
    name: "expertconnect-prod-db-events", snsTopic: PROD_TOPIC, sourceType: "db-instance", sourceIds: ["expertconnect-prod-db"],
    eventCategories: ["failover", "failure", "low storage"], enabled: true, tags: tags("monitoring"), ...extra,
});
/** The alarm topic's policy lets `service` publish for this account (and `sourceArn`). */
const topicAdmits = (service: string, sourceArn?: string) => edit(TOPIC_POLICY, policyEdit(d => d.Statement.push({
    Sid: "MorePublishers", Effect: "Allow", Principal: { Service: service }, Action: "sns:Publish", Resource: PROD_TOPIC,
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}) },
})), named("alarms-policy"));
/** The alarm topic's key lets `service` encrypt this account's messages. */
const keyAdmits = (service: string) => edit(KEY, policyEdit(d => d.Statement.push({
    Sid: "MorePublishers", Effect: "Allow", Principal: { Service: service }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
})), named("alarms-key"));

const violations: Case[] = [
    // ---- static replication: failures and lateness past Replication Time Control's 15 minutes --------
    { name: "static replication-failed alarm removed", change: remove(ALARM, endsWith("static-replication-failed")) },
    { name: "static replication-late alarm threshold raised to 86400 s", change: late(p => { p.threshold = 86400; }) },
    { name: "both replication alarms removed with the rule kept", change: remove(ALARM, r => /static-replication-(failed|late)$/.test(r.urn)) },
    { name: "replication-late alarm threshold an hour (3600 s), past the RTC promise", change: late(p => { p.threshold = 3600; }) },
    { name: "replication-late alarm reads the Average latency of the 5 minutes", change: late(p => { p.statistic = "Average"; }) },
    { name: "replication-failed alarm reads the Minimum of the per-minute failures", change: failed(p => { p.statistic = "Minimum"; }) },
    { name: "replication-failed alarm tolerates 100 failed objects per 5 minutes", change: failed(p => { p.threshold = 100; }) },
    { name: "replication-late alarm on hourly periods (an hour to page)", change: late(p => { p.period = 3600; }) },
    { name: "replication-late alarm made metric math in hours against 900", change: late(p => {
        const dimensions = p.dimensions;
        for (const k of ["namespace", "metricName", "statistic", "dimensions", "period"]) delete p[k];
        p.metricQueries = [
            { id: "hours", expression: "latency / 3600", returnData: true },
            { id: "latency", metric: { namespace: "AWS/S3", metricName: "ReplicationLatency", period: 300, stat: "Maximum", dimensions }, returnData: false },
        ];
    }) },
    { name: "replication-late alarm compares LessThanThreshold", change: late(p => { p.comparisonOperator = "LessThanThreshold"; }) },
    { name: "replication-failed alarm watches a rule id that no longer exists", change: failed(p => { p.dimensions = { ...p.dimensions, RuleId: "static-to-dr" }; }) },
    { name: "drift: replication-late threshold raised to a day in the console", change: drift(ALARM, p => { p.threshold = 86400; }, endsWith("static-replication-late")) },
    // S3 publishes a rule's latency where the replica is and its failures where the source is; an alarm reads only its region's metrics.
    { name: "replication-late alarm kept in us-east-1 beside the failed one, on the main topic", change: late(p => { moveAlarm(p, "us-east-1", PROD_TOPIC); }) },
    { name: "replication-failed alarm moved to us-west-2 beside the late one, on prod's topic there", change: failed(p => { moveAlarm(p, "us-west-2", PROD_WEST_TOPIC); }) },

    // ---- the dr replica's lag: what the RPO alarm computes -----------------------------------------
    { stack: "dr", name: "replica-lag alarm's write gate raised to 5e10 bytes/s", change: lagHigh(p => { query(p, "result").expression = "IF(writes > 50000000000, lag, 0)"; }) },
    { stack: "dr", name: "replica-lag alarm uses the Minimum of ReplicaLag", change: lagHigh(p => { query(p, "lag").metric.stat = "Minimum"; }) },
    { stack: "dr", name: "replica-lag alarm's gate above the ordinary write rate (150,000 bytes/s)", change: lagHigh(p => { query(p, "result").expression = "IF(writes > 150000, lag, 0)"; }) },
    { stack: "dr", name: "replica-lag alarm's gate as a band no ordinary minute falls in", change: lagHigh(p => { query(p, "result").expression = "IF(writes > 50000 AND writes < 60000, lag, 0)"; }) },
    { stack: "dr", name: "replica-lag alarm's gate inverted (lag counts only while idle)", change: lagHigh(p => { query(p, "result").expression = "IF(writes < 50000, lag, 0)"; }) },
    { stack: "dr", name: "replica-lag alarm reads the 5-minute Average of ReplicaLag", change: lagHigh(p => { Object.assign(query(p, "lag").metric, { stat: "Average", period: 300 }); }) },
    { stack: "dr", name: "replica-lag expression in minutes against a threshold in seconds", change: lagHigh(p => { query(p, "result").expression = "IF(writes > 50000, lag / 60, 0)"; }) },
    { stack: "dr", name: "replica-stalled alarm reads the Minimum of ReplicaLag", change: edit(ALARM, p => { p.statistic = "Minimum"; }, endsWith("replica-stalled")) },
    { stack: "dr", name: "drift: the gate raised in the console", change: drift(ALARM, p => { query(p, "result").expression = "IF(writes > 50000000000, lag, 0)"; }, endsWith("replica-lag-high")) },

    // ---- publishers the alarm topic's policy or key does not admit ----------------------------------
    { name: "RDS event subscription for failover and low-storage events added on the alarm topic", change: rdsEvents() },
    { name: "RDS event subscription on the alarm topic, the topic policy extended but not the key", change: all(rdsEvents(), topicAdmits("events.rds.amazonaws.com", `arn:aws:rds:us-east-1:${ACCOUNT}:db:*`)) },
    { name: "RDS event subscription on the alarm topic, admitted for another instance prefix only", change: all(rdsEvents(), topicAdmits("events.rds.amazonaws.com", `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-staging-*`), keyAdmits("events.rds.amazonaws.com")) },
    { name: "RDS event subscription for every instance (no sourceIds) on the alarm topic", change: rdsEvents({ sourceIds: undefined }) },
    { name: "S3 notifications of deleted static objects sent to the alarm topic", change: add("aws:s3/bucketNotification:BucketNotification", "static-deletions", { bucket: "expertconnect-prod-static", topics: [{ topicArn: PROD_TOPIC, events: ["s3:ObjectRemoved:*"] }] }) },
    { name: "backup vault notifications of failed jobs sent to the alarm topic", change: add("aws:backup/vaultNotifications:VaultNotifications", "backup-vault-events", { backupVaultName: "expertconnect-prod-backups", snsTopicArn: PROD_TOPIC, backupVaultEvents: ["BACKUP_JOB_FAILED", "COPY_JOB_FAILED"] }) },
    { name: "the trail's log-file notifications sent to the alarm topic (by name)", change: edit(TRAIL, p => { p.snsTopicName = "expertconnect-alarms"; }) },
    { name: "the alarm key's CloudWatch grant scoped to alarms named expertconnect-db-*", change: edit(KEY, policyEdit(d => {
        const st = d.Statement.find((s: any) => s.Principal?.Service === "cloudwatch.amazonaws.com");
        st.Condition = { ...st.Condition, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:expertconnect-db-*` } };
    }), named("alarms-key")) },
];

const compliant: Case[] = [
    { name: "replication-late alarm tightened to 10 minutes", change: late(p => { p.threshold = 600; }) },
    { name: "replication-failed alarm at >= 1 with 1-minute periods", change: failed(p => { Object.assign(p, { comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, period: 60 }); }) },
    { name: "a second, hour-long replication-late alarm beside the 15-minute one (in us-west-2, where S3 publishes the latency)", change: add(ALARM, "static-replication-very-late", {
        name: "expertconnect-static-replication-very-late", alarmDescription: "Static replication an hour behind", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, datapointsToAlarm: 1,
        metricName: "ReplicationLatency", namespace: "AWS/S3", period: 300, statistic: "Maximum", threshold: 3600, treatMissingData: "notBreaching",
        dimensions: { SourceBucket: "expertconnect-prod-static", DestinationBucket: "expertconnect-prod-static-us-west-2", RuleId: "to-us-west-2" },
        alarmActions: [PROD_WEST_TOPIC], okActions: [PROD_WEST_TOPIC], tags: tags("disaster-recovery"), region: "us-west-2",
    }) },
    { stack: "dr", name: "replica-lag alarm tightened to 30 s", change: lagHigh(p => { p.threshold = 30; }) },
    { stack: "dr", name: "replica-lag gate lowered to 20,000 bytes/s", change: lagHigh(p => { query(p, "result").expression = "IF(writes > 20000, lag, 0)"; }) },
    { name: "EventBridge rule for RDS failover and storage events to the alarm topic", change: all(
        add("aws:cloudwatch/eventRule:EventRule", "monitoring-rds-events", { name: "expertconnect-rds-events", description: "Failover, failure and low-storage events of expertconnect-prod-db", eventPattern: JSON.stringify({ source: ["aws.rds"], "detail-type": ["RDS DB Instance Event"], detail: { SourceIdentifier: ["expertconnect-prod-db"], EventCategories: ["failover", "failure", "low storage"] } }), tags: tags("monitoring") }),
        add("aws:cloudwatch/eventTarget:EventTarget", "monitoring-rds-events-topic", { rule: "expertconnect-rds-events", arn: PROD_TOPIC })) },
    { name: "RDS event subscription on the alarm topic with the topic policy and key admitting RDS for the database", change: all(
        rdsEvents(), topicAdmits("events.rds.amazonaws.com", PROD_DB), keyAdmits("events.rds.amazonaws.com")) },
    { name: "the topic's CloudWatch grant narrowed to this account's alarms by ARN", change: edit(TOPIC_POLICY, policyEdit(d => {
        const st = d.Statement.find((s: any) => s.Sid === "AlarmsAndEventsOfThisAccountPublish");
        st.Principal.Service = st.Principal.Service.filter((x: string) => x !== "cloudwatch.amazonaws.com");
        d.Statement.push({ Sid: "AlarmsOfThisAccount", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: PROD_TOPIC,
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` } } });
    }), named("alarms-policy")) },
];

suite("adversarial class 3: data-at-risk signals that reach someone", violations, compliant);
