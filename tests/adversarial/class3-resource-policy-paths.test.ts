/**
 * Class 3, runtime paths refused by the resource's own policy: what AWS services do with a role
 * they assumed (S3 replication reading the source and writing the replica, AWS Backup copying into
 * the recovery region's vault and reading a bucket it backs up, a canary storing its artifacts)
 * passes the policy of the bucket or vault it touches, for the request as the service sends it:
 * the role, from the service's own network, so a perimeter on a VPC endpoint, VPC or address
 * range the stack owns refuses it (IAM evaluates a negated operator on a missing key as true).
 */
import { ACCOUNT, add, all, Case, doc, edit, named, suite } from "./support";

const BPOLICY = "aws:s3/bucketPolicy:BucketPolicy";
const VAULT_POLICY = "aws:backup/vaultPolicy:VaultPolicy";
const ROLEPOL = "aws:iam/rolePolicy:RolePolicy";
const STATIC = "arn:aws:s3:::expertconnect-prod-static";
const REPLICA = "arn:aws:s3:::expertconnect-prod-static-us-west-2";
const CANARY_BUCKET = `arn:aws:s3:::expertconnect-prod-canary-artifacts-${ACCOUNT}`;
const PROD_S3_ENDPOINT = "vpce-0fbe5451f6f32d68d";
const DR_S3_ENDPOINT = "vpce-07d6db07f31366c93";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const COPY_VAULT = "expertconnect-prod-backups-copy";

/** Appends a statement to a bucket policy of the stack. */
const bucketStatement = (policy: string, statement: object) => edit(BPOLICY, (p) => {
    const d = JSON.parse(p.policy);
    d.Statement.push(statement);
    p.policy = JSON.stringify(d);
}, named(policy));
const deny = (action: string | string[], resource: string | string[], condition: object) => ({ Sid: "Perimeter", Effect: "Deny", Principal: "*", Action: action, Resource: resource, Condition: condition });
const copyVaultPolicy = (statement: object, region = "us-west-2", vault = COPY_VAULT) => add(VAULT_POLICY, `${vault}-access-policy`, { backupVaultName: vault, region, policy: doc(statement) });
/** The replication role's ARN, read from the export (its name carries Pulumi's suffix). */
const replicationRole = (rs: any[]) => rs.find((r) => r.urn.endsWith("::dr-static-role")).outputs.arn;
const backupRole = (rs: any[]) => rs.find((r) => r.urn.endsWith("::dr-backup-role")).outputs.arn;

const violations: Case[] = [
    // The red team's cases.
    { name: "copy vault access policy denies backup:* to all but an admin role (CopyIntoBackupVault by the backup role is denied)",
      change: copyVaultPolicy({ Sid: "OnlyAdmins", Effect: "Deny", Principal: { AWS: "*" }, Action: "backup:*", Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": ADMIN } } }) },
    { name: "replica bucket policy: deny s3:* unless via the dr VPC endpoint (S3's replication writes carry none)",
      change: bucketStatement("dr-static-replica-policy", deny("s3:*", [REPLICA, `${REPLICA}/*`], { StringNotEquals: { "aws:SourceVpce": DR_S3_ENDPOINT } })) },
    { name: "static bucket policy: deny GetObject* outside the prod VPC endpoint (replication reads from S3, not the VPC)",
      change: bucketStatement("data-static-policy", deny("s3:GetObject*", `${STATIC}/*`, { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } })) },
    // Other spellings.
    { name: "copy vault denies exactly backup:CopyIntoBackupVault to everyone but an admin (Principal \"*\")",
      change: copyVaultPolicy({ Effect: "Deny", Principal: "*", Action: "backup:CopyIntoBackupVault", Resource: "*", Condition: { StringNotLike: { "aws:PrincipalArn": `${ADMIN}*` } } }) },
    { name: "copy vault accepts copies only through a VPC endpoint", change: copyVaultPolicy({ Effect: "Deny", Principal: { AWS: "*" }, Action: "backup:CopyIntoBackupVault", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": DR_S3_ENDPOINT } } }) },
    { name: "replica bucket confined to the dr VPC (aws:SourceVpc)", change: bucketStatement("dr-static-replica-policy", deny("s3:*", [REPLICA, `${REPLICA}/*`], { StringNotEquals: { "aws:SourceVpc": "vpc-0a1b2c3d4e5f60718" } })) },
    { name: "replica bucket confined to an office address range", change: bucketStatement("dr-static-replica-policy", deny("s3:Replicate*", `${REPLICA}/*`, { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } })) },
    { name: "static bucket denies object ACL reads to all but an admin", change: bucketStatement("data-static-policy", deny("s3:GetObjectVersionAcl", `${STATIC}/*`, { ArnNotEquals: { "aws:PrincipalArn": ADMIN } })) },
    { name: "static bucket denies listing outside the prod endpoint", change: bucketStatement("data-static-policy", deny("s3:ListBucket", STATIC, { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } })) },
    // Other techniques of the same class.
    { name: "replica bucket refuses replicated deletes (delete markers are replicated)", change: bucketStatement("dr-static-replica-policy", { Effect: "Deny", Principal: "*", Action: "s3:ReplicateDelete", Resource: `${REPLICA}/*` }) },
    { name: "replica bucket refuses every principal of the account but the root (Principal by account, NotPrincipal-free)", change: bucketStatement("dr-static-replica-policy", deny("s3:*", `${REPLICA}/*`, { StringNotEquals: { "aws:PrincipalType": "Account" } })) },
    { name: "replication role's own policy confined to the prod VPC endpoint", change: edit(ROLEPOL, (p) => {
        const d = JSON.parse(p.policy);
        d.Statement.push({ Sid: "OnlyFromVpc", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } } });
        p.policy = JSON.stringify(d);
    }, named("dr-static-role-policy")) },
    { name: "canary artifacts bucket admits writes only through the VPC endpoint (the canary runs outside the VPC)",
      change: bucketStatement("synthetic-check-artifacts-policy", deny("s3:PutObject", `${CANARY_BUCKET}/*`, { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } })) },
];

const compliant: Case[] = [
    { name: "copy vault denies recovery-point deletion and lifecycle changes to everyone",
      change: copyVaultPolicy({ Effect: "Deny", Principal: { AWS: "*" }, Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], Resource: "*" }) },
    { name: "copy vault denies backup:* to all but an admin and the backup role", change: (rs) => copyVaultPolicy({ Effect: "Deny", Principal: { AWS: "*" }, Action: "backup:*", Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [ADMIN, backupRole(rs)] } } })(rs) },
    { name: "copy vault denies copies from other accounts", change: copyVaultPolicy({ Effect: "Deny", Principal: { AWS: "*" }, Action: "backup:CopyIntoBackupVault", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "replica bucket denies s3:* to all but the replication role and an admin", change: (rs) => bucketStatement("dr-static-replica-policy",
        deny("s3:*", [REPLICA, `${REPLICA}/*`], { ArnNotEquals: { "aws:PrincipalArn": [replicationRole(rs), ADMIN] } }))(rs) },
    { name: "replica bucket confined to the dr endpoint for everyone but the replication role", change: (rs) => bucketStatement("dr-static-replica-policy",
        deny("s3:*", [REPLICA, `${REPLICA}/*`], { StringNotEquals: { "aws:SourceVpce": DR_S3_ENDPOINT }, ArnNotEquals: { "aws:PrincipalArn": replicationRole(rs) } }))(rs) },
    { name: "static bucket confines plain GetObject to the prod endpoint (the task reads through it; replication reads versions)",
      change: bucketStatement("data-static-policy", deny("s3:GetObject", `${STATIC}/*`, { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } })) },
    { name: "replica bucket refuses plain PutObject outside the dr endpoint (replication writes with ReplicateObject)",
      change: bucketStatement("dr-static-replica-policy", deny("s3:PutObject", `${REPLICA}/*`, { StringNotEquals: { "aws:SourceVpce": DR_S3_ENDPOINT } })) },
    { name: "replica bucket also refuses unencrypted uploads", change: bucketStatement("dr-static-replica-policy", deny("s3:PutObject", `${REPLICA}/*`, { Null: { "s3:x-amz-server-side-encryption": "true" } })) },
    { name: "both buckets refuse TLS below 1.2", change: all(
        bucketStatement("data-static-policy", deny("s3:*", [STATIC, `${STATIC}/*`], { NumericLessThan: { "s3:TlsVersion": "1.2" } })),
        bucketStatement("dr-static-replica-policy", deny("s3:*", [REPLICA, `${REPLICA}/*`], { NumericLessThan: { "s3:TlsVersion": "1.2" } }))) },
];

suite("adversarial class 3: runtime paths through the resource's own policy, as the calling service sends the request", violations, compliant);
