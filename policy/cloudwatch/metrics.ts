import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep } from "../lib/stack";

/** The metric an alarm watches: its own, or those of its metric-math queries. */
export interface WatchedMetric {
    namespace?: string;
    metricName?: string;
    /** Undefined while unknown: then any dimension value may match. */
    dimensions?: Record<string, string>;
}

/** The metrics of an alarm (unknown parts are left out). */
function metricsOf(alarm: PolicyResource): WatchedMetric[] {
    const props = alarm.props;
    const direct: WatchedMetric = {
        namespace: known(() => props.namespace),
        metricName: known(() => props.metricName),
        dimensions: knownDeep(() => props.dimensions ?? {}),
    };
    const queries = knownDeep(() => (props.metricQueries ?? []) as { metric?: WatchedMetric }[], []);
    return [direct, ...queries.flatMap(q => (q.metric ? [{ ...q.metric, dimensions: q.metric.dimensions ?? {} }] : []))];
}

/** Whether a watched metric is `namespace/metricName` with `dimension` equal to `value` (or unknown). */
function watches(m: WatchedMetric, namespace: string, metricName: string, dimension: string, value: string | undefined): boolean {
    return m.namespace === namespace && m.metricName === metricName
        && (value === undefined || m.dimensions === undefined || m.dimensions[dimension] === value);
}

/** The alarms watching `namespace/metricName` with `dimension` equal to `value` (or unknown). */
export function alarmsOn(alarms: PolicyResource[], namespace: string, metricName: string, dimension: string, value: string | undefined): PolicyResource[] {
    return alarms.filter(a => metricsOf(a).some(m => watches(m, namespace, metricName, dimension, value)));
}

/** How soon a "too high" alarm must be able to fire. */
export interface AlarmLimits {
    /** Highest threshold that can still be crossed (100 for a percentage); undefined: no limit. */
    maximumThreshold?: number;
    /** Why the threshold may not exceed maximumThreshold (default: the metric cannot reach it). */
    thresholdReason?: string;
    /** Lowest sensible threshold (a share of a capacity the metric is judged against); undefined: no floor. */
    minimumThreshold?: number;
    /** Why the threshold may not be below minimumThreshold. */
    minimumReason?: string;
    /** Most minutes from the first breaching datapoint to the alarm. */
    maximumMinutes: number;
}

/**
 * Why a "too high" alarm cannot warn in time, or undefined when it can (or its settings are not
 * known yet): it must compare upward, with a threshold that can be crossed, and reach ALARM within
 * the limit (period × datapoints to alarm).
 */
export function alarmProblem(alarm: PolicyResource, limits: AlarmLimits): string | undefined {
    const props = alarm.props;
    const comparison = known(() => props.comparisonOperator);
    if (typeof comparison === "string" && !/^GreaterThan/.test(comparison)) {
        return `it compares ${comparison}: a rise never sets it off`;
    }
    const threshold = known(() => props.threshold);
    if (typeof threshold === "number" && limits.maximumThreshold !== undefined && threshold > limits.maximumThreshold) {
        return `its threshold ${threshold} is above ${limits.maximumThreshold}, ${limits.thresholdReason ?? "which the metric cannot reach"}`;
    }
    if (typeof threshold === "number" && limits.minimumThreshold !== undefined && threshold < limits.minimumThreshold) {
        return `its threshold ${threshold} is below ${limits.minimumThreshold}, ${limits.minimumReason ?? "where the metric sits in normal operation"}`;
    }
    return windowProblem(alarm, limits.maximumMinutes);
}

/**
 * Why an alarm takes longer than `maximumMinutes` from the first breaching datapoint to ALARM
 * (period × datapoints to alarm, datapointsToAlarm defaulting to evaluationPeriods), or undefined.
 */
export function windowProblem(alarm: PolicyResource, maximumMinutes: number): string | undefined {
    const props = alarm.props;
    const queries = knownDeep(() => (props.metricQueries ?? []) as { metric?: { period?: number } }[], []);
    const period = known(() => props.period) ?? queries.find(q => q.metric?.period !== undefined)?.metric?.period;
    const datapoints = known(() => props.datapointsToAlarm) ?? known(() => props.evaluationPeriods);
    if (typeof period === "number" && typeof datapoints === "number" && (period * datapoints) / 60 > maximumMinutes) {
        return `it needs ${datapoints} datapoints of ${period} s (${Math.round((period * datapoints) / 60)} minutes) to fire, more than ${maximumMinutes}`;
    }
    return undefined;
}

/** The policy config for how late an alarm may fire. */
export const MINUTES_TO_ALARM = {
    type: "integer",
    minimum: 1,
    maximum: 1440,
    default: 30,
    description: "Most minutes an alarm may take from the first breaching datapoint to ALARM (period × datapoints to alarm).",
} as const;
