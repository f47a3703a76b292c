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

/** Every metric the alarms watch, read once per stack. */
export function watchedMetrics(alarms: PolicyResource[]): WatchedMetric[] {
    return alarms.flatMap(metricsOf);
}

/** Whether a watched metric is `namespace/metricName` with `dimension` equal to `value` (or unknown). */
export function hasAlarm(watched: WatchedMetric[], namespace: string, metricName: string, dimension: string, value: string | undefined): boolean {
    return watched.some(m =>
        m.namespace === namespace && m.metricName === metricName
        && (value === undefined || m.dimensions === undefined || m.dimensions[dimension] === value));
}
