import { Props, resourcePolicy } from "../lib/define";
import { BUSINESS_DAY_CHOICES, BUSINESS_DAYS, BUSINESS_END_HOUR_UTC, BUSINESS_START_HOUR_UTC, BusinessDays } from "../lib/facts/businessHours";
import { known } from "../lib/stack";
import { ELASTICACHE_REPLICATION_GROUP, RDS_INSTANCE } from "../lib/tokens";
import { businessWindows, overlapsAny, parseWindow, Window } from "../lib/facts/windows";

const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster";

/** Where a data store's windows are, by type: its daily backup (snapshot) window with the retention that makes it run, and its weekly maintenance window. */
interface WindowInputs {
    backup?: { window: string; retention: string; retentionDefault: number };
    maintenance: string;
}

/** The window inputs of each type judged. Aurora keeps at least one day of backups, so its window always runs. */
const WINDOWS: Record<string, WindowInputs> = {
    [RDS_INSTANCE[0]]: { backup: { window: "backupWindow", retention: "backupRetentionPeriod", retentionDefault: 0 }, maintenance: "maintenanceWindow" },
    [RDS_CLUSTER]: { backup: { window: "preferredBackupWindow", retention: "backupRetentionPeriod", retentionDefault: 1 }, maintenance: "preferredMaintenanceWindow" },
    [RDS_CLUSTER_INSTANCE]: { maintenance: "preferredMaintenanceWindow" },
    [ELASTICACHE_REPLICATION_GROUP[0]]: { backup: { window: "snapshotWindow", retention: "snapshotRetentionLimit", retentionDefault: 0 }, maintenance: "maintenanceWindow" },
    [ELASTICACHE_CLUSTER]: { backup: { window: "snapshotWindow", retention: "snapshotRetentionLimit", retentionDefault: 0 }, maintenance: "maintenanceWindow" },
};

/** The business day the windows stay out of (the policy config, mirroring expertconnect:monitoring.appSignals). */
export interface BusinessHours {
    businessStartHourUtc: number;
    businessEndHourUtc: number;
    businessDays: BusinessDays;
}

/** Stands for a value computed during preview. */
const UNKNOWN = Symbol("unknown");

/** A window input's value: its text, "unset", or "unknown" (computed during preview: judged once known). */
function windowText(props: Props, key: string): string | "unset" | "unknown" {
    const value = known(() => props[key] as unknown, UNKNOWN);
    if (value === undefined || value === null || value === "") return "unset";
    return typeof value === "string" ? value : "unknown";
}

/**
 * Days of backups a retention input keeps: its number (digits in some states), AWS's default when
 * unset, and 1 while unknown (the window is then judged as if backups run).
 */
function retentionDays(value: unknown, unset: number): number {
    if (typeof value === "number") return value;
    if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
    return value === undefined || value === null ? unset : 1;
}

/** A window's hours for messages: `03:00-04:00` as given. */
const quoted = (key: string, text: string) => `${key} ${JSON.stringify(text)}`;

/**
 * Why a data store's windows could take it down (or slow it) while users work, or [] when they
 * can't: each window that runs is set (AWS otherwise picks one at random in an 8-hour block of the
 * region, which may fall in the business day), lies outside the business day, and the backup
 * window does not overlap the maintenance window (RDS and ElastiCache refuse both at once).
 */
export function offPeakWindowProblems(type: string, props: Props, hours: BusinessHours): string[] {
    const inputs = WINDOWS[type];
    if (inputs === undefined) return [];
    const peak = businessWindows(hours.businessStartHourUtc, hours.businessEndHourUtc, hours.businessDays);
    const business = `the business day (${String(hours.businessStartHourUtc).padStart(2, "0")}:00-${String(hours.businessEndHourUtc).padStart(2, "0")}:00 UTC, ${hours.businessDays})`;
    const problems: string[] = [];
    const judged: Array<{ key: string; text: string; kind: "daily" | "weekly"; window: Window }> = [];
    const judge = (key: string, kind: "daily" | "weekly", what: string) => {
        const text = windowText(props, key);
        if (text === "unknown") return;
        if (text === "unset") {
            problems.push(`${key} is not set: AWS picks the ${what} window at random in an 8-hour block of the region, which may fall in ${business}; set it to off-peak hours`);
            return;
        }
        const window = parseWindow(text, kind);
        if (window === undefined) return; // AWS refuses a malformed window itself
        if (overlapsAny(window, kind, peak)) {
            problems.push(`${quoted(key, text)} falls in ${business}: the ${what} runs while users work; move it to off-peak hours`);
        }
        judged.push({ key, text, kind, window });
    };
    const backup = inputs.backup;
    if (backup && retentionDays(known(() => props[backup.retention] as unknown, UNKNOWN), backup.retentionDefault) > 0) {
        judge(backup.window, "daily", "daily backup");
    }
    judge(inputs.maintenance, "weekly", "weekly maintenance");
    const [daily, weekly] = judged.length === 2 ? judged : [];
    if (daily && weekly && overlapsAny(daily.window, "daily", [weekly.window])) {
        problems.push(`${quoted(daily.key, daily.text)} overlaps ${quoted(weekly.key, weekly.text)}: AWS refuses overlapping windows; keep them apart, both off-peak`);
    }
    return problems;
}

export const dataWindowsOffPeak = resourcePolicy<BusinessHours>({
    name: "data-windows-off-peak",
    description: "Every database and cache (RDS instances, Aurora clusters and their instances, ElastiCache replication groups and clusters) sets its daily backup (snapshot) window, when backups run, " +
        "and its weekly maintenance window outside the business day (the peak the credit-flow alarm watches), without the two overlapping. Judged on the inputs and on the deployed state.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Backup and Recovery › Database Backup › AWS RDS; Security Maintenance › Regular Security Tasks › Update dependencies (applied in the maintenance window)",
        fsbpControl: undefined,
        remediationSteps: "Set the windows off-peak: expertconnect:database.backupWindow and maintenanceWindow (defaults 03:00-04:00 and sun:04:30-sun:05:30), " +
            "the cache's snapshotWindow and maintenanceWindow (components/data/Cache), keeping the backup window clear of the maintenance window. " +
            "A stack that moves its business day sets expertconnect:monitoring.appSignals.business* and this policy's config alike.",
    },
    config: {
        businessStartHourUtc: {
            type: "integer", minimum: 0, maximum: 23, default: BUSINESS_START_HOUR_UTC,
            description: `First hour of the business day, UTC; mirrors expertconnect:monitoring.appSignals.businessStartHourUtc (default ${BUSINESS_START_HOUR_UTC}).`,
        },
        businessEndHourUtc: {
            type: "integer", minimum: 1, maximum: 24, default: BUSINESS_END_HOUR_UTC,
            description: `Hour the business day ends, UTC, exclusive; mirrors expertconnect:monitoring.appSignals.businessEndHourUtc (default ${BUSINESS_END_HOUR_UTC}).`,
        },
        businessDays: {
            type: "string", enum: [...BUSINESS_DAY_CHOICES], default: BUSINESS_DAYS,
            description: `Business days (weekdays: Monday to Friday, or everyday); mirrors expertconnect:monitoring.appSignals.businessDays (default ${BUSINESS_DAYS}).`,
        },
    },
    types: Object.keys(WINDOWS),
    validate: (props, report, { args, config }) => {
        offPeakWindowProblems(args.type, props, config).forEach(p => report(`${p}.`));
    },
});
