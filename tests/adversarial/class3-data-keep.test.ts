/**
 * Class 3: the stores keep their data usable and their control where the design puts it. An
 * application role gets no administration through a resource policy (bucket, topic, secret
 * policy, Lambda permission) any more than through its own; a key policy keeps delegating to
 * the account's IAM; a Principal "*" confined to the account does not let everyone in it read a
 * secret, key or bucket; lifecycle rules do not archive the current objects of a bucket the
 * application serves or restores from; the database's parameters keep passwords out of its log and
 * strongly hashed; a cache's AUTH token is not deleted; a key's alias keeps naming its key;
 * Object Lock retention is bounded and COMPLIANCE only on the backup bucket. Each change edits the real prod export.
 */
import { ACCOUNT, add, all, Case, doc, edit, named, suite } from "./support";

const KEY = "aws:kms/key:Key";
const BP = "aws:s3/bucketPolicy:BucketPolicy";
const LC = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const R = `arn:aws:iam::${ACCOUNT}:role`;
const BACKEND_TASK = `${R}/backend-roles-task-019c1c0`;
const FRONTEND_TASK = `${R}/frontend-roles-task-a6b3b2a`;
const MASTER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const JWT_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const ROOT_ADMIN = "AccountAdministersKeyThroughIam";

const bucketStatement = (policy: string, st: object) => edit(BP, p => { const d = JSON.parse(p.policy); d.Statement.push(st); p.policy = JSON.stringify(d); }, named(policy));
const keyPolicy = (key: string, f: (statements: any[]) => any[], extra: (p: any) => void = () => undefined) => edit(KEY, p => {
    const d = JSON.parse(p.policy); d.Statement = f(d.Statement); p.policy = JSON.stringify(d); extra(p);
}, named(key));
const secretPolicy = (name: string, secretArn: string, statement: object) => add("aws:secretsmanager/secretPolicy:SecretPolicy", name, { secretArn, policy: doc(statement) });
const transitions = (lifecycle: string, t: object[]) => edit(LC, p => { p.rules[0].transitions = t; }, named(lifecycle));
const inAccount = { StringEquals: { "aws:PrincipalAccount": ACCOUNT } };
const PG = "aws:rds/parameterGroup:ParameterGroup";
const lock = (name: string, bucket: string, defaultRetention: object) => add("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", name, { bucket, objectLockEnabled: "Enabled", rule: { defaultRetention } });
const EC = "aws:elasticache/replicationGroup:ReplicationGroup";
const parameter = (name: string, value: string) => edit(PG, p => { p.parameters = [...p.parameters.filter((x: { name: string }) => x.name !== name), { applyMethod: "immediate", name, value }]; });

const violations: Case[] = [
    // the red team's changes
    {
        name: "backup bucket policy gives the backend task role version deletion + lifecycle control",
        change: bucketStatement("data-backup-policy", { Sid: "App", Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: ["s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"], Resource: ["arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] }),
    },
    {
        name: "vault key: root admin statement replaced by a deployer-only one, lockout check bypassed",
        change: keyPolicy("dr-backup-vault-key", s => [...s.filter(x => x.Sid !== ROOT_ADMIN), { Sid: "OnlyDeployer", Effect: "Allow", Principal: { AWS: `${R}/deployer` }, Action: "kms:*", Resource: "*" }], p => { p.bypassPolicyLockoutSafetyCheck = true; }),
    },
    { name: "master secret policy lets every principal in the account read it", change: secretPolicy("master-policy", MASTER_SECRET, { Effect: "Allow", Principal: { AWS: "*" }, Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: inAccount }) },
    { name: "static objects transition to GLACIER at day 0", change: transitions("data-static-lifecycle", [{ days: 0, storageClass: "GLACIER" }]) },
    { name: "backup bucket current versions to DEEP_ARCHIVE after 1 day", change: transitions("data-backup-lifecycle", [{ days: 1, storageClass: "DEEP_ARCHIVE" }]) },
    // variants: other resource policies, other spellings
    {
        name: "static bucket policy: Principal * in the account may PutBucketPolicy (reaches the frontend task role)",
        change: bucketStatement("data-static-policy", { Effect: "Allow", Principal: "*", Action: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"], Resource: "arn:aws:s3:::expertconnect-prod-static", Condition: inAccount }),
    },
    {
        name: "alarm topic policy lets the frontend task role change and delete the topic",
        change: edit("aws:sns/topicPolicy:TopicPolicy", p => { const d = JSON.parse(p.policy); d.Statement.push({ Effect: "Allow", Principal: { AWS: FRONTEND_TASK }, Action: ["sns:SetTopicAttributes", "sns:DeleteTopic"], Resource: TOPIC }); p.policy = JSON.stringify(d); }),
    },
    { name: "JWT secret policy lets the backend task role overwrite the secret", change: secretPolicy("jwt-policy", JWT_SECRET, { Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"], Resource: "*" }) },
    { name: "database key: root statement narrowed to Describe/Decrypt", change: keyPolicy("database-key", s => s.map(x => x.Sid === ROOT_ADMIN ? { ...x, Action: ["kms:Decrypt", "kms:DescribeKey"] } : x)) },
    {
        name: "database key: a Deny of kms:* for every principal but the deployer",
        change: keyPolicy("database-key", s => [...s, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalArn": `${R}/deployer` } } }]),
    },
    { name: "app-settings key: every principal of the account may decrypt (kms:CallerAccount only)", change: keyPolicy("app-settings-key", s => [...s, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }]) },
    { name: "backup bucket: every principal of the account may read the objects", change: bucketStatement("data-backup-policy", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-backup/*", Condition: inAccount }) },
    { name: "parameter group log_statement=all (ALTER USER … PASSWORD lands in CloudWatch)", change: parameter("log_statement", "all") },
    { name: "parameter group log_statement=ddl (ALTER ROLE is DDL)", change: parameter("log_statement", "ddl") },
    { name: "parameter group log_min_duration_statement=0 (every statement's text)", change: parameter("log_min_duration_statement", "0") },
    { name: "parameter group password_encryption=md5", change: parameter("password_encryption", "md5") },
    { name: "cache AUTH token removed via authTokenUpdateStrategy DELETE (token still in the inputs)", change: edit(EC, p => { p.authTokenUpdateStrategy = "DELETE"; p.authTokenWoVersion = 2; }) },
    { name: "database key alias repointed to the logs key", change: edit("aws:kms/alias:Alias", p => { p.targetKeyId = "ad7e477b-441e-4538-a1e7-02e65ceaf667"; }, named("database-key-alias")) },
    { name: "cache key alias repointed to the database key by ARN", change: edit("aws:kms/alias:Alias", p => { p.targetKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`; }, named("cache-key-alias")) },
    { name: "static bucket Object Lock COMPLIANCE for 100 years", change: lock("static-lock", "expertconnect-prod-static", { mode: "COMPLIANCE", years: 100 }) },
    { name: "static bucket Object Lock COMPLIANCE for 30 days (COMPLIANCE outside the backup bucket)", change: lock("static-lock", "expertconnect-prod-static", { mode: "COMPLIANCE", days: 30 }) },
    { name: "backup bucket Object Lock COMPLIANCE for 100 years (beyond the bound)", change: lock("backup-lock", "expertconnect-backup", { mode: "COMPLIANCE", years: 100 }) },
    { name: "static objects to DEEP_ARCHIVE after 30 days", change: transitions("data-static-lifecycle", [{ days: 30, storageClass: "DEEP_ARCHIVE" }]) },
    // Reclassified in round 12 (was allowed): role/deployer is no role of the stack, and within the account a key policy
    // naming it gives it the key by itself (ownership-references: principals the stack names).
    { name: "database key: a statement for role/deployer, a role the stack does not hold, added beside the root statement", change: keyPolicy("database-key", s => [...s, { Effect: "Allow", Principal: { AWS: `${R}/deployer` }, Action: "kms:*", Resource: "*" }]) },
];

const compliant: Case[] = [
    { name: "backup bucket Object Lock GOVERNANCE 30 days", change: lock("backup-lock", "expertconnect-backup", { mode: "GOVERNANCE", days: 30 }) },
    { name: "backup bucket Object Lock COMPLIANCE 35 days (the backup retention)", change: lock("backup-lock", "expertconnect-backup", { mode: "COMPLIANCE", days: 35 }) },
    { name: "an extra alias for the database key", change: add("aws:kms/alias:Alias", "db-alias-v2", { name: "alias/expertconnect-prod-db-v2", targetKeyId: "17d0b097-06a3-413f-a8f0-768c2f7a8a66" }) },
    { name: "parameter group password_encryption=scram-sha-256 stated", change: parameter("password_encryption", "scram-sha-256") },
    { name: "parameter group slow-statement threshold 1 s -> 500 ms", change: parameter("log_min_duration_statement", "500") },
    // With the secret's version too: a token raised alone leaves the secret the backend reads behind (class3-credential-pairs).
    {
        name: "cache AUTH token rotated (ROTATE)",
        change: all(edit(EC, p => { p.authTokenUpdateStrategy = "ROTATE"; p.authTokenWoVersion = 2; }), edit("aws:secretsmanager/secretVersion:SecretVersion", p => { p.secretStringWoVersion = 2; }, named("cache-auth-value"))),
    },
    { name: "noncurrent static versions to GLACIER_IR after 30 days", change: edit(LC, p => { p.rules[0].noncurrentVersionTransitions = [{ noncurrentDays: 30, storageClass: "GLACIER_IR" }]; }, named("data-static-lifecycle")) },
    { name: "ALB logs to GLACIER after 30 days (a log bucket)", change: transitions("alb-access-logs-lifecycle", [{ days: 30, storageClass: "GLACIER" }]) },
    { name: "backup objects to GLACIER_IR after 7 days (read in milliseconds)", change: transitions("data-backup-lifecycle", [{ days: 7, storageClass: "GLACIER_IR" }]) },
    { name: "backup bucket policy lets the backend task role write objects (its purpose: it only adds backups)", change: bucketStatement("data-backup-policy", { Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-backup/*" }) },
    { name: "master secret policy names the one role that reads it (the database's maintenance function)", change: secretPolicy("master-policy", MASTER_SECRET, { Effect: "Allow", Principal: { AWS: `${R}/database-tasks-role-65f58cf` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) },
];

suite("adversarial class 3: data stores keep their data usable and their control with the operators", violations, compliant);
