import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { Database, DatabaseArgs } from "../data/Database";
import type { ReplicaSource } from "../data/databaseSettings";
import { metricAlarmArgs } from "../monitoring/alarms/definition";
import { BackupPlan } from "./BackupPlan";
import { EcrReplication } from "./EcrReplication";
import { DrMode, DrPhase, isReplicating, serviceScale, ServiceScale } from "./phase";
import { replicaDatabaseArgs } from "./replicaDatabase";
import { replicaLagAlarms } from "./replicaLagAlarms";
import { RestoreTesting } from "./RestoreTesting";
import { StaticReplication, StaticReplicationArgs } from "./StaticReplication";

/** prod: what the recovery region needs written while this region is up. */
export interface PrimarySiteArgs {
    /** Which side of disaster recovery this stack is. @default "primary" */
    site?: "primary";
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
    /**
     * SNS topics the static-replication alarms notify, one in each region (S3 publishes
     * replication latency in the recovery region, and an alarm notifies only a topic of its own
     * region). @default no replication alarms
     */
    alarmTopics?: { primary: pulumi.Input<string>; recovery: pulumi.Input<string> };
    /** Schedule of the restore test (AWS Backup cron). @default RestoreTesting's monthly schedule */
    restoreTestSchedule?: string;
    /** Explicit opt-out of protecting the replica bucket, vaults and keys (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
    /** Pause static replication (prod fenced after a failover). @default false */
    pauseStaticReplication?: boolean;
}


/** dr: the replica, the failover phase and the capacity it gives, the failover signals. */
export interface RecoverySiteArgs {
    site: "recovery";
    /** Project and environment for tags. */
    tags: TagContext;
    /** `expertconnect:dr.phase`. */
    phase: DrPhase;
    /** `expertconnect:dr.mode`: pilot light or warm standby. */
    mode: DrMode;
    /**
     * The replica database: placement, identifier and sizing (the dr stack's
     * `expertconnect:database`); the phase decides its role settings.
     */
    database: Omit<DatabaseArgs, "role" | "roleSettings" | "instanceTags" | "masterSecret">;
    /** prod's instance, the replica's source: its ARN, parameter group family and storage ceiling (from the prod stack reference). */
    source: ReplicaSource;
    /** Recovery point objective of the database, in seconds (`expertconnect:dr.rpoSeconds`). */
    rpoSeconds: number;
    /** SNS topic the failover signals notify. */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * Where the replica-lag alarm lived before this component owned it (the Monitoring
     * component's URN and child-name prefix), so moving it here does not replace it.
     * @default none
     */
    lagAlarmMovedFrom?: { parentUrn: pulumi.Input<string>; namePrefix: string };
}

/** Either side of disaster recovery: prod's sources, or dr's recovery site. */
export type DisasterRecoveryArgs = PrimarySiteArgs | RecoverySiteArgs;

function isRecovery(args: DisasterRecoveryArgs): args is RecoverySiteArgs {
    return args.site === "recovery";
}

/**
 * Disaster recovery, composed in both stacks.
 *
 * In prod (`site: "primary"`), everything the recovery region needs that must be written
 * while the primary region is up: static assets replicated within minutes (paused when prod is
 * fenced), database backups copied daily and restore-tested monthly, images replicated on push.
 *
 * In dr (`site: "recovery"`), the recovery site: the replica of prod's database with the
 * settings its failover phase gives it, the service capacity of the phase
 * ({@link serviceScale}), and the failover signals (replica lag that does not page on an idle
 * source, and a stalled replica).
 */
export class DisasterRecovery extends pulumi.ComponentResource {
    // prod
    public readonly staticReplication?: StaticReplication;
    public readonly backup?: BackupPlan;
    public readonly restoreTesting?: RestoreTesting;
    public readonly images?: EcrReplication;
    public readonly replicaBucketName?: pulumi.Output<string>;
    public readonly replicaBucketArn?: pulumi.Output<string>;
    public readonly replicaKmsKeyArn?: pulumi.Output<string>;
    public readonly backupVaultArn?: pulumi.Output<string>;
    public readonly backupCopyVaultArn?: pulumi.Output<string>;
    public readonly restoreTestingPlanName?: pulumi.Output<string>;
    public readonly replicaRepositoryUrls?: pulumi.Output<Record<string, string>>;
    // dr
    /** The replica (promoted from `promote` on). */
    public readonly database?: Database;
    /** ARNs of the failover signals (empty once the database no longer replicates). */
    public readonly signalArns?: pulumi.Output<string>[];

    private readonly site: DisasterRecoveryArgs;

    constructor(name: string, args: DisasterRecoveryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:DisasterRecovery", name, {}, opts);
        this.site = args;
        if (isRecovery(args)) {
            this.database = this.createReplica(args);
            this.signalArns = this.createSignals(name, args);
            this.registerOutputs({ databaseArn: this.database.arn, signalArns: this.signalArns });
            return;
        }
        const parent = { parent: this };

        this.staticReplication = new StaticReplication(`${name}-static`, {
            tags: args.tags,
            source: { ...args.staticAssets, region: args.region },
            replicaBucketName: args.replicaBucketName,
            replicaRegion: args.recoveryRegion,
            alarmTopics: args.alarmTopics && { source: args.alarmTopics.primary, replica: args.alarmTopics.recovery },
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

    /**
     * The capacity of a service in this stack: the phase's, from prod's sizes (dr), or the
     * configured one (prod).
     */
    public serviceScale(configured: ServiceScale): ServiceScale {
        return isRecovery(this.site) ? serviceScale(this.site.phase, this.site.mode, configured) : { ...configured };
    }

    /**
     * The replica: a child of this component since it became the recovery site's. It was
     * registered at the top level before, hence the alias: the protected instance keeps its URN
     * history and is not replaced.
     */
    private createReplica(args: RecoverySiteArgs): Database {
        return new Database("database", {
            ...args.database,
            ...replicaDatabaseArgs(args.phase, args.source, args.database.sizing, args.database.identifier),
        }, { parent: this, aliases: [{ parent: pulumi.rootStackResource }] });
    }

    /** Lag signals while the database replicates; none once promoted (there is no source). */
    private createSignals(name: string, args: RecoverySiteArgs): pulumi.Output<string>[] {
        if (!isReplicating(args.phase)) return [];
        const tags = resourceTags(args.tags, "disaster-recovery");
        return replicaLagAlarms(args.tags.project, args.database.identifier, args.rpoSeconds).map((def) => {
            const moved = args.lagAlarmMovedFrom;
            const aliases = moved ? [{ name: `${moved.namePrefix}-${def.name}`, parent: moved.parentUrn }] : [];
            return new aws.cloudwatch.MetricAlarm(`${name}-${def.name}`, metricAlarmArgs(def, args.alarmTopicArn, tags), { parent: this, aliases }).arn;
        });
    }
}
