/** The dr replica's lag is watched: on the replica itself, within the RPO, and a stopped replication is noticed. */
import { drReplicaLagAlarm } from "../../policy/dr/replicaLagAlarm";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, replicaDb } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const TOPIC = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`;
const metric = (name: string, db: string) => ({ metricName: name, namespace: "AWS/RDS", period: 60, stat: "Maximum", dimensions: { DBInstanceIdentifier: db } });

const dr: StackResourceInput[] = [
    replicaDb,
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "replica-stalled",
        props: {
            name: "expertconnect-db-replica-stalled", namespace: "AWS/RDS", metricName: "ReplicaLag", dimensions: { DBInstanceIdentifier: "expertconnect-dr-db" },
            statistic: "Maximum", period: 60, evaluationPeriods: 3, datapointsToAlarm: 3, threshold: 360, comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "breaching", alarmActions: [TOPIC],
        },
    },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "replica-lag-high",
        props: {
            name: "expertconnect-db-replica-lag-high", threshold: 60, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 3, datapointsToAlarm: 2,
            treatMissingData: "notBreaching", alarmActions: [TOPIC],
            metricQueries: [
                { id: "result", expression: "IF(writes > 50000, lag, 0)", returnData: true },
                { id: "lag", metric: metric("ReplicaLag", "expertconnect-dr-db"), returnData: false },
                { id: "writes", metric: metric("WriteThroughput", "expertconnect-dr-db"), returnData: false },
            ],
        },
    },
];

const stalled = (s: StackResourceInput[]) => named(s, "replica-stalled").props;
const lagHigh = (s: StackResourceInput[]) => named(s, "replica-lag-high").props;
const queries = (s: StackResourceInput[]) => lagHigh(s).metricQueries as { metric?: { dimensions: Record<string, string> } }[];

describe("dr-replica-lag-alarm", () => {
    stackTable(drReplicaLagAlarm, dr, {
        config: { environment: "dr" },
        passes: {
            "the lag alarm is stricter (45 s)": { change: s => { lagHigh(s).threshold = 45; } },
            "the promoted database keeps its old lag alarms": { change: s => { delete s[0].props.replicateSourceDb; } },
            "the replica's identifier is unknown during preview": { change: s => { s[0].props.identifier = UNKNOWN; } },
            "one alarm covers both: within the RPO and breaching on missing data": { change: s => { s.splice(2, 1); stalled(s).threshold = 60; } },
            "a longer RPO in the stack config (mirrored), the alarms set from it": {
                config: { environment: "dr", rpoSeconds: 900 }, change: s => { lagHigh(s).threshold = 900; stalled(s).threshold = 1200; },
            },
            "the largest RPO the stack config accepts": {
                config: { environment: "dr", rpoSeconds: 3600 }, change: s => { lagHigh(s).threshold = 3600; stalled(s).threshold = 3900; },
            },
        },
        violations: {
            "the lag alarm watches prod's instance": {
                change: s => { queries(s).forEach(q => { if (q.metric) q.metric.dimensions.DBInstanceIdentifier = "expertconnect-prod-db"; }); },
                message: /expertconnect-db-replica-lag-high watches the ReplicaLag of expertconnect-prod-db, which is not a database of this stack/,
            },
            "the lag alarm's threshold is a day": {
                change: s => { lagHigh(s).threshold = 86400; }, message: /expertconnect-db-replica-lag-high on expertconnect-dr-db's ReplicaLag cannot warn in time: its threshold 86400 is above 360/,
            },
            "the lag alarm's threshold is above the RPO (but under the stalled allowance)": {
                change: s => { lagHigh(s).threshold = 300; }, message: /no alarm watches replica expertconnect-dr-db's ReplicaLag with a threshold of at most the RPO, 60 s/,
            },
            "the RPO alarm removed (the stalled alarm alone allows an idle source's lag)": {
                change: s => { s.splice(2, 1); }, message: /threshold of at most the RPO, 60 s \(expertconnect:dr\.rpoSeconds\)/,
            },
            "the alarms kept at a longer RPO than the stack config's": {
                config: { environment: "dr", rpoSeconds: 30 }, message: /threshold of at most the RPO, 30 s/,
            },
            "the stalled alarm beyond the RPO plus the idle allowance": {
                change: s => { stalled(s).threshold = 3600; }, message: /expertconnect-db-replica-stalled on expertconnect-dr-db's ReplicaLag cannot warn in time: its threshold 3600 is above 360/,
            },
            "the stalled alarm treats missing data as notBreaching": {
                change: s => { stalled(s).treatMissingData = "notBreaching"; }, message: /no alarm on replica expertconnect-dr-db's ReplicaLag treats missing data as breaching/,
            },
            "the stalled alarm leaves missing data at its default (missing)": {
                change: s => { delete stalled(s).treatMissingData; }, message: /treats missing data as breaching/,
            },
            "no alarm watches the replica's lag": { change: s => { s.splice(1, 2); }, message: /no alarm watches replica expertconnect-dr-db's ReplicaLag/ },
            "the stalled alarm compares downward": {
                change: s => { stalled(s).comparisonOperator = "LessThanThreshold"; }, message: /compares LessThanThreshold/,
            },
            "the stalled alarm needs a day of datapoints": {
                change: s => { stalled(s).evaluationPeriods = 1440; stalled(s).datapointsToAlarm = 1440; }, message: /minutes\) to fire, more than 30/,
            },
        },
        notApplicable: { "the stack is prod": { config: { environment: "prod" } } },
    });
});
