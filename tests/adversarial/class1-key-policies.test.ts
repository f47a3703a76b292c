/**
 * Class 1 (IAM), key policies on the runtime paths and keys by purpose: AWS Backup's role uses the
 * vault's, the copy vault's and the database's key as KMS authorizes it (key policy and role
 * policy, an explicit Deny of the key policy winning), the tasks, CloudWatch Logs and the alarm
 * topic's publisher keep their keys; and each data store stays under the key made for its data,
 * whether the input names another key by ARN or by alias.
 */
import { ACCOUNT, Case, Change, edit, named, suite } from "./support";

const KEY = "aws:kms/key:Key";
const SECRET = "aws:secretsmanager/secret:Secret";
const BACKUP_ROLE = `arn:aws:iam::${ACCOUNT}:role/dr-backup-role-04ba64a`;
const BACKEND_EXECUTION = `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6`;
const BACKEND_TASK = `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`;
const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`;
const DB_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const STATIC_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3b950284-024f-4124-a7e2-9803e867a7db`;

/** Adds a statement to a key's policy. */
const keyStatement = (key: string, statement: object): Change => edit(KEY, p => {
    const d = JSON.parse(p.policy);
    d.Statement.push(statement);
    p.policy = JSON.stringify(d);
}, named(key));
const deny = (principal: object, action: string | string[], condition?: object) =>
    ({ Sid: "Deny", Effect: "Deny", Principal: principal, Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) });
const secretKey = (name: string, value: string): Change => edit(SECRET, p => { p.kmsKeyId = value; }, named(name));

const violations: Case[] = [
    // Key policies on the paths.
    { name: "vault key policy denies the backup role (jobs fail)", change: keyStatement("dr-backup-vault-key", deny({ AWS: BACKUP_ROLE }, "kms:*")) },
    { name: "vault key refuses any use through AWS Backup", change: keyStatement("dr-backup-vault-key", deny({ AWS: "*" }, "kms:*", { StringLike: { "kms:ViaService": "backup.*.amazonaws.com" } })) },
    { name: "copy vault key (us-west-2) denies the backup role's grants", change: keyStatement("dr-backup-copy-vault-key", deny({ AWS: BACKUP_ROLE }, "kms:CreateGrant")) },
    { name: "database key denies the backup role (snapshots, restore tests fail)", change: keyStatement("database-key", deny({ AWS: BACKUP_ROLE }, ["kms:CreateGrant", "kms:DescribeKey"])) },
    { name: "app-settings key denies the backend execution role's Decrypt (tasks cannot start)", change: keyStatement("app-settings-key", deny({ AWS: BACKEND_EXECUTION }, "kms:Decrypt")) },
    { name: "logs key denies CloudWatch Logs data keys", change: keyStatement("logs-key", deny({ Service: "logs.us-east-1.amazonaws.com" }, "kms:GenerateDataKey*")) },
    { name: "static bucket key denies the backend task role's data keys (uploads fail)", change: keyStatement("data-static-key", deny({ AWS: BACKEND_TASK }, "kms:GenerateDataKey*")) },
    // Keys by purpose.
    { name: "backup: vault KMS key swapped to the logs key", change: edit("aws:backup/vault:Vault", p => { p.kmsKeyArn = LOGS_KEY; }, named("dr-backup-vault")) },
    { name: "rds: kmsKeyId changed to the logs key", change: edit("aws:rds/instance:Instance", p => { p.kmsKeyId = LOGS_KEY; p.performanceInsightsKmsKeyId = LOGS_KEY; }) },
    { name: "secrets: master secret under the logs key by its alias name", change: secretKey("database-master-secret", "alias/expertconnect-prod-logs") },
    { name: "secrets: cache AUTH secret under the database key", change: secretKey("cache-auth", DB_KEY) },
    { name: "s3: backup bucket under the static bucket's key", change: edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", p => {
        p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = STATIC_KEY;
    }, named("data-backup-encryption")) },
    { name: "[dr] cache AUTH secret under the dr logs key's alias ARN", stack: "dr", change: secretKey("cache-auth", `arn:aws:kms:us-west-2:${ACCOUNT}:alias/expertconnect-dr-logs`) },
];

const compliant: Case[] = [
    { name: "vault key names the backup role beside the account's delegation", change: keyStatement("dr-backup-vault-key", { Sid: "BackupRole", Effect: "Allow", Principal: { AWS: BACKUP_ROLE }, Action: ["kms:DescribeKey", "kms:CreateGrant"], Resource: "*" }) },
    { name: "vault key denies grants for anything but AWS resources", change: keyStatement("dr-backup-vault-key", deny({ AWS: "*" }, "kms:CreateGrant", { Bool: { "kms:GrantIsForAWSResource": "false" } })) },
    { name: "master secret names its own key by alias name", change: secretKey("database-master-secret", "alias/expertconnect-prod-db") },
    { name: "application secret names its own key by alias ARN", change: secretKey("app-settings-jwt-signing-key", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/expertconnect-prod-app-secrets`) },
];

suite("adversarial class 1: key policies on the runtime paths, keys by purpose", violations, compliant);
