import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { cents, estimateStack } from "../../policy/cost/estimate";
import { costResourcesFromExport } from "../../tools/cost/fromExport";
import { CostResource } from "../../policy/cost/model";
import { natGatewayHour } from "../../policy/cost/prices";

/**
 * tests/cost/fixtures/small-export.json is a hand-written v3 export of a small prod stack. Its
 * expected figures, from policy/cost/prices.ts (730 h/month):
 *
 * | component  | resources                                            | USD/month |
 * |------------|------------------------------------------------------|-----------|
 * | cache      | 2 × cache.t4g.small × 0.032 × 730                    |     46.72 |
 * | compute    | backend 2 × (1 vCPU × 0.04048 + 2 GB × 0.004445) × 730 = 72.0802; ALB 0.0225 × 730 = 16.425 | 88.51 |
 * | database   | 2 × db.t3.medium × 0.072 × 730 = 105.12; 2 × 50 GB × 0.115 = 11.50; KMS key 1.00 | 117.62 |
 * | monitoring | 1 alarm 0.10; dashboard (untagged, booked via its parent) 3.00 | 3.10 |
 * | network    | NAT gateway 0.045 × 730 = 32.85; its EIP 0.005 × 730 = 3.65 | 36.50 |
 * | security   | 1 secret 0.40                                        |      0.40 |
 * | total      |                                                      |    292.85 |
 *
 * Not priced: legacy-db (db.x9.huge is not in the table) and eu-key (eu-west-1 is not a priced region).
 * Usage-based: the log group and the S3 bucket.
 */
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "small-export.json"), "utf8"));

const resource = (type: string, props: Record<string, any>, extra: Partial<CostResource> = {}): CostResource => ({
    urn: `urn:pulumi:prod::p::${type}::${extra.name ?? "r"}`, type, name: "r", props, region: "us-east-1", component: "c", propertyDependencies: {}, ...extra,
});

describe("cost estimate of the fixture export", () => {
    const estimate = estimateStack(costResourcesFromExport(fixture));
    const line = (name: string) => {
        const found = estimate.lines.find((l) => l.name === name);
        expect(found, `line for ${name}`).to.not.equal(undefined);
        return found!;
    };

    it("totals the documented figure", () => {
        expect(cents(estimate.totalUsd)).to.equal(292.85);
    });

    it("splits the total per Component tag", () => {
        const byComponent = Object.fromEntries(Object.entries(estimate.byComponent).map(([c, v]) => [c, cents(v)]));
        expect(byComponent).to.deep.equal({ cache: 46.72, compute: 88.51, database: 117.62, monitoring: 3.1, network: 36.5, security: 0.4 });
    });

    it("prices a Fargate service from its task definition's size and desired count", () => {
        expect(line("backend-service").monthlyUsd).to.be.closeTo(72.0802, 1e-9);
    });

    it("doubles instance hours and storage for a Multi-AZ database", () => {
        expect(cents(line("database-instance").monthlyUsd)).to.equal(116.62);
    });

    it("books an untaggable dashboard to its parent component's tag", () => {
        expect(line("monitoring-dashboard").component).to.equal("monitoring");
    });

    it("lists resources it cannot price instead of counting them as free", () => {
        const reasons = Object.fromEntries(estimate.unpriced.map((u) => [u.urn.split("::").pop(), u.reason]));
        expect(reasons["legacy-db"]).to.match(/db\.x9\.huge/);
        expect(reasons["eu-key"]).to.match(/eu-west-1/);
        expect(Object.keys(reasons)).to.have.length(2);
    });

    it("lists usage-billed resources separately", () => {
        expect(estimate.usageBased.map((u) => u.type).sort()).to.deep.equal(["aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucket:Bucket"]);
    });
});

describe("reading a deployment export", () => {
    it("decodes plaintext secrets and drops encrypted ones", () => {
        const resources = costResourcesFromExport(fixture);
        expect(resources.find((r) => r.name === "django-secret")!.props.name).to.equal("expertconnect/prod/django-secret-key");
        expect(resources.find((r) => r.name === "database-instance")!.props.password).to.equal(undefined);
    });

    it("takes each resource's region from its provider", () => {
        const regions = Object.fromEntries(costResourcesFromExport(fixture).map((r) => [r.name, r.region]));
        expect(regions["eu-key"]).to.equal("eu-west-1");
        expect(regions["alb"]).to.equal("us-east-1");
    });

    it("rejects a file that is not a v3 export", () => {
        expect(() => costResourcesFromExport({ resources: [] })).to.throw(/not a Pulumi deployment export/);
    });
});

describe("pricing rules", () => {
    const taskDefinition = resource("aws:ecs/taskDefinition:TaskDefinition", { cpu: "512", memory: "1024" }, { urn: "urn:td" });

    it("charges nothing for a pilot-light service with no tasks", () => {
        const service = resource("aws:ecs/service:Service", { launchType: "FARGATE", desiredCount: 0 }, { propertyDependencies: { taskDefinition: ["urn:td"] } });
        expect(estimateStack([taskDefinition, service]).totalUsd).to.equal(0);
    });

    it("links a service to its task definition by property dependency when the ARN is unknown", () => {
        const service = resource("aws:ecs/service:Service", { launchType: "FARGATE", desiredCount: 1 }, { propertyDependencies: { taskDefinition: ["urn:td"] } });
        // 0.5 × 0.04048 + 1 × 0.004445 = 0.024685 per hour
        expect(estimateStack([taskDefinition, service]).totalUsd).to.be.closeTo(0.024685 * 730, 1e-9);
    });

    it("does not guess the size of a service whose task definition is elsewhere", () => {
        const service = resource("aws:ecs/service:Service", { launchType: "FARGATE", desiredCount: 1, taskDefinition: "arn:other" });
        expect(estimateStack([service]).unpriced[0].reason).to.match(/task definition/);
    });

    it("charges a Single-AZ database once", () => {
        const db = resource("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.medium", multiAz: false, allocatedStorage: 50 });
        expect(cents(estimateStack([db]).totalUsd)).to.equal(cents(0.072 * 730 + 50 * 0.115));
    });

    it("charges high-resolution alarms at the higher rate", () => {
        const alarm = resource("aws:cloudwatch/metricAlarm:MetricAlarm", { period: 10 });
        expect(estimateStack([alarm]).totalUsd).to.equal(0.3);
    });

    it("charges interface endpoints per AZ and gateway endpoints nothing", () => {
        const iface = resource("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] });
        const gateway = resource("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Gateway" });
        expect(cents(estimateStack([iface, gateway]).totalUsd)).to.equal(21.9);
        expect(estimateStack([gateway]).lines).to.have.length(0);
    });

    it("charges a web ACL per rule", () => {
        const acl = resource("aws:wafv2/webAcl:WebAcl", { rules: [{}, {}, {}] });
        expect(estimateStack([acl]).totalUsd).to.equal(8);
    });

    it("adds a public IPv4 address per subnet of an internet-facing ALB, none for an internal one", () => {
        const alb = resource("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "application", subnets: ["a", "b", "c"] });
        expect(cents(estimateStack([alb]).totalUsd)).to.equal(cents((0.0225 + 3 * 0.005) * 730));
        const internal = resource("aws:lb/loadBalancer:LoadBalancer", { internal: true, subnets: ["a", "b"] });
        expect(cents(estimateStack([internal]).totalUsd)).to.equal(16.43);
    });

    it("prices the dr region with its own figures", () => {
        const nat = resource("aws:ec2/natGateway:NatGateway", {}, { region: "us-west-2" });
        const estimate = estimateStack([nat]);
        expect(cents(estimate.totalUsd)).to.equal(cents(natGatewayHour.usd["us-west-2"] * 730));
        expect(cents(estimate.totalUsd)).to.equal(32.85);
        expect(estimate.lines.map((l) => l.region)).to.deep.equal(["us-west-2"]);
        expect(estimate.unpriced).to.deep.equal([]);
    });

    it("lists a resource outside the priced regions as not priced, never as free", () => {
        const nat = resource("aws:ec2/natGateway:NatGateway", {}, { region: "eu-west-1" });
        const estimate = estimateStack([nat]);
        expect(estimate.lines).to.deep.equal([]);
        expect(estimate.unpriced.map((u) => u.reason)).to.deep.equal(["region eu-west-1 is not in the price table (us-east-1, us-west-2)"]);
    });

    it("prices io1 and io2 storage with their provisioned IOPS, and gp3's IOPS above its baseline", () => {
        const db = (props: Record<string, unknown>) => resource("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.medium", multiAz: false, ...props });
        const storage = (props: Record<string, unknown>) => estimateStack([db(props)]).totalUsd - 0.072 * 730;
        expect(cents(storage({ storageType: "io1", allocatedStorage: 800, iops: 40000 }))).to.equal(cents(800 * 0.125 + 40000 * 0.1));
        expect(cents(storage({ storageType: "io2", allocatedStorage: 100, iops: 1000 }))).to.equal(cents(100 * 0.125 + 1000 * 0.1));
        expect(cents(storage({ storageType: "gp3", allocatedStorage: 100, iops: 12000, storageThroughput: 500 }))).to.equal(cents(100 * 0.115 + 9000 * 0.02 + 375 * 0.08));
        expect(cents(storage({ storageType: "gp3", allocatedStorage: 400, iops: 12000 }))).to.equal(cents(400 * 0.115));
        expect(estimateStack([db({ storageType: "standard", allocatedStorage: 100 })]).unpriced[0].reason).to.match(/storage type standard/);
    });

    describe("at the ceilings", () => {
        const scalable = { resourceId: "service/c/svc", scalableDimension: "ecs:service:DesiredCount" };
        const service = resource("aws:ecs/service:Service", { launchType: "FARGATE", desiredCount: 1, cluster: "arn:aws:ecs:us-east-1:1:cluster/c", name: "svc" }, { propertyDependencies: { taskDefinition: ["urn:td"] } });
        const target = resource("aws:appautoscaling/target:Target", { ...scalable, minCapacity: 1, maxCapacity: 5 }, { urn: "urn:target" });
        const perTask = 0.024685 * 730;

        it("prices a service at its scalable target's maxCapacity, and at its desired count as it runs", () => {
            expect(estimateStack([taskDefinition, service, target], "ceiling").totalUsd).to.be.closeTo(5 * perTask, 1e-9);
            expect(estimateStack([taskDefinition, service, target]).totalUsd).to.be.closeTo(perTask, 1e-9);
        });

        it("prices a service at a scheduled action's capacity above the target's", () => {
            const action = resource("aws:appautoscaling/scheduledAction:ScheduledAction", { ...scalable, scalableTargetAction: { minCapacity: "20", maxCapacity: "20" } }, { urn: "urn:action" });
            expect(estimateStack([taskDefinition, service, target, action], "ceiling").totalUsd).to.be.closeTo(20 * perTask, 1e-9);
        });

        it("prices a database's storage at its autoscaling maximum, both copies when Multi-AZ", () => {
            const db = resource("aws:rds/instance:Instance", { engine: "postgres", instanceClass: "db.t3.medium", multiAz: true, allocatedStorage: 50, maxAllocatedStorage: 1000 });
            expect(cents(estimateStack([db], "ceiling").totalUsd)).to.equal(cents(2 * 0.072 * 730 + 2 * 1000 * 0.115));
            expect(cents(estimateStack([db]).totalUsd)).to.equal(cents(2 * 0.072 * 730 + 2 * 50 * 0.115));
        });
    });
});
