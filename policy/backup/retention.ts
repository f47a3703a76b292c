import { resourcePolicy } from "../lib/define";
import { BACKUP_RETENTION_FLOOR_DAYS, BACKUP_RETENTION_MAX_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../lib/facts/retention";
import { longestGapDays } from "../lib/schedule";
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
    schedule?: string;
    enableContinuousBackup?: boolean;
    lifecycle?: Lifecycle;
    copyActions?: { destinationVaultArn?: string; lifecycle?: Lifecycle }[];
}

/**
 * Why a rule's recovery points (or their copies, made after each run) leave days with none, or
 * undefined: a point kept `kept` days (undefined: forever) must outlive the longest interval
 * between two runs of the rule's schedule, as AWS Backup reads it (policy/lib/schedule.ts), or it
 * is deleted before the next one exists. For a continuous rule the schedule is the sync of its
 * single recovery point, and AWS Backup says a retention not above that frequency lets the
 * point go EXPIRED (Changing your retention period, AWS Backup developer guide).
 */
export function coverageGap(schedule: string | undefined, kept: number | undefined): string | undefined {
    const gap = typeof schedule === "string" ? longestGapDays(schedule) : undefined;
    if (gap === undefined || kept === undefined || kept > gap) {
        return undefined;
    }
    return `runs up to ${gap} days apart (${schedule}) but keeps its points ${kept} days: ` +
        "for part of every interval there is no recovery point at all";
}

/** Why a continuous rule's retention is one AWS Backup does not keep (1 to 35 days; none means forever), or undefined. */
export function continuousRetentionProblem(kept: number | undefined): string | undefined {
    if (kept !== undefined && kept >= 1 && kept <= BACKUP_RETENTION_MAX_DAYS) {
        return undefined;
    }
    return `keeps point-in-time recovery ${kept === undefined ? "forever (no lifecycle.deleteAfter)" : `${kept} days`}; ` +
        `AWS Backup keeps continuous backups 1 to ${BACKUP_RETENTION_MAX_DAYS} days`;
}

export const backupPlanRetention = resourcePolicy<{ minimumRetentionDays: number; maximumRetentionDays: number }>({
    name: "backup-plan-retention",
    description: "AWS Backup keeps every recovery point, and every copy of one, for at least minimumRetentionDays and at most maximumRetentionDays (a rule or copy without lifecycle.deleteAfter keeps them forever), " +
        "and longer than the longest interval between its rule's runs (the schedule as AWS Backup reads it), so the points cover time without gaps; a continuous rule keeps 1 to 35 days.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Set lifecycle.deleteAfter on the rule and on each copy action, between the minimum and the maximum " +
            `(${BACKUP_RETENTION_FLOOR_DAYS} to ${RECOVERY_RETENTION_LIMIT_DAYS} days, policy/lib/facts/retention.ts): without it AWS Backup keeps the points forever. ` +
            "Keep points and copies longer than the longest interval between the rule's runs (or run the rule more often); keep a continuous rule's deleteAfter between 1 and 35.",
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
        const judge = (what: string, lifecycle: Lifecycle | undefined, schedule: string | undefined, note = "") => {
            const kept = keptDays(lifecycle);
            // A copy is made after each run, so copies must bridge the same interval as the points.
            const gap = coverageGap(schedule, kept === "forever" ? undefined : kept);
            if (gap) {
                report(`${what} ${gap.replace("keeps its points", "keeps them")}${note}. Keep them longer than the interval, or run the rule more often.`);
            }
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
            const kept = keptDays(rule.lifecycle);
            const continuous = rule.enableContinuousBackup === true ? continuousRetentionProblem(kept === "forever" ? undefined : kept) : undefined;
            if (continuous) {
                report(`rule ${name} ${continuous} (AWS Backup lets the continuous recovery point go EXPIRED). Set lifecycle.deleteAfter within that range.`);
            }
            judge(`rule ${name} makes recovery points and`, rule.lifecycle, rule.schedule,
                rule.enableContinuousBackup === true ? " (AWS Backup lets the continuous recovery point go EXPIRED)" : "");
            for (const [i, copy] of (rule.copyActions ?? []).entries()) {
                judge(`rule ${name}'s copy action #${i} copies to ${copy.destinationVaultArn ?? "another vault"} and`, copy.lifecycle, rule.schedule,
                    ", and a region loss leaves nothing to restore");
            }
        }
    },
});
