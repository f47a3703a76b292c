import * as pulumi from "@pulumi/pulumi";
import { TagContext } from "../../lib/tags";
import { BackupPlan } from "./BackupPlan";
import { EcrReplication } from "./EcrReplication";
import { RestoreTesting } from "./RestoreTesting";
import { StaticReplication, StaticReplicationArgs } from "./StaticReplication";

export interface DisasterRecoveryArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Name prefix of the plan, vaults and restore test, e.g. `expertconnect-prod`. */
    namePrefix: string;
    /** Region of this (the primary) stack. */
    region: string;
    /** Region that holds the copies (`expertconnect:dr.recoveryRegion`). */
    recoveryRegion: string;
    /** The static-assets bucket to replicate, its KMS key, and the resource that versions it (in `region`). */
    staticAssets: Omit<StaticReplicationArgs["source"], "region">;
    /** Physical name of the static-assets replica in the recovery region. */
    replicaBucketName: string;
    /** The database to back up and restore-test. */
    database: {
        arn: pulumi.Input<string>;
        /** Subnet group and security groups the monthly restore test lands in. */
        subnetGroupName: pulumi.Input<string>;
        securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
        /** The instance's automated backup retention; point-in-time recovery keeps as many days. */
        backupRetentionDays: number;
        /** Function that validates each restored copy (RestoreTesting `validator`). @default none */
        restoreValidator?: { functionArn: pulumi.Input<string>; functionName: pulumi.Input<string> };
    };
    /** Days backup copies are kept in the recovery region (`expertconnect:dr.backupCopyRetentionDays`). */
    backupCopyRetentionDays: number;
    /** Days daily snapshots are kept in this region. @default backupCopyRetentionDays */
    dailyBackupRetentionDays?: number;
    /** Image repositories the recovery stack pulls from, and the prefix that selects them for replication. */
    images: { repositoryPrefix: string; repositoryNames: string[] };
    /** SNS topic the static-replication alarms notify. @default no replication alarms */
    alarmTopicArn?: pulumi.Input<string>;
    /** Schedule of the restore test (AWS Backup cron). @default RestoreTesting's monthly schedule */
    restoreTestSchedule?: string;
    /** Explicit opt-out of protecting the replica bucket, vaults and keys (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
    /** Pause static replication (prod fenced after a failover). @default false */
    pauseStaticReplication?: boolean;
}

/**
 * The prod stack's side of disaster recovery: everything the recovery region needs that must
 * be written while the primary region is up. Static assets are replicated within minutes,
 * database backups are copied daily and restore-tested monthly, and images are replicated on
 * push. The read replica and the standby services belong to the dr stack.
 */
export class DisasterRecovery extends pulumi.ComponentResource {
    public readonly staticReplication: StaticReplication;
    public readonly backup: BackupPlan;
    public readonly restoreTesting: RestoreTesting;
    public readonly images: EcrReplication;
    public readonly replicaBucketName: pulumi.Output<string>;
    public readonly replicaBucketArn: pulumi.Output<string>;
    public readonly replicaKmsKeyArn: pulumi.Output<string>;
    public readonly backupVaultArn: pulumi.Output<string>;
    public readonly backupCopyVaultArn: pulumi.Output<string>;
    public readonly restoreTestingPlanName: pulumi.Output<string>;
    public readonly replicaRepositoryUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DisasterRecoveryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:DisasterRecovery", name, {}, opts);
        const parent = { parent: this };

        this.staticReplication = new StaticReplication(`${name}-static`, {
            tags: args.tags,
            source: { ...args.staticAssets, region: args.region },
            replicaBucketName: args.replicaBucketName,
            replicaRegion: args.recoveryRegion,
            alarmTopicArn: args.alarmTopicArn,
            allowDataLoss: args.allowDataLoss,
            paused: args.pauseStaticReplication,
        }, parent);
        this.backup = new BackupPlan(`${name}-backup`, {
            tags: args.tags,
            namePrefix: args.namePrefix,
            resourceArns: [args.database.arn],
            copyRegion: args.recoveryRegion,
            dailyRetentionDays: args.dailyBackupRetentionDays ?? args.backupCopyRetentionDays,
            continuousRetentionDays: args.database.backupRetentionDays,
            copyRetentionDays: args.backupCopyRetentionDays,
            allowDataLoss: args.allowDataLoss,
        }, parent);
        this.restoreTesting = new RestoreTesting(`${name}-restore-test`, {
            tags: args.tags,
            namePrefix: args.namePrefix,
            vaultArn: this.backup.vaultArn,
            roleArn: this.backup.roleArn,
            databaseArn: args.database.arn,
            network: { dbSubnetGroupName: args.database.subnetGroupName, securityGroupIds: args.database.securityGroupIds },
            schedule: args.restoreTestSchedule,
            validator: args.database.restoreValidator,
        }, parent);
        this.images = new EcrReplication(`${name}-images`, {
            tags: args.tags,
            repositoryPrefix: args.images.repositoryPrefix,
            repositoryNames: args.images.repositoryNames,
            destinationRegion: args.recoveryRegion,
        }, parent);

        this.replicaBucketName = this.staticReplication.replicaBucketName;
        this.replicaBucketArn = this.staticReplication.replicaBucketArn;
        this.replicaKmsKeyArn = this.staticReplication.replicaKmsKeyArn;
        this.backupVaultArn = this.backup.vaultArn;
        this.backupCopyVaultArn = this.backup.copyVaultArn;
        this.restoreTestingPlanName = this.restoreTesting.planName;
        this.replicaRepositoryUrls = this.images.replicaRepositoryUrls;
        this.registerOutputs({
            replicaBucketName: this.replicaBucketName, replicaBucketArn: this.replicaBucketArn,
            replicaKmsKeyArn: this.replicaKmsKeyArn, backupVaultArn: this.backupVaultArn,
            backupCopyVaultArn: this.backupCopyVaultArn, restoreTestingPlanName: this.restoreTestingPlanName,
            replicaRepositoryUrls: this.replicaRepositoryUrls,
        });
    }
}
