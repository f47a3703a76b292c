/**
 * Class 1 (round 12, written without the pack's code): who outside the stack can reach what it
 * holds through resource-based policies and sharing — bucket, key, topic, queue, secret, registry,
 * log, event-bus and vault policies, grants, snapshot and image sharing, service principals without
 * their source conditions, conditions AWS evaluates otherwise than they read (NotPrincipal with Deny,
 * caller-chosen condition keys), and the legitimate cross-account and service access the system needs.
 */
import { ACCOUNT, FOREIGN, add, all, Case, doc, drift, edit, named, suite, tags } from "./support";

// ---------------------------------------------------------------------------------------------
// Helpers: edit a JSON policy document held in a string property (inputs and outputs alike, or
// only outputs for console drift).
// ---------------------------------------------------------------------------------------------
type Doc = { Version: string; Statement: any[] };
const jsonEdit = (type: string, suffix: string, fn: (d: Doc) => void, key = "policy") =>
    edit(type, p => { if (typeof p[key] === "string") { const d = JSON.parse(p[key]); fn(d); p[key] = JSON.stringify(d); } }, named(suffix));
const jsonDrift = (type: string, suffix: string, fn: (d: Doc) => void, key = "policy") =>
    drift(type, p => { if (typeof p[key] === "string") { const d = JSON.parse(p[key]); fn(d); p[key] = JSON.stringify(d); } }, named(suffix));
const push = (...s: object[]) => (d: Doc) => { d.Statement.push(...s); };
const sid = (name: string) => (d: Doc) => d.Statement.find((s: any) => s.Sid === name);

const BP = "aws:s3/bucketPolicy:BucketPolicy";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWN = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const KEY = "aws:kms/key:Key";
const TOPIC = "aws:sns/topicPolicy:TopicPolicy";
const ROLE = "aws:iam/role:Role";
const PERM = "aws:lambda/permission:Permission";

const bucketPolicy = (suffix: string, fn: (d: Doc) => void) => jsonEdit(BP, suffix, fn);
const keyPolicy = (suffix: string, fn: (d: Doc) => void) => jsonEdit(KEY, suffix, fn);
const topicPolicy = (suffix: string, fn: (d: Doc) => void) => jsonEdit(TOPIC, suffix, fn);
const trust = (suffix: string, fn: (d: Doc) => void) => jsonEdit(ROLE, suffix, fn, "assumeRolePolicy");
const pabOff = (suffix: string, flags: Partial<Record<"blockPublicAcls" | "blockPublicPolicy" | "ignorePublicAcls" | "restrictPublicBuckets", boolean>> = { blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }) =>
    edit(PAB, p => Object.assign(p, flags), named(suffix));

const STATIC = "arn:aws:s3:::expertconnect-prod-static";
const BACKUP = "arn:aws:s3:::expertconnect-backup";
const ALBLOGS = "arn:aws:s3:::expertconnect-prod-alb-logs";
const TRAILB = `arn:aws:s3:::expertconnect-cloudtrail-${ACCOUNT}`;
const CANARYB = `arn:aws:s3:::expertconnect-prod-canary-artifacts-${ACCOUNT}`;
const REPLICA = "arn:aws:s3:::expertconnect-prod-static-us-west-2";
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const FN = "expertconnect-prod-db-tasks";
const REPL_ROLE = `arn:aws:iam::${ACCOUNT}:role/dr-static-role-2f50c65`;
const DB_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const APP_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`;
const MASTER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const JWT_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`;
const VIDEO_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/video-provider-api-key-dd81af`;
const DJANGO_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/django-secret-key-1ffb64`;
const DIST = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHEXAMPLE`;
const S3_VPCE = "vpce-0a1b2c3d4e5f60718";
const foreignRoot = `arn:aws:iam::${FOREIGN}:root`;

const backupPolicyV = (backupVaultName: string, statements: object[], region?: string) =>
    ({ backupVaultName, policy: doc(...statements), ...(region ? { region } : {}) });

// =============================================================================================
// VIOLATIONS
// =============================================================================================
const violations: Case[] = [
    // ---------------- S3 bucket policies: direct grants to outsiders ----------------
    {
        name: "backup bucket policy lets the analytics vendor's account (foreign root) list and read every backup object: customer data leaves the account",
        change: bucketPolicy("data-backup-policy", push({ Sid: "VendorRead", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BACKUP, `${BACKUP}/*`] })),
    },
    {
        name: "static bucket made public-read (Principal * s3:GetObject) with Block Public Access switched off so the policy is accepted",
        change: all(pabOff("data-static-public-access"), bucketPolicy("data-static-policy", push({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${STATIC}/*` }))),
    },
    {
        name: "static bucket 'hotlink protection': Principal * GetObject conditioned on aws:Referer — the header is client-supplied, so this is public read (BPA off to allow it)",
        change: all(pabOff("data-static-public-access", { blockPublicPolicy: false, restrictPublicBuckets: false }), bucketPolicy("data-static-policy", push({ Sid: "RefererOnly", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${STATIC}/*`, Condition: { StringLike: { "aws:Referer": ["https://app.expertconnect.example/*"] } } }))),
    },
    {
        name: "backup bucket Allow with NotPrincipal {foreign account}: meant to exclude one account, actually grants GetObject to every principal and anonymous user except it",
        change: all(pabOff("data-backup-public-access", { blockPublicPolicy: false, restrictPublicBuckets: false }), bucketPolicy("data-backup-policy", push({ Sid: "EveryoneButPartner", Effect: "Allow", NotPrincipal: { AWS: foreignRoot }, Action: "s3:GetObject", Resource: `${BACKUP}/*` }))),
    },
    {
        name: "static bucket Principal * scoped by StringLike aws:PrincipalOrgID 'o-*' — matches every AWS Organization, i.e. any account that belongs to any org",
        change: all(pabOff("data-static-public-access", { blockPublicPolicy: false, restrictPublicBuckets: false }), bucketPolicy("data-static-policy", push({ Sid: "OrgRead", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [STATIC, `${STATIC}/*`], Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } }))),
    },
    {
        name: "backup bucket Principal * with ForAllValues:StringEquals aws:PrincipalAccount=own account — single-valued key; anonymous requests carry no PrincipalAccount so ForAllValues is vacuously true",
        change: bucketPolicy("data-backup-policy", push({ Sid: "OwnAccountOnly", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BACKUP, `${BACKUP}/*`], Condition: { "ForAllValues:StringEquals": { "aws:PrincipalAccount": [ACCOUNT] } } })),
    },
    {
        name: "backup bucket Principal * with StringEqualsIfExists aws:SourceVpce — any request not made through a VPC endpoint has no SourceVpce and is allowed (from the internet, any account)",
        change: bucketPolicy("data-backup-policy", push({ Sid: "VpcOnlyRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BACKUP}/*`, Condition: { StringEqualsIfExists: { "aws:SourceVpce": S3_VPCE } } })),
    },
    {
        name: "backup bucket Principal * with ArnLike aws:PrincipalArn arn:aws:iam::*:role/expertconnect-* — the account is a wildcard, so any account can create a role with that name and read",
        change: all(pabOff("data-backup-public-access", { blockPublicPolicy: false, restrictPublicBuckets: false }), bucketPolicy("data-backup-policy", push({ Sid: "ProjectRoles", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BACKUP}/*`, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/expertconnect-*" } } }))),
    },
    {
        name: "static bucket lets the design agency's account PutObject: a foreign account can replace the JavaScript the frontend serves to every user",
        change: bucketPolicy("data-static-policy", push({ Sid: "AgencyUpload", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/asset-uploader` }, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${STATIC}/*` })),
    },
    {
        name: "dr static replica bucket accepts s3:ReplicateObject/ReplicateDelete from a foreign account: another account's replication can overwrite the assets served after failover",
        change: bucketPolicy("dr-static-replica-policy", push({ Sid: "InboundReplication", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${REPLICA}/*` })),
    },
    {
        name: "backup bucket grants s3:* to a foreign 'migration' account — includes PutBucketPolicy, so the outsider can rewrite the policy and lock the owner out",
        change: bucketPolicy("data-backup-policy", push({ Sid: "Migration", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "s3:*", Resource: [BACKUP, `${BACKUP}/*`] })),
    },
    {
        name: "backup bucket Allow with NotAction s3:Delete* for a foreign account: reads as 'no deletes' but grants every other S3 action incl. GetObject and PutBucketPolicy",
        change: bucketPolicy("data-backup-policy", push({ Sid: "NoDeletes", Effect: "Allow", Principal: { AWS: foreignRoot }, NotAction: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"], Resource: [BACKUP, `${BACKUP}/*`] })),
    },
    {
        name: "ALB log delivery statement widened from alb/AWSLogs/<account>/* to the whole bucket: the regional ELB account writes for every ELB customer, so any account's load balancer can write into our bucket",
        change: bucketPolicy("alb-access-logs-policy", d => { sid("ElbAccessLogDelivery")(d).Resource = `${ALBLOGS}/*`; }),
    },
    {
        name: "CloudTrail write statement loses its aws:SourceArn condition: a foreign trail with S3 key prefix 'AWSLogs/<our account>' can write forged logs into the audit bucket (confused deputy)",
        change: bucketPolicy("audit-trail-bucket-policy", d => { const s = sid("CloudTrailWrite")(d); delete s.Condition.StringEquals["aws:SourceArn"]; delete sid("CloudTrailAclCheck")(d).Condition; }),
    },
    {
        name: "Config delivery statements lose aws:SourceAccount: any account's AWS Config recorder can deliver into (and probe) the config bucket",
        change: bucketPolicy("aws-config-bucket-policy", d => { for (const s of d.Statement) { if (s.Condition?.StringEquals) { delete s.Condition.StringEquals["aws:SourceAccount"]; } if (s.Condition?.StringEquals && Object.keys(s.Condition.StringEquals).length === 0) { delete s.Condition; } } }),
    },
    {
        name: "backup bucket TLS-only deny narrowed to the bucket ARN: object reads and writes over plain HTTP are no longer denied (Deny that leaves a gap)",
        change: bucketPolicy("data-backup-policy", d => { sid("DenyInsecureTransport")(d).Resource = BACKUP; }),
    },
    {
        name: "static bucket TLS deny scoped to Principal {AWS: own account}: requests by other accounts' principals over HTTP are no longer denied, and Config's ssl-requests-only check fails",
        change: bucketPolicy("data-static-policy", d => { sid("DenyInsecureTransport")(d).Principal = { AWS: `arn:aws:iam::${ACCOUNT}:root` }; }),
    },
    {
        name: "static bucket TLS deny inverted to aws:SecureTransport=true: every HTTPS request (the app, replication, operators) is denied — the bucket becomes unusable",
        change: bucketPolicy("data-static-policy", d => { sid("DenyInsecureTransport")(d).Condition = { Bool: { "aws:SecureTransport": "true" } }; }),
    },
    {
        name: "dr replica bucket 'only replication may write' written as Deny NotPrincipal {replication role}: the role acts as an assumed-role session ARN, which is not the role ARN, so replication to us-west-2 is denied",
        change: bucketPolicy("dr-static-replica-policy", push({ Sid: "OnlyReplicationWrites", Effect: "Deny", NotPrincipal: { AWS: REPL_ROLE }, Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:PutObject"], Resource: `${REPLICA}/*` })),
    },
    {
        name: "static bucket denies every request not through the VPC's S3 endpoint: S3 replication to us-west-2 and the guide's 'aws s3 sync' from an operator workstation are denied",
        change: bucketPolicy("data-static-policy", push({ Sid: "VpcOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [STATIC, `${STATIC}/*`], Condition: { StringNotEquals: { "aws:SourceVpce": S3_VPCE } } })),
    },
    {
        name: "a second BucketPolicy resource for the backup bucket (last writer wins) replaces the TLS-only policy with one that grants a foreign account read",
        change: add(BP, "backup-partner-access", { bucket: "expertconnect-backup", policy: doc({ Sid: "PartnerRead", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BACKUP, `${BACKUP}/*`] }) }),
    },
    {
        name: "backup bucket policy edited in the console to grant a foreign account read (drift)",
        change: jsonDrift(BP, "data-backup-policy", push({ Sid: "ConsoleAdded", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "s3:GetObject", Resource: `${BACKUP}/*` })),
    },
    {
        name: "CloudFront OAC read of the static bucket granted to cloudfront.amazonaws.com without AWS:SourceArn: any distribution in any account can front our bucket (confused deputy)",
        change: bucketPolicy("data-static-policy", push({ Sid: "CloudFrontRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${STATIC}/*` })),
    },
    {
        name: "CloudFront OAC grant conditioned on ArnLike AWS:SourceArn arn:aws:cloudfront::*:distribution/* — the wildcard account makes the condition constrain nothing",
        change: bucketPolicy("data-static-policy", push({ Sid: "CloudFrontRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${STATIC}/*`, Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:cloudfront::*:distribution/*" } } })),
    },
    {
        name: "S3 server-access-log delivery granted to logging.s3.amazonaws.com on the ALB log bucket without aws:SourceAccount/SourceArn: any account's bucket can log into ours",
        change: bucketPolicy("alb-access-logs-policy", push({ Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${ALBLOGS}/s3-access/*` })),
    },
    {
        name: "canary artifact bucket made public so the status page can embed screenshots (Principal * GetObject, BPA off)",
        change: all(pabOff("synthetic-check-artifacts-public-access"), bucketPolicy("synthetic-check-artifacts-policy", push({ Sid: "PublicScreenshots", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${CANARYB}/canary/*` }))),
    },

    // ---------------- Block Public Access, object ownership, ACLs ----------------
    {
        name: "backup bucket Block Public Access switched off entirely (the last guard against a later public policy or ACL)",
        change: pabOff("data-backup-public-access"),
    },
    {
        name: "CloudTrail bucket restrictPublicBuckets turned off in the console (drift)",
        change: drift(PAB, p => { p.restrictPublicBuckets = false; p.blockPublicPolicy = false; }, named("audit-trail-bucket-public-access")),
    },
    {
        name: "backup bucket object ownership set to ObjectWriter: ACLs are re-enabled and objects written by other accounts stay theirs",
        change: edit(OWN, p => { p.rule = { objectOwnership: "ObjectWriter" }; }, named("data-backup-ownership")),
    },
    {
        name: "static bucket given a public-read canned ACL (ownership to BucketOwnerPreferred and ACL blocks off so S3 accepts it)",
        change: all(
            edit(OWN, p => { p.rule = { objectOwnership: "BucketOwnerPreferred" }; }, named("data-static-ownership")),
            pabOff("data-static-public-access", { blockPublicAcls: false, ignorePublicAcls: false }),
            add("aws:s3/bucketAcl:BucketAcl", "static-public-acl", { bucket: "expertconnect-prod-static", acl: "public-read" }),
        ),
    },
    {
        name: "backup bucket ACL grants READ to a foreign canonical user (ownership to BucketOwnerPreferred so the ACL applies)",
        change: all(
            edit(OWN, p => { p.rule = { objectOwnership: "BucketOwnerPreferred" }; }, named("data-backup-ownership")),
            add("aws:s3/bucketAcl:BucketAcl", "backup-partner-acl", {
                bucket: "expertconnect-backup",
                accessControlPolicy: {
                    owner: { id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
                    grants: [
                        { grantee: { type: "CanonicalUser", id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, permission: "FULL_CONTROL" },
                        { grantee: { type: "CanonicalUser", id: "be31fe03a0c5ab9e1aa0a2bb1c7b0a5b57e8fbad3ef0c32b67c54a5fe8b7f3a9" }, permission: "READ" },
                    ],
                },
            }),
        ),
    },
    {
        name: "config bucket ACL grants READ to the AuthenticatedUsers group — 'authenticated' means any AWS account in the world",
        change: all(
            edit(OWN, p => { p.rule = { objectOwnership: "ObjectWriter" }; }, named("aws-config-bucket-ownership")),
            pabOff("aws-config-bucket-public-access", { blockPublicAcls: false, ignorePublicAcls: false }),
            add("aws:s3/bucketAcl:BucketAcl", "config-authenticated-read", {
                bucket: `config-bucket-${ACCOUNT}`,
                accessControlPolicy: {
                    owner: { id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
                    grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" }],
                },
            }),
        ),
    },
    {
        name: "internet-origin access point on the backup bucket whose policy grants a foreign account GetObject, with the bucket policy delegating to the account's access points",
        change: all(
            bucketPolicy("data-backup-policy", push({ Sid: "DelegateToAccessPoints", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [BACKUP, `${BACKUP}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } })),
            add("aws:s3/accessPoint:AccessPoint", "backup-partner-ap", {
                bucket: "expertconnect-backup", name: "expertconnect-backup-partner",
                policy: doc({ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/expertconnect-backup-partner/object/*` }),
                publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            }),
        ),
    },
    {
        name: "AccessPointPolicy attached to an access point created by hand ('reports') grants a foreign role read of the backup bucket's objects; bucket delegates to access points",
        change: all(
            bucketPolicy("data-backup-policy", push({ Sid: "DelegateToAccessPoints", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [BACKUP, `${BACKUP}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } })),
            add("aws:s3control/accessPointPolicy:AccessPointPolicy", "reports-ap-policy", {
                accessPointArn: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/reports`,
                policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/bi-reader` }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/reports`, `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/reports/object/*`] }),
            }),
        ),
    },
    {
        name: "S3 Inventory of the backup bucket delivered daily to a bucket in a foreign account: every object key (user ids in dump names) leaves the account",
        change: add("aws:s3/inventory:Inventory", "backup-inventory", {
            bucket: "expertconnect-backup", name: "daily", includedObjectVersions: "All", schedule: { frequency: "Daily" },
            destination: { bucket: { bucketArn: "arn:aws:s3:::partner-inventory-reports", accountId: FOREIGN, format: "CSV" } },
        }),
    },
    {
        name: "static-asset replication retargeted to a bucket in a foreign account (with owner override): the DR copy leaves the account",
        change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => {
            p.rules[0].destination.bucket = "arn:aws:s3:::partner-static-mirror";
            p.rules[0].destination.account = FOREIGN;
            p.rules[0].destination.accessControlTranslation = { owner: "Destination" };
            p.rules[0].destination.encryptionConfiguration = { replicaKmsKeyId: `arn:aws:kms:us-west-2:${FOREIGN}:key/0f1e2d3c-4b5a-6978-8899-aabbccddeeff` };
        }),
    },
    {
        name: "static replication keeps our bucket but re-encrypts replicas with a foreign account's KMS key: the outsider can decrypt (and revoke) our DR copy",
        change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => {
            p.rules[0].destination.encryptionConfiguration = { replicaKmsKeyId: `arn:aws:kms:us-west-2:${FOREIGN}:key/0f1e2d3c-4b5a-6978-8899-aabbccddeeff` };
        }),
    },

    // ---------------- KMS key policies and grants ----------------
    {
        name: "database key policy lets a foreign account Decrypt, CreateGrant and DescribeKey 'so analytics can restore shared snapshots'",
        change: keyPolicy("database-key", push({ Sid: "AnalyticsRestore", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Resource: "*" })),
    },
    {
        name: "app-settings key: Principal * with kms:CallerAccount=own account and kms:ViaService=secretsmanager (the aws/secretsmanager managed-key pattern) — any principal in the account that can call GetSecretValue now decrypts app secrets with no KMS permission of its own: the CMK stops being a second gate",
        change: keyPolicy("app-settings-key", push({ Sid: "AllowViaSecretsManager", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } })),
    },
    {
        name: "backup key: Principal * Decrypt with StringEqualsIfExists kms:ViaService=s3 — direct KMS calls have no ViaService, so anyone in any account can decrypt",
        change: keyPolicy("data-backup-key", push({ Sid: "S3Only", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEqualsIfExists: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } })),
    },
    {
        name: "logs key: CloudWatch Logs encryption-context condition widened to arn:aws:logs:us-east-1:*:log-group:* — any account's log group can use our key (confused deputy)",
        change: keyPolicy("logs-key", d => { d.Statement[1].Condition = { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:*:log-group:*" } }; }),
    },
    {
        name: "alarms key: CloudWatch's use of the key loses aws:SourceAccount — any account's alarms can make our key encrypt/decrypt for them",
        change: keyPolicy("alarms-key", d => { d.Statement[1].Condition = {}; }),
    },
    {
        name: "audit-trail key: CloudTrail grant drops aws:SourceAccount and widens the context to arn:aws:cloudtrail:*:*:trail/* — any account's trail may use our audit key",
        change: keyPolicy("audit-trail-key", d => { d.Statement[1].Condition = { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } }; }),
    },
    {
        name: "database key lets a foreign account kms:CreateGrant when kms:GrantIsForAWSResource — the outsider's RDS can then hold a grant on our key and restore our encrypted snapshots",
        change: keyPolicy("database-key", push({ Sid: "ForeignAwsResources", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:CreateGrant", "kms:DescribeKey"], Resource: "*", Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } })),
    },
    {
        name: "backup copy-vault key (us-west-2) lets a foreign account Decrypt: copied database recovery points become readable outside",
        change: keyPolicy("dr-backup-copy-vault-key", push({ Sid: "ForeignRestore", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], Resource: "*" })),
    },
    {
        name: "static key lets cloudfront.amazonaws.com Decrypt with no AWS:SourceArn: any account's distribution can decrypt our SSE-KMS objects",
        change: keyPolicy("data-static-key", push({ Sid: "CloudFrontDecrypt", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"], Resource: "*" })),
    },
    {
        name: "database key grants kms:* to the rds.amazonaws.com service principal with no condition (RDS uses grants via the caller; a bare service grant is usable for any account)",
        change: keyPolicy("database-key", push({ Sid: "RdsService", Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "kms:*", Resource: "*" })),
    },
    {
        name: "separate aws:kms/keyPolicy resource overwrites the database key's policy with one that also trusts a foreign account (the Key's own policy input still looks tight)",
        change: add("aws:kms/keyPolicy:KeyPolicy", "database-key-shared", {
            keyId: "17d0b097-06a3-413f-a8f0-768c2f7a8a66",
            policy: doc(
                { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                { Sid: "Partner", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], Resource: "*" },
            ),
        }),
    },
    {
        name: "cache key policy edited in the console to let a foreign account decrypt (drift)",
        change: jsonDrift(KEY, "cache-key", push({ Sid: "ConsoleShare", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" })),
    },
    {
        name: "KMS grant on the database key to a foreign role for Decrypt — key policy untouched, access via a grant",
        change: add("aws:kms/grant:Grant", "db-key-foreign-grant", { keyId: DB_KEY, granteePrincipal: `arn:aws:iam::${FOREIGN}:role/restore-tester`, operations: ["Decrypt", "DescribeKey"] }),
    },
    {
        name: "KMS grant on the app-settings key to a hand-made 'contractor-debug' role: Decrypt + CreateGrant (re-grantable), no constraints, no retiring principal — outlives the incident",
        change: add("aws:kms/grant:Grant", "app-key-contractor-grant", { keyId: APP_KEY, name: "incident-4711", granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/contractor-debug`, operations: ["Decrypt", "CreateGrant", "RetireGrant"] }),
    },
    {
        name: "backup key: Principal * Decrypt scoped only by aws:PrincipalOrgID — every account in the organisation (sandboxes included) can decrypt the backups",
        change: keyPolicy("data-backup-key", push({ Sid: "Org", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })),
    },
    {
        name: "alarm topic lets Principal * sns:Subscribe: anyone can subscribe an endpoint and receive every alarm and GuardDuty finding",
        change: topicPolicy("alarms-policy", push({ Sid: "OpenSubscribe", Effect: "Allow", Principal: { AWS: "*" }, Action: ["sns:Subscribe", "sns:Receive"], Resource: TOPIC_ARN })),
    },
    {
        name: "alarm topic publishers scoped by ArnLike aws:SourceArn arn:aws:cloudwatch:us-east-1:*:alarm:* instead of SourceAccount — any account's alarms may publish to us",
        change: topicPolicy("alarms-policy", d => { sid("AlarmsAndEventsOfThisAccountPublish")(d).Condition = { ArnLike: { "aws:SourceArn": ["arn:aws:cloudwatch:us-east-1:*:alarm:*", "arn:aws:events:us-east-1:*:rule/*"] } }; }),
    },
    {
        name: "alarm topic Principal * Publish with StringEqualsIfExists aws:SourceOwner: IAM principals in any account carry no SourceOwner, so anyone can publish fake alarms",
        change: topicPolicy("alarms-policy", push({ Sid: "LegacyOwner", Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TOPIC_ARN, Condition: { StringEqualsIfExists: { "aws:SourceOwner": ACCOUNT } } })),
    },
    {
        name: "alarm topic Principal * Publish with ForAllValues:StringEquals aws:SourceAccount — a set operator on a single-valued key: absent key (every IAM caller) evaluates true",
        change: topicPolicy("alarms-policy", push({ Sid: "AccountPublishers", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN, Condition: { "ForAllValues:StringEquals": { "aws:SourceAccount": [ACCOUNT] } } })),
    },
    {
        name: "alarm topic subscribed to a managed-SOC vendor's SQS queue in another account: alarms and GuardDuty findings flow out",
        change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-soc-feed", { topic: TOPIC_ARN, protocol: "sqs", endpoint: `arn:aws:sqs:us-east-1:${FOREIGN}:soc-intake`, rawMessageDelivery: true }),
    },
    {
        name: "alarm topic subscribed to a Lambda function in a foreign account",
        change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-foreign-lambda", { topic: TOPIC_ARN, protocol: "lambda", endpoint: `arn:aws:lambda:us-east-1:${FOREIGN}:function:chatops-relay` }),
    },
    {
        name: "a second TopicPolicy resource on the alarm topic (replaces the reviewed one) lets Principal * publish and drops the TLS deny",
        change: add(TOPIC, "alarms-open-policy", { arn: TOPIC_ARN, policy: doc({ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: ["sns:Publish", "sns:Subscribe"], Resource: TOPIC_ARN }) }),
    },
    {
        name: "alarm topic policy edited in the console to let Principal * publish (drift)",
        change: jsonDrift(TOPIC, "alarms-policy", push({ Sid: "ConsoleOpen", Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TOPIC_ARN })),
    },
    {
        name: "new queue for backup-bucket events lets s3.amazonaws.com SendMessage with only aws:SourceArn — bucket ARNs carry no account, so a re-created bucket of that name elsewhere can write (no SourceAccount)",
        change: all(
            add("aws:sqs/queue:Queue", "backup-events", { name: "expertconnect-prod-backup-events", sqsManagedSseEnabled: true, messageRetentionSeconds: 345600, tags: tags("backup") }),
            add("aws:sqs/queuePolicy:QueuePolicy", "backup-events-policy", {
                queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/expertconnect-prod-backup-events`,
                policy: doc({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-prod-backup-events`, Condition: { ArnLike: { "aws:SourceArn": BACKUP } } }),
            }),
        ),
    },
    {
        name: "new work queue policy lets Principal * send and receive messages",
        change: all(
            add("aws:sqs/queue:Queue", "jobs", { name: "expertconnect-prod-jobs", sqsManagedSseEnabled: true, tags: tags("backend") }),
            add("aws:sqs/queuePolicy:QueuePolicy", "jobs-policy", {
                queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/expertconnect-prod-jobs`,
                policy: doc({ Effect: "Allow", Principal: "*", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-prod-jobs` }),
            }),
        ),
    },

    // ---------------- ECR ----------------
    {
        name: "backend repository policy lets Principal * pull: the application image (code, baked settings) becomes public",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-public-pull", { repository: "expertconnect-backend", policy: doc({ Sid: "PublicPull", Effect: "Allow", Principal: "*", Action: ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"] }) }),
    },
    {
        name: "backend repository policy lets a contractor's CI account push images (PutImage, layer upload): a foreign account controls what prod runs",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-contractor-push", { repository: "expertconnect-backend", policy: doc({ Sid: "ContractorCi", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/ci` }, Action: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"] }) }),
    },
    {
        name: "frontend repository policy lets lambda.amazonaws.com pull with no aws:sourceArn condition: any account's Lambda can pull our image",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "frontend-lambda-pull", { repository: "expertconnect-frontend", policy: doc({ Sid: "LambdaPull", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }) }),
    },
    {
        name: "registry policy lets a foreign account replicate into our registry (ecr:ReplicateImage + CreateRepository): it can create expertconnect-* repositories and push images",
        change: add("aws:ecr/registryPolicy:RegistryPolicy", "registry-inbound", { policy: doc({ Sid: "InboundReplication", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["ecr:ReplicateImage", "ecr:CreateRepository"], Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/*` }) }),
    },
    {
        name: "ECR replication gains a destination registry in a foreign account: every expertconnect-* image is copied out",
        change: edit("aws:ecr/replicationConfiguration:ReplicationConfiguration", p => { p.replicationConfiguration.rules[0].destinations.push({ region: "us-east-1", registryId: FOREIGN }); }),
    },
    {
        name: "repository creation template for replicated us-west-2 repos carries a policy that lets a foreign account pull",
        change: edit("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", p => { p.repositoryPolicy = doc({ Sid: "PartnerPull", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }); }),
    },

    // ---------------- Lambda ----------------
    {
        name: "restore-test validator permission loses its source ARN: any EventBridge rule in any account can invoke the function that holds the master secret",
        change: edit(PERM, p => { delete p.sourceArn; }),
    },
    {
        name: "restore-test validator permission's source ARN widened to arn:aws:events:us-east-1:*:rule/* (the wildcard account constrains nothing)",
        change: edit(PERM, p => { p.sourceArn = "arn:aws:events:us-east-1:*:rule/*"; }),
    },
    {
        name: "database-tasks function invokable by Principal * (public resource policy on a function with master-credential access)",
        change: add(PERM, "db-tasks-anyone", { action: "lambda:InvokeFunction", function: FN, principal: "*", statementId: "AllowAnyone" }),
    },
    {
        name: "database-tasks function invokable by a foreign account",
        change: add(PERM, "db-tasks-foreign", { action: "lambda:InvokeFunction", function: FN, principal: FOREIGN, statementId: "PartnerInvoke" }),
    },
    {
        name: "database-tasks function gets a function URL with auth NONE and a public InvokeFunctionUrl permission",
        change: all(
            add("aws:lambda/functionUrl:FunctionUrl", "db-tasks-url", { functionName: FN, authorizationType: "NONE" }),
            add(PERM, "db-tasks-url-public", { action: "lambda:InvokeFunctionUrl", function: FN, principal: "*", functionUrlAuthType: "NONE", statementId: "FunctionURLAllowPublicAccess" }),
        ),
    },
    {
        name: "S3 may invoke database-tasks with sourceArn = backup bucket but no sourceAccount: bucket ARNs carry no account, so a bucket re-created with that name elsewhere can trigger it",
        change: add(PERM, "db-tasks-s3", { action: "lambda:InvokeFunction", function: FN, principal: "s3.amazonaws.com", sourceArn: BACKUP, statementId: "BackupUploads" }),
    },
    {
        name: "database-tasks invokable by Principal * with principalOrgId: every account in the organisation can run it",
        change: add(PERM, "db-tasks-org", { action: "lambda:InvokeFunction", function: FN, principal: "*", principalOrgId: "o-a1b2c3d4e5", statementId: "OrgInvoke" }),
    },
    {
        name: "database-tasks subscribed to a topic in a foreign account (sns.amazonaws.com, sourceArn in the foreign account)",
        change: add(PERM, "db-tasks-foreign-topic", { action: "lambda:InvokeFunction", function: FN, principal: "sns.amazonaws.com", sourceArn: `arn:aws:sns:us-east-1:${FOREIGN}:db-requests`, statementId: "ForeignTopic" }),
    },
    {
        name: "CloudWatch Logs may invoke database-tasks with no sourceArn/sourceAccount: any account's subscription filter can call it",
        change: add(PERM, "db-tasks-logs", { action: "lambda:InvokeFunction", function: FN, principal: "logs.us-east-1.amazonaws.com", statementId: "LogsInvoke" }),
    },
    {
        name: "validator permission's principal changed to Principal * in the console (drift)",
        change: drift(PERM, p => { p.principal = "*"; delete p.sourceArn; }),
    },

    // ---------------- Secrets Manager ----------------
    {
        name: "database master secret resource policy lets a foreign account GetSecretValue",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "master-secret-partner", { secretArn: MASTER_SECRET, blockPublicPolicy: true, policy: doc({ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }),
    },
    {
        name: "JWT signing key secret: Principal * with aws:PrincipalOrgID, blockPublicPolicy off — any account in the org can forge user tokens",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "jwt-org", { secretArn: JWT_SECRET, blockPublicPolicy: false, policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) }),
    },
    {
        name: "video-provider API key secret: Principal * with StringEqualsIfExists aws:SourceVpce — calls from outside any VPC endpoint match (blockPublicPolicy off)",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "video-vpce", { secretArn: VIDEO_SECRET, blockPublicPolicy: false, policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-0secretsmanager0001" } } }) }),
    },
    {
        name: "Django SECRET_KEY readable by a hand-made CI role via the secret's resource policy (a principal the stack did not create; same account so no IAM grant needed)",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "django-ci", { secretArn: DJANGO_SECRET, blockPublicPolicy: true, policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy` }, Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: "*" }) }),
    },
    {
        name: "master secret shared with a foreign account and the database key opened to it as well (both halves of a cross-account secret read)",
        change: all(
            add("aws:secretsmanager/secretPolicy:SecretPolicy", "master-secret-dba", { secretArn: MASTER_SECRET, blockPublicPolicy: true, policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/dba` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }),
            keyPolicy("database-key", push({ Sid: "DbaDecrypt", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/dba` }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } })),
        ),
    },

    // ---------------- CloudWatch Logs ----------------
    {
        name: "backend log group streamed by subscription filter to a log destination in a foreign account (application logs hold user data)",
        change: add("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "backend-to-siem", { name: "siem", logGroup: "/ecs/expertconnect-prod-backend", filterPattern: "", destinationArn: `arn:aws:logs:us-east-1:${FOREIGN}:destination:siem-intake` }),
    },
    {
        name: "CloudTrail log group streamed to a Kinesis stream in a foreign account",
        change: add("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "trail-to-partner", { name: "partner", logGroup: "/aws/cloudtrail/expertconnect-trail", filterPattern: "", destinationArn: `arn:aws:kinesis:us-east-1:${FOREIGN}:stream/audit`, roleArn: `arn:aws:iam::${ACCOUNT}:role/cwl-to-kinesis` }),
    },
    {
        name: "account-wide subscription filter policy ships every log group in the account to a foreign destination",
        change: add("aws:cloudwatch/logAccountPolicy:LogAccountPolicy", "all-logs-out", { policyName: "central-logging", policyType: "SUBSCRIPTION_FILTER_POLICY", scope: "ALL", policyDocument: JSON.stringify({ DestinationArn: `arn:aws:logs:us-east-1:${FOREIGN}:destination:central`, FilterPattern: "", Distribution: "Random" }) }),
    },
    {
        name: "log resource policy lets delivery.logs.amazonaws.com and route53 write to every log group with no aws:SourceAccount (confused deputy)",
        change: add("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "logs-delivery", { policyName: "expertconnect-delivery", policyDocument: doc({ Effect: "Allow", Principal: { Service: ["delivery.logs.amazonaws.com", "route53.amazonaws.com"] }, Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` }) }),
    },
    {
        name: "new log destination whose access policy lets Principal * attach subscription filters",
        change: all(
            add("aws:cloudwatch/logDestination:LogDestination", "log-intake", { name: "expertconnect-intake", roleArn: `arn:aws:iam::${ACCOUNT}:role/cwl-to-kinesis`, targetArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/intake` }),
            add("aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy", "log-intake-policy", { destinationName: "expertconnect-intake", accessPolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "logs:PutSubscriptionFilter", Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:destination:expertconnect-intake` }) }),
        ),
    },
    {
        name: "CloudWatch cross-account observability link shares this account's log groups and metrics with a sink in a foreign account",
        change: add("aws:oam/link:Link", "observability-link", { labelTemplate: "$AccountName", resourceTypes: ["AWS::Logs::LogGroup", "AWS::CloudWatch::Metric"], sinkIdentifier: `arn:aws:oam:us-east-1:${FOREIGN}:sink/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`, tags: tags("monitoring") }),
    },

    // ---------------- EventBridge ----------------
    {
        name: "default event bus policy lets Principal * PutEvents (anyone can inject events that our rules act on)",
        change: add("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "bus-open", { eventBusName: "default", policy: doc({ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default` }) }),
    },
    {
        name: "event permission for principal * on the default bus with no organisation condition",
        change: add("aws:cloudwatch/eventPermission:EventPermission", "bus-any", { principal: "*", statementId: "AnyAccount", action: "events:PutEvents" }),
    },
    {
        name: "GuardDuty high-severity rule now also targets an event bus in a foreign account: security findings leave the account",
        change: add("aws:cloudwatch/eventTarget:EventTarget", "guardduty-to-mssp", { rule: "expertconnect-guardduty-high-severity", arn: `arn:aws:events:us-east-1:${FOREIGN}:event-bus/default`, roleArn: `arn:aws:iam::${ACCOUNT}:role/events-cross-account` }),
    },
    {
        name: "new rule forwarding every event of this account (incl. Secrets Manager and Backup API events) to a foreign account's bus",
        change: all(
            add("aws:cloudwatch/eventRule:EventRule", "forward-all", { name: "expertconnect-forward-all", eventPattern: JSON.stringify({ account: [ACCOUNT] }), tags: tags("monitoring") }),
            add("aws:cloudwatch/eventTarget:EventTarget", "forward-all-target", { rule: "expertconnect-forward-all", arn: `arn:aws:events:us-east-1:${FOREIGN}:event-bus/central`, roleArn: `arn:aws:iam::${ACCOUNT}:role/events-cross-account` }),
        ),
    },

    // ---------------- AWS Backup ----------------
    {
        name: "backup vault access policy lets a foreign account delete recovery points and change their lifecycle",
        change: add("aws:backup/vaultPolicy:VaultPolicy", "vault-foreign-admin", backupPolicyV("expertconnect-prod-backups", [{ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DescribeBackupVault"], Resource: "*" }])),
    },
    {
        name: "daily backup rule's copy action retargeted to a vault in a foreign account: every database recovery point is copied out",
        change: edit("aws:backup/plan:Plan", p => { p.rules[1].copyActions[0].destinationVaultArn = `arn:aws:backup:us-west-2:${FOREIGN}:backup-vault:partner-dr`; }),
    },
    {
        name: "copy vault (us-west-2) access policy lets a foreign account use the recovery points (copy out, describe, restore metadata)",
        change: add("aws:backup/vaultPolicy:VaultPolicy", "copy-vault-foreign", backupPolicyV("expertconnect-prod-backups-copy", [{ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["backup:CopyFromBackupVault", "backup:GetRecoveryPointRestoreMetadata", "backup:DescribeRecoveryPoint"], Resource: "*" }], "us-west-2")),
    },

    // ---------------- Snapshots and images ----------------
    {
        name: "manual database snapshot shared with a foreign account (sharedAccounts)",
        change: add("aws:rds/snapshot:Snapshot", "db-snapshot-shared", { dbInstanceIdentifier: "expertconnect-prod-db", dbSnapshotIdentifier: "expertconnect-manual-backup-20250322", sharedAccounts: [FOREIGN], tags: tags("database") }),
    },
    {
        name: "the guide's copy-db-snapshot to us-west-2, but the copy is shared with a foreign account",
        change: add("aws:rds/snapshotCopy:SnapshotCopy", "db-snapshot-dr-copy", { sourceDbSnapshotIdentifier: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:expertconnect-manual-backup-20250322`, targetDbSnapshotIdentifier: "expertconnect-dr-backup-20250322", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/527bfef0-ae05-49d6-a610-1c841cd8e5d5`, region: "us-west-2", copyTags: true, sharedAccounts: [FOREIGN], tags: tags("database") }),
    },
    {
        name: "bastion AMI made public (launch permission group all)",
        change: add("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "bastion-ami-public", { imageId: "ami-0abcdef1234567890", group: "all" }),
    },
    {
        name: "bastion AMI launch permission granted to a foreign account",
        change: add("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "bastion-ami-partner", { imageId: "ami-0abcdef1234567890", accountId: FOREIGN }),
    },
    {
        name: "EBS snapshot of the migration worker's volume shared with a foreign account (createVolumePermission)",
        change: add("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", "worker-snap-share", { snapshotId: "snap-0123456789abcdef0", accountId: FOREIGN }),
    },

    // ---------------- Role trust policies (resource policies on roles) ----------------
    {
        name: "backup role's trust policy also trusts a foreign account root: outsiders become the role that reads and restores the database",
        change: trust("dr-backup-role", push({ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "sts:AssumeRole" })),
    },
    {
        name: "backend task role trusts the account root: any user or role in the account with sts:AssumeRole on * becomes the app and reads its secrets",
        change: trust("backend-roles-task", push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" })),
    },
    {
        name: "new vendor role trusting a foreign account without sts:ExternalId and with ReadOnlyAccess (reads S3 backups, secrets' metadata) — confused deputy for a third party",
        change: all(
            add(ROLE, "vendor-readonly", { name: "expertconnect-vendor-readonly", assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "sts:AssumeRole" }), tags: tags("monitoring") }),
            add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "vendor-readonly-attach", { role: "expertconnect-vendor-readonly", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
        ),
    },
    {
        name: "database-tasks role trust adds Principal * with aws:PrincipalOrgID: any principal in the org can assume the role that reads the master secret",
        change: trust("database-tasks-role", push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })),
    },

    // ---------------- dr stack ----------------
    {
        name: "dr ALB log bucket grants the us-east-1 ELB account (127311923021) instead of us-west-2's: a principal unrelated to the region, and log delivery fails",
        stack: "dr",
        change: bucketPolicy("alb-access-logs-policy", d => { sid("ElbAccessLogDelivery")(d).Principal = { AWS: "arn:aws:iam::127311923021:root" }; }),
    },
    {
        name: "dr canary artifact bucket made public (Principal * GetObject, BPA off)",
        stack: "dr",
        change: all(pabOff("synthetic-check-artifacts-public-access"), bucketPolicy("synthetic-check-artifacts-policy", push({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::expertconnect-dr-canary-artifacts-${ACCOUNT}/*` }))),
    },
    {
        name: "dr database key lets a foreign account decrypt (the promoted replica's storage and snapshots)",
        stack: "dr",
        change: keyPolicy("database-key", push({ Sid: "Foreign", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["kms:Decrypt", "kms:CreateGrant", "kms:DescribeKey"], Resource: "*" })),
    },
    {
        name: "dr cache AUTH secret readable by a foreign account through a secret resource policy",
        stack: "dr",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "dr-cache-auth-foreign", { secretArn: `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:expertconnect/dr/cache-auth-token-0d3b7e`, blockPublicPolicy: true, policy: doc({ Effect: "Allow", Principal: { AWS: foreignRoot }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }),
    },
    {
        name: "snapshot of the dr replica shared with a foreign account",
        stack: "dr",
        change: add("aws:rds/snapshot:Snapshot", "dr-db-snapshot-shared", { dbInstanceIdentifier: "expertconnect-dr-db", dbSnapshotIdentifier: "expertconnect-dr-snap-20250322", sharedAccounts: [FOREIGN], tags: tags("database", "dr") }),
    },
    {
        name: "dr ALB log bucket policy drifted in the console: a foreign account may read the access logs (client IPs, paths with tokens)",
        stack: "dr",
        change: jsonDrift(BP, "alb-access-logs-policy", push({ Sid: "ConsoleRead", Effect: "Allow", Principal: { AWS: foreignRoot }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::expertconnect-dr-alb-logs", "arn:aws:s3:::expertconnect-dr-alb-logs/*"] })),
    },
];

// =============================================================================================
// LEGITIMATE CHANGES
// =============================================================================================
const compliant: Case[] = [
    {
        name: "CloudFront (OAC) reads the static bucket: cloudfront.amazonaws.com GetObject pinned by AWS:SourceArn to our distribution, and the static key lets that distribution decrypt",
        change: all(
            bucketPolicy("data-static-policy", push({ Sid: "CloudFrontOacRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: `${STATIC}/*`, Condition: { StringEquals: { "AWS:SourceArn": DIST } } })),
            keyPolicy("data-static-key", push({ Sid: "CloudFrontOacDecrypt", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "AWS:SourceArn": DIST } } })),
        ),
    },
    {
        name: "S3 server access logging of the backup bucket into the ALB log bucket (SSE-S3), logging.s3.amazonaws.com pinned by aws:SourceArn and aws:SourceAccount",
        change: all(
            bucketPolicy("alb-access-logs-policy", push({ Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${ALBLOGS}/s3-access/expertconnect-backup/*`, Condition: { ArnLike: { "aws:SourceArn": BACKUP }, StringEquals: { "aws:SourceAccount": ACCOUNT } } })),
            add("aws:s3/bucketLogging:BucketLogging", "backup-access-logging", { bucket: "expertconnect-backup", targetBucket: "expertconnect-prod-alb-logs", targetPrefix: "s3-access/expertconnect-backup/" }),
        ),
    },
    {
        name: "backup bucket additionally denies requests negotiated below TLS 1.2 (s3:TlsVersion)",
        change: bucketPolicy("data-backup-policy", push({ Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BACKUP, `${BACKUP}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } })),
    },
    {
        name: "restore-test validator permission gains sourceAccount beside its sourceArn (defence in depth)",
        change: edit(PERM, p => { p.sourceAccount = ACCOUNT; }),
    },
    {
        name: "backup vault access policy denies deleting recovery points, changing their lifecycle and the vault's policy — to everyone",
        change: add("aws:backup/vaultPolicy:VaultPolicy", "vault-deny-delete", backupPolicyV("expertconnect-prod-backups", [{ Sid: "DenyRecoveryPointTampering", Effect: "Deny", Principal: { AWS: "*" }, Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault", "backup:PutBackupVaultAccessPolicy"], Resource: "*" }])),
    },
    {
        name: "JWT signing-key secret gets a data-perimeter resource policy: deny every principal outside the account (AWS services excepted), block public policies",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "jwt-perimeter", { secretArn: JWT_SECRET, blockPublicPolicy: true, policy: doc({ Sid: "DenyOutsideAccount", Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, Bool: { "aws:PrincipalIsAWSService": "false" } } }) }),
    },
    {
        name: "backend repository policy lets Lambda pull for our own account's functions only (aws:sourceArn pinned to this account's function ARNs)",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-lambda-pull", { repository: "expertconnect-backend", policy: doc({ Sid: "LambdaECRImageRetrievalPolicy", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Condition: { StringLike: { "aws:sourceArn": `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-*` } } }) }),
    },
    {
        name: "queue for backup-bucket upload events: s3.amazonaws.com SendMessage pinned by aws:SourceArn and aws:SourceAccount, SSE-SQS, tagged",
        change: all(
            add("aws:sqs/queue:Queue", "backup-events", { name: "expertconnect-prod-backup-events", sqsManagedSseEnabled: true, messageRetentionSeconds: 345600, tags: tags("backup") }),
            add("aws:sqs/queuePolicy:QueuePolicy", "backup-events-policy", {
                queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/expertconnect-prod-backup-events`,
                policy: doc({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-prod-backup-events`, Condition: { ArnLike: { "aws:SourceArn": BACKUP }, StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
            }),
        ),
    },
    {
        name: "failed-backup events also archived to a CloudWatch log group: the rule targets /aws/events/expertconnect-prod-audit (KMS-encrypted, 365-day retention), whose resource policy admits only EventBridge rules of this account (SourceAccount + rule SourceArn)",
        change: all(
            add("aws:cloudwatch/logGroup:LogGroup", "events-audit-logs", { name: "/aws/events/expertconnect-prod-audit", kmsKeyId: LOGS_KEY, retentionInDays: 365, tags: tags("monitoring") }, { protect: true, retainOnDelete: true }),
            add("aws:cloudwatch/eventTarget:EventTarget", "backup-job-failed-log", { rule: "expertconnect-backup-job-failed", arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/events/expertconnect-prod-audit` }),
            add("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "events-to-logs", { policyName: "expertconnect-prod-events-to-logs", policyDocument: doc({ Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }, Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/events/expertconnect-prod-*:*`, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` } } }) }),
        ),
    },
    {
        name: "account-level S3 Block Public Access turned on (all four settings)",
        change: add("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account-bpa", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    },
    {
        name: "EBS snapshot block public access set to block-all-sharing in the region",
        change: add("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", "ebs-snapshot-bpa", { state: "block-all-sharing" }),
    },
    {
        name: "AMI block public access set to block-new-sharing",
        change: add("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "ami-bpa", { state: "block-new-sharing" }),
    },
    {
        name: "the guide's copy-db-snapshot to us-west-2 done right: same account, re-encrypted with the us-west-2 copy-vault key, not shared",
        change: add("aws:rds/snapshotCopy:SnapshotCopy", "db-snapshot-dr-copy", { sourceDbSnapshotIdentifier: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:expertconnect-manual-backup-20250322`, targetDbSnapshotIdentifier: "expertconnect-dr-backup-20250322", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/527bfef0-ae05-49d6-a610-1c841cd8e5d5`, region: "us-west-2", copyTags: true, tags: tags("database") }),
    },
    {
        name: "alarm topic denies sns:Subscribe with any protocol other than email or https (tightening)",
        change: topicPolicy("alarms-policy", push({ Sid: "DenyOtherProtocols", Effect: "Deny", Principal: "*", Action: "sns:Subscribe", Resource: TOPIC_ARN, Condition: { StringNotEquals: { "sns:Protocol": ["email", "https"] } } })),
    },
    {
        name: "on-call paging: alarm topic subscribed to the PagerDuty HTTPS integration endpoint",
        change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-pagerduty", { topic: TOPIC_ARN, protocol: "https", endpoint: "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue", endpointAutoConfirms: true }),
    },
    {
        name: "bucket policy statements renamed (Sid DenyInsecureTransport -> EnforceTls) on the backup bucket — same semantics",
        change: bucketPolicy("data-backup-policy", d => { sid("DenyInsecureTransport")(d).Sid = "EnforceTls"; }),
    },
    {
        name: "dr replica bucket explicitly allows our own replication role to replicate into it (same account, exact role ARN)",
        change: bucketPolicy("dr-static-replica-policy", push({ Sid: "AllowReplicationRole", Effect: "Allow", Principal: { AWS: REPL_ROLE }, Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${REPLICA}/*` })),
    },
    {
        name: "us-west-2 copy of daily recovery points kept 60 days instead of 35",
        change: edit("aws:backup/plan:Plan", p => { p.rules[1].copyActions[0].lifecycle.deleteAfter = 60; }),
    },
    {
        name: "CloudTrail bucket denies s3:DeleteObject and s3:DeleteObjectVersion to everyone (audit logs only expire by lifecycle)",
        change: bucketPolicy("audit-trail-bucket-policy", push({ Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${TRAILB}/*` })),
    },
    {
        name: "database master secret gets a resource policy that denies everyone outside the account (AWS services excepted) and blocks public policies",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "master-perimeter", { secretArn: MASTER_SECRET, blockPublicPolicy: true, policy: doc({ Sid: "DenyOutsideAccount", Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, Bool: { "aws:PrincipalIsAWSService": "false" } } }) }),
    },
    {
        name: "dr ALB log bucket additionally denies TLS below 1.2",
        stack: "dr",
        change: bucketPolicy("alb-access-logs-policy", push({ Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::expertconnect-dr-alb-logs", "arn:aws:s3:::expertconnect-dr-alb-logs/*"], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } })),
    },
    {
        name: "dr cache AUTH secret gets the account data-perimeter deny policy",
        stack: "dr",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "dr-cache-perimeter", { secretArn: `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:expertconnect/dr/cache-auth-token-0d3b7e`, blockPublicPolicy: true, policy: doc({ Sid: "DenyOutsideAccount", Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, Bool: { "aws:PrincipalIsAWSService": "false" } } }) }),
    },
    {
        name: "dr account-level S3 Block Public Access on",
        stack: "dr",
        change: add("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "dr-account-bpa", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    },
];

suite("adversarial class 1: resource policies and sharing, who outside the stack reaches what it holds", violations, compliant);
