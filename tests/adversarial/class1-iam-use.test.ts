/**
 * Class 1 (IAM), grants judged by use: a role reads only the stack secrets what runs under it
 * uses, and a permissions boundary must allow what the role's runtime paths need.
 */
import { ACCOUNT, add, Case, Change, drift, edit, named, suite } from "./support";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}`;
const MASTER = secret("expertconnect/prod/database/master-69cf0a");
const JWT = secret("expertconnect/prod/jwt-signing-key-189879");
const VIDEO = secret("expertconnect/prod/video-provider-api-key-dd81af");
const APP_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;

const grant = (policy: string, ...statements: object[]): Change => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named(policy));
const boundary = (role: string, arn: string): Change => edit(ROLE, p => { p.permissionsBoundary = arn; }, named(role));

const DJANGO = secret("expertconnect/prod/django-secret-key-1ffb64");
/** A resource policy on the Django secret, which the backend's execution role reads as each task starts. */
const djangoPolicy = (...Statement: object[]): Change => add("aws:secretsmanager/secretPolicy:SecretPolicy", "django-secret-policy", { secretArn: DJANGO, policy: JSON.stringify({ Version: "2012-10-17", Statement }) });
const denyAllBut = (rolePrefix: string) => ({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/${rolePrefix}*` } } });

const violations: Case[] = [
    { name: "the Django secret's policy denies all but the task role (the execution role injects it: tasks fail to start)", change: djangoPolicy(denyAllBut("backend-roles-task")) },
    { name: "backend task role granted the database master secret (bypasses the IAM database user)", change: grant("backend-roles-task-policy", { Sid: "Admin", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER }) },
    { name: "frontend execution role granted the backend's JWT signing key", change: grant("frontend-roles-execution-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: JWT }) },
    { name: "frontend task role granted the video provider key by a partial ARN", change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secret("expertconnect/prod/video-provider-api-key-??????") }) },
    { name: "db-tasks function role granted the application's secrets", change: grant("database-tasks-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [JWT, VIDEO] }) },
    { name: "backend task role granted Decrypt on the application secrets' key", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "kms:Decrypt", Resource: APP_KEY }) },
    { name: "ReadOnlyAccess permissions boundary on the backend task role", change: boundary("backend-roles-task", "arn:aws:iam::aws:policy/ReadOnlyAccess") },
    { name: "AWSDenyAll permissions boundary on the frontend execution role", change: boundary("frontend-roles-execution", "arn:aws:iam::aws:policy/AWSDenyAll") },
    { name: "a managed boundary the pack cannot evaluate on the db-tasks role", change: boundary("database-tasks-role", "arn:aws:iam::aws:policy/AmazonRDSDataFullAccess") },
    { name: "drift: AWSDenyAll permissions boundary set on the backend execution role", change: drift(ROLE, p => { p.permissionsBoundary = "arn:aws:iam::aws:policy/AWSDenyAll"; }, named("backend-roles-execution")) },
];

const compliant: Case[] = [
    { name: "the Django secret's policy denies all but the execution role that injects it", change: djangoPolicy(denyAllBut("backend-roles-execution")) },
    // The frontend reading the signing key its container is given: refused since by audience (class3-secret-audience).
    { name: "AdministratorAccess permissions boundary on the backend task role (restricts nothing it needs)", change: boundary("backend-roles-task", "arn:aws:iam::aws:policy/AdministratorAccess") },
];

suite("adversarial class 1: grants judged by use and permissions boundaries", violations, compliant);
