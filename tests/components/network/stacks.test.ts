/**
 * The network and compute parts of the real program, as the offline engine previews them for
 * each stack: the components wired to each other and to the data stores through index.ts.
 */
import { expect } from "chai";
import { exportedResources, stackPreview } from "../../support/stackPreview";

interface Exported {
    urn: string;
    type: string;
    id?: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    protect?: boolean;
    retainOnDelete?: boolean;
}

function preview(stack: string): Exported[] {
    const run = stackPreview(stack);
    expect(run.code, run.stderr || run.stdout).to.equal(0);
    return exportedResources(run);
}

const ofType = (rs: Exported[], type: string) => rs.filter((r) => r.type === type);
const subnetIds = (rs: Exported[], tier: string) =>
    ofType(rs, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.tags?.Tier === tier).map((s) => s.id);
const named = (rs: Exported[], type: string, suffix: string) => {
    const found = ofType(rs, type).filter((r) => r.urn.endsWith(`::${suffix}`));
    expect(found, `${type} ${suffix}`).to.have.length(1);
    return found[0];
};

describe("prod stack: network and compute as composed", function () {
    this.timeout(300_000);
    let rs: Exported[];
    before(() => { rs = preview("prod"); });

    it("spans three zones with a NAT gateway in each", () => {
        expect(subnetIds(rs, "private")).to.have.length(3);
        expect(ofType(rs, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
    });

    it("runs both services, named as in the guide, in the private subnets without public IPs", () => {
        const services = ofType(rs, "aws:ecs/service:Service");
        expect(services.map((s) => s.inputs.name).sort()).to.deep.equal(["expertconnect-prod-backend", "expertconnect-prod-frontend"]);
        for (const s of services) {
            expect(s.inputs.networkConfiguration.subnets).to.have.members(subnetIds(rs, "private"));
            expect(s.inputs.networkConfiguration.assignPublicIp).to.equal(false);
        }
        expect(named(rs, "aws:ecs/cluster:Cluster", "cluster").inputs.name).to.equal("expertconnect-prod-cluster");
    });

    it("puts the load balancer in the public subnets and the data stores in the isolated ones", () => {
        const alb = named(rs, "aws:lb/loadBalancer:LoadBalancer", "alb");
        expect(alb.inputs.subnets).to.have.members(subnetIds(rs, "public"));
        const isolated = new Set(subnetIds(rs, "isolated"));
        const groups = [...ofType(rs, "aws:rds/subnetGroup:SubnetGroup"), ...ofType(rs, "aws:elasticache/subnetGroup:SubnetGroup")];
        expect(groups).to.have.length(2);
        for (const group of groups) {
            expect(group.inputs.subnetIds, group.urn).to.have.members([...isolated]);
        }
    });

    it("opens only the load balancer's group to the internet, on 80 and 443", () => {
        const albGroup = named(rs, "aws:lb/loadBalancer:LoadBalancer", "alb").inputs.securityGroups[0];
        const open = ofType(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
        expect(open.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort])).to.have.deep.members([[albGroup, 80], [albGroup, 443]]);
    });

    it("lets tasks in from the load balancer only, and PostgreSQL and Redis from the backend tasks only (plus PostgreSQL from its rotation and maintenance functions)", () => {
        const albGroup = named(rs, "aws:lb/loadBalancer:LoadBalancer", "alb").inputs.securityGroups[0];
        const backendGroup = named(rs, "aws:ec2/securityGroup:SecurityGroup", "backend-tasks").id;
        const frontendGroup = named(rs, "aws:ec2/securityGroup:SecurityGroup", "frontend-tasks").id;
        const rules = ofType(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const into = (group: string | undefined) => rules.filter((r) => r.inputs.securityGroupId === group)
            .map((r) => [r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4, r.inputs.fromPort]);
        expect(into(backendGroup)).to.deep.equal([[albGroup, 8000]]);
        expect(into(frontendGroup)).to.deep.equal([[albGroup, 3000]]);
        const dataPorts = rules.filter((r) => [5432, 6379].includes(r.inputs.fromPort));
        const rotationGroup = named(rs, "aws:ec2/securityGroup:SecurityGroup", "database-rotation-function").id;
        const maintenanceGroup = named(rs, "aws:ec2/securityGroup:SecurityGroup", "database-tasks-function").id;
        expect(dataPorts.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]))
            .to.have.deep.members([[backendGroup, 5432], [rotationGroup, 5432], [maintenanceGroup, 5432], [backendGroup, 6379]]);
    });

    it("gives the backend its application settings as secrets by ARN, none in plain environment", () => {
        const td = named(rs, "aws:ecs/taskDefinition:TaskDefinition", "backend-task");
        const [app] = JSON.parse(td.inputs.containerDefinitions);
        const names = app.secrets.map((s: { name: string }) => s.name);
        expect(names).to.include.members(["DJANGO_SECRET_KEY", "REDIS_AUTH_TOKEN", "DATABASE_USER", "DATABASE_AUTH_METHOD"]);
        // The application logs in with IAM tokens as its own role: no database password at all.
        expect(names).to.not.include("DATABASE_PASSWORD");
        for (const s of app.secrets) expect(s.valueFrom).to.match(/^arn:aws:(secretsmanager|ssm):us-east-1:/);
        for (const e of app.environment) expect(e.name).to.not.match(/SECRET|PASSWORD|TOKEN|KEY/);
    });

    it("pins the count of network and compute resources per type, so an accidental removal shows", () => {
        const expected: Record<string, number> = {
            "aws:ec2/vpc:Vpc": 1, "aws:ec2/subnet:Subnet": 9, "aws:ec2/internetGateway:InternetGateway": 1,
            "aws:ec2/natGateway:NatGateway": 3, "aws:ec2/eip:Eip": 3, "aws:ec2/routeTable:RouteTable": 5, "aws:ec2/route:Route": 4,
            "aws:ec2/vpcEndpoint:VpcEndpoint": 7, "aws:ec2/flowLog:FlowLog": 1, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
            "aws:ecs/cluster:Cluster": 1, "aws:ecs/service:Service": 2, "aws:ecs/taskDefinition:TaskDefinition": 2,
            "aws:lb/loadBalancer:LoadBalancer": 1, "aws:lb/listener:Listener": 2, "aws:lb/listenerRule:ListenerRule": 4,
            "aws:lb/targetGroup:TargetGroup": 2, "aws:ecr/repository:Repository": 2,
            "aws:appautoscaling/target:Target": 2, "aws:appautoscaling/policy:Policy": 4,
        };
        const actual = Object.fromEntries(Object.keys(expected).map((t) => [t, ofType(rs, t).length]));
        expect(actual).to.deep.equal(expected);
    });

    it("keeps the audit log groups and the access-log bucket through a destroy, and retains the service logs", () => {
        const groups = ofType(rs, "aws:cloudwatch/logGroup:LogGroup");
        const group = (name: string) => groups.find((g) => g.inputs.name === name)!;
        for (const name of ["/vpc/expertconnect-prod-flow-logs", "/ecs/expertconnect-prod-cluster/execute-command"]) {
            expect(group(name), name).to.include({ protect: true, retainOnDelete: true });
        }
        for (const name of ["/ecs/expertconnect-prod-backend", "/ecs/expertconnect-prod-frontend"]) {
            expect(group(name).retainOnDelete, name).to.equal(true);
        }
        const bucket = ofType(rs, "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === "expertconnect-prod-alb-logs")!;
        expect(bucket).to.include({ protect: true, retainOnDelete: true });
        expect(bucket.inputs.forceDestroy).to.equal(false);
    });

    it("creates the image repositories the guide pushes to, protected", () => {
        const repos = ofType(rs, "aws:ecr/repository:Repository");
        expect(repos.map((r) => r.inputs.name).sort()).to.deep.equal(["expertconnect-backend", "expertconnect-frontend"]);
        for (const r of repos) expect(r.protect, r.urn).to.equal(true);
    });
});

describe("dr stack: network and compute as composed", function () {
    this.timeout(300_000);
    let rs: Exported[];
    before(() => { rs = preview("dr"); });

    it("spans two zones behind a single NAT gateway", () => {
        expect(subnetIds(rs, "private")).to.have.length(2);
        expect(ofType(rs, "aws:ec2/natGateway:NatGateway")).to.have.length(1);
    });

    it("runs the services as a pilot light from prod's replicated images, creating no repository", () => {
        expect(ofType(rs, "aws:ecr/repository:Repository")).to.deep.equal([]);
        const services = ofType(rs, "aws:ecs/service:Service");
        expect(services).to.have.length(2);
        for (const s of services) expect(s.inputs.desiredCount, s.inputs.name).to.equal(0);
        const [app] = JSON.parse(named(rs, "aws:ecs/taskDefinition:TaskDefinition", "backend-task").inputs.containerDefinitions);
        expect(app.image).to.match(/^\d{12}\.dkr\.ecr\.us-west-2\.amazonaws\.com\/expertconnect-backend:/);
    });

    it("names the cluster and services for the dr environment", () => {
        expect(named(rs, "aws:ecs/cluster:Cluster", "cluster").inputs.name).to.equal("expertconnect-dr-cluster");
        expect(ofType(rs, "aws:ecs/service:Service").map((s) => s.inputs.name).sort()).to.deep.equal(["expertconnect-dr-backend", "expertconnect-dr-frontend"]);
    });
});
