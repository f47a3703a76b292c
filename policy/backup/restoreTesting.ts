import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { longestGapDays } from "../lib/schedule";
import { RDS_INSTANCE } from "../lib/tokens";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

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
            // A selection whose plan is gone (deleted, or a name no plan has) schedules nothing.
            const planned = covering.map((s) => ({ s, plans: planOf(s, "restoreTestingPlanName") }));
            const withPlan = planned.filter(({ s, plans }) => plans.length > 0 || knownString(s, "restoreTestingPlanName") === undefined);
            if (withPlan.length === 0) {
                const names = [...new Set(covering.map((s) => knownString(s, "restoreTestingPlanName")))].join(", ");
                report(`database ${name}'s restore-testing selection names plan ${names}, which this stack does not have: no restore test ever runs. ` +
                    "Add the aws.backup.RestoreTestingPlan back (or point the selection at an existing plan).", db.urn);
                continue;
            }
            const gaps = withPlan.flatMap(({ plans }) => plans).map((p) => {
                const schedule = knownString(p, "scheduleExpression");
                return schedule === undefined ? 0 : longestGapDays(schedule) ?? Infinity;
            });
            if (gaps.length > 0 && Math.min(...gaps) > config.maximumDaysBetweenTests) {
                report(`database ${name}'s restore tests run less often than every ${config.maximumDaysBetweenTests} days.`, db.urn);
            }
        }
    },
});
