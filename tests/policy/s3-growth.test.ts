/**
 * s3-growth-bounded: incomplete uploads aborted, client request logs expired, served objects kept
 * readable without retrieval fees. Each way of breaking it, and the changes that stay allowed.
 */
import { s3GrowthBounded } from "../../policy/s3/growth";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, backendTaskDefinition, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const base = { status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }, noncurrentVersionExpiration: { noncurrentDays: 90 } };
const bucket = (name: string, bucketName: string, rule: object): StackResourceInput[] => [
    { type: "aws:s3/bucket:Bucket", name, props: { bucket: bucketName, tags: TAGS } },
    { type: LIFECYCLE, name: `${name}-lifecycle`, props: { bucket: bucketName, rules: [{ id: "retention", ...base, ...rule }] } },
];
const PARAMETER = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/expertconnect/prod/storage/static-bucket`;

/** The static bucket a task reads through an SSM parameter, the backup bucket it writes, an ALB log bucket, the trail's bucket. */
const fixture: StackResourceInput[] = [
    ...bucket("static", "expertconnect-prod-static", {}),
    ...bucket("backup", "expertconnect-backup", { transitions: [{ days: 30, storageClass: "GLACIER_IR" }] }),
    ...bucket("alb-logs", "expertconnect-prod-alb-logs", { expiration: { days: 365 } }),
    ...bucket("trail", "expertconnect-cloudtrail", { transitions: [{ days: 90, storageClass: "GLACIER_IR" }] }),
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-alb-logs", enabled: true } } },
    { type: "aws:cloudtrail/trail:Trail", name: "trail-main", props: { s3BucketName: "expertconnect-cloudtrail" } },
    { type: "aws:ssm/parameter:Parameter", name: "static-param", props: { name: "/expertconnect/prod/storage/static-bucket", arn: PARAMETER, value: "expertconnect-prod-static", type: "String" } },
    backendTaskDefinition({
        image: "backend@sha256:abc",
        environment: [{ name: "BACKUP_BUCKET", value: "expertconnect-backup" }],
        secrets: [{ name: "STATIC_BUCKET", valueFrom: PARAMETER }],
    }),
];
const rule = (s: StackResourceInput[], name: string) => (named(s, `${name}-lifecycle`).props.rules as Record<string, any>[])[0];

describe("s3-growth-bounded", () => {
    stackTable(s3GrowthBounded, fixture, {
        passes: {
            "uploads are aborted sooner than the limit": { change: s => { rule(s, "static").abortIncompleteMultipartUpload.daysAfterInitiation = 1; } },
            "the abort sits in its own rule for every object": {
                change: s => { delete rule(s, "static").abortIncompleteMultipartUpload; (named(s, "static-lifecycle").props.rules as object[]).push({ id: "uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 3 } }); },
            },
            "access logs expire sooner than the limit": { change: s => { rule(s, "alb-logs").expiration = { days: 400 }; } },
            "the served bucket moves to INTELLIGENT_TIERING": { change: s => { rule(s, "static").transitions = [{ days: 0, storageClass: "INTELLIGENT_TIERING" }]; } },
            "a bucket the application only writes to moves to GLACIER_IR (the backup bucket)": { change: s => { rule(s, "backup").transitions = [{ days: 1, storageClass: "GLACIER_IR" }]; } },
            "the trail's evidence is kept without expiry": { change: s => { delete rule(s, "trail").expiration; } },
            "a disabled transition on the served bucket": { change: s => { (named(s, "static-lifecycle").props.rules as object[]).push({ id: "old", status: "Disabled", filter: {}, transitions: [{ days: 30, storageClass: "STANDARD_IA" }] }); } },
            "rules not known yet (preview)": { change: s => { named(s, "static-lifecycle").props.rules = UNKNOWN; } },
        },
        violations: {
            "the static bucket no longer aborts incomplete uploads": {
                change: s => { delete rule(s, "static").abortIncompleteMultipartUpload; }, message: /expertconnect-prod-static: no Enabled rule for every object aborts incomplete multipart uploads/,
            },
            "the abort waits 30 days": { change: s => { rule(s, "backup").abortIncompleteMultipartUpload.daysAfterInitiation = 30; }, message: /expertconnect-backup: incomplete multipart uploads are aborted only after 30 days; abort them within 7 days/ },
            "the abort rule applies to one prefix only": { change: s => { rule(s, "static").filter = { prefix: "uploads/" }; }, message: /expertconnect-prod-static: no Enabled rule for every object aborts/ },
            "the abort rule is disabled": { change: s => { rule(s, "trail").status = "Disabled"; }, message: /expertconnect-cloudtrail: no Enabled rule/ },
            "a bucket with no lifecycle configuration": { change: s => { s.splice(s.indexOf(named(s, "trail-lifecycle")), 1); }, message: /expertconnect-cloudtrail: no Enabled rule/ },
            "the ALB log bucket's expiration is removed": { change: s => { delete rule(s, "alb-logs").expiration; }, message: /expertconnect-prod-alb-logs receives records of clients' requests .*no Enabled rule for every object expires them/ },
            "access logs kept ten years": { change: s => { rule(s, "alb-logs").expiration = { days: 3650 }; }, message: /they are kept 3650 days; expire them within 1096 days/ },
            "a lowered access-log maximum is exceeded": { config: { accessLogMaximumDays: 180 }, message: /they are kept 365 days; expire them within 180 days/ },
            "the served bucket moves to GLACIER_IR after a day": { change: s => { rule(s, "static").transitions = [{ days: 1, storageClass: "GLACIER_IR" }]; }, message: /expertconnect-prod-static is read by the application on requests, but rule retention moves them to GLACIER_IR after 1 days/ },
            "the served bucket moves to STANDARD_IA after 30 days (lower-case class)": { change: s => { rule(s, "static").transitions = [{ days: 30, storageClass: "standard_ia" }]; }, message: /moves them to standard_ia after 30 days/ },
            "a bucket named in a task's plain environment moves to ONEZONE_IA": {
                change: s => {
                    const task = named(s, "backend-task");
                    const list = JSON.parse(task.props.containerDefinitions as string);
                    list[0].environment.push({ name: "REPORTS_BUCKET", value: "expertconnect-cloudtrail" });
                    task.props.containerDefinitions = JSON.stringify(list);
                    rule(s, "trail").transitions = [{ days: 30, storageClass: "ONEZONE_IA" }];
                },
                message: /expertconnect-cloudtrail is read by the application on requests/,
            },
        },
    });
});
