/**
 * iam-application-reach: an application role (trusted by ECS tasks, Lambda…) uses the stack's
 * resources and administers none of them, whichever resource, and whichever way the access
 * reaches it (its identity policy, a key policy naming it, a KMS grant).
 */
import { iamApplicationReach } from "../../policy/iam/applicationReach";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";
import { allow, BUCKET_ARN, doc, find, iamStack, KEY_ARN, LEAST_PRIVILEGE, REGION, ROLE_ARN, rolePolicy, SECRET_ARN, TOPIC_ARN } from "./support/iam";

const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/expertconnect-trail`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend`;
const PARAMETER_ARN = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/expertconnect/prod/database/host`;
const VAULT_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:expertconnect-prod-backups`;
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/expertconnect-prod-cluster`;
const TASK_DEF_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:7`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const DEPLOYER_ARN = `arn:aws:iam::${ACCOUNT}:role/deployer`;

/** The stack's non-data resources an application role must not administer. */
const RESOURCES: StackResourceInput[] = [
    { type: "aws:cloudtrail/trail:Trail", name: "trail", props: { name: "expertconnect-trail", arn: TRAIL_ARN } },
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "backend-logs", props: { name: "/ecs/expertconnect-prod-backend", arn: LOG_GROUP_ARN } },
    { type: "aws:ssm/parameter:Parameter", name: "db-host", props: { name: "/expertconnect/prod/database/host", arn: PARAMETER_ARN } },
    { type: "aws:backup/vault:Vault", name: "vault", props: { name: "expertconnect-prod-backups", arn: VAULT_ARN } },
    { type: "aws:ecs/cluster:Cluster", name: "cluster", props: { name: "expertconnect-prod-cluster", arn: CLUSTER_ARN } },
    { type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task", props: { family: "expertconnect-prod-backend", arn: TASK_DEF_ARN } },
    { type: "aws:ecs/service:Service", name: "frontend", props: { name: "expertconnect-prod-frontend", cluster: CLUSTER_ARN, arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/expertconnect-prod-frontend` } },
    { type: "aws:lambda/function:Function", name: "db-tasks", props: { name: "expertconnect-prod-db-tasks", arn: FUNCTION_ARN } },
    { type: "aws:kms/key:Key", name: "other-key", props: { arn: OTHER_KEY_ARN, keyId: OTHER_KEY_ARN.split("/")[1] } },
];
/** The role's least-privilege policy plus `statements`, with the resources in the stack. */
const granting = (...statements: object[]) => (s: StackResourceInput[]) => { s.push(...RESOURCES); rolePolicy(...LEAST_PRIVILEGE, ...statements)(s); };
const keyPolicy = (...statements: object[]) => (s: StackResourceInput[]) => {
    s.push(...RESOURCES);
    find(s, "key").props.policy = doc({ Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, ...statements);
};
/** A resource policy resource (bucket, topic, secret policy, Lambda permission) added beside the stack's resources. */
const resourcePolicy = (type: string, props: Record<string, unknown>) => (s: StackResourceInput[]) => { s.push(...RESOURCES, { type, name: "resource-policy", props }); };
const bucketPolicy = (...statements: object[]) => resourcePolicy("aws:s3/bucketPolicy:BucketPolicy", { bucket: "expertconnect-prod-static", policy: doc(...statements) });
const toRole = (Action: unknown, Resource: unknown = "*", extra: object = {}) => ({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action, Resource, ...extra });
const grant = (keyId: string, operations: string[], granteePrincipal = ROLE_ARN) => (s: StackResourceInput[]) => {
    s.push(...RESOURCES, { type: "aws:kms/grant:Grant", name: "key-grant", props: { keyId, granteePrincipal, operations } });
};
/** The role as a deploy role (trusted by another role, not by a service running application code). */
const deployRole = (s: StackResourceInput[]) => { find(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { AWS: DEPLOYER_ARN }, Action: "sts:AssumeRole" }); };

describe("iam-application-reach", function () {
    this.timeout(30000); // the first case loads AWS's action catalogue
    stackTable(iamApplicationReach, iamStack(), {
        passes: {
            "a replication template's repository policy lets the task pull from the replicas": {
                change: resourcePolicy("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", {
                    prefix: "ROOT", region: "us-west-2", appliedFors: ["REPLICATION"], repositoryPolicy: doc(toRole(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])),
                }),
            },
            "the least-privilege task policy beside the stack's trail, logs, parameters, vault, cluster and functions": { change: granting() },
            "the task writes its log stream and its objects": {
                change: granting(allow(["logs:CreateLogStream", "logs:PutLogEvents"], `${LOG_GROUP_ARN}:*`), allow(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], `${BUCKET_ARN}/*`)),
            },
            "the task reads parameters and describes the cluster (reads change nothing)": {
                change: granting(allow(["ssm:GetParameter", "ssm:GetParameters"], PARAMETER_ARN), allow(["ecs:DescribeClusters", "ecs:DescribeTasks"], CLUSTER_ARN)),
            },
            "a restore-test function reports its result (an action on no stack resource)": { change: granting(allow(["backup:PutRestoreValidationResult", "backup:DescribeRestoreJob"])) },
            "a deploy role (not an application role) updates the function and stops the trail": {
                change: s => { granting(allow("lambda:UpdateFunctionCode", FUNCTION_ARN), allow("cloudtrail:StopLogging", TRAIL_ARN))(s); deployRole(s); },
            },
            "the key policy lets the task role use the key through S3": {
                change: keyPolicy({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } } }),
            },
            "Principal * confined to our account and RDS may create grants (AWS-managed-key style)": {
                change: keyPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `rds.${REGION}.amazonaws.com` } } }),
            },
            "a bucket policy lets the task role read and write objects": { change: bucketPolicy(toRole(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], `${BUCKET_ARN}/*`)) },
            "a bucket policy denies plain HTTP to everyone (a Deny grants nothing)": {
                change: bucketPolicy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            },
            "a topic policy lets the account administer the topic (account root: IAM decides)": {
                change: resourcePolicy("aws:sns/topicPolicy:TopicPolicy", { arn: TOPIC_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["sns:SetTopicAttributes", "sns:DeleteTopic"], Resource: TOPIC_ARN }) }),
            },
            "a topic policy lets the task role publish": { change: resourcePolicy("aws:sns/topicPolicy:TopicPolicy", { arn: TOPIC_ARN, policy: doc(toRole("sns:Publish", TOPIC_ARN)) }) },
            "a KMS grant of Decrypt on a key the role's policy already uses": { change: grant(KEY_ARN, ["Decrypt", "GenerateDataKey"]) },
            "a KMS grant of CreateGrant to a deploy role": { change: s => { grant(KEY_ARN, ["CreateGrant"])(s); deployRole(s); } },
        },
        violations: {
            "a replication template's repository policy lets the task push into every replica ECR creates": {
                change: resourcePolicy("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", {
                    prefix: "ROOT", region: "us-west-2", appliedFors: ["REPLICATION"],
                    repositoryPolicy: doc(toRole(["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"])),
                }),
                message: /repositories ECR creates from template ROOT in us-west-2 .*lets the application .*ecr:PutImage/,
            },
            "the task may stop and delete the trail": { change: granting(allow(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], TRAIL_ARN)), message: /application role, may cloudtrail:DeleteTrail, cloudtrail:StopLogging on the stack's Trail expertconnect-trail/ },
            "the task may delete its log group and shorten retention": { change: granting(allow(["logs:DeleteLogGroup", "logs:PutRetentionPolicy"], `${LOG_GROUP_ARN}:*`)), message: /logs:DeleteLogGroup, logs:PutRetentionPolicy on the stack's LogGroup/ },
            "the task may delete log streams": { change: granting(allow("logs:DeleteLogStream", `${LOG_GROUP_ARN}:*`)), message: /logs:DeleteLogStream on the stack's LogGroup/ },
            "the task may rewrite the database host parameter": { change: granting(allow("ssm:PutParameter", PARAMETER_ARN)), message: /ssm:PutParameter on the stack's Parameter/ },
            "the task may delete recovery points in the vault": { change: granting(allow("backup:DeleteRecoveryPoint", VAULT_ARN)), message: /backup:DeleteRecoveryPoint on the stack's Vault/ },
            "the task may open a shell in the cluster's tasks": { change: granting(allow("ecs:ExecuteCommand", `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*`)), message: /ecs:ExecuteCommand on the stack's Cluster/ },
            "the task may update the cluster's services (long-format service ARNs)": { change: granting(allow(["ecs:UpdateService", "ecs:DeleteService"], `arn:aws:ecs:${REGION}:${ACCOUNT}:service/expertconnect-prod-cluster/*`)), message: /ecs:UpdateService, ecs:DeleteService on the stack's Service expertconnect-prod-frontend|ecs:DeleteService, ecs:UpdateService on the stack's Service/ },
            "the task may run the backend task definition": { change: granting(allow("ecs:RunTask", "arn:aws:ecs:*:*:task-definition/expertconnect-prod-backend:*")), message: /ecs:RunTask on the stack's TaskDefinition/ },
            "the task may administer its own role (NotAction everything but S3)": { change: granting({ Effect: "Allow", NotAction: "s3:*", Resource: ROLE_ARN }), message: /may iam:AttachRolePolicy, .* on the stack's Role expertconnect-prod-backend-task/ },
            "the task may pass its own role to a task it runs": { change: granting(allow("iam:PassRole", ROLE_ARN)), message: /iam:PassRole on the stack's Role/ },
            "the task may update the maintenance function's code": { change: granting(allow("lambda:UpdateFunctionCode", FUNCTION_ARN)), message: /lambda:UpdateFunctionCode on the stack's Function/ },
            "the task may tag the trail": { change: granting(allow("cloudtrail:AddTags", TRAIL_ARN)), message: /cloudtrail:AddTags/ },
            "the task may change a key's policy and schedule its deletion": { change: granting(allow(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], OTHER_KEY_ARN)), message: /kms:PutKeyPolicy, kms:ScheduleKeyDeletion on the stack's Key/ },
            "the key policy gives the task role kms:*": {
                change: keyPolicy({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:*", Resource: "*" }), message: /resource policy of Key .* in Key key, lets the application role expertconnect-prod-backend-task kms:/,
            },
            "the key policy lets Principal * in our account create grants (no service condition)": {
                change: keyPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:CreateGrant", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }), message: /kms:CreateGrant/,
            },
            "a bucket policy gives the task role version deletion and lifecycle control": {
                change: bucketPolicy(toRole(["s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"], [BUCKET_ARN, `${BUCKET_ARN}/*`])),
                message: /resource policy of Bucket expertconnect-prod-static .* in BucketPolicy resource-policy, lets the application role expertconnect-prod-backend-task s3:DeleteObjectVersion, s3:PutBucketVersioning, s3:PutLifecycleConfiguration/,
            },
            "a bucket policy gives Principal * in our account s3:PutBucketPolicy (NotAction spelling)": {
                change: bucketPolicy({ Effect: "Allow", Principal: "*", NotAction: "s3:Get*", Resource: BUCKET_ARN, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
                message: /lets the application role expertconnect-prod-backend-task .*s3:DeleteBucket/,
            },
            "the bucket's own policy property gives the task role s3:DeleteBucket": {
                change: s => { s.push(...RESOURCES); find(s, "static").props.policy = doc(toRole("s3:DeleteBucket", BUCKET_ARN)); }, message: /s3:DeleteBucket/,
            },
            "a topic policy lets the task role change the topic's attributes and delete it": {
                change: resourcePolicy("aws:sns/topicPolicy:TopicPolicy", { arn: TOPIC_ARN, policy: doc(toRole(["sns:SetTopicAttributes", "sns:DeleteTopic"], TOPIC_ARN)) }), message: /sns:DeleteTopic, sns:SetTopicAttributes|sns:SetTopicAttributes, sns:DeleteTopic/,
            },
            "a secret policy lets the task role overwrite and delete the secret": {
                change: resourcePolicy("aws:secretsmanager/secretPolicy:SecretPolicy", { secretArn: SECRET_ARN, policy: doc(toRole(["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret"])) }),
                message: /in SecretPolicy resource-policy, lets the application role .*secretsmanager:DeleteSecret/,
            },
            "a Lambda permission lets the task role update the function's code": {
                change: resourcePolicy("aws:lambda/permission:Permission", { function: "expertconnect-prod-db-tasks", principal: ROLE_ARN, action: "lambda:UpdateFunctionCode" }), message: /in Permission resource-policy, lets .* lambda:UpdateFunctionCode/,
            },
            "a KMS grant lets the task role re-grant the key": { change: grant(KEY_ARN, ["Decrypt", "CreateGrant"]), message: /KMS grant key-grant gives the application role .* kms:CreateGrant administers the key/ },
            "a KMS grant of Decrypt on a key the role never uses": { change: grant(OTHER_KEY_ARN.split("/")[1], ["Decrypt"]), message: /kms:Decrypt on a key the role's own policies never use/ },
        },
    });
});
