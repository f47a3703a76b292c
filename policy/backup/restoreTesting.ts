import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { isPolicyError, NormalPolicy } from "../lib/iam/document";
import { evaluateDetailed, PROBE_NAME } from "../lib/iam/evaluate";
import { Identity, identitiesOf } from "../iam/identities";
import { stackPolicy } from "../lib/define";
import { parsePattern, patternMatches } from "../lib/eventPattern";
import { FRESHNESS_QUERY_SETTING, freshnessQueryProblem, MAX_AGE_SETTING, maxAgeProblem } from "../lib/facts/restoreValidation";
import { ec2Id, known, knownDeep, knownString, linker, ofType, regionOf, regionOfArn, stackRegion, valueLinker } from "../lib/stack";
import { longestGapDays } from "../lib/schedule";
import { BACKUP_PLAN, BACKUP_SELECTION, BACKUP_VAULT, RDS_INSTANCE, SECURITY_GROUP } from "../lib/tokens";
import { anySelectionTakes, candidateOf } from "./assigned";
import { selects, SelectionProps, Verdict, wildcardMatch } from "./selection";

const PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const DB_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
const LAMBDA = "aws:lambda/function:Function";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PENDING = Symbol("not known yet");

const sameRegion = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

/** What a restore is placed into: the stack's subnet groups and security groups of the selection's region. */
export interface PlacementContext {
    region: string | undefined;
    subnetGroups: PolicyResource[];
    securityGroups: PolicyResource[];
}

/** The security group ids of a `vpcSecurityGroupIds` override (a JSON array in a string, or a comma list). */
function groupIds(value: unknown): string[] | undefined {
    if (typeof value !== "string") return undefined;
    try {
        const parsed = JSON.parse(value);
        return Array.isArray(parsed) && parsed.every(v => typeof v === "string") ? parsed : undefined;
    } catch {
        return value.split(",").map(v => v.trim()).filter(v => v !== "");
    }
}

/**
 * Why a restore-testing selection restores the database where it should not be, or undefined.
 * Without a dbSubnetGroupName of the stack, AWS Backup restores into the default VPC's default
 * subnet group (public subnets, when that VPC exists at all); publiclyAccessible "true" gives the
 * copy of production data a public endpoint. A restore job runs in the recovery point's region,
 * so every override naming a place (subnet group, security groups, availability zone, an ARN such
 * as a KMS key) must name one of the stack's in the selection's region.
 */
export function restorePlacementProblem(selection: PolicyResource, place: PlacementContext): string | undefined {
    const overrides = knownDeep(() => selection.props.restoreMetadataOverrides ?? {}) as Record<string, unknown> | undefined;
    if (overrides === undefined) {
        return undefined;
    }
    if (String(overrides.publiclyAccessible ?? "").toLowerCase() === "true") {
        return "restores it publicly accessible (restoreMetadataOverrides.publiclyAccessible): a copy of production data gets a public endpoint. Remove the override";
    }
    const dependencies = selection.propertyDependencies.restoreMetadataOverrides ?? [];
    const group = overrides.dbSubnetGroupName;
    const subnetGroups = place.subnetGroups.filter(g => sameRegion(regionOf(g), place.region));
    const ownGroups = new Set(subnetGroups.flatMap(g => [knownString(g, "name"), knownString(g, "id")]).filter(n => n !== undefined));
    const dependsOnOwn = dependencies.some(d => subnetGroups.includes(d));
    const foreign = typeof group === "string" && !ownGroups.has(group) && !dependsOnOwn && (place.subnetGroups.length > 0 || group.toLowerCase() === "default");
    if (typeof group !== "string" || foreign) {
        return `restores it into ${typeof group === "string" ? `subnet group ${group}, not one of the stack's${place.region ? ` in ${place.region}` : ""}` : "the default VPC's default subnet group (no dbSubnetGroupName)"}: ` +
            "the copy of production data lands outside the isolated database subnets. Set restoreMetadataOverrides.dbSubnetGroupName to the database's subnet group";
    }
    if (!("vpcSecurityGroupIds" in overrides)) {
        return "restores it behind its VPC's default security group (no vpcSecurityGroupIds): that group admits nothing from the validator, so the copy cannot be checked and every test fails. " +
            "Set restoreMetadataOverrides.vpcSecurityGroupIds to the database's security group";
    }
    const ids = groupIds(overrides.vpcSecurityGroupIds);
    const securityGroups = place.securityGroups.filter(g => sameRegion(regionOf(g), place.region));
    const ownIds = securityGroups.map(ec2Id);
    // Judged by value once the ids are known (in preview the override is unknown as a whole).
    if (ids !== undefined && ownIds.length > 0 && !ownIds.includes(undefined)) {
        const strangers = ids.filter(id => !ownIds.includes(id));
        if (strangers.length > 0) {
            return `restores it behind security group ${strangers.join(", ")}, not one of the stack's${place.region ? ` in ${place.region}` : ""}: ` +
                "the restored copy is reachable as that group allows, or the restore fails. Set restoreMetadataOverrides.vpcSecurityGroupIds to the database's security group";
        }
    }
    const zone = overrides.availabilityZone;
    if (typeof zone === "string" && place.region !== undefined && !zone.startsWith(place.region)) {
        return `restores it into availability zone ${zone}, outside ${place.region} where its recovery points are: the restore job fails. Remove the override or name a zone of ${place.region}`;
    }
    for (const [key, value] of Object.entries(overrides)) {
        const elsewhere = typeof value === "string" && value.startsWith("arn:") ? regionOfArn(value) : undefined;
        if (elsewhere !== undefined && !sameRegion(elsewhere, place.region)) {
            return `names ${value} (restoreMetadataOverrides.${key}) in ${elsewhere}, while the restore runs in ${place.region}: the restore job fails. Name a resource of ${place.region}`;
        }
    }
    return undefined;
}

/** Whether a restore-testing selection takes the database: its ARNs ("*" or exact ARNs, no partial wildcards) and its conditions, as AWS Backup reads them. */
export function restoreSelectionTakes(selection: PolicyResource, db: PolicyResource): Verdict {
    if (String(known(() => selection.props.protectedResourceType, "RDS")).toUpperCase() !== "RDS") {
        return "no";
    }
    const arns = knownDeep(() => selection.props.protectedResourceArns as unknown[] | undefined, null);
    const conditions = knownDeep(() => selection.props.protectedResourceConditions as NonNullable<SelectionProps["conditions"]>[number] | undefined, null);
    if (arns === null || conditions === null) {
        // Preview: the values are unknown; the selection's dependency on the database is the evidence left.
        return (selection.propertyDependencies.protectedResourceArns ?? []).includes(db) ? "yes" : "unknown";
    }
    const resources = (arns ?? []).filter(a => typeof a !== "string" || a === "*" || !a.includes("*"));
    return selects({ resources, conditions: conditions ? [conditions] : [] }, candidateOf(db));
}

/** A vault holding the database's recovery points in its region: its ARN, the points' type, and most days between two of them. */
interface Holder {
    vault: string | undefined;
    type: "CONTINUOUS" | "SNAPSHOT";
    gap: number | undefined;
}

interface PlanRule {
    targetVaultName?: unknown;
    schedule?: unknown;
    enableContinuousBackup?: boolean;
    copyActions?: { destinationVaultArn?: unknown }[];
}

/**
 * The vaults of the database's region that the stack's backup plans write its recovery points
 * into (targets of the rules of plans whose selections take it, and copies kept in that region),
 * or undefined when that cannot be told (a selection or rule not known yet).
 */
function holdersOf(db: PolicyResource, backup: { plans: PolicyResource[]; selections: PolicyResource[]; vaults: PolicyResource[] }, home: string | undefined, account: string | undefined): Holder[] | undefined {
    const region = regionOf(db) ?? home;
    const planOf = linker(backup.plans, ["id"]);
    const vaultArn = (name: string) => backup.vaults.filter(v => knownString(v, "name") === name && sameRegion(regionOf(v), region)).map(v => knownString(v, "arn"))[0]
        ?? (region && account ? `arn:aws:backup:${region}:${account}:backup-vault:${name}` : undefined);
    const holders: Holder[] = [];
    for (const plan of backup.plans.filter(p => sameRegion(regionOf(p) ?? home, region))) {
        const taken = anySelectionTakes(backup.selections.filter(s => planOf(s, "planId").includes(plan)), db);
        if (taken === "no") continue;
        const rules = knownDeep(() => plan.props.rules as PlanRule[] | undefined);
        if (taken === "unknown" || rules === undefined) return undefined;
        for (const rule of rules) {
            if (typeof rule.targetVaultName !== "string") return undefined;
            const continuous = rule.enableContinuousBackup === true;
            const gap = continuous ? 0 : typeof rule.schedule === "string" ? longestGapDays(rule.schedule) : undefined;
            holders.push({ vault: vaultArn(rule.targetVaultName), type: continuous ? "CONTINUOUS" : "SNAPSHOT", gap });
            for (const copy of rule.copyActions ?? []) {
                const arn = copy.destinationVaultArn;
                if (typeof arn === "string" && regionOfArn(arn) === region) holders.push({ vault: arn, type: "SNAPSHOT", gap });
            }
        }
    }
    return holders;
}

interface RecoveryPointSelection {
    includeVaults?: unknown[];
    excludeVaults?: unknown[];
    recoveryPointTypes?: unknown[];
    selectionWindowDays?: unknown;
}

/**
 * Why a restore-testing plan never restores the database's recovery points, or undefined: AWS
 * Backup is regional and restores, from the vaults the plan includes (less those it excludes),
 * recovery points of the types it names made within its selection window. A plan that includes
 * only another region's copy vault, another vault, or types the database's vaults do not hold
 * tests nothing of the database.
 */
export function recoveryPointProblem(plan: PolicyResource, holders: Holder[]): string | undefined {
    const selection = knownDeep(() => plan.props.recoveryPointSelection as RecoveryPointSelection | undefined);
    if (selection === undefined || holders.length === 0) return undefined;
    const include = selection.includeVaults ?? [];
    const exclude = selection.excludeVaults ?? [];
    if (![...include, ...exclude].every(v => typeof v === "string")) return undefined;
    const matches = (list: unknown[], arn: string) => (list as string[]).some(p => p === "*" || wildcardMatch(p, arn));
    const reachable = holders.filter(h => h.vault === undefined || (matches(include, h.vault) && !matches(exclude, h.vault)));
    const vaults = [...new Set(holders.map(h => h.vault ?? "(unknown)"))].join(", ");
    if (reachable.length === 0) {
        return `restores only recovery points of ${include.length > 0 ? include.join(", ") : "no vault"}${exclude.length > 0 ? ` less ${exclude.join(", ")}` : ""}, ` +
            `none of which holds the database's: they are in ${vaults}. Include that vault in recoveryPointSelection.includeVaults`;
    }
    const types = Array.isArray(selection.recoveryPointTypes) && selection.recoveryPointTypes.length > 0 ? selection.recoveryPointTypes : undefined;
    const typed = reachable.filter(h => types === undefined || types.includes(h.type));
    if (typed.length === 0) {
        return `restores only ${types!.join(", ")} recovery points, but the vaults it includes hold the database's ${[...new Set(reachable.map(h => h.type))].join(", ")} points. ` +
            "Name a type the database's vault holds in recoveryPointSelection.recoveryPointTypes";
    }
    const window = selection.selectionWindowDays;
    if (typeof window === "number" && !typed.some(h => h.gap === undefined || h.gap <= window)) {
        const gap = Math.min(...typed.map(h => h.gap ?? 0));
        return `picks a recovery point made within the last ${window} days, but the database's points in its vaults are made up to ${gap} days apart: ` +
            "some tests find nothing to restore. Widen recoveryPointSelection.selectionWindowDays to the backup rule's interval";
    }
    return undefined;
}

/** A function's environment variable: its value, undefined when unset, PENDING while unknown (preview). */
const variable = (f: PolicyResource, name: string): string | undefined | typeof PENDING => {
    const value = known(() => (f.props.environment as { variables?: Record<string, unknown> } | undefined)?.variables?.[name], PENDING);
    return value === PENDING || typeof value === "string" ? value : value === undefined ? undefined : String(value);
};

/**
 * The functions that validate restore tests: the targets of rules that fire when a restore job
 * of one of the stack's restore-testing plans completes (AWS Backup accepts the validation result
 * of a completed job), and any function given the validation settings.
 */
function restoreValidators(resources: PolicyResource[], plans: PolicyResource[]): PolicyResource[] {
    const functions = ofType(resources, [LAMBDA]);
    const completed = plans.map(p => knownString(p, "arn")).filter((arn): arn is string => arn !== undefined)
        .map(arn => ({ source: "aws.backup", "detail-type": "Restore Job State Change", detail: { status: "COMPLETED", restoreTestingPlanArn: arn } }));
    // What AWS invokes is the value the target holds (a retarget leaves the old dependency behind).
    const ruleOf = valueLinker(ofType(resources, [EVENT_RULE]), ["name", "arn"]);
    const functionOf = valueLinker(functions, ["arn"]);
    const firesOnCompletion = (rule: PolicyResource) => {
        const pattern = parsePattern(knownDeep(() => rule.props.eventPattern));
        return pattern !== undefined && completed.some(event => patternMatches(pattern, event));
    };
    const invoked = ofType(resources, [EVENT_TARGET]).filter(t => ruleOf(t, "rule").some(firesOnCompletion)).flatMap(t => functionOf(t, "arn"));
    const configured = functions.filter(f => variable(f, FRESHNESS_QUERY_SETTING) !== undefined || variable(f, MAX_AGE_SETTING) !== undefined);
    return [...new Set([...invoked, ...configured])];
}

/**
 * What the validator asks with its role: the restore job's details and its verdict (no resource
 * level), and the restored instance, whose identifier AWS Backup generates (so a grant on the
 * source database's ARN does not reach it): decided by the evaluation core on an unnamed db ARN.
 */
async function validatorRefusals(validator: PolicyResource, identities: Identity[], region: string | undefined, account: string | undefined): Promise<string[]> {
    const role = knownString(validator, "role");
    const identity = identities.find(i => i.self?.arn === role);
    if (!identity || !region || !account) return [];
    const policies = identity.documents.map(d => d.policy).filter((p): p is NormalPolicy => !isPolicyError(p));
    const requests: [string, string][] = [
        ["backup:DescribeRestoreJob", "*"], ["backup:PutRestoreValidationResult", "*"],
        ["rds:DescribeDBInstances", `arn:aws:rds:${region}:${account}:db:${PROBE_NAME}`],
    ];
    const refused: string[] = [];
    for (const [action, resource] of requests) {
        const d = await evaluateDetailed({ identity: policies }, { action, resource, resourceAccount: account, principal: role });
        if (d.identity !== "Allowed") refused.push(`${action} on ${resource}`);
    }
    return refused;
}

/**
 * Why a restore-test validator's settings (policy/lib/facts/restoreValidation.ts) let every test
 * pass or fail whatever was restored: the freshness query must read the restored rows and the
 * age be bounded. A setting not known yet (preview) is judged on the deployed state.
 */
export function restoreValidationProblems(validator: PolicyResource): string[] {
    const problems: string[] = [];
    const query = variable(validator, FRESHNESS_QUERY_SETTING);
    const hours = variable(validator, MAX_AGE_SETTING);
    if (query === undefined || hours === undefined) {
        problems.push(`has no ${query === undefined ? FRESHNESS_QUERY_SETTING : MAX_AGE_SETTING} in its environment: the validation reads the restored copy's newest row with the one and bounds its age with the other, ` +
            "so without it the result says nothing about the restored data");
    }
    const queryProblem = typeof query === "string" ? freshnessQueryProblem(query) : undefined;
    if (queryProblem) {
        problems.push(`environment ${FRESHNESS_QUERY_SETTING} (${JSON.stringify(query)}) cannot tell an old copy from a fresh one: ${queryProblem}`);
    }
    const ageProblem = typeof hours === "string" ? maxAgeProblem(hours) : undefined;
    if (ageProblem) {
        problems.push(`environment ${MAX_AGE_SETTING}: ${ageProblem}`);
    }
    return problems;
}

export const backupRestoreTested = stackPolicy<{ maximumDaysBetweenTests: number }>({
    name: "backup-restore-tested",
    description: "In prod, every primary database is in an AWS Backup restore-testing selection of its own region (by its ARN or by conditions it meets, not another database's) " +
        "whose plan restores a recent recovery point at least every maximumDaysBetweenTests days (the guide's monthly restore test, automated) from a vault of that region " +
        "holding the database's recovery points (as the stack's backup plans write them: vault, type and selection window), into a DB subnet group and security groups of the stack in that region (always named: without them the VPC's default group admits nothing) and never publicly accessible; " +
        "the function that validates each restored copy (a rule's target on completed restore jobs, or one given the settings) reads its newest row with a freshness query of the application's tables (max of a column; not the clock, a constant or a system catalog) " +
        "and fails the test when that row predates the recovery point by more than the reviewed 72 hours (policy/lib/facts/restoreValidation.ts); its role may find the restored copy (a generated identifier: rds:DescribeDBInstances on any db), read the restore job and report its verdict.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Test backup restoration procedures; Disaster Recovery › Backup Verification",
        fsbpControl: undefined,
        remediationSteps: "Add an aws.backup.RestoreTestingPlan (scheduleExpression at least monthly, recoveryPointSelection.includeVaults the backup plan's vault in the database's region) " +
            "and an aws.backup.RestoreTestingSelection of protectedResourceType RDS naming the database's ARN, restoreMetadataOverrides.dbSubnetGroupName the database's subnet group " +
            "and vpcSecurityGroupIds its security group, and no publiclyAccessible override (components/dr/RestoreTesting.ts). " +
            "Give the validation function FRESHNESS_QUERY `SELECT max(<timestamp column>) FROM <application table>` (default `SELECT max(last_login) FROM auth_user`) and MAX_AGE_HOURS of at most 72 (components/data/DatabaseTasks.ts).",
    },
    config: {
        maximumDaysBetweenTests: { type: "integer", minimum: 1, maximum: 366, default: 31, description: "Most days a restore test may be apart." },
    },
    types: [...RDS_INSTANCE, PLAN, SELECTION, DB_SUBNET_GROUP, ...BACKUP_PLAN, ...BACKUP_SELECTION, ...BACKUP_VAULT, LAMBDA, EVENT_RULE, EVENT_TARGET],
    onlyWith: RDS_INSTANCE[0],
    validate: async (resources, report, { config }) => {
        const home = stackRegion(resources);
        const account = stackAccount(resources);
        const where = (r: PolicyResource) => regionOf(r) ?? home;
        const plans = ofType(resources, [PLAN]);
        const planOf = linker(plans, ["name", "id"]);
        const selections = ofType(resources, [SELECTION]);
        const backup = { plans: ofType(resources, BACKUP_PLAN), selections: ofType(resources, BACKUP_SELECTION), vaults: ofType(resources, BACKUP_VAULT) };
        const subnetGroups = ofType(resources, [DB_SUBNET_GROUP]);
        const securityGroups = ofType(resources, SECURITY_GROUP);
        const identities = identitiesOf(resources);
        for (const validator of restoreValidators(resources, plans)) {
            for (const problem of restoreValidationProblems(validator)) {
                report(`restore-test validator ${knownString(validator, "name") ?? validator.name} ${problem}.`, validator.urn);
            }
            const refused = await validatorRefusals(validator, identities, where(validator), account);
            if (refused.length > 0) {
                report(`restore-test validator ${knownString(validator, "name") ?? validator.name}'s role may not ${refused.join(", ")}: it cannot find the restored copy or report its verdict, so every test fails. ` +
                    "Grant them (the restored copy's identifier is generated: rds:DescribeDBInstances on db:*).", validator.urn);
            }
        }
        for (const db of ofType(resources, RDS_INSTANCE)) {
            if (known(() => typeof db.props.replicateSourceDb === "string" && db.props.replicateSourceDb !== "", true)) {
                continue; // A replica is tested through its source's recovery points.
            }
            // A restore-testing selection reaches the recovery points of its own region only.
            const covering = selections.filter(s => sameRegion(where(s), where(db)) && restoreSelectionTakes(s, db) !== "no");
            const name = knownString(db, "identifier") ?? db.name;
            for (const s of covering) {
                const problem = restorePlacementProblem(s, { region: where(s), subnetGroups, securityGroups });
                if (problem) {
                    report(`restore-testing selection ${knownString(s, "name") ?? s.name} of database ${name} ${problem}.`, s.urn);
                }
            }
            if (covering.length === 0) {
                report(`database ${name} is in no restore-testing selection of ${where(db) ?? "its region"} that takes it: nobody learns its backups do not restore until they are needed. ` +
                    "Name its ARN in a RestoreTestingSelection's protectedResourceArns.", db.urn);
                continue;
            }
            // A selection whose plan is gone (deleted, or a name no plan of its region has) schedules nothing.
            const planned = covering.map((s) => ({ s, plans: planOf(s, "restoreTestingPlanName").filter(p => sameRegion(where(p), where(s))) }));
            const withPlan = planned.filter(({ s, plans }) => plans.length > 0 || knownString(s, "restoreTestingPlanName") === undefined);
            if (withPlan.length === 0) {
                const names = [...new Set(covering.map((s) => knownString(s, "restoreTestingPlanName")))].join(", ");
                report(`database ${name}'s restore-testing selection names plan ${names}, which this stack does not have: no restore test ever runs. ` +
                    "Add the aws.backup.RestoreTestingPlan back (or point the selection at an existing plan).", db.urn);
                continue;
            }
            const testing = [...new Set(withPlan.flatMap(({ plans }) => plans))];
            const holders = holdersOf(db, backup, home, account);
            const problems = holders === undefined ? [] : testing.map(p => [p, recoveryPointProblem(p, holders)] as const);
            if (problems.length > 0 && problems.every(([, why]) => why !== undefined)) {
                for (const [p, why] of problems) {
                    report(`restore-testing plan ${knownString(p, "name") ?? p.name} of database ${name} ${why}.`, p.urn);
                }
                continue;
            }
            const gaps = testing.map((p) => {
                const schedule = knownString(p, "scheduleExpression");
                return schedule === undefined ? 0 : longestGapDays(schedule) ?? Infinity;
            });
            if (gaps.length > 0 && Math.min(...gaps) > config.maximumDaysBetweenTests) {
                report(`database ${name}'s restore tests run less often than every ${config.maximumDaysBetweenTests} days.`, db.urn);
            }
        }
    },
});
