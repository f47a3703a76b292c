import { stackPolicy } from "../lib/define";
import { known, knownString, linker, ofType, regionOf } from "../lib/stack";
import { GUIDE_BACKUP } from "./retention";

const BACKUP_VAULT = ["aws:backup/vault:Vault"] as const;
const VAULT_LOCK = ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"] as const;

export const backupVaultLock = stackPolicy<{ minimumRetentionDays: number }>({
    name: "backup-vault-lock",
    description: "Every AWS Backup vault is locked: no one (not even the account's administrators) can delete its recovery points before minimumRetentionDays.",
    enforcementLevel: "mandatory",
    onlyWith: BACKUP_VAULT[0],
    metadata: {
        severity: "high",
        guideSection: GUIDE_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.backup.VaultLockConfiguration for the vault (same region) with minRetentionDays at least the minimum; " +
            "maxRetentionDays, when set, may not be below it.",
    },
    config: {
        minimumRetentionDays: { type: "integer", minimum: 7, maximum: 36500, default: 7, description: "Fewest days the lock must enforce." },
    },
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
                }
            }
        }
    },
});
