import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { EXPECTED_TRAFFIC, EXPECTED_WRITES } from "../lib/facts/traffic";
import { rateDays } from "../lib/schedule";
import { known, knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECS_SERVICE, ELASTICACHE_REPLICATION_GROUP, LOG_METRIC_FILTER, METRIC_ALARM, RDS_INSTANCE, S3_REPLICATION, SYNTHETICS_CANARY, TARGET_GROUP } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { ceilingFindings } from "./ceilings";
import { riskFindings } from "./dataRisk";
import { alarmRange, canFire, ordinaryGuard, Query } from "./alarmValue";
import { MetricId, StackBounds } from "./metricBounds";
import { alarmMetrics, filterFedProblems, FilterTransformation, MetricResources, publishedProblems, regionProblems, resolutionProblem } from "./metricData";

/** Seconds between runs of each canary of the stack with a `rate(…)` schedule, by name (a cron's runs are uneven: not judged). */
function canaryRuns(resources: PolicyResource[]): (name: string) => number | undefined {
    const every = new Map<string, number>();
    for (const canary of ofType(resources, SYNTHETICS_CANARY)) {
        const name = knownString(canary, "name");
        const expression = (knownDeep(() => canary.props.schedule) as { expression?: unknown } | undefined)?.expression;
        const days = typeof expression === "string" ? rateDays(expression) : undefined;
        if (name !== undefined && days !== undefined && days > 0) every.set(name, Math.round(days * 86400));
    }
    return name => every.get(name);
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
    description: "Every CloudWatch alarm can reach ALARM: every metric it reads (its own and its metric math's) is one AWS publishes (name, unit and dimension set as documented, policy/lib/facts/awsMetrics.ts) for resources this stack holds in the alarm's region (DB identifier, cache member cluster, load balancer and target group suffix, service, canary …; S3's replication metrics in the region AWS publishes each in: failures the source bucket's, latency and backlog the destination's), in a region AWS publishes its namespace in (AWS/Billing, AWS/Route53, AWS/CloudFront: us-east-1 only), read over periods no shorter than its resolution (60 s for per-minute metrics, a day for S3 storage metrics, a canary's run interval), and a metric the stack's metric filters publish is read with their dimensions and unit; its threshold lies within what its metric (or metric-math expression) can take in this stack (a percentage 0–100, connections up to the instance's max_connections, latency up to the load balancer's idle timeout, an RDS I/O latency (published in seconds) below its storage's documented latency read in seconds instead of milliseconds, hosts up to the services' maximum capacity, nothing below 0), and an expression guarded by request counts or write rates can still fire at the stack's ordinary load (policy/lib/facts/traffic.ts: 300 requests a minute, 100,000 bytes written a second); a metric whose silence is the outage (silenceMeansOutage) has an alarm treating missing data as breaching. Every capacity ceiling the stack's resources hold (policy/lib/facts/alarmSignals.ts: each database's storage, memory and CPU, each cache node's memory, evictions and CPU, each service's memory, the target health of each load-balanced service) has an alarm on one of its signals that pages a topic of the stack, and every alarm on such a signal sets its threshold from the resource's real size in the metric's unit (FreeStorageSpace and FreeableMemory in bytes of the allocation and class, a cache node's host CPU at most 90 / vCPUs). Every replication rule that publishes replication metrics holds data-at-risk signals (policy/lib/facts/alarmSignals.ts DATA_RISK_SIGNALS: operations failed, above 0; replication latency, above Replication Time Control's 15 minutes): each needs an alarm that pages a topic of the stack and fires as soon as the signal passes its bound, judged by what it computes: a statistic that sees one bad sample (the Maximum of a latency), a window within 30 minutes, and its threshold or metric math crossed with the signal one unit past the bound at the stack's ordinary load.",
    enforcementLevel: "mandatory",
    types: [...METRIC_ALARM, ...RDS_INSTANCE, ...ELASTICACHE_REPLICATION_GROUP, ...ECS_SERVICE, ...TARGET_GROUP, ...S3_REPLICATION],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Name a metric AWS publishes, with its published unit (or none) and the dimensions of a resource of this stack, in an alarm of the region AWS publishes it in (us-east-1 for billing, Route 53 and CloudFront) and with a period no shorter than its resolution; write an RDS latency threshold in seconds; set the alarm's threshold inside the metric's range (the message names it), or fix the comparison or the expression's order; lower a request or write guard to the stack's ordinary load; on a canary or replica-lag alarm set treatMissingData to breaching; keep Monitoring's alarm on every capacity ceiling (components/monitoring/alarms/, from policy/lib/facts/alarmSignals.ts) with a threshold set from the resource's size in the metric's unit; keep StaticReplication's replication-failed and replication-late alarms (components/dr/replicationAlarms.ts, from DATA_RISK_SIGNALS) on every replication rule.",
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
        const canaryEvery = canaryRuns(resources);
        for (const alarm of alarms) {
            const region = regionOf(alarm) ?? home;
            const name = knownString(alarm, "name") ?? alarm.name;
            for (const metric of alarmMetrics(alarm)) {
                const problems = [...publishedProblems(metric), ...regionProblems(metric, region), ...published.unresolved(metric, region), ...filterFedProblems(metric, transformations)];
                if (problems.length > 0) {
                    report(`alarm ${name} reads ${metric.namespace} ${metric.metricName}, for which AWS publishes no datapoint: ${problems.join("; ")}. The alarm would never leave OK (or INSUFFICIENT_DATA); name a published metric, its unit (or none) and the dimensions of a resource of this stack.`, alarm.urn);
                    continue;
                }
                // A period shorter than the metric's resolution: most periods hold no datapoint, and missing data decides the state.
                const sparse = resolutionProblem(metric, canaryEvery);
                if (sparse !== undefined) {
                    const missing = known(() => alarm.props.treatMissingData, "missing") ?? "missing";
                    report(`alarm ${name} reads ${metric.namespace} ${metric.metricName} too finely: ${sparse}. With treatMissingData ${missing} ${missing === "breaching" ? "those empty periods breach: it pages without cause, or sits in ALARM and masks every real transition" : "the signal is absent from most periods, so the alarm misses or delays what it watches"}. Set the period to at least the metric's resolution (a multiple of it).`, alarm.urn);
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
            // A guard asking for more traffic or writes than the stack sees keeps the expression on its quiet branch.
            const guard = ordinaryGuard(alarm);
            const ordinary = guard ? alarmRange(alarm, stack, guard) : undefined;
            if (guard && ordinary && !canFire(comparison, threshold, ordinary)) {
                report(`alarm ${name} cannot fire at the stack's ordinary traffic (${guard.label}, policy/lib/facts/traffic.ts): it needs a value ${comparison.replace(/Threshold$/, "")} ${threshold}, but ${ordinary.why}, so an outage at that load would page no one. ` +
                    `Lower the expression's guard to at most that load (the program guards requests with ${EXPECTED_TRAFFIC.quietRequestsPerMinute} a minute, writes with ${EXPECTED_WRITES.writingBytesPerSecond} bytes a second).`, alarm.urn);
            }
        }

        // Every capacity ceiling the stack's resources hold is watched, by a threshold that warns before it.
        for (const finding of ceilingFindings(resources, alarms)) report(finding.message, finding.urn);
        // Every data-at-risk signal with a stated bound pages once past it (the replica's RPO is dr-replica-lag-alarm's).
        for (const finding of riskFindings(resources, alarms, stack, s => (typeof s.firesAbove === "number" ? s.firesAbove : undefined))) report(finding.message, finding.urn);

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
