import { resourcePolicy } from "../lib/define";
import { BACKUP_RETENTION_MAX_DAYS } from "../lib/facts/backupRetention";
import { longestGapDays } from "../lib/schedule";
import { BACKUP_PLAN } from "../lib/tokens";

/** The guide's section on backups that AWS Backup automates. */
export const GUIDE_BACKUP = "Backup and Recovery › Database Backup › AWS RDS (automated snapshots, 7-day retention; copy-db-snapshot to us-west-2)";

interface Lifecycle {
    deleteAfter?: number;
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

export const backupPlanRetention = resourcePolicy<{ minimumRetentionDays: number }>({
    name: "backup-plan-retention",
    description: "AWS Backup keeps every recovery point, and every copy of one, for at least minimumRetentionDays and longer than the longest interval " +
        "between its rule's runs (the schedule as AWS Backup reads it), so the points cover time without gaps; a continuous rule keeps 1 to 35 days.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Raise lifecycle.deleteAfter of the rule and of each copy action to at least the minimum and above the longest interval " +
            "between the rule's runs (or run the rule more often); keep a continuous rule's deleteAfter between 1 and 35 and above its schedule's interval.",
    },
    config: {
        minimumRetentionDays: { type: "integer", minimum: 7, maximum: 36500, default: 7, description: "Fewest days a recovery point or its copy is kept." },
    },
    types: BACKUP_PLAN,
    validate: (props, report, { config }) => {
        const rules: PlanRule[] = Array.isArray(props.rules) ? props.rules : [];
        const floor = config.minimumRetentionDays;
        for (const rule of rules) {
            const name = rule.ruleName ?? "(unnamed)";
            const kept = rule.lifecycle?.deleteAfter;
            if (typeof kept === "number" && kept < floor) {
                report(`rule ${name} deletes recovery points after ${kept} days; the minimum is ${floor}.`);
            }
            const days = (n: unknown) => (typeof n === "number" ? n : undefined);
            const continuous = rule.enableContinuousBackup === true ? continuousRetentionProblem(days(kept)) : undefined;
            if (continuous) {
                report(`rule ${name} ${continuous}. Set lifecycle.deleteAfter within that range.`);
            }
            const gap = coverageGap(rule.schedule, days(kept));
            if (gap) {
                report(`rule ${name} ${gap}${rule.enableContinuousBackup === true ? " (AWS Backup lets the continuous recovery point go EXPIRED)" : ""}. ` +
                    "Keep the points longer than the interval, or run the rule more often.");
            }
            for (const [i, copy] of (rule.copyActions ?? []).entries()) {
                const copyKept = copy.lifecycle?.deleteAfter;
                if (typeof copyKept === "number" && copyKept < floor) {
                    report(`rule ${name}'s copy action #${i} keeps copies ${copyKept} days; the minimum is ${floor}.`);
                }
                // A copy is made after each run, so the copies must bridge the same interval.
                const copyGap = coverageGap(rule.schedule, days(copyKept));
                if (copyGap) {
                    report(`rule ${name}'s copy action #${i} ${copyGap.replace("its points", "its copies").replace("no recovery point", "no copy")}, and a region loss leaves nothing to restore. ` +
                        "Keep the copies longer than the interval.");
                }
            }
        }
    },
});
