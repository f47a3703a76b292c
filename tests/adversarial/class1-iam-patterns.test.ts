/**
 * Class 1: a resource pattern is as broad as what it matches, and a workload role uses its data
 * stores without administering them. Each change edits the backend task role's inline policy of
 * the real prod export; the compliant ones are the same grants spelled with the names.
 */
import { ACCOUNT, Case, edit, named, suite } from "./support";

const RP = "aws:iam/rolePolicy:RolePolicy";
const REGION = "us-east-1";
/** Adds statements to one of the backend's role policies. */
const grantTo = (policy: string, ...statements: object[]) => edit(RP, p => {
    const d = typeof p.policy === "string" ? JSON.parse(p.policy) : p.policy;
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named(policy));
/** Adds statements to the backend task role's policy. */
const grant = (...statements: object[]) => grantTo("backend-roles-task-policy", ...statements);
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: "Allow", Action, Resource });

const violations: Case[] = [
    { name: "object reads on every bucket named like the stack's (expertconnect-*/*: the backup bucket too)", change: grant(allow("s3:GetObject", "arn:aws:s3:::expertconnect-*/*")) },
    { name: "object reads on buckets ending like the logs buckets (*-logs/*)", change: grant(allow("s3:GetObjectVersion", "arn:aws:s3:::*-logs/*")) },
    { name: "object versions deleted on every bucket (arn:aws:s3:::*/*)", change: grant(allow(["s3:DeleteObject", "s3:DeleteObjectVersion"], "arn:aws:s3:::*/*")) },
    { name: "s3:Get* and s3:List* on every bucket and object (the CloudTrail and Config buckets)", change: grant(allow(["s3:Get*", "s3:List*"], ["arn:aws:s3:::*", "arn:aws:s3:::*/*"])) },
    { name: "secret values under expertconnect/prod/* (the database master secret too)", change: grant(allow("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/*`)) },
    { name: "log events of every /aws/* log group (the database and CloudTrail logs)", change: grant(allow("logs:FilterLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/*`)) },
    { name: "s3:* on the task role's own static bucket (bucket policy, versioning, deletion)", change: grant(allow("s3:*", ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"])) },
    { name: "s3:Put* on the backup bucket it writes to (PutBucketVersioning, PutLifecycleConfiguration)", change: grant(allow("s3:Put*", "arn:aws:s3:::expertconnect-backup")) },
    { name: "rds:ModifyDBInstance on db:* (reset the master password)", change: grant(allow(["rds:ModifyDBInstance", "rds:DescribeDBInstances"], `arn:aws:rds:${REGION}:${ACCOUNT}:db:*`)) },
    { name: "rds:ModifyDBInstance on the database by name", change: grant(allow("rds:ModifyDBInstance", `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`)) },
];

const compliant: Case[] = [
    { name: "object reads on the static bucket by name", change: grant(allow("s3:GetObject", "arn:aws:s3:::expertconnect-prod-static/reports/*")) },
    // The execution role injects the JWT key into the container: a grant it uses (the task role
    // itself reads no secret, so the same grant there is refused as unused).
    { name: "one secret by name with the random suffix as ??????", change: grantTo("backend-roles-execution-policy", allow("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-??????`)) },
    { name: "bucket configuration read (GetBucketVersioning) on the static bucket", change: grant(allow(["s3:GetBucketVersioning", "s3:GetBucketLocation"], "arn:aws:s3:::expertconnect-prod-static")) },
    { name: "log events of the backend's own log group streams", change: grant(allow("logs:GetLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`)) },
];

suite("adversarial class 1: resource patterns as broad as what they match", violations, compliant);
