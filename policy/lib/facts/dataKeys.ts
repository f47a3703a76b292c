/**
 * Which customer key encrypts which data. Every component that holds data makes the KMS key for
 * it (components/security/EncryptionKey.ts) and names the key after the data's owner,
 * `dataKeyName(owner)`: the owner is the data store itself (a backup vault, a bucket) or the
 * component it belongs to (the database's instance, Performance Insights and master secret share
 * `database-key`; the cache's replication group and AUTH secret `cache-key`; the application's
 * secrets `app-settings-key`). Each key's policy, grants, rotation and deletion are set for that
 * data alone: a store encrypted with another key of the stack (the logs key, a sibling store's)
 * is readable by whoever that key serves, and for an RDS instance or a vault the change replaces
 * the store. The program names its data keys with `dataKeyName`; the pack
 * (policy/kms/dataKeys.ts) finds the key made for a store by it, nearest owner first.
 */

/** The logical name of the key made for the data `owner` holds. */
export function dataKeyName(owner: string): string {
    return `${owner}-key`;
}

/**
 * The data stores held to their own key, by type: the inputs that name the key of their data
 * (a dotted path; `[]` walks a list). A secret's replicas and the stores' log groups are not
 * listed: replicas use a key of their region, log groups may share the logs key.
 */
export const KEYED_DATA_STORES: Readonly<Record<string, readonly string[]>> = {
    "aws:rds/instance:Instance": ["kmsKeyId", "performanceInsightsKmsKeyId"],
    "aws:rds/cluster:Cluster": ["kmsKeyId", "performanceInsightsKmsKeyId"],
    "aws:backup/vault:Vault": ["kmsKeyArn"],
    "aws:elasticache/replicationGroup:ReplicationGroup": ["kmsKeyId"],
    "aws:elasticache/serverlessCache:ServerlessCache": ["kmsKeyId"],
    "aws:secretsmanager/secret:Secret": ["kmsKeyId"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId"],
};

/**
 * Days KMS waits before deleting a key that encrypts stored data (a database, a cache, a bucket,
 * a backup vault, a secret, a log group): the AWS default and maximum. Deleting such a key makes
 * every copy encrypted with it unreadable, every recovery point included, so a mistaken
 * ScheduleKeyDeletion must have the longest time to be noticed and cancelled.
 */
export const DATA_KEY_DELETION_WINDOW_DAYS = 30;
