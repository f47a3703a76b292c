import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { Tags } from "../../../lib/tags";

/** CloudWatch statistics an alarm may use; percentiles go through `extendedStatistic`. */
export type Statistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
export type Comparison =
    | "GreaterThanThreshold"
    | "GreaterThanOrEqualToThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";
/** What a period without datapoints counts as; chosen per alarm, never left to the default. */
export type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";
export type Dimensions = Record<string, pulumi.Input<string>>;

/** One CloudWatch metric with the statistic the alarm evaluates. */
export interface MetricStat {
    namespace: string;
    metricName: string;
    dimensions: Dimensions;
    /** A plain statistic, or a percentile such as `p95`. */
    statistic: Statistic | `p${number}`;
}

/** A metric-math expression over named metrics, e.g. a 5xx rate. */
export interface MetricMath {
    /** Expression over the ids of `metrics`, e.g. `100 * errors / requests`. */
    expression: string;
    /** Label of the expression in the console and notifications. */
    label: string;
    metrics: Record<string, MetricStat>;
}

/** How quickly an alarm reacts: `datapointsToAlarm` breaching periods out of `evaluationPeriods`. */
export interface AlarmWindow {
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
}

/** Pages within three minutes: 1-minute periods, two of the last three breaching. */
export const CRITICAL: AlarmWindow = { period: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };
/** For noisy metrics: fifteen minutes of sustained breach, so a spike does not page. */
export const SUSTAINED: AlarmWindow = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 };

/** A CloudWatch alarm as data: built by pure functions, tested without mocks, created by Monitoring. */
export interface AlarmDefinition {
    /** Physical alarm name; unique per region. */
    name: string;
    description: string;
    metric: MetricStat | MetricMath;
    window: AlarmWindow;
    threshold: number;
    comparison: Comparison;
    treatMissingData: MissingData;
    /**
     * Region the alarm lives in: that of its metric, since an alarm reads only its own region's
     * metrics and notifies only its own region's topics. @default the provider's region
     */
    region?: string;
}

function isMetricMath(metric: MetricStat | MetricMath): metric is MetricMath {
    return "expression" in metric;
}

function statisticArgs(statistic: MetricStat["statistic"]): { statistic?: string; extendedStatistic?: string } {
    return /^p\d/.test(statistic) ? { extendedStatistic: statistic } : { statistic };
}

/**
 * The MetricAlarm arguments of a definition: alarm and OK notifications both go to the topic,
 * so on-call sees an incident open and close.
 */
export function metricAlarmArgs(def: AlarmDefinition, topicArn: pulumi.Input<string>, tags: Tags): aws.cloudwatch.MetricAlarmArgs {
    const common = {
        name: def.name,
        alarmDescription: def.description,
        comparisonOperator: def.comparison,
        threshold: def.threshold,
        evaluationPeriods: def.window.evaluationPeriods,
        datapointsToAlarm: def.window.datapointsToAlarm,
        treatMissingData: def.treatMissingData,
        alarmActions: [topicArn],
        okActions: [topicArn],
        tags,
        ...(def.region ? { region: def.region } : {}),
    };
    const metric = def.metric;
    if (!isMetricMath(metric)) {
        return {
            ...common,
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: metric.dimensions,
            period: def.window.period,
            ...statisticArgs(metric.statistic),
        };
    }
    return {
        ...common,
        metricQueries: [
            { id: "result", expression: metric.expression, label: metric.label, returnData: true },
            ...Object.entries(metric.metrics).map(([id, m]) => ({
                id,
                returnData: false,
                metric: {
                    namespace: m.namespace,
                    metricName: m.metricName,
                    dimensions: m.dimensions,
                    period: def.window.period,
                    stat: m.statistic,
                },
            })),
        ],
    };
}
