/**
 * Class 3, the runbook's procedures stay runnable by the people (and the failover workflow's role)
 * who run them, as IAM evaluates their requests (iam-runbook-access): an explicit Deny reaching the
 * operators by any path (customer managed policy on their group, inline group policy, the legacy
 * attachment, NotAction, a condition the failover's web-identity session cannot meet), a key policy
 * refusing the database's key during promotion, a boundary that leaves promotion out, and an
 * operators' group held by the stack whose grant is gone or points elsewhere. A Deny whose
 * exception names an operator principal that exists, and grants narrowed to the stack's
 * resources, stay allowed. Red team F's case first.
 */
import { ACCOUNT, add, all, Case, doc, edit, named, suite, tags } from "./support";

const POLICY = "aws:iam/policy:Policy";
const GPA = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
const GROUP = "aws:iam/group:Group";
const KEY = "aws:kms/key:Key";
const OPERATORS = "expertconnect-operators";
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

/** A customer managed policy attached to the operators' group. */
const onGroup = (name: string, ...statements: object[]) => all(
    add(POLICY, name, { name: `expertconnect-${name}`, policy: doc(...statements), tags: tags("operations", "dr") }),
    add(GPA, `${name}-operators`, { group: OPERATORS, policyArn: policyArn(`expertconnect-${name}`) }),
);
/** A customer managed policy attached to the dr deploy role (outside the stack, by name). */
const onDeployRole = (name: string, ...statements: object[]) => all(
    add(POLICY, name, { name: `expertconnect-${name}`, policy: doc(...statements), tags: tags("operations", "dr") }),
    add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${name}-deploy`, { role: "expertconnect-deploy-dr", policyArn: policyArn(`expertconnect-${name}`) }),
);
const MFA_TRUST = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } });
/** The people's operator role, in the stack. */
const operatorRole = add("aws:iam/role:Role", "operator", { name: "expertconnect-operator", arn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-operator`, assumeRolePolicy: MFA_TRUST, maxSessionDuration: 3600, tags: tags("operations", "dr") });

/** The operators' group held by the stack, with its grant on dr's resources (`grant` statements). */
const DR_GRANT = [
    { Sid: "Services", Effect: "Allow", Action: ["ecs:DescribeServices", "ecs:UpdateService", "ecs:ListTasks", "ecs:ExecuteCommand"], Resource: [`arn:aws:ecs:us-west-2:${ACCOUNT}:service/expertconnect-dr-cluster/*`, `arn:aws:ecs:us-west-2:${ACCOUNT}:task/expertconnect-dr-cluster/*`, `arn:aws:ecs:us-west-2:${ACCOUNT}:container-instance/expertconnect-dr-cluster/*`, `arn:aws:ecs:us-west-2:${ACCOUNT}:cluster/expertconnect-dr-cluster`] },
    { Sid: "Database", Effect: "Allow", Action: ["rds:CreateDBSnapshot", "rds:PromoteReadReplica", "rds:ModifyDBInstance", "rds:AddTagsToResource"], Resource: [`arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-dr-db`, `arn:aws:rds:us-west-2:${ACCOUNT}:snapshot:expertconnect-dr-db-*`] },
    { Sid: "Reads", Effect: "Allow", Action: ["logs:FilterLogEvents", "ssm:GetParametersByPath"], Resource: [`arn:aws:logs:us-west-2:${ACCOUNT}:log-group:/ecs/expertconnect-dr-backend:*`, `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:/ecs/expertconnect-dr-frontend:*`, `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/expertconnect/dr`] },
    { Sid: "Alarms", Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: "*" },
    { Sid: "Failover", Effect: "Allow", Action: ["application-autoscaling:RegisterScalableTarget", "elasticloadbalancing:ModifyRule", "cloudwatch:DeleteAlarms"], Resource: "*" },
];
const heldGroup = (grant: object[] | null) => all(
    add(GROUP, "operators", { name: OPERATORS, arn: `arn:aws:iam::${ACCOUNT}:group/${OPERATORS}` }),
    ...(grant ? [onGroup("operators-runbook", ...grant)] : []),
);

const FREEZE = ["rds:PromoteReadReplica", "rds:ModifyDBInstance", "route53:ChangeResourceRecordSets", "ecs:UpdateService", "application-autoscaling:RegisterScalableTarget"];

const violations: Case[] = [
    // Red team F.
    { name: "a customer-managed policy added that denies rds:PromoteReadReplica and route53:ChangeResourceRecordSets to everyone but a break-glass role that does not exist, attached to the operators' group",
      stack: "dr", change: onGroup("dr-change-freeze", { Effect: "Deny", Action: FREEZE, Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-breakglass` } } }) },
    // Other spellings and techniques.
    { name: "the same freeze on the dr deploy role: the failover workflow's pulumi up cannot promote the replica", stack: "dr",
      change: onDeployRole("dr-freeze", { Effect: "Deny", Action: ["rds:Promote*"], Resource: `arn:aws:rds:us-west-2:${ACCOUNT}:db:*`, Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/break-glass-*` } } }) },
    { name: "a Deny with NotAction (everything but reads) on the operators' group: update-service, execute-command and create-db-snapshot are refused", stack: "dr",
      change: onGroup("read-only-freeze", { Effect: "Deny", NotAction: ["ecs:Describe*", "ecs:List*", "logs:*", "cloudwatch:Describe*", "ssm:Get*"], Resource: "*" }) },
    { name: "a Deny on the dr deploy role for sessions without MFA: the failover workflow's web-identity session never carries MFA", stack: "dr",
      change: onDeployRole("require-mfa", { Effect: "Deny", Action: ["rds:*", "ecs:*", "application-autoscaling:*"], Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }) },
    { name: "the database key's policy denies kms:CreateGrant to the deploy roles: RDS refuses to change the encrypted replica during promotion", stack: "dr",
      change: edit(KEY, p => { const d = JSON.parse(p.policy); d.Statement.push({ Sid: "NoGrantsForDeploys", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:CreateGrant", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-deploy-*` } } }); p.policy = JSON.stringify(d); }, named("database-key")) },
    { name: "the logs key's policy denies kms:GenerateDataKey to IAM users: the operators' execute-command session cannot be encrypted", stack: "dr",
      change: edit(KEY, p => { const d = JSON.parse(p.policy); d.Statement.push({ Sid: "NoUsers", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:GenerateDataKey*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalType": "User" } } }); p.policy = JSON.stringify(d); }, named("logs-key")) },
    { name: "an inline group policy denying ecs:ExecuteCommand to the operators (prod): the runbook's shell into the backend is refused",
      change: add("aws:iam/groupPolicy:GroupPolicy", "no-exec", { group: OPERATORS, policy: doc({ Effect: "Deny", Action: "ecs:ExecuteCommand", Resource: "*" }) }) },
    { name: "the legacy PolicyAttachment attaches a Deny on rds:CreateDBSnapshot to the operators' group by ARN (prod): the manual snapshot is refused",
      change: all(
        add(POLICY, "no-snapshots", { name: "expertconnect-no-snapshots", policy: doc({ Effect: "Deny", Action: "rds:CreateDB*Snapshot", Resource: `arn:aws:rds:*:${ACCOUNT}:db:*` }), tags: tags("operations") }),
        add("aws:iam/policyAttachment:PolicyAttachment", "no-snapshots", { name: "no-snapshots", groups: [`arn:aws:iam::${ACCOUNT}:group/${OPERATORS}`], policyArn: policyArn("expertconnect-no-snapshots") })) },
    { name: "the stack now manages the dr deploy role, with a permissions boundary that leaves rds:PromoteReadReplica out", stack: "dr",
      change: all(
        add(POLICY, "deploy-boundary", { name: "expertconnect-deploy-boundary", policy: doc({ Effect: "Allow", NotAction: ["rds:PromoteReadReplica", "iam:*"], Resource: "*" }), tags: tags("ci", "dr") }),
        add("aws:iam/role:Role", "deploy-dr", { name: "expertconnect-deploy-dr", permissionsBoundary: policyArn("expertconnect-deploy-boundary"), maxSessionDuration: 5400, tags: tags("ci", "dr"),
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:expertconnect/expertconnect-infra:environment:dr" } } }) })) },
    { name: "the operators' group held by the stack loses its runbook grant (policy detached): nothing lets the operators scale or promote", stack: "dr", change: heldGroup(null) },
    { name: "the operators' group's grant narrowed to prod's cluster in the dr stack: dr's update-service is not allowed", stack: "dr",
      change: heldGroup(DR_GRANT.map(s => JSON.parse(JSON.stringify(s).replace(/expertconnect-dr-cluster/g, "expertconnect-prod-cluster")))) },
];

const compliant: Case[] = [
    { name: "a change freeze on the operators' group that exempts the people's operator role, which exists in the stack", stack: "dr",
      change: all(operatorRole, onGroup("dr-change-freeze", { Effect: "Deny", Action: FREEZE, Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-operator` } } })) },
    { name: "the operators' group must use MFA for everything (BoolIfExists false): people's sessions carry MFA", stack: "dr",
      change: onGroup("require-mfa", { Effect: "Deny", NotAction: ["iam:ChangePassword", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"], Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }) },
    { name: "the operators may not delete the live database or its snapshots (prod): no runbook procedure does",
      change: onGroup("no-deletes", { Effect: "Deny", Action: ["rds:DeleteDBInstance", "rds:DeleteDBSnapshot"], Resource: `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db` }) },
    { name: "the dr deploy role may not touch IAM users: the failover needs none", stack: "dr",
      change: onDeployRole("no-users", { Effect: "Deny", Action: "iam:*User*", Resource: "*" }) },
    { name: "the operators' group held by the stack with its grant narrowed to dr's own resources", stack: "dr", change: heldGroup(DR_GRANT) },
];

suite("adversarial class 3: the runbook's procedures stay runnable by their operators", violations, compliant);
