import type * as pulumi from "@pulumi/pulumi";
import type { AlarmDefinition } from "../monitoring/alarms/definition";

/** Replication Time Control's threshold, in seconds: replication later than this misses the SLA. */
export const RTC_THRESHOLD_SECONDS = 15 * 60;

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
            description: `Static-assets replication is later than Replication Time Control's ${RTC_THRESHOLD_SECONDS / 60} minutes: the recovery point of static files is at risk`,
            metric: { namespace: "AWS/S3", metricName: "ReplicationLatency", dimensions, statistic: "Maximum" },
            window: fiveMinutes,
            threshold: RTC_THRESHOLD_SECONDS,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    ];
}
