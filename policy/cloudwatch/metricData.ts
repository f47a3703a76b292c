import { PolicyResource } from "@pulumi/policy";

import { AWS_METRICS, PublishedNamespace } from "../lib/facts/awsMetrics";
import { known, knownDeep, knownString, ofType, regionOf } from "../lib/stack";
import { BACKUP_VAULT, ECS_CLUSTER, ECS_SERVICE, ECS_TASK_DEFINITION, ELASTICACHE_REPLICATION_GROUP, EVENT_RULE, LAMBDA_FUNCTION, LOAD_BALANCER, LOG_GROUP, RDS_INSTANCE, S3_BUCKET, S3_REPLICATION, SNS_TOPIC, SYNTHETICS_CANARY, TARGET_GROUP, WAF_WEB_ACL } from "../lib/tokens";

/** A metric as an alarm or one of its metric-math queries names it. */
export interface NamedMetric {
    namespace?: string;
    metricName?: string;
    dimensions?: Record<string, string>;
    unit?: string;
    /** Seconds of one period the alarm (or the query) aggregates it over; undefined while unknown. */
    period?: number;
}

const RDS_CLUSTER = ["aws:rds/cluster:Cluster"] as const;
const CACHE_CLUSTER = ["aws:elasticache/cluster:Cluster"] as const;
const SQS_QUEUE = ["aws:sqs/queue:Queue"] as const;

/** The values a resource gives a dimension; undefined while unknown. */
type Read = (r: PolicyResource, region: string | undefined) => string[] | undefined;

const prop = (name: string): Read => r => {
    const v = knownString(r, name);
    return v === undefined ? (known(() => r.props[name], null) === null ? undefined : []) : [v];
};

/**
 * A replication group's member cluster ids, as ElastiCache names them: `<group>-001` … up to
 * numCacheClusters (cluster mode disabled), or `<group>-000<shard>-00<n>` per node group and
 * replica (cluster mode enabled). These, not the group id, are the CacheClusterId of its metrics.
 */
export function memberClusterIds(groupId: string, numCacheClusters?: number, numNodeGroups?: number, replicasPerNodeGroup?: number): string[] {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    if (typeof numNodeGroups === "number" && numNodeGroups > 0 && numCacheClusters === undefined) {
        const nodes = (replicasPerNodeGroup ?? 0) + 1;
        return Array.from({ length: numNodeGroups }, (_, g) => Array.from({ length: nodes }, (_, n) => `${groupId}-${pad(g + 1, 4)}-${pad(n + 1, 3)}`)).flat();
    }
    return Array.from({ length: numCacheClusters ?? 1 }, (_, i) => `${groupId}-${pad(i + 1, 3)}`);
}

export const replicationGroupMembers: Read = r => {
    const id = knownString(r, "replicationGroupId");
    const count = known(() => r.props.numCacheClusters as number | undefined, NaN);
    const groups = known(() => r.props.numNodeGroups as number | undefined, NaN);
    const replicas = known(() => r.props.replicasPerNodeGroup as number | undefined, NaN);
    if (id === undefined || [count, groups, replicas].some(n => Number.isNaN(n))) return undefined;
    return memberClusterIds(id, count, groups, replicas);
};

/** A WAF web ACL answers to its name and its visibility metric name; its rules likewise, and "ALL". */
const wafAcl: Read = r => {
    const names = [knownString(r, "name"), (knownDeep(() => r.props.visibilityConfig) as { metricName?: string } | undefined)?.metricName];
    return names.some(n => n === undefined) ? undefined : (names as string[]);
};
const wafRules: Read = r => {
    const rules = knownDeep(() => r.props.rules) as Array<{ name?: string; visibilityConfig?: { metricName?: string } }> | undefined;
    return rules === undefined ? undefined : ["ALL", ...(rules ?? []).flatMap(x => [x.name, x.visibilityConfig?.metricName]).filter((n): n is string => typeof n === "string")];
};
const replicationRules: Read = r => {
    const rules = knownDeep(() => r.props.rules) as Array<{ id?: string }> | undefined;
    return rules === undefined ? undefined : (rules ?? []).map(x => x.id).filter((n): n is string => typeof n === "string");
};
const lbOfType = (wanted: string): Read => r => {
    const type = known(() => r.props.loadBalancerType as string | undefined, null);
    if (type === null) return undefined;
    return (type ?? "application") === wanted ? prop("arnSuffix")(r, undefined) : [];
};

/** How a dimension's value resolves to a resource of the stack, by namespace. */
interface Resolver {
    namespaces: readonly string[];
    dimension: string;
    types: readonly string[];
    read: Read;
    /** The resource may live in another region (a replication destination). */
    anyRegion?: boolean;
    /** What the value must name (messages). */
    what: string;
}

const ECS_NS = ["AWS/ECS", "ECS/ContainerInsights"];
const RESOLVERS: readonly Resolver[] = [
    { namespaces: ["AWS/RDS"], dimension: "DBInstanceIdentifier", types: RDS_INSTANCE, read: prop("identifier"), what: "an RDS instance's identifier" },
    { namespaces: ["AWS/RDS"], dimension: "DBClusterIdentifier", types: RDS_CLUSTER, read: prop("clusterIdentifier"), what: "an RDS cluster's identifier" },
    { namespaces: ["AWS/ElastiCache"], dimension: "CacheClusterId", types: [...ELASTICACHE_REPLICATION_GROUP, ...CACHE_CLUSTER], read: (r, g) => (r.type === CACHE_CLUSTER[0] ? prop("clusterId")(r, g) : replicationGroupMembers(r, g)), what: "a member cluster of a replication group (<group>-001 … up to its numCacheClusters) or a cache cluster" },
    { namespaces: ["AWS/ElastiCache"], dimension: "ReplicationGroupId", types: ELASTICACHE_REPLICATION_GROUP, read: prop("replicationGroupId"), what: "a replication group's id" },
    { namespaces: ECS_NS, dimension: "ClusterName", types: ECS_CLUSTER, read: prop("name"), what: "an ECS cluster's name" },
    { namespaces: ECS_NS, dimension: "ServiceName", types: ECS_SERVICE, read: prop("name"), what: "an ECS service's name" },
    { namespaces: ECS_NS, dimension: "TaskDefinitionFamily", types: ECS_TASK_DEFINITION, read: prop("family"), what: "a task definition's family" },
    { namespaces: ["AWS/ApplicationELB"], dimension: "LoadBalancer", types: LOAD_BALANCER, read: lbOfType("application"), what: "an application load balancer's arnSuffix" },
    { namespaces: ["AWS/NetworkELB"], dimension: "LoadBalancer", types: LOAD_BALANCER, read: lbOfType("network"), what: "a network load balancer's arnSuffix" },
    { namespaces: ["AWS/ApplicationELB", "AWS/NetworkELB"], dimension: "TargetGroup", types: TARGET_GROUP, read: prop("arnSuffix"), what: "a target group's arnSuffix" },
    { namespaces: ["CloudWatchSynthetics"], dimension: "CanaryName", types: SYNTHETICS_CANARY, read: prop("name"), what: "a canary's name" },
    { namespaces: ["AWS/S3"], dimension: "BucketName", types: S3_BUCKET, read: prop("bucket"), what: "a bucket's name" },
    // Replication metrics name buckets of two regions; the metric's `regionOf` (policy/lib/facts/awsMetrics.ts) places it.
    { namespaces: ["AWS/S3"], dimension: "SourceBucket", types: S3_BUCKET, read: prop("bucket"), anyRegion: true, what: "a replication source bucket's name" },
    { namespaces: ["AWS/S3"], dimension: "DestinationBucket", types: S3_BUCKET, read: prop("bucket"), anyRegion: true, what: "a replication destination bucket's name" },
    { namespaces: ["AWS/S3"], dimension: "RuleId", types: S3_REPLICATION, read: replicationRules, anyRegion: true, what: "a replication rule's id" },
    { namespaces: ["AWS/WAFV2"], dimension: "WebACL", types: WAF_WEB_ACL, read: wafAcl, what: "a web ACL's name or metric name" },
    { namespaces: ["AWS/WAFV2"], dimension: "Rule", types: WAF_WEB_ACL, read: wafRules, what: "a rule of a web ACL (its name or metric name) or ALL" },
    { namespaces: ["AWS/Lambda"], dimension: "FunctionName", types: LAMBDA_FUNCTION, read: prop("name"), what: "a Lambda function's name" },
    { namespaces: ["AWS/SQS"], dimension: "QueueName", types: SQS_QUEUE, read: prop("name"), what: "a queue's name" },
    { namespaces: ["AWS/SNS"], dimension: "TopicName", types: SNS_TOPIC, read: prop("name"), what: "a topic's name" },
    { namespaces: ["AWS/Events"], dimension: "RuleName", types: EVENT_RULE, read: prop("name"), what: "an EventBridge rule's name" },
    { namespaces: ["AWS/Backup"], dimension: "BackupVaultName", types: BACKUP_VAULT, read: prop("name"), what: "a backup vault's name" },
    { namespaces: ["AWS/Logs"], dimension: "LogGroupName", types: LOG_GROUP, read: prop("name"), what: "a log group's name" },
];

/** The values each dimension can take in one region of a stack, built once per stack and region. */
export class MetricResources {
    private readonly cache = new Map<string, { values: Set<string>; unknown: boolean }>();

    constructor(private readonly resources: PolicyResource[]) {}

    /**
     * Whether `value` names a resource for `resolver` in `region` (anywhere, for a resolver of any
     * region unless `here`): true, false, or undefined while unknown.
     */
    private resolves(resolver: Resolver, value: string, region: string | undefined, here = false): boolean | undefined {
        const anyRegion = resolver.anyRegion && !here;
        const key = `${resolver.namespaces.join(",")}|${resolver.dimension}|${anyRegion ? "*" : region ?? ""}`;
        let entry = this.cache.get(key);
        if (entry === undefined) {
            entry = { values: new Set(), unknown: false };
            for (const r of ofType(this.resources, resolver.types)) {
                const own = regionOf(r);
                if (!anyRegion && region !== undefined && own !== undefined && own !== region) continue;
                const values = resolver.read(r, region);
                if (values === undefined) entry.unknown = true;
                else values.forEach(v => entry!.values.add(v));
            }
            this.cache.set(key, entry);
        }
        return entry.values.has(value) ? true : entry.unknown ? undefined : false;
    }

    /**
     * Why a dimension of `metric` names nothing of this stack in `region`, for each such dimension;
     * and, for a metric published in the region of one of its dimensions' resources (`regionOf`),
     * why that resource is not in `region`.
     */
    unresolved(metric: NamedMetric, region: string | undefined): string[] {
        const out: string[] = [];
        const home = metric.metricName === undefined ? undefined : AWS_METRICS[metric.namespace ?? ""]?.metrics[metric.metricName]?.regionOf;
        for (const [dimension, value] of Object.entries(metric.dimensions ?? {})) {
            if (typeof value !== "string") continue;
            if (metric.namespace === "AWS/WAFV2" && dimension === "Region") {
                if (region !== undefined && value !== region) out.push(`dimension Region ${value} is not the alarm's region ${region}`);
                continue;
            }
            const resolver = RESOLVERS.find(r => r.dimension === dimension && r.namespaces.includes(metric.namespace ?? ""));
            if (resolver && this.resolves(resolver, value, region) === false) {
                out.push(`dimension ${dimension} ${value} is not ${resolver.what} this stack holds${resolver.anyRegion || region === undefined ? "" : ` in ${region}`}`);
            } else if (resolver && dimension === home && region !== undefined && this.resolves(resolver, value, region, true) === false) {
                out.push(`${metric.namespace} publishes ${metric.metricName} in the region of its ${dimension}, and ${value} is not in the alarm's region ${region}: ` +
                    `an alarm reads only its own region's metrics, so create it where ${value} is (notifying a topic of that region)`);
            }
        }
        return out;
    }
}

/** The edit distance of two names (for "did you mean"). */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = next;
        }
    }
    return row[b.length];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every(x => b.includes(x));

/**
 * Why AWS publishes no datapoint `metric` can read, by the published facts
 * (policy/lib/facts/awsMetrics.ts): a name the namespace does not have, a dimension set its
 * metrics are not published with, or a unit other than the published one. Namespaces the facts do
 * not state are not judged.
 */
export function publishedProblems(metric: NamedMetric, facts: Readonly<Record<string, PublishedNamespace>> = AWS_METRICS): string[] {
    const ns = metric.namespace === undefined ? undefined : facts[metric.namespace];
    if (ns === undefined || metric.metricName === undefined) return [];
    const name = metric.metricName;
    const published = ns.metrics[name];
    if (published === undefined) {
        if (ns.metricPatterns?.some(p => p.test(name))) return [];
        const near = Object.keys(ns.metrics).filter(n => distance(n.toLowerCase(), name.toLowerCase()) <= 2);
        return [`${metric.namespace} publishes no metric named ${name}${near.length > 0 ? ` (did you mean ${near.join(" or ")}?)` : ""}`];
    }
    const out: string[] = [];
    const keys = Object.keys(metric.dimensions ?? {});
    const sets = published.dimensionSets ?? ns.dimensionSets;
    if (metric.dimensions !== undefined && !sets.some(s => sameSet(s, keys))) {
        out.push(`${metric.namespace} ${name} is not published with the dimensions {${keys.join(", ")}} (it is with ${sets.map(s => `{${s.join(", ")}}`).join(", ")})`);
    }
    if (metric.unit !== undefined && published.unit !== undefined && metric.unit !== published.unit) {
        out.push(`unit ${metric.unit} is not the unit ${published.unit} AWS publishes ${name} in, so no datapoint matches`);
    }
    return out;
}

/**
 * Why an alarm in `region` never gets a datapoint of `metric` because AWS publishes its namespace
 * in other regions only (AWS/Billing, AWS/Route53, AWS/CloudFront: us-east-1), or nothing.
 */
export function regionProblems(metric: NamedMetric, region: string | undefined, facts: Readonly<Record<string, PublishedNamespace>> = AWS_METRICS): string[] {
    const regions = metric.namespace === undefined ? undefined : facts[metric.namespace]?.regions;
    if (regions === undefined || region === undefined || regions.includes(region)) return [];
    return [`AWS publishes ${metric.namespace} metrics only in ${regions.join(", ")}, and the alarm is in ${region}: an alarm reads only its own region's metrics, so create it in ${regions.join(" or ")} (notifying a topic there)`];
}

/**
 * Seconds between two datapoints AWS publishes of `metric` (policy/lib/facts/awsMetrics.ts), or
 * undefined when the facts do not state its namespace or name. `canaryEvery` gives the seconds
 * between runs of the canary named, for metrics published once per run.
 */
export function resolutionOf(metric: NamedMetric, canaryEvery: (name: string) => number | undefined, facts: Readonly<Record<string, PublishedNamespace>> = AWS_METRICS): { seconds: number; why: string } | undefined {
    const ns = metric.namespace === undefined ? undefined : facts[metric.namespace];
    if (ns === undefined || metric.metricName === undefined) return undefined;
    const published = ns.metrics[metric.metricName];
    if (published === undefined && !ns.metricPatterns?.some(p => p.test(metric.metricName as string))) return undefined;
    if (ns.resolutionFrom === "canarySchedule") {
        const name = metric.dimensions?.CanaryName;
        const every = name === undefined ? undefined : canaryEvery(name);
        if (every !== undefined && every > ns.resolutionSeconds) return { seconds: every, why: `canary ${name} publishes one datapoint per run, every ${every} s by its schedule` };
    }
    const seconds = published?.resolutionSeconds ?? ns.resolutionSeconds;
    return { seconds, why: `AWS publishes ${metric.namespace} ${metric.metricName} every ${seconds} s` };
}

/**
 * Why an alarm aggregating `metric` over its period sees periods with no datapoint: the period is
 * shorter than the metric's resolution (10, 20 or 30 s on a per-minute metric; a minute on a
 * canary running every 5; an hour on S3's daily storage metrics). Missing data then decides the
 * alarm's state in most periods: breaching pages (or sticks in ALARM, masking every later
 * transition), anything else hides the signal.
 */
export function resolutionProblem(metric: NamedMetric, canaryEvery: (name: string) => number | undefined): string | undefined {
    if (typeof metric.period !== "number") return undefined;
    const resolution = resolutionOf(metric, canaryEvery);
    if (resolution === undefined || metric.period >= resolution.seconds) return undefined;
    const empty = Math.round((1 - metric.period / resolution.seconds) * 100);
    return `its period ${metric.period} s is shorter than the metric's resolution: ${resolution.why}, so about ${empty}% of its periods hold no datapoint`;
}

/** The metrics an alarm reads, with the unit it asks for and their period: its own, or those of its metric-math queries. */
export function alarmMetrics(alarm: Pick<PolicyResource, "props">): NamedMetric[] {
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Array<{ metric?: NamedMetric }>;
    const own: NamedMetric = {
        namespace: known(() => alarm.props.namespace),
        metricName: known(() => alarm.props.metricName),
        dimensions: knownDeep(() => alarm.props.dimensions ?? {}),
        unit: known(() => alarm.props.unit),
        period: known(() => alarm.props.period),
    };
    return [own, ...queries.flatMap(q => (q?.metric ? [{ ...q.metric, dimensions: q.metric.dimensions ?? {} }] : []))]
        .filter(m => typeof m.namespace === "string" && typeof m.metricName === "string");
}

/** What a metric filter publishes: its metricTransformation. */
export interface FilterTransformation {
    namespace?: unknown;
    name?: unknown;
    unit?: unknown;
    dimensions?: Record<string, unknown>;
}

/**
 * Why a metric that the stack's metric filters publish gets no datapoint the alarm reads: the
 * filters publish it with their dimensions (names only; their values come from the log event) and
 * their unit (None when unset), and an alarm asking for other dimensions or another unit matches
 * none of them. Metrics no filter publishes are not judged here (cloudwatch-metric-filters-match
 * and cloudwatch-cis-monitoring judge the names); an unknown transformation is not judged.
 */
export function filterFedProblems(metric: NamedMetric, transformations: Array<FilterTransformation | undefined>): string[] {
    if (transformations.some(t => t === undefined)) return [];
    const publishing = (transformations as FilterTransformation[]).filter(t => t.namespace === metric.namespace && t.name === metric.metricName);
    if (publishing.length === 0) return [];
    const keys = Object.keys(metric.dimensions ?? {});
    const out: string[] = [];
    if (metric.dimensions !== undefined && !publishing.some(t => sameSet(Object.keys(t.dimensions ?? {}), keys))) {
        out.push(`the metric filters publish it with the dimensions ${publishing.map(t => `{${Object.keys(t.dimensions ?? {}).join(", ")}}`).join(" or ")}, not {${keys.join(", ")}}`);
    }
    if (metric.unit !== undefined && !publishing.some(t => (typeof t.unit === "string" ? t.unit : "None") === metric.unit)) {
        out.push(`unit ${metric.unit} is not the unit the metric filters publish it in (${[...new Set(publishing.map(t => (typeof t.unit === "string" ? t.unit : "None")))].join(", ")}), so no datapoint matches`);
    }
    return out;
}
