import { PolicyResource } from "@pulumi/policy";

import { MILLISECONDS_PER_SECOND, RDS_IO_LATENCY_METRICS, RDS_STORAGE_LATENCY_SECONDS } from "../lib/facts/awsMetrics";
import { maxConnections } from "../lib/facts/rdsMaxConnections";
import { Range } from "../lib/metricMath";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, LOAD_BALANCER, LOG_METRIC_FILTER, RDS_INSTANCE, RDS_PARAMETER_GROUP, TARGET_GROUP } from "../lib/tokens";

const SCALABLE_TARGET = ["aws:appautoscaling/target:Target"] as const;

/** A metric as an alarm (or one of its queries) names it. */
export interface MetricId {
    namespace?: string;
    metricName?: string;
    dimensions?: Record<string, string>;
    /** The statistic the alarm reads it with (Sum, Average, p99…); unknown: any. */
    stat?: string;
}

/** What a metric can reach, and why (for the message). */
export interface Bounds extends Range {
    why: string;
}

/** ALB's default idle timeout in seconds: a response slower than it is cut off, so never measured. */
const DEFAULT_IDLE_TIMEOUT = 60;

/** AWS metrics that may go below 0: RDS reports ReplicaLag -1 while replication is not running. */
const NEGATIVE_FLOOR: Record<string, number> = { "AWS/RDS/ReplicaLag": -1 };

/** Pairs of metrics of one namespace where the first never exceeds the second (outside deployments). */
export const ORDERED_METRICS: ReadonlyArray<{ namespace: string; lesser: string; greater: string }> = [
    { namespace: "ECS/ContainerInsights", lesser: "RunningTaskCount", greater: "DesiredTaskCount" },
];

/** Namespaces AWS publishes (counts, bytes, seconds and percentages: never negative unless listed). */
const isAwsNamespace = (ns: string): boolean => ns.startsWith("AWS/") || ns === "CloudWatchSynthetics" || ns === "ECS/ContainerInsights";

/** The stack facts that bound metrics: the databases' connection limit, the ALBs' idle timeout, the services' capacity. */
export class StackBounds {
    constructor(private readonly resources: PolicyResource[]) {}

    /** max_connections of the instance `identifier` (every primary's largest when unknown). */
    maxConnections(identifier: string | undefined): number | undefined {
        const groups = ofType(this.resources, RDS_PARAMETER_GROUP);
        const limits = ofType(this.resources, RDS_INSTANCE)
            .filter(db => identifier === undefined || knownString(db, "identifier") === identifier)
            .map(db => {
                const groupName = knownString(db, "parameterGroupName");
                const group = groups.find(g => knownString(g, "name") === groupName || (db.propertyDependencies.parameterGroupName ?? []).includes(g));
                const params = (knownDeep(() => group?.props.parameters, []) ?? []) as Array<{ name?: string; value?: string }>;
                const set = params.find(p => p?.name === "max_connections")?.value;
                return maxConnections(knownString(db, "instanceClass"), typeof set === "string" ? set : undefined);
            });
        return limits.some(l => l === undefined) || limits.length === 0 ? undefined : Math.max(...(limits as number[]));
    }

    /**
     * The values one datapoint of a metric the stack's filters publish can take: the filters'
     * constant values and default values, or undefined when no filter publishes it or one takes
     * its value from the log event ($.field), which can be anything.
     */
    filterValues(namespace: string, metricName: string): number[] | undefined {
        const values: number[] = [];
        let publishers = 0;
        for (const filter of ofType(this.resources, LOG_METRIC_FILTER)) {
            const t = knownDeep(() => filter.props.metricTransformation) as { namespace?: unknown; name?: unknown; value?: unknown; defaultValue?: unknown } | undefined;
            if (t === undefined) return undefined;
            if (t.namespace !== namespace || t.name !== metricName) continue;
            publishers++;
            for (const v of [t.value, t.defaultValue]) {
                if (v === undefined || v === null) continue;
                const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
                if (Number.isNaN(n)) return undefined;
                values.push(n);
            }
        }
        return publishers === 0 ? undefined : values;
    }

    /**
     * The storage I/O latency AWS documents for the instance `identifier`'s storage type
     * (RDS_STORAGE_LATENCY_SECONDS; every instance's largest when unknown), with that type, or
     * undefined when a type is unknown or states none (magnetic). RDS defaults the type to io1
     * with provisioned IOPS, gp2 otherwise.
     */
    storageLatency(identifier: string | undefined): { seconds: number; storageType: string } | undefined {
        const dbs = ofType(this.resources, RDS_INSTANCE).filter(db => identifier === undefined || knownString(db, "identifier") === identifier);
        let worst: { seconds: number; storageType: string } | undefined;
        for (const db of dbs) {
            const set = known(() => db.props.storageType as string | undefined, "?");
            const iops = known(() => db.props.iops as number | undefined, NaN);
            if (set === "?" || (set === undefined && Number.isNaN(iops))) return undefined;
            const storageType = set ?? (typeof iops === "number" && iops > 0 ? "io1" : "gp2");
            const seconds = RDS_STORAGE_LATENCY_SECONDS[storageType];
            if (seconds === undefined) return undefined;
            if (worst === undefined || seconds > worst.seconds) worst = { seconds, storageType };
        }
        return worst;
    }

    /** Idle timeout of the ALB whose arnSuffix is `suffix` (the largest when unknown). */
    idleTimeout(suffix: string | undefined): number | undefined {
        const lbs = ofType(this.resources, LOAD_BALANCER).filter(lb => suffix === undefined || knownString(lb, "arnSuffix") === suffix);
        const timeouts = lbs.map(lb => known(() => lb.props.idleTimeout as number | undefined, NaN) ?? DEFAULT_IDLE_TIMEOUT);
        return timeouts.length === 0 || timeouts.some(t => typeof t !== "number" || Number.isNaN(t)) ? undefined : Math.max(...timeouts);
    }

    /** Most tasks that can be registered in the target group `suffix`: the services behind it at their maximum capacity. */
    maxTargets(suffix: string | undefined): number | undefined {
        const group = ofType(this.resources, TARGET_GROUP).find(g => suffix !== undefined && knownString(g, "arnSuffix") === suffix);
        const arn = group && knownString(group, "arn");
        if (!group || !arn) return undefined;
        const services = ofType(this.resources, ECS_SERVICE).filter(s => {
            const lbs = (knownDeep(() => s.props.loadBalancers, []) ?? []) as Array<{ targetGroupArn?: string }>;
            return lbs.some(l => l?.targetGroupArn === arn);
        });
        if (services.length === 0) return undefined;
        const targets = ofType(this.resources, SCALABLE_TARGET);
        let total = 0;
        for (const service of services) {
            const name = knownString(service, "name");
            const scaling = targets.find(t => name !== undefined && (knownString(t, "resourceId") ?? "").endsWith(`/${name}`));
            const capacity = scaling ? known(() => scaling.props.maxCapacity) : known(() => service.props.desiredCount);
            if (typeof capacity !== "number") return undefined;
            total += capacity;
        }
        return total;
    }
}

/** The range a metric can take in this stack, or undefined when nothing bounds it. */
export function metricBounds(metric: MetricId, stack: StackBounds): Bounds | undefined {
    const { namespace, metricName } = metric;
    if (namespace === undefined || metricName === undefined) return undefined;
    if (!isAwsNamespace(namespace)) return filterFedBounds(namespace, metricName, metric.stat, stack);
    const d = metric.dimensions ?? {};
    const floor = NEGATIVE_FLOOR[`${namespace}/${metricName}`] ?? 0;
    const lowOnly: Bounds = { lo: floor, hi: Infinity, why: `${metricName} is never below ${floor}` };
    if (/(Percent|Percentage|Utilization)$/.test(metricName)) {
        return { lo: 0, hi: 100, why: `${metricName} is a percentage (0 to 100)` };
    }
    if (namespace === "AWS/RDS" && metricName === "DatabaseConnections") {
        const max = stack.maxConnections(d.DBInstanceIdentifier);
        return max === undefined ? lowOnly : { lo: 0, hi: max, why: `DatabaseConnections cannot exceed the instance's max_connections ${max}` };
    }
    if (namespace === "AWS/RDS" && RDS_IO_LATENCY_METRICS.includes(metricName)) {
        // Published in seconds, thought of in milliseconds: a threshold a unit step above the storage's documented latency is one written in ms.
        const storage = stack.storageLatency(d.DBInstanceIdentifier);
        if (storage === undefined) return lowOnly;
        const hi = storage.seconds * MILLISECONDS_PER_SECOND;
        return { lo: 0, hi, why: `RDS publishes ${metricName} in seconds per I/O, and ${storage.storageType} storage is documented at ${storage.seconds * 1000} ms per I/O: an average of ${hi} s or more (the documented latency, read in seconds instead of milliseconds) is a threshold written in milliseconds, not a slowdown an alarm can warn of` };
    }
    if (namespace === "AWS/ApplicationELB" && metricName === "TargetResponseTime") {
        const max = stack.idleTimeout(d.LoadBalancer);
        return max === undefined ? lowOnly : { lo: 0, hi: max, why: `TargetResponseTime cannot exceed the load balancer's idle timeout of ${max} s (slower responses are cut off)` };
    }
    if (namespace === "AWS/ApplicationELB" && /^(Un)?HealthyHostCount$/.test(metricName)) {
        const max = stack.maxTargets(d.TargetGroup);
        return max === undefined ? lowOnly : { lo: 0, hi: max, why: `${metricName} cannot exceed the ${max} tasks the services behind the target group scale to` };
    }
    return lowOnly;
}

/** Statistics whose value is one of the datapoints' values (or lies between them). */
const WITHIN_VALUES = /^(Average|Minimum|Maximum|p\d+(\.\d+)?|tm\d+|wm\d+|IQM)$/;

/**
 * What a filter-fed metric can reach: a filter publishing only constants (value 1, default 0)
 * gives datapoints among them. A Sum adds up any number of them (unbounded above once one is
 * positive, exactly 0 when all are 0); Average, Minimum, Maximum and percentiles stay between
 * the smallest and the largest. A filter that emits only 0 feeds an alarm that can never cross
 * a positive threshold.
 */
function filterFedBounds(namespace: string, metricName: string, stat: string | undefined, stack: StackBounds): Bounds | undefined {
    const values = stack.filterValues(namespace, metricName);
    if (values === undefined || values.length === 0) return undefined;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const list = [...new Set(values)].sort((a, b) => a - b).join(", ");
    const why = `the metric filters publishing ${namespace}/${metricName} only emit ${list}`;
    if (stat === "Sum") {
        return { lo: lo < 0 ? -Infinity : lo, hi: hi > 0 ? Infinity : hi, why: hi > 0 ? why : `${why}, so their Sum never exceeds ${hi}` };
    }
    return stat !== undefined && WITHIN_VALUES.test(stat) ? { lo, hi, why: `${why} (the ${stat} of those)` } : undefined;
}
