/**
 * The architecture model behind the HTML report, on a small hand-made pair of stacks: what
 * becomes a node, what folds into it, which edges and cross-region links are drawn, and where
 * a violation shows.
 */
import { expect } from "chai";
import { EngineResource } from "../../tools/engine/model";
import { buildArchitecture, memberKey, StackView } from "../../tools/engine/report/html/architecture";
import { secret } from "../../tools/engine/wire";

const ACCOUNT = "123456789012";

function res(stack: string, type: string, name: string, parent: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, id?: string): EngineResource {
    const short = type.split(":").pop();
    return {
        urn: `urn:pulumi:${stack}::p::${type}::${name}`, type, name, custom: !type.startsWith("expertconnect:"), id,
        parent, dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, ignoreChanges: [],
        deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [], aliases: [], external: false,
        inputs, outputs: { ...inputs, ...outputs, ...(short ? {} : {}) },
    };
}

function prodStack(): EngineResource[] {
    const root = "urn:pulumi:prod::p::pulumi:pulumi:Stack::p-prod";
    const c = (name: string, type: string) => res("prod", type, name, root, {});
    const alb = c("alb", "expertconnect:compute:LoadBalancer");
    const db = c("database", "expertconnect:data:Database");
    const svc = c("backend", "expertconnect:compute:Service");
    const data = c("data", "expertconnect:data:Buckets");
    const dbArn = `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod-db`;
    const tgArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/backend/1`;
    const lbArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/alb/1`;
    return [
        { ...res("prod", "pulumi:pulumi:Stack", "p-prod", "", {}), urn: root },
        res("prod", "pulumi:providers:aws", "default_7", "", { region: "us-east-1" }),
        alb, db, svc, data,
        res("prod", "aws:ec2/securityGroup:SecurityGroup", "alb-sg", alb.urn, {}, {}, "sg-alb"),
        res("prod", "aws:ec2/securityGroup:SecurityGroup", "backend-sg", svc.urn, {}, {}, "sg-backend"),
        res("prod", "aws:ec2/securityGroup:SecurityGroup", "database-sg", db.urn, {}, {}, "sg-db"),
        res("prod", "aws:lb/loadBalancer:LoadBalancer", "alb", alb.urn, { securityGroups: ["sg-alb"] }, { arn: lbArn }, lbArn),
        res("prod", "aws:lb/targetGroup:TargetGroup", "alb-backend", alb.urn, { port: 8000 }, { arn: tgArn }, tgArn),
        res("prod", "aws:lb/listener:Listener", "alb-https", alb.urn,
            { certificateArn: "arn:aws:acm:us-east-1:1:certificate/x", defaultActions: [{ targetGroupArn: tgArn }], loadBalancerArn: lbArn }),
        res("prod", "aws:ecs/taskDefinition:TaskDefinition", "backend-task", svc.urn,
            { containerDefinitions: JSON.stringify([{ image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/backend:1`, environment: [{ name: "DATABASE_PASSWORD", value: "x" }] }]) },
            { arn: "arn:aws:ecs:us-east-1:1:task-definition/backend:1" }),
        res("prod", "aws:ecs/service:Service", "backend-service", svc.urn,
            { taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/backend:1", loadBalancers: [{ targetGroupArn: tgArn }], networkConfiguration: { securityGroups: ["sg-backend"] } }),
        res("prod", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "backend-from-alb", svc.urn,
            { securityGroupId: "sg-backend", referencedSecurityGroupId: "sg-alb", fromPort: 8000, toPort: 8000 }),
        res("prod", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-backend", db.urn,
            { securityGroupId: "sg-db", referencedSecurityGroupId: "sg-backend", fromPort: 5432, toPort: 5432 }),
        res("prod", "aws:rds/instance:Instance", "database", db.urn,
            { vpcSecurityGroupIds: ["sg-db"], password: secret("hunter2-plaintext") }, { arn: dbArn }, "prod-db"),
        res("prod", "aws:s3/bucket:Bucket", "data-static", data.urn, { bucket: "prod-static" }, { arn: "arn:aws:s3:::prod-static" }, "prod-static"),
        res("prod", "aws:s3/bucketVersioning:BucketVersioning", "data-static-versioning", data.urn, { bucket: "prod-static" }),
        res("prod", "aws:s3/bucket:Bucket", "data-static-replica", data.urn,
            { bucket: "prod-static-us-west-2", region: "us-west-2" }, { arn: "arn:aws:s3:::prod-static-us-west-2" }, "prod-static-us-west-2"),
        res("prod", "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-static-replication", data.urn,
            { bucket: "prod-static", rules: [{ destination: { bucket: "arn:aws:s3:::prod-static-us-west-2" } }] }),
        res("prod", "aws:ec2/subnet:Subnet", "network-private-0", data.urn, {}),
        res("prod", "aws:ec2/subnet:Subnet", "network-private-1", data.urn, {}),
        res("prod", "aws:ecr/replicationConfiguration:ReplicationConfiguration", "images-registry", data.urn,
            { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: ACCOUNT }] }] } }),
    ];
}

function drStack(): EngineResource[] {
    const root = "urn:pulumi:dr::p::pulumi:pulumi:Stack::p-dr";
    const db = res("dr", "expertconnect:data:Database", "database", root, {});
    const svc = res("dr", "expertconnect:compute:Service", "backend", root, {});
    return [
        { ...res("dr", "pulumi:pulumi:Stack", "p-dr", "", {}), urn: root },
        res("dr", "pulumi:providers:aws", "default_7", "", { region: "us-west-2" }),
        db, svc,
        res("dr", "aws:rds/instance:Instance", "database", db.urn,
            { replicateSourceDb: `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod-db` }, { arn: `arn:aws:rds:us-west-2:${ACCOUNT}:db:dr-db` }, "dr-db"),
        res("dr", "aws:ecs/taskDefinition:TaskDefinition", "backend-task", svc.urn,
            { containerDefinitions: JSON.stringify([{ image: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/backend:1` }]) },
            { arn: "arn:aws:ecs:us-west-2:1:task-definition/backend:1" }),
        res("dr", "aws:ecs/service:Service", "backend-service", svc.urn, { taskDefinition: "arn:aws:ecs:us-west-2:1:task-definition/backend:1" }),
    ];
}

function views(violations: StackView["violations"] = []): StackView[] {
    return [
        { stack: "prod", region: "us-east-1", resources: prodStack(), violations, remediation: { "s3-versioning": "Enable versioning." } },
        { stack: "dr", region: "us-west-2", resources: drStack(), violations: [] },
    ];
}

function nodeNamed(model: ReturnType<typeof buildArchitecture>, stack: string, name: string) {
    const s = model.stacks.find((x) => x.stack === stack)!;
    return s.regions.flatMap((r) => r.components.flatMap((c) => c.nodes.map((n) => ({ ...n, region: r.region, component: c.name }))))
        .find((n) => n.name === name || n.name.startsWith(`${name} ×`));
}

describe("HTML report: architecture model", () => {
    it("groups by stack, region (a resource's own region input first) and top-level component", () => {
        const model = buildArchitecture(views());
        const prod = model.stacks[0];
        expect(prod.regions.map((r) => r.region)).to.deep.equal(["us-east-1", "us-west-2"]);
        expect(nodeNamed(model, "prod", "data-static-replica")).to.include({ region: "us-west-2", component: "data" });
        expect(nodeNamed(model, "prod", "database")).to.include({ region: "us-east-1", component: "database", layer: "data" });
        expect(nodeNamed(model, "dr", "database")).to.include({ region: "us-west-2" });
    });

    it("folds configuration resources into the node they configure", () => {
        const model = buildArchitecture(views());
        const names = (n: string) => nodeNamed(model, "prod", n)!.resources.map((r) => r.name);
        expect(names("alb")).to.include("alb-https");
        expect(names("backend-service")).to.include("backend-task");
        expect(names("data-static")).to.include("data-static-versioning");
    });

    it("merges indexed members into one node with a count", () => {
        expect(memberKey("network-private-2")).to.equal("network-private");
        const node = nodeNamed(buildArchitecture(views()), "prod", "network-private");
        expect(node!.name).to.equal("network-private ×2");
    });

    it("draws load balancer → target group → service → database from references and security-group rules", () => {
        const model = buildArchitecture(views());
        const prod = model.stacks[0];
        const id = (n: string) => nodeNamed(model, "prod", n)!.id;
        const edges = prod.edges.map((e) => `${e.from}>${e.to}`);
        expect(edges).to.include(`${id("alb")}>${id("alb-backend")}`);
        expect(edges).to.include(`${id("alb-backend")}>${id("backend-service")}`);
        expect(edges).to.include(`${id("backend-service")}>${id("database")}`);
        expect(prod.edges.find((e) => e.to === id("database"))!.label).to.equal("tcp 5432");
    });

    it("links regions: database replica, static replication and image replication", () => {
        const model = buildArchitecture(views());
        const links = model.links.map((l) => `${l.label}: ${l.from.split("/").pop()} -> ${l.to.split("/").slice(0, 1)}/${l.to.split("/").pop()}`);
        expect(links).to.include.members([
            "database replica: aws_rds_instance_Instance_database -> dr/aws_rds_instance_Instance_database",
            "static replication: aws_s3_bucketReplicationConfig_BucketReplicationConfig_data-static-replication -> prod/aws_s3_bucket_Bucket_data-static-replica",
            "image replication: aws_ecr_replicationConfiguration_ReplicationConfiguration_images-registry -> dr/aws_ecs_service_Service_backend-service",
        ]);
        expect(model.links.every((l) => l.from.split("/")[1] !== l.to.split("/")[1] || l.from.split("/")[0] !== l.to.split("/")[0]),
            "a link joins two regions").to.equal(true);
    });

    it("shows a violation on the node that stands for the resource, with its remediation", () => {
        const urn = prodStack().find((r) => r.name === "data-static-versioning")!.urn;
        const model = buildArchitecture(views([{ policyName: "s3-versioning", enforcementLevel: "mandatory", severity: "high", message: "off", urn }]));
        const bucket = nodeNamed(model, "prod", "data-static")!;
        expect(bucket.status).to.equal("mandatory");
        expect(bucket.resources.find((r) => r.name === "data-static-versioning")!.violations[0]).to.include({ policyName: "s3-versioning", remediation: "Enable versioning." });
        expect(model.stacks[0].status).to.equal("mandatory");
        expect(model.stacks[1].status).to.equal("ok");
    });

    it("keeps advisory below mandatory and stack-level violations on the stack", () => {
        const model = buildArchitecture(views([
            { policyName: "a", enforcementLevel: "advisory", severity: "low", message: "m", urn: prodStack().find((r) => r.name === "alb")!.urn + "x" },
            { policyName: "b", enforcementLevel: "advisory", severity: "low", message: "m", urn: "" },
        ]));
        expect(model.stacks[0].stackViolations.map((v) => v.policyName)).to.deep.equal(["a", "b"]);
        expect(model.stacks[0].status).to.equal("advisory");
    });

    it("never puts a secret's value in the page", () => {
        const model = buildArchitecture(views());
        expect(JSON.stringify(model)).not.to.contain("hunter2-plaintext");
        expect((nodeNamed(model, "prod", "database")!.resources[0].inputs as any).password).to.equal("[secret]");
    });
});
