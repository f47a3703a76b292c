/**
 * iam-no-broad-grants, adversarially: each violation is a way people grant too much, through
 * every path a document reaches an identity; each pass is a least-privilege spelling that a
 * literal check might wrongly reject.
 */
import { iamNoBroadGrants } from "../../policy/iam/broadGrants";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";
import { adding, allow, attachment, BUCKET_ARN, doc, find, iamStack, LEAST_PRIVILEGE, REGION, ROLE_ARN, ROLE_NAME, rolePolicy, SECRET_ARN } from "./support/iam";

const MANAGED = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const customerPolicy = (name: string, policy: string): StackResourceInput => ({
    type: "aws:iam/policy:Policy", name, props: { name, arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, policy },
});
const ADMIN = allow("*");
/** A second bucket (the backup) and the database, for patterns that reach beyond a name. */
const DATA_STORES: StackResourceInput[] = [
    { type: "aws:s3/bucket:Bucket", name: "backup", props: { bucket: "expertconnect-backup", arn: "arn:aws:s3:::expertconnect-backup" } },
    { type: "aws:rds/instance:Instance", name: "db", props: { identifier: "expertconnect-prod-db", arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db` } },
    { type: "aws:secretsmanager/secret:Secret", name: "master", props: { name: "expertconnect/prod/database/master", arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a` } },
];
/** The role's least-privilege policy plus `statements`, with the data stores in the stack. */
const withStores = (...statements: object[]) => (s: StackResourceInput[]) => { s.push(...DATA_STORES); rolePolicy(...LEAST_PRIVILEGE, ...statements)(s); };
/** The role as a deploy role (trusted by a CI account's role, not by a service running app code). */
const deployRole = (s: StackResourceInput[]) => { find(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, Action: "sts:AssumeRole" }); };

describe("iam-no-broad-grants", function () {
    this.timeout(20000); // the first case loads AWS's action catalogue
    stackTable(iamNoBroadGrants, iamStack(), {
        passes: {
            "PassRole names the stack's role and the service it goes to": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("iam:PassRole", ROLE_ARN, { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } })),
            },
            "PassRole on every role, but only to ECS (a narrowing condition)": {
                change: rolePolicy(allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } })),
            },
            "kms:Decrypt on every key, only through Secrets Manager": {
                change: rolePolicy(allow("kms:Decrypt", "*", { Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } })),
            },
            "everything is allowed and then everything but two harmless writes is denied": {
                change: rolePolicy(ADMIN, { Effect: "Deny", NotAction: ["cloudwatch:PutMetricData", "logs:PutLogEvents"], Resource: "*" }),
            },
            "the statement list is in getPolicyDocument's shape, scoped": {
                change: s => { find(s, "backend-task-policy").props.policy = [{ effect: "Allow", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::expertconnect-prod-static/*`] }]; },
            },
            "AWS's ECS task execution policy is attached": { change: adding(attachment(MANAGED("service-role/AmazonECSTaskExecutionRolePolicy"))) },
            "a customer-managed admin policy is only a permissions boundary (as FSBP IAM.1)": {
                change: s => {
                    s.push(customerPolicy("boundary", doc(ADMIN)));
                    find(s, "backend-task-role").props.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
                },
            },
            "a scoped customer-managed policy is attached by dependency only (preview)": {
                change: s => {
                    s.push(customerPolicy("scoped", doc(allow("s3:GetObject", "arn:aws:s3:::expertconnect-prod-static/*"))));
                    s.push({ ...attachment(UNKNOWN), propertyDependencies: { role: ["backend-task-role"], policyArn: ["scoped"] } });
                },
            },
            "the role reads objects of its own bucket (data read, but named)": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("s3:GetObject", "arn:aws:s3:::expertconnect-prod-static/*")),
            },
            "the role deletes log streams of its own log group (destructive, but named)": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("logs:DeleteLogStream", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`)),
            },
            "the role may change another named role's policy (Permissions management, named)": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-deployer`)),
            },
            "the secret named with its random suffix as ??????, beside other secrets": {
                change: withStores(allow("secretsmanager:GetSecretValue", SECRET_ARN.replace(/-[A-Za-z0-9]{6}$/, "-??????"))),
            },
            "the role's own bucket's objects and listing, beside other buckets": {
                change: withStores(allow(["s3:GetObject", "s3:DeleteObject"], `${BUCKET_ARN}/*`), allow(["s3:ListBucket", "s3:GetBucketLocation"], BUCKET_ARN)),
            },
            "a log-group wildcard only over its streams": {
                change: withStores(allow("logs:GetLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`)),
            },
            "a workload connects to its cache with IAM authentication (elasticache:Connect is Write, but data plane)": {
                change: s => {
                    withStores(allow("elasticache:Connect", `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:expertconnect-prod-cache`))(s);
                    s.push({ type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:expertconnect-prod-cache` } });
                },
            },
            "describing every database (List) through db:*": { change: withStores(allow("rds:DescribeDBInstances", `arn:aws:rds:${REGION}:${ACCOUNT}:db:*`)) },
            "a deploy role (not a workload) may administer the bucket it names": {
                change: s => { withStores(allow(["s3:PutBucketPolicy", "s3:PutBucketVersioning"], BUCKET_ARN))(s); deployRole(s); },
            },
            "a deny statement on everything with a condition": {
                change: rolePolicy(...LEAST_PRIVILEGE, { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            },
        },
        violations: {
            "Action * on Resource *": { change: rolePolicy(ADMIN), message: /full access/ },
            "the trail can be stopped on every trail": { change: rolePolicy(...LEAST_PRIVILEGE, allow("cloudtrail:StopLogging")), message: /blinds monitoring or destroys data and backups\), e.g. cloudtrail:StopLogging/ },
            "every KMS key can be scheduled for deletion": { change: rolePolicy(...LEAST_PRIVILEGE, allow(["kms:ScheduleKeyDeletion"], ["*"])), message: /e.g. kms:ScheduleKeyDeletion/ },
            "recovery points can be deleted in every vault, spelled with a wildcard": { change: rolePolicy(...LEAST_PRIVILEGE, allow("backup:Delete*")), message: /backup:DeleteRecoveryPoint/ },
            "every object of every bucket can be read, through NotResource": {
                change: rolePolicy(...LEAST_PRIVILEGE, { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::nothing-here/*" }), message: /reads every object, item, message or log event\), e.g. s3:GetObject/,
            },
            "AWS's S3 read-only policy is attached (every object of every bucket)": { change: adding(attachment(MANAGED("AmazonS3ReadOnlyAccess"))), message: /reads every object, item, message or log event/ },
            "every log event can be read": { change: rolePolicy(...LEAST_PRIVILEGE, allow(["logs:FilterLogEvents", "logs:GetLogEvents"])), message: /e.g. logs:/ },
            "objects of every bucket whose name starts like the stack's (prefix wildcard reaches the backup)": {
                change: withStores(allow("s3:GetObject", "arn:aws:s3:::expertconnect-*/*")), message: /s3:GetObject on resources it does not name.*expertconnect-\*\/\*.*bucket expertconnect-backup/,
            },
            "object versions of every bucket deleted (arn:aws:s3:::*/*)": {
                change: withStores(allow(["s3:DeleteObject", "s3:DeleteObjectVersion"], "arn:aws:s3:::*/*")), message: /destroys data and backups\), e.g. s3:DeleteObject/,
            },
            "every object read through the access-point form of the ARN": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("s3:GetObject", `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/*/object/*`)), message: /e.g. s3:GetObject/,
            },
            "secrets under the environment's path (reaches the database master secret)": {
                change: withStores(allow("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/*`)),
                message: /GetSecretValue on resources it does not name.*secret expertconnect\/prod\/database\/master/,
            },
            "a database deleted through a name wildcard": {
                change: withStores(allow("rds:DeleteDBInstance", `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-*`)), message: /rds:DeleteDBInstance/,
            },
            "the workload role gets s3:* on its own bucket (bucket policy, versioning, deletion)": {
                change: withStores(allow("s3:*", [BUCKET_ARN, `${BUCKET_ARN}/*`])), message: /administer the stack's bucket expertconnect-prod-static, e.g. s3:.*Bucket/,
            },
            "the workload role may modify the database (reset the master password)": {
                change: withStores(allow("rds:ModifyDBInstance", `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`)), message: /administer the stack's database expertconnect-prod-db, e.g. rds:ModifyDBInstance/,
            },
            "the workload role may overwrite a secret's value": {
                change: withStores(allow("secretsmanager:PutSecretValue", SECRET_ARN)), message: /administer the stack's secret .*secretsmanager:PutSecretValue/,
            },
            "the role may put a policy on itself": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("iam:PutRolePolicy", ROLE_ARN)), message: /lets the role change its own permissions \(iam:PutRolePolicy on itself\)/,
            },
            "the role may attach managed policies to roles named like itself": {
                change: rolePolicy(...LEAST_PRIVILEGE, allow("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME.slice(0, 8)}*`)), message: /iam:AttachRolePolicy on itself/,
            },
            "Action *:* as a list": { change: rolePolicy(allow(["*:*"], ["*"])), message: /full access/ },
            "everything but IAM (NotAction)": { change: rolePolicy({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }), message: /full access/ },
            "admin hidden behind a condition that narrows nothing": {
                change: rolePolicy(allow("*", "*", { Condition: { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:RequestedRegion": REGION } } })), message: /full access/,
            },
            "admin with a conditional deny that does not remove it": {
                change: rolePolicy(ADMIN, { Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": REGION } } }), message: /full access/,
            },
            "iam:* on *": { change: rolePolicy(allow("iam:*")), message: /iam:\*/ },
            "s3:* on *": { change: rolePolicy(allow("s3:*")), message: /s3:\*/ },
            "secretsmanager:* on *": { change: rolePolicy(allow("secretsmanager:*")), message: /secretsmanager:\*/ },
            "iam:PassRole on *": { change: rolePolicy(allow("iam:PassRole")), message: /privilege escalation.*iam:PassRole/ },
            "iam:PassRole on every role of the account": { change: rolePolicy(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/*`)), message: /iam:PassRole/ },
            "iam:PassRole on every account's roles": { change: rolePolicy(allow("iam:PassRole", "arn:aws:iam::*:role/*")), message: /iam:PassRole/ },
            "iam:PassRole on everything but one role (NotResource)": {
                change: rolePolicy({ Effect: "Allow", Action: "iam:PassRole", NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }), message: /iam:PassRole/,
            },
            "iam:PassRole with a vacuous PassedToService": {
                change: rolePolicy(allow("iam:PassRole", "*", { Condition: { StringLike: { "iam:PassedToService": "*" } } })), message: /iam:PassRole/,
            },
            "iam:PassRole with IfExists (absent key passes)": {
                change: rolePolicy(allow("iam:PassRole", "*", { Condition: { StringEqualsIfExists: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } })), message: /iam:PassRole/,
            },
            "iam:CreatePolicyVersion on *": { change: rolePolicy(allow("iam:CreatePolicyVersion")), message: /Permissions management.*iam:CreatePolicyVersion/ },
            "iam:Attach* spelled with a wildcard": { change: rolePolicy(allow("iam:Attach*")), message: /Permissions management.*iam:Attach/ },
            "lower-case action names": { change: rolePolicy(allow("iam:attachrolepolicy")), message: /iam:AttachRolePolicy/ },
            "iam:Put?olePolicy with a single-character wildcard": { change: rolePolicy(allow("iam:Put?olePolicy")), message: /iam:PutRolePolicy/ },
            "kms:PutKeyPolicy on every key": { change: rolePolicy(allow("kms:PutKeyPolicy")), message: /Permissions management.*kms:PutKeyPolicy/ },
            "iam:CreateAccessKey for every user": { change: rolePolicy(allow("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/*`)), message: /iam:CreateAccessKey/ },
            "sts:AssumeRole on every role": { change: rolePolicy(allow("sts:AssumeRole")), message: /sts:AssumeRole/ },
            "lambda:UpdateFunctionCode on every function": { change: rolePolicy(allow("lambda:UpdateFunctionCode")), message: /lambda:UpdateFunctionCode/ },
            "ssm:SendCommand on every instance": { change: rolePolicy(allow("ssm:SendCommand")), message: /ssm:SendCommand/ },
            "secretsmanager:GetSecretValue on every secret": { change: rolePolicy(allow("secretsmanager:GetSecretValue")), message: /secretsmanager:GetSecretValue/ },
            "kms:Decrypt on every key": { change: rolePolicy(allow("kms:Decrypt")), message: /kms:Decrypt/ },
            "ssm:GetParameter* on every parameter": { change: rolePolicy(allow("ssm:GetParameter*")), message: /ssm:GetParameter/ },
            "the document is an object in getPolicyDocument's shape": {
                change: s => { find(s, "backend-task-policy").props.policy = { statements: [{ actions: ["iam:*"], resources: ["*"] }] }; }, message: /iam:\*/,
            },
            "the role's inline policy grants admin": {
                change: s => { find(s, "backend-task-role").props.inlinePolicies = [{ name: "ops", policy: doc(ADMIN) }]; }, message: /full access/,
            },
            "AdministratorAccess in the role's managedPolicyArns": {
                change: s => { find(s, "backend-task-role").props.managedPolicyArns = [MANAGED("AdministratorAccess")]; }, message: /AdministratorAccess.*full access/,
            },
            "PowerUserAccess attached": { change: adding(attachment(MANAGED("PowerUserAccess"))), message: /PowerUserAccess.*full access/ },
            "IAMFullAccess attached": { change: adding(attachment(MANAGED("IAMFullAccess"))), message: /IAMFullAccess/ },
            "AmazonS3FullAccess attached": { change: adding(attachment(MANAGED("AmazonS3FullAccess"))), message: /AmazonS3FullAccess.*s3:\*/ },
            "SecretsManagerReadWrite attached": { change: adding(attachment(MANAGED("SecretsManagerReadWrite"))), message: /SecretsManagerReadWrite/ },
            "a job-function admin policy attached": { change: adding(attachment(MANAGED("job-function/SystemAdministrator"))), message: /SystemAdministrator/ },
            "a FullAccess policy the pack has no document for": { change: adding(attachment(MANAGED("AmazonTimestreamFullAccess"))), message: /AmazonTimestreamFullAccess/ },
            "a customer-managed admin policy attached by ARN": {
                change: adding(customerPolicy("ops", doc(ADMIN)), attachment(`arn:aws:iam::${ACCOUNT}:policy/ops`)), message: /full access/,
            },
            "a customer-managed admin policy created but not (yet) attached": { change: adding(customerPolicy("ops", doc(ADMIN))), message: /full access/ },
            "a boundary policy that is also attached": {
                change: s => {
                    s.push(customerPolicy("boundary", doc(ADMIN)), attachment(`arn:aws:iam::${ACCOUNT}:policy/boundary`));
                    find(s, "backend-task-role").props.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
                },
                message: /full access/,
            },
            "a legacy PolicyAttachment gives AmazonEC2FullAccess to roles": {
                change: adding({ type: "aws:iam/policyAttachment:PolicyAttachment", name: "ec2", props: { name: "ec2", roles: [ROLE_NAME], policyArn: MANAGED("AmazonEC2FullAccess") } }),
                message: /AmazonEC2FullAccess.*ec2:\*/,
            },
            "a user policy grants iam:*": {
                change: adding({ type: "aws:iam/userPolicy:UserPolicy", name: "ci-user-policy", props: { user: "ci", policy: { Version: "2012-10-17", Statement: allow("iam:*") } } }),
                message: /iam:\*/,
            },
            "a group policy attachment gives AdministratorAccess": {
                change: adding({ type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "ops-admin", props: { group: "ops", policyArn: MANAGED("AdministratorAccess") } }),
                message: /AdministratorAccess/,
            },
            "a user policy attachment gives PowerUserAccess": {
                change: adding({ type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "dev", props: { user: "dev", policyArn: MANAGED("PowerUserAccess") } }),
                message: /PowerUserAccess/,
            },
            "a group inline policy grants kms:*": {
                change: adding({ type: "aws:iam/groupPolicy:GroupPolicy", name: "ops-kms", props: { group: "ops", policy: doc(allow("kms:*")) } }),
                message: /kms:\*/,
            },
            "the grant is split: a scoped rolePolicy plus a second rolePolicy with PassRole": {
                change: adding({ type: "aws:iam/rolePolicy:RolePolicy", name: "extra", props: { role: ROLE_NAME, policy: doc(allow("iam:PassRole")) } }),
                message: /iam:PassRole/,
            },
            "an Identity Center permission set's inline policy grants iam:*": {
                change: adding({ type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", name: "ops-inline", props: { permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", instanceArn: "arn:aws:sso:::instance/ssoins-1", inlinePolicy: doc(allow("iam:*")) } }),
                message: /ops-inline.*iam:\*/,
            },
            "AdministratorAccess attached to a permission set": {
                change: adding({ type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", name: "ops-admin-ps", props: { permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", instanceArn: "arn:aws:sso:::instance/ssoins-1", managedPolicyArn: MANAGED("AdministratorAccess") } }),
                message: /AdministratorAccess.*permission set/,
            },
            "the document is not JSON": { change: s => { find(s, "backend-task-policy").props.policy = "{Statement"; }, message: /not valid JSON/ },
        },
    });
});
