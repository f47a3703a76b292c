import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { EXPECTED_TRAFFIC, REQUEST_COUNT_METRICS } from "../lib/facts/traffic";
import { expressionRange, isEmpty, Range } from "../lib/metricMath";
import { known, knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECS_SERVICE, ELASTICACHE_REPLICATION_GROUP, LOG_METRIC_FILTER, METRIC_ALARM, RDS_INSTANCE, TARGET_GROUP } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { ceilingFindings } from "./ceilings";
import { Bounds, MetricId, metricBounds, ORDERED_METRICS, StackBounds } from "./metricBounds";
import { alarmMetrics, filterFedProblems, FilterTransformation, MetricResources, publishedProblems } from "./metricData";

interface Query {
    id?: string;
    expression?: string;
    returnData?: boolean;
    metric?: MetricId & { period?: number };
}

/** A request count read with Sum: what a guard on traffic compares. */
const isRequestCount = (m: Query["metric"]) => m !== undefined && REQUEST_COUNT_METRICS.includes(`${m.namespace}/${m.metricName}`) && (m as { stat?: string }).stat === "Sum";

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? "+∞" : "-∞");

/**
 * The range of the series an alarm evaluates (its metric, or its metric-math result), or undefined
 * when unbounded or unknown. With `requestsPerMinute`, request counts (Sum) read exactly that
 * load over their period: the expression as it is at that traffic.
 */
export function alarmRange(alarm: PolicyResource, stack: StackBounds, requestsPerMinute?: number): Bounds | undefined {
    const queries = knownDeep(() => (alarm.props.metricQueries ?? []) as Query[]);
    if (queries === undefined) return undefined;
    if (queries.length === 0) {
        const metric: MetricId = {
            namespace: known(() => alarm.props.namespace),
            metricName: known(() => alarm.props.metricName),
            dimensions: knownDeep(() => alarm.props.dimensions ?? {}),
            stat: known(() => alarm.props.statistic ?? alarm.props.extendedStatistic),
        };
        return metricBounds(metric, stack);
    }
    const byId = new Map(queries.filter(q => typeof q.id === "string").map(q => [q.id as string, q]));
    const result = queries.find(q => q.returnData === true) ?? queries.find(q => q.expression !== undefined) ?? queries[0];
    const seen = new Set<string>();
    const rangeOf = (q: Query): Range | undefined => {
        if (q.metric && requestsPerMinute !== undefined && isRequestCount(q.metric) && typeof q.metric.period === "number") {
            const load = (requestsPerMinute * q.metric.period) / 60;
            return { lo: load, hi: load };
        }
        if (q.metric) return metricBounds({ ...q.metric, stat: (q.metric as { stat?: string }).stat }, stack);
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
    const at = requestsPerMinute === undefined ? "" : ` at ${requestsPerMinute} requests a minute`;
    return { ...range, why: isEmpty(range) ? `the expression ${JSON.stringify(result.expression)} yields no datapoint${at}` : `the expression ${JSON.stringify(result.expression)} only takes values from ${fmt(range.lo)} to ${fmt(range.hi)}${at}` };
}

/**
 * Whether an alarm's metric math guards another signal with request counts: it reads a request
 * count (Sum) and some other metric. Such an expression is judged at the stack's ordinary traffic;
 * one on request counts alone (a flood alarm) is about traffic itself and is not.
 */
function guardsWithTraffic(alarm: PolicyResource): boolean {
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Query[];
    const metrics = queries.flatMap(q => (q?.metric ? [q.metric] : []));
    return metrics.some(isRequestCount) && metrics.some(m => !isRequestCount(m));
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

/** namespace/metricName/dimensions of every metric an alarm reads. */
function watchedKeys(alarm: PolicyResource): string[] {
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Query[];
    const direct: MetricId = { namespace: known(() => alarm.props.namespace), metricName: known(() => alarm.props.metricName), dimensions: knownDeep(() => alarm.props.dimensions ?? {}) };
    return [direct, ...queries.flatMap(q => (q.metric ? [q.metric] : []))]
        .filter(m => typeof m.namespace === "string" && typeof m.metricName === "string")
        .map(m => `${m.namespace}/${m.metricName} ${JSON.stringify(Object.entries(m.dimensions ?? {}).sort())}`);
}

export const cloudwatchAlarmsCanFire = stackPolicy<{ silenceMeansOutage: string[] }>({
    name: "cloudwatch-alarms-can-fire",
    description: "Every CloudWatch alarm can reach ALARM: every metric it reads (its own and its metric math's) is one AWS publishes (name, unit and dimension set as documented, policy/lib/facts/awsMetrics.ts) for resources this stack holds in the alarm's region (DB identifier, cache member cluster, load balancer and target group suffix, service, canary …), and a metric the stack's metric filters publish is read with their dimensions and unit; its threshold lies within what its metric (or metric-math expression) can take in this stack (a percentage 0–100, connections up to the instance's max_connections, latency up to the load balancer's idle timeout, hosts up to the services' maximum capacity, nothing below 0), and an expression guarded by request counts can still fire at the stack's ordinary traffic (policy/lib/facts/traffic.ts); a metric whose silence is the outage (silenceMeansOutage) has an alarm treating missing data as breaching. Every capacity ceiling the stack's resources hold (policy/lib/facts/alarmSignals.ts: each database's storage, memory and CPU, each cache node's memory, evictions and CPU, each service's memory, the target health of each load-balanced service) has an alarm on one of its signals that pages a topic of the stack, and every alarm on such a signal sets its threshold from the resource's real size in the metric's unit (FreeStorageSpace and FreeableMemory in bytes of the allocation and class, a cache node's host CPU at most 90 / vCPUs).",
    enforcementLevel: "mandatory",
    types: [...METRIC_ALARM, ...RDS_INSTANCE, ...ELASTICACHE_REPLICATION_GROUP, ...ECS_SERVICE, ...TARGET_GROUP],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Name a metric AWS publishes, with its published unit (or none) and the dimensions of a resource of this stack; set the alarm's threshold inside the metric's range (the message names it), or fix the comparison or the expression's order; lower a request guard to the stack's ordinary traffic; on a canary or replica-lag alarm set treatMissingData to breaching; keep Monitoring's alarm on every capacity ceiling (components/monitoring/alarms/, from policy/lib/facts/alarmSignals.ts) with a threshold set from the resource's size in the metric's unit.",
    },
    config: {
        silenceMeansOutage: {
            type: "array",
            items: { type: "string", pattern: "^[^/]+(/[^/]+)*/[^/]+$" },
            uniqueItems: true,
            default: ["CloudWatchSynthetics/SuccessPercent", "AWS/RDS/ReplicaLag"],
            description: "Metrics (namespace/metricName) that stop being published exactly when what they watch fails (a stopped canary, a broken replication): some alarm on each must treat missing data as breaching.",
        },
    },
    validate: (resources, report, { config }) => {
        const stack = new StackBounds(resources);
        const alarms = ofType(resources, METRIC_ALARM);
        // An alarm reads only datapoints AWS publishes: its names, units and dimension sets, for resources of its region.
        const published = new MetricResources(resources);
        const home = stackRegion(resources);
        const transformations = ofType(resources, LOG_METRIC_FILTER).map(f => knownDeep(() => f.props.metricTransformation) as FilterTransformation | undefined);
        for (const alarm of alarms) {
            const region = regionOf(alarm) ?? home;
            for (const metric of alarmMetrics(alarm)) {
                const problems = [...publishedProblems(metric), ...published.unresolved(metric, region), ...filterFedProblems(metric, transformations)];
                if (problems.length > 0) {
                    const name = knownString(alarm, "name") ?? alarm.name;
                    report(`alarm ${name} reads ${metric.namespace} ${metric.metricName}, for which AWS publishes no datapoint: ${problems.join("; ")}. The alarm would never leave OK (or INSUFFICIENT_DATA); name a published metric, its unit (or none) and the dimensions of a resource of this stack.`, alarm.urn);
                }
            }
        }
        for (const alarm of alarms) {
            const comparison = known(() => alarm.props.comparisonOperator);
            const threshold = known(() => alarm.props.threshold);
            if (typeof comparison !== "string" || typeof threshold !== "number") continue;
            const range = alarmRange(alarm, stack);
            const name = knownString(alarm, "name") ?? alarm.name;
            if (range && !canFire(comparison, threshold, range)) {
                report(`alarm ${name} can never fire: it needs a value ${comparison.replace(/Threshold$/, "")} ${threshold}, but ${range.why}. Set threshold inside that range (or fix comparisonOperator / the expression).`, alarm.urn);
                continue;
            }
            // A guard asking for more traffic than the stack sees keeps the expression on its quiet branch.
            const ordinary = guardsWithTraffic(alarm) ? alarmRange(alarm, stack, EXPECTED_TRAFFIC.ordinaryRequestsPerMinute) : undefined;
            if (ordinary && !canFire(comparison, threshold, ordinary)) {
                report(`alarm ${name} cannot fire at the stack's ordinary traffic (${EXPECTED_TRAFFIC.ordinaryRequestsPerMinute} requests a minute, policy/lib/facts/traffic.ts): it needs a value ${comparison.replace(/Threshold$/, "")} ${threshold}, but ${ordinary.why}, so an outage at that load would page no one. Lower the expression's request guard to at most that load (the program's is ${EXPECTED_TRAFFIC.quietRequestsPerMinute}).`, alarm.urn);
            }
        }

        // Every capacity ceiling the stack's resources hold is watched, by a threshold that warns before it.
        for (const finding of ceilingFindings(resources, alarms)) report(finding.message, finding.urn);

        const heartbeats = new Map<string, PolicyResource[]>();
        for (const alarm of alarms) {
            for (const key of watchedKeys(alarm)) {
                if (config.silenceMeansOutage.includes(key.split(" ")[0])) heartbeats.set(key, [...(heartbeats.get(key) ?? []), alarm]);
            }
        }
        for (const [key, watching] of heartbeats) {
            const modes = watching.map(a => known(() => a.props.treatMissingData, "breaching") ?? "missing");
            if (!modes.includes("breaching")) {
                const name = knownString(watching[0], "name") ?? watching[0].name;
                report(`no alarm on ${key.split(" ")[0]} treats missing data as breaching (alarm ${name}: ${modes[0]}): that metric goes silent exactly when what it watches stops, so the outage would read as OK. Set treatMissingData to "breaching".`, watching[0].urn);
            }
        }
    },
});
