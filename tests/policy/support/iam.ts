/** Building blocks for the IAM and ownership suites: documents, a small stack, and a foreign account. */
import { ACCOUNT } from "./fixtures";
import { StackResourceInput } from "./harness";

/** An account that is not the stack's. */
export const FOREIGN = "444455556666";
export const REGION = "us-east-1";

export const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const allow = (Action: unknown, Resource: unknown = "*", extra: object = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

export const ROLE_NAME = "expertconnect-prod-backend-task";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const BUCKET_ARN = "arn:aws:s3:::expertconnect-prod-static";
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/django-AbCdEf`;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:expertconnect-alarms`;

export const ecsTrust = (conditions: object = {
    StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` },
}) => doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: conditions });

/** What the backend task needs, scoped as the program scopes it. */
export const LEAST_PRIVILEGE = [
    allow(["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]),
    allow(["s3:GetObject", "s3:PutObject"], `${BUCKET_ARN}/*`),
    allow("secretsmanager:GetSecretValue", SECRET_ARN),
    allow(["kms:Decrypt", "kms:GenerateDataKey"], KEY_ARN),
    allow("ecr:GetAuthorizationToken"),
    allow(["cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords"]),
];

/** A role with a scoped inline policy, the stack's key, bucket and secret: every ARN in ACCOUNT. */
export function iamStack(): StackResourceInput[] {
    return [
        { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: REGION } },
        { type: "aws:iam/role:Role", name: "backend-task-role", props: { name: ROLE_NAME, arn: ROLE_ARN, assumeRolePolicy: ecsTrust() } },
        {
            type: "aws:iam/rolePolicy:RolePolicy", name: "backend-task-policy",
            props: { role: ROLE_NAME, policy: doc(...LEAST_PRIVILEGE) }, propertyDependencies: { role: ["backend-task-role"] },
        },
        { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, keyId: KEY_ARN.split("/")[1] } },
        { type: "aws:s3/bucket:Bucket", name: "static", props: { bucket: "expertconnect-prod-static", arn: BUCKET_ARN } },
        { type: "aws:secretsmanager/secret:Secret", name: "django", props: { arn: SECRET_ARN, kmsKeyId: KEY_ARN }, propertyDependencies: { kmsKeyId: ["key"] } },
        { type: "aws:sns/topic:Topic", name: "alarms", props: { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN }, propertyDependencies: { kmsMasterKeyId: ["key"] } },
    ];
}

/** The resource named `name` in a test stack. */
export function find(stack: StackResourceInput[], name: string): StackResourceInput {
    const r = stack.find(x => x.name === name);
    if (!r) {
        throw new Error(`no ${name}`);
    }
    return r;
}

/** Adds resources to a stack (a change for the case tables). */
export const adding = (...resources: StackResourceInput[]) => (s: StackResourceInput[]) => { s.push(...resources); };

/** Replaces the role's inline policy document. */
export const rolePolicy = (...statements: object[]) => (s: StackResourceInput[]) => { find(s, "backend-task-policy").props.policy = doc(...statements); };

/** Attaches a policy ARN to the role with a RolePolicyAttachment. */
export const attachment = (policyArn: string, name = "attach"): StackResourceInput => ({
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name,
    props: { role: ROLE_NAME, policyArn }, propertyDependencies: { role: ["backend-task-role"] },
});

/** The trail's log group, bucket and the Config bucket of the IAM suites' stacks. */
export const TRAIL_LOG_GROUP = "/aws/cloudtrail/expertconnect-trail";
export const TRAIL_BUCKET_ARN = `arn:aws:s3:::expertconnect-cloudtrail-${ACCOUNT}`;
export const CONFIG_BUCKET_ARN = `arn:aws:s3:::config-bucket-${ACCOUNT}`;

/** Write verbs of the services that record the account (their reads stay allowed, so a deploy can refresh). */
const WRITE_VERBS = ["Create*", "Delete*", "Put*", "Update*", "Stop*", "Start*", "Enable*", "Disable*", "Associate*", "Disassociate*", "Accept*", "Decline*",
    "Invite*", "Archive*", "Unarchive*", "Batch*", "Register*", "Deregister*", "Add*", "Remove*", "Cancel*", "Restore*", "Import*", "Send*", "Apply*", "Select*",
    "Set*", "Generate*", "Reset*", "Deploy*", "Promote*", "Modify*", "Attach*", "Detach*", "Validate*", "Upload*", "Publish*", "Revoke*", "Enroll*", "Move*",
    "Change*", "Execute*", "Refresh*", "Initialize*"];
const ROLE_CHANGES = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary"];

/**
 * A permissions boundary that contains an administrator (docs/policies.md, the contained CI
 * role), without the statements whose Sid is in `omit`: roles it creates or changes keep the
 * boundary, it touches no user, the boundary stays as it is, the recording services and the
 * evidence are read-only to it, and it reads no data directly.
 */
export function containingBoundary(boundaryArn: string, ...omit: string[]): string {
    return doc(...[
        { Sid: "DeployWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "RolesKeepTheBoundary", Effect: "Deny", Action: ROLE_CHANGES, Resource: "*", Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } } },
        { Sid: "BoundaryStays", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"], Resource: "*" },
        { Sid: "NoUsers", Effect: "Deny", Action: ["iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:DeleteUserPermissionsBoundary", "iam:AddUserToGroup"], Resource: "*" },
        {
            Sid: "RecordingIsNotDeployable", Effect: "Deny", Resource: "*",
            Action: [...["cloudtrail", "guardduty", "config"].flatMap(s => WRITE_VERBS.map(v => `${s}:${v}`)), "securityhub:*", "access-analyzer:*", "ec2:DeleteFlowLogs", "wafv2:DeleteLoggingConfiguration", "wafv2:PutLoggingConfiguration"],
        },
        { Sid: "EvidenceIsReadOnly", Effect: "Deny", NotAction: ["s3:Get*", "s3:List*"], Resource: [TRAIL_BUCKET_ARN, `${TRAIL_BUCKET_ARN}/*`, CONFIG_BUCKET_ARN, `${CONFIG_BUCKET_ARN}/*`] },
        { Sid: "TrailLogsStay", Effect: "Deny", NotAction: ["logs:Describe*", "logs:List*", "logs:Get*", "logs:FilterLogEvents", "logs:StartQuery", "logs:TagResource", "logs:UntagResource"], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}*` },
        { Sid: "KeysStay", Effect: "Deny", NotAction: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:TagResource", "kms:UntagResource"], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` },
        {
            Sid: "NoDataReads", Effect: "Deny", Resource: "*",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "rds-db:connect", "rds-data:*", "secretsmanager:GetSecretValue", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
                "dynamodb:ExportTableToPointInTime", "sqs:ReceiveMessage", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "ec2:GetPasswordData", "ebs:GetSnapshotBlock", "rds:DownloadDBLogFilePortion", "glacier:GetJobOutput"],
        },
    ].filter(s => !omit.includes(s.Sid)));
}
