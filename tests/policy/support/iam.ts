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
