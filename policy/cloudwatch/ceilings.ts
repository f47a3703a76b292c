import { PolicyResource } from "@pulumi/policy";

import { CAPACITY_CEILINGS, cacheNodeVcpus, CapacityCeiling, CeilingSignal } from "../lib/facts/alarmSignals";
import { instanceClassGib } from "../lib/facts/rdsMaxConnections";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { ECS_SERVICE, ELASTICACHE_REPLICATION_GROUP, RDS_INSTANCE, SNS_TOPIC, TARGET_GROUP } from "../lib/tokens";
import { notifiedThroughComposites } from "./alarmActions";
import { alarmView } from "./appSignals";
import { alarmMetrics, NamedMetric, replicationGroupMembers } from "./metricData";

const GIB = 1024 ** 3;

/** One resource holding ceilings: the dimension its metrics carry, and its sizes in the metrics' units. */
interface Holder {
    kind: CapacityCeiling["holder"];
    /** Messages: `database expertconnect-prod-db`. */
    label: string;
    urn: string;
    dimension: string;
    /** The dimension's value; undefined while unknown (then it is not judged). */
    value?: string;
    /** Allocated storage in bytes (databases). */
    storageBytes?: number;
    /** The class's memory in bytes (databases). */
    memoryBytes?: number;
    /** A burstable class (db.t*): CPU credits exist. */
    burstable?: boolean;
    /** vCPUs of the node type (cache nodes). */
    vcpus?: number;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * The resources of the stack that hold a ceiling: every RDS instance, every member node of a
 * replication group, every ECS service, and every target group an ECS service registers with.
 */
export function ceilingHolders(resources: PolicyResource[]): Holder[] {
    const out: Holder[] = [];
    for (const db of ofType(resources, RDS_INSTANCE)) {
        const id = knownString(db, "identifier");
        const instanceClass = knownString(db, "instanceClass");
        const storage = num(known(() => db.props.allocatedStorage));
        const gib = instanceClass ? instanceClassGib(instanceClass) : undefined;
        out.push({
            kind: "database", label: `database ${id ?? db.name}`, urn: db.urn, dimension: "DBInstanceIdentifier", value: id,
            storageBytes: storage === undefined ? undefined : storage * GIB,
            memoryBytes: gib === undefined ? undefined : gib * GIB,
            burstable: instanceClass === undefined ? undefined : /^db\.t\d/.test(instanceClass),
        });
    }
    for (const group of ofType(resources, ELASTICACHE_REPLICATION_GROUP)) {
        const nodeType = knownString(group, "nodeType");
        const vcpus = nodeType ? cacheNodeVcpus(nodeType) : undefined;
        for (const node of replicationGroupMembers(group, undefined) ?? []) {
            out.push({ kind: "cacheNode", label: `cache node ${node}`, urn: group.urn, dimension: "CacheClusterId", value: node, vcpus });
        }
    }
    const registered = new Set<string>();
    for (const service of ofType(resources, ECS_SERVICE)) {
        const name = knownString(service, "name");
        out.push({ kind: "service", label: `service ${name ?? service.name}`, urn: service.urn, dimension: "ServiceName", value: name });
        const lbs = (knownDeep(() => service.props.loadBalancers, []) ?? []) as Array<{ targetGroupArn?: unknown }>;
        lbs.forEach(l => typeof l?.targetGroupArn === "string" && registered.add(l.targetGroupArn));
    }
    for (const group of ofType(resources, TARGET_GROUP)) {
        const arn = knownString(group, "arn");
        if (arn === undefined || !registered.has(arn)) continue;
        const suffix = knownString(group, "arnSuffix");
        out.push({ kind: "targetGroup", label: `target group ${knownString(group, "name") ?? group.name}`, urn: group.urn, dimension: "TargetGroup", value: suffix });
    }
    return out;
}

/** The size a signal's threshold is a share of, in the metric's unit, for this holder; undefined when not known or none. */
function capacityOf(signal: CeilingSignal, holder: Holder): number | undefined {
    switch (signal.capacity) {
        case "storage":
            return holder.storageBytes;
        case "memory":
            return holder.memoryBytes;
        case "percent":
            return 100;
        case "engineShareOfHost":
            return holder.vcpus === undefined ? undefined : 100 / holder.vcpus;
        default:
            return undefined;
    }
}

const DIRECTION: Record<string, "above" | "below"> = {
    GreaterThanThreshold: "above", GreaterThanOrEqualToThreshold: "above", LessThanThreshold: "below", LessThanOrEqualToThreshold: "below",
};

/** Whether `m` is the signal's metric for the holder (unknown dimensions match). */
const reads = (m: NamedMetric, signal: CeilingSignal, holder: Holder) =>
    m.namespace === signal.namespace && m.metricName === signal.metricName
    && (m.dimensions === undefined || holder.value === undefined || m.dimensions[holder.dimension] === holder.value);

const shown = (signal: CeilingSignal, v: number) =>
    signal.capacity === "storage" || signal.capacity === "memory" ? `${v} bytes (${+(v / GIB).toFixed(3)} GiB)` : signal.capacity === undefined ? String(v) : `${+v.toFixed(2)}%`;

/** Why an alarm's threshold on a ceiling's signal does not warn before that ceiling, or undefined. */
function thresholdProblem(signal: CeilingSignal, holder: Holder, threshold: number): string | undefined {
    const capacity = capacityOf(signal, holder);
    if (capacity === undefined) return undefined;
    const size = signal.capacity === "storage" ? `the ${capacity / GIB} GiB allocated (FreeStorageSpace is in bytes)`
        : signal.capacity === "memory" ? `the class's ${capacity / GIB} GiB of memory (FreeableMemory is in bytes)`
        : signal.capacity === "engineShareOfHost" ? `the ${+capacity.toFixed(2)}% of host CPU the single-threaded engine can use on ${holder.vcpus} vCPUs (AWS: alarm host CPUUtilization at 90 / vCPUs, or watch EngineCPUUtilization)`
        : "100%";
    if (signal.minShare !== undefined && threshold < signal.minShare * capacity) {
        return `its threshold ${shown(signal, threshold)} is below ${signal.minShare * 100}% of ${size}: it fires only once the resource is all but exhausted (a threshold written in another unit?)`;
    }
    if (signal.maxShare !== undefined && threshold > signal.maxShare * capacity) {
        return signal.breaches === "above"
            ? `its threshold ${shown(signal, threshold)} is above ${signal.maxShare * 100}% of ${size}: it fires only once the resource is saturated, or never`
            : `its threshold ${shown(signal, threshold)} is above ${signal.maxShare * 100}% of ${size}: it is breached in normal operation, so it pages all the time and tells nothing`;
    }
    return undefined;
}

/** A finding: the message and the resource it is about. */
export interface CeilingFinding {
    message: string;
    urn: string;
}

/**
 * The stack's capacity ceilings (policy/lib/facts/alarmSignals.ts CAPACITY_CEILINGS) that no
 * alarm watches, and the alarms on a ceiling's signal whose threshold cannot warn before it. A
 * ceiling is watched by an alarm reading one of its signals for the holder (its own metric in the
 * signal's direction, or in its metric math), with actions enabled and alarmActions naming a topic
 * of the stack (or read by a composite alarm with actions).
 */
export function ceilingFindings(resources: PolicyResource[], alarms: PolicyResource[]): CeilingFinding[] {
    const out: CeilingFinding[] = [];
    const holders = ceilingHolders(resources);
    const view = alarmView(ofType(resources, SNS_TOPIC));
    const composed = notifiedThroughComposites(resources);
    const read = alarms.map(a => {
        const own = { namespace: known(() => a.props.namespace), metricName: known(() => a.props.metricName), dimensions: knownDeep(() => a.props.dimensions ?? {}) } as NamedMetric;
        const comparison = known(() => a.props.comparisonOperator);
        const v = view(a);
        const name = knownString(a, "name");
        return {
            alarm: a, name: v.name, own, metrics: alarmMetrics(a),
            direction: typeof comparison === "string" ? DIRECTION[comparison] : undefined,
            threshold: num(known(() => a.props.threshold)),
            pages: (v.actionsEnabled && v.notifiesStackTopic) || (name !== undefined && composed.has(name)),
        };
    });
    for (const [key, ceiling] of Object.entries(CAPACITY_CEILINGS) as Array<[string, CapacityCeiling]>) {
        for (const holder of holders.filter(h => h.kind === ceiling.holder)) {
            const signals = ceiling.signals.filter(s => !s.burstableOnly || holder.burstable !== false);
            const watching = read.filter(a => signals.some(s =>
                (reads(a.own, s, holder) && (a.direction === undefined || a.direction === s.breaches)) || (a.own.metricName === undefined && a.metrics.some(m => reads(m, s, holder)))));
            for (const a of watching) {
                const signal = signals.find(s => reads(a.own, s, holder) && a.direction === s.breaches);
                const problem = signal && a.threshold !== undefined ? thresholdProblem(signal, holder, a.threshold) : undefined;
                if (problem) out.push({ message: `alarm ${a.name} on ${holder.label}'s ${signal!.metricName}: ${problem}. Set the threshold from the resource's real size in the metric's unit (policy/lib/facts/alarmSignals.ts, ${key}).`, urn: a.alarm.urn });
            }
            if (!watching.some(a => a.pages)) {
                const names = signals.map(s => `${s.metricName} (${s.breaches})`).join(" or ");
                const why = watching.length === 0 ? "no alarm reads" : `alarm ${watching[0].name} reads it but pages no one (actions disabled, or no topic of this stack in alarmActions); no alarm pages on`;
                out.push({ message: `${holder.label} has a capacity ceiling, ${ceiling.what}, but ${why} ${names} with ${holder.dimension} ${holder.value ?? "(its id)"}: reaching it would tell no one. Keep Monitoring's alarm (policy/lib/facts/alarmSignals.ts, ${key}), notifying the alarm topic.`, urn: holder.urn });
            }
        }
    }
    return out;
}
