import { expect } from "chai";
import { exportedResources, stackPreview } from "../../support/stackPreview";

/**
 * The whole program through the offline engine: the alarms and dashboard of each stack watch
 * the resources that stack really creates, under the guide's names.
 */
interface ExportedResource {
    urn: string;
    type: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function preview(stack: string): ExportedResource[] {
    const run = stackPreview(stack);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    return exportedResources(run);
}

const ofType = (resources: ExportedResource[], type: string) => resources.filter((r) => r.type === type);
const outputsOf = (resources: ExportedResource[]) => resources.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs;

/** Every dimension value of every alarm (plain metric or metric math), by dimension name. */
function alarmDimensions(resources: ExportedResource[]): Map<string, Set<string>> {
    const dims = new Map<string, Set<string>>();
    for (const alarm of ofType(resources, ALARM)) {
        const sets = [alarm.inputs.dimensions ?? {}, ...(alarm.inputs.metricQueries ?? []).map((q: any) => q.metric?.dimensions ?? {})];
        for (const set of sets) {
            for (const [k, v] of Object.entries(set)) {
                dims.set(k, (dims.get(k) ?? new Set()).add(v as string));
            }
        }
    }
    return dims;
}

function expectWatchesRealResources(resources: ExportedResource[]): void {
    const dims = alarmDimensions(resources);
    const names = (type: string, key: string) => ofType(resources, type).map((r) => r.inputs[key] ?? r.outputs[key]);
    expect([...dims.get("ClusterName")!]).to.have.members(names("aws:ecs/cluster:Cluster", "name"));
    expect([...dims.get("ServiceName")!]).to.have.members(names("aws:ecs/service:Service", "name"));
    expect([...dims.get("DBInstanceIdentifier")!]).to.have.members(names("aws:rds/instance:Instance", "identifier"));
    expect([...dims.get("LoadBalancer")!]).to.have.members(names("aws:lb/loadBalancer:LoadBalancer", "arnSuffix"));
    expect([...dims.get("TargetGroup")!]).to.have.members(names("aws:lb/targetGroup:TargetGroup", "arnSuffix"));
    const group = ofType(resources, "aws:elasticache/replicationGroup:ReplicationGroup")[0].inputs;
    const nodes = Array.from({ length: group.numCacheClusters }, (_v, i) => `${group.replicationGroupId}-00${i + 1}`);
    expect([...dims.get("CacheClusterId")!]).to.have.members(nodes);
}

describe("monitoring wired into the stacks (offline preview)", function () {
    this.timeout(300_000);

    describe("prod", () => {
        let resources: ExportedResource[];
        before(() => {
            resources = preview("prod");
        });

        it("has the guide's two alarms on the guide's names, acting on the exported topic", () => {
            const topic = outputsOf(resources).alarmTopicArn;
            expect(topic).to.match(/^arn:aws:sns:us-east-1:\d{12}:expertconnect-alarms$/);
            const alarm = (name: string) => ofType(resources, ALARM).find((a) => a.inputs.name === name)!.inputs;
            expect(alarm("expertconnect-backend-cpu-high").dimensions).to.deep.equal({ ClusterName: "expertconnect-prod-cluster", ServiceName: "expertconnect-prod-backend" });
            expect(alarm("expertconnect-db-connections-high").dimensions).to.deep.equal({ DBInstanceIdentifier: "expertconnect-prod-db" });
            // An alarm notifies only a topic of its region: those in the recovery region (S3's replication latency) notify prod's topic there.
            const topics = ofType(resources, "aws:sns/topic:Topic");
            const recovery = topics.find((t) => t.inputs.region === "us-west-2")!;
            expect(recovery.outputs.arn).to.match(/^arn:aws:sns:us-west-2:\d{12}:expertconnect-prod-alarms$/);
            for (const a of ofType(resources, ALARM)) {
                expect(a.inputs.alarmActions, a.inputs.name).to.deep.equal([a.inputs.region === "us-west-2" ? recovery.outputs.arn : topic]);
            }
            expect(ofType(resources, ALARM).filter((a) => a.inputs.region === "us-west-2").map((a) => a.inputs.name)).to.deep.equal(["expertconnect-static-replication-late"]);
        });

        it("subscribes the recovery region's topic as the main one", () => {
            const subscribers = (region: string | undefined) => ofType(resources, "aws:sns/topicSubscription:TopicSubscription")
                .filter((s) => s.inputs.region === region).map((s) => `${s.inputs.protocol}:${s.inputs.endpoint}`).sort();
            expect(subscribers("us-west-2")).to.not.be.empty;
            expect(subscribers("us-west-2")).to.deep.equal(subscribers(undefined));
        });

        it("watches the cluster, services, load balancer, target groups, database and cache nodes it creates", () => {
            expectWatchesRealResources(resources);
        });

        it("exports the dashboard, the web ACL guarding its load balancer and the trail's bucket", () => {
            const out = outputsOf(resources);
            expect(out.dashboardName).to.equal("ExpertConnect-Dashboard");
            expect(ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation")[0].inputs.resourceArn).to.equal(out.albArn);
            expect(out.cloudTrailBucketName).to.match(/^expertconnect-cloudtrail-\d{12}$/);
            expect(ofType(resources, "aws:cloudtrail/trail:Trail")).to.have.length(1);
            expect(ofType(resources, ALARM).map((a) => a.inputs.name)).not.to.include("expertconnect-db-replica-lag-high");
        });
    });

    describe("dr", () => {
        let resources: ExportedResource[];
        before(() => {
            resources = preview("dr");
        });

        it("watches its own resources, the replica's lag included, on its own dashboard", () => {
            expectWatchesRealResources(resources);
            // The replica's lag signals (the DisasterRecovery component's): metric math over its own metrics.
            const lag = ofType(resources, ALARM).find((a) => a.inputs.name === "expertconnect-db-replica-lag-high");
            const metrics = (lag?.inputs.metricQueries ?? []).filter((q: any) => q.metric).map((q: any) => q.metric.dimensions);
            expect(metrics).to.deep.equal([{ DBInstanceIdentifier: "expertconnect-dr-db" }, { DBInstanceIdentifier: "expertconnect-dr-db" }]);
            const stalled = ofType(resources, ALARM).find((a) => a.inputs.name === "expertconnect-db-replica-stalled");
            expect(stalled?.inputs.dimensions).to.deep.equal({ DBInstanceIdentifier: "expertconnect-dr-db" });
            expect(outputsOf(resources).dashboardName).to.equal("ExpertConnect-DR-Dashboard");
            expect(outputsOf(resources).alarmTopicArn).to.match(/^arn:aws:sns:us-west-2:\d{12}:expertconnect-alarms$/);
        });

        it("leaves the trail to prod and delivers Config into prod's bucket", () => {
            expect(ofType(resources, "aws:cloudtrail/trail:Trail")).to.have.length(0);
            expect(ofType(resources, "aws:cfg/deliveryChannel:DeliveryChannel")[0].inputs.s3BucketName).to.match(/^config-bucket-\d{12}$/);
            expect(ofType(resources, "aws:guardduty/detector:Detector")).to.have.length(1);
        });
    });
});
