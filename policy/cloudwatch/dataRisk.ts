/**
 * The data-at-risk signals (policy/lib/facts/alarmSignals.ts DATA_RISK_SIGNALS) in a stack: the
 * resources holding one, and whether an alarm pages as soon as the signal passes its bound, judged
 * by what the alarm computes (policy/cloudwatch/alarmValue.ts): the statistic it reads the signal
 * with, its evaluation window, and its threshold or metric math with the signal just past the
 * bound and every load metric at the stack's ordinary load. A write gate no ordinary minute meets,
 * a Minimum over samples, a threshold of a day all leave the recovery point unwatched.
 */
import { PolicyResource } from "@pulumi/policy";

import { DATA_RISK_SIGNALS, DataRiskSignal } from "../lib/facts/alarmSignals";
import { known, knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { RDS_INSTANCE, S3_REPLICATION, SNS_TOPIC } from "../lib/tokens";
import { notifiedThroughComposites } from "./alarmActions";
import { alarmRange, both, canFire, Load, ordinaryGuard, ownMetric, Query, ReadMetric } from "./alarmValue";
import { alarmView } from "./appSignals";
import { MetricResources } from "./metricData";
import { StackBounds } from "./metricBounds";
import { windowProblem } from "./metrics";
import { seesCondition } from "./signalTiming";

/** A resource of the stack holding data-at-risk signals, with the dimensions their metrics carry for it. */
export interface RiskHolder {
    kind: DataRiskSignal["holder"];
    /** Messages: `replication rule to-us-west-2 of expertconnect-prod-static`. */
    label: string;
    urn: string;
    dimensions: Record<string, string>;
}

interface ReplicationRule {
    id?: string;
    status?: string;
    destination?: { bucket?: string; metrics?: { status?: string }; replicationTime?: { status?: string } };
}

/**
 * Every holder of a data-at-risk signal whose dimensions are known (a value still unknown in a
 * preview is judged once known): each Enabled replication rule that publishes replication metrics
 * (S3 publishes them only with metrics or Replication Time Control enabled, which
 * s3-replication-complete requires where the stack serves production), and each RDS read replica.
 */
export function riskHolders(resources: PolicyResource[]): RiskHolder[] {
    const out: RiskHolder[] = [];
    for (const config of ofType(resources, S3_REPLICATION)) {
        const source = knownString(config, "bucket");
        for (const rule of knownDeep(() => config.props.rules as ReplicationRule[] | undefined) ?? []) {
            const publishes = rule?.destination?.metrics?.status === "Enabled" || rule?.destination?.replicationTime?.status === "Enabled";
            // The destination is a bucket ARN; the metrics name the bucket.
            const destination = rule?.destination?.bucket?.replace(/^arn:aws[\w-]*:s3:::/, "");
            if (rule?.status !== "Enabled" || !publishes || !source || !destination || !rule.id) continue;
            out.push({
                kind: "replicationRule", label: `replication rule ${rule.id} of ${source} to ${destination}`, urn: config.urn,
                dimensions: { SourceBucket: source, DestinationBucket: destination, RuleId: rule.id },
            });
        }
    }
    for (const db of ofType(resources, RDS_INSTANCE)) {
        const source = known(() => db.props.replicateSourceDb);
        const id = knownString(db, "identifier");
        if (typeof source !== "string" || source === "" || id === undefined) continue;
        out.push({ kind: "readReplica", label: `replica ${id}`, urn: db.urn, dimensions: { DBInstanceIdentifier: id } });
    }
    return out;
}

/** Every metric an alarm reads, with its statistic and period: its own and its metric math's. */
function readMetrics(alarm: PolicyResource): ReadMetric[] {
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Query[];
    return [ownMetric(alarm), ...queries.flatMap(q => (q?.metric ? [{ ...q.metric, dimensions: q.metric.dimensions ?? {} }] : []))];
}

/** Whether `m` is the signal's metric for the holder (dimensions not known yet match). */
const readsSignal = (m: ReadMetric, signal: DataRiskSignal, holder: RiskHolder) =>
    m.namespace === signal.namespace && m.metricName === signal.metricName
    && (m.dimensions === undefined || Object.entries(holder.dimensions).every(([k, v]) => m.dimensions![k] === v));

/** Whether an alarm reads the signal for the holder, directly or in its metric math. */
export const readsRisk = (alarm: PolicyResource, signal: DataRiskSignal, holder: RiskHolder): boolean =>
    readMetrics(alarm).some(m => readsSignal(m, signal, holder));

const DIRECTION: Record<string, DataRiskSignal["breaches"]> = {
    GreaterThanThreshold: "above", GreaterThanOrEqualToThreshold: "above", LessThanThreshold: "below", LessThanOrEqualToThreshold: "below",
};

/**
 * Why an alarm reading the signal for the holder does not fire as soon as the signal passes
 * `bound`, or undefined when it does (or its settings are not known yet): it must compare in the
 * signal's direction, read it with a statistic that sees one bad sample, reach ALARM within the
 * signal's window, and cross its threshold when the signal reads the first whole unit past the
 * bound while every load metric it reads is at the stack's ordinary load.
 */
export function riskAlarmProblem(alarm: PolicyResource, signal: DataRiskSignal, holder: RiskHolder, bound: number, stack: StackBounds): string | undefined {
    const comparison = known(() => alarm.props.comparisonOperator);
    if (typeof comparison === "string" && DIRECTION[comparison] !== undefined && DIRECTION[comparison] !== signal.breaches) {
        return `it compares ${comparison}, so ${signal.what} never sets it off`;
    }
    for (const m of readMetrics(alarm).filter(m => readsSignal(m, signal, holder))) {
        if (typeof m.stat === "string" && !seesCondition(signal, m.stat)) {
            return `it reads ${signal.metricName} with the ${m.stat} statistic, which does not move while one sample of the period is bad (a caught-up sample hides the others): use ${signal.statistics.join(" or ")}`;
        }
    }
    const late = windowProblem(alarm, signal.maximumMinutes);
    if (late !== undefined) return late;
    const threshold = known(() => alarm.props.threshold);
    if (typeof comparison !== "string" || typeof threshold !== "number") return undefined;
    const breach = bound + 1;
    const atBound: Load = { value: m => (readsSignal(m, signal, holder) ? breach : undefined), label: `${signal.metricName} ${breach}` };
    const guard = ordinaryGuard(alarm);
    const range = alarmRange(alarm, stack, guard ? both(atBound, guard) : atBound);
    if (range !== undefined && !canFire(comparison, threshold, range)) {
        return `with ${signal.metricName} at ${breach}, just past ${bound}, it needs a value ${comparison.replace(/Threshold$/, "")} ${threshold}, but ${range.why}`;
    }
    return undefined;
}

/** A finding: the message and the resource it is about. */
export interface RiskFinding {
    message: string;
    urn: string;
}

/**
 * The holders of the stack whose data-at-risk signals no alarm pages on in time: for each signal
 * `boundOf` gives a bound for (the others are judged elsewhere), some alarm reading it for the
 * holder must fire past the bound (riskAlarmProblem), read it where AWS publishes it (S3 holds a
 * rule's latency in the destination's region: an alarm elsewhere never gets a datapoint), with its
 * actions enabled and naming a topic of the stack (or read by a composite alarm with actions).
 */
export function riskFindings(resources: PolicyResource[], alarms: PolicyResource[], stack: StackBounds, boundOf: (signal: DataRiskSignal) => number | undefined): RiskFinding[] {
    const out: RiskFinding[] = [];
    const view = alarmView(ofType(resources, SNS_TOPIC));
    const composed = notifiedThroughComposites(resources);
    const signals = Object.entries(DATA_RISK_SIGNALS) as Array<[string, DataRiskSignal]>;
    const published = new MetricResources(resources);
    const home = stackRegion(resources);
    for (const holder of riskHolders(resources)) {
        for (const [key, signal] of signals.filter(([, s]) => s.holder === holder.kind)) {
            const bound = boundOf(signal);
            if (bound === undefined) continue;
            const judged = alarms.filter(a => readsRisk(a, signal, holder)).map(a => {
                const v = view(a);
                const name = knownString(a, "name");
                const pages = (v.actionsEnabled && v.notifiesStackTopic) || (name !== undefined && composed.has(name));
                const unpublished = readMetrics(a).filter(m => readsSignal(m, signal, holder)).flatMap(m => published.unresolved(m, regionOf(a) ?? home));
                return { name: v.name, problem: unpublished[0] ?? riskAlarmProblem(a, signal, holder, bound, stack) ?? (pages ? undefined : "it pages no one (actions disabled, or no topic of this stack in alarmActions)") };
            });
            if (judged.some(j => j.problem === undefined)) continue;
            const why = judged.length === 0 ? `no alarm reads ${signal.metricName} with ${Object.entries(holder.dimensions).map(([k, v]) => `${k} ${v}`).join(", ")}`
                : judged.map(j => `alarm ${j.name}: ${j.problem}`).join("; ");
            out.push({
                message: `${holder.label} says committed data is at risk through ${signal.namespace} ${signal.metricName}, ${signal.what}, once it passes ${bound}, but nothing pages on it in time: ${why}. ` +
                    `Keep the program's alarm (policy/lib/facts/alarmSignals.ts, DATA_RISK_SIGNALS.${key}): ${signal.statistics[0]} of the metric, a threshold of at most ${bound}, notifying the alarm topic.`,
                urn: holder.urn,
            });
        }
    }
    return out;
}
