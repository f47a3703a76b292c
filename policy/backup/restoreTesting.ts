import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { longestGapDays } from "../lib/schedule";
import { RDS_INSTANCE } from "../lib/tokens";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const DB_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";

/**
 * Why a restore-testing selection restores the database where it should not be, or undefined.
 * Without a dbSubnetGroupName of the stack, AWS Backup restores into the default VPC's default
 * subnet group (public subnets, when that VPC exists at all); publiclyAccessible "true" gives the
 * copy of production data a public endpoint.
 */
export function restorePlacementProblem(selection: PolicyResource, subnetGroups: PolicyResource[]): string | undefined {
    const overrides = knownDeep(() => selection.props.restoreMetadataOverrides ?? {}) as Record<string, unknown> | undefined;
    if (overrides === undefined) {
        return undefined;
    }
    if (String(overrides.publiclyAccessible ?? "").toLowerCase() === "true") {
        return "restores it publicly accessible (restoreMetadataOverrides.publiclyAccessible): a copy of production data gets a public endpoint. Remove the override";
    }
    const group = overrides.dbSubnetGroupName;
    const ownGroups = new Set(subnetGroups.flatMap(g => [knownString(g, "name"), knownString(g, "id")]).filter(n => n !== undefined));
    const dependsOnOwn = (selection.propertyDependencies.restoreMetadataOverrides ?? []).some(d => subnetGroups.includes(d));
    const foreign = typeof group === "string" && !ownGroups.has(group) && !dependsOnOwn && (ownGroups.size > 0 || group.toLowerCase() === "default");
    if (typeof group !== "string" || foreign) {
        return `restores it into ${typeof group === "string" ? `subnet group ${group}, not one of the stack's` : "the default VPC's default subnet group (no dbSubnetGroupName)"}: ` +
            "the copy of production data lands outside the isolated database subnets. Set restoreMetadataOverrides.dbSubnetGroupName to the database's subnet group";
    }
    return undefined;
}

export const backupRestoreTested = stackPolicy<{ maximumDaysBetweenTests: number }>({
    name: "backup-restore-tested",
    description: "In prod, every primary database is in an AWS Backup restore-testing selection whose plan restores a recent recovery point at least every maximumDaysBetweenTests days (the guide's monthly restore test, automated), into a DB subnet group of the stack and never publicly accessible.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Test backup restoration procedures; Disaster Recovery › Backup Verification",
        fsbpControl: undefined,
        remediationSteps: "Add an aws.backup.RestoreTestingPlan (scheduleExpression at least monthly) and an aws.backup.RestoreTestingSelection of protectedResourceType RDS naming the database's ARN, restoreMetadataOverrides.dbSubnetGroupName the database's subnet group and no publiclyAccessible override (components/dr/RestoreTesting.ts).",
    },
    config: {
        maximumDaysBetweenTests: { type: "integer", minimum: 1, maximum: 366, default: 31, description: "Most days a restore test may be apart." },
    },
    types: [...RDS_INSTANCE, PLAN, SELECTION, DB_SUBNET_GROUP],
    onlyWith: RDS_INSTANCE[0],
    validate: (resources, report, { config }) => {
        const plans = ofType(resources, [PLAN]);
        const planOf = linker(plans, ["name", "id"]);
        const selections = ofType(resources, [SELECTION]);
        const subnetGroups = ofType(resources, [DB_SUBNET_GROUP]);
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
            for (const s of covering) {
                const problem = restorePlacementProblem(s, subnetGroups);
                if (problem) {
                    report(`restore-testing selection ${knownString(s, "name") ?? s.name} of database ${name} ${problem}.`, s.urn);
                }
            }
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
