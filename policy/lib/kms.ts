/**
 * AWS-managed KMS keys (`alias/aws/rds`, `alias/aws/s3`, …) cannot have their key policy
 * changed, cannot be shared with another account or region and are not rotated or deleted on
 * the project's terms, so data that must be recoverable or copied uses a customer key.
 */

/** Whether a key reference names an AWS-managed key by its alias (bare or as an ARN). */
export function isAwsManagedKeyAlias(key: unknown): boolean {
    return typeof key === "string" && /(?:^|:)alias\/aws\//.test(key);
}
