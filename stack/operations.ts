import * as pulumi from "@pulumi/pulumi";
import type { Buckets } from "../components/data/Buckets";
import type { Database } from "../components/data/Database";
import type { DisasterRecovery } from "../components/dr/DisasterRecovery";
import { buildRunbook, Runbook } from "../components/operations/runbook";
import { parameterPath } from "../lib/naming";
import type { ComputeHandles } from "./compute";
import type { StackContext } from "./context";
import type { StaticAssets } from "./data";
import type { MonitoringHandles } from "./monitoring";

/** The names the runbook's commands use. */
export interface RunbookInputs extends Pick<ComputeHandles, "cluster" | "services">, Pick<MonitoringHandles, "alarmTopic" | "monitoring"> {
    readonly database: Database;
    readonly buckets?: Buckets;
    readonly staticAssets: StaticAssets;
    /** prod's recovery side (its restore test); undefined in dr. */
    readonly disasterRecovery?: DisasterRecovery;
}

/**
 * The guide's commands with this stack's real names (`pulumi stack output runbook`, see
 * docs/operations.md). Stack names are the environments (Pulumi.<env>.yaml): dr fails over as `dr`.
 */
export function composeRunbook(
    { cfg }: StackContext,
    { cluster, services, database, buckets, staticAssets, monitoring, alarmTopic, disasterRecovery }: RunbookInputs,
): pulumi.Output<Runbook> {
    const { restoreTesting, backup } = disasterRecovery ?? {};
    return pulumi.output({
        stack: pulumi.getStack(),
        region: cfg.region,
        clusterName: cluster.name,
        services: { backend: services.backend.serviceName, frontend: services.frontend.serviceName },
        logGroups: { backend: services.backend.logGroupName, frontend: services.frontend.logGroupName },
        backendContainer: services.backend.containerName,
        databaseIdentifier: database.identifier,
        buckets: { static: staticAssets.bucketName, ...(buckets?.backupBucketName ? { backup: buckets.backupBucketName } : {}) },
        dashboardName: monitoring.dashboardName,
        dashboardUrl: monitoring.dashboardUrl,
        alarmTopicArn: alarmTopic.arn,
        parameterPath: parameterPath(cfg.project, cfg.environment),
        drStack: "dr",
        // prod's side of disaster recovery owns the restore test.
        restoreTest: restoreTesting && backup
            ? {
                planName: restoreTesting.planName,
                planArn: restoreTesting.plan.arn,
                vaultName: backup.vaultName,
                roleArn: backup.roleArn,
                databaseArn: database.arn,
            }
            : undefined,
    }).apply(buildRunbook);
}
