/**
 * Class 3: a log group stays in the stack but nothing writes it any more (the replication
 * group's log delivery emptied, a container, function or database pointed elsewhere), or it moves
 * to a log class that runs no metric or subscription filters, so the CIS and application-signal
 * filters on it publish nothing and their alarms never fire.
 */
import { Case, ExportedResource, add, all, edit, named, suite, tags } from "./support";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const DB = "aws:rds/instance:Instance";
const FUNCTION = "aws:lambda/function:Function";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/ad7e477b-441e-4538-a1e7-02e65ceaf667";
/** A log group a producer writes holds data: kept like every data holder (policy/lib/facts/dataHolders.ts). */
const KEPT = { protect: true, retainOnDelete: true } as Partial<ExportedResource>;

const infrequent = (group: string) => edit(LOG_GROUP, p => { p.logGroupClass = "INFREQUENT_ACCESS"; }, named(group));
/** Points every container of a task definition's awslogs driver at `group`. */
const containersLogTo = (task: string, group: string) => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    list.forEach((c: any) => { c.logConfiguration.options["awslogs-group"] = group; });
    p.containerDefinitions = JSON.stringify(list);
}, named(task));
/** A copy of the database-tasks function under another name, logging to its default group. */
const newFunction = (name: string) => (rs: ExportedResource[]) => {
    const template = rs.find(r => r.type === FUNCTION)!;
    const props: Record<string, any> = { ...structuredClone(template.inputs), name };
    delete props.loggingConfig;
    // Outside the database's group: a function of no stated purpose may not reach the database (policy/lib/facts/purposes.ts).
    delete props.vpcConfig;
    add(FUNCTION, `${name}-function`, props)(rs);
};

const violations: Case[] = [
    { name: "ElastiCache log delivery removed (slow-log and engine-log groups stay empty)", change: edit(CACHE, p => { p.logDeliveryConfigurations = []; }) },
    { name: "dr: ElastiCache log delivery removed", stack: "dr", change: edit(CACHE, p => { p.logDeliveryConfigurations = []; }) },
    { name: "ElastiCache slow log delivered to a group the stack does not make", change: edit(CACHE, p => {
        p.logDeliveryConfigurations = p.logDeliveryConfigurations.map((c: any) => (c.logType === "slow-log" ? { ...c, destination: "/aws/elasticache/slowlog" } : c));
    }) },
    { name: "the database stops exporting its upgrade log (group kept)", change: edit(DB, p => { p.enabledCloudwatchLogsExports = ["postgresql"]; }) },
    { name: "the database-tasks function logs to its default group, leaving the maintenance group empty", change: edit(FUNCTION, p => { delete p.loggingConfig; }) },
    { name: "the backend's containers log to a new group name the stack does not make", change: containersLogTo("backend-task", "/ecs/expertconnect-prod-backend-v2") },
    { name: "CloudTrail log group moved to INFREQUENT_ACCESS (CIS metric filters stop)", change: infrequent("audit-trail-logs") },
    { name: "backend log group INFREQUENT_ACCESS (application-signal metric filters stop)", change: infrequent("backend-logs") },
    { name: "dr: backend log group DELIVERY class", stack: "dr", change: edit(LOG_GROUP, p => { p.logGroupClass = "DELIVERY"; }, named("backend-logs")) },
];

const compliant: Case[] = [
    { name: "a new Lambda function with its /aws/lambda group", change: all(
        newFunction("expertconnect-prod-reports"),
        add(LOG_GROUP, "reports-logs", { name: "/aws/lambda/expertconnect-prod-reports", retentionInDays: 90, kmsKeyId: KEY, tags: tags("database") }, KEPT),
    ) },
    { name: "the database exports its IAM authentication errors too, into a group of the stack", change: all(
        edit(DB, p => { p.enabledCloudwatchLogsExports = [...p.enabledCloudwatchLogsExports, "iam-db-auth-error"]; }, r => r.inputs.identifier === "expertconnect-prod-db"),
        add(LOG_GROUP, "database-log-iam-db-auth-error", {
            name: "/aws/rds/instance/expertconnect-prod-db/iam-db-auth-error", retentionInDays: 90, kmsKeyId: KEY, tags: tags("database"),
        }, KEPT),
    ) },
    { name: "the WAF log group (read by no filter) moves to INFREQUENT_ACCESS", change: infrequent("waf-logs") },
    { name: "the frontend log group (read by a Logs Insights query only) moves to INFREQUENT_ACCESS", change: infrequent("frontend-logs") },
    { name: "a new log group created ahead of the worker service that will write it", change: add(LOG_GROUP, "worker-logs", {
        name: "/ecs/expertconnect-prod-worker", retentionInDays: 365, kmsKeyId: KEY, tags: tags("backend"),
    }) },
    { name: "a log group under another AWS service's prefix the pack does not model", change: add(LOG_GROUP, "codebuild-logs", {
        name: "/aws/codebuild/expertconnect-prod-migrations", retentionInDays: 90, kmsKeyId: KEY, tags: tags("compute"),
    }) },
];

suite("class 3: log groups nothing writes, or filters cannot read", violations, compliant);
