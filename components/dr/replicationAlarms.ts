import type * as pulumi from "@pulumi/pulumi";
import type { AlarmDefinition } from "../monitoring/alarms/definition";

/**
 * S3 Replication Time Control's only threshold: 99.99% of objects within 15 minutes. The rule
 * asks for it and the lateness alarm fires past it, so both read this one value.
 */
export const REPLICATION_TIME_MINUTES = 15;

/** The replication rule to watch; S3 publishes its metrics per source, destination and rule. */
export interface WatchedReplication {
    sourceBucket: pulumi.Input<string>;
    destinationBucket: pulumi.Input<string>;
    ruleId: string;
}

/**
 * Alarms that keep the static-assets RPO watched rather than assumed: any object S3 failed to
 * replicate (a KMS or permission error stops replication silently otherwise), and replication
 * running later than Replication Time Control's 15 minutes. No traffic means no datapoints,
 * which is not a failure.
 */
export function staticReplicationAlarms(project: string, rule: WatchedReplication): AlarmDefinition[] {
    const dimensions = { SourceBucket: rule.sourceBucket, DestinationBucket: rule.destinationBucket, RuleId: rule.ruleId };
    const fiveMinutes = { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };
    return [
        {
            name: `${project}-static-replication-failed`,
            description: "Objects of the static-assets bucket failed to replicate to the recovery region",
            metric: { namespace: "AWS/S3", metricName: "OperationsFailedReplication", dimensions, statistic: "Sum" },
            window: fiveMinutes,
            threshold: 0,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
        {
            name: `${project}-static-replication-late`,
            description: `Static-assets replication is later than Replication Time Control's ${REPLICATION_TIME_MINUTES} minutes: the recovery point of static files is at risk`,
            metric: { namespace: "AWS/S3", metricName: "ReplicationLatency", dimensions, statistic: "Maximum" },
            window: fiveMinutes,
            // ReplicationLatency is in seconds.
            threshold: REPLICATION_TIME_MINUTES * 60,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    ];
}
