import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

/** Days between runs a schedule allows at most: `cron(...)` by its month and day fields, `rate(n unit)` by its period. */
export function longestGapDays(schedule: string): number | undefined {
    const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(schedule.trim());
    if (rate) {
        const n = Number(rate[1]);
        return rate[2].startsWith("day") ? n : rate[2].startsWith("hour") ? n / 24 : n / 1440;
    }
    const cron = /^cron\((.+)\)$/.exec(schedule.trim());
    const fields = cron?.[1].trim().split(/\s+/);
    if (!fields || fields.length !== 6) {
        return undefined;
    }
    const [, , dayOfMonth, month, dayOfWeek] = fields;
    if (month !== "*") {
        // Some months only: the gap spans at least the months left out.
        const months = month.split(",").length;
        return Math.ceil(366 / months);
    }
    // Every month: a day of the month (or a weekday, or every day) recurs within a month.
    return dayOfMonth !== "?" || dayOfWeek !== "?" ? 31 : undefined;
}

export const backupRestoreTested = stackPolicy<{ maximumDaysBetweenTests: number }>({
    name: "backup-restore-tested",
    description: "In prod, every primary database is in an AWS Backup restore-testing selection whose plan restores a recent recovery point at least every maximumDaysBetweenTests days (the guide's monthly restore test, automated).",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Test backup restoration procedures; Disaster Recovery › Backup Verification",
        fsbpControl: undefined,
        remediationSteps: "Add an aws.backup.RestoreTestingPlan (scheduleExpression at least monthly) and an aws.backup.RestoreTestingSelection of protectedResourceType RDS naming the database's ARN (components/dr/RestoreTesting.ts).",
    },
    config: {
        maximumDaysBetweenTests: { type: "integer", minimum: 1, maximum: 366, default: 31, description: "Most days a restore test may be apart." },
    },
    types: [...RDS_INSTANCE, PLAN, SELECTION],
    onlyWith: RDS_INSTANCE[0],
    validate: (resources, report, { config }) => {
        const plans = ofType(resources, [PLAN]);
        const planOf = linker(plans, ["name", "id"]);
        const selections = ofType(resources, [SELECTION]);
        for (const db of ofType(resources, RDS_INSTANCE)) {
            if (known(() => typeof db.props.replicateSourceDb === "string" && db.props.replicateSourceDb !== "", true)) {
                continue; // A replica is tested through its source's recovery points.
            }
            const arn = knownString(db, "arn");
            const covering = selections.filter((s) => {
                const arns = knownDeep(() => s.props.protectedResourceArns, ["*"]) as unknown[] | undefined;
                return String(known(() => s.props.protectedResourceType, "RDS")).toUpperCase() === "RDS"
                    && (arns ?? []).some((a) => a === "*" || a === arn || arn === undefined || (s.propertyDependencies.protectedResourceArns ?? []).includes(db));
            });
            const name = knownString(db, "identifier") ?? db.name;
            if (covering.length === 0) {
                report(`database ${name} is in no restore-testing selection: nobody learns its backups do not restore until they are needed.`, db.urn);
                continue;
            }
            const gaps = covering.flatMap((s) => planOf(s, "restoreTestingPlanName")).map((p) => {
                const schedule = knownString(p, "scheduleExpression");
                return schedule === undefined ? 0 : longestGapDays(schedule) ?? Infinity;
            });
            if (gaps.length > 0 && Math.min(...gaps) > config.maximumDaysBetweenTests) {
                report(`database ${name}'s restore tests run less often than every ${config.maximumDaysBetweenTests} days.`, db.urn);
            }
        }
    },
});
