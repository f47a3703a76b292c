/**
 * Class 3: capacity ceilings no alarm warns of. Every ceiling the stack's resources hold (database
 * storage, memory and CPU; each cache node's memory, evictions and CPU; each service's memory; the
 * health of each load-balanced service's targets) needs an alarm that pages the topic, with a
 * threshold set from the resource's real size in the metric's unit (FreeStorageSpace is bytes; a
 * cache node's host CPU saturates its single-threaded engine at 100 / vCPUs), and an expression
 * guarded by request counts must evaluate at the stack's ordinary traffic
 * (policy/lib/facts/alarmSignals.ts, policy/lib/facts/traffic.ts).
 */
import { add, all, Case, drift, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RDS = "aws:rds/instance:Instance";
const GIB = 1024 ** 3;
const alarm = (name: string, change: (p: any) => void) => edit(ALARM, change, named(name));
const expression = (name: string, text: string) => alarm(name, p => {
    p.metricQueries = p.metricQueries.map((q: any) => (q.id === "result" ? { ...q, expression: text } : q));
});
const cacheAlarms = (suffix: string) => (r: { urn: string }) => r.urn.endsWith(suffix) && r.urn.includes("cache-00");

/** An alarm like the program's, on one cache node, to the topic the program's alarms use. */
function cacheCpuAlarm(node: string, metricName: string, threshold: number) {
    return (rs: any[]) => {
        const template = rs.find(r => r.urn.endsWith(`${node}-engine-cpu-high`));
        add(ALARM, `${node}-host-cpu-high`, {
            ...template.inputs, name: `${node}-host-cpu-high`, metricName, threshold,
            alarmDescription: `Host CPU above ${threshold}% on ${node}`,
        })(rs);
    };
}

const violations: Case[] = [
    // The red team's (W).
    { name: "W: free-storage threshold 5 (GiB meant, FreeStorageSpace is bytes)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 5; }) },
    { name: "W: delete the database free-storage alarm", change: remove(ALARM, named("monitoring-expertconnect-db-free-storage-low")) },
    { name: "W: delete the database CPU alarm (burstable db.t3)", change: remove(ALARM, named("monitoring-expertconnect-db-cpu-high")) },
    { name: "W: delete both cache eviction alarms", change: remove(ALARM, cacheAlarms("-evictions")) },
    { name: "W: host CPUUtilization at 80 on the 2-vCPU cache nodes", change: edit(ALARM, p => { p.metricName = "CPUUtilization"; }, r => r.urn.endsWith("-engine-cpu-high")) },
    { name: "W: 5xx-rate alarm guarded by 20,000 requests a minute", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests >= 20000, 100 * FILL(errors, 0) / requests, 0)") },
    { name: "W: delete the backend unhealthy-hosts alarm", change: remove(ALARM, named("monitoring-expertconnect-backend-unhealthy-hosts")) },

    // Thresholds in the wrong unit or beyond the resource's size.
    { name: "free-storage threshold 5120 (MiB meant: 5 KiB of bytes)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 5120; }) },
    { name: "free-storage threshold above the 50 GiB volume (always in ALARM, pages all the time)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 60 * GIB; }) },
    { name: "free-storage threshold 5000000 (5 GB meant in KB: 5 MB of bytes)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 5e6; }) },
    { name: "freeable-memory threshold 0.4 (GB meant)", change: alarm("monitoring-expertconnect-db-freeable-memory-low", p => { p.threshold = 0.4; }) },
    { name: "database CPU alarm at 99%: it fires once the instance is saturated", change: alarm("monitoring-expertconnect-db-cpu-high", p => { p.threshold = 99; }) },
    { name: "host CPUUtilization at 50 on a 2-vCPU cache node (AWS: 90 / 2 = 45)", change: edit(ALARM, p => { p.metricName = "CPUUtilization"; p.threshold = 50; }, r => r.urn.endsWith("-engine-cpu-high")) },
    { name: "cache memory alarm at 99% of maxmemory", change: edit(ALARM, p => { p.threshold = 99; }, cacheAlarms("-memory-high")) },

    // Ceilings left unwatched by other techniques.
    { name: "delete the database freeable-memory alarm", change: remove(ALARM, named("monitoring-expertconnect-db-freeable-memory-low")) },
    { name: "delete the second cache node's memory alarm only", change: remove(ALARM, named("monitoring-expertconnect-prod-cache-002-memory-high")) },
    { name: "delete both cache engine-CPU alarms", change: remove(ALARM, cacheAlarms("-engine-cpu-high")) },
    { name: "delete the backend memory alarm", change: remove(ALARM, named("monitoring-expertconnect-backend-memory-high")) },
    { name: "point the backend unhealthy-hosts alarm at the frontend's target group", change: (rs) => {
        const frontend = rs.find(r => r.urn.endsWith("monitoring-expertconnect-frontend-unhealthy-hosts"))!;
        alarm("monitoring-expertconnect-backend-unhealthy-hosts", p => { p.dimensions = { ...frontend.inputs.dimensions }; })(rs);
    } },
    { name: "turn the free-storage alarm around (GreaterThanThreshold)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.comparisonOperator = "GreaterThanThreshold"; }) },
    { name: "cache eviction alarms with actions disabled", change: edit(ALARM, p => { p.actionsEnabled = false; }, cacheAlarms("-evictions")) },
    { name: "frontend unhealthy-hosts alarm sends nowhere (no actions)", change: alarm("monitoring-expertconnect-frontend-unhealthy-hosts", p => { p.alarmActions = []; p.okActions = []; }) },
    { stack: "dr", name: "dr: delete the cache eviction alarm", change: remove(ALARM, r => r.urn.endsWith("dr-cache-001-evictions")) },
    { stack: "dr", name: "dr: delete the database CPU alarm", change: remove(ALARM, named("monitoring-expertconnect-db-cpu-high")) },

    // Request guards no ordinary minute meets.
    { name: "target 5xx-rate guarded by 50,000 requests (>)", change: expression("monitoring-expertconnect-alb-target-5xx-rate-high", "IF(requests > 50000, 100 * FILL(errors, 0) / requests, 0)") },
    { name: "5xx-rate guard inverted: IF(requests < 20000, 0, rate)", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests < 20000, 0, 100 * FILL(errors, 0) / requests)") },
    { name: "5xx-rate guard as a product: (requests >= 20000) * rate", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "(requests >= 20000) * 100 * FILL(errors, 0) / requests") },
    { name: "5xx-rate guard with && : requests >= 5000 && errors > 0", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests >= 5000 && errors > 0, 100 * errors / requests, 0)") },
    { name: "5xx-rate without an else branch, guarded by 20,000 requests: no datapoint at all", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests >= 20000, 100 * FILL(errors, 0) / requests)") },
    { name: "5xx-rate guard per second: requests / 60 >= 500", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests / 60 >= 500, 100 * FILL(errors, 0) / requests, 0)") },
];

const compliant: Case[] = [
    { name: "cache memory alarms raised to 90%", change: edit(ALARM, p => { p.threshold = 90; }, cacheAlarms("-memory-high")) },
    { name: "database CPU alarm lowered to 70%", change: alarm("monitoring-expertconnect-db-cpu-high", p => { p.threshold = 70; }) },
    { name: "storage grown to 100 GiB with the free-storage alarm at 10 GiB", change: all(edit(RDS, p => { p.allocatedStorage = 100; }), alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 10 * GIB; })) },
    { name: "storage grown by autoscaling to 800 GiB of a 1000 GiB maximum (deployed state), free-storage alarm still at 5 GiB from the initial allocation", change: all(edit(RDS, p => { p.maxAllocatedStorage = 1000; }), drift(RDS, p => { p.allocatedStorage = 800; })) },
    { name: "database upsized to db.t3.large with connections at 720, freeable-memory alarm left at 10% of 4 GiB", change: all(edit(RDS, p => { p.instanceClass = "db.t3.large"; }), alarm("monitoring-expertconnect-db-connections-high", p => { p.threshold = 720; })) },
    { name: "host CPUUtilization alarm at 45% (90 / 2 vCPUs) added beside the engine one", change: cacheCpuAlarm("expertconnect-prod-cache-001", "CPUUtilization", 45) },
    { name: "cache scaled to cache.m6g.xlarge (engine-CPU alarms unchanged)", change: edit("aws:elasticache/replicationGroup:ReplicationGroup", p => { p.nodeType = "cache.m6g.xlarge"; }) },
    { name: "5xx-rate guard raised from 20 to 100 requests a minute", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)") },
    { name: "5xx-rate guard written with AND", change: expression("monitoring-expertconnect-alb-5xx-rate-high", "IF(requests >= 20 AND errors > 0, 100 * errors / requests, 0)") },
    { name: "a flood alarm on request counts alone (IF(requests > 100000, 1, 0) > 0)", change: (rs) => {
        const template = rs.find(r => r.urn.endsWith("monitoring-expertconnect-alb-5xx-rate-high"))!;
        const requests = template.inputs.metricQueries.find((q: any) => q.id === "requests");
        add(ALARM, "alb-request-flood", {
            ...template.inputs, name: "expertconnect-alb-request-flood", alarmDescription: "More than 100,000 requests a minute: a flood",
            threshold: 0, metricQueries: [{ id: "result", expression: "IF(requests > 100000, 1, 0)", label: "Flood", returnData: true }, requests],
        })(rs);
    } },
    { name: "backend unhealthy-hosts alarm joined by a healthy-hosts-below-1 alarm", change: (rs) => {
        const template = rs.find(r => r.urn.endsWith("monitoring-expertconnect-backend-unhealthy-hosts"))!;
        add(ALARM, "backend-no-healthy-hosts", { ...template.inputs, name: "expertconnect-backend-no-healthy-hosts", metricName: "HealthyHostCount", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1 })(rs);
    } },
    { stack: "dr", name: "dr: cache memory alarm raised to 85%", change: edit(ALARM, p => { p.threshold = 85; }, cacheAlarms("-memory-high")) },
];

suite("adversarial class 3: capacity ceilings watched by alarms that can warn", violations, compliant);
