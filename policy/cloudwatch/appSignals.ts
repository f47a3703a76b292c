import { PolicyResource } from "@pulumi/policy";

import { APP_METRICS_NAMESPACE, AppSignalAlarm } from "../lib/facts/appSignals";
import { known, knownDeep, knownString, linker } from "../lib/stack";
import { alarmMetrics } from "./metricData";

/** An alarm of the stack as the required-signal decision reads it. */
export interface AlarmView {
    name: string;
    urn?: string;
    /** `namespace/metric` of every metric it reads (its own and its metric-math queries'). */
    metrics: string[];
    /** comparisonOperator; undefined when unknown. */
    comparison?: string;
    actionsEnabled: boolean;
    /** Its alarmActions name a topic of this stack (by ARN or by dependency). */
    notifiesStackTopic: boolean;
}

const BREACHES: Record<string, AppSignalAlarm["breaches"]> = {
    GreaterThanThreshold: "above", GreaterThanOrEqualToThreshold: "above", GreaterThanUpperThreshold: "above",
    LessThanThreshold: "below", LessThanOrEqualToThreshold: "below", LessThanLowerThreshold: "below",
};

/** Why an alarm on the required metrics does not give the signal, or undefined when it does. */
function signalProblem(required: AppSignalAlarm, alarm: AlarmView): string | undefined {
    if (alarm.comparison !== undefined && BREACHES[alarm.comparison] !== required.breaches) {
        return `comparisonOperator ${alarm.comparison} pages when the value is ${required.breaches === "above" ? "low" : "high"}; it must page when it goes ${required.breaches} the threshold`;
    }
    if (!alarm.actionsEnabled) return "actionsEnabled is false";
    if (!alarm.notifiesStackTopic) return "its alarmActions name no topic of this stack (the alarm topic)";
    return undefined;
}

/** A required signal missing or broken: the message, and the alarm it is about (none when missing). */
export interface SignalGap {
    message: string;
    urn?: string;
}

/**
 * Every required application alarm (policy/lib/facts/appSignals.ts) the stack lacks or breaks.
 * An alarm counts by what it watches, whatever its name: all the required metrics of the
 * application namespace; any one such alarm that pages the stack's topic in the right direction
 * gives the signal. Whether a metric filter feeds those metrics is the filters' check.
 */
export function appSignalGaps(required: readonly AppSignalAlarm[], alarms: AlarmView[]): SignalGap[] {
    const out: SignalGap[] = [];
    for (const r of required) {
        const wanted = r.metrics.map((m) => `${APP_METRICS_NAMESPACE}/${m}`);
        const watching = alarms.filter((a) => wanted.every((m) => a.metrics.includes(m)));
        const label = `${r.name} alarm (${r.signal}, docs/operations.md)`;
        if (watching.length === 0) {
            out.push({ message: `no alarm watches ${wanted.join(" and ")}: the ${label} is gone, and nobody is paged about ${r.signal}. Keep AppSignals' alarm (policy/lib/facts/appSignals.ts).` });
            continue;
        }
        const problems = watching.map((a) => [a, signalProblem(r, a)] as const);
        if (problems.some(([, p]) => p === undefined)) continue;
        for (const [a, p] of problems) {
            out.push({ message: `alarm ${a.name}, the stack's ${label}, no longer pages: ${p}.`, urn: a.urn });
        }
    }
    return out;
}

/** Reads an alarm for the required-signal decisions; `topics` are the stack's SNS topics. */
export function alarmView(topics: PolicyResource[]): (alarm: PolicyResource) => AlarmView {
    const topicOf = linker(topics, ["arn"]);
    const arns = new Set(topics.map((t) => knownString(t, "arn")).filter((a): a is string => a !== undefined));
    return (alarm) => {
        // null: unknown (a new topic's ARN during preview), given the benefit of the doubt.
        const actions = knownDeep(() => (alarm.props.alarmActions ?? []) as unknown[], null);
        const comparison = known(() => alarm.props.comparisonOperator);
        return {
            name: knownString(alarm, "name") ?? alarm.name,
            urn: alarm.urn,
            metrics: alarmMetrics(alarm).map((m) => `${m.namespace}/${m.metricName}`),
            comparison: typeof comparison === "string" ? comparison : undefined,
            actionsEnabled: known(() => alarm.props.actionsEnabled, true) !== false,
            notifiesStackTopic: actions === null || topicOf(alarm, "alarmActions").length > 0 || actions.some((a) => typeof a === "string" && arns.has(a)),
        };
    };
}
