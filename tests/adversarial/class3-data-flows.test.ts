/**
 * Class 3: personal data judged by value on its way into logs, metrics, configuration and other
 * stores. The database's parameter group writes no statement text or bind values beyond the
 * slow-query log without its values, by any route (log_statement, thresholds and sampling, bind
 * lengths, pgAudit, auto_explain, plan trees); metric filters copy no personal field or identifier
 * into dimensions; plain SSM parameters hold no emails, phone numbers or lists of names; a copy of
 * one bucket into another (inventory, access logs, replication, analysis) reaches no reader the
 * source keeps out; in dr, settings name the dr region's resources. Each change edits the real
 * stack export.
 */
import { ACCOUNT, add, Case, edit, named, suite, tags } from "./support";

const PG = "aws:rds/parameterGroup:ParameterGroup";
const SSM = "aws:ssm/parameter:Parameter";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const BACKEND_LOGS = "/ecs/expertconnect-prod-backend";
const APP_SETTINGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;

/** Sets parameters of the database's group (replacing any of the same name). */
const pgParams = (...ps: { name: string; value: string; applyMethod?: string }[]) =>
    edit(PG, p => {
        p.parameters = [...p.parameters.filter((x: any) => !ps.some(n => n.name === x.name)), ...ps.map(x => ({ applyMethod: x.applyMethod ?? "immediate", ...x }))];
    }, named("database-params"));
const preload = (libraries: string) => ({ name: "shared_preload_libraries", value: libraries, applyMethod: "pending-reboot" });

const metricFilter = (name: string, pattern: string, transformation: object, logGroupName = BACKEND_LOGS) =>
    add(FILTER, name, { name: `expertconnect-${name}`, logGroupName, pattern, metricTransformation: { namespace: "ExpertConnect", value: "1", ...transformation } });

const parameter = (name: string, path: string, value: string, type = "String") =>
    add(SSM, name, { name: path, type, value, tags: tags("app-settings") });

const inventory = (name: string, source: string, destinationArn: string) =>
    add("aws:s3/inventory:Inventory", name, { bucket: source, name: "daily", includedObjectVersions: "Current", schedule: { frequency: "Daily" }, destination: { bucket: { format: "CSV", bucketArn: destinationArn, accountId: ACCOUNT, prefix: "inventory/" } } });

const drSetting = (setting: string, value: string) =>
    edit(SSM, p => { p.value = value; }, named(setting));

const violations: Case[] = [
    // ------------------------------------------------------------ database statement logging
    { name: "T: pgaudit loaded with pgaudit.log=read,write and pgaudit.log_parameter=1", change: pgParams(preload("pg_stat_statements,pgaudit"), { name: "pgaudit.log", value: "read,write" }, { name: "pgaudit.log_parameter", value: "1" }) },
    { name: "T: auto_explain loaded with log_min_duration=0", change: pgParams(preload("pg_stat_statements,auto_explain"), { name: "auto_explain.log_min_duration", value: "0" }, { name: "auto_explain.log_analyze", value: "1" }) },
    { name: "T: log_parameter_max_length_on_error=-1", change: pgParams({ name: "log_parameter_max_length_on_error", value: "-1" }) },
    { name: "pgaudit.log=ALL minus misc (role class logs ALTER ROLE … PASSWORD)", change: pgParams(preload("pg_stat_statements,pgaudit"), { name: "pgaudit.log", value: "ALL, -MISC" }) },
    { name: "pgaudit audits only DDL but with log_parameter on", change: pgParams(preload("pg_stat_statements,pgaudit"), { name: "pgaudit.log", value: "ddl" }, { name: "pgaudit.log_parameter", value: "on" }) },
    { name: "auto_explain loaded per session at 500 ms, logging bind values (PostgreSQL 16 default)", change: pgParams({ name: "session_preload_libraries", value: "auto_explain" }, { name: "auto_explain.log_min_duration", value: "500" }) },
    { name: "the program's log_parameter_max_length=0 removed: slow statements logged with their bind values", change: edit(PG, p => { p.parameters = p.parameters.filter((x: any) => x.name !== "log_parameter_max_length"); }, named("database-params")) },
    { name: "log_parameter_max_length raised to 1024 bytes 'to debug slow queries'", change: pgParams({ name: "log_parameter_max_length", value: "1024" }) },
    { name: "log_min_duration_sample=0 with a 5% sample rate", change: pgParams({ name: "log_min_duration_sample", value: "0" }, { name: "log_statement_sample_rate", value: "0.05" }) },
    { name: "log_transaction_sample_rate=0.01: every statement of 1% of transactions", change: pgParams({ name: "log_transaction_sample_rate", value: "0.01" }) },
    { name: "debug_print_plan on (plan trees with constants)", change: pgParams({ name: "debug_print_plan", value: "1" }) },
    { name: "log_min_error_statement lowered to notice", change: pgParams({ name: "log_min_error_statement", value: "notice" }) },
    { name: "dr replica's group: pgaudit on read", stack: "dr", change: pgParams(preload("pg_stat_statements,pgaudit"), { name: "pgaudit.log", value: "read" }) },

    // ------------------------------------------------------------ metric dimensions
    { name: "T: failed logins with the user's email as a dimension", change: metricFilter("failed-logins-by-email", "{ $.event = \"http_request\" && $.status = 401 }", { name: "FailedLogins", unit: "Count", dimensions: { Email: "$.user_email" } }) },
    { name: "T: credits with client IP and transaction id as dimensions", change: metricFilter("credits-by-client", "{ $.event = \"credit_transaction\" }", { name: "CreditsByClient", value: "$.credits", dimensions: { ClientIp: "$.client_ip", TransactionId: "$.transaction_id" } }) },
    { name: "requests per request id (an identifier of the contract)", change: metricFilter("requests-by-id", "{ $.event = \"http_request\" }", { name: "RequestsById", dimensions: { RequestId: "$.request_id" } }) },
    { name: "video sessions per meeting id", change: metricFilter("video-by-meeting", "{ $.event = \"video_session\" }", { name: "VideoByMeeting", dimensions: { Meeting: "$.meeting_id" } }) },
    { name: "WAF blocks per client IP in another namespace", change: metricFilter("waf-blocks-by-ip", "{ $.action = \"BLOCK\" }", { name: "BlocksByIp", namespace: "Security", dimensions: { ClientIp: "$.httpRequest.clientIp" } }, "aws-waf-logs-expertconnect-prod") },

    // ------------------------------------------------------------ personal data as configuration
    { name: "T: VIP customers' emails in a String SSM parameter", change: parameter("vip-customers", "/expertconnect/prod/support/vip-customers", "alice.martin@example.com,bob.nguyen@example.com,carla.rossi@example.com") },
    { name: "VIP customers' names as a StringList", change: parameter("vip-names", "/expertconnect/prod/support/vip-names", "Alice Martin,Bob Nguyen,Carla Rossi", "StringList") },
    { name: "escalation phone number in a String parameter", change: parameter("escalation-phone", "/expertconnect/prod/support/escalation-phone", "+1 415 555 0134") },
    { name: "JSON list of testers with emails", change: parameter("beta-testers", "/expertconnect/prod/features/beta-testers", JSON.stringify(["dana.kim@example.org", "eli.cohen@example.net"])) },

    // ------------------------------------------------------------ copies that widen a bucket's audience
    { name: "T: backup bucket's inventory written into the static-assets bucket", change: inventory("backup-inventory-static", "expertconnect-backup", "arn:aws:s3:::expertconnect-prod-static") },
    { name: "backup bucket's server access logs into the static bucket", change: add("aws:s3/bucketLogging:BucketLogging", "backup-access-logs", { bucket: "expertconnect-backup", targetBucket: "expertconnect-prod-static", targetPrefix: "access-logs/" }) },
    { name: "backup bucket's storage-class analysis exported into the static bucket", change: add("aws:s3/analyticsConfiguration:AnalyticsConfiguration", "backup-analytics", { bucket: "expertconnect-backup", name: "all", storageClassAnalysis: { dataExport: { destination: { s3BucketDestination: { bucketArn: "arn:aws:s3:::expertconnect-prod-static", format: "CSV" } } } } }) },

    // ------------------------------------------------------------ dr settings naming the lost region
    { name: "R: dr STATIC_BUCKET parameter points at expertconnect-prod-static (us-east-1)", stack: "dr", change: drSetting("app-settings-storage-static-bucket", "expertconnect-prod-static") },
    { name: "dr cache host parameter points at prod's cache", stack: "dr", change: drSetting("app-settings-cache-host", "master.expertconnect-prod-cache.2dd10f.use1.cache.amazonaws.com") },
    { name: "dr database host parameter points at prod's instance", stack: "dr", change: drSetting("app-settings-database-host", "expertconnect-prod-db.c2f8ee031b31.us-east-1.rds.amazonaws.com") },
    {
        name: "dr backend given prod's S3 endpoint as a plain environment value", stack: "dr",
        change: edit("aws:ecs/taskDefinition:TaskDefinition", p => {
            const list = JSON.parse(p.containerDefinitions);
            list[0].environment = [...(list[0].environment ?? []), { name: "MEDIA_URL", value: "https://s3.us-east-1.amazonaws.com/expertconnect-prod-static/media/" }];
            p.containerDefinitions = JSON.stringify(list);
        }, named("backend-task")),
    },
];

const compliant: Case[] = [
    { name: "T: log_parameter_max_length=0 kept explicitly", change: pgParams({ name: "log_parameter_max_length", value: "0" }) },
    { name: "T: log_lock_waits=1", change: pgParams({ name: "log_lock_waits", value: "1" }) },
    { name: "slow-query threshold tightened to 250 ms (bind values still off)", change: pgParams({ name: "log_min_duration_statement", value: "250" }) },
    { name: "pgaudit for DDL only, without parameters", change: pgParams(preload("pg_stat_statements,pgaudit"), { name: "pgaudit.log", value: "ddl" }, { name: "pgaudit.role", value: "rds_pgaudit" }) },
    { name: "auto_explain at the slow-query threshold without bind values", change: pgParams(preload("pg_stat_statements,auto_explain"), { name: "auto_explain.log_min_duration", value: "1000" }, { name: "auto_explain.log_parameter_max_length", value: "0" }) },
    { name: "auto_explain parameters set while the library is not loaded", change: pgParams({ name: "auto_explain.log_min_duration", value: "0" }) },
    { name: "log_min_error_statement raised to fatal", change: pgParams({ name: "log_min_error_statement", value: "fatal" }) },
    { name: "T: 401s counted without a per-user dimension", change: metricFilter("unauthorized-requests", "{ $.event = \"http_request\" && $.status = 401 }", { name: "UnauthorizedRequests", unit: "Count", defaultValue: "0" }) },
    { name: "4xx per route template and method (categories of the contract)", change: metricFilter("client-errors-by-route", "{ $.event = \"http_request\" && $.status >= 400 && $.status < 500 }", { name: "ClientErrorsByRoute", dimensions: { Path: "$.path", Method: "$.method" } }) },
    { name: "declined credits per reason", change: metricFilter("declines-by-reason", "{ $.event = \"credit_transaction\" && $.outcome = \"declined\" }", { name: "DeclinesByReason", dimensions: { Reason: "$.reason" } }) },
    { name: "sender address as a role mailbox in a String parameter", change: parameter("email-from", "/expertconnect/prod/email/from", "ExpertConnect <noreply@expertconnect.example>") },
    { name: "feature flags as a StringList", change: parameter("features", "/expertconnect/prod/features/enabled", "video-calls,credit-packs,expert-search", "StringList") },
    {
        name: "VIP list as a SecureString under the app-settings key",
        change: add(SSM, "vip-secure", { name: "/expertconnect/prod/support/vip-customers", type: "SecureString", keyId: APP_SETTINGS_KEY, value: "alice.martin@example.com,bob.nguyen@example.com", tags: tags("app-settings") }),
    },
    { name: "static bucket's inventory written into the backup bucket (nobody reads backups who cannot read static)", change: inventory("static-inventory-backup", "expertconnect-prod-static", "arn:aws:s3:::expertconnect-backup") },
    { name: "dr database name parameter re-written (names no region)", stack: "dr", change: drSetting("app-settings-database-name", "expertconnect") },
    { name: "dr STATIC_BUCKET parameter unchanged value re-written", stack: "dr", change: drSetting("app-settings-storage-static-bucket", "expertconnect-prod-static-us-west-2") },
];

suite("adversarial class 3: personal data judged by value on its way into logs, metrics, configuration and other stores", violations, compliant);
