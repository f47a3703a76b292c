/**
 * Path verification (policy/paths), grants judged by use and the paths that invoke functions:
 * a role reads only the stack secrets (and their keys) what runs under it uses; a permissions
 * boundary must allow what the role's paths need (and be one the pack can read); every rule,
 * subscription, alarm or notification invoking a function needs a Lambda permission for its
 * service and source.
 */
import { expect } from "chai";

import { refersTo } from "../../policy/paths/secretUse";
import { Change, find, pathTable as table } from "./support/pathsFixture";

const ACCOUNT = "123456789012";
const MASTER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const JWT = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`;
const APP_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
const DB_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    permission: "aws:lambda/permission:Permission",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    task: "aws:ecs/taskDefinition:TaskDefinition",
    fn: "aws:lambda/function:Function",
};

const push = (policy: string, ...statements: object[]): Change => (e) => {
    const r = find(e, T.rolePolicy, policy);
    const d = JSON.parse(r.outputs.policy);
    d.Statement.push(...statements);
    r.outputs.policy = JSON.stringify(d);
};
const boundary = (role: string, arn: string): Change => (e) => { find(e, T.role, role).outputs.permissionsBoundary = arn; };
const containers = (task: string, edit: (c: any[]) => void): Change => (e) => {
    const r = find(e, T.task, task);
    const l = JSON.parse(r.outputs.containerDefinitions);
    edit(l);
    r.outputs.containerDefinitions = JSON.stringify(l);
};
const all = (...changes: Change[]): Change => (e) => changes.forEach((c) => c(e));

table("path verification: a role reads only the secrets what runs under it uses", [
    { name: "the intact stack (each runner reads what it names)", change: () => undefined },
    {
        name: "the backend task role granted the database master secret (the function's, not the task's)",
        change: push("backend-roles-task-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER }),
        broken: { path: /role backend-roles-task-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/database\/master/, missing: /task expertconnect-prod-backend \(task role\).*(used by function expertconnect-prod-db-tasks|no application service may hold it)/, resource: /aws:iam\/role:Role backend-roles-task$/ },
    },
    {
        name: "the frontend execution role granted the backend's signing key",
        change: push("frontend-roles-execution-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: JWT }),
        broken: { path: /role frontend-roles-execution-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/jwt-signing-key/, missing: /used by task expertconnect-prod-backend \(execution role\)|only the backend may hold it/, resource: /frontend-roles-execution$/ },
    },
    {
        name: "the function's role granted every secret by a wildcard",
        change: push("database-tasks-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-*` }),
        broken: { path: /role database-tasks-role-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/jwt-signing-key/, missing: /function expertconnect-prod-db-tasks/, resource: /database-tasks-role$/ },
    },
    {
        name: "the backend task role granted Decrypt on the key of secrets it does not read",
        change: push("backend-roles-task-policy", { Effect: "Allow", Action: "kms:Decrypt", Resource: APP_KEY }),
        broken: { path: /role backend-roles-task-\w+ may kms:Decrypt on key .*3361a6a0/, missing: /used by task expertconnect-prod-backend \(execution role\)/, resource: /backend-roles-task$/ },
    },
    {
        name: "the backend task role reading the signing key its environment names (the application fetches it)",
        change: all(push("backend-roles-task-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: JWT }),
            containers("backend-task", (l) => { l[0].environment = [...(l[0].environment ?? []), { name: "JWT_SECRET_ID", value: "expertconnect/prod/jwt-signing-key" }]; })),
    },
    {
        // Used, and still refused: the signing key's audience is the backend alone (policy/lib/facts/purposes.ts).
        name: "the frontend execution role reading the signing key its container's secrets name",
        change: all(push("frontend-roles-execution-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: JWT }, { Effect: "Allow", Action: "kms:Decrypt", Resource: APP_KEY }),
            containers("frontend-task", (l) => { l[0].secrets = [{ name: "JWT_SIGNING_KEY", valueFrom: `${JWT}:key::` }]; })),
        broken: { path: /role frontend-roles-execution-\w+ may (secretsmanager:GetSecretValue on expertconnect\/prod\/jwt-signing-key|kms:Decrypt on key)/, missing: /only the backend may hold it/, resource: /frontend-roles-execution$/ },
    },
]);

describe("path verification: references to a secret", () => {
    const s = { arn: JWT, name: "expertconnect/prod/jwt-signing-key" };
    const rows: Array<[string, boolean]> = [[JWT, true], [`${JWT}:key::`, true], ["expertconnect/prod/jwt-signing-key", true],
        [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key`, true], [MASTER, false], ["expertconnect/prod/jwt", false]];
    for (const [ref, names] of rows) it(`${names ? "names" : "does not name"} the secret: ${ref}`, () => expect(refersTo(ref, s)).to.equal(names));
});

table("path verification: a role acts within its permissions boundary", [
    { name: "a boundary that allows everything (AdministratorAccess)", change: boundary("backend-roles-task", "arn:aws:iam::aws:policy/AdministratorAccess") },
    {
        name: "ReadOnlyAccess on the backend task role (no uploads, no IAM database login)",
        change: boundary("backend-roles-task", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        broken: { path: /role backend-roles-task-\w+ acts within its permissions boundary arn:aws:iam::aws:policy\/ReadOnlyAccess/, missing: /rds-db:connect .*s3:PutObject/, resource: /backend-roles-task$/ },
    },
    {
        name: "AWSDenyAll on the execution role (nothing starts)",
        change: boundary("backend-roles-execution", "arn:aws:iam::aws:policy/AWSDenyAll"),
        broken: { path: /backend-roles-execution-\w+ acts within .*AWSDenyAll/, missing: /ecr:GetAuthorizationToken on \*/, resource: /backend-roles-execution$/ },
    },
    {
        name: "a managed boundary the pack has no document for",
        change: boundary("database-tasks-role", "arn:aws:iam::aws:policy/AmazonRDSDataFullAccess"),
        broken: { path: /database-tasks-role-\w+ acts within .*AmazonRDSDataFullAccess/, missing: /no document for .*AmazonRDSDataFullAccess.*secretsmanager:GetSecretValue/, resource: /database-tasks-role$/ },
    },
    {
        name: "a customer managed boundary of the stack that leaves out the function's secret",
        change: (e) => {
            e.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:iam/policy:Policy::workload-boundary", type: "aws:iam/policy:Policy",
                outputs: { arn: `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "secretsmanager:*", Resource: "*" }] }) } });
            boundary("database-tasks-role", `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`)(e);
        },
        broken: { path: /database-tasks-role-\w+ acts within .*workload-boundary/, missing: /^secretsmanager:GetSecretValue on .*database\/master/, resource: /database-tasks-role$/ },
    },
]);

const permission = (edit: (p: Record<string, any>) => void): Change => (e) => edit(find(e, T.permission, "dr-restore-test-invoke").outputs);
const dropPermission: Change = (e) => { e.deployment.resources = e.deployment.resources.filter((r) => r.type !== T.permission); };
const invokeBroken = { path: /EventTarget dr-restore-test-validator-\w+ invokes function expertconnect-prod-db-tasks/, missing: /for events\.amazonaws\.com with sourceArn .*rule\/dr-restore-test-completed/ };

table("path verification: what invokes a function may invoke it", [
    { name: "a permission without sourceArn, confined to the account", change: permission((p) => { delete p.sourceArn; p.sourceAccount = ACCOUNT; }) },
    { name: "a permission whose sourceArn matches the rule by a wildcard", change: permission((p) => { p.sourceArn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/dr-restore-*`; }) },
    { name: "the permission pointed at another rule", change: permission((p) => { p.sourceArn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/some-other-rule`; }), broken: { ...invokeBroken, resource: /aws:lambda\/permission:Permission dr-restore-test-invoke$/ } },
    { name: "the permission removed", change: dropPermission, broken: { ...invokeBroken, resource: /aws:lambda\/function:Function database-tasks-function$/ } },
    { name: "the permission granted to another service", change: permission((p) => { p.principal = "sns.amazonaws.com"; }), broken: { ...invokeBroken, resource: /database-tasks-function$/ } },
    { name: "the permission confined to another account", change: permission((p) => { p.sourceAccount = "444455556666"; }), broken: { ...invokeBroken, resource: /dr-restore-test-invoke$/ } },
    {
        name: "an SNS subscription of the function without a permission for SNS",
        change: (e) => e.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:sns/topicSubscription:TopicSubscription::alarms-to-db-tasks", type: "aws:sns/topicSubscription:TopicSubscription",
            outputs: { protocol: "lambda", endpoint: DB_FUNCTION, topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms` } }),
        broken: { path: /TopicSubscription alarms-to-db-tasks invokes function expertconnect-prod-db-tasks/, missing: /for sns\.amazonaws\.com with sourceArn .*expertconnect-alarms/, resource: /database-tasks-function$/ },
    },
]);
