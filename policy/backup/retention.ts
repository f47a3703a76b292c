import { resourcePolicy } from "../lib/define";
import { BACKUP_PLAN } from "../lib/tokens";

/** The guide's section on backups that AWS Backup automates. */
export const GUIDE_BACKUP = "Backup and Recovery › Database Backup › AWS RDS (automated snapshots, 7-day retention; copy-db-snapshot to us-west-2)";

interface Lifecycle {
    deleteAfter?: number;
}

interface PlanRule {
    ruleName?: string;
    lifecycle?: Lifecycle;
    copyActions?: { destinationVaultArn?: string; lifecycle?: Lifecycle }[];
}

export const backupPlanRetention = resourcePolicy<{ minimumRetentionDays: number }>({
    name: "backup-plan-retention",
    description: "AWS Backup keeps every recovery point, and every copy of one, for at least minimumRetentionDays.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Raise lifecycle.deleteAfter of the rule and of each copy action to at least the minimum (or remove it to keep the points).",
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
            for (const [i, copy] of (rule.copyActions ?? []).entries()) {
                const copyKept = copy.lifecycle?.deleteAfter;
                if (typeof copyKept === "number" && copyKept < floor) {
                    report(`rule ${name}'s copy action #${i} keeps copies ${copyKept} days; the minimum is ${floor}.`);
                }
            }
        }
    },
});
