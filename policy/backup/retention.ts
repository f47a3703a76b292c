import { resourcePolicy } from "../lib/define";
import { BACKUP_RETENTION_FLOOR_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../lib/facts/retention";
import { BACKUP_PLAN } from "../lib/tokens";

/** The guide's section on backups that AWS Backup automates. */
export const GUIDE_BACKUP = "Backup and Recovery › Database Backup › AWS RDS (automated snapshots, 7-day retention; copy-db-snapshot to us-west-2)";

interface Lifecycle {
    deleteAfter?: number;
}

/**
 * Days a lifecycle keeps recovery points, or "forever": AWS Backup keeps a point indefinitely when
 * the rule or copy action has no lifecycle, no deleteAfter (a cold-storage move alone deletes
 * nothing) or deleteAfter -1 (AWS Backup Lifecycle: "specify -1 … to keep your recovery points
 * indefinitely").
 */
export function keptDays(lifecycle: Lifecycle | undefined): number | "forever" {
    const days = lifecycle?.deleteAfter;
    return typeof days === "number" && days > 0 ? days : "forever";
}

interface PlanRule {
    ruleName?: string;
    lifecycle?: Lifecycle;
    copyActions?: { destinationVaultArn?: string; lifecycle?: Lifecycle }[];
}

export const backupPlanRetention = resourcePolicy<{ minimumRetentionDays: number; maximumRetentionDays: number }>({
    name: "backup-plan-retention",
    description: "AWS Backup keeps every recovery point, and every copy of one, for at least minimumRetentionDays and at most maximumRetentionDays (a rule or copy without lifecycle.deleteAfter keeps them forever).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Set lifecycle.deleteAfter on the rule and on each copy action, between the minimum and the maximum " +
            `(${BACKUP_RETENTION_FLOOR_DAYS} to ${RECOVERY_RETENTION_LIMIT_DAYS} days, policy/lib/facts/retention.ts): without it AWS Backup keeps the points forever.`,
    },
    config: {
        minimumRetentionDays: {
            type: "integer", minimum: BACKUP_RETENTION_FLOOR_DAYS, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: BACKUP_RETENTION_FLOOR_DAYS,
            description: "Fewest days a recovery point or its copy is kept.",
        },
        maximumRetentionDays: {
            type: "integer", minimum: BACKUP_RETENTION_FLOOR_DAYS, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: RECOVERY_RETENTION_LIMIT_DAYS,
            description: `Most days a recovery point or its copy is kept (default and upper bound ${RECOVERY_RETENTION_LIMIT_DAYS}); config may lower it only.`,
        },
    },
    types: BACKUP_PLAN,
    validate: (props, report, { config }) => {
        const rules: PlanRule[] = Array.isArray(props.rules) ? props.rules : [];
        const floor = config.minimumRetentionDays;
        const limit = Math.max(floor, config.maximumRetentionDays);
        const judge = (what: string, lifecycle: Lifecycle | undefined) => {
            const kept = keptDays(lifecycle);
            if (kept === "forever") {
                report(`${what} keeps them forever (no lifecycle.deleteAfter, or -1): recovery points hold the data of users long erased from the database; keep them at most ${limit} days.`);
            } else if (kept < floor) {
                report(`${what} keeps them ${kept} days; the minimum is ${floor}.`);
            } else if (kept > limit) {
                report(`${what} keeps them ${kept} days; the maximum is ${limit}: recovery points hold the data of users long erased from the database.`);
            }
        };
        for (const rule of rules) {
            const name = rule.ruleName ?? "(unnamed)";
            judge(`rule ${name} makes recovery points and`, rule.lifecycle);
            for (const [i, copy] of (rule.copyActions ?? []).entries()) {
                judge(`rule ${name}'s copy action #${i} copies to ${copy.destinationVaultArn ?? "another vault"} and`, copy.lifecycle);
            }
        }
    },
});
