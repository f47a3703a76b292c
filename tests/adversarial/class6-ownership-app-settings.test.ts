/**
 * Class 6: where the application is pointed. The values it reads (SSM parameters its tasks name,
 * container and Lambda environment values) lead to the stack's resources, to AWS's endpoints of
 * the stack's region or to a listed external service; a parameter the program derives from a
 * resource's output holds that output in the deployed state (a change outside Pulumi shows there).
 */
import { ACCOUNT, add, Case, drift, edit, env, named, suite, tags } from "./support";

const PARAMETER = "aws:ssm/parameter:Parameter";
const FUNCTION = "aws:lambda/function:Function";
const lambdaEnv = (name: string, value: string) =>
    edit(FUNCTION, p => { p.environment = { variables: { ...p.environment.variables, [name]: value } }; }, named("database-tasks-function"));

const violations: Case[] = [
    { name: "database host parameter repointed to an outside host in the console", change: drift(PARAMETER, p => { p.value = "db.attacker.example"; p.insecureValue = "db.attacker.example"; }, named("app-settings-database-host")) },
    { name: "database port parameter changed in the console (5432 -> 6432, a pooler nobody runs)", change: drift(PARAMETER, p => { p.value = "6432"; }, named("app-settings-database-port")) },
    { name: "cache host parameter set to another cache's endpoint in the console", change: drift(PARAMETER, p => { p.value = "master.other-cache.abc123.us-east-1.cache.amazonaws.com"; }, named("app-settings-cache-host")) },
    { name: "static bucket parameter set to a bucket the stack does not own", change: drift(PARAMETER, p => { p.value = "expertconnect-prod-static-old"; }, named("app-settings-storage-static-bucket")) },
    { name: "dr: database host parameter set to prod's endpoint in the console (dr writes cross-region)", stack: "dr", change: drift(PARAMETER, p => { p.value = "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com"; }, named("app-settings-database-host")) },
    { name: "backend told to call an unlisted external API", change: env("PAYMENTS_API_URL", "https://api.payments.attacker.example/v1") },
    { name: "backend told to use another database endpoint", change: env("REPLICA_HOST", "reporting-db.x1y2z3.us-east-1.rds.amazonaws.com") },
    { name: "backend S3 endpoint in another region", change: env("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com") },
    { name: "db-tasks function sends results to an outside webhook", change: lambdaEnv("RESULT_WEBHOOK_URL", "https://hooks.attacker.example/restore") },
    { name: "db-tasks function reads a secret of the account the stack does not hold", change: lambdaEnv("MASTER_SECRET_ARN", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/staging/database/master-abc123`) },
    { name: "new parameter exports to an s3:// location outside the stack", change: add(PARAMETER, "app-settings-export-location", { name: "/expertconnect/prod/storage/export-location", type: "String", value: "s3://exports-archive-bucket/prod", tags: tags("app-settings") }) },
];

const compliant: Case[] = [
    { name: "backend told the regional SQS endpoint", change: env("SQS_ENDPOINT", "https://sqs.us-east-1.amazonaws.com") },
    { name: "backend told its public URL (the stack's domain)", change: env("PUBLIC_BASE_URL", "https://app.expertconnect.example") },
    { name: "backend told the X-Ray sidecar on the task's loopback", change: env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000") },
    { name: "backend told the cache's reader endpoint", change: env("REDIS_READER_HOST", "replica.expertconnect-prod-cache.2dd10f.us-east-1.cache.amazonaws.com") },
    { name: "backend told a bucket of the stack by name", change: env("MEDIA_BUCKET", "expertconnect-prod-static") },
    { name: "new feature-flag parameter (points nowhere)", change: add(PARAMETER, "app-settings-feature-flags", { name: "/expertconnect/prod/app/feature-flags", type: "String", value: "video-v2=on", tags: tags("app-settings") }) },
    { name: "dr: backend told Secrets Manager's us-west-2 endpoint", stack: "dr", change: env("SECRETS_ENDPOINT", "https://secretsmanager.us-west-2.amazonaws.com") },
    { name: "dr: backend told the dr cache's endpoint", stack: "dr", change: env("REDIS_PRIMARY_HOST", "master.expertconnect-dr-cache.fa4bbb.us-west-2.cache.amazonaws.com") },
];

suite("adversarial class 6: where the application's settings point", violations, compliant);
