import { expect } from "chai";
import { dashboardBody, dashboardName, Widget } from "../../../components/monitoring/dashboard";
import { DashboardInputs, expertConnectWidgets } from "../../../components/monitoring/dashboardWidgets";

const inputs: DashboardInputs = {
    clusterName: "expertconnect-prod-cluster",
    serviceNames: ["expertconnect-prod-backend", "expertconnect-prod-frontend"],
    albArnSuffix: "app/expertconnect-prod-alb/abc",
    targetGroups: { backend: "targetgroup/backend/1", frontend: "targetgroup/frontend/2" },
    dbIdentifier: "expertconnect-prod-db",
    replicaLag: false,
    cacheNodes: ["expertconnect-prod-cache-001", "expertconnect-prod-cache-002"],
    alarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:expertconnect-backend-cpu-high"],
};

function parse(widgets: Widget[]): any[] {
    return JSON.parse(dashboardBody(widgets, "us-east-1")).widgets;
}

function titled(widgets: any[], title: string): any {
    const w = widgets.find((x) => x.properties.title === title);
    if (!w) throw new Error(`no widget "${title}"; have ${widgets.map((x) => x.properties.title).join(", ")}`);
    return w;
}

describe("dashboard", () => {
    it("keeps the guide's name in prod and a distinct one elsewhere (names are account-wide)", () => {
        expect(dashboardName("prod")).to.equal("ExpertConnect-Dashboard");
        expect(dashboardName("dr")).to.equal("ExpertConnect-DR-Dashboard");
    });

    describe("body", () => {
        it("writes metric rows as [namespace, name, dim, value, …, options] with an explicit region", () => {
            const [w] = parse([{ kind: "metric", title: "t", lines: [{ namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "db" }, stat: "Average", label: "cpu" }] }]);
            expect(w).to.deep.equal({
                type: "metric", x: 0, y: 0, width: 12, height: 6,
                properties: {
                    title: "t", region: "us-east-1", view: "timeSeries", stacked: false, period: 300,
                    metrics: [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "db", { stat: "Average", label: "cpu" }]],
                },
            });
        });

        it("flows widgets left to right and wraps at 24 columns", () => {
            const m = (title: string): Widget => ({ kind: "metric", title, lines: [] });
            const placed = parse([{ kind: "alarm", title: "a", alarmArns: [] }, m("1"), m("2"), m("3")]);
            expect(placed.map((w) => [w.x, w.y, w.width])).to.deep.equal([[0, 0, 24], [0, 4, 12], [12, 4, 12], [0, 10, 12]]);
        });

        it("rejects widths outside the grid and alarm widgets over CloudWatch's 100-alarm limit", () => {
            expect(() => dashboardBody([{ kind: "text", markdown: "x", width: 25 }], "us-east-1")).to.throw(/1\.\.24, got 25/);
            const arns = Array.from({ length: 101 }, (_v, i) => `arn:${i}`);
            expect(() => dashboardBody([{ kind: "alarm", title: "a", alarmArns: arns }], "us-east-1")).to.throw(/at most 100/);
        });
    });

    describe("ExpertConnect widgets", () => {
        const widgets = parse(expertConnectWidgets(inputs));

        it("starts with the status of every alarm", () => {
            expect(widgets[0]).to.deep.include({ type: "alarm", x: 0, y: 0 });
            expect(widgets[0].properties.alarms).to.deep.equal(inputs.alarmArns);
        });

        it("graphs ECS CPU, memory and running tasks per service", () => {
            const cpu = titled(widgets, "ECS CPU utilization (%)").properties.metrics;
            expect(cpu).to.deep.equal([
                ["AWS/ECS", "CPUUtilization", "ClusterName", "expertconnect-prod-cluster", "ServiceName", "expertconnect-prod-backend", { stat: "Average", label: "expertconnect-prod-backend" }],
                ["AWS/ECS", "CPUUtilization", "ClusterName", "expertconnect-prod-cluster", "ServiceName", "expertconnect-prod-frontend", { stat: "Average", label: "expertconnect-prod-frontend" }],
            ]);
            expect(titled(widgets, "ECS memory utilization (%)").properties.metrics).to.have.length(2);
            expect(titled(widgets, "ECS running tasks").properties.metrics[0].slice(0, 2)).to.deep.equal(["ECS/ContainerInsights", "RunningTaskCount"]);
        });

        it("graphs ALB requests, 5xx and p50/p95/p99 latency", () => {
            expect(titled(widgets, "ALB requests").properties.metrics[0]).to.deep.equal(["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/expertconnect-prod-alb/abc", { stat: "Sum", label: "Requests" }]);
            expect(titled(widgets, "ALB 5xx responses").properties.metrics.map((r: any[]) => r[1])).to.deep.equal(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"]);
            expect(titled(widgets, "ALB response time (s)").properties.metrics.map((r: any[]) => r[4].stat)).to.deep.equal(["p50", "p95", "p99"]);
            expect(titled(widgets, "Unhealthy targets").properties.metrics[1]).to.deep.equal([
                "AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", "app/expertconnect-prod-alb/abc", "TargetGroup", "targetgroup/frontend/2", { stat: "Maximum", label: "frontend" },
            ]);
        });

        it("graphs RDS CPU, connections and free storage, and Redis per node", () => {
            expect(titled(widgets, "RDS CPU utilization (%)").properties.metrics[0].slice(0, 4)).to.deep.equal(["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "expertconnect-prod-db"]);
            expect(titled(widgets, "RDS connections").properties.metrics[0][1]).to.equal("DatabaseConnections");
            expect(titled(widgets, "RDS free storage (bytes)").properties.metrics[0][1]).to.equal("FreeStorageSpace");
            expect(titled(widgets, "Redis engine CPU (%)").properties.metrics.map((r: any[]) => r[3])).to.deep.equal(inputs.cacheNodes);
            expect(titled(widgets, "Redis memory (%) and evictions").properties.metrics.map((r: any[]) => r[1])).to.include.members(["DatabaseMemoryUsagePercentage", "Evictions"]);
        });

        it("graphs the replica's lag in dr instead of I/O latency", () => {
            const dr = parse(expertConnectWidgets({ ...inputs, replicaLag: true }));
            expect(titled(dr, "RDS replica lag (s)").properties.metrics[0].slice(0, 2)).to.deep.equal(["AWS/RDS", "ReplicaLag"]);
            expect(() => titled(widgets, "RDS replica lag (s)")).to.throw();
        });
    });
});
