import { PolicyResource } from "@pulumi/policy";

import { alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "../cloudwatch/metrics";
import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { METRIC_ALARM, RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_DR } from "./backupCopy";

/** The DBInstanceIdentifier values of the ReplicaLag metrics an alarm watches (unknown ones left out). */
function watchedInstances(alarm: PolicyResource): string[] {
    const direct = known(() => alarm.props.metricName) === "ReplicaLag" ? [knownDeep(() => alarm.props.dimensions?.DBInstanceIdentifier)] : [];
    const queries = (knownDeep(() => alarm.props.metricQueries ?? [], []) ?? []) as { metric?: { metricName?: string; dimensions?: Record<string, string> } }[];
    const nested = queries.filter(q => q.metric?.metricName === "ReplicaLag").map(q => q.metric?.dimensions?.DBInstanceIdentifier);
    return [...direct, ...nested].filter((v): v is string => typeof v === "string");
}

export const drReplicaLagAlarm = stackPolicy<{ maximumReplicaLagSeconds: number; maximumMinutesToAlarm: number }>({
    name: "dr-replica-lag-alarm",
    description: "In dr, someone learns when the standby replica falls behind or stops: an alarm on the replica's own ReplicaLag with a threshold of at most maximumReplicaLagSeconds that fires within maximumMinutesToAlarm, " +
        "one of them treating missing data as breaching (a stopped replication publishes no lag), and no ReplicaLag alarm watching an instance that is not a replica of this stack.",
    enforcementLevel: "mandatory",
    environments: ["dr"],
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (the replica is the recovery point: dashboard "RDS replica lag")`,
        fsbpControl: undefined,
        remediationSteps: "Keep components/dr/replicaLagAlarms.ts: alarms on AWS/RDS ReplicaLag with DBInstanceIdentifier the dr replica's identifier, " +
            "a threshold within the recovery point objective, and one with treatMissingData breaching.",
    },
    config: {
        maximumReplicaLagSeconds: {
            type: "integer", minimum: 1, maximum: 86400, default: 3600,
            description: "Highest ReplicaLag threshold (seconds) an alarm may have and still protect the recovery point (default 3600, the largest RPO the stack config accepts).",
        },
        maximumMinutesToAlarm: MINUTES_TO_ALARM,
    },
    types: [...RDS_INSTANCE, ...METRIC_ALARM],
    validate: (resources, report, { config }) => {
        const alarms = ofType(resources, METRIC_ALARM);
        const databases = ofType(resources, RDS_INSTANCE);
        const replicas = databases.filter(db => known(() => typeof db.props.replicateSourceDb === "string" && db.props.replicateSourceDb !== "", false));
        const ids = databases.map(db => knownString(db, "identifier"));
        if (ids.includes(undefined)) {
            return; // Preview of a new database: its identifier, and so the alarms' dimensions, can't be compared yet.
        }
        // Another stack's instance (prod's primary) has no lag to report here: the alarm is blind.
        for (const alarm of alarms) {
            const stray = watchedInstances(alarm).filter(id => !ids.includes(id));
            if (stray.length > 0) {
                report(`alarm ${knownString(alarm, "name") ?? alarm.name} watches the ReplicaLag of ${stray.join(", ")}, which is not a database of this stack ` +
                    `(${ids.join(", ") || "none"}): it has no replica lag to report. Set the DBInstanceIdentifier dimension to the replica's identifier.`, alarm.urn);
            }
        }
        const limits = { maximumThreshold: config.maximumReplicaLagSeconds, maximumMinutes: config.maximumMinutesToAlarm };
        for (const db of replicas) {
            const id = knownString(db, "identifier")!;
            const watching = alarmsOn(alarms, "AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", id);
            const problems = watching.map(a => ({ a, problem: alarmProblem(a, limits) }));
            for (const { a, problem } of problems.filter(p => p.problem !== undefined)) {
                report(`alarm ${knownString(a, "name") ?? a.name} on ${id}'s ReplicaLag cannot warn in time: ${problem}.`, a.urn);
            }
            if (problems.every(p => p.problem !== undefined)) {
                report(`no alarm watches replica ${id}'s ReplicaLag with a threshold of at most ${config.maximumReplicaLagSeconds} s: nobody learns the recovery point is slipping.`, db.urn);
            } else if (!watching.some(a => known(() => a.props.treatMissingData, "breaching") === "breaching")) {
                report(`no alarm on replica ${id}'s ReplicaLag treats missing data as breaching: when replication stops RDS publishes no lag and every alarm stays quiet. ` +
                    "Set treatMissingData to breaching on the stalled-replication alarm.", db.urn);
            }
        }
    },
});
