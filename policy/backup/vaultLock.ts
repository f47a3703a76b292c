import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType, regionOf, regionOfArn, stackRegion } from "../lib/stack";
import { BACKUP_PLAN } from "../lib/tokens";
import { BACKUP_RETENTION_FLOOR_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../lib/facts/retention";
import { GUIDE_BACKUP } from "./retention";

const BACKUP_VAULT = ["aws:backup/vault:Vault"] as const;
const VAULT_LOCK = ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"] as const;

interface PlanRule {
    ruleName?: string;
    targetVaultName?: string;
    copyActions?: { destinationVaultArn?: string }[];
}

/** A vault a rule or copy may name: its name, ARN, region, and whether a lock of its region guards it. */
interface VaultFact {
    name: string | undefined;
    arn: string | undefined;
    region: string | undefined;
    locked: boolean;
}

const sameRegion = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

/**
 * Why a backup or copy job writing into the vault `name` (or `arn`) in `region` lands outside the
 * stack's locks, or undefined: AWS Backup writes into whatever vault the rule names, so a vault
 * the stack does not own (the account's Default vault, one made by hand) or one it leaves
 * unlocked holds recovery points anyone with backup:DeleteRecoveryPoint can remove.
 */
export function unlockedDestination(target: { name?: string; arn?: string; region: string | undefined }, vaults: VaultFact[]): string | undefined {
    const matches = vaults.filter(v => (target.arn !== undefined ? v.arn === target.arn || (v.name === /:backup-vault:(.+)$/.exec(target.arn)?.[1] && sameRegion(v.region, target.region))
        : v.name === target.name && sameRegion(v.region, target.region)));
    if (matches.length === 0) {
        // A vault whose name is not known yet (a new one in preview) may be the one named.
        if (vaults.some(v => v.name === undefined && sameRegion(v.region, target.region))) return undefined;
        return "a vault the stack does not own, so no vault lock of the stack guards its recovery points";
    }
    return matches.some(v => v.locked) ? undefined : "a vault of the stack without a vault lock";
}

/** Every rule of the stack's plans, and every copy, writes into a vault the stack owns and locks. */
function checkDestinations(resources: PolicyResource[], vaults: VaultFact[], report: ReportViolation): void {
    const home = stackRegion(resources);
    for (const plan of ofType(resources, BACKUP_PLAN)) {
        const rules = knownDeep(() => plan.props.rules as PlanRule[] | undefined) ?? [];
        const region = regionOf(plan) ?? home;
        for (const rule of rules) {
            const label = `backup plan ${knownString(plan, "name") ?? plan.name} rule ${rule.ruleName ?? "(unnamed)"}`;
            if (typeof rule.targetVaultName === "string") {
                const why = unlockedDestination({ name: rule.targetVaultName, region }, vaults);
                if (why) report(`${label} writes into vault ${rule.targetVaultName}, ${why}: its recovery points (point-in-time ones too) can be deleted before the minimum. Set targetVaultName to the stack's locked vault.`, plan.urn);
            }
            for (const copy of rule.copyActions ?? []) {
                const arn = copy.destinationVaultArn;
                if (typeof arn !== "string") continue;
                const why = unlockedDestination({ arn, region: regionOfArn(arn) }, vaults);
                if (why) report(`${label} copies into ${arn}, ${why}: the copies can be deleted before the minimum. Point destinationVaultArn at the stack's locked vault in that region.`, plan.urn);
            }
        }
    }
}

export const backupVaultLock = stackPolicy<{ minimumRetentionDays: number; maximumRetentionDays: number }>({
    name: "backup-vault-lock",
    description: "Every AWS Backup vault is locked: no one (not even the account's administrators) can delete its recovery points before minimumRetentionDays, " +
        "and none is kept longer than maximumRetentionDays (the lock's maxRetentionDays, which AWS Backup also applies to on-demand jobs and lifecycle changes; without it a point may be kept forever); " +
        "and every backup plan rule (continuous ones included) and copy action writes into a vault the stack owns and locks, never the account's Default vault or another unlocked one.",
    enforcementLevel: "mandatory",
    // Not as onlyWith: removing the stack's vaults must leave its plans' rules judged (they then write into vaults nobody locks).
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.backup.VaultLockConfiguration for the vault (same region) with minRetentionDays at least the minimum; " +
            "and maxRetentionDays between it and the maximum. Point each plan rule's targetVaultName and each copy's destinationVaultArn at a locked vault of the stack.",
    },
    config: {
        minimumRetentionDays: {
            type: "integer", minimum: BACKUP_RETENTION_FLOOR_DAYS, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: BACKUP_RETENTION_FLOOR_DAYS,
            description: "Fewest days the lock must enforce.",
        },
        maximumRetentionDays: {
            type: "integer", minimum: BACKUP_RETENTION_FLOOR_DAYS, maximum: RECOVERY_RETENTION_LIMIT_DAYS, default: RECOVERY_RETENTION_LIMIT_DAYS,
            description: `Most days the lock may let a recovery point be kept (default and upper bound ${RECOVERY_RETENTION_LIMIT_DAYS}, policy/lib/facts/retention.ts); config may lower it only.`,
        },
    },
    types: [...BACKUP_VAULT, ...VAULT_LOCK, ...BACKUP_PLAN],
    validate: (resources, report, { config }) => {
        const vaults = ofType(resources, BACKUP_VAULT);
        const lockedVault = linker(vaults, ["name", "id"]);
        const locks = ofType(resources, VAULT_LOCK);
        for (const vault of vaults) {
            const name = knownString(vault, "name") ?? vault.name;
            // A vault and its lock must be in the same region (a same-named vault elsewhere is another vault).
            const own = locks.filter(l => lockedVault(l, "backupVaultName").includes(vault)
                && (regionOf(l) === undefined || regionOf(vault) === undefined || regionOf(l) === regionOf(vault)));
            if (own.length === 0) {
                report(`backup vault ${name} has no vault lock: its recovery points can be deleted at any time.`, vault.urn);
                continue;
            }
            for (const lock of own) {
                const min = known(() => lock.props.minRetentionDays, "unknown");
                const max = known(() => lock.props.maxRetentionDays, "unknown");
                if (min === "unknown" || max === "unknown") {
                    continue;
                }
                if (typeof min !== "number" || min < config.minimumRetentionDays) {
                    report(`backup vault ${name}'s lock enforces ${typeof min === "number" ? `${min} days` : "no minimum"}; the minimum is ${config.minimumRetentionDays}.`, lock.urn);
                }
                if (typeof max === "number" && max < config.minimumRetentionDays) {
                    report(`backup vault ${name}'s lock caps retention at ${max} days, below the minimum of ${config.minimumRetentionDays}.`, lock.urn);
                } else if (typeof max !== "number" || max > config.maximumRetentionDays) {
                    report(`backup vault ${name}'s lock ${typeof max === "number" ? `lets recovery points be kept ${max} days` : "sets no maxRetentionDays, so recovery points may be kept forever"} ` +
                        `(an on-demand backup, a rule without a lifecycle, a lifecycle extended later); set maxRetentionDays to at most ${config.maximumRetentionDays}.`, lock.urn);
                }
            }
        }
        checkDestinations(resources, vaults.map(v => ({
            name: knownString(v, "name"), arn: knownString(v, "arn"), region: regionOf(v),
            locked: locks.some(l => lockedVault(l, "backupVaultName").includes(v) && sameRegion(regionOf(l), regionOf(v))),
        })), report);
    },
});
