/**
 * The AWS Backup plan's rules, as a pure function so retention and schedules are tested
 * without mocks. Values are plain: the vault name and copy-vault ARN are resolved by the caller.
 */

import { BACKUP_RETENTION_MAX_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../../policy/lib/facts/retention";

export interface BackupRuleInputs {
    /** Vault the rules write into (this region). */
    vaultName: string;
    /** Vault in the recovery region the daily recovery points are copied to. */
    copyVaultArn: string;
    /** Days the daily snapshots are kept in this region. */
    dailyRetentionDays: number;
    /**
     * Days of point-in-time recovery. AWS Backup takes over the instance's automated backups
     * and sets their retention to this, so it should equal the instance's backupRetentionPeriod.
     */
    continuousRetentionDays: number;
    /** Days the copies are kept in the recovery region. */
    copyRetentionDays: number;
    /** Tags every recovery point carries (cost split, ownership). */
    recoveryPointTags: Record<string, string>;
    /** The vaults' locked minimum retention: AWS Backup rejects a rule that keeps less. */
    minRetentionDays: number;
}

/** Throws, naming the rule, when a retention is one AWS Backup or the vault lock would reject. */
export function checkRetention(i: Pick<BackupRuleInputs, "continuousRetentionDays" | "dailyRetentionDays" | "copyRetentionDays" | "minRetentionDays">): void {
    if (!Number.isInteger(i.continuousRetentionDays) || i.continuousRetentionDays < 1 || i.continuousRetentionDays > BACKUP_RETENTION_MAX_DAYS) {
        throw new Error(`continuous backup retention ${i.continuousRetentionDays} days; allowed: 1 to ${BACKUP_RETENTION_MAX_DAYS}`);
    }
    const retentions = { continuous: i.continuousRetentionDays, daily: i.dailyRetentionDays, copy: i.copyRetentionDays };
    for (const [rule, days] of Object.entries(retentions)) {
        if (days < i.minRetentionDays) {
            throw new Error(`${rule} backup retention ${days} days; allowed: at least the vault lock's minimum of ${i.minRetentionDays}`);
        }
        if (days > RECOVERY_RETENTION_LIMIT_DAYS) {
            throw new Error(`${rule} backup retention ${days} days; allowed: at most the vault lock's maximum of ${RECOVERY_RETENTION_LIMIT_DAYS}`);
        }
    }
}

/** One backup rule as `aws.backup.Plan` takes it. */
export interface BackupRule {
    ruleName: string;
    targetVaultName: string;
    schedule: string;
    scheduleExpressionTimezone: string;
    startWindow: number;
    completionWindow: number;
    enableContinuousBackup: boolean;
    lifecycle: { deleteAfter: number };
    copyActions?: Array<{ destinationVaultArn: string; lifecycle: { deleteAfter: number } }>;
    recoveryPointTags: Record<string, string>;
}

/**
 * Two rules:
 * - `continuous`: point-in-time recovery (RDS ships transaction logs every five minutes), the
 *   quickest way back from a bad migration or deleted rows;
 * - `daily`: a snapshot at 06:00 UTC, after the instance's 03:00-04:00 backup window and its
 *   Sunday 04:30-05:30 maintenance window, copied to the recovery region's vault. Copies are
 *   made from snapshots: they survive the loss of the primary region even if the replica is
 *   corrupted by the same bad write.
 */
export function backupRules(i: BackupRuleInputs): BackupRule[] {
    checkRetention(i);
    const common = {
        targetVaultName: i.vaultName,
        scheduleExpressionTimezone: "Etc/UTC",
        startWindow: 60,
        recoveryPointTags: i.recoveryPointTags,
    };
    return [
        {
            ...common,
            ruleName: "continuous",
            // Continuous rules still need a schedule: AWS Backup uses it to sync the recovery point.
            schedule: "cron(0 7 ? * * *)",
            completionWindow: 180,
            enableContinuousBackup: true,
            lifecycle: { deleteAfter: i.continuousRetentionDays },
        },
        {
            ...common,
            ruleName: "daily",
            schedule: "cron(0 6 ? * * *)",
            completionWindow: 360,
            enableContinuousBackup: false,
            lifecycle: { deleteAfter: i.dailyRetentionDays },
            copyActions: [{ destinationVaultArn: i.copyVaultArn, lifecycle: { deleteAfter: i.copyRetentionDays } }],
        },
    ];
}
