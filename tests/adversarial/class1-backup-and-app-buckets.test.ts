/**
 * Class 1 (IAM), runtime paths: an AWS Backup role that no longer lets AWS Backup back up (or
 * restore) what its selection takes, judged from the documents of the AWS managed policies it
 * holds; and the application's buckets, each used as the program and pack agree it is used
 * (STATIC_BUCKET read-write, BACKUP_BUCKET write); and an access point, another door to a
 * bucket, whose own policy is judged like the bucket's.
 */
import { ACCOUNT, add, all, Case, Change, doc, edit, FOREIGN, named, remove, suite } from "./support";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const SELECTION = "aws:backup/selection:Selection";
const MANAGED = "arn:aws:iam::aws:policy/";
const STATIC = "arn:aws:s3:::expertconnect-prod-static";
const ACCESS_POINT = "aws:s3/accessPoint:AccessPoint";
const BLOCKED = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
/** An access point on `bucket` with every public access block on and its own policy letting `principal` read. */
const accessPoint = (bucket: string, name: string, principal: unknown): Change => add(ACCESS_POINT, name, {
    bucket, name, publicAccessBlockConfiguration: BLOCKED,
    policy: doc({ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/${name}/object/*` }),
});

/** The backup role's physical name, as the stack's attachments name it. */
const backupRole = (rs: Parameters<Change>[0]): string => rs.find((r) => r.type === ROLE && named("dr-backup-role")(r))!.outputs.name;
/** Adds an inline policy or an AWS managed attachment to the backup role. */
const backupInline = (name: string, ...statements: object[]): Change => (rs) => add(ROLE_POLICY, name, { role: backupRole(rs), policy: doc(...statements) })(rs);
const backupAttach = (name: string, policyArn: string): Change => (rs) => add(ATTACHMENT, name, { role: backupRole(rs), policyArn })(rs);
const swapBackupPolicy = (policyArn: string): Change => edit(ATTACHMENT, (p) => { p.policyArn = policyArn; }, named("dr-backup-role-backup"));

/** Edits one statement of the backend task role's policy. */
const taskStatement = (sid: string, change: (s: any) => void): Change => edit(ROLE_POLICY, (p) => {
    const d = JSON.parse(p.policy);
    d.Statement.filter((s: any) => s.Sid === sid).forEach(change);
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));
const taskExtra = (statement: object): Change => edit(ROLE_POLICY, (p) => {
    const d = JSON.parse(p.policy);
    d.Statement.push(statement);
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));

const violations: Case[] = [
    { name: "the backup role's AWSBackupServiceRolePolicyForBackup attachment deleted", change: remove(ATTACHMENT, named("dr-backup-role-backup")) },
    { name: "the backup attachment switched to the S3-only backup policy (the database is RDS)", change: swapBackupPolicy(`${MANAGED}AWSBackupServiceRolePolicyForS3Backup`) },
    { name: "the backup attachment switched to an AWS managed policy the pack cannot read", change: swapBackupPolicy(`${MANAGED}AWSBackupOperatorAccess`) },
    { name: "an inline guardrail on the backup role denies RDS snapshots", change: backupInline("dr-backup-guardrail", { Effect: "Deny", Action: ["rds:CreateDBSnapshot", "rds:CopyDBSnapshot"], Resource: "*" }) },
    { name: "the restores attachment deleted (the monthly restore test fails)", change: remove(ATTACHMENT, named("dr-backup-role-restores")) },
    { name: "a read-only permissions boundary put on the backup role", change: edit(ROLE, (p) => { p.permissionsBoundary = `${MANAGED}ReadOnlyAccess`; }, named("dr-backup-role")) },
    { name: "the static bucket added to the database's backup selection without S3 permissions", change: edit(SELECTION, (p) => { p.resources = [...p.resources, STATIC]; }) },
    { name: "the static bucket's object grant loses s3:PutObject (uploads fail)", change: taskStatement("Bucket0Objects", (s) => { s.Action = ["s3:GetObject", "s3:DeleteObject"]; }) },
    { name: "the static bucket's object grant narrowed to writes (served files fail)", change: taskStatement("Bucket0Objects", (s) => { s.Action = ["s3:PutObject", "s3:AbortMultipartUpload"]; }) },
    { name: "the backup bucket's object grant made read-only (the guide's sync fails)", change: taskStatement("Bucket1Objects", (s) => { s.Action = "s3:GetObject"; }) },
    { name: "a task-role guardrail denies uploads to the static bucket", change: taskExtra({ Sid: "NoUploads", Effect: "Deny", Action: "s3:PutObject", Resource: `${STATIC}/*` }) },
    { name: "the static bucket's key grant loses kms:GenerateDataKey (SSE-KMS writes fail)", change: taskStatement("Bucket0Key", (s) => { s.Action = "kms:Decrypt"; }) },
    { name: "an access point on the backup bucket whose own policy lets a partner account read", change: accessPoint("expertconnect-backup", "partner-share", { AWS: `arn:aws:iam::${FOREIGN}:root` }) },
];

const compliant: Case[] = [
    {
        name: "the backup policy replaced by an inline policy granting what the RDS job does",
        change: all(remove(ATTACHMENT, named("dr-backup-role-backup")), backupInline("dr-backup-rds", {
            Effect: "Allow", Resource: "*", Action: ["rds:DescribeDBInstances", "rds:CreateDBSnapshot", "rds:AddTagsToResource", "rds:ListTagsForResource",
                "rds:ModifyDBInstance", "rds:CopyDBSnapshot", "backup:CopyIntoBackupVault"],
        })),
    },
    { name: "the static bucket added to the selection with the S3 backup policy attached", change: all(
        edit(SELECTION, (p) => { p.resources = [...p.resources, STATIC]; }), backupAttach("dr-backup-role-s3", `${MANAGED}AWSBackupServiceRolePolicyForS3Backup`)) },
    { name: "an extra AWS managed read-only policy on the backup role, next to the backup policy", change: backupAttach("dr-backup-role-rds-read", `${MANAGED}AmazonRDSReadOnlyAccess`) },
    { name: "uploads to the static bucket granted by a statement of their own", change: all(
        taskStatement("Bucket0Objects", (s) => { s.Action = ["s3:GetObject", "s3:DeleteObject"]; }),
        taskExtra({ Sid: "StaticUploads", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${STATIC}/*`, Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } })) },
    { name: "an access point on the static bucket for the account's own backend role", change: accessPoint("expertconnect-prod-static", "backend-reads", { AWS: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0` }) },
];

suite("adversarial class 1: backup roles and application buckets that work in use", violations, compliant);
