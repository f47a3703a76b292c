import { policyDocument } from "../../lib/iam";
import type { PolicyStatement } from "../storage/bucketPolicy";

/** The two ends of an S3 replication rule. */
export interface ReplicationEnds {
    /** Source bucket ARN. */
    sourceBucketArn: string;
    /** Region of the source bucket, for the KMS `kms:ViaService` condition. */
    sourceRegion: string;
    /** KMS key the source objects are encrypted with. */
    sourceKeyArn: string;
    /** Destination (replica) bucket ARN. */
    destinationBucketArn: string;
    /** Region of the destination bucket. */
    destinationRegion: string;
    /** KMS key S3 re-encrypts the replicas with. */
    destinationKeyArn: string;
}

/**
 * S3 sends the object's ARN as encryption context, or the bucket's ARN when an S3 Bucket Key
 * is enabled (SecureBucket enables it): both are allowed, nothing else.
 */
function encryptionContext(bucketArn: string): string[] {
    return [bucketArn, `${bucketArn}/*`];
}

/**
 * Least-privilege permissions of the replication role: read the replication configuration and
 * object versions of the source bucket only, write replicas (objects, deletes, tags) into the
 * destination bucket only, decrypt with the source key and encrypt with the destination key
 * only when S3 calls KMS on the role's behalf for those buckets. Pure, tested without mocks.
 */
export function replicationRolePolicy(ends: ReplicationEnds): string {
    const statements: PolicyStatement[] = [
        {
            Sid: "ReadReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: ends.sourceBucketArn,
        },
        {
            Sid: "ReadSourceObjectVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${ends.sourceBucketArn}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${ends.destinationBucketArn}/*`,
        },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: ends.sourceKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${ends.sourceRegion}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": encryptionContext(ends.sourceBucketArn) },
            },
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: ends.destinationKeyArn,
            Condition: {
                StringEquals: { "kms:ViaService": `s3.${ends.destinationRegion}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": encryptionContext(ends.destinationBucketArn) },
            },
        },
    ];
    return policyDocument(statements);
}
