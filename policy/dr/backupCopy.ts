import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, ofType, referencedBy, regionOf, regionOfArn } from "../lib/stack";
import { BACKUP_PLAN, BACKUP_SELECTION, RDS_BACKUP_REPLICATION, RDS_INSTANCE } from "../lib/tokens";

/** The guide's manual snapshot copy that this automates. */
export const GUIDE_DR = "Disaster Recovery › AWS Multi-Region Recovery";

interface PlanRule {
    copyActions?: { destinationVaultArn?: string }[];
}

/** "same" when every copy stays in `region`, "other" when one leaves it, "unknown" when it can't be told yet. */
type Copy = "none" | "same" | "other" | "unknown";

function combine(results: Copy[]): Copy {
    for (const r of ["other", "unknown", "same"] as const) {
        if (results.includes(r)) {
            return r;
        }
    }
    return "none";
}

function compare(destination: string | undefined, source: string | undefined): Copy {
    return destination === undefined || source === undefined ? "unknown" : destination === source ? "same" : "other";
}

/** The stack's means of copying backups, gathered once. */
interface CopyMeans {
    replications: PolicyResource[];
    plans: PolicyResource[];
    selections: PolicyResource[];
}

/** Copies of `db`'s backups through RDS automated-backups replication. */
function replicationCopies(db: PolicyResource, { replications }: CopyMeans, region: string | undefined): Copy {
    return combine(replications
        .filter(r => referencedBy(r, "sourceDbInstanceArn", [db], ["arn"]).length > 0)
        .map(r => compare(regionOf(r), region)));
}

/** Copies of `db`'s backups through an AWS Backup plan whose selection covers it. */
function backupPlanCopies(db: PolicyResource, { plans, selections }: CopyMeans, region: string | undefined): { copy: Copy; uncovered: boolean } {
    const results = plans.map(plan => {
        const rules = knownDeep(() => plan.props.rules as PlanRule[] | undefined);
        if (rules === undefined) {
            return { copy: "unknown" as Copy, covers: true };
        }
        const copy = combine(rules.flatMap(r => (r.copyActions ?? []).map(c => compare(regionOfArn(c.destinationVaultArn), region))));
        const covers = selections.some(s => referencedBy(s, "planId", [plan], ["id"]).length > 0
            && (referencedBy(s, "resources", [db], ["arn"]).length > 0 || known(() => s.props.resources, undefined) === undefined));
        return { copy, covers };
    });
    const crossRegion = results.filter(r => r.copy === "other" || r.copy === "unknown");
    return {
        copy: combine(results.filter(r => r.covers).map(r => r.copy)),
        uncovered: crossRegion.length > 0 && !crossRegion.some(r => r.covers),
    };
}

export const drProdBackupCopy = stackPolicy({
    name: "dr-prod-backup-copy",
    description: "In prod, every primary database's backups are copied to another region (AWS Backup copy action or RDS automated-backups replication).",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (aws rds copy-db-snapshot --region us-west-2, automated)`,
        fsbpControl: undefined,
        remediationSteps: "Add an AWS Backup plan rule with a copy action to the us-west-2 vault and a selection naming the database ARN, " +
            "or an aws.rds.InstanceAutomatedBackupsReplication in us-west-2.",
    },
    validate: (resources, report) => {
        const primaries = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
        const means: CopyMeans = {
            replications: ofType(resources, RDS_BACKUP_REPLICATION),
            plans: ofType(resources, BACKUP_PLAN),
            selections: ofType(resources, BACKUP_SELECTION),
        };
        for (const db of primaries) {
            const region = regionOf(db);
            const plan = backupPlanCopies(db, means, region);
            const copy = combine([replicationCopies(db, means, region), plan.copy]);
            if (copy === "other" || copy === "unknown") {
                continue;
            }
            const name = db.name;
            if (plan.uncovered) {
                report(`database ${name}: a backup plan copies to another region, but no backup selection of that plan covers the database.`, db.urn);
            } else if (copy === "same") {
                report(`database ${name}'s backups are copied only within ${region}.`, db.urn);
            } else {
                report(`database ${name}'s backups are not copied to another region.`, db.urn);
            }
        }
    },
});
