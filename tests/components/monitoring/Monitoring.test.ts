import { expect } from "chai";
import { AlarmTopic } from "../../../components/monitoring/AlarmTopic";
import { alarmDefinitions, Monitoring } from "../../../components/monitoring/Monitoring";
import { installMocks, MockHarness, settle, valueOf } from "../../support/pulumi";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
const tags = { project: "expertconnect", environment: "prod" };

describe("AlarmTopic", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new AlarmTopic("alarms", { keyAlias: "expertconnect-prod-alarms", emails: ["oncall@expertconnect.example", "ops@expertconnect.example"], tags });
        await settle();
    });

    it("is the guide's expertconnect-alarms topic, encrypted with its own protected, rotating key", () => {
        const topic = mocks.one("aws:sns/topic:Topic");
        expect(topic.inputs.name).to.equal("expertconnect-alarms");
        const key = mocks.one("aws:kms/key:Key");
        expect(topic.inputs.kmsMasterKeyId).to.equal(key.outputs.arn);
        expect(key).to.include({ protect: true, retainOnDelete: true });
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect(mocks.one("aws:kms/alias:Alias").inputs.name).to.equal("alias/expertconnect-prod-alarms");
        expect(topic.inputs.tags).to.deep.equal({ Project: "expertconnect", Environment: "prod", Component: "monitoring" });
    });

    it("lets CloudWatch (with aws:SourceAccount) and EventBridge (without, as KMS gets none) use the key", () => {
        const policy = JSON.parse(mocks.one("aws:kms/key:Key").inputs.policy);
        const grant = (service: string) => policy.Statement.find((s: any) => s.Principal?.Service === service);
        expect(grant("cloudwatch.amazonaws.com").Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        expect(grant("events.amazonaws.com").Action).to.include("kms:GenerateDataKey*");
        expect(grant("events.amazonaws.com").Condition).to.deep.equal({});
        expect(grant("budgets.amazonaws.com").Action).to.include("kms:GenerateDataKey*");
        expect(grant("budgets.amazonaws.com").Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
    });

    it("admits only CloudWatch, EventBridge, AWS Budgets and Cost Anomaly Detection of this account as publishers, over TLS", () => {
        const policy = JSON.parse(mocks.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
        const publishers = policy.Statement.find((s: any) => s.Sid === "AlarmsAndEventsOfThisAccountPublish");
        expect(publishers.Principal.Service).to.deep.equal(["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"]);
        expect(publishers.Action).to.equal("sns:Publish");
        expect(publishers.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        const topicArn = mocks.one("aws:sns/topic:Topic").outputs.arn;
        expect(policy.Statement.every((s: any) => s.Resource === topicArn)).to.equal(true);
        expect(policy.Statement.some((s: any) => s.Effect === "Allow" && s.Principal === "*")).to.equal(false);
        expect(policy.Statement.find((s: any) => s.Sid === "DenyInsecureTransport").Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
    });

    it("subscribes every configured address by e-mail", () => {
        const subs = mocks.ofType("aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => s.inputs.endpoint)).to.deep.equal(["oncall@expertconnect.example", "ops@expertconnect.example"]);
        expect(subs.every((s) => s.inputs.protocol === "email")).to.equal(true);
    });
});

describe("Monitoring", () => {
    let mocks: MockHarness;
    let monitoring: Monitoring;
    const args = {
        project: "expertconnect",
        tags,
        region: "us-east-1",
        topicArn: TOPIC,
        clusterName: "expertconnect-prod-cluster",
        services: [
            { key: "backend", serviceName: "expertconnect-prod-backend" },
            { key: "frontend", serviceName: "expertconnect-prod-frontend" },
        ],
        loadBalancer: { arnSuffix: "app/expertconnect-prod-alb/abc", targetGroups: { backend: "targetgroup/b/1", frontend: "targetgroup/f/2" } },
        database: { identifier: "expertconnect-prod-db", instanceClass: "db.t3.medium", allocatedStorageGb: 50 },
        cacheNodes: ["expertconnect-prod-cache-001", "expertconnect-prod-cache-002"],
        extraAlarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:expertconnect-root-account-usage"],
    };
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        monitoring = new Monitoring("monitoring", args);
        await settle();
    });
    const alarm = (name: string) => {
        const found = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.name === name);
        expect(found, `alarm ${name}`).to.have.length(1);
        return found[0].inputs;
    };

    it("creates the guide's expertconnect-backend-cpu-high exactly, acting on the topic", () => {
        expect(alarm("expertconnect-backend-cpu-high")).to.deep.include({
            namespace: "AWS/ECS",
            metricName: "CPUUtilization",
            statistic: "Average",
            period: 300,
            threshold: 80,
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 2,
            dimensions: { ClusterName: "expertconnect-prod-cluster", ServiceName: "expertconnect-prod-backend" },
            alarmActions: [TOPIC],
            okActions: [TOPIC],
        });
    });

    it("creates the guide's expertconnect-db-connections-high at 80% of db.t3.medium's max_connections", () => {
        expect(alarm("expertconnect-db-connections-high")).to.deep.include({
            namespace: "AWS/RDS",
            metricName: "DatabaseConnections",
            statistic: "Average",
            period: 300,
            threshold: 360,
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 2,
            dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" },
            alarmActions: [TOPIC],
        });
    });

    it("gives every alarm alarm and OK actions, a deliberate treatMissingData and tags", () => {
        const alarms = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms).to.have.length(6 + 6 + 6 + 6);
        for (const a of alarms) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal([TOPIC]);
            expect(a.inputs.okActions, a.name).to.deep.equal([TOPIC]);
            expect(a.inputs.treatMissingData, a.name).to.be.oneOf(["breaching", "notBreaching"]);
            expect(a.inputs.tags.Component, a.name).to.equal("monitoring");
        }
    });

    it("alarms on the ALB 5xx rate with metric math over the load balancer's dimensions", () => {
        const rate = alarm("expertconnect-alb-5xx-rate-high");
        expect(rate.metricQueries.find((q: any) => q.returnData).expression).to.contain("/ requests");
        expect(rate.metricQueries.find((q: any) => q.id === "errors").metric.dimensions).to.deep.equal({ LoadBalancer: "app/expertconnect-prod-alb/abc" });
        expect(rate.metricName).to.equal(undefined);
        expect(alarm("expertconnect-alb-latency-p95-high").extendedStatistic).to.equal("p95");
        expect(alarm("expertconnect-frontend-unhealthy-hosts").dimensions.TargetGroup).to.equal("targetgroup/f/2");
    });

    it("has no replica-lag alarm where the database is not a replica", () => {
        expect(mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name)).not.to.include("expertconnect-db-replica-lag-high");
    });

    it("routes ECS deployment failures, GuardDuty findings, failed rotations and Backup failures to the topic", () => {
        const rules = mocks.ofType("aws:cloudwatch/eventRule:EventRule");
        expect(rules.map((r) => r.inputs.name)).to.deep.equal([
            "expertconnect-ecs-deployment-failed", "expertconnect-guardduty-high-severity", "expertconnect-backup-job-failed",
            "expertconnect-secret-rotation-failed", "expertconnect-restore-job-failed",
        ]);
        expect(JSON.parse(rules[1].inputs.eventPattern).detail.severity).to.deep.equal([{ numeric: [">=", 7] }]);
        const targets = mocks.ofType("aws:cloudwatch/eventTarget:EventTarget");
        expect(targets).to.have.length(5);
        for (const [i, t] of targets.entries()) {
            expect(t.inputs.arn).to.equal(TOPIC);
            expect(t.inputs.rule).to.equal(rules[i].outputs.name ?? rules[i].inputs.name);
        }
    });

    it("publishes the ExpertConnect-Dashboard listing every alarm, its own and others'", async () => {
        const dashboard = mocks.one("aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("ExpertConnect-Dashboard");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        const status = body.widgets.find((w: any) => w.type === "alarm");
        const arns = await valueOf(monitoring.alarmArns);
        expect(arns).to.have.length(24);
        expect(status.properties.alarms).to.deep.equal([...arns, ...args.extraAlarmArns]);
        expect(body.widgets.filter((w: any) => w.type === "metric").every((w: any) => w.properties.region === "us-east-1")).to.equal(true);
        expect(await valueOf(monitoring.dashboardUrl)).to.equal(
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/ExpertConnect-Dashboard");
    });

    it("refuses two services with one key before registering anything", () => {
        const twice = { ...args, services: [args.services[0], { key: "backend", serviceName: "expertconnect-prod-worker" }] };
        expect(() => alarmDefinitions(twice)).to.throw(/expertconnect-backend-cpu-high, .*would be created twice/);
        const before = mocks.resources.length;
        expect(() => new Monitoring("again", twice)).to.throw(/alarm names must be unique/);
        expect(mocks.resources.length).to.equal(before);
        expect(alarmDefinitions(args).map((d) => d.name)).to.have.length(24);
    });

    it("parents every child to the component with a prefixed logical name", () => {
        const component = mocks.one("expertconnect:monitoring:Monitoring");
        const children = mocks.childrenOf(component.urn);
        expect(children.length).to.equal(24 + 5 + 5 + 1);
        expect(children.every((c) => c.name.startsWith("monitoring-"))).to.equal(true);
    });
});

describe("Monitoring in the dr stack", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "dr", region: "us-west-2" });
        new Monitoring("monitoring", {
            project: "expertconnect",
            tags: { project: "expertconnect", environment: "dr" },
            region: "us-west-2",
            topicArn: "arn:aws:sns:us-west-2:123456789012:expertconnect-alarms",
            clusterName: "expertconnect-dr-cluster",
            services: [{ key: "backend", serviceName: "expertconnect-dr-backend" }],
            loadBalancer: { arnSuffix: "app/expertconnect-dr-alb/def", targetGroups: { backend: "targetgroup/b/3" } },
            database: { identifier: "expertconnect-dr-db", instanceClass: "db.t3.medium", allocatedStorageGb: 50 },
            showsReplicaLag: true,
            cacheNodes: ["expertconnect-dr-cache-001"],
        });
        await settle();
    });

    it("leaves the replica's lag alarms to the DisasterRecovery component", () => {
        const names = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name);
        expect(names.filter((n: string) => n.includes("replica"))).to.deep.equal([]);
    });

    it("uses a dashboard name of its own, in its own region", () => {
        const dashboard = mocks.one("aws:cloudwatch/dashboard:Dashboard");
        expect(dashboard.inputs.dashboardName).to.equal("ExpertConnect-DR-Dashboard");
        const body = JSON.parse(dashboard.inputs.dashboardBody);
        expect(body.widgets.find((w: any) => w.type === "metric").properties.region).to.equal("us-west-2");
        expect(body.widgets.some((w: any) => w.properties.title === "RDS replica lag (s)")).to.equal(true);
    });
});
