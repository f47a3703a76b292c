import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../../lib/iam";
import { resourceTags, TagContext } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { BACKUP_RETENTION_FLOOR_DAYS, BACKUP_RETENTION_MAX_DAYS, RECOVERY_RETENTION_LIMIT_DAYS } from "../../policy/lib/facts/retention";
import { backupRules, checkRetention } from "./backupRules";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

const COMPONENT = "backup";

/** AWS managed policies of the service role: take backups and copies, and restore (restore tests). */
export const BACKUP_ROLE_POLICIES = {
    backup: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    restores: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
} as const;

export interface BackupPlanArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Name prefix of the plan, vaults, keys and role, e.g. `expertconnect-prod`. */
    namePrefix: string;
    /** ARNs of the resources to back up (the database instance). */
    resourceArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Region of the vault the daily recovery points are copied to. */
    copyRegion: string;
    /** Days the daily snapshots are kept in this region, at most 400 (the vault locks' maximum). @default 35 */
    dailyRetentionDays?: number;
    /**
     * Days of point-in-time recovery, 1 to 35. AWS Backup manages the instance's automated
     * backups with this retention, so pass the instance's backup retention. @default 35
     */
    continuousRetentionDays?: number;
    /** Days the copies are kept in the recovery region (`expertconnect:dr.backupCopyRetentionDays`), at most 400. */
    copyRetentionDays: number;
    /**
     * Shortest retention the vault lock (governance mode) allows: nobody without the right to
     * remove the lock can delete a recovery point younger than this. @default 7
     */
    minRetentionDays?: number;
    /** Explicit opt-out of protecting the vaults and their keys (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * AWS Backup for the database: KMS-encrypted vaults in this region and the recovery region,
 * both locked in governance mode, a plan with continuous (point-in-time) and daily backups,
 * the daily ones copied across regions, a selection by ARN and the service role it runs as.
 */
export class BackupPlan extends pulumi.ComponentResource {
    public readonly vault: aws.backup.Vault;
    public readonly copyVault: aws.backup.Vault;
    public readonly plan: aws.backup.Plan;
    public readonly role: aws.iam.Role;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly vaultName: pulumi.Output<string>;
    public readonly copyVaultArn: pulumi.Output<string>;
    public readonly copyVaultName: pulumi.Output<string>;
    public readonly planId: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    private readonly args: BackupPlanArgs;

    constructor(name: string, args: BackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:BackupPlan", name, {}, opts);
        this.args = args;
        const retention = {
            dailyRetentionDays: args.dailyRetentionDays ?? 35,
            continuousRetentionDays: args.continuousRetentionDays ?? BACKUP_RETENTION_MAX_DAYS,
            copyRetentionDays: args.copyRetentionDays,
            minRetentionDays: args.minRetentionDays ?? BACKUP_RETENTION_FLOOR_DAYS,
        };
        // Before any child is registered: a bad retention is an argument error, not a failed apply.
        checkRetention(retention);

        this.vault = this.createVault(`${name}-vault`, `${args.namePrefix}-backups`);
        this.copyVault = this.createVault(`${name}-copy-vault`, `${args.namePrefix}-backups-copy`, args.copyRegion);
        this.role = this.createRole(name);
        this.plan = new aws.backup.Plan(`${name}-plan`, {
            name: `${args.namePrefix}-database`,
            rules: pulumi.all([this.vault.name, this.copyVault.arn]).apply(([vaultName, copyVaultArn]) => backupRules({
                ...retention,
                vaultName,
                copyVaultArn,
                recoveryPointTags: resourceTags(args.tags, COMPONENT),
            })),
            tags: this.tags(),
        }, { parent: this });
        new aws.backup.Selection(`${name}-selection`, {
            name: `${args.namePrefix}-database`,
            planId: this.plan.id,
            iamRoleArn: this.role.arn,
            resources: args.resourceArns,
        }, { parent: this });

        this.vaultArn = this.vault.arn;
        this.vaultName = this.vault.name;
        this.copyVaultArn = this.copyVault.arn;
        this.copyVaultName = this.copyVault.name;
        this.planId = this.plan.id;
        this.roleArn = this.role.arn;
        this.registerOutputs({
            vaultArn: this.vaultArn, vaultName: this.vaultName, copyVaultArn: this.copyVaultArn,
            copyVaultName: this.copyVaultName, planId: this.planId, roleArn: this.roleArn,
        });
    }

    private tags() {
        return resourceTags(this.args.tags, COMPONENT);
    }

    /** A vault with its own key, locked in governance mode, protected like the data it holds. */
    private createVault(name: string, vaultName: string, region?: string): aws.backup.Vault {
        const keep = !this.args.allowDataLoss;
        const inRegion = region ? { region } : {};
        const key = new EncryptionKey(dataKeyName(name), {
            alias: vaultName,
            description: `AWS Backup vault ${vaultName}: recovery points`,
            tags: this.args.tags,
            component: COMPONENT,
            region,
            allowDataLoss: this.args.allowDataLoss,
        }, { parent: this });
        const vault = new aws.backup.Vault(name, {
            name: vaultName,
            kmsKeyArn: key.arn,
            forceDestroy: !keep,
            tags: this.tags(),
            ...inRegion,
        }, { parent: this, ...keptOptions(keep) });
        // No changeableForDays: governance mode, which an administrator can still lift. A
        // compliance-mode lock could never be removed, not even to fix a wrong retention.
        // maxRetentionDays bounds every recovery point of the vault, on-demand ones included:
        // without it a job without a lifecycle keeps the database's rows forever.
        new aws.backup.VaultLockConfiguration(`${name}-lock`, {
            backupVaultName: vault.name,
            minRetentionDays: this.args.minRetentionDays ?? BACKUP_RETENTION_FLOOR_DAYS,
            maxRetentionDays: RECOVERY_RETENTION_LIMIT_DAYS,
            ...inRegion,
        }, { parent: this });
        return vault;
    }

    private createRole(name: string): aws.iam.Role {
        const role = new aws.iam.Role(`${name}-role`, {
            description: `AWS Backup: back up, copy and restore-test ${this.args.namePrefix}'s database`,
            // The trust policy AWS Backup documents for its default service role.
            assumeRolePolicy: policyDocument([{
                Effect: "Allow",
                Principal: { Service: "backup.amazonaws.com" },
                Action: "sts:AssumeRole",
            }]),
            tags: this.tags(),
        }, { parent: this });
        for (const [purpose, policyArn] of Object.entries(BACKUP_ROLE_POLICIES)) {
            new aws.iam.RolePolicyAttachment(`${name}-role-${purpose}`, { role: role.name, policyArn }, { parent: this });
        }
        return role;
    }
}
