import { CAPACITY_CEILINGS } from "../../../policy/lib/facts/alarmSignals";
import { instanceClassMemoryBytes } from "../../../lib/rdsInstanceClasses";
import { connectionsAlarmThreshold } from "../maxConnections";
import { AlarmDefinition, SUSTAINED } from "./definition";

/** The database instance to watch. */
export interface WatchedDatabase {
    /** RDS instance identifier: `expertconnect-prod-db`. */
    identifier: string;
    /** Instance class, for the connection and memory thresholds. */
    instanceClass: string;
    /** Initially allocated storage in GiB, for the free-storage threshold. */
    allocatedStorageGb: number;
}

const GIB = 1024 ** 3;
/** Free storage below this share of the initial allocation alarms. Storage autoscaling acts at 10% too, but then waits six hours before it can grow again. */
const FREE_STORAGE_RATIO = CAPACITY_CEILINGS.databaseStorage.signals[0].threshold;
/** Freeable memory below this share of the class's memory alarms: the database starts swapping. */
const FREEABLE_MEMORY_RATIO = CAPACITY_CEILINGS.databaseMemory.signals[0].threshold;
/** CPU percentage that alarms. */
const CPU_PERCENT = CAPACITY_CEILINGS.databaseCpu.signals[0].threshold * 100;
/** Average read or write latency above this many seconds is slow for gp3 storage. */
const IO_LATENCY_SECONDS = 0.02;

/** The guide's connections alarm, exactly, but at 80% of the class's max_connections instead of a flat 80. */
export function dbConnectionsAlarm(project: string, db: WatchedDatabase): AlarmDefinition {
    return {
        name: `${project}-db-connections-high`,
        description: `Alarm when DB connections exceed 80% of max (${connectionsAlarmThreshold(db.instanceClass)} of ${db.instanceClass}'s max_connections)`,
        metric: { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: { DBInstanceIdentifier: db.identifier }, statistic: "Average" },
        window: { period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
        threshold: connectionsAlarmThreshold(db.instanceClass),
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    };
}

/** Database alarms: connections, CPU, free storage (the guide's disk-space check), freeable memory, I/O latency. */
export function rdsAlarms(project: string, db: WatchedDatabase): AlarmDefinition[] {
    const dimensions = { DBInstanceIdentifier: db.identifier };
    const metric = (metricName: string, statistic: "Average" | "Minimum") => ({ namespace: "AWS/RDS", metricName, dimensions, statistic });
    const latency = (kind: "Read" | "Write"): AlarmDefinition => ({
        name: `${project}-db-${kind.toLowerCase()}-latency-high`,
        description: `Average ${kind.toLowerCase()} latency above ${IO_LATENCY_SECONDS * 1000} ms for 15 minutes: storage is saturated`,
        metric: metric(`${kind}Latency`, "Average"),
        window: SUSTAINED,
        threshold: IO_LATENCY_SECONDS,
        comparison: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    });
    return [
        dbConnectionsAlarm(project, db),
        {
            name: `${project}-db-cpu-high`,
            description: `Database CPU above ${CPU_PERCENT}% for 15 minutes`,
            metric: metric("CPUUtilization", "Average"),
            window: SUSTAINED,
            threshold: CPU_PERCENT,
            comparison: "GreaterThanThreshold",
            // RDS reports CPU every minute while the instance runs: silence means it is down.
            treatMissingData: "breaching",
        },
        {
            name: `${project}-db-free-storage-low`,
            description: `Free storage below ${FREE_STORAGE_RATIO * 100}% of the ${db.allocatedStorageGb} GiB allocated`,
            metric: metric("FreeStorageSpace", "Minimum"),
            window: { period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
            threshold: Math.floor(db.allocatedStorageGb * GIB * FREE_STORAGE_RATIO),
            comparison: "LessThanThreshold",
            treatMissingData: "notBreaching",
        },
        {
            name: `${project}-db-freeable-memory-low`,
            description: `Freeable memory below ${FREEABLE_MEMORY_RATIO * 100}% of ${db.instanceClass}'s memory for 15 minutes`,
            metric: metric("FreeableMemory", "Average"),
            window: SUSTAINED,
            threshold: Math.floor(instanceClassMemoryBytes(db.instanceClass) * FREEABLE_MEMORY_RATIO),
            comparison: "LessThanThreshold",
            treatMissingData: "notBreaching",
        },
        latency("Read"),
        latency("Write"),
    ];
}
