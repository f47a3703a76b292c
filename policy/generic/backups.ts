import { ConfigProperty } from "../lib/define";
import { atLeast, is, onlyIf, Rules } from "./checks";
import { concernPolicy, redisLike, standalone } from "./concern";

/** Types that keep backups by a setting, and the setting (RDS instances have their own policy). */
export const BACKUPS: Rules = {
    "aws:rds/cluster:Cluster": atLeast("backupRetentionPeriod", "minimumRetentionDays"),
    "aws:docdb/cluster:Cluster": atLeast("backupRetentionPeriod", "minimumRetentionDays"),
    "aws:neptune/cluster:Cluster": atLeast("backupRetentionPeriod", "minimumRetentionDays"),
    "aws:redshift/cluster:Cluster": atLeast("automatedSnapshotRetentionPeriod", "minimumRetentionDays"),
    "aws:elasticache/replicationGroup:ReplicationGroup": onlyIf(redisLike, atLeast("snapshotRetentionLimit", "minimumSnapshotDays")),
    "aws:elasticache/cluster:Cluster": onlyIf(p => redisLike(p) && standalone(p), atLeast("snapshotRetentionLimit", "minimumSnapshotDays")),
    "aws:elasticache/serverlessCache:ServerlessCache": atLeast("snapshotRetentionLimit", "minimumSnapshotDays"),
    "aws:memorydb/cluster:Cluster": atLeast("snapshotRetentionLimit", "minimumSnapshotDays"),
    "aws:dynamodb/table:Table": is("pointInTimeRecovery.enabled", true),
    "aws:dynamodb/tableReplica:TableReplica": is("pointInTimeRecovery", true),
};

const DAYS = (fallback: number, what: string): ConfigProperty => ({ type: "integer", minimum: 1, maximum: 35, default: fallback, description: what });

export const dataBackupsRetained = concernPolicy({
    name: "data-backups-retained",
    description: "Every other resource type that holds data keeps automated backups: Aurora, DocumentDB, Neptune and Redshift clusters for the minimum days, Redis/Valkey caches and MemoryDB for the minimum snapshot days, DynamoDB with point-in-time recovery.",
    metadata: {
        severity: "high",
        guideSection: "Backup and Recovery › Database Backup",
        fsbpControl: "ElastiCache.1",
        remediationSteps: "Set the retention named in the message to at least the minimum (backupRetentionPeriod, automatedSnapshotRetentionPeriod, snapshotRetentionLimit) or pointInTimeRecovery.enabled true.",
    },
    config: {
        minimumRetentionDays: DAYS(7, "Fewest days database clusters keep automated backups (the guide's 7-day retention)."),
        minimumSnapshotDays: DAYS(1, "Fewest days caches keep automatic snapshots."),
    },
    rules: BACKUPS,
});
