import { expect } from "chai";
import { albAlarms } from "../../../components/monitoring/alarms/alb";
import { AlarmDefinition, CRITICAL, metricAlarmArgs, MetricMath, MetricStat } from "../../../components/monitoring/alarms/definition";
import { ecsServiceAlarms } from "../../../components/monitoring/alarms/ecs";
import { replicaLagAlarms } from "../../../components/dr/replicaLagAlarms";
import { dbConnectionsAlarm, rdsAlarms } from "../../../components/monitoring/alarms/rds";
import { cacheMemberIds, redisAlarms } from "../../../components/monitoring/alarms/redis";
import { staticReplicationAlarms } from "../../../components/dr/replicationAlarms";
import { CAPACITY_CEILINGS, CapacityCeiling, DATA_RISK_SIGNALS, DataRiskSignal } from "../../../policy/lib/facts/alarmSignals";
import { EXPECTED_TRAFFIC, EXPECTED_WRITES } from "../../../policy/lib/facts/traffic";

const byName = (defs: AlarmDefinition[], name: string): AlarmDefinition => {
    const found = defs.find((d) => d.name === name);
    if (!found) throw new Error(`no alarm ${name}; have ${defs.map((d) => d.name).join(", ")}`);
    return found;
};
const stat = (d: AlarmDefinition) => d.metric as MetricStat;
const math = (d: AlarmDefinition) => d.metric as MetricMath;
const db = { identifier: "expertconnect-prod-db", instanceClass: "db.t3.medium", allocatedStorageGb: 50 };

describe("alarm definitions", () => {
    describe("ECS services", () => {
        const defs = ecsServiceAlarms("expertconnect", "expertconnect-prod-cluster", { key: "backend", serviceName: "expertconnect-prod-backend" });

        it("has the guide's expertconnect-backend-cpu-high exactly", () => {
            const cpu = byName(defs, "expertconnect-backend-cpu-high");
            expect(stat(cpu)).to.deep.equal({
                namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average",
                dimensions: { ClusterName: "expertconnect-prod-cluster", ServiceName: "expertconnect-prod-backend" },
            });
            expect(cpu.window).to.deep.equal({ period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 });
            expect(cpu.threshold).to.equal(80);
            expect(cpu.comparison).to.equal("GreaterThanThreshold");
        });

        it("alarms on memory over 85% for fifteen minutes", () => {
            const mem = byName(defs, "expertconnect-backend-memory-high");
            expect(stat(mem).metricName).to.equal("MemoryUtilization");
            expect(mem.threshold).to.equal(85);
            expect(mem.window).to.deep.equal({ period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 });
        });

        it("pages within three minutes when fewer tasks run than desired (Container Insights)", () => {
            const tasks = byName(defs, "expertconnect-backend-tasks-below-desired");
            expect(math(tasks).expression).to.equal("desired - running");
            expect(math(tasks).metrics.running).to.include({ namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount" });
            expect(math(tasks).metrics.desired).to.include({ namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount" });
            expect(tasks.window).to.deep.equal(CRITICAL);
            expect(tasks.window.period * tasks.window.evaluationPeriods).to.be.at.most(180);
            expect(tasks).to.include({ threshold: 0, comparison: "GreaterThanThreshold" });
        });
    });

    describe("load balancer", () => {
        const defs = albAlarms("expertconnect", {
            arnSuffix: "app/expertconnect-prod-alb/abc",
            targetGroups: { backend: "targetgroup/backend/1", frontend: "targetgroup/frontend/2" },
        });

        it("alarms on the ALB's 5xx rate by metric math, ignoring quiet minutes", () => {
            const rate = byName(defs, "expertconnect-alb-5xx-rate-high");
            expect(math(rate).expression).to.equal("IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)");
            expect(math(rate).metrics.errors).to.deep.equal({
                namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum",
                dimensions: { LoadBalancer: "app/expertconnect-prod-alb/abc" },
            });
            expect(math(rate).metrics.requests.metricName).to.equal("RequestCount");
            expect(rate).to.include({ threshold: 5, comparison: "GreaterThanThreshold" });
            expect(rate.window).to.deep.equal(CRITICAL);
        });

        it("alarms on the application's 5xx rate", () => {
            const rate = byName(defs, "expertconnect-alb-target-5xx-rate-high");
            expect(math(rate).metrics.errors.metricName).to.equal("HTTPCode_Target_5XX_Count");
        });

        it("alarms on p95 over 1 s and p99 over 3 s as percentiles", () => {
            const p95 = byName(defs, "expertconnect-alb-latency-p95-high");
            const p99 = byName(defs, "expertconnect-alb-latency-p99-high");
            expect(stat(p95)).to.include({ metricName: "TargetResponseTime", statistic: "p95" });
            expect(p95.threshold).to.equal(1);
            expect(stat(p99).statistic).to.equal("p99");
            expect(p99.threshold).to.equal(3);
        });

        it("alarms on unhealthy hosts per target group", () => {
            const tg = byName(defs, "expertconnect-frontend-unhealthy-hosts");
            expect(stat(tg).dimensions).to.deep.equal({ LoadBalancer: "app/expertconnect-prod-alb/abc", TargetGroup: "targetgroup/frontend/2" });
            expect(stat(tg).statistic).to.equal("Maximum");
            expect(tg).to.include({ threshold: 0, comparison: "GreaterThanThreshold" });
            expect(defs.filter((d) => d.name.endsWith("-unhealthy-hosts"))).to.have.length(2);
        });
    });

    describe("database", () => {
        const defs = rdsAlarms("expertconnect", db);

        it("has the guide's expertconnect-db-connections-high at 80% of max_connections", () => {
            const conn = byName(defs, "expertconnect-db-connections-high");
            expect(stat(conn)).to.deep.equal({
                namespace: "AWS/RDS", metricName: "DatabaseConnections", statistic: "Average",
                dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" },
            });
            expect(conn.threshold).to.equal(360);
            expect(conn.window).to.deep.equal({ period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 });
            expect(conn.comparison).to.equal("GreaterThanThreshold");
            expect(dbConnectionsAlarm("expertconnect", { ...db, instanceClass: "db.r6g.large" }).threshold).to.equal(1441);
        });

        it("alarms on free storage below 10% of the allocation (the guide's disk-space check)", () => {
            const storage = byName(defs, "expertconnect-db-free-storage-low");
            expect(stat(storage)).to.include({ metricName: "FreeStorageSpace", statistic: "Minimum" });
            expect(storage.threshold).to.equal(5 * 1024 ** 3);
            expect(storage.comparison).to.equal("LessThanThreshold");
        });

        it("alarms on freeable memory below 10% of the class's memory", () => {
            const mem = byName(defs, "expertconnect-db-freeable-memory-low");
            expect(mem.threshold).to.equal(Math.floor(0.4 * 1024 ** 3));
            expect(mem.comparison).to.equal("LessThanThreshold");
        });

        it("treats a silent database as down and alarms on CPU and I/O latency", () => {
            const cpu = byName(defs, "expertconnect-db-cpu-high");
            expect(cpu.treatMissingData).to.equal("breaching");
            expect(stat(byName(defs, "expertconnect-db-read-latency-high")).metricName).to.equal("ReadLatency");
            expect(byName(defs, "expertconnect-db-write-latency-high").threshold).to.equal(0.02);
        });

        it("refuses an instance class it cannot size", () => {
            expect(() => rdsAlarms("expertconnect", { ...db, instanceClass: "db.z1.mega" })).to.throw(/expertconnect:database\.instanceClass/);
        });
    });

    describe("Redis", () => {
        it("names member clusters as ElastiCache does", () => {
            expect(cacheMemberIds("expertconnect-prod-cache", 2)).to.deep.equal(["expertconnect-prod-cache-001", "expertconnect-prod-cache-002"]);
        });

        it("alarms on engine CPU, memory and evictions for every node", () => {
            const defs = redisAlarms(["c-001", "c-002"]);
            expect(defs).to.have.length(6);
            const cpu = byName(defs, "c-002-engine-cpu-high");
            expect(stat(cpu)).to.deep.equal({ namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", statistic: "Average", dimensions: { CacheClusterId: "c-002" } });
            expect(stat(byName(defs, "c-001-memory-high")).metricName).to.equal("DatabaseMemoryUsagePercentage");
            const evictions = byName(defs, "c-001-evictions");
            expect(stat(evictions)).to.include({ metricName: "Evictions", statistic: "Sum" });
            expect(evictions.threshold).to.equal(100);
        });
    });

    describe("capacity ceilings (policy/lib/facts/alarmSignals.ts)", () => {
        const defs = [
            ...ecsServiceAlarms("expertconnect", "c", { key: "backend", serviceName: "s" }),
            ...albAlarms("expertconnect", { arnSuffix: "app/a/1", targetGroups: { backend: "targetgroup/b/1" } }),
            ...rdsAlarms("expertconnect", db),
            ...redisAlarms(["n-001"]),
        ];
        // The sizes the shares are of, for the test's database (50 GiB on a 4 GiB class).
        const capacity = { storage: 50 * 1024 ** 3, memory: 4 * 1024 ** 3, percent: 100 } as Record<string, number>;

        for (const [key, ceiling] of Object.entries(CAPACITY_CEILINGS) as Array<[string, CapacityCeiling]>) {
            it(`watches ${key} with its first signal, at the stated threshold, inside the pack's band`, () => {
                const signal = ceiling.signals[0];
                const alarm = defs.find((d) => !("expression" in d.metric) && stat(d).namespace === signal.namespace && stat(d).metricName === signal.metricName);
                expect(alarm, key).to.not.equal(undefined);
                expect(alarm!.comparison.startsWith(signal.breaches === "above" ? "GreaterThan" : "LessThan"), key).to.equal(true);
                const size = signal.capacity === undefined ? 1 : capacity[signal.capacity];
                expect(alarm!.threshold, key).to.be.closeTo(Math.floor(signal.threshold! * size), 1);
                if (signal.minShare !== undefined) expect(alarm!.threshold, key).to.be.at.least(signal.minShare * size);
                if (signal.maxShare !== undefined) expect(alarm!.threshold, key).to.be.at.most(signal.maxShare * size);
            });
        }

        it("guards the error rates with the quiet-night traffic, below the ordinary traffic", () => {
            const rate = byName(defs, "expertconnect-alb-5xx-rate-high");
            expect(math(rate).expression).to.equal(`IF(requests >= ${EXPECTED_TRAFFIC.quietRequestsPerMinute}, 100 * FILL(errors, 0) / requests, 0)`);
            expect(EXPECTED_TRAFFIC.quietRequestsPerMinute).to.be.below(EXPECTED_TRAFFIC.ordinaryRequestsPerMinute);
        });
    });

    describe("data-at-risk signals (DATA_RISK_SIGNALS, which the pack requires of every holder)", () => {
        const replication = staticReplicationAlarms("expertconnect", { sourceBucket: "src", destinationBucket: "dst", ruleId: "to-us-west-2" }, { source: "us-east-1", destination: "us-west-2" });
        const lag = replicaLagAlarms("expertconnect", "expertconnect-dr-db", 60);
        /** The program's alarms reading a signal: its metric directly, or in metric math. */
        const reading = (defs: AlarmDefinition[], signal: DataRiskSignal) => defs.filter((d) => ("expression" in d.metric ? Object.values(d.metric.metrics) : [d.metric])
            .some((m) => m.namespace === signal.namespace && m.metricName === signal.metricName && signal.statistics.includes(m.statistic)));

        for (const [key, signal] of Object.entries(DATA_RISK_SIGNALS) as Array<[string, DataRiskSignal]>) {
            it(`${key}: an alarm reads ${signal.metricName} with a statistic that sees one bad sample, at its bound`, () => {
                const defs = reading(signal.holder === "replicationRule" ? replication : lag, signal);
                expect(defs, key).to.not.be.empty;
                const bound = signal.firesAbove === "rpo" ? 60 : signal.firesAbove;
                expect(defs.some((d) => d.comparison === "GreaterThanThreshold" && d.threshold <= bound), key).to.equal(true);
            });
        }

        it("gates the replica's lag on writes the ordinary write rate exceeds", () => {
            expect(math(byName(lag, "expertconnect-db-replica-lag-high")).expression).to.equal(`IF(writes > ${EXPECTED_WRITES.writingBytesPerSecond}, lag, 0)`);
            expect(EXPECTED_WRITES.writingBytesPerSecond).to.be.below(EXPECTED_WRITES.ordinaryBytesPerSecond);
        });
    });

    describe("every alarm", () => {
        const all = [
            ...ecsServiceAlarms("expertconnect", "c", { key: "backend", serviceName: "s" }),
            ...albAlarms("expertconnect", { arnSuffix: "app/a/1", targetGroups: { backend: "targetgroup/b/1" } }),
            ...rdsAlarms("expertconnect", db),
            ...replicaLagAlarms("expertconnect", "expertconnect-dr-db", 60),
            ...staticReplicationAlarms("expertconnect", { sourceBucket: "src", destinationBucket: "dst", ruleId: "to-us-west-2" }, { source: "us-east-1", destination: "us-west-2" }),
            ...redisAlarms(["n-001"]),
        ];

        it("has a unique name, a description and a deliberate treatment of missing data", () => {
            expect(new Set(all.map((d) => d.name)).size).to.equal(all.length);
            for (const d of all) {
                expect(d.description, d.name).to.have.length.greaterThan(10);
                expect(["breaching", "notBreaching", "ignore", "missing"], d.name).to.include(d.treatMissingData);
                expect(d.window.datapointsToAlarm, d.name).to.be.at.most(d.window.evaluationPeriods);
            }
        });

        it("that uses 1-minute periods detects within three minutes", () => {
            for (const d of all.filter((a) => a.window.period === 60)) {
                expect(d.window.period * d.window.evaluationPeriods, d.name).to.be.at.most(180);
            }
        });
    });
});

describe("metricAlarmArgs", () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
    const tags = { Project: "expertconnect", Environment: "prod", Component: "monitoring" };

    it("maps a single metric with alarm and OK actions to the topic", () => {
        const args = metricAlarmArgs(byName(rdsAlarms("expertconnect", db), "expertconnect-db-connections-high"), topic, tags);
        expect(args).to.deep.include({
            name: "expertconnect-db-connections-high",
            namespace: "AWS/RDS",
            metricName: "DatabaseConnections",
            statistic: "Average",
            period: 300,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            threshold: 360,
            comparisonOperator: "GreaterThanThreshold",
            dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" },
            alarmActions: [topic],
            okActions: [topic],
            treatMissingData: "notBreaching",
            tags,
        });
        expect(args.extendedStatistic).to.equal(undefined);
    });

    it("sends percentiles as extendedStatistic", () => {
        const p99 = byName(albAlarms("expertconnect", { arnSuffix: "app/a/1", targetGroups: {} }), "expertconnect-alb-latency-p99-high");
        const args = metricAlarmArgs(p99, topic, tags);
        expect(args.extendedStatistic).to.equal("p99");
        expect(args.statistic).to.equal(undefined);
    });

    it("maps metric math to metricQueries with one returned expression and no top-level metric", () => {
        const rate = byName(albAlarms("expertconnect", { arnSuffix: "app/a/1", targetGroups: {} }), "expertconnect-alb-5xx-rate-high");
        const args = metricAlarmArgs(rate, topic, tags);
        const queries = args.metricQueries as any[];
        expect(queries.filter((q) => q.returnData)).to.deep.equal([
            { id: "result", expression: rate.metric && (rate.metric as MetricMath).expression, label: "Error rate (%)", returnData: true },
        ]);
        const errors = queries.find((q) => q.id === "errors");
        expect(errors.metric).to.deep.equal({
            namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions: { LoadBalancer: "app/a/1" }, period: 60, stat: "Sum",
        });
        expect(args.metricName).to.equal(undefined);
        expect(args.period).to.equal(undefined);
    });
});
