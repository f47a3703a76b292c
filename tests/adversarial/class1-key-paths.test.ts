/**
 * Class 1 (IAM), keys and grants on runtime paths: every encrypted log group stays writable by
 * CloudWatch Logs, the ECS Exec key stays usable by the task roles, the maintenance function
 * keeps reading its secret, the rotation schedule runs a rotation app built for its secret, a
 * dr role names dr's keys, and the flow log's and canary's roles grant where they deliver.
 */
import { ACCOUNT, Case, Change, drift, edit, named, suite } from "./support";

const KEY = "aws:kms/key:Key";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const APP_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;

/** Edits the statements of a key's policy. */
const keyPolicy = (key: string, fn: (statements: any[]) => any[]): Change => edit(KEY, p => {
    const d = JSON.parse(p.policy);
    d.Statement = fn(d.Statement);
    p.policy = JSON.stringify(d);
}, named(key));
const isLogs = (st: any) => [st.Principal?.Service].flat().some((s: string) => /^logs\./.test(s ?? ""));
const logsCondition = (arn: string) => (sts: any[]) => sts.map(st => (isLogs(st) ? { ...st, Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn } } } : st));
const rotationApp = (fn: (parameters: any) => void): Change => edit(ROTATION_APP, p => { p.parameters = { ...p.parameters }; fn(p.parameters); }, named("database-rotation-function"));
const dropSid = (sid: string): Change => edit("aws:iam/rolePolicy:RolePolicy", p => {
    const d = JSON.parse(p.policy);
    d.Statement = d.Statement.filter((s: any) => s.Sid !== sid);
    p.policy = JSON.stringify(d);
}, named("database-tasks-policy"));

const violations: Case[] = [
    { name: "cache key loses its CloudWatch Logs statement (Redis log delivery fails)", change: keyPolicy("cache-key", sts => sts.filter(st => !isLogs(st))) },
    { name: "database key's logs condition narrowed to the cluster log groups", change: keyPolicy("database-key", logsCondition(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/rds/cluster/expertconnect-prod-db/*`)) },
    { name: "logs key's condition names only the ECS groups (flow, WAF, canary logs fail)", change: keyPolicy("logs-key", logsCondition(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/*`)) },
    { name: "cluster ECS Exec key switched to the app-settings key", change: edit("aws:ecs/cluster:Cluster", p => { p.configuration.executeCommandConfiguration.kmsKeyId = APP_KEY; }, named("cluster")) },
    { name: "db-tasks role loses kms:Decrypt on the master secret's key", change: dropSid("DecryptMasterSecret") },
    { name: "db-tasks role loses GetSecretValue on the master secret", change: dropSid("ReadMasterSecret") },
    { name: "rotation app deployed with the app-settings key", change: rotationApp(p => { p.kmsKeyArn = APP_KEY; }) },
    { name: "rotation app deployed without a key", change: rotationApp(p => { delete p.kmsKeyArn; }) },
    { name: "rotation app's Secrets Manager endpoint in us-west-2", change: rotationApp(p => { p.endpoint = "https://secretsmanager.us-west-2.amazonaws.com"; }) },
    { name: "[dr] execution role decrypts secrets with the prod (us-east-1) app-settings key ARN", stack: "dr", change: edit("aws:iam/rolePolicy:RolePolicy", p => {
        const d = JSON.parse(p.policy);
        const st = d.Statement.find((s: any) => s.Sid === "DecryptSecrets");
        st.Resource = [APP_KEY, ...[st.Resource].flat().slice(1)];
        p.policy = JSON.stringify(d);
    }, named("backend-roles-execution-policy")) },
    { name: "flow-logs role policy names another log group", change: edit("aws:iam/rolePolicy:RolePolicy", p => {
        const d = JSON.parse(p.policy);
        d.Statement[0].Resource = [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/vpc/flow-logs`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/vpc/flow-logs:*`];
        p.policy = JSON.stringify(d);
    }, named("network-flow-logs-write")) },
    { name: "canary role loses s3:PutObject on its artifacts", change: edit("aws:iam/rolePolicy:RolePolicy", p => {
        const d = JSON.parse(p.policy);
        d.Statement = d.Statement.filter((s: any) => s.Sid !== "PutArtifacts");
        p.policy = JSON.stringify(d);
    }, named("synthetic-check-role-policy")) },
    { name: "drift: rotation schedule invokes the db-tasks function", change: drift("aws:secretsmanager/secretRotation:SecretRotation", p => { p.rotationLambdaArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`; }, named("database-rotation-schedule")) },
];

const compliant: Case[] = [
    { name: "database key's logs condition names exactly the instance's groups", change: keyPolicy("database-key", logsCondition(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/rds/instance/expertconnect-prod-db/*`)) },
    { name: "cache key's logs condition lists its two log groups exactly", change: keyPolicy("cache-key", sts => sts.map(st => (isLogs(st) ? { ...st, Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["slow-log", "engine-log"].map(g => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/elasticache/expertconnect-prod-cache/${g}`) } } } : st))) },
];

suite("adversarial class 1: keys and grants on the runtime paths", violations, compliant);
