import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { BACKUP_RETENTION_FLOOR_DAYS, BACKUP_RETENTION_MAX_DAYS } from "../lib/facts/retention";
import { FAILOVER_PHASE_TAG } from "../lib/facts/failoverPhase";
import { GUIDE_RDS_BACKUP, isPromoting, isReplica } from "./instance";

export const rdsBackupRetention = resourcePolicy<{ minimumRetentionDays: number }>({
    name: "rds-backup-retention",
    description: "RDS primaries keep automated backups for at least the configured number of days.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_RDS_BACKUP} ("automated snapshots … ${BACKUP_RETENTION_FLOOR_DAYS}-day retention")`,
        fsbpControl: "RDS.11",
        remediationSteps: "Set backupRetentionPeriod to at least the minimum (expertconnect:database.backupRetentionDays). " +
            "Read replicas are exempt: RDS rejects backup settings on a PostgreSQL replica until it is promoted; " +
            `so is the dr database during the promote phase of a failover (tagged ${FAILOVER_PHASE_TAG}=promote), until the promoted phase.`,
    },
    config: {
        // The guide's floor; RDS keeps at most 35 days.
        minimumRetentionDays: {
            type: "integer", minimum: BACKUP_RETENTION_FLOOR_DAYS, maximum: BACKUP_RETENTION_MAX_DAYS, default: BACKUP_RETENTION_FLOOR_DAYS,
            description: "Fewest days of automated backups.",
        },
    },
    environments: ["prod", "dr"],
    types: RDS_INSTANCE,
    validate: (props, report, { config, args }) => {
        if (isReplica(props)) {
            return args.notApplicable("read replicas are exempt until promoted");
        }
        if (isPromoting(props, config.environment)) {
            return args.notApplicable(`dr database tagged ${FAILOVER_PHASE_TAG}=promote: backups are enabled by the promoted phase`);
        }
        const days = props.backupRetentionPeriod;
        if (typeof days !== "number") {
            report(`backupRetentionPeriod is not set (RDS would keep 1 day); set at least ${config.minimumRetentionDays}.`);
        } else if (days < config.minimumRetentionDays) {
            report(`backupRetentionPeriod is ${days} days; the minimum is ${config.minimumRetentionDays}.`);
        }
    },
});
