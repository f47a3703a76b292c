import type * as aws from "@pulumi/aws";

/** The retention settings of a bucket's lifecycle rules. */
export interface LifecycleArgs {
    /** Days after which noncurrent versions expire. @default 90 */
    noncurrentVersionExpirationDays?: number;
    /** Days after which current objects move to Glacier Instant Retrieval; unset keeps them in Standard. @default undefined */
    archiveAfterDays?: number;
    /** Days after which current objects expire (logs); unset keeps them. @default undefined */
    expireAfterDays?: number;
}

/** Lifecycle rules: abort stale multipart uploads, expire old versions, optional archive/expiry. */
export function lifecycleRules(args: LifecycleArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    return [{
        id: "retention",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 90 },
        ...(args.archiveAfterDays !== undefined
            ? { transitions: [{ days: args.archiveAfterDays, storageClass: "GLACIER_IR" }] }
            : {}),
        ...(args.expireAfterDays !== undefined ? { expiration: { days: args.expireAfterDays } } : {}),
    }];
}
