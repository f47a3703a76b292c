import { PolicyResource } from "@pulumi/policy";

import { ALARM_SIGNALS, AlarmSignal } from "../lib/facts/alarmSignals";
import { known, knownDeep } from "../lib/stack";

/** An alarm as the timing decision reads it (unknown fields left undefined). */
export interface TimedAlarm {
    namespace?: string;
    metricName?: string;
    /** statistic or extendedStatistic (p99 …). */
    statistic?: string;
    comparison?: string;
    /** Seconds; a metric-math alarm's comes from its queries. */
    period?: number;
    evaluationPeriods?: number;
    /** The metrics of its metric math, for the window only (the expression, not them, is compared). */
    queried: Array<{ namespace?: string; metricName?: string }>;
}

const DIRECTION: Record<string, AlarmSignal["breaches"]> = {
    GreaterThanThreshold: "above", GreaterThanOrEqualToThreshold: "above", GreaterThanUpperThreshold: "above",
    LessThanThreshold: "below", LessThanOrEqualToThreshold: "below", LessThanLowerThreshold: "below",
};

/** Whether `statistic` sees the signal's condition (one bad sample moves it). */
export function seesCondition(signal: AlarmSignal, statistic: string): boolean {
    if (signal.statistics.includes(statistic)) return true;
    const p = /^p(\d+(\.\d+)?)$/.exec(statistic);
    if (p === null || signal.percentiles === undefined) return false;
    return signal.percentiles === "upper" ? Number(p[1]) >= 50 : Number(p[1]) <= 50;
}

/**
 * Why an alarm on one of the stack's signals (policy/lib/facts/alarmSignals.ts) pages too late or
 * never: a statistic blind to the condition (Minimum of unhealthy hosts fires only when every
 * sample is bad), or an evaluation window (period × evaluationPeriods) longer than the signal allows.
 */
export function signalTimingProblems(alarm: TimedAlarm, signals: readonly AlarmSignal[] = ALARM_SIGNALS): string[] {
    const out: string[] = [];
    const direction = alarm.comparison === undefined ? undefined : DIRECTION[alarm.comparison];
    const own = signals.find(s => s.namespace === alarm.namespace && s.metricName === alarm.metricName && s.breaches === direction);
    if (own !== undefined && alarm.statistic !== undefined && !seesCondition(own, alarm.statistic)) {
        const seen = [...own.statistics, ...(own.percentiles ? [own.percentiles === "upper" ? "p50 and above" : "p50 and below"] : [])];
        out.push(`it reads ${own.metricName} (${own.what}) with the ${alarm.statistic} statistic, which does not move when one sample is bad (it needs every sample of a period bad, or counts samples rather than values): use ${seen.join(", ")}`);
    }
    const watched = [...(own ? [own] : []), ...alarm.queried.flatMap(q => signals.filter(s => s.namespace === q.namespace && s.metricName === q.metricName))];
    const limit = watched.length === 0 ? undefined : Math.min(...watched.map(s => s.maximumMinutes));
    if (limit !== undefined && alarm.period !== undefined && alarm.evaluationPeriods !== undefined) {
        const minutes = (alarm.period * alarm.evaluationPeriods) / 60;
        if (minutes > limit) {
            out.push(`its evaluation window (${alarm.evaluationPeriods} periods of ${alarm.period} s, ${Math.round(minutes)} minutes) is longer than the ${limit} minutes ${watched[0].what} may go unpaged`);
        }
    }
    return out;
}

/** Reads an alarm for the timing decision. */
export function timedAlarm(alarm: PolicyResource): TimedAlarm {
    const num = (v: unknown) => (typeof v === "number" ? v : undefined);
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Array<{ metric?: { namespace?: string; metricName?: string; period?: number } }>;
    return {
        namespace: str(known(() => alarm.props.namespace)),
        metricName: str(known(() => alarm.props.metricName)),
        statistic: str(known(() => alarm.props.statistic)) ?? str(known(() => alarm.props.extendedStatistic)),
        comparison: str(known(() => alarm.props.comparisonOperator)),
        period: num(known(() => alarm.props.period)) ?? queries.map(q => num(q?.metric?.period)).find(p => p !== undefined),
        evaluationPeriods: num(known(() => alarm.props.evaluationPeriods)),
        queried: queries.flatMap(q => (q?.metric ? [{ namespace: q.metric.namespace, metricName: q.metric.metricName }] : [])),
    };
}
