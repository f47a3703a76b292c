/**
 * Class 3 (round 12, fourth reviewer, written without the pack's code): changes AWS accepts at
 * deploy time that break a runtime path the guide relies on the first time it is exercised —
 * secret rotation, ECS Exec, the application's buckets, image pulls and log delivery, failover,
 * backups and restore tests — and legitimate changes that tighten a path and keep it working.
 */
import { ACCOUNT, add, all, Case, doc, drift, edit, named, remove, suite } from "./support";
import { drServing } from "./support";

// ---- helpers -------------------------------------------------------------------------------
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SG_OUT = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SG_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const VPCE = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SAR = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const SECRET = "aws:secretsmanager/secret:Secret";
const TASKDEF = "aws:ecs/taskDefinition:TaskDefinition";
const CLUSTER = "aws:ecs/cluster:Cluster";
const LOGGROUP = "aws:cloudwatch/logGroup:LogGroup";
const PLAN = "aws:backup/plan:Plan";
const HC = "aws:route53/healthCheck:HealthCheck";
const SSM = "aws:ssm/parameter:Parameter";

const K = {
    logs: "arn:aws:kms:us-east-1:123456789012:key/ad7e477b-441e-4538-a1e7-02e65ceaf667",
    static: "arn:aws:kms:us-east-1:123456789012:key/3b950284-024f-4124-a7e2-9803e867a7db",
    backup: "arn:aws:kms:us-east-1:123456789012:key/dc685f2e-a8e7-4078-af22-b4873bbd0088",
    database: "arn:aws:kms:us-east-1:123456789012:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66",
    appSettings: "arn:aws:kms:us-east-1:123456789012:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2",
    replicaStatic: "arn:aws:kms:us-west-2:123456789012:key/f3ada024-bc47-4b7a-a4a1-b5bd5cc4811a",
};
const ROLES = {
    task: "arn:aws:iam::123456789012:role/backend-roles-task-019c1c0",
    exec: "arn:aws:iam::123456789012:role/backend-roles-execution-65fe5e6",
    replication: "arn:aws:iam::123456789012:role/dr-static-role-2f50c65",
    backup: "arn:aws:iam::123456789012:role/dr-backup-role-04ba64a",
};
const STATIC = "arn:aws:s3:::expertconnect-prod-static";

/** Edits a JSON policy document held in `field` (default `policy`) of the resources named `suffix`. */
function jsonEdit(type: string, suffix: string, fn: (d: any) => void, field = "policy"): (rs: any[]) => void {
    return edit(type, p => { const d = JSON.parse(p[field]); fn(d); p[field] = JSON.stringify(d); }, named(suffix));
}
const sid = (d: any, id: string) => { const s = d.Statement.find((x: any) => x.Sid === id); if (!s) throw new Error(`no statement ${id}`); return s; };
const dropSid = (d: any, id: string) => { sid(d, id); d.Statement = d.Statement.filter((x: any) => x.Sid !== id); };
/** Secret-wrapped string values in the export: {sig, plaintext: JSON string}. */
const setWrapped = (w: any, value: string) => { w.plaintext = JSON.stringify(value); };
const editSecretJson = (fn: (o: any) => void) => edit("aws:secretsmanager/secretVersion:SecretVersion", p => {
    const o = JSON.parse(JSON.parse(p.secretStringWo.plaintext)); fn(o); p.secretStringWo.plaintext = JSON.stringify(JSON.stringify(o));
}, named("database-master-secret-value"));
const containers = (suffix: string, fn: (list: any[]) => void) => edit(TASKDEF, p => { const l = JSON.parse(p.containerDefinitions); fn(l); p.containerDefinitions = JSON.stringify(l); }, named(suffix));

// ---- violations ----------------------------------------------------------------------------
const violations: Case[] = [
    // ===== secret rotation =====
    {
        name: "rotation function's HTTPS egress narrowed to the isolated subnets (10.0.112.0/20): the Secrets Manager interface endpoint's ENIs live in the private subnets, so every rotation step times out",
        change: edit(SG_OUT, p => { p.cidrIpv4 = "10.0.112.0/20"; }, named("database-rotation-function-out-443-0")),
    },
    {
        name: "Secrets Manager VPC endpoint policy allows only secretsmanager:GetSecretValue (for task start): the rotation function's DescribeSecret/GetRandomPassword/PutSecretValue/UpdateSecretVersionStage through the same endpoint are denied",
        change: edit(VPCE, p => { p.policy = doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }); }, named("network-endpoints-secretsmanager")),
    },
    {
        name: "Secrets Manager VPC endpoint policy admits only the backend's ECS roles: the rotation function's role and the database-tasks function's role are implicitly denied at the endpoint",
        change: edit(VPCE, p => { p.policy = doc({ Effect: "Allow", Principal: { AWS: [ROLES.exec, ROLES.task] }, Action: "secretsmanager:*", Resource: "*" }); }, named("network-endpoints-secretsmanager")),
    },
    {
        name: "database security group no longer admits the rotation function (database-from-rotation removed as 'unused'): rotation's setSecret cannot log in, the master password is never changed",
        change: remove(SG_IN, named("database-from-rotation")),
    },
    {
        name: "rotation function's PostgreSQL egress trimmed to the AZ the primary currently runs in: after a Multi-AZ failover the primary is in another isolated subnet and rotation fails",
        change: all(remove(SG_OUT, named("database-rotation-function-out-5432-1")), remove(SG_OUT, named("database-rotation-function-out-5432-2"))),
    },
    {
        name: "rotation application's kmsKeyArn parameter set to the app-settings key: the function's role gets kms:Decrypt on the wrong key, so GetSecretValue of the master secret (database key) fails inside rotation",
        change: edit(SAR, p => { p.parameters.kmsKeyArn = K.appSettings; }, named("database-rotation-function")),
    },
    {
        name: "master secret re-encrypted under the app-settings key while the rotation function and the database-tasks function are still allowed only the database key: rotation and ensure-app-user/restore validation fail with KMS AccessDenied",
        change: edit(SECRET, p => { p.kmsKeyId = K.appSettings; }, named("database-master-secret")),
    },
    {
        name: "rotation application's endpoint parameter points at secretsmanager.us-west-2: there the secret is a read-only replica, so PutSecretValue of the pending password fails on every rotation",
        change: edit(SAR, p => { p.parameters.endpoint = "https://secretsmanager.us-west-2.amazonaws.com"; }, named("database-rotation-function")),
    },
    {
        name: "master secret's username changed to 'postgres' (the engine's usual superuser): the RDS master login is expertconnect_user, so single-user rotation cannot authenticate and every rotation fails",
        change: editSecretJson(o => { o.username = "postgres"; }),
    },
    {
        name: "master secret's host changed to the prod CNAME of the dr replica: rotation and the database-tasks function connect to a read-only replica in another region",
        change: editSecretJson(o => { o.host = "expertconnect-dr-db.c2f8ee031b31.us-west-2.rds.amazonaws.com"; }),
    },
    {
        name: "rotation application switched to the PostgreSQL multi-user template for the master secret: that template requires a masterarn in the secret and a separate superuser secret, so rotation fails at createSecret",
        change: edit(SAR, p => { p.applicationId = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser"; }, named("database-rotation-function")),
    },
    {
        name: "RDS manageMasterUserPassword turned on beside the stack's own master secret: RDS resets the password into its own managed secret, so the stack's secret (used by rotation and database-tasks) silently goes stale",
        change: edit("aws:rds/instance:Instance", p => { p.manageMasterUserPassword = true; delete p.passwordWo; delete p.passwordWoVersion; }, named("database")),
    },
    {
        name: "database master password bumped in the program (passwordWoVersion 2) without writing the new value to the master secret: the secret no longer logs in, rotation and database-tasks break",
        change: edit("aws:rds/instance:Instance", p => { p.passwordWo = { ...p.passwordWo, plaintext: JSON.stringify("Zq1newpasswordnotinthesecretZq1newpasswordnotinthesecret") }; p.passwordWoVersion = 2; }, named("database")),
    },
    {
        name: "database-tasks function's HTTPS egress removed ('it only talks to PostgreSQL'): it cannot read the master secret or report to AWS Backup, so the monthly restore-test validation silently fails",
        change: remove(SG_OUT, named("database-tasks-function-out-443-0")),
    },
    {
        name: "rotation schedule stretched to 1000 days (the API maximum): the master password is effectively never rotated, against the guide's 'rotate database passwords'",
        change: edit(ROTATION, p => { p.rotationRules = { automaticallyAfterDays: 1000 }; }, named("database-rotation-schedule")),
    },

    // ===== ECS Exec =====
    {
        name: "task role loses the ssmmessages channel actions: ECS accepts enableExecuteCommand, but the guide's `aws ecs execute-command ... migrate` fails with TargetNotConnected",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => dropSid(d, "EcsExecChannels")),
    },
    {
        name: "task role's ssmmessages actions scoped to the cluster ARN: ssmmessages actions have no resource-level permissions, so the scoped statement never matches and exec fails",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "EcsExecChannels").Resource = "arn:aws:ecs:us-east-1:123456789012:cluster/expertconnect-prod-cluster"; }),
    },
    {
        name: "task role's kms:Decrypt on the exec session key removed: with executeCommandConfiguration.kmsKeyId set the agent must decrypt the session data key, so exec sessions cannot start",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => dropSid(d, "EcsExecDecryptSession")),
    },
    {
        name: "task role's exec-session kms:Decrypt conditioned on kms:ViaService=ssm.us-east-1: the SSM agent calls KMS directly (no ViaService in the request context), so Decrypt is denied",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "EcsExecDecryptSession").Condition = { StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" } }; }),
    },
    {
        name: "cluster's exec session key switched to the static-assets key while the task role may decrypt only the logs key: every exec session fails",
        change: edit(CLUSTER, p => { p.configuration.executeCommandConfiguration.kmsKeyId = K.static; }, named("cluster")),
    },
    {
        name: "exec log group's KMS key removed while cloudWatchEncryptionEnabled stays true: the agent checks the log group is encrypted and refuses the session",
        change: edit(LOGGROUP, p => { delete p.kmsKeyId; }, named("cluster-exec-logs")),
    },
    {
        name: "task role's logs:DescribeLogGroups removed as 'read-only noise': the exec agent cannot verify the log group's encryption, so sessions fail",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => dropSid(d, "EcsExecFindLogGroup")),
    },
    {
        name: "backend container's /var/lib/amazon/ssm mount removed (read-only root filesystem): the injected SSM agent cannot write its state, exec never connects",
        change: containers("backend-task", l => { l[0].mountPoints = l[0].mountPoints.filter((m: any) => m.containerPath !== "/var/lib/amazon/ssm"); }),
    },
    {
        name: "enableExecuteCommand turned off on the backend service: the guide's migration command (`aws ecs execute-command --container backend`) fails",
        change: edit("aws:ecs/service:Service", p => { p.enableExecuteCommand = false; }, named("backend-service")),
    },
    {
        name: "exec logging set to NONE: operators' interactive commands in production containers are no longer recorded",
        change: edit(CLUSTER, p => { p.configuration.executeCommandConfiguration.logging = "NONE"; delete p.configuration.executeCommandConfiguration.logConfiguration; }, named("cluster")),
    },
    {
        name: "exec session logs also sent to the backup bucket with s3EncryptionEnabled: the agent needs s3:GetEncryptionConfiguration (task role lacks it) and the bucket's key, so sessions fail",
        change: edit(CLUSTER, p => { Object.assign(p.configuration.executeCommandConfiguration.logConfiguration, { s3BucketName: "expertconnect-backup", s3EncryptionEnabled: true, s3KeyPrefix: "exec" }); }, named("cluster")),
    },
    {
        name: "dr task role's exec-session kms:Decrypt copied from prod (us-east-1 logs key): the dr cluster encrypts sessions with its us-west-2 key, so exec in dr fails during a failover",
        stack: "dr",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "EcsExecDecryptSession").Resource = K.logs; }),
    },

    // ===== application buckets =====
    {
        name: "task role's static-bucket key statement keeps kms:Decrypt but drops kms:GenerateDataKey: reads work, every upload to the SSE-KMS bucket fails",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket0Key").Action = ["kms:Decrypt"]; }),
    },
    {
        name: "task role's bucket key condition kms:ViaService='s3.amazonaws.com' (no region): S3 sends s3.us-east-1.amazonaws.com, so the condition never matches and all object reads/writes fail",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket0Key").Condition = { StringEquals: { "kms:ViaService": "s3.amazonaws.com" } }; }),
    },
    {
        name: "task role's bucket key use conditioned on encryption context = object ARN pattern: with S3 Bucket Keys enabled S3 sends the bucket ARN as context, so Decrypt/GenerateDataKey are denied",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket0Key").Condition = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, StringLike: { "kms:EncryptionContext:aws:s3:arn": `${STATIC}/*` } }; }),
    },
    {
        name: "S3 Bucket Key turned off on the static bucket while the task role's key use is pinned to the bucket-ARN encryption context: without Bucket Keys the context is the object ARN, so new uploads fail",
        change: all(
            jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket0Key").Condition = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": STATIC } }; }),
            edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", p => { p.rules[0].bucketKeyEnabled = false; }, named("data-static-encryption")),
        ),
    },
    {
        name: "task role's backup-bucket write grant on the bucket ARN instead of bucket/*: PutObject is an object-level action, so application backups are denied",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket1Objects").Resource = "arn:aws:s3:::expertconnect-backup"; }),
    },
    {
        name: "static bucket policy denies all requests not arriving through the VPC's S3 gateway endpoint: S3 replication (the service reading as the replication role) and the guide's `aws s3 sync` from operators are denied",
        change: jsonEdit(BUCKET_POLICY, "data-static-policy", d => { d.Statement.push({ Sid: "OnlyFromVpce", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`], Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0fbe5451f6f32d68d" } } }); }),
    },
    {
        name: "static bucket policy denies PutObject with StringNotEquals s3:x-amz-server-side-encryption=aws:kms: the app relies on default encryption and sends no header, the missing key makes StringNotEquals true, so every upload is denied",
        change: jsonEdit(BUCKET_POLICY, "data-static-policy", d => { d.Statement.push({ Sid: "RequireKms", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${STATIC}/*`, Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } } }); }),
    },
    {
        name: "static bucket policy denies every principal but the backend task role: the replication role can no longer read source versions, so static assets stop replicating to us-west-2",
        change: jsonEdit(BUCKET_POLICY, "data-static-policy", d => { d.Statement.push({ Sid: "OnlyTheApp", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`], Condition: { ArnNotEquals: { "aws:PrincipalArn": ROLES.task } } }); }),
    },
    {
        name: "dr replica bucket policy denies requests not from prod's VPC (aws:SourceVpc): replication writes come from S3, and dr's tasks run in dr's own VPC, so both the copy and the failover reads are denied",
        change: jsonEdit(BUCKET_POLICY, "dr-static-replica-policy", d => { d.Statement.push({ Sid: "OnlyFromVpc", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-prod-static-us-west-2", "arn:aws:s3:::expertconnect-prod-static-us-west-2/*"], Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-0e6ad3833cd78ec1f" } } }); }),
    },
    {
        name: "S3 gateway endpoint policy limited to the two application buckets: ECR image layers are served from S3 (prod-us-east-1-starport-layer-bucket) through the same endpoint, so the next task start cannot pull its image",
        change: edit(VPCE, p => { p.policy = doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`, "arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] }); }, named("network-endpoints-s3")),
    },
    {
        name: "static bucket's default encryption switched to the backup key: new objects are encrypted under a key the replication role may not decrypt, so they fail to replicate to us-west-2",
        change: edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", p => { p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = K.backup; }, named("data-static-encryption")),
    },
    {
        name: "replication rule's replica key set to the us-east-1 static key: S3 needs a key in the destination region, so every replication fails",
        change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = K.static; }, named("dr-static-rule")),
    },
    {
        name: "replication role's replica-key statement conditioned on kms:ViaService s3.us-east-1: the destination key is used by S3 in us-west-2, so replica encryption is denied",
        change: jsonEdit(ROLE_POLICY, "dr-static-role-policy", d => { sid(d, "EncryptReplicas").Condition.StringEquals["kms:ViaService"] = "s3.us-east-1.amazonaws.com"; }),
    },
    {
        name: "replication role's source-decrypt context narrowed to object ARNs only: with Bucket Keys the source context is the bucket ARN, so replication of SSE-KMS objects fails",
        change: jsonEdit(ROLE_POLICY, "dr-static-role-policy", d => { sid(d, "DecryptSourceObjects").Condition.StringLike["kms:EncryptionContext:aws:s3:arn"] = `${STATIC}/*`; }),
    },
    {
        name: "versioning suspended on the dr replica bucket (console change to save storage): S3 replication requires a versioned destination, so replication stops",
        change: drift("aws:s3/bucketVersioning:BucketVersioning", p => { p.versioningConfiguration.status = "Suspended"; }, named("dr-static-replica-versioning")),
    },
    {
        name: "replication rule stops selecting SSE-KMS objects: every object in the bucket is SSE-KMS, so nothing replicates and dr's static bucket goes stale",
        change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status = "Disabled"; }, named("dr-static-rule")),
    },
    {
        name: "backend switched to a VPC access point's alias for the static bucket while the task role grants only the bucket ARN: requests through an access point are authorized against the access point ARN, so every read/write is denied",
        change: all(
            add("aws:s3/accessPoint:AccessPoint", "data-static-app-ap", { bucket: "expertconnect-prod-static", name: "expertconnect-prod-static-app", vpcConfiguration: { vpcId: "vpc-0e6ad3833cd78ec1f" }, publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, alias: "expertconnect-prod-s-abcdef1234567890-s3alias", arn: "arn:aws:s3:us-east-1:123456789012:accesspoint/expertconnect-prod-static-app" }),
            edit(SSM, p => { setWrapped(p.value, "expertconnect-prod-s-abcdef1234567890-s3alias"); }, named("app-settings-storage-static-bucket")),
        ),
    },
    {
        name: "static key policy rewritten to a deployer admin role plus the task role, dropping the account-root statement: IAM policies no longer count, so the replication role (and operators) can no longer decrypt",
        change: edit(KEY, p => { p.policy = doc(
            { Sid: "Admins", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/expertconnect-deployer` }, Action: "kms:*", Resource: "*" },
            { Sid: "App", Effect: "Allow", Principal: { AWS: ROLES.task }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
        ); }, named("data-static-key")),
    },
    {
        name: "static-assets key disabled after 'migrating' to a new key: every existing object (and Bucket Key) still references it, so reads and uploads fail",
        change: edit(KEY, p => { p.isEnabled = false; }, named("data-static-key")),
    },

    // ===== image pulls and log delivery at task start =====
    {
        name: "execution role's ecr:GetAuthorizationToken scoped to the backend repository: the action supports only Resource '*', so the pull cannot authenticate and tasks fail to start",
        change: jsonEdit(ROLE_POLICY, "backend-roles-execution-policy", d => { sid(d, "EcrAuth").Resource = "arn:aws:ecr:us-east-1:123456789012:repository/expertconnect-backend"; }),
    },
    {
        name: "backend image switched to the replicated us-west-2 registry copy while the execution role may pull only the us-east-1 repository: task start fails with CannotPullContainerError",
        change: containers("backend-task", l => { l[0].image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.0.0"; }),
    },
    {
        name: "execution role's log write scoped to the log-group ARN without ':*': PutLogEvents is authorized against the log-stream ARN, so the awslogs driver fails and tasks don't start",
        change: jsonEdit(ROLE_POLICY, "backend-roles-execution-policy", d => { sid(d, "WriteLogs").Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/expertconnect-prod-backend"; }),
    },
    {
        name: "logs key policy names the service principal logs.amazonaws.com: CloudWatch Logs uses the regional principal logs.us-east-1.amazonaws.com, so encrypted log groups stop accepting events",
        change: jsonEdit(KEY, "logs-key", d => { sid(d, "ServiceUse0").Principal = { Service: "logs.amazonaws.com" }; }),
    },
    {
        name: "logs key's service statement narrowed to /aws/* log groups: /ecs/expertconnect-prod-backend and the exec log group are encrypted with it, so application log delivery fails",
        change: jsonEdit(KEY, "logs-key", d => { sid(d, "ServiceUse0").Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/*"; }),
    },
    {
        name: "Django secret re-encrypted under the database key: the execution role may decrypt only the app-settings and cache keys, so tasks fail at start with ResourceInitializationError",
        change: edit(SECRET, p => { p.kmsKeyId = K.database; }, named("app-settings-django-secret-key")),
    },
    {
        name: "execution role's secret ARNs written without the 6-character suffix: Secrets Manager ARNs end in -XXXXXX, so GetSecretValue on the real ARNs is denied and tasks fail to start",
        change: jsonEdit(ROLE_POLICY, "backend-roles-execution-policy", d => { const s = sid(d, "ReadSecrets"); s.Resource = s.Resource.map((a: string) => a.replace(/-[0-9a-f]{6}$/, "")); }),
    },
    {
        name: "VPC endpoints' security group admits HTTPS only from the isolated subnets: with private DNS, ECR, logs, Secrets Manager and SSM resolve to endpoint ENIs the tasks can no longer reach, so task start fails",
        change: edit(SG_IN, p => { p.cidrIpv4 = "10.0.112.0/20"; }, named("network-endpoints-sg-https")),
    },

    // ===== failover =====
    {
        name: "ECR replication filter narrowed to 'expertconnect-backend': the frontend image is no longer copied to us-west-2, so dr's frontend cannot pull at failover",
        change: edit("aws:ecr/replicationConfiguration:ReplicationConfiguration", p => { p.replicationConfiguration.rules[0].repositoryFilters[0].filter = "expertconnect-backend"; }, named("dr-images-registry")),
    },
    {
        name: "ECR replication destination changed to us-east-2: dr's tasks pull from us-west-2, where new image tags never arrive",
        change: edit("aws:ecr/replicationConfiguration:ReplicationConfiguration", p => { p.replicationConfiguration.rules[0].destinations[0].region = "us-east-2"; }, named("dr-images-registry")),
    },
    {
        name: "Django secret no longer replicated to us-west-2: dr's task definition reads the replica, so dr tasks cannot start at failover",
        change: edit(SECRET, p => { p.replicas = []; }, named("app-settings-django-secret-key")),
    },
    {
        name: "prod's calculated health check needs only 1 of 3 children: the ALB's fixed 200 on the role probe keeps prod 'healthy' while its backend is down, so DNS never fails over",
        change: edit(HC, p => { p.childHealthThreshold = 1; }, named("dns-serving")),
    },
    {
        name: "health check removed from prod's PRIMARY failover record: Route 53 treats the primary as always healthy, so failover never happens",
        change: edit("aws:route53/record:Record", p => { delete p.healthCheckId; }, named("dns-failover")),
    },
    {
        name: "prod's app health check probes '/' (served by the frontend): a backend outage never fails the check, so DNS keeps sending users to a broken API",
        change: edit(HC, p => { p.resourcePath = "/"; p.tags = { ...p.tags, Name: "prod.app.expertconnect.example/" }; }, named("dns-app")),
    },
    {
        name: "prod's calculated check drops the 'dr is not serving' child: once dr is promoted and prod comes back, DNS fails back to prod's stale database (split brain)",
        change: edit(HC, p => { p.childHealthchecks = p.childHealthchecks.filter((c: string) => !c.startsWith("dns-peer-role")); p.childHealthThreshold = 2; }, named("dns-serving")),
    },
    {
        name: "dr's role health check inverted: a standby dr (probe 503) counts as serving, so a prod blip sends traffic to dr while its database is still a read-only replica",
        stack: "dr",
        change: edit(HC, p => { p.invertHealthcheck = true; }, named("dns-role")),
    },
    {
        name: "dr's backend service placed in the isolated subnets: the S3 gateway endpoint is only on the private route tables and there is no NAT, so ECR layer downloads fail when dr scales up at failover",
        stack: "dr",
        change: edit("aws:ecs/service:Service", p => { p.networkConfiguration.subnets = ["subnet-079c6bfcfc09f17cc", "subnet-044b90eef759ab674"]; }, named("backend-service")),
    },
    {
        name: "dr's DATABASE_HOST parameter points at prod's endpoint in us-east-1: in a regional failover dr's backend connects to the dead primary",
        stack: "dr",
        change: edit(SSM, p => { setWrapped(p.value, "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com"); }, named("app-settings-database-host")),
    },
    {
        name: "dr task role's rds-db:connect names prod's DB resource id: IAM database auth is scoped per instance resource id, so dr's backend cannot log in after promotion",
        stack: "dr",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "DatabaseIamLogin").Resource = "arn:aws:rds-db:us-west-2:123456789012:dbuser:db-B807A6DA5E21583018F634D525/expertconnect_app"; }),
    },
    {
        name: "dr's backend secrets read from the us-east-1 originals instead of the us-west-2 replicas: a regional outage takes them with it, and dr's execution role only allows us-west-2 ARNs",
        stack: "dr",
        change: containers("backend-task", l => { l[0].secrets = l[0].secrets.map((s: any) => ({ ...s, valueFrom: s.valueFrom.replace("secretsmanager:us-west-2:123456789012:secret:expertconnect/prod/", "secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/") })); }),
    },
    {
        name: "dr promoted with its services capped at one task each: dr cannot carry prod's load and has no AZ redundancy during the incident",
        stack: "dr",
        change: all(drServing("promote"), edit("aws:appautoscaling/target:Target", p => { p.minCapacity = 1; p.maxCapacity = 1; }), edit("aws:ecs/service:Service", p => { p.desiredCount = 1; })),
    },
    {
        name: "dr in the promote phase but the database keeps replicateSourceDb: the backend is scaled up against a read-only replica and every write fails",
        stack: "dr",
        change: all(drServing("promote"), edit("aws:rds/instance:Instance", p => { p.replicateSourceDb = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db"; }, named("database"))),
    },
    {
        name: "dr promoted with backupRetentionPeriod 0: the database now taking writes has no automated backups",
        stack: "dr",
        change: all(drServing("promoted"), edit("aws:rds/instance:Instance", p => { p.backupRetentionPeriod = 0; }, named("database"))),
    },

    // ===== backups and restores =====
    {
        name: "backup selection names the database as an Aurora cluster ARN (…:cluster:expertconnect-prod-db): it matches nothing, so AWS Backup silently backs up nothing",
        change: edit("aws:backup/selection:Selection", p => { p.resources = ["arn:aws:rds:us-east-1:123456789012:cluster:expertconnect-prod-db"]; }, named("dr-backup-selection")),
    },
    {
        name: "daily backup rule's retention cut to 5 days: the vault lock's minimum is 7, so every daily backup job fails",
        change: edit(PLAN, p => { p.rules.find((r: any) => r.ruleName === "daily").lifecycle.deleteAfter = 5; }, named("dr-backup-plan")),
    },
    {
        name: "cross-region copies kept 730 days for audit: the us-west-2 copy vault's lock allows at most 400, so every copy job fails",
        change: edit(PLAN, p => { p.rules.find((r: any) => r.ruleName === "daily").copyActions[0].lifecycle.deleteAfter = 730; }, named("dr-backup-plan")),
    },
    {
        name: "copy action's destination vault ARN typed with us-west-1: no such vault exists there, so copies to the recovery region fail",
        change: edit(PLAN, p => { p.rules.find((r: any) => r.ruleName === "daily").copyActions[0].destinationVaultArn = "arn:aws:backup:us-west-1:123456789012:backup-vault:expertconnect-prod-backups-copy"; }, named("dr-backup-plan")),
    },
    {
        name: "AWSBackupServiceRolePolicyForBackup detached from the backup role: the selection still deploys, but backup jobs fail with access denied",
        change: remove("aws:iam/rolePolicyAttachment:RolePolicyAttachment", named("dr-backup-role-backup")),
    },
    {
        name: "AWSBackupServiceRolePolicyForRestores detached from the backup role that runs the restore tests: the monthly restore test cannot restore",
        change: remove("aws:iam/rolePolicyAttachment:RolePolicyAttachment", named("dr-backup-role-restores")),
    },
    {
        name: "restore test's security-group override removed: the restored instance gets the VPC's default (rule-less) group, so the validator function cannot connect and every restore test fails",
        change: edit("aws:backup/restoreTestingSelection:RestoreTestingSelection", p => { delete p.restoreMetadataOverrides.vpcSecurityGroupIds; }, named("dr-restore-test-database")),
    },
    {
        name: "validator's rds:DescribeDBInstances narrowed to expertconnect-prod-db: the restored copy has a generated identifier, so the validator cannot find it",
        change: jsonEdit(ROLE_POLICY, "database-tasks-policy", d => { sid(d, "FindRestoredInstance").Resource = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db"; }),
    },
    {
        name: "backup vault key policy denies kms:CreateGrant to everyone ('no grants on our keys'): AWS Backup encrypts recovery points through grants, so backups to the vault fail",
        change: jsonEdit(KEY, "dr-backup-vault-key", d => { d.Statement.push({ Sid: "NoGrants", Effect: "Deny", Principal: "*", Action: "kms:CreateGrant", Resource: "*" }); }),
    },
    {
        name: "copy vault key (us-west-2) disabled: cross-region copies cannot be encrypted and existing copies cannot be restored in the recovery region",
        change: edit(KEY, p => { p.isEnabled = false; }, named("dr-backup-copy-vault-key")),
    },
];

// ---- legitimate changes --------------------------------------------------------------------
const compliant: Case[] = [
    {
        name: "rotation function's HTTPS egress narrowed from 0.0.0.0/0 to the VPC CIDR: Secrets Manager is reached through the interface endpoint in the VPC (private DNS), so rotation keeps working",
        change: edit(SG_OUT, p => { p.cidrIpv4 = "10.0.0.0/16"; }, named("database-rotation-function-out-443-0")),
    },
    {
        name: "rotation function moved into the isolated subnets next to the database: the Secrets Manager endpoint ENIs are reachable over the VPC's local route, so it needs no NAT",
        change: edit(SAR, p => { p.parameters.vpcSubnetIds = "subnet-06dce061d605e0875,subnet-07f6dfe6bb0adf74d,subnet-01be343fa0607f31c"; }, named("database-rotation-function")),
    },
    {
        name: "master password rotated every 14 days instead of 30",
        change: edit(ROTATION, p => { p.rotationRules = { automaticallyAfterDays: 14 }; }, named("database-rotation-schedule")),
    },
    {
        name: "task role's static-bucket key use pinned to the bucket-ARN encryption context (correct with S3 Bucket Keys enabled)",
        change: jsonEdit(ROLE_POLICY, "backend-roles-task-policy", d => { sid(d, "Bucket0Key").Condition = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": STATIC } }; }),
    },
    {
        name: "S3 gateway endpoint policy limited to the application buckets plus ECR's layer bucket (AWS's documented minimum for image pulls)",
        change: edit(VPCE, p => { p.policy = doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`, "arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] }, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*" }); }, named("network-endpoints-s3")),
    },
    {
        name: "static bucket policy denies uploads that explicitly ask for SSE-S3 (StringEquals AES256): requests without the header keep the bucket's SSE-KMS default",
        change: jsonEdit(BUCKET_POLICY, "data-static-policy", d => { d.Statement.push({ Sid: "DenySseS3Downgrade", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${STATIC}/*`, Condition: { StringEquals: { "s3:x-amz-server-side-encryption": "AES256" } } }); }),
    },
    {
        name: "static bucket policy also denies TLS older than 1.2",
        change: jsonEdit(BUCKET_POLICY, "data-static-policy", d => { d.Statement.push({ Sid: "DenyOldTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }); }),
    },
    {
        name: "static key policy denies data-key use except through S3 in us-east-1 (the app and the replication role both reach it via S3)",
        change: jsonEdit(KEY, "data-static-key", d => { d.Statement.push({ Sid: "OnlyThroughS3", Effect: "Deny", Principal: "*", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Resource: "*", Condition: { StringNotEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } }); }),
    },
    {
        name: "execution role's secret ARNs written with the '-??????' suffix wildcard, as AWS recommends (survives re-creation of a secret)",
        change: jsonEdit(ROLE_POLICY, "backend-roles-execution-policy", d => { const s = sid(d, "ReadSecrets"); s.Resource = s.Resource.map((a: string) => a.replace(/-[0-9a-f]{6}$/, "-??????")); }),
    },
    {
        name: "Secrets Manager endpoint policy admits only principals of this account (aws:PrincipalAccount): the tasks, rotation and database-tasks functions all qualify",
        change: edit(VPCE, p => { p.policy = doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }); }, named("network-endpoints-secretsmanager")),
    },
    {
        name: "exec session log retention raised from 365 to 731 days",
        change: edit(LOGGROUP, p => { p.retentionInDays = 731; }, named("cluster-exec-logs")),
    },
    {
        name: "daily backups and their us-west-2 copies kept 90 days instead of 35 (inside both vault locks' 7–400 days)",
        change: edit(PLAN, p => { const r = p.rules.find((x: any) => x.ruleName === "daily"); r.lifecycle.deleteAfter = 90; r.copyActions[0].lifecycle.deleteAfter = 90; }, named("dr-backup-plan")),
    },
    {
        name: "backup vault key gains an explicit grant statement for the backup role limited to AWS resources (kms:GrantIsForAWSResource)",
        change: jsonEdit(KEY, "dr-backup-vault-key", d => { d.Statement.push({ Sid: "BackupGrants", Effect: "Allow", Principal: { AWS: ROLES.backup }, Action: "kms:CreateGrant", Resource: "*", Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } }); }),
    },
    {
        name: "dr replica bucket keeps noncurrent versions 180 days instead of 90",
        change: edit("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", p => { p.rules[0].noncurrentVersionExpiration.noncurrentDays = 180; }, named("dr-static-replica-lifecycle")),
    },
    {
        name: "prod app health check fails after 2 failures instead of 3 (faster failover)",
        change: edit(HC, p => { p.failureThreshold = 2; }, named("dns-app")),
    },
    {
        name: "dr failover as the program renders it: the promote phase (replica promoted, role probe 200, prod capacity, migration gate)",
        stack: "dr",
        change: drServing("promote"),
    },
];

suite("adversarial class 3: deploys fine, breaks in use", violations, compliant);
