import type * as pulumi from "@pulumi/pulumi";
import { DATA_RISK_SIGNALS, REPLICATION_TIME_CONTROL_MINUTES } from "../../policy/lib/facts/alarmSignals";
import { AWS_METRICS } from "../../policy/lib/facts/awsMetrics";
import type { AlarmDefinition, MetricStat } from "../monitoring/alarms/definition";

/** The replication rule to watch; S3 publishes its metrics per source, destination and rule. */
export interface WatchedReplication {
    sourceBucket: pulumi.Input<string>;
    destinationBucket: pulumi.Input<string>;
    ruleId: string;
}

/** Regions of the rule's two buckets. */
export interface ReplicationRegions {
    source: string;
    destination: string;
}

/**
 * Alarms that keep the static-assets RPO watched rather than assumed, one per data-at-risk signal
 * of a replication rule (policy/lib/facts/alarmSignals.ts, which the pack requires for every rule):
 * any object S3 failed to replicate (a KMS or permission error stops replication silently
 * otherwise), and replication running later than Replication Time Control's 15 minutes. Each
 * fires on the first unit past the signal's bound. No traffic means no datapoints, which is not a
 * failure. Each lives in the region S3 publishes its metric in (policy/lib/facts/awsMetrics.ts
 * `regionOf`): the failures where the source is, the latency where the replica is.
 */
export function staticReplicationAlarms(project: string, rule: WatchedReplication, regions: ReplicationRegions): AlarmDefinition[] {
    const dimensions = { SourceBucket: rule.sourceBucket, DestinationBucket: rule.destinationBucket, RuleId: rule.ruleId };
    const fiveMinutes = { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };
    const { replicationFailed: failed, replicationLate: late } = DATA_RISK_SIGNALS;
    const regionOf = (signal: typeof failed | typeof late): string =>
        (AWS_METRICS[signal.namespace].metrics[signal.metricName].regionOf === "DestinationBucket" ? regions.destination : regions.source);
    const metric = (signal: typeof failed | typeof late): MetricStat =>
        ({ namespace: signal.namespace, metricName: signal.metricName, dimensions, statistic: signal.statistics[0] });
    return [
        {
            name: `${project}-static-replication-failed`,
            description: "Objects of the static-assets bucket failed to replicate to the recovery region",
            metric: metric(failed),
            window: fiveMinutes,
            threshold: failed.firesAbove,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            region: regionOf(failed),
        },
        {
            name: `${project}-static-replication-late`,
            description: `Static-assets replication is later than Replication Time Control's ${REPLICATION_TIME_CONTROL_MINUTES} minutes: the recovery point of static files is at risk`,
            metric: metric(late),
            window: fiveMinutes,
            // ReplicationLatency is in seconds.
            threshold: late.firesAbove,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            region: regionOf(late),
        },
    ];
}
