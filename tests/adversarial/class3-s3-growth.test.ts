/**
 * Class 3: no bucket grows or bills without bound (policy/s3/growth.ts): incomplete multipart
 * uploads aborted by a rule for every object, records of clients' requests expired, objects the
 * application reads on requests kept out of classes that bill each read; and the trail's
 * evidence bucket may be locked in COMPLIANCE mode. Each change edits the real export; "drift"
 * cases change the deployed state only.
 */
import { ACCOUNT, add, all, Case, drift, edit, env, named, suite, tags } from "./support";

const LC = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const lifecycle = (name: string, f: (p: any) => void) => edit(LC, f, named(name));
const rules = (name: string, f: (r: any) => void) => lifecycle(name, p => { for (const r of p.rules) f(r); });
const uploadsBucket = (lifecycleRules: object[] | undefined) => all(
    add("aws:s3/bucket:Bucket", "data-uploads", { bucket: "expertconnect-prod-uploads", tags: tags("static-assets") }),
    ...(lifecycleRules ? [add(LC, "data-uploads-lifecycle", { bucket: "expertconnect-prod-uploads", rules: lifecycleRules })] : []),
);
const full = { id: "retention", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } };

const violations: Case[] = [
    // the red team's changes
    { name: "abort-incomplete-multipart-upload removed from the static bucket: failed uploads' parts are billed forever and listed nowhere", change: rules("data-static-lifecycle", r => { delete r.abortIncompleteMultipartUpload; }) },
    { name: "the ALB access-log bucket's expiration removed: client addresses and request lines kept forever", change: rules("alb-access-logs-lifecycle", r => { delete r.expiration; }) },
    { name: "the served static bucket moves to Glacier Instant Retrieval after 1 day: every download pays retrieval", change: rules("data-static-lifecycle", r => { r.transitions = [{ days: 1, storageClass: "GLACIER_IR" }]; }) },
    // variants: incomplete uploads
    { name: "the backup bucket aborts incomplete uploads only after 90 days", change: rules("data-backup-lifecycle", r => { r.abortIncompleteMultipartUpload = { daysAfterInitiation: 90 }; }) },
    { name: "the trail bucket's abort moved into a rule for the AWSLogs/ prefix only", change: lifecycle("audit-trail-bucket-lifecycle", p => { delete p.rules[0].abortIncompleteMultipartUpload; p.rules.push({ id: "uploads", status: "Enabled", filter: { prefix: "AWSLogs/" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }); }) },
    { name: "a new uploads bucket with a lifecycle that never aborts uploads", change: uploadsBucket([full]) },
    { name: "a new uploads bucket with no lifecycle configuration at all", change: uploadsBucket(undefined) },
    { name: "the Config bucket's abort rule split off and Disabled", change: lifecycle("aws-config-bucket-lifecycle", p => { delete p.rules[0].abortIncompleteMultipartUpload; p.rules.push({ id: "uploads", status: "Disabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }); }) },
    { name: "the canary artifact bucket (HoldsData=false) no longer aborts uploads", change: rules("synthetic-check-artifacts-lifecycle", r => { delete r.abortIncompleteMultipartUpload; }) },
    { name: "dr: the ALB log bucket's abort waits a year", stack: "dr", change: rules("alb-access-logs-lifecycle", r => { r.abortIncompleteMultipartUpload = { daysAfterInitiation: 365 }; }) },
    // variants: client request records
    { name: "ALB access logs expire after 10 years", change: rules("alb-access-logs-lifecycle", r => { r.expiration = { days: 3650 }; }) },
    { name: "ALB access logs' expiry narrowed to the elb/ prefix (the AWSLogs/ delivery prefix never expires)", change: rules("alb-access-logs-lifecycle", r => { r.filter = { prefix: "elb/" }; }) },
    { name: "ALB access-log expiry Disabled in the console (drift)", change: drift(LC, p => { for (const r of p.rules) r.status = "Disabled"; }, named("alb-access-logs-lifecycle")) },
    { name: "ALB access logs expire only by date, years away", change: rules("alb-access-logs-lifecycle", r => { r.expiration = { date: "2031-01-01T00:00:00Z" }; }) },
    // variants: served objects
    { name: "the served static bucket moves to STANDARD_IA after 30 days", change: rules("data-static-lifecycle", r => { r.transitions = [{ days: 30, storageClass: "STANDARD_IA" }]; }) },
    { name: "the served static bucket moves to ONEZONE_IA after 60 days (lower-case class)", change: rules("data-static-lifecycle", r => { r.transitions = [{ days: 60, storageClass: "onezone_ia" }]; }) },
    { name: "an added rule for media/ moves served uploads to GLACIER_IR", change: lifecycle("data-static-lifecycle", p => { p.rules.push({ id: "media", status: "Enabled", filter: { prefix: "media/" }, transitions: [{ days: 7, storageClass: "GLACIER_IR" }] }); }) },
    {
        name: "the backend is told to read the trail bucket (REPORTS_BUCKET) while it moves to GLACIER_IR at 90 days",
        change: env("REPORTS_BUCKET", "expertconnect-cloudtrail-123456789012"),
    },
];

const compliant: Case[] = [
    // the red team's
    { name: "the trail bucket: Object Lock COMPLIANCE for 365 days (evidence an intruder cannot erase)", change: add("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "audit-trail-bucket-object-lock", { bucket: `expertconnect-cloudtrail-${ACCOUNT}`, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } } }) },
    // mine
    { name: "the static bucket aborts incomplete uploads after 1 day", change: rules("data-static-lifecycle", r => { r.abortIncompleteMultipartUpload = { daysAfterInitiation: 1 }; }) },
    { name: "ALB access logs expire after 400 days", change: rules("alb-access-logs-lifecycle", r => { r.expiration = { days: 400 }; }) },
    { name: "the served static bucket moves to INTELLIGENT_TIERING at once (no retrieval fees)", change: rules("data-static-lifecycle", r => { r.transitions = [{ days: 0, storageClass: "INTELLIGENT_TIERING" }]; }) },
    { name: "the backup bucket (written, never served) moves to GLACIER_IR after 7 days", change: rules("data-backup-lifecycle", r => { r.transitions = [{ days: 7, storageClass: "GLACIER_IR" }]; }) },
    { name: "dr: ALB access logs expire after 500 days", stack: "dr", change: rules("alb-access-logs-lifecycle", r => { r.expiration = { days: 500 }; }) },
    { name: "the Config bucket keeps its evidence without expiry and moves it to GLACIER_IR after 30 days", change: rules("aws-config-bucket-lifecycle", r => { r.transitions = [{ days: 30, storageClass: "GLACIER_IR" }]; }) },
];

suite("adversarial class 3: no bucket grows or bills without bound, and evidence may be locked", violations, compliant);
