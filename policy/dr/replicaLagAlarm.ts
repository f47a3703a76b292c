import { PolicyResource } from "@pulumi/policy";

import { riskAlarmProblem } from "../cloudwatch/dataRisk";
import { StackBounds } from "../cloudwatch/metricBounds";
import { AlarmLimits, alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "../cloudwatch/metrics";
import { stackPolicy } from "../lib/define";
import { DATA_RISK_SIGNALS } from "../lib/facts/alarmSignals";
import { DEFAULT_RPO_SECONDS, IDLE_SOURCE_LAG_SECONDS, MAX_RPO_SECONDS } from "../lib/facts/replicaLag";
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

export const drReplicaLagAlarm = stackPolicy<{ rpoSeconds: number; maximumMinutesToAlarm: number }>({
    name: "dr-replica-lag-alarm",
    description: "In dr, someone learns when the standby replica falls behind or stops: an alarm on the replica's own ReplicaLag with a threshold of at most the stack's RPO (rpoSeconds, the stack config's expertconnect:dr.rpoSeconds) that fires within maximumMinutesToAlarm, judged by what it computes (policy/cloudwatch/dataRisk.ts): the Maximum of ReplicaLag (a Minimum or Average over the period's samples hides lag behind one caught-up sample), and its threshold or metric math crossed with the lag one second past the RPO while the source writes at the stack's ordinary rate (policy/lib/facts/traffic.ts, so a write gate no ordinary minute meets keeps it at 0), " +
        `one treating missing data as breaching (a stopped replication publishes no lag), no ReplicaLag alarm looser than the RPO plus what an idle source explains (${IDLE_SOURCE_LAG_SECONDS} s), and none watching an instance that is not a replica of this stack.`,
    enforcementLevel: "mandatory",
    environments: ["dr"],
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (the replica is the recovery point: dashboard "RDS replica lag")`,
        fsbpControl: undefined,
        remediationSteps: "Keep components/dr/replicaLagAlarms.ts: alarms on AWS/RDS ReplicaLag with DBInstanceIdentifier the dr replica's identifier, " +
            "one with a threshold at most the recovery point objective (expertconnect:dr.rpoSeconds, mirrored as rpoSeconds in policy config), reading the Maximum of ReplicaLag and gating on writes at most EXPECTED_WRITES.ordinaryBytesPerSecond, and one with treatMissingData breaching.",
    },
    config: {
        rpoSeconds: {
            type: "integer", minimum: 1, maximum: MAX_RPO_SECONDS, default: DEFAULT_RPO_SECONDS,
            description: `The database's recovery point objective in seconds: the stack config's expertconnect:dr.rpoSeconds (default ${DEFAULT_RPO_SECONDS}), which the engine checks this value against (policy/stack-config.json). ` +
                "One ReplicaLag alarm must page at or below it; none may be looser than it plus the lag an idle source shows.",
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
        // The RPO alarm pages within the RPO; the stalled-replication one may add what an idle source explains.
        // Each is judged by what it computes too: its statistic, and its metric math with the lag just past
        // the bound while the source writes at the stack's ordinary rate (a write gate no minute meets stays at 0).
        const rpo = { maximumThreshold: config.rpoSeconds, maximumMinutes: config.maximumMinutesToAlarm };
        const loosest = { maximumThreshold: config.rpoSeconds + IDLE_SOURCE_LAG_SECONDS, maximumMinutes: config.maximumMinutesToAlarm };
        const stack = new StackBounds(resources);
        const lag = DATA_RISK_SIGNALS.replicaLag;
        for (const db of replicas) {
            const id = knownString(db, "identifier")!;
            const holder = { kind: lag.holder, label: `replica ${id}`, urn: db.urn, dimensions: { DBInstanceIdentifier: id } };
            const problemOf = (a: PolicyResource, limits: AlarmLimits) => alarmProblem(a, limits) ?? riskAlarmProblem(a, lag, holder, limits.maximumThreshold!, stack);
            const watching = alarmsOn(alarms, "AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", id);
            const sound = watching.filter(a => {
                const problem = problemOf(a, loosest);
                if (problem !== undefined) {
                    report(`alarm ${knownString(a, "name") ?? a.name} on ${id}'s ReplicaLag cannot warn in time: ${problem} (the RPO ${config.rpoSeconds} s plus ${IDLE_SOURCE_LAG_SECONDS} s an idle source explains).`, a.urn);
                }
                return problem === undefined;
            });
            if (!watching.some(a => problemOf(a, rpo) === undefined)) {
                report(`no alarm watches replica ${id}'s ReplicaLag with a threshold of at most the RPO, ${config.rpoSeconds} s (expertconnect:dr.rpoSeconds), firing in time: nobody learns the recovery point is slipping. ` +
                    "Keep DisasterRecovery's replica-lag-high alarm at the RPO.", db.urn);
            }
            if (sound.length > 0 && !sound.some(a => known(() => a.props.treatMissingData, "breaching") === "breaching")) {
                report(`no alarm on replica ${id}'s ReplicaLag treats missing data as breaching: when replication stops RDS publishes no lag and every alarm stays quiet. ` +
                    "Set treatMissingData to breaching on the stalled-replication alarm.", db.urn);
            }
        }
    },
});
