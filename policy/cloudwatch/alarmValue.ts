/**
 * What an alarm computes: the range of the series it compares with its threshold (its metric, or
 * its metric-math result) in this stack, alone or under a load that sets some metrics' values
 * (the stack's ordinary traffic and writes, a signal at its bound), and whether that range can
 * cross the threshold. cloudwatch-alarms-can-fire, the data-at-risk signals and
 * dr-replica-lag-alarm judge alarms by it.
 */
import { PolicyResource } from "@pulumi/policy";

import { EXPECTED_TRAFFIC, EXPECTED_WRITES, REQUEST_COUNT_METRICS, WRITE_RATE_METRICS } from "../lib/facts/traffic";
import { expressionRange, isEmpty, Range } from "../lib/metricMath";
import { known, knownDeep } from "../lib/stack";
import { Bounds, MetricId, metricBounds, ORDERED_METRICS, StackBounds } from "./metricBounds";

export interface Query {
    id?: string;
    expression?: string;
    returnData?: boolean;
    metric?: MetricId & { period?: number };
}

/** A request count read with Sum: what a guard on traffic compares. */
const isRequestCount = (m: Query["metric"]) => m !== undefined && REQUEST_COUNT_METRICS.includes(`${m.namespace}/${m.metricName}`) && (m as { stat?: string }).stat === "Sum";
/** A write rate (bytes per second, one datapoint a minute). */
const isWriteRate = (m: Query["metric"]) => m !== undefined && WRITE_RATE_METRICS.includes(`${m.namespace}/${m.metricName}`);

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? "+∞" : "-∞");

/** A metric as one evaluation reads it: its identity, the statistic and the period of its query. */
export type ReadMetric = MetricId & { period?: number };

/**
 * Values some metrics take in one evaluation of an alarm (request counts at a traffic, writes at a
 * rate, a signal at its bound); every other metric takes its bounds in the stack.
 */
export interface Load {
    /** The value the metric reads under this load, or undefined when the load does not set it. */
    value(metric: ReadMetric): number | undefined;
    /** The load in a message (`300 requests a minute`). */
    label: string;
}

/**
 * The stack's ordinary load (policy/lib/facts/traffic.ts): request counts (Sum) of
 * `ordinaryRequestsPerMinute` over their query's period, write rates of `ordinaryBytesPerSecond`
 * (a statistic of the per-minute datapoints; their Sum adds one a minute).
 */
export const ORDINARY_LOAD: Load = {
    label: `${EXPECTED_TRAFFIC.ordinaryRequestsPerMinute} requests a minute, ${EXPECTED_WRITES.ordinaryBytesPerSecond} bytes written a second`,
    value: m => {
        if (isRequestCount(m)) return typeof m.period === "number" ? (EXPECTED_TRAFFIC.ordinaryRequestsPerMinute * m.period) / 60 : undefined;
        if (!isWriteRate(m)) return undefined;
        if (m.stat === "Sum") return typeof m.period === "number" ? (EXPECTED_WRITES.ordinaryBytesPerSecond * m.period) / 60 : undefined;
        return m.stat !== undefined && /^(Average|Minimum|Maximum|p\d+(\.\d+)?)$/.test(m.stat) ? EXPECTED_WRITES.ordinaryBytesPerSecond : undefined;
    },
};

/** Two loads in one evaluation: the first one that sets a metric's value wins. */
export const both = (first: Load, second: Load): Load => ({
    value: m => first.value(m) ?? second.value(m),
    label: [first.label, second.label].filter(l => l !== "").join(", "),
});

/** The metric an alarm reads without metric math, with its statistic (or percentile) and period. */
export function ownMetric(alarm: PolicyResource): ReadMetric {
    return {
        namespace: known(() => alarm.props.namespace),
        metricName: known(() => alarm.props.metricName),
        dimensions: knownDeep(() => alarm.props.dimensions ?? {}),
        stat: known(() => alarm.props.statistic ?? alarm.props.extendedStatistic),
        period: known(() => alarm.props.period),
    };
}

/**
 * The range of the series an alarm evaluates (its metric, or its metric-math result), or undefined
 * when unbounded or unknown. Under a `load`, the metrics it sets read exactly its value: the
 * expression as it is at that load.
 */
export function alarmRange(alarm: PolicyResource, stack: StackBounds, load?: Load): Bounds | undefined {
    const queries = knownDeep(() => (alarm.props.metricQueries ?? []) as Query[]);
    if (queries === undefined) return undefined;
    const at = load === undefined ? "" : ` at ${load.label}`;
    const pinned = (metric: ReadMetric): Bounds | undefined => {
        const v = load?.value(metric);
        return v === undefined ? undefined : { lo: v, hi: v, why: `${metric.metricName} reads ${v}${at}` };
    };
    if (queries.length === 0) {
        const metric = ownMetric(alarm);
        return pinned(metric) ?? metricBounds(metric, stack);
    }
    const byId = new Map(queries.filter(q => typeof q.id === "string").map(q => [q.id as string, q]));
    const result = queries.find(q => q.returnData === true) ?? queries.find(q => q.expression !== undefined) ?? queries[0];
    const seen = new Set<string>();
    const rangeOf = (q: Query): Range | undefined => {
        if (q.metric) return pinned({ ...q.metric, stat: (q.metric as { stat?: string }).stat }) ?? metricBounds({ ...q.metric, stat: (q.metric as { stat?: string }).stat }, stack);
        if (typeof q.expression !== "string" || (q.id !== undefined && seen.has(q.id))) return undefined;
        if (q.id !== undefined) seen.add(q.id);
        return expressionRange(q.expression, {
            range: id => {
                const inner = byId.get(id);
                return inner ? rangeOf(inner) : undefined;
            },
            ordered: (lesser, greater) => {
                const a = byId.get(lesser)?.metric;
                const b = byId.get(greater)?.metric;
                return a !== undefined && b !== undefined && a.namespace === b.namespace
                    && JSON.stringify(a.dimensions ?? {}) === JSON.stringify(b.dimensions ?? {})
                    && ORDERED_METRICS.some(o => o.namespace === a.namespace && o.lesser === a.metricName && o.greater === b.metricName);
            },
        });
    };
    const range = rangeOf(result);
    if (range === undefined || (range.lo === -Infinity && range.hi === Infinity)) return undefined;
    if (result.metric) return range as Bounds;
    return { ...range, why: isEmpty(range) ? `the expression ${JSON.stringify(result.expression)} yields no datapoint${at}` : `the expression ${JSON.stringify(result.expression)} only takes values from ${fmt(range.lo)} to ${fmt(range.hi)}${at}` };
}

/**
 * The part of the ordinary load an alarm's metric math is guarded by, or undefined: it reads a
 * request count (Sum) or a write rate and some other metric. Such an expression is judged at the
 * stack's ordinary load; one on load metrics alone (a flood alarm) is about the load itself and is not.
 */
export function ordinaryGuard(alarm: PolicyResource): Load | undefined {
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Query[];
    const metrics = queries.flatMap(q => (q?.metric ? [q.metric] : []));
    const load = metrics.filter(m => isRequestCount(m) || isWriteRate(m));
    if (load.length === 0 || load.length === metrics.length) return undefined;
    const parts = [
        ...(load.some(isRequestCount) ? [`${EXPECTED_TRAFFIC.ordinaryRequestsPerMinute} requests a minute`] : []),
        ...(load.some(isWriteRate) ? [`${EXPECTED_WRITES.ordinaryBytesPerSecond} bytes written a second`] : []),
    ];
    return { value: ORDINARY_LOAD.value, label: parts.join(", ") };
}

/** Whether a value in `range` can satisfy `comparison threshold` (unknown operators: assumed to). */
export function canFire(comparison: string, threshold: number, range: Range): boolean {
    switch (comparison) {
        case "GreaterThanThreshold":
            return range.hi > threshold;
        case "GreaterThanOrEqualToThreshold":
            return range.hi >= threshold;
        case "LessThanThreshold":
            return range.lo < threshold;
        case "LessThanOrEqualToThreshold":
            return range.lo <= threshold;
        default:
            return true;
    }
}
