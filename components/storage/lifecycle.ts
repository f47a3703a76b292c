import type * as aws from "@pulumi/aws";
import type { SecureBucketArgs } from "./SecureBucket";

/** The retention settings of a bucket's lifecycle rules. */
type LifecycleArgs = Pick<SecureBucketArgs, "noncurrentVersionExpirationDays" | "archiveAfterDays" | "expireAfterDays">;

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
