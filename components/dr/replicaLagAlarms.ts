import { DATA_RISK_SIGNALS } from "../../policy/lib/facts/alarmSignals";
import { IDLE_SOURCE_LAG_SECONDS } from "../../policy/lib/facts/replicaLag";
import { EXPECTED_WRITES } from "../../policy/lib/facts/traffic";
import { CRITICAL, type AlarmDefinition } from "../monitoring/alarms/definition";

/**
 * Replica write throughput (bytes/s) above which the source is taken to be writing: the
 * replica writes the WAL it receives and replays, while an idle pair writes only checkpoints.
 * Below the stack's ordinary write rate (policy/lib/facts/traffic.ts), at which the pack
 * evaluates the gate: one no ordinary minute meets would keep the alarm at 0.
 */
export const SOURCE_WRITING_BYTES_PER_SECOND = EXPECTED_WRITES.writingBytesPerSecond;

/**
 * The dr replica's lag signals, which do not page on an idle source:
 * - `replica-lag-high`: lag above the RPO while the replica is receiving writes (metric math:
 *   the lag counts only in minutes when the replica's write throughput says the source wrote).
 *   Missing data is not breaching: a replica that stops reporting is the next alarm's case.
 * - `replica-stalled`: lag beyond what an idle source explains (IDLE_SOURCE_LAG_SECONDS plus the
 *   RPO) for 3 minutes, whatever the activity, or no lag reported at all: replication has
 *   stopped (a broken slot, a failed replica, the source region gone).
 */
export function replicaLagAlarms(project: string, identifier: string, rpoSeconds: number): AlarmDefinition[] {
    const rds = (metricName: string, statistic: "Maximum" | "Average") =>
        ({ namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: identifier }, statistic });
    const stalledAfter = IDLE_SOURCE_LAG_SECONDS + rpoSeconds;
    return [
        {
            name: `${project}-db-replica-lag-high`,
            description: `Replica ${identifier} is more than ${rpoSeconds} s behind a source that is writing: the recovery point objective is at risk`,
            metric: {
                expression: `IF(writes > ${SOURCE_WRITING_BYTES_PER_SECOND}, lag, 0)`,
                label: "ReplicaLag while the source writes (s)",
                metrics: { lag: rds("ReplicaLag", DATA_RISK_SIGNALS.replicaLag.statistics[0]), writes: rds("WriteThroughput", "Average") },
            },
            window: CRITICAL,
            threshold: rpoSeconds,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
        {
            name: `${project}-db-replica-stalled`,
            description: `Replica ${identifier} is more than ${stalledAfter} s behind (more than an idle source explains) or reports no lag: replication has stopped`,
            metric: rds("ReplicaLag", DATA_RISK_SIGNALS.replicaLag.statistics[0]),
            // Three breaching minutes in a row: the threshold already allows for an idle source.
            window: { period: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
            threshold: stalledAfter,
            comparison: "GreaterThanThreshold",
            treatMissingData: "breaching",
        },
    ];
}
