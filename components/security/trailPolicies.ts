import { policyDocument, PolicyStatement } from "../../lib/iam";
import { cloudWatchLogsGrant, KeyServiceGrant } from "./keyPolicy";

/** ARN of a trail in its home region: the `aws:SourceArn` CloudTrail sends. */
export function trailArn(region: string, accountId: string, trailName: string): string {
    return `arn:aws:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/**
 * Bucket policy statements that admit CloudTrail, and only for this trail (`aws:SourceArn`):
 * it checks the bucket ACL, then writes under `AWSLogs/<account>/`.
 */
export function cloudTrailBucketStatements(bucketArn: string, accountId: string, sourceTrailArn: string): PolicyStatement[] {
    const principal = { Service: "cloudtrail.amazonaws.com" };
    return [
        {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: { "aws:SourceArn": sourceTrailArn } },
        },
        {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": sourceTrailArn } },
        },
    ];
}

/**
 * Key grants of the trail key: CloudTrail encrypts log files of this account's trails (the
 * encryption context names the trail), CloudWatch Logs encrypts the trail's log group.
 * CloudWatch Logs sends no `aws:SourceAccount`; its encryption context pins the log group.
 */
export function trailKeyGrants(region: string, logGroupName: string): KeyServiceGrant[] {
    return [
        {
            service: "cloudtrail.amazonaws.com",
            condition: (accountId) => ({
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` },
            }),
        },
        cloudWatchLogsGrant(region, logGroupName),
    ];
}

/** Trust policy of the role CloudTrail uses to write to CloudWatch Logs, for this trail only. */
export function trailLogsTrustPolicy(sourceTrailArn: string): string {
    return policyDocument([{
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": sourceTrailArn } },
    }]);
}

/** What that role may do: create streams and put events in the trail's log group, nothing else. */
export function trailLogsPermissions(logGroupArn: string): string {
    return policyDocument([{
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:log-stream:*`,
    }]);
}
