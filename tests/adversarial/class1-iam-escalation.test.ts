/**
 * Class 1 (IAM), transitive escalation: an application role (the backend task's) that may take
 * over another principal reaches what that principal holds: the db-tasks function's code or
 * configuration (its role reads the database master secret), the db-tasks role passed to a new
 * function or an EC2 instance, a role it assumes, a policy it writes on the db-tasks role, a
 * stack key's policy or grants, a shell in another service's tasks (ECS Exec); and a role whose trust admits the whole account. Reaching a
 * principal that holds nothing beyond the role's own, or running (not changing) a function,
 * stays allowed.
 */
import { ACCOUNT, add, all, Case, Change, doc, edit, named, suite, tags } from "./support";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const DB_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const DB_ROLE = `arn:aws:iam::${ACCOUNT}:role/database-tasks-role-65f58cf`;
const MASTER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const DATABASE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const BACKEND_TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`;

/** Appends statements to the backend task role's policy. */
const taskGrants = (...statements: object[]): Change => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));
/** Appends a statement to the db-tasks role's trust policy. */
const dbTrust = (statement: object): Change => edit(ROLE, p => {
    const d = JSON.parse(p.assumeRolePolicy);
    d.Statement.push(statement);
    p.assumeRolePolicy = JSON.stringify(d);
}, named("database-tasks-role"));
/** A new role `name` trusting `principal`, holding `statements`. */
const newRole = (name: string, principal: object, ...statements: object[]): Change => add(ROLE, name, {
    name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, tags: tags("backend"),
    assumeRolePolicy: doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }),
    inlinePolicies: [{ name: "access", policy: doc(...statements) }],
});
const readMaster = { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER };

const violations: Case[] = [
    // Nothing runs it yet, but the grant is administration of the role (iam-application-reach) and
    // becomes a takeover with the next runner granted beside it.
    { name: "PassRole on the db-tasks role, even with no way to run code yet", change: taskGrants({ Effect: "Allow", Action: "iam:PassRole", Resource: DB_ROLE }) },
    { name: "backend task role may rewrite the db-tasks function's code", change: taskGrants({ Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], Resource: DB_FUNCTION }) },
    { name: "backend task role may change the db-tasks function's configuration (layers, environment)", change: taskGrants({ Effect: "Allow", Action: ["lambda:UpdateFunctionConfiguration", "lambda:PublishLayerVersion"], Resource: DB_FUNCTION }) },
    {
        name: "PassRole on the db-tasks role + lambda:CreateFunction on the stack's prefix",
        change: taskGrants({ Effect: "Allow", Action: "iam:PassRole", Resource: DB_ROLE }, { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-*` }),
    },
    { name: "backend task role may change the database key's policy", change: taskGrants({ Effect: "Allow", Action: "kms:PutKeyPolicy", Resource: DATABASE_KEY }) },
    { name: "the account root may assume the db-tasks role without a condition", change: dbTrust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) },
    // Variants: another route each.
    {
        name: "assume-role chain: the task role assumes a jobs role that may rewrite the db-tasks function",
        change: all(taskGrants({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-jobs` }),
            newRole("expertconnect-prod-jobs", { AWS: BACKEND_TASK_ROLE }, { Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: DB_FUNCTION })),
    },
    {
        name: "PassRole on an EC2 role that reads the master secret + ec2:RunInstances",
        change: all(taskGrants({ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-maintenance` }, { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }),
            newRole("expertconnect-prod-maintenance", { Service: "ec2.amazonaws.com" }, readMaster)),
    },
    { name: "backend task role may put an inline policy on the db-tasks role", change: taskGrants({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: DB_ROLE }) },
    { name: "backend task role may create grants on the database key", change: taskGrants({ Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants"], Resource: DATABASE_KEY }) },
    { name: "the bare account id may assume the db-tasks role", change: dbTrust({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: ["sts:AssumeRole", "sts:TagSession"] }) },
    {
        name: "frontend task role may ECS Exec into the cluster's tasks (the backend's run as the backend task role)",
        change: edit(ROLE_POLICY, p => {
            const d = JSON.parse(p.policy);
            d.Statement.push({ Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/expertconnect-prod-cluster`, `arn:aws:ecs:us-east-1:${ACCOUNT}:task/expertconnect-prod-cluster/*`] });
            p.policy = JSON.stringify(d);
        }, named("frontend-roles-task-policy")),
    },
    { name: "[dr] backend task role may rewrite the execution role's trust policy (then assume it and read the task secrets)", stack: "dr", change: taskGrants({ Effect: "Allow", Action: "iam:UpdateAssumeRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-*` }) },
];

const compliant: Case[] = [
    { name: "backend task role invokes the db-tasks function (running it, not changing it)", change: taskGrants({ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: DB_FUNCTION }) },
    {
        name: "the task role assumes a reports role that only reads the static bucket's objects (it holds that already)",
        change: all(taskGrants({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-reports` }),
            newRole("expertconnect-prod-reports", { AWS: BACKEND_TASK_ROLE }, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" })),
    },
    {
        // Reclassified in round 12: the trust once named role/ci by ARN, a role the stack does not hold, which within the
        // account lets it in by itself (ownership-references: principals the stack names); the account root narrowed to
        // that role by aws:PrincipalArn leaves the decision to IAM and keeps the case's point.
        name: "a CI deploy role (not handed to running code) may update the db-tasks function",
        change: add(ROLE, "expertconnect-prod-deployer", {
            name: "expertconnect-prod-deployer", arn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-deployer`, tags: tags("backend"),
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ci` } } }),
            inlinePolicies: [{ name: "access", policy: doc({ Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"], Resource: DB_FUNCTION }) }],
        }),
    },
    { name: "the account may assume the db-tasks role only as a named break-glass role", change: dbTrust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/break-glass` } } }) },
];

suite("adversarial class 1: an application role is judged by what it can take over", violations, compliant);
