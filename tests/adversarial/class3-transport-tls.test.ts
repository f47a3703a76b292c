/**
 * Class 3: TLS and authentication on every hop, judged by value: a cache user group whose users
 * need no password, a runtime setting that switches TLS or certificate verification off where the
 * code reads it (container and Lambda environments, the parameters a task maps), a listener
 * redirect that leaves HTTPS or the stack's names, a topic policy that lets publishes through
 * without TLS, ECS Exec sessions and their logs without encryption.
 */
import { ACCOUNT, add, all, Case, edit, env, named, outputOf, suite, tags } from "./support";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const USER = "aws:elasticache/user:User";
const USER_GROUP = "aws:elasticache/userGroup:UserGroup";
const LIS = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const CLUSTER = "aws:ecs/cluster:Cluster";
const FUNCTION = "aws:lambda/function:Function";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

const policyEdit = (f: (d: any) => void) => (p: any) => { const d = JSON.parse(p.policy); f(d); p.policy = JSON.stringify(d); };

/** A user group of `user` replacing the replication group's AUTH token. */
const rbac = (user: Record<string, unknown>, environment = "prod") => all(
    add(USER, "cache-open-user", { userId: "open", userName: "default", engine: "valkey", accessString: "on ~* +@all", ...user, tags: tags("cache", environment) }),
    add(USER_GROUP, "cache-open-group", { userGroupId: "expertconnect-open", engine: "valkey", userIds: ["open"], tags: tags("cache", environment) }),
    edit(RG, p => { p.userGroupIds = ["expertconnect-open"]; delete p.authTokenWo; delete p.authTokenWoVersion; delete p.authTokenUpdateStrategy; }),
);

/** A listener rule on the HTTPS listener with `actions`. */
const httpsRule = (name: string, actions: object[], path: string) => (rs: any[]) => {
    const l = outputOf(rs, LIS, "arn", named("alb-https"));
    add(RULE, name, { listenerArn: l, priority: 50, actions, conditions: [{ pathPattern: { values: [path] } }], tags: tags("load-balancer") })(rs);
};

/** An SSM parameter under the app's path, mapped into the backend container as `variable`. */
const mappedParameter = (variable: string, leaf: string, value: string) => all(
    add("aws:ssm/parameter:Parameter", `app-settings-${leaf}`, { name: `/expertconnect/prod/database/${leaf}`, type: "String", value, tags: tags("app-settings") }),
    edit("aws:ecs/taskDefinition:TaskDefinition", p => {
        const list = JSON.parse(p.containerDefinitions);
        list[0].secrets = [...(list[0].secrets ?? []), { name: variable, valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/expertconnect/prod/database/${leaf}` }];
        p.containerDefinitions = JSON.stringify(list);
    }, named("backend-task")),
);

const violations: Case[] = [
    { name: "cache AUTH through a user group whose user needs no password (full access)", change: rbac({ noPasswordRequired: true }) },
    { name: "dr: cache AUTH through a passwordless RBAC user", stack: "dr", change: rbac({ noPasswordRequired: true }, "dr") },
    { name: "cache user with authenticationMode no-password-required, read-only", change: rbac({ authenticationMode: { type: "no-password-required" }, accessString: "on ~* +@read" }) },
    {
        name: "cache user group lists AWS's own passwordless default user", change: all(
            add(USER_GROUP, "cache-default-group", { userGroupId: "expertconnect-default", engine: "valkey", userIds: ["default"], tags: tags("cache") }),
            edit(RG, p => { p.userGroupIds = ["expertconnect-default"]; delete p.authTokenWo; delete p.authTokenWoVersion; delete p.authTokenUpdateStrategy; }),
        ),
    },
    { name: "cache AUTH through a user group the stack does not hold", change: edit(RG, p => { p.userGroupIds = ["expertconnect-elsewhere"]; delete p.authTokenWo; delete p.authTokenWoVersion; delete p.authTokenUpdateStrategy; }) },
    { name: "db-tasks Lambda sets NODE_TLS_REJECT_UNAUTHORIZED=0", change: edit(FUNCTION, p => { p.environment.variables.NODE_TLS_REJECT_UNAUTHORIZED = "0"; }) },
    { name: "db-tasks Lambda points the AWS SDK at an http:// Secrets Manager endpoint", change: edit(FUNCTION, p => { p.environment.variables.AWS_ENDPOINT_URL_SECRETS_MANAGER = "http://secretsmanager.us-east-1.amazonaws.com"; }) },
    { name: "backend env PGSSLMODE=disable", change: env("PGSSLMODE", "disable") },
    { name: "backend env PGSSLMODE=prefer (falls back to clear text)", change: env("PGSSLMODE", "prefer") },
    { name: "backend reads PGSSLMODE=disable from an SSM parameter", change: mappedParameter("PGSSLMODE", "sslmode", "disable") },
    { name: "backend Python skips HTTPS verification (PYTHONHTTPSVERIFY=0)", change: env("PYTHONHTTPSVERIFY", "0") },
    { name: "HTTPS listener rule redirects /api/v0/* to plain HTTP on an external host", change: httpsRule("legacy-api", [{ type: "redirect", redirect: { protocol: "HTTP", host: "legacy-api.expertconnect.example", port: "80", statusCode: "HTTP_302" } }], "/api/v0/*") },
    { name: "HTTPS listener rule redirects over HTTPS to a host the stack does not serve", change: httpsRule("partner", [{ type: "redirect", redirect: { protocol: "HTTPS", host: "login.partner-sso.example", port: "443", statusCode: "HTTP_302" } }], "/login/*") },
    { name: "SNS alarm topic: DenyInsecureTransport statement removed", change: edit(TOPIC_POLICY, policyEdit(d => { d.Statement = d.Statement.filter((s: any) => s.Sid !== "DenyInsecureTransport"); })) },
    { name: "SNS alarm topic: TLS Deny narrowed to another account's principals", change: edit(TOPIC_POLICY, policyEdit(d => { d.Statement.find((s: any) => s.Sid === "DenyInsecureTransport").Principal = { AWS: "arn:aws:iam::444455556666:root" }; })) },
    { name: "ECS Exec session logs unencrypted and no CMK", change: edit(CLUSTER, p => { p.configuration.executeCommandConfiguration.logConfiguration.cloudWatchEncryptionEnabled = false; delete p.configuration.executeCommandConfiguration.kmsKeyId; }) },
    { name: "ECS Exec configuration removed from the cluster (sessions without a CMK)", change: edit(CLUSTER, p => { delete p.configuration; }) },
    { name: "ECS Exec sessions without a CMK (logs still encrypted)", change: edit(CLUSTER, p => { delete p.configuration.executeCommandConfiguration.kmsKeyId; }) },
];

const compliant: Case[] = [
    { name: "backend env PGSSLMODE=verify-full", change: env("PGSSLMODE", "verify-full") },
    { name: "a disabled passwordless cache user is added (not attached)", change: add(USER, "cache-default-off", { userId: "expertconnect-default-off", userName: "default", engine: "valkey", accessString: "off -@all", noPasswordRequired: true, tags: tags("cache") }) },
    { name: "HTTPS listener rule redirects /docs to /api/docs on the same host", change: httpsRule("docs", [{ type: "redirect", redirect: { path: "/api/docs/", statusCode: "HTTP_301" } }], "/docs") },
    { name: "SNS topic policy also denies Subscribe without TLS", change: edit(TOPIC_POLICY, policyEdit(d => { const s = d.Statement.find((x: any) => x.Sid === "DenyInsecureTransport"); s.Action = ["sns:Publish", "sns:Subscribe"]; })) },
];

suite("class 3: TLS and authentication on every hop", violations, compliant);
