import type { Buckets } from "../components/data/Buckets";
import type { Database } from "../components/data/Database";
import { DisasterRecovery } from "../components/dr/DisasterRecovery";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmTopic } from "../components/monitoring/AlarmTopic";
import { composeRecoveryAlarmTopic } from "./monitoring";
import { databaseIdentifier, staticBucketName } from "../lib/naming";
import type { StackContext } from "./context";
import { dataStorePlacement } from "./data";
import type { NetworkHandles } from "./network";
import { stackInThisOrganization } from "./history";
import { ProdStack } from "./prodStack";

/**
 * dr: prod's outputs, read before anything else is registered; prod: undefined.
 * The dr stack reads prod's outputs from the Pulumi backend, never from prod's region, so it can
 * fail over while that region is down (see composeDisasterRecovery).
 */
export function readProdStack({ cfg }: StackContext): ProdStack | undefined {
    return cfg.environment === "dr" ? new ProdStack("prod-stack", prodStackName(cfg.dr.prodStack)) : undefined;
}

/** `expertconnect:dr.prodStack`, or prod in the organization this deployment runs in. */
export function prodStackName(configured: string | undefined): string {
    return configured ?? stackInThisOrganization("prod");
}

/** What the dr stack's recovery site is placed in and notifies. */
export interface RecoverySiteInputs extends Pick<NetworkHandles, "network" | "taskSecurityGroups"> {
    readonly prodStack?: ProdStack;
    readonly alarmTopic: AlarmTopic;
}

/**
 * dr: the recovery site, composed before the data stores and services that use it: the replica
 * of prod's database as the failover phase has it, the phase's service capacity, and the
 * failover signals. Undefined in prod.
 */
export function composeRecoverySite(ctx: StackContext, { network, taskSecurityGroups, prodStack, alarmTopic }: RecoverySiteInputs): DisasterRecovery | undefined {
    const { cfg, tags } = ctx;
    if (!prodStack) return undefined;
    return new DisasterRecovery("dr", {
        site: "recovery",
        tags,
        phase: cfg.dr.phase,
        mode: cfg.dr.mode,
        database: {
            ...dataStorePlacement(ctx, { network, taskSecurityGroups }),
            identifier: databaseIdentifier(cfg.project, cfg.environment),
            sizing: cfg.database,
        },
        // Its engine family and storage ceiling follow prod's outputs: a change deployed to prod alone is taken up here.
        source: prodStack.database,
        rpoSeconds: cfg.dr.rpoSeconds,
        alarmTopicArn: alarmTopic.arn,
        // The replica-lag alarm was the Monitoring component's ("monitoring", stack/monitoring.ts).
        lagAlarmMovedFrom: { parentUrn: pulumi.createUrn("monitoring", "expertconnect:monitoring:Monitoring"), namePrefix: "monitoring" },
    });
}

/** What prod's recovery side reads from the earlier steps. */
export interface DisasterRecoveryInputs {
    readonly buckets?: Buckets;
    readonly database: Database;
    readonly alarmTopic: AlarmTopic;
}

/**
 * Prod writes everything the recovery region needs while it is up: static files replicated
 * within minutes, database backups copied daily and restore-tested monthly, images replicated on
 * push. Prod also holds an alarm topic in the recovery region, subscribed as the main one: S3
 * publishes the replication latency there, and an alarm notifies only a topic of its region. The dr stack's side is in the earlier steps: the replica database (stack/data.ts), and
 * services sized by the phase (stack/compute.ts). Undefined in dr.
 */
export function composeDisasterRecovery(
    ctx: StackContext,
    { buckets, database, alarmTopic }: DisasterRecoveryInputs,
): DisasterRecovery | undefined {
    const { cfg, tags, prefix } = ctx;
    return cfg.environment === "prod" && buckets
        ? new DisasterRecovery("dr", {
            site: "primary",
            tags,
            namePrefix: prefix,
            region: cfg.region,
            recoveryRegion: cfg.dr.recoveryRegion,
            staticAssets: {
                bucketName: buckets.staticBucketName,
                bucketArn: buckets.staticBucketArn,
                kmsKeyArn: buckets.staticKmsKeyArn,
                versioning: buckets.staticBucket,
            },
            replicaBucketName: `${staticBucketName(cfg.project, cfg.environment)}-${cfg.dr.recoveryRegion}`,
            database: {
                arn: database.arn,
                subnetGroupName: database.instance.dbSubnetGroupName,
                securityGroupIds: [database.securityGroupId],
                backupRetentionDays: cfg.database.backupRetentionDays,
                restoreValidator: database.tasks
                    ? { functionArn: database.tasks.functionArn, functionName: database.tasks.functionName }
                    : undefined,
            },
            backupCopyRetentionDays: cfg.dr.backupCopyRetentionDays,
            alarmTopics: { primary: alarmTopic.arn, recovery: composeRecoveryAlarmTopic(ctx).arn },
            // Fenced after a failover: its backlog must not overwrite files dr wrote meanwhile.
            pauseStaticReplication: cfg.dr.fenced,
            images: {
                repositoryPrefix: `${cfg.project}-`,
                repositoryNames: (["backend", "frontend"] as const).map((svc) => `${cfg.project}-${svc}`),
            },
        })
        : undefined;
}
