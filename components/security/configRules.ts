import type { PolicyStatement } from "../../lib/iam";

/** The service-linked role AWS Config records with; account-wide, so referenced rather than created. */
export function configServiceLinkedRoleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/**
 * Bucket policy statements for Config delivery (it uses its service principal when recording
 * with the service-linked role), limited to this account's recorders in any region.
 */
export function configBucketStatements(bucketArn: string, accountId: string): PolicyStatement[] {
    const principal = { Service: "config.amazonaws.com" };
    const thisAccount = { "aws:SourceAccount": accountId };
    return [
        { Sid: "ConfigBucketPermissionsCheck", Effect: "Allow", Principal: principal, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: { StringEquals: thisAccount } },
        { Sid: "ConfigBucketExistenceCheck", Effect: "Allow", Principal: principal, Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringEquals: thisAccount } },
        {
            Sid: "ConfigBucketDelivery",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...thisAccount } },
        },
    ];
}
