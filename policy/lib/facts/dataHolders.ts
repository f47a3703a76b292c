/**
 * Which resources hold data or state that deleting them loses, and how the program keeps them.
 * The program's components take their resource options from here (`keptOptions`) and the pack's
 * `protection-data-resources` judges every type listed here, so a store the program keeps is one
 * the pack checks, and a type added here is both kept and checked.
 *
 * Both Pulumi options, for every holder: `protect` refuses a destroy and a replace (a ForceNew
 * argument, a rename) before anything is deleted, and `retainOnDelete` leaves the resource in AWS
 * should protect be lifted. The analyzer protocol carries `protect` but not `retainOnDelete`
 * (AnalyzerResourceOptions), so `protect` is the option the pack can see, and for a store AWS
 * gives no deletion guard of its own (ElastiCache, CloudWatch Logs, ECR, KMS) it is the only one.
 * Facts modules import nothing: the program loads this one from the pack's folder.
 */

/** What a resource of one type holds, said in the pack's messages. */
export interface DataHolder {
    /** What a delete or a replace loses. */
    holds: string;
    /**
     * Whether one resource of the type may declare it holds nothing (`HoldsData=false`): only
     * where the same type serves scratch uses (a bucket). Databases, caches, keys, secrets,
     * vaults, repositories and log groups always hold what they were made for. @default false
     */
    mayHoldNothing?: boolean;
    /**
     * Whether it holds data only once a producer writes into it: a log group holds the
     * application's or the audit trail's events from the moment a container, database, cache,
     * function, trail, flow log or firewall of the stack delivers to it; one created ahead of its
     * writer (or left behind by it) holds nothing yet, and may come and go with its writer's
     * change. @default false (holds data from creation)
     */
    heldOnceWritten?: boolean;
}

/** Tag a resource of a `mayHoldNothing` type carries to declare it holds nothing worth keeping. */
export const HOLDS_DATA_TAG = "HoldsData";

/** Whether tags leave a resource holding data: true unless tagged `HoldsData=false`. */
export function holdsData(tags: unknown): boolean {
    return !(typeof tags === "object" && tags !== null && (tags as Record<string, unknown>)[HOLDS_DATA_TAG] === "false");
}

const LOGS = "log events (application requests, statements, audit records): the evidence of what happened just before";

/** Every type that holds data or state, by what it holds. */
export const DATA_HOLDERS: Readonly<Record<string, DataHolder>> = {
    "aws:rds/instance:Instance": { holds: "the database's rows" },
    "aws:rds/cluster:Cluster": { holds: "the cluster's storage and every row in it" },
    "aws:rds/globalCluster:GlobalCluster": { holds: "the global database every regional cluster replicates" },
    "aws:docdb/cluster:Cluster": { holds: "the cluster's documents" },
    "aws:neptune/cluster:Cluster": { holds: "the cluster's graph" },
    "aws:redshift/cluster:Cluster": { holds: "the warehouse's tables" },
    "aws:dynamodb/table:Table": { holds: "the table's items" },
    "aws:efs/fileSystem:FileSystem": { holds: "the file system's files" },
    "aws:opensearch/domain:Domain": { holds: "the domain's indices" },
    // ElastiCache has no deletion protection of its own: DeleteReplicationGroup takes only an
    // optional final snapshot, so protect is what stands between a destroy and the sessions.
    "aws:elasticache/replicationGroup:ReplicationGroup": { holds: "the cache's keys (sessions, rate limits, queued work)" },
    "aws:elasticache/cluster:Cluster": { holds: "the cache's keys" },
    "aws:elasticache/serverlessCache:ServerlessCache": { holds: "the cache's keys" },
    "aws:memorydb/cluster:Cluster": { holds: "the cluster's keys" },
    "aws:s3/bucket:Bucket": { holds: "every object and version in the bucket", mayHoldNothing: true },
    "aws:s3/bucketV2:BucketV2": { holds: "every object and version in the bucket", mayHoldNothing: true },
    "aws:kms/key:Key": { holds: "the key material: everything encrypted with it, backups and snapshots included, becomes unreadable" },
    "aws:secretsmanager/secret:Secret": { holds: "the credentials the services and rotation log in with" },
    "aws:backup/vault:Vault": { holds: "the recovery points in the vault" },
    "aws:ecr/repository:Repository": { holds: "every release image, the running one and its rollback target included" },
    "aws:cloudwatch/logGroup:LogGroup": { holds: LOGS, heldOnceWritten: true },
    "aws:guardduty/detector:Detector": { holds: "the detector's findings" },
};

/** The resource options that keep a data holder (both, unless the stack opted out of data protection). */
export function keptOptions(keep: boolean): { protect: boolean; retainOnDelete: boolean } {
    return { protect: keep, retainOnDelete: keep };
}
