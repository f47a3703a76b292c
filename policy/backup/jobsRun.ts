import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType, regionOf, regionOfArn, stackRegion } from "../lib/stack";
import { BACKUP_PLAN, BACKUP_SELECTION, RDS_INSTANCE } from "../lib/tokens";
import { anySelectionTakes, selectionTakes } from "./assigned";
import { backupTypeOfArn } from "./backupTypes";
import { GUIDE_BACKUP } from "./retention";

const REGION_SETTINGS = ["aws:backup/regionSettings:RegionSettings"] as const;
const VAULT_LOCK = ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"] as const;

interface Lifecycle {
    deleteAfter?: number;
}

interface PlanRule {
    ruleName?: string;
    targetVaultName?: string;
    enableContinuousBackup?: boolean;
    lifecycle?: Lifecycle;
    copyActions?: { destinationVaultArn?: string; lifecycle?: Lifecycle }[];
}

/** Where the plan's jobs run: the selection's (or plan's) region, else the stack's. */
function regionOrStack(resource: PolicyResource, fallback: string | undefined): string | undefined {
    return regionOf(resource) ?? fallback;
}

const sameRegion = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

/** The Backup resource types a selection takes: the ARNs it names, and the stack's resources it assigns by tag or wildcard. */
function typesTaken(selection: PolicyResource, candidates: PolicyResource[]): Set<string> {
    const arns = (knownDeep(() => selection.props.resources as unknown[] | undefined) ?? [])
        .filter((a): a is string => typeof a === "string" && !a.includes("*"));
    const types = arns.map(backupTypeOfArn);
    for (const c of candidates) {
        if (selectionTakes(selection, c) === "yes") types.push(backupTypeOfArn(knownString(c, "arn") ?? ""));
    }
    return new Set(types.filter((t): t is string => t !== undefined));
}

/** Region settings that opt a type the stack's selections take out of AWS Backup: its jobs are never started. */
function checkOptIn(resources: PolicyResource[], plans: PolicyResource[], selections: PolicyResource[], home: string | undefined, report: ReportViolation): void {
    const settings = ofType(resources, REGION_SETTINGS);
    if (settings.length === 0) return;
    const planOf = linker(plans, ["id"]);
    const candidates = resources.filter(r => !r.type.startsWith("aws:backup/") && backupTypeOfArn(knownString(r, "arn") ?? "") !== undefined);
    for (const selection of selections) {
        // A selection runs in its plan's region.
        const region = regionOf(selection) ?? planOf(selection, "planId").map(p => regionOf(p)).find(r => r !== undefined) ?? home;
        const types = typesTaken(selection, candidates);
        for (const rs of settings.filter(s => sameRegion(regionOrStack(s, home), region))) {
            const preference = (knownDeep(() => rs.props.resourceTypeOptInPreference) ?? {}) as Record<string, unknown>;
            const out = [...types].filter(t => preference[t] === false);
            if (out.length > 0) {
                report(`backup region settings ${rs.name} opt ${out.join(", ")} out of AWS Backup in ${region ?? "the stack's region"}, ` +
                    `but selection ${knownString(selection, "name") ?? selection.name} backs up ${out.join(", ")} resources there: AWS Backup silently skips them. ` +
                    `Set resourceTypeOptInPreference.${out[0]} to true.`, rs.urn);
            }
        }
    }
}

/** A vault lock's bounds, by vault name and region. */
interface Lock {
    name: string | undefined;
    region: string | undefined;
    min: unknown;
    max: unknown;
    resource: PolicyResource;
}

/** Why a recovery point kept `days` (undefined: forever) cannot be written into a vault with `lock`, or undefined. */
export function lockRefusal(days: number | undefined, min: unknown, max: unknown): string | undefined {
    const kept = days ?? Infinity;
    if (typeof max === "number" && kept > max) {
        return `keeps recovery points ${days === undefined ? "forever" : `${days} days`}, above the lock's maxRetentionDays ${max}`;
    }
    if (typeof min === "number" && kept < min) {
        return `keeps recovery points ${days} days, below the lock's minRetentionDays ${min}`;
    }
    return undefined;
}

/** Backup and copy jobs whose retention the destination vault's lock refuses: AWS Backup fails them. */
function checkLocks(resources: PolicyResource[], plans: PolicyResource[], home: string | undefined, report: ReportViolation): void {
    const locks: Lock[] = ofType(resources, VAULT_LOCK).map(l => ({
        name: knownString(l, "backupVaultName"), region: regionOrStack(l, home),
        min: known(() => l.props.minRetentionDays, "unknown"), max: known(() => l.props.maxRetentionDays, "unknown"), resource: l,
    }));
    const locksOf = (name: string | undefined, region: string | undefined) =>
        locks.filter(l => name !== undefined && l.name === name && sameRegion(l.region, region) && l.min !== "unknown" && l.max !== "unknown");
    for (const plan of plans) {
        const rules = knownDeep(() => plan.props.rules as PlanRule[] | undefined) ?? [];
        const region = regionOrStack(plan, home);
        for (const rule of rules) {
            const label = `backup plan ${knownString(plan, "name") ?? plan.name} rule ${rule.ruleName ?? "(unnamed)"}`;
            for (const lock of locksOf(rule.targetVaultName, region)) {
                const why = lockRefusal(rule.lifecycle?.deleteAfter, lock.min, lock.max);
                if (why) report(`${label} ${why} of vault ${lock.name}: every backup job of the rule fails. Align lifecycle.deleteAfter with the lock.`, plan.urn);
            }
            for (const copy of rule.copyActions ?? []) {
                const arn = copy.destinationVaultArn ?? "";
                for (const lock of locksOf(/:backup-vault:(.+)$/.exec(arn)?.[1], regionOfArn(arn))) {
                    const why = lockRefusal(copy.lifecycle?.deleteAfter, lock.min, lock.max);
                    if (why) report(`${label}'s copy to ${lock.name} ${why} there: every copy job fails. Align the copy action's lifecycle.deleteAfter with the lock.`, plan.urn);
                }
            }
        }
    }
}

/**
 * Each primary database a plan takes that keeps automated backups (the stack asks for point-in-time
 * recovery) needs a continuous rule: AWS Backup then holds its point-in-time window in the locked
 * vault. Without one the window lives only in the instance's automated backups, which the vault
 * lock does not guard. (The rule's retention is judged by backup-plan-retention.)
 */
function checkContinuous(resources: PolicyResource[], plans: PolicyResource[], selections: PolicyResource[], report: ReportViolation): void {
    const planOf = linker(plans, ["id"]);
    const databases = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
    for (const db of databases) {
        const window = known(() => db.props.backupRetentionPeriod);
        if (typeof window !== "number" || window <= 0) continue;
        const taking = plans.filter(p => anySelectionTakes(selections.filter(s => planOf(s, "planId").includes(p)), db) === "yes");
        const rules = taking.map(p => knownDeep(() => p.props.rules as PlanRule[] | undefined));
        if (taking.length === 0 || rules.some(r => r === undefined)) continue;
        const continuous = rules.flat().filter((r): r is PlanRule => r?.enableContinuousBackup === true);
        const name = knownString(db, "identifier") ?? db.name;
        if (continuous.length === 0) {
            report(`database ${name} keeps ${window} days of point-in-time recovery, but no rule of backup plan ${taking.map(p => knownString(p, "name") ?? p.name).join(", ")} ` +
                "has enableContinuousBackup: its point-in-time window is outside the locked vault (anyone allowed to modify the instance can shorten it to nothing). " +
                "Keep a rule with enableContinuousBackup true.", db.urn);
        }
    }
}

export const backupJobsRun = stackPolicy({
    name: "backup-jobs-run",
    description: "AWS Backup's jobs for the stack can run: no backup region settings opt out a resource type a selection takes, " +
        "every rule's and copy's retention lies within the destination vault's lock (minRetentionDays to maxRetentionDays), " +
        "and each primary database a plan takes that keeps automated backups has its point-in-time recovery in a continuous rule (enableContinuousBackup), inside the locked vault.",
    enforcementLevel: "mandatory",
    onlyWith: BACKUP_PLAN[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_BACKUP}; Recovery Procedures › Database restoration`,
        fsbpControl: undefined,
        remediationSteps: "Keep resourceTypeOptInPreference true for the types the selections back up (RDS); keep each rule's lifecycle.deleteAfter " +
            "(and each copy's) between the target vault lock's minRetentionDays and maxRetentionDays; keep the continuous rule " +
            "(enableContinuousBackup true, lifecycle.deleteAfter the database's backupRetentionPeriod).",
    },
    types: [...BACKUP_PLAN, ...BACKUP_SELECTION, ...REGION_SETTINGS, ...VAULT_LOCK, ...RDS_INSTANCE],
    validate: (resources, report) => {
        const home = stackRegion(resources);
        const plans = ofType(resources, BACKUP_PLAN);
        const selections = ofType(resources, BACKUP_SELECTION);
        checkOptIn(resources, plans, selections, home, report);
        checkLocks(resources, plans, home, report);
        checkContinuous(resources, plans, selections, report);
    },
});
