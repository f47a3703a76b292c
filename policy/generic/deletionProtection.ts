import { all, given, is, isNot, onlyIf, Rules } from "./checks";
import { concernPolicy, redisLike } from "./concern";

const FINAL_SNAPSHOT = isNot("skipFinalSnapshot", [true]);

/** Types a delete can lose data with, and what keeps it (RDS instances and load balancers have their own policies). */
export const DELETION: Rules = {
    "aws:rds/cluster:Cluster": all(is("deletionProtection", true), FINAL_SNAPSHOT),
    "aws:rds/globalCluster:GlobalCluster": is("deletionProtection", true),
    "aws:docdb/cluster:Cluster": all(is("deletionProtection", true), FINAL_SNAPSHOT),
    "aws:neptune/cluster:Cluster": all(is("deletionProtection", true), FINAL_SNAPSHOT),
    "aws:redshift/cluster:Cluster": FINAL_SNAPSHOT,
    "aws:dynamodb/table:Table": is("deletionProtectionEnabled", true),
    "aws:dynamodb/tableReplica:TableReplica": is("deletionProtectionEnabled", true),
    "aws:elasticache/replicationGroup:ReplicationGroup": onlyIf(redisLike, given("finalSnapshotIdentifier", "deleting the group loses the cache's data")),
    "aws:memorydb/cluster:Cluster": given("finalSnapshotName", "deleting the cluster loses its data"),
    // 0 is ForceDeleteWithoutRecovery: a delete (or a replace) loses the credentials at once;
    // 7 to 30 days (unset: 30) leave time to restore the secret.
    "aws:secretsmanager/secret:Secret": isNot("recoveryWindowInDays", [0]),
};

export const dataDeletionProtection = concernPolicy({
    name: "data-deletion-protection",
    description: "Wherever a store serves production (prod, or dr once a failover began or tagged Environment=prod), every other data store is protected from deletion or leaves a final snapshot: Aurora, DocumentDB, Neptune and global clusters, Redshift, DynamoDB tables, Redis/Valkey replication groups, MemoryDB; Secrets Manager secrets keep a recovery window.",
    metadata: {
        severity: "high",
        guideSection: "Backup and Recovery; Disaster Recovery",
        fsbpControl: "RDS.7",
        remediationSteps: "Set deletionProtection (deletionProtectionEnabled) true and keep a final snapshot (skipFinalSnapshot false, finalSnapshotIdentifier / finalSnapshotName given); for a secret, leave recoveryWindowInDays unset (30 days) or 7–30, never 0.",
    },
    // Production is a role: a promoted dr, or a store tagged as prod's, holds production's data.
    byRole: true,
    rules: DELETION,
});
