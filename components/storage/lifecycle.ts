import type * as aws from "@pulumi/aws";
import { INCOMPLETE_UPLOAD_LIMIT_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../../policy/lib/facts/retention";

/** The retention settings of a bucket's lifecycle rules. */
export interface LifecycleArgs {
    /**
     * Days after which noncurrent versions expire, at most 400 (policy/lib/facts/retention.ts), so
     * deleted data does not live on; a bucket that holds data keeps them at least 30 (the pack's
     * s3-lifecycle-keeps-current), a scratch bucket may keep them a day. @default 90
     */
    noncurrentVersionExpirationDays?: number;
    /** Days after which current objects move to Glacier Instant Retrieval; unset keeps them in Standard. @default undefined */
    archiveAfterDays?: number;
    /** Days after which current objects expire (logs); unset keeps them. @default undefined */
    expireAfterDays?: number;
}

/** Lifecycle rules: abort stale multipart uploads, expire old versions, optional archive/expiry. */
export function lifecycleRules(args: LifecycleArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const noncurrentDays = args.noncurrentVersionExpirationDays ?? 90;
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1 || noncurrentDays > RECOVERY_RETENTION_LIMIT_DAYS) {
        throw new Error(`noncurrentVersionExpirationDays ${noncurrentDays}; allowed: 1 to ${RECOVERY_RETENTION_LIMIT_DAYS}`);
    }
    return [{
        id: "retention",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: INCOMPLETE_UPLOAD_LIMIT_DAYS },
        noncurrentVersionExpiration: { noncurrentDays },
        ...(args.archiveAfterDays !== undefined
            ? { transitions: [{ days: args.archiveAfterDays, storageClass: "GLACIER_IR" }] }
            : {}),
        ...(args.expireAfterDays !== undefined ? { expiration: { days: args.expireAfterDays } } : {}),
    }];
}
