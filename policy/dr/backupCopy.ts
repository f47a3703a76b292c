import { PolicyResource } from "@pulumi/policy";

import { anySelectionTakes } from "../backup/assigned";
import { Verdict } from "../backup/selection";
import { drRegionProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType, referencedBy, regionOf, regionOfArn } from "../lib/stack";
import { longestGapDays } from "../lib/schedule";
import { BACKUP_PLAN, BACKUP_SELECTION, RDS_BACKUP_REPLICATION, RDS_INSTANCE } from "../lib/tokens";

/** The guide's manual snapshot copy that this automates. */
export const GUIDE_DR = "Disaster Recovery › AWS Multi-Region Recovery";
/** The guide's failover step the Route 53 policies enforce: users reach the dr region under the application's names. */
export const GUIDE_DR_TRAFFIC = `${GUIDE_DR} (update application configuration: traffic moves to the dr region)`;

/** What AWS Backup runs a rule on when it names no schedule: daily at 05:00 UTC. */
const DEFAULT_BACKUP_SCHEDULE = "cron(0 5 ? * * *)";

interface PlanRule {
    ruleName?: string;
    schedule?: string;
    copyActions?: { destinationVaultArn?: string }[];
}

/** One way a database's backups may reach another region, and what keeps it from counting. */
interface CopyRoute {
    /** Region the copies land in; undefined while unknown (preview). */
    region: string | undefined;
    /** Most days between two copies; undefined while unknown. */
    everyDays: number | undefined;
    /** Whether the route takes this database's backups at all. */
    covers: Verdict;
    /** Names the route in messages. */
    label: string;
}

/** RDS automated-backups replication of `db`: continuous, in the replication resource's region. */
function replicationRoutes(db: PolicyResource, replications: PolicyResource[]): CopyRoute[] {
    return replications
        .filter(r => referencedBy(r, "sourceDbInstanceArn", [db], ["arn"]).length > 0)
        .map((r): CopyRoute => ({ region: regionOf(r), everyDays: 0, covers: "yes", label: `automated-backups replication ${r.name}` }));
}

/** Whether any selection of `plan` assigns `db` to it, judged by the selection's values (AWS's rules). */
function planCovers(db: PolicyResource, plan: PolicyResource, selections: PolicyResource[], planOf: (s: PolicyResource, p: string) => PolicyResource[]): Verdict {
    return anySelectionTakes(selections.filter(s => planOf(s, "planId").includes(plan)), db);
}

/** Each copy action of each rule of each plan, as a route for `db`. */
function planRoutes(db: PolicyResource, plans: PolicyResource[], selections: PolicyResource[]): CopyRoute[] {
    const planOf = linker(plans, ["id"]);
    return plans.flatMap(plan => {
        const rules = knownDeep(() => plan.props.rules as PlanRule[] | undefined);
        const covers = planCovers(db, plan, selections, planOf);
        if (rules === undefined) {
            return [{ region: undefined, everyDays: undefined, covers, label: `backup plan ${plan.name}` } as CopyRoute];
        }
        return rules.flatMap(rule => (rule.copyActions ?? []).map((copy): CopyRoute => ({
            region: regionOfArn(copy.destinationVaultArn),
            everyDays: longestGapDays(rule.schedule ?? DEFAULT_BACKUP_SCHEDULE),
            covers,
            label: `rule ${rule.ruleName ?? "(unnamed)"} of backup plan ${plan.name}`,
        })));
    });
}

/** Why no route brings `db`'s backups to `drRegion` often enough, or undefined when one does (or may). */
export function copyProblem(name: string, routes: CopyRoute[], drRegion: string, maximumDays: number): string | undefined {
    const toDr = routes.filter(r => r.region === undefined || r.region === drRegion);
    const often = toDr.filter(r => r.everyDays === undefined || r.everyDays <= maximumDays);
    if (often.some(r => r.covers !== "no")) {
        return undefined;
    }
    const elsewhere = routes.filter(r => r.region !== undefined && r.region !== drRegion && r.covers !== "no");
    if (often.length > 0) {
        return `database ${name}: ${often.map(r => r.label).join(", ")} copies to ${drRegion}, but no backup selection of that plan assigns the database ` +
            "(by its ARN, or by a tag it carries): add its ARN to the selection's resources.";
    }
    if (toDr.some(r => r.covers !== "no")) {
        const slow = toDr.filter(r => r.covers !== "no").map(r => `${r.label} every ${r.everyDays} days`).join(", ");
        return `database ${name}'s backups reach ${drRegion} only through ${slow}; the schedule must run at least every ${maximumDays} day(s) ` +
            "(the guide's daily backup): set the rule's schedule to a daily cron.";
    }
    if (elsewhere.length > 0) {
        const regions = [...new Set(elsewhere.map(r => r.region))].join(", ");
        return `database ${name}'s backups are copied to ${regions}, not to the dr region ${drRegion}: the dr stack cannot restore them. ` +
            `Point the copy action's destinationVaultArn at a vault in ${drRegion}.`;
    }
    return `database ${name}'s backups are not copied to the dr region ${drRegion}.`;
}

export const drProdBackupCopy = stackPolicy<{ drRegion: string; maximumDaysBetweenCopies: number }>({
    name: "dr-prod-backup-copy",
    description: "In prod, every primary database's backups are copied to the dr region (drRegion) at least every maximumDaysBetweenCopies days: an AWS Backup rule with a copy action to a vault there, whose plan's selection assigns the database (by ARN or by a tag it carries), or RDS automated-backups replication there.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (aws rds copy-db-snapshot --region us-west-2, automated; Backup and Recovery: daily backups)`,
        fsbpControl: undefined,
        remediationSteps: "Add an AWS Backup plan rule running at least daily with a copy action to a vault in the dr region (us-west-2) and a selection naming the database ARN, " +
            "or an aws.rds.InstanceAutomatedBackupsReplication in the dr region.",
    },
    config: {
        drRegion: drRegionProperty(),
        maximumDaysBetweenCopies: {
            type: "number", minimum: 0, maximum: 7, default: 1,
            description: "Most days between two copies of a database's backups to the dr region (default 1: the guide's daily backup).",
        },
    },
    types: [...RDS_INSTANCE, ...BACKUP_PLAN, ...BACKUP_SELECTION, ...RDS_BACKUP_REPLICATION],
    validate: (resources, report, { config }) => {
        const primaries = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
        const replications = ofType(resources, RDS_BACKUP_REPLICATION);
        const plans = ofType(resources, BACKUP_PLAN);
        const selections = ofType(resources, BACKUP_SELECTION);
        for (const db of primaries) {
            const routes = [...replicationRoutes(db, replications), ...planRoutes(db, plans, selections)];
            const problem = copyProblem(knownString(db, "identifier") ?? db.name, routes, config.drRegion, config.maximumDaysBetweenCopies);
            if (problem) {
                report(problem, db.urn);
            }
        }
    },
});
