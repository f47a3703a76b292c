/**
 * Class 3: what a task needs at start. ECS resolves every container secret before the application
 * runs: a parameter the stack no longer holds under the name the task reads, or a JSON key asked
 * of a secret whose value is a plain string, fails the start (ResourceInitializationError) while
 * the deploy itself succeeds; and the guide lists the settings by their path. Containers log with
 * awslogs (or FireLens) into the stack's own log groups, which the guide's log commands read.
 * The database's functions (maintenance and restore checks, rotation) run when invoked, inside the
 * database's VPC, and log where their role may write.
 */
import { add, all, Case, drift, edit, named, remove, suite, tags } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const SSMP = "aws:ssm/parameter:Parameter";
const FN = "aws:lambda/function:Function";
const APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";

/** Rewrites the backend container's secret `name` (valueFrom from the old one). */
const reading = (name: string, valueFrom: (old: string) => string) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].secrets = list[0].secrets.map((s: { name: string; valueFrom: string }) => (s.name === name ? { ...s, valueFrom: valueFrom(s.valueFrom) } : s));
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

/** Replaces the backend container's logConfiguration. */
const logging = (logConfiguration: object) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].logConfiguration = logConfiguration;
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

const violations: Case[] = [
    {
        name: "the log driver switched to splunk at an outside endpoint", change: logging({
            logDriver: "splunk", options: { "splunk-url": "https://splunk.example.net:8088" },
            secretOptions: [{ name: "splunk-token", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/django-secret-key-1ffb64" }],
        }),
    },
    { name: "the log driver switched to syslog", change: logging({ logDriver: "syslog", options: { "syslog-address": "tcp://logs.example.net:514" } }) },
    { name: "FireLens to an outside HTTP output", change: logging({ logDriver: "awsfirelens", options: { Name: "http", Host: "logs.example.net", Port: "443", tls: "on" } }) },
    { name: "the database/port parameter removed while the task still reads it", change: remove(SSMP, named("app-settings-database-port")) },
    { name: "the database host parameter moved out of /expertconnect/prod", change: edit(SSMP, p => { p.name = "/expertconnect/production/database/host"; }, named("app-settings-database-host")) },
    { name: "the cache host parameter renamed, the task not updated", change: edit(SSMP, p => { p.name = "/expertconnect/prod/redis/host"; }, named("app-settings-cache-host")) },
    { name: "DJANGO_SECRET_KEY asks for a JSON key of its plain-string secret", change: reading("DJANGO_SECRET_KEY", v => `${v}:password::`) },
    { name: "JWT_SIGNING_KEY asks for a JSON key of its plain-string secret", change: reading("JWT_SIGNING_KEY", v => `${v}:key:AWSCURRENT:`) },
    {
        name: "a new setting outside the guide's path, read by the task", change: all(
            add(SSMP, "feature-flags", { name: "/expertconnect-flags/prod/features", type: "String", value: "{}", arn: "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect-flags/prod/features", tags: tags("backend") }),
            reading("DATABASE_NAME", () => "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect-flags/prod/features")),
    },
    { name: "the db-tasks function's reserved concurrency set to 0", change: edit(FN, p => { p.reservedConcurrentExecutions = 0; }, named("database-tasks-function")) },
    { name: "DRIFT: the db-tasks function's reserved concurrency set to 0 in the console", change: drift(FN, p => { p.reservedConcurrentExecutions = 0; }, named("database-tasks-function")) },
    { name: "the db-tasks function taken out of the VPC", change: edit(FN, p => { delete p.vpcConfig; }, named("database-tasks-function")) },
    { name: "the rotation app deployed outside the VPC", change: edit(APP, p => { if (p.parameters) { delete p.parameters.vpcSubnetIds; delete p.parameters.vpcSecurityGroupIds; } }, named("database-rotation-function")) },
    { name: "the db-tasks function logs to a group its role cannot write", change: edit(FN, p => { p.loggingConfig = { logFormat: "Text", logGroup: "/aws/lambda/expertconnect-prod-db-tasks" }; }, named("database-tasks-function")) },
    { name: "the db-tasks function logs to another group in JSON", change: edit(FN, p => { p.loggingConfig = { logFormat: "JSON", logGroup: "/expertconnect/prod/db-tasks" }; }, named("database-tasks-function")) },
];

const compliant: Case[] = [
    { name: "the db-tasks function's reserved concurrency set to 5", change: edit(FN, p => { p.reservedConcurrentExecutions = 5; }, named("database-tasks-function")) },
    { name: "the db-tasks function logs JSON to its group", change: edit(FN, p => { p.loggingConfig = { ...p.loggingConfig, logFormat: "JSON" }; }, named("database-tasks-function")) },
    { name: "DJANGO_SECRET_KEY pinned to the AWSCURRENT stage (no JSON key)", change: reading("DJANGO_SECRET_KEY", v => `${v}::AWSCURRENT:`) },
];

suite("adversarial class 3: what a task needs to start", violations, compliant);
