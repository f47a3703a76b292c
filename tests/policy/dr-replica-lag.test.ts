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
const queries = (s: StackResourceInput[]) => lagHigh(s).metricQueries as { id: string; expression?: string; metric?: { stat?: string; period?: number; dimensions: Record<string, string> } }[];
const query = (s: StackResourceInput[], id: string) => queries(s).find(q => q.id === id)!;

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
            // What the lag alarm computes: the Maximum of the lag, a write gate the ordinary write rate (100,000 B/s) meets.
            "the write gate lowered to 20,000 bytes a second": { change: s => { query(s, "result").expression = "IF(writes > 20000, lag, 0)"; } },
            "the write gate at the ordinary write rate, with >=": { change: s => { query(s, "result").expression = "IF(writes >= 100000, lag, 0)"; } },
            "the gate reads the Sum of five one-minute datapoints": {
                change: s => { Object.assign(query(s, "writes").metric!, { stat: "Sum", period: 300 }); query(s, "result").expression = "IF(writes > 250000, lag, 0)"; },
            },
            "the gate written without IF: lag times a 0/1 write test": { change: s => { query(s, "result").expression = "lag * (writes > 50000)"; } },
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
            "the lag alarm reads the Minimum of ReplicaLag": {
                change: s => { query(s, "lag").metric!.stat = "Minimum"; },
                message: /expertconnect-db-replica-lag-high on expertconnect-dr-db's ReplicaLag cannot warn in time: it reads ReplicaLag with the Minimum statistic.*use Maximum/,
            },
            "the lag alarm reads the Average of ReplicaLag over 5 minutes": {
                change: s => { query(s, "lag").metric!.stat = "Average"; query(s, "lag").metric!.period = 300; }, message: /it reads ReplicaLag with the Average statistic/,
            },
            "the stalled alarm reads the Minimum": { change: s => { stalled(s).statistic = "Minimum"; }, message: /expertconnect-db-replica-stalled .* with the Minimum statistic/ },
            "the write gate raised to 5e10 bytes a second": {
                change: s => { query(s, "result").expression = "IF(writes > 50000000000, lag, 0)"; },
                message: /lag-high on expertconnect-dr-db's ReplicaLag cannot warn in time: with ReplicaLag at 361, just past 360, it needs a value GreaterThan 60, but the expression .* only takes values from 0 to 0 at ReplicaLag 361, 100000 bytes written a second/,
            },
            "the write gate above the ordinary write rate (150,000 bytes a second)": {
                change: s => { query(s, "result").expression = "IF(writes > 150000, lag, 0)"; }, message: /threshold of at most the RPO, 60 s/,
            },
            "the gate reads the Sum of five datapoints against a per-second rate scaled to 5 minutes of bytes": {
                change: s => { Object.assign(query(s, "writes").metric!, { stat: "Sum", period: 300 }); query(s, "result").expression = "IF(writes > 15000000, lag, 0)"; },
                message: /only takes values from 0 to 0/,
            },
            "the lag scaled to minutes against a threshold in seconds": {
                change: s => { query(s, "result").expression = "IF(writes > 50000, lag / 60, 0)"; }, message: /with ReplicaLag at 61, just past 60|threshold of at most the RPO/,
            },
            "the gate inverted: the lag counts only while the source is idle": {
                change: s => { query(s, "result").expression = "IF(writes < 50000, lag, 0)"; }, message: /threshold of at most the RPO, 60 s/,
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
