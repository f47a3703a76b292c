/** Class 1: IAM judged as AWS evaluates it, whatever the spelling or the path a grant takes. */
import { ACCOUNT, add, all, Case, doc, edit, FOREIGN, named, suite, tags } from "./support";

const ROLE = "aws:iam/role:Role";
const TASK_ROLE = "backend-roles-task-019c1c0";
const taskRole = named("backend-roles-task");
const inline = (name: string, ...statements: object[]) => add("aws:iam/rolePolicy:RolePolicy", name, { role: TASK_ROLE, policy: doc(...statements) });
const attach = (name: string, policyArn: string) => add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, { role: TASK_ROLE, policyArn });
const trust = (...statements: object[]) => edit(ROLE, p => { p.assumeRolePolicy = doc(...statements); }, taskRole);
const customer = (name: string, ...statements: object[]) => add("aws:iam/policy:Policy", name, {
    name, policy: doc(...statements), arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, tags: tags("iam"),
});

const violations: Case[] = [
    { name: "every object of every bucket readable through NotResource", change: inline("nr-read", { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::nothing-here/*" }) },
    { name: "trail stopping and log deletion on every resource", change: inline("evade", { Effect: "Allow", Action: ["cloudtrail:StopLogging", "logs:DeleteLogGroup"], Resource: "*" }) },
    { name: "any KMS key scheduled for deletion", change: inline("ransom", { Effect: "Allow", Action: "kms:ScheduleKeyDeletion", Resource: "*" }) },
    { name: "the task role may rewrite its own inline policy", change: inline("self", { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::123456789012:role/${TASK_ROLE}` }) },
    { name: "service-wide wildcard iam:* on *", change: inline("iam-admin", { Effect: "Allow", Action: "iam:*", Resource: "*" }) },
    { name: "s3:* on * spelled in upper case", change: inline("s3-all", { Effect: "Allow", Action: ["S3:*"], Resource: ["*"] }) },
    { name: "iam:PassRole on *", change: inline("pass-any", { Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) },
    { name: "NotAction leaves everything but IAM allowed on *", change: inline("not-iam", { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }) },
    { name: "privilege escalation through a partial wildcard (iam:*Policy*)", change: inline("policy-edit", { Effect: "Allow", Action: "iam:*Policy*", Resource: "*" }) },
    { name: "full access under a condition that every request meets (aws:SecureTransport)", change: inline("tls-admin", { Effect: "Allow", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }) },
    { name: "full access on a resource wildcard spelled as an ARN (arn:aws:*:*:*:*)", change: inline("arn-admin", { Effect: "Allow", Action: "*", Resource: "arn:aws:*:*:*:*" }) },
    { name: "full access with NotResource naming one bucket", change: inline("not-resource", { Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::expertconnect-backup" }) },
    { name: "PowerUserAccess attached with a RolePolicyAttachment", change: attach("power-user", "arn:aws:iam::aws:policy/PowerUserAccess") },
    { name: "IAMFullAccess in Role.managedPolicyArns", change: edit(ROLE, p => { p.managedPolicyArns = ["arn:aws:iam::aws:policy/IAMFullAccess"]; }, taskRole) },
    { name: "Role.inlinePolicies granting secretsmanager:GetSecretValue on *", change: edit(ROLE, p => { p.inlinePolicies = [{ name: "read-secrets", policy: doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" }) }]; }, taskRole) },
    {
        name: "customer managed policy with ec2:* and kms:* attached to the role",
        change: all(customer("ops-broad", { Effect: "Allow", Action: ["ec2:*", "kms:*"], Resource: "*" }), attach("ops-broad-attach", `arn:aws:iam::${ACCOUNT}:policy/ops-broad`)),
    },
    {
        name: "legacy PolicyAttachment of AdministratorAccess to a group",
        change: all(add("aws:iam/group:Group", "ops", { name: "ops" }), add("aws:iam/policyAttachment:PolicyAttachment", "ops-admin", { name: "ops-admin", groups: ["ops"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })),
    },
    { name: "trust policy open to any AWS principal (array spelling)", change: trust({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }) },
    { name: "trust policy open to * with a vacuous condition (aws:PrincipalAccount like *)", change: trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringLike: { "aws:PrincipalAccount": "*" } } }) },
    { name: "trust policy naming another account without ExternalId", change: trust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "sts:AssumeRole" }) },
    { name: "trust policy naming another account by bare account id", change: trust({ Effect: "Allow", Principal: { AWS: FOREIGN }, Action: ["sts:AssumeRole", "sts:TagSession"] }) },
    {
        name: "an IAM user with an access key",
        change: all(add("aws:iam/user:User", "ci", { name: "ci", tags: tags("ci") }), add("aws:iam/accessKey:AccessKey", "ci-key", { user: "ci" })),
    },
    { name: "a single Statement object (not a list) granting *", change: add("aws:iam/rolePolicy:RolePolicy", "single", { role: TASK_ROLE, policy: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } }) }) },
];

const compliant: Case[] = [
    { name: "task role reads objects of one named bucket", change: inline("static-read", { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::expertconnect-prod-static/*" }) },
    { name: "an explicit Deny of iam:* on *", change: inline("deny-iam", { Effect: "Deny", Action: "iam:*", Resource: "*" }) },
    { name: "CloudWatch read-only listing actions on *", change: inline("cw-read", { Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], Resource: "*" }) },
    {
        name: "a broad customer policy used only as the role's permissions boundary",
        change: all(customer("boundary", { Effect: "Allow", Action: "*", Resource: "*" }), edit(ROLE, p => { p.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`; }, taskRole)),
    },
    { name: "iam:PassRole limited to one named role and service", change: inline("pass-one", { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6`, Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }) },
];

suite("adversarial class 1: IAM as AWS evaluates it", violations, compliant);
