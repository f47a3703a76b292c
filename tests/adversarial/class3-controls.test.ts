/** Class 3: controls that are present but do not work. */
import { Case, edit, named, remove, suite } from "./support";

const WAF = "aws:wafv2/webAcl:WebAcl";
const TRAIL = "aws:cloudtrail/trail:Trail";
const REPL = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const DB = "aws:rds/instance:Instance";
const wafRules = (change: (rules: any[]) => any[]) => edit(WAF, p => { p.rules = change(p.rules); });

const violations: Case[] = [
    { name: "failover record without its health check", change: edit("aws:route53/record:Record", p => { delete p.healthCheckId; }, named("dns-failover")) },
    { name: "ECS Exec sessions not logged", change: edit("aws:ecs/cluster:Cluster", p => { p.configuration = { executeCommandConfiguration: { logging: "NONE" } }; }) },
    { name: "images no longer replicated to the dr region", change: remove("aws:ecr/replicationConfiguration:ReplicationConfiguration") },
    { name: "the database's restore test removed", change: remove("aws:backup/restoreTestingSelection:RestoreTestingSelection") },
    { name: "the last canary removed", change: remove("aws:synthetics/canary:Canary") },
    { name: "every metric filter removed while the business alarms stay", change: remove("aws:cloudwatch/logMetricFilter:LogMetricFilter") },
    { name: "the backend CPU alarm's threshold raised beyond what CPU can reach", change: edit("aws:cloudwatch/metricAlarm:MetricAlarm", p => { p.threshold = 100000; }, r => r.inputs.namespace === "AWS/ECS" && r.inputs.metricName === "CPUUtilization") },
    { name: "the database connections alarm made to wait a day", change: edit("aws:cloudwatch/metricAlarm:MetricAlarm", p => { p.period = 3600; p.evaluationPeriods = 24; p.datapointsToAlarm = 24; }, r => r.inputs.metricName === "DatabaseConnections") },
    { name: "ECS Exec turned off on the backend service the runbook execs into", change: edit("aws:ecs/service:Service", p => { p.enableExecuteCommand = false; }, named("backend-service")) },
    { name: "the backend container stops mapping the port its target group uses", change: edit("aws:ecs/taskDefinition:TaskDefinition", p => {
        const list = JSON.parse(p.containerDefinitions);
        list.find((c: { name: string }) => c.name === "backend").portMappings = [{ containerPort: 9000, protocol: "tcp" }];
        p.containerDefinitions = JSON.stringify(list);
    }, named("backend-task")) },
    { name: "dr's backend told to use prod's database endpoint in us-east-1", stack: "dr", change: edit("aws:ssm/parameter:Parameter", p => { p.value = "expertconnect-prod-db.c9akciq32.us-east-1.rds.amazonaws.com"; }, r => String(r.inputs.name).endsWith("/database/host")) },
    { name: "dr alarms notify prod's topic in us-east-1", stack: "dr", change: edit("aws:cloudwatch/metricAlarm:MetricAlarm", p => { p.alarmActions = (p.alarmActions ?? []).map((a: string) => a.replace("us-west-2", "us-east-1")); }) },
    // Counting while a group is tuned is an explicit choice: the policy config's countModeRules names it.
    { name: "the SQL-injection rule group in count mode beside blocking ones", change: wafRules(rules => rules.map(r => (r.name === "AWSManagedRulesSQLiRuleSet" ? { ...r, overrideAction: { count: {} } } : r))) },
    { name: "WAF without its rate-based rule", change: wafRules(rules => rules.filter(r => !r.statement.rateBasedStatement)) },
    { name: "WAF rate rule switched to count", change: wafRules(rules => rules.map(r => (r.statement.rateBasedStatement ? { ...r, action: { count: {} } } : r))) },
    { name: "WAF rate limit raised to 20 million", change: wafRules(rules => rules.map(r => (r.statement.rateBasedStatement ? { ...r, statement: { rateBasedStatement: { ...r.statement.rateBasedStatement, limit: 20000000 } } } : r))) },
    { name: "trail logging stopped (enableLogging false)", change: edit(TRAIL, p => { p.enableLogging = false; }) },
    { name: "trail advanced selectors with data events only", change: edit(TRAIL, p => { p.advancedEventSelectors = [{ name: "s3 data", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] }]; }) },
    { name: "trail read-only management events", change: edit(TRAIL, p => { p.eventSelectors = [{ readWriteType: "ReadOnly", includeManagementEvents: true }]; }) },
    { name: "replication without Replication Time Control", change: edit(REPL, p => { p.rules = p.rules.map((r: any) => ({ ...r, destination: { ...r.destination, replicationTime: { status: "Disabled", time: { minutes: 15 } } } })); }) },
    { name: "backup copy kept one day", change: edit("aws:backup/plan:Plan", p => { p.rules = p.rules.map((r: any) => (r.copyActions ? { ...r, copyActions: r.copyActions.map((c: any) => ({ ...c, lifecycle: { deleteAfter: 1 } })) } : r)); }) },
    { name: "vault lock minimum retention cut to one day", change: edit("aws:backup/vaultLockConfiguration:VaultLockConfiguration", p => { p.minRetentionDays = 1; }) },
    { name: "prod's only alarm subscription removed", change: remove("aws:sns/topicSubscription:TopicSubscription") },
    { name: "flow logs kept 7 days", change: edit("aws:cloudwatch/logGroup:LogGroup", p => { p.retentionInDays = 7; }, r => String(r.inputs.name).includes("flow-logs")) },
    { name: "Config recorder without global resource types", change: edit("aws:cfg/recorder:Recorder", p => { p.recordingGroup = { allSupported: true, includeGlobalResourceTypes: false }; }) },
    { name: "database encrypted with alias/aws/rds", change: edit(DB, p => { p.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/rds"; p.performanceInsightsKmsKeyId = p.kmsKeyId; }) },
    { name: "database on an end-of-life engine version", change: edit(DB, p => { p.engineVersion = "11.22"; }) },
    { name: "backup bucket lifecycle expires current objects", change: edit("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", p => { p.rules = [...p.rules, { id: "cleanup", status: "Enabled", filter: { prefix: "" }, expiration: { days: 90 } }]; }, r => r.inputs.bucket === "expertconnect-backup") },
    { name: "an EventRule disabled", change: edit("aws:cloudwatch/eventRule:EventRule", p => { p.state = "DISABLED"; }, named("monitoring-guardduty-high-severity")) },
    { name: "GuardDuty detector enabled with every feature off", change: edit("aws:guardduty/detectorFeature:DetectorFeature", p => { p.status = "DISABLED"; }) },
];

const compliant: Case[] = [
    { name: "WAF rate limit tightened to 500", change: wafRules(rules => rules.map(r => (r.statement.rateBasedStatement ? { ...r, statement: { rateBasedStatement: { ...r.statement.rateBasedStatement, limit: 500 } } } : r))) },
    { name: "trail event selector spelled out as All with management events", change: edit(TRAIL, p => { p.eventSelectors = [{ readWriteType: "All", includeManagementEvents: true }]; }) },
    { name: "backup copy kept 90 days", change: edit("aws:backup/plan:Plan", p => { p.rules = p.rules.map((r: any) => (r.copyActions ? { ...r, copyActions: r.copyActions.map((c: any) => ({ ...c, lifecycle: { deleteAfter: 90 } })) } : r)); }) },
    { name: "flow logs kept two years", change: edit("aws:cloudwatch/logGroup:LogGroup", p => { p.retentionInDays = 731; }, r => String(r.inputs.name).includes("flow-logs")) },
    { name: "rotation every 7 days", change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => { p.rotationRules = { automaticallyAfterDays: 7 }; }) },
];

suite("adversarial class 3: controls that work", violations, compliant);
