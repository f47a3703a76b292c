/**
 * Class 3: data protection that is present but does not hold: a data bucket's default encryption
 * moved to a key AWS manages, noncurrent versions expired too soon to recover from, and database
 * exports into buckets that are not the stack's data buckets.
 */
import { ACCOUNT, add, all, Case, doc, edit, named, remove, suite, tags } from "./support";

const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const EXPORT_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;

const exportRole = add("aws:iam/role:Role", "rds-export-role", {
    name: "expertconnect-prod-rds-export", tags: tags("database"),
    assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "export.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
});
const rdsExport = (s3BucketName: string) => all(exportRole, add("aws:rds/exportTask:ExportTask", "db-export", {
    exportTaskIdentifier: "expertconnect-prod-export-20250322", sourceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:expertconnect-manual-backup-20250322`,
    s3BucketName, s3Prefix: "exports", iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-rds-export`, kmsKeyId: EXPORT_KEY,
}));
const defaultEncryption = (bucket: string, byDefault: object) => edit(ENCRYPTION, p => { p.rules = [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: false }]; }, named(bucket));
const noncurrentDays = (lifecycle: string, days: number) => edit(LIFECYCLE, p => { p.rules[0].noncurrentVersionExpiration = { noncurrentDays: days }; }, named(lifecycle));

const violations: Case[] = [
    { name: "backup bucket default encryption downgraded from the customer key to SSE-S3", change: defaultEncryption("data-backup-encryption", { sseAlgorithm: "AES256" }) },
    { name: "static bucket moved to the AWS managed aws/s3 key", change: defaultEncryption("data-static-encryption", { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }) },
    { name: "static bucket on aws:kms without naming a key", change: defaultEncryption("data-static-encryption", { sseAlgorithm: "aws:kms" }) },
    { name: "static bucket noncurrent versions expire after 1 day", change: noncurrentDays("data-static-lifecycle", 1) },
    { name: "backup bucket noncurrent versions expire after 7 days", change: noncurrentDays("data-backup-lifecycle", 7) },
    { name: "RDS snapshot export to a bucket outside the stack", change: rdsExport("partner-analytics-ingest") },
    { name: "RDS snapshot export into the canary artifacts bucket (HoldsData=false)", change: rdsExport("expertconnect-prod-canary-artifacts-123456789012") },
    { name: "RDS snapshot export into the ALB access-log bucket", change: rdsExport("expertconnect-prod-alb-logs") },
    { name: "DynamoDB table export into another account's bucket",
      change: add("aws:dynamodb/tableExport:TableExport", "sessions-export", { tableArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/expertconnect-sessions`, s3Bucket: "partner-bucket", s3BucketOwner: "444455556666" }) },
    // Removing a bucket's ownership control re-enables ACLs (found by removing each resource type in turn).
    { name: "every bucket's ownership control removed from the program 'S3 disables ACLs by default now': the deletes turn each bucket to Object writer", change: remove("aws:s3/bucketOwnershipControls:BucketOwnershipControls") },
    { name: "the backup bucket's ownership control removed (its objects' ACLs can again grant reads outside the bucket policy)", change: remove("aws:s3/bucketOwnershipControls:BucketOwnershipControls", named("data-backup-ownership")) },
    { name: "the ALB log bucket's ownership set to ObjectWriter 'for the log delivery'", change: edit("aws:s3/bucketOwnershipControls:BucketOwnershipControls", p => { p.rule = { objectOwnership: "ObjectWriter" }; }, named("alb-access-logs-ownership")) },
];

const compliant: Case[] = [
    { name: "RDS snapshot export into the backup bucket (customer key, holds data)", change: rdsExport("expertconnect-backup") },
    { name: "static bucket keeps noncurrent versions 60 days", change: noncurrentDays("data-static-lifecycle", 60) },
    { name: "ALB log bucket stays on SSE-S3 (the only encryption log delivery accepts)", change: defaultEncryption("alb-access-logs-encryption", { sseAlgorithm: "AES256" }) },
];

suite("adversarial class 3: data buckets and exports", violations, compliant);
