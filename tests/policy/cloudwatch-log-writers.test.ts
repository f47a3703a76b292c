import { cloudwatchLogGroupsWritten } from "../../policy/cloudwatch/logGroupsWritten";
import { SAVED_QUERIES } from "../../policy/lib/facts/savedQueries";
import { named, stackTable } from "./support/cases";
import { primaryDb } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const group = (name: string, logicalName: string, props: Record<string, unknown> = {}): StackResourceInput =>
    ({ type: "aws:cloudwatch/logGroup:LogGroup", name: logicalName, props: { name, retentionInDays: 90, ...props } });
const TRAIL_GROUP = "/aws/cloudtrail/expertconnect-trail";
const containers = (group: string) => JSON.stringify([
    { name: "backend", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group, "awslogs-stream-prefix": "backend" } } },
]);

/** One log group per producer the policy resolves, each written by it, and filters on the trail and backend groups. */
const writers: StackResourceInput[] = [
    primaryDb,
    group("/aws/rds/instance/expertconnect-prod-db/postgresql", "db-postgresql"),
    group("/aws/rds/instance/expertconnect-prod-db/upgrade", "db-upgrade"),
    group("/ecs/expertconnect-prod-backend", "backend-logs"),
    { type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task", props: { family: "backend", containerDefinitions: containers("/ecs/expertconnect-prod-backend") } },
    group("/ecs/expertconnect-prod-frontend", "frontend-logs"),
    { type: "aws:ecs/taskDefinition:TaskDefinition", name: "frontend-task", props: { family: "frontend", containerDefinitions: JSON.stringify([
        { name: "frontend", logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs", log_group_name: "/ecs/expertconnect-prod-frontend", region: "us-east-1" } } },
    ]) } },
    group("/ecs/expertconnect-prod-cluster/execute-command", "exec-logs"),
    { type: "aws:ecs/cluster:Cluster", name: "cluster", props: { name: "expertconnect-prod-cluster",
        configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/expertconnect-prod-cluster/execute-command" } } } } },
    group("/aws/rds/instance/expertconnect-prod-db/maintenance", "db-maintenance"),
    { type: "aws:lambda/function:Function", name: "db-tasks", props: { name: "expertconnect-prod-db-tasks", loggingConfig: { logFormat: "Text", logGroup: "/aws/rds/instance/expertconnect-prod-db/maintenance" } } },
    group("/aws/lambda/cwsyn-expertconnect-prod-0960ab6f", "canary-logs"),
    { type: "aws:synthetics/canary:Canary", name: "canary", props: { name: "expertconnect-prod", engineArn: "arn:aws:lambda:us-east-1:123456789012:function:cwsyn-expertconnect-prod-0960ab6f:1" } },
    group("/aws/elasticache/expertconnect-prod-cache/slow-log", "cache-slow-log"),
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", logDeliveryConfigurations: [
        { destination: "/aws/elasticache/expertconnect-prod-cache/slow-log", destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
    ] } },
    group(TRAIL_GROUP, "trail-logs", { retentionInDays: 365 }),
    { type: "aws:cloudtrail/trail:Trail", name: "trail", props: { name: "expertconnect-trail", cloudWatchLogsGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${TRAIL_GROUP}:*` } },
    group("/vpc/expertconnect-prod-flow-logs", "flow-logs"),
    { type: "aws:ec2/flowLog:FlowLog", name: "flow-log", props: { logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:/vpc/expertconnect-prod-flow-logs", trafficType: "ALL" } },
    group("aws-waf-logs-expertconnect-prod", "waf-logs"),
    { type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", name: "waf-logging", props: {
        logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-expertconnect-prod"] } },
    { type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "root-usage", props: { name: "root-usage", logGroupName: TRAIL_GROUP, pattern: "{ $.userIdentity.type = \"Root\" }" } },
    { type: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", name: "backend-stream", props: { name: "backend-stream", logGroupName: "/ecs/expertconnect-prod-backend", filterPattern: "" } },
    { type: "aws:cloudwatch/queryDefinition:QueryDefinition", name: "daily-errors", props: { name: "daily-errors", logGroupNames: ["/ecs/expertconnect-prod-frontend"], queryString: "fields @message" } },
];
const BACKEND = "/ecs/expertconnect-prod-backend";
const FRONTEND = "/ecs/expertconnect-prod-frontend";
const POSTGRESQL = "/aws/rds/instance/expertconnect-prod-db/postgresql";
/** The groups whose writers emit what each routine query reads (spelled out here, not derived, so the test checks the derivation). */
const QUERY_GROUPS: Record<string, string[]> = { "daily/errors-by-service": [BACKEND, FRONTEND], "weekly/db-slow-queries": [POSTGRESQL] };
const queryName = (path: string) => `query-${path.replace("/", "-")}`;
writers.push(...SAVED_QUERIES.map((q): StackResourceInput => ({
    type: "aws:cloudwatch/queryDefinition:QueryDefinition", name: queryName(q.path),
    props: { name: `expertconnect-prod/${q.path}`, logGroupNames: QUERY_GROUPS[q.path] ?? [BACKEND], queryString: q.query },
})));
const query = (s: StackResourceInput[], path: string) => named(s, queryName(path)).props as Record<string, any>;
const dropQuery = (s: StackResourceInput[], path: string) => s.splice(s.indexOf(named(s, queryName(path))), 1);

/** A metric filter reading `group`: detection then depends on its lines. */
const readBy = (group: string, name = "reader"): StackResourceInput =>
    ({ type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name, props: { name, logGroupName: group, pattern: "ERROR" } });
const props = (s: StackResourceInput[], name: string) => named(s, name).props as Record<string, any>;

describe("cloudwatch-log-groups-written", () => {
    stackTable(cloudwatchLogGroupsWritten, writers, {
        passes: {
            "a new function logs to its default /aws/lambda group": { change: s => {
                s.push({ type: "aws:lambda/function:Function", name: "reports", props: { name: "expertconnect-prod-reports" } }, group("/aws/lambda/expertconnect-prod-reports", "reports-logs"));
            } },
            "the database exports one more log type into its group": { change: s => {
                props(s, "database-instance").enabledCloudwatchLogsExports = ["postgresql", "upgrade", "iam-db-auth-error"];
                s.push(group("/aws/rds/instance/expertconnect-prod-db/iam-db-auth-error", "db-iam"));
            } },
            "an Aurora cluster exports its postgresql log": { change: s => {
                s.push({ type: "aws:rds/cluster:Cluster", name: "aurora", props: { clusterIdentifier: "reports", enabledCloudwatchLogsExports: ["postgresql"] } },
                    group("/aws/rds/cluster/reports/postgresql", "aurora-postgresql"));
            } },
            "a group nothing filters is INFREQUENT_ACCESS": { change: s => { props(s, "waf-logs").logGroupClass = "INFREQUENT_ACCESS"; } },
            "a group only a saved query reads is INFREQUENT_ACCESS (Logs Insights runs on it)": { change: s => { props(s, "frontend-logs").logGroupClass = "INFREQUENT_ACCESS"; } },
            "a new group of the stack's own naming that nothing writes or reads yet (created ahead of its service)": { change: s => { s.push(group("/ecs/expertconnect-prod-worker", "worker-logs")); } },
            "ECS Exec logging falls back to the task's log configuration, leaving its unread group": {
                change: s => { props(s, "cluster").configuration.executeCommandConfiguration.logging = "DEFAULT"; },
            },
            "a filtered group is STANDARD explicitly": { change: s => { props(s, "trail-logs").logGroupClass = "STANDARD"; } },
            "a canary being created has no engineArn yet": { change: s => { props(s, "canary").engineArn = UNKNOWN; } },
            "a producer's destination is unknown during preview": { change: s => { props(s, "cache").logDeliveryConfigurations = UNKNOWN; } },
            "a group named for an AWS service the pack does not model": { change: s => { s.push(group("/aws/codebuild/migrations", "codebuild-logs")); } },
            "a group the config says is written from outside the stack": {
                change: s => { s.push(group("/ec2/agent/syslog", "agent-logs"), readBy("/ec2/agent/syslog")); },
                config: { unwrittenLogGroupPatterns: ["^/ec2/agent/"] },
            },
            "an EventBridge rule's target is a new log group": { change: s => {
                s.push(group("/events/guardduty-findings", "findings-logs"),
                    { type: "aws:cloudwatch/eventTarget:EventTarget", name: "findings-to-logs", props: { rule: "guardduty", arn: "arn:aws:logs:us-east-1:123456789012:log-group:/events/guardduty-findings" } });
            } },
            "an EC2 instance (whose agent may write any group) sits beside a custom-named group": { change: s => {
                s.push(group("/ec2/bastion/secure", "bastion-logs"), readBy("/ec2/bastion/secure"), { type: "aws:ec2/instance:Instance", name: "bastion", props: { instanceType: "t3.micro" } });
            } },
            "the daily errors query also reads the PostgreSQL log": { change: s => { query(s, "daily/errors-by-service").logGroupNames.push(POSTGRESQL); } },
            "the routine's queries saved under another folder": { change: s => { SAVED_QUERIES.forEach((q) => { query(s, q.path).name = `ops/${q.path}`; }); } },
            "the backend logs to a renamed group and the queries follow": { change: s => {
                const renamed = "/ecs/expertconnect-prod-api";
                props(s, "backend-task").containerDefinitions = containers(renamed);
                props(s, "backend-logs").name = renamed;
                props(s, "backend-stream").logGroupName = renamed;
                SAVED_QUERIES.forEach((q) => { query(s, q.path).logGroupNames = query(s, q.path).logGroupNames.map((g: string) => (g === BACKEND ? renamed : g)); });
            } },
            "a stack without the application's containers does not require the queries": { change: s => {
                for (const n of ["backend-task", "frontend-task", "backend-logs", "frontend-logs", "backend-stream", "daily-errors"]) s.splice(s.indexOf(named(s, n)), 1);
                SAVED_QUERIES.forEach((q) => dropQuery(s, q.path));
            } },
            "a query's groups are unknown during preview": { change: s => { query(s, "weekly/db-slow-queries").logGroupNames = UNKNOWN; } },
            "the log group's name is unknown": { change: s => { s.push(group("x", "generated")); props(s, "generated").name = UNKNOWN; } },
        },
        violations: {
            "the daily errors query is removed": { change: s => dropQuery(s, "daily/errors-by-service"), message: /saved Logs Insights query daily\/errors-by-service \("Check system logs for errors and warnings"\) is missing/ },
            "the weekly slow-query query reads another database's log": {
                change: s => { query(s, "weekly/db-slow-queries").logGroupNames = ["/aws/rds/instance/expertconnect-db/postgresql"]; },
                message: /saved query expertconnect-prod\/weekly\/db-slow-queries .* reads \/aws\/rds\/instance\/expertconnect-db\/postgresql, but the database's postgresql log export writes \/aws\/rds\/instance\/expertconnect-prod-db\/postgresql/,
            },
            "the database stops exporting its postgresql log": {
                change: s => { props(s, "database-instance").enabledCloudwatchLogsExports = ["upgrade"]; s.splice(s.indexOf(named(s, "db-postgresql")), 1); },
                message: /weekly\/db-slow-queries .* but the database's postgresql log export writes no log group of the stack/,
            },
            "the daily errors query drops the frontend's group": {
                change: s => { query(s, "daily/errors-by-service").logGroupNames = [BACKEND]; }, message: /daily\/errors-by-service .* reads \/ecs\/expertconnect-prod-backend, but frontend writes \/ecs\/expertconnect-prod-frontend/,
            },
            "the credit-failures query reads the frontend's group (the backend writes credit transactions)": {
                change: s => { query(s, "daily/credit-failures").logGroupNames = [FRONTEND]; }, message: /daily\/credit-failures .* but backend writes \/ecs\/expertconnect-prod-backend/,
            },
            "the replication group's log delivery is emptied": {
                change: s => { props(s, "cache").logDeliveryConfigurations = []; },
                message: /log group \/aws\/elasticache\/expertconnect-prod-cache\/slow-log: no producer of the stack writes it \(looked for ECS containers.*ElastiCache log delivery/,
            },
            "log delivery goes to Kinesis Firehose instead": {
                change: s => { props(s, "cache").logDeliveryConfigurations[0] = { destination: "cache-stream", destinationType: "kinesis-firehose", logFormat: "json", logType: "slow-log" }; },
                message: /slow-log: no producer of the stack writes it/,
            },
            "the database stops exporting a log type whose group stays": {
                change: s => { props(s, "database-instance").enabledCloudwatchLogsExports = ["postgresql"]; },
                message: /\/aws\/rds\/instance\/expertconnect-prod-db\/upgrade: no producer/,
            },
            "the function drops its loggingConfig (writes /aws/lambda/<name>)": {
                change: s => { delete props(s, "db-tasks").loggingConfig; },
                message: /\/aws\/rds\/instance\/expertconnect-prod-db\/maintenance: no producer/,
            },
            "the container logs to another group name": {
                change: s => { props(s, "backend-task").containerDefinitions = containers("/ecs/expertconnect-prod-backend-v2"); },
                message: /\/ecs\/expertconnect-prod-backend: no producer/,
            },
            "FireLens sends to another output plugin": {
                change: s => { props(s, "frontend-task").containerDefinitions = JSON.stringify([{ name: "frontend", logConfiguration: { logDriver: "awsfirelens", options: { Name: "datadog" } } }]); },
                message: /\/ecs\/expertconnect-prod-frontend: no producer/,
            },
            "ECS Exec logging falls back to the task's log configuration while a filter reads its group": {
                change: s => { props(s, "cluster").configuration.executeCommandConfiguration.logging = "DEFAULT"; s.push(readBy("/ecs/expertconnect-prod-cluster/execute-command", "exec-commands")); },
                message: /execute-command: no producer .* LogMetricFilter exec-commands find nothing/,
            },
            "a saved query reads a group of the stack's own naming that nothing writes": {
                change: s => { s.push(group("/expertconnect/prod/audit", "audit-logs")); (props(s, "daily-errors").logGroupNames as string[]).push("/expertconnect/prod/audit"); },
                message: /\/expertconnect\/prod\/audit: no producer .* QueryDefinition daily-errors find nothing/,
            },
            "the canary is removed, its group kept": { change: s => { s.splice(s.indexOf(named(s, "canary")), 1); }, message: /cwsyn-expertconnect-prod-0960ab6f: no producer/ },
            "the trail stops sending to CloudWatch Logs": { change: s => { delete props(s, "trail").cloudWatchLogsGroupArn; }, message: /\/aws\/cloudtrail\/expertconnect-trail: no producer/ },
            "the flow log goes to S3 while a filter reads its group": {
                change: s => { Object.assign(props(s, "flow-log"), { logDestinationType: "s3", logDestination: "arn:aws:s3:::expertconnect-prod-flow-logs" }); s.push(readBy("/vpc/expertconnect-prod-flow-logs")); },
                message: /\/vpc\/expertconnect-prod-flow-logs: no producer/,
            },
            "WAF logs to another group": {
                change: s => { props(s, "waf-logging").logDestinationConfigs = ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-other"]; },
                message: /aws-waf-logs-expertconnect-prod: no producer/,
            },
            "an EC2 instance is in the stack, but an RDS export's group is still written by nobody": {
                change: s => { props(s, "database-instance").enabledCloudwatchLogsExports = ["postgresql"]; s.push({ type: "aws:ec2/instance:Instance", name: "bastion", props: { instanceType: "t3.micro" } }); },
                message: /\/aws\/rds\/instance\/expertconnect-prod-db\/upgrade: no producer/,
            },
            "the trail's group, read by a metric filter, is INFREQUENT_ACCESS": {
                change: s => { props(s, "trail-logs").logGroupClass = "INFREQUENT_ACCESS"; },
                message: /log group \/aws\/cloudtrail\/expertconnect-trail: its logGroupClass is INFREQUENT_ACCESS, which runs no metric or subscription filters, but LogMetricFilter root-usage read it/,
            },
            "the backend group, read by a subscription filter, is DELIVERY class": {
                change: s => { props(s, "backend-logs").logGroupClass = "DELIVERY"; },
                message: /\/ecs\/expertconnect-prod-backend: its logGroupClass is DELIVERY.*LogSubscriptionFilter backend-stream/,
            },
        },
    });
});
