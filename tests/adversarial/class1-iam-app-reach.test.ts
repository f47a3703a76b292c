/**
 * Class 1: an application role (the services' task roles, the maintenance function's role) uses
 * the stack's resources and administers none of them, whichever resource it is and however the
 * access reaches it (its inline policy, a key policy naming it, a KMS grant); and a Principal "*"
 * confined by an organization is confined only by ours. Each change edits the real prod export.
 */
import { ACCOUNT, add, Case, doc, edit, named, suite } from "./support";

const RP = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const REGION = "us-east-1";
const R = `arn:aws:iam::${ACCOUNT}:role`;
const BACKEND_TASK = `${R}/backend-roles-task-019c1c0`;
const FRONTEND_TASK = `${R}/frontend-roles-task-a6b3b2a`;
const DB_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const APP_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`;
const STATIC_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/3b950284-024f-4124-a7e2-9803e867a7db`;
const ECR_PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/** Adds statements to a role's inline policy. */
const grant = (policy: string, ...statements: object[]) => edit(RP, p => {
    const d = typeof p.policy === "string" ? JSON.parse(p.policy) : p.policy;
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named(policy));
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: "Allow", Action, Resource });
const backend = (...s: object[]) => grant("backend-roles-task-policy", ...s);
const frontend = (...s: object[]) => grant("frontend-roles-task-policy", ...s);
const dbTasks = (...s: object[]) => grant("database-tasks-policy", ...s);
const keyStatement = (key: string, statement: object) => edit(KEY, p => { const d = JSON.parse(p.policy); d.Statement.push(statement); p.policy = JSON.stringify(d); }, named(key));
const kmsGrant = (name: string, keyId: string, granteePrincipal: string, operations: string[], extra: object = {}) =>
    add("aws:kms/grant:Grant", name, { keyId, granteePrincipal, operations, ...extra });

const violations: Case[] = [
    // changes an attacker with commit access would write
    { name: "frontend task role: ecs:ExecuteCommand on the cluster's tasks", change: frontend(allow("ecs:ExecuteCommand", [`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/expertconnect-prod-cluster`, `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*`])) },
    { name: "frontend task role: iam:PassRole on the backend roles + ecs:RunTask", change: frontend(allow("iam:PassRole", [BACKEND_TASK, `${R}/backend-roles-execution-65fe5e6`]), allow("ecs:RunTask", `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:*`)) },
    { name: "backend task role: kms:PutKeyPolicy + ScheduleKeyDeletion on the logs key", change: backend(allow(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], LOGS_KEY)) },
    { name: "backend task role: cloudtrail:StopLogging/DeleteTrail on the trail", change: backend(allow(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/expertconnect-trail`)) },
    { name: "backend task role: logs:DeleteLogGroup/PutRetentionPolicy on the trail's log group", change: backend(allow(["logs:DeleteLogGroup", "logs:PutRetentionPolicy"], `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/cloudtrail/expertconnect-trail:*`)) },
    { name: "backend task role: ssm:PutParameter on database/host", change: backend(allow("ssm:PutParameter", `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/expertconnect/prod/database/host`)) },
    { name: "backend task role: backup:DeleteRecoveryPoint on the prod vault", change: backend(allow(["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:expertconnect-prod-backups`)) },
    { name: "database key policy: the backend task role gets kms:*", change: keyStatement("database-key", { Sid: "App", Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: "kms:*", Resource: "*" }) },
    { name: "KMS grant: Decrypt/GenerateDataKey/CreateGrant on the database key to the backend task role", change: kmsGrant("db-key-backend", DB_KEY, BACKEND_TASK, ["Decrypt", "GenerateDataKey", "CreateGrant"]) },
    { name: "KMS grant: Decrypt on the app-secrets key to the frontend task role", change: kmsGrant("app-key-frontend", APP_KEY, FRONTEND_TASK, ["Decrypt"]) },
    {
        name: "ECR repository policy: Principal * confined to an organization that is not ours",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repo-org", { repository: "expertconnect-backend", policy: doc({ Sid: "OrgPull", Effect: "Allow", Principal: "*", Action: ECR_PULL, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-7fq2k9xm4p" } } }) }),
    },
    // variants: another resource type each, other roles, other spellings
    { name: "maintenance function role: ssm:DeleteParameter on every /expertconnect/prod parameter", change: dbTasks(allow(["ssm:DeleteParameter", "ssm:LabelParameterVersion"], `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/expertconnect/prod/*`)) },
    { name: "backend task role: sns:SetTopicAttributes / DeleteTopic on the alarm topic", change: backend(allow(["sns:SetTopicAttributes", "sns:DeleteTopic"], `arn:aws:sns:${REGION}:${ACCOUNT}:expertconnect-alarms`)) },
    { name: "backend task role: cloudwatch:DisableAlarmActions on every alarm", change: backend(allow(["cloudwatch:DisableAlarmActions", "cloudwatch:DeleteAlarms"], `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`)) },
    { name: "frontend task role: wafv2:UpdateWebACL on the web ACL", change: frontend(allow("wafv2:UpdateWebACL", `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/expertconnect-prod/*`)) },
    { name: "frontend task role: ecs:UpdateService / StopTask in the cluster (NotAction spelling)", change: frontend({ Effect: "Allow", NotAction: ["ecs:Describe*", "ecs:List*"], Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/expertconnect-prod-cluster/*` }) },
    { name: "maintenance function role: lambda:UpdateFunctionConfiguration on its own function", change: dbTasks(allow("lambda:UpdateFunctionConfiguration", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`)) },
    { name: "backend task role: tags the trail (cloudtrail:AddTags: tag-based access)", change: backend(allow("cloudtrail:AddTags", `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/expertconnect-trail`)) },
    { name: "static key policy: the backend task role may create grants (via S3 condition dropped)", change: keyStatement("data-static-key", { Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*" }) },
    { name: "KMS grant: the frontend task role may RetireGrant/CreateGrant on the logs key", change: kmsGrant("logs-key-frontend", LOGS_KEY, FRONTEND_TASK, ["Decrypt", "CreateGrant"]) },
];

const compliant: Case[] = [
    { name: "backend task role writes another log stream of its own log group", change: backend(allow(["logs:CreateLogStream", "logs:PutLogEvents"], `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`)) },
    { name: "backend task role reads parameters and describes its cluster's tasks", change: backend(allow(["ssm:GetParameter"], `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/expertconnect/prod/database/host`), allow("ecs:DescribeTasks", `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*`)) },
    { name: "KMS grant: Decrypt on the static key to the backend task role (a key it uses)", change: kmsGrant("static-key-backend", STATIC_KEY, BACKEND_TASK, ["Decrypt"], { constraints: [{ encryptionContextSubset: { "aws:s3:arn": "arn:aws:s3:::expertconnect-prod-static" } }] }) },
    { name: "static key policy: the backend task role may use the key through S3", change: keyStatement("data-static-key", { Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } } }) },
];

suite("adversarial class 1: an application role uses the stack's resources, administers none", violations, compliant);
