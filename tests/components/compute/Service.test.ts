import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DeployRevision, Service, ServiceArgs } from "../../../components/compute/Service";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/django-secret-key-AbCdEf";
const PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/redis-host";
const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/alb-backend/0123456789abcdef";
const EXEC_LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/expertconnect-prod-cluster/execute-command";

function args(overrides: Partial<ServiceArgs> = {}): ServiceArgs {
    return {
        name: "backend", tags,
        cluster: { name: "expertconnect-prod-cluster", arn: "arn:aws:ecs:us-east-1:123456789012:cluster/expertconnect-prod-cluster", execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY },
        loadBalancer: { targetGroupArn: TG, securityGroupId: "sg-alb", ready: [] },
        vpcId: "vpc-1", subnetIds: ["subnet-p1", "subnet-p2", "subnet-p3"], containerPort: 8000, imageTag: "v1.2.3",
        cpu: 1024, memory: 2048, desiredCount: 2, scaling: { min: 1, max: 5, cpuTargetPercent: 70, memoryTargetPercent: 75 },
        environment: { DJANGO_SETTINGS_MODULE: "expertconnect.settings.prod" },
        secrets: [{ name: "DJANGO_SECRET_KEY", valueFrom: SECRET }, { name: "REDIS_HOST", valueFrom: PARAM }],
        secretKmsKeyArns: [KEY],
        taskRoleStatements: [{ Sid: "ReadStatic", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" }],
        healthCheckCommand: ["CMD", "true"], xray: true, logRetentionDays: 90, logsKmsKeyArn: KEY,
        egress: [
            { description: "HTTPS out", port: 443, cidrBlocks: ["0.0.0.0/0"] },
            { description: "PostgreSQL", port: 5432, cidrBlocks: ["10.0.112.0/22", "10.0.116.0/22"] },
        ],
        ...overrides,
    };
}

async function build(overrides: Partial<ServiceArgs> = {}): Promise<{ mocks: MockHarness; svc: Service }> {
    const mocks = installMocks({ stack: "prod", region: "us-east-1" });
    const svc = new Service("backend", args(overrides));
    await settle();
    return { mocks, svc };
}

const policyOf = (mocks: MockHarness, name: string) => JSON.parse(mocks.one("aws:iam/rolePolicy:RolePolicy", name).inputs.policy);

describe("Service (backend)", () => {
    let mocks: MockHarness;
    let svc: Service;
    let ecs: RecordedResource;
    before(async () => {
        ({ mocks, svc } = await build());
        ecs = mocks.one("aws:ecs/service:Service");
    });

    it("creates the repository the guide pushes to: scanned, immutable, KMS, lifecycle, protected", () => {
        const repo = mocks.one("aws:ecr/repository:Repository");
        expect(repo.inputs).to.deep.include({
            name: "expertconnect-backend", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS" }], forceDelete: false,
        });
        expect(repo.protect).to.equal(true);
        expect(repo.retainOnDelete).to.equal(true);
        const rules = JSON.parse(mocks.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy).rules;
        expect(rules.map((r: any) => r.selection.tagStatus)).to.deep.equal(["untagged", "tagged"]);
    });

    it("logs to /ecs/expertconnect-prod-backend with retention and KMS, protected and kept on destroy", () => {
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.include({ name: "/ecs/expertconnect-prod-backend", retentionInDays: 90, kmsKeyId: KEY });
        expect(group).to.include({ protect: true, retainOnDelete: true });
    });

    it("defines a Fargate task family expertconnect-prod-backend with the configured size", () => {
        const td = mocks.one("aws:ecs/taskDefinition:TaskDefinition");
        expect(td.inputs).to.deep.include({
            family: "expertconnect-prod-backend", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "1024", memory: "2048",
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" }, volumes: [{ name: "tmp" }, { name: "managed-agents" }, { name: "var-lib-amazon-ssm" }, { name: "var-log-amazon-ssm" }],
        });
        const roles = mocks.ofType("aws:iam/role:Role");
        expect(td.inputs.executionRoleArn).to.equal(roles.find((r) => r.name === "backend-roles-execution")!.outputs.arn);
        expect(td.inputs.taskRoleArn).to.equal(roles.find((r) => r.name === "backend-roles-task")!.outputs.arn);
        expect(td.inputs.executionRoleArn).to.not.equal(td.inputs.taskRoleArn);
    });

    it("runs the container `backend` from the repository at the configured tag, secrets by reference", () => {
        const [app, xray] = JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        expect(app).to.deep.include({
            name: "backend", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.2.3",
            user: "1000:1000", readonlyRootFilesystem: true, privileged: false,
        });
        expect(app.secrets).to.deep.equal([{ name: "DJANGO_SECRET_KEY", valueFrom: SECRET }, { name: "REDIS_HOST", valueFrom: PARAM }]);
        expect(app.environment).to.deep.equal([{ name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.prod" }]);
        expect(app.logConfiguration.options["awslogs-group"]).to.equal("/ecs/expertconnect-prod-backend");
        expect(xray.name).to.equal("xray-daemon");
    });

    it("runs the ECS service expertconnect-prod-backend privately behind its target group", () => {
        expect(ecs.inputs).to.deep.include({
            name: "expertconnect-prod-backend", cluster: args().cluster.arn, desiredCount: 2, launchType: "FARGATE",
            loadBalancers: [{ targetGroupArn: TG, containerName: "backend", containerPort: 8000 }],
        });
        expect(ecs.inputs.networkConfiguration).to.deep.equal({
            subnets: ["subnet-p1", "subnet-p2", "subnet-p3"], securityGroups: [mocks.one("aws:ec2/securityGroup:SecurityGroup").id], assignPublicIp: false,
        });
    });

    it("rolls back failed deployments, keeps full capacity during rollouts and waits for steady state", () => {
        expect(ecs.inputs).to.deep.include({
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200, healthCheckGracePeriodSeconds: 60, waitForSteadyState: true,
        });
    });

    it("enables ECS Exec, propagates tags, and leaves desiredCount to auto scaling after creation", () => {
        expect(ecs.inputs).to.include({ enableExecuteCommand: true, propagateTags: "SERVICE", enableEcsManagedTags: true });
        expect(ecs.ignoreChanges).to.deep.equal(["desiredCount"]);
    });

    it("starts tasks only after the task roles' policies exist", () => {
        const policies = mocks.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => p.urn);
        expect(ecs.dependencies).to.include.members(policies);
    });

    it("scales 1..5 with the guide's CPU policy name and a memory policy", () => {
        const target = mocks.one("aws:appautoscaling/target:Target");
        expect(target.inputs).to.include({
            serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/expertconnect-prod-cluster/expertconnect-prod-backend", minCapacity: 1, maxCapacity: 5,
        });
        const policies = mocks.ofType("aws:appautoscaling/policy:Policy");
        expect(policies.map((p) => [p.inputs.name, p.inputs.policyType, p.inputs.resourceId,
            p.inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType,
            p.inputs.targetTrackingScalingPolicyConfiguration.targetValue])).to.deep.equal([
            ["cpu-tracking-scaling-policy", "TargetTrackingScaling", target.inputs.resourceId, "ECSServiceAverageCPUUtilization", 70],
            ["memory-tracking-scaling-policy", "TargetTrackingScaling", target.inputs.resourceId, "ECSServiceAverageMemoryUtilization", 75],
        ]);
    });

    it("lets tasks accept the load balancer only, on the container port, and gives the ALB the matching egress", () => {
        const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup");
        const ingress = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(ingress.map((r) => r.inputs)).to.deep.equal([{
            securityGroupId: sg.id, referencedSecurityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 8000, toPort: 8000,
            description: "Load balancer to backend on 8000", tags: ingress[0].inputs.tags,
        }]);
        const egress = mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        const albEgress = egress.filter((r) => r.inputs.securityGroupId === "sg-alb");
        expect(albEgress.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort])).to.deep.equal([[sg.id, 8000]]);
    });

    it("lets tasks out only as configured", () => {
        const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup");
        const egress = mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === sg.id);
        expect(egress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort])).to.deep.equal([
            ["0.0.0.0/0", 443, 443], ["10.0.112.0/22", 5432, 5432], ["10.0.116.0/22", 5432, 5432],
        ]);
    });

    it("lets the execution role read exactly the task's secrets and pull from its repository", () => {
        const doc = policyOf(mocks, "backend-roles-execution-policy");
        const sid = (s: string) => doc.Statement.find((x: any) => x.Sid === s);
        expect(sid("ReadSecrets").Resource).to.deep.equal([SECRET]);
        expect(sid("ReadParameters").Resource).to.deep.equal([PARAM]);
        expect(sid("PullImage").Resource).to.equal("arn:aws:ecr:us-east-1:123456789012:repository/expertconnect-backend");
        expect(sid("WriteLogs").Resource).to.equal(`${mocks.one("aws:cloudwatch/logGroup:LogGroup").outputs.arn}:*`);
    });

    it("gives the task role the app's statements, ECS Exec and X-Ray, and no secret access", () => {
        const doc = policyOf(mocks, "backend-roles-task-policy");
        const actions = doc.Statement.flatMap((s: any) => [s.Action].flat());
        expect(actions).to.include.members(["s3:GetObject", "ssmmessages:CreateControlChannel", "ssmmessages:OpenDataChannel", "xray:PutTraceSegments"]);
        expect(actions).to.not.include("secretsmanager:GetSecretValue");
        const trust = JSON.parse(mocks.one("aws:iam/role:Role", "backend-roles-task").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "ecs-tasks.amazonaws.com" });
    });

    it("tags every taggable resource with the service as component", () => {
        const untaggable = new Set(["aws:iam/rolePolicy:RolePolicy", "aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:appautoscaling/policy:Policy"]);
        const taggable = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:") && !untaggable.has(r.type));
        expect(taggable.length).to.be.greaterThan(10);
        for (const r of taggable) expect(r.inputs.tags, `${r.type} ${r.name}`).to.include({ Project: "expertconnect", Environment: "prod", Component: "backend" });
    });

    it("exposes what operators and other components need", async () => {
        expect(await valueOf(svc.serviceName)).to.equal("expertconnect-prod-backend");
        expect(await valueOf(svc.clusterName)).to.equal("expertconnect-prod-cluster");
        expect(await valueOf(svc.taskDefinitionFamily)).to.equal("expertconnect-prod-backend");
        expect(await valueOf(svc.logGroupName)).to.equal("/ecs/expertconnect-prod-backend");
        expect(await valueOf(svc.securityGroupId)).to.equal(mocks.one("aws:ec2/securityGroup:SecurityGroup").id);
        expect(svc.containerName).to.equal("backend");
        // The release the stack publishes (index.ts `releases`) is the image the task definition runs.
        const [app] = JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        expect(await valueOf(svc.image)).to.equal(app.image).and.to.match(/\/expertconnect-backend:v1\.2\.3$/);
    });
});

describe("Service with a replicated repository (dr pilot light)", () => {
    let mocks: MockHarness;
    before(async () => ({ mocks } = await build({
        repositoryUrl: "123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend",
        desiredCount: 0, scaling: { min: 0, max: 5, cpuTargetPercent: 70, memoryTargetPercent: 75 }, xray: false, secrets: [], secretKmsKeyArns: [],
    })));

    it("creates no repository and pulls from the one given", () => {
        expect(mocks.ofType("aws:ecr/repository:Repository")).to.deep.equal([]);
        const [app] = JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        expect(app.image).to.equal("123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.2.3");
        const doc = policyOf(mocks, "backend-roles-execution-policy");
        expect(doc.Statement.find((s: any) => s.Sid === "PullImage").Resource).to.equal("arn:aws:ecr:us-west-2:123456789012:repository/expertconnect-backend");
    });

    it("starts with zero tasks and no X-Ray sidecar or permission", () => {
        expect(mocks.one("aws:ecs/service:Service").inputs.desiredCount).to.equal(0);
        expect(mocks.one("aws:appautoscaling/target:Target").inputs.minCapacity).to.equal(0);
        expect(JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)).to.have.length(1);
        const actions = policyOf(mocks, "backend-roles-task-policy").Statement.flatMap((s: any) => [s.Action].flat());
        expect(actions.filter((a: string) => a.startsWith("xray:"))).to.deep.equal([]);
    });
});

describe("Service with a security group created beforehand and computed secrets", () => {
    let mocks: MockHarness;
    before(async () => ({ mocks } = await build({
        securityGroupId: "sg-backend",
        secrets: pulumi.output([{ name: "DATABASE_PASSWORD", valueFrom: `${SECRET}:password::` }]),
    })));

    it("creates no security group and admits the load balancer into the given one", () => {
        expect(mocks.ofType("aws:ec2/securityGroup:SecurityGroup")).to.deep.equal([]);
        const ingress = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(ingress.inputs).to.include({ securityGroupId: "sg-backend", referencedSecurityGroupId: "sg-alb", fromPort: 8000 });
        expect(mocks.one("aws:ecs/service:Service").inputs.networkConfiguration.securityGroups).to.deep.equal(["sg-backend"]);
    });

    it("injects the resolved secrets and lets the execution role read the secret behind a JSON-key reference", () => {
        const [app] = JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        expect(app.secrets).to.deep.equal([{ name: "DATABASE_PASSWORD", valueFrom: `${SECRET}:password::` }]);
        const doc = policyOf(mocks, "backend-roles-execution-policy");
        expect(doc.Statement.find((s: any) => s.Sid === "ReadSecrets").Resource).to.deep.equal([SECRET]);
    });
});

describe("Service with a step before each deployment", () => {
    let mocks: MockHarness;
    let revisions: DeployRevision[];
    before(async () => {
        revisions = [];
        ({ mocks } = await build({
            securityGroupId: "sg-backend",
            beforeDeploy: (revision) => {
                revisions.push(revision);
                return [new aws.sns.Topic("backend-before-deploy", {})];
            },
        }));
    });

    it("hands the step the new task definition and where its tasks run", async () => {
        expect(revisions).to.have.length(1);
        const [r] = revisions;
        expect(await valueOf(r.taskDefinitionArn)).to.equal(mocks.one("aws:ecs/taskDefinition:TaskDefinition").outputs.arn);
        expect(await valueOf(r.securityGroupId)).to.equal("sg-backend");
        expect(await valueOf(r.logGroupName)).to.equal("/ecs/expertconnect-prod-backend");
        expect(r.containerName).to.equal("backend");
    });

    it("declares the ECS service only after the step", () => {
        expect(mocks.one("aws:ecs/service:Service").dependencies).to.include(mocks.one("aws:sns/topic:Topic").urn);
    });
});

describe("Service with data loss allowed", () => {
    it("leaves the repository unprotected and force-deletable and the log group deletable, only when asked", async () => {
        const { mocks } = await build({ allowDataLoss: true });
        const repo = mocks.one("aws:ecr/repository:Repository");
        expect(repo.protect).to.equal(false);
        expect(repo.retainOnDelete).to.equal(false);
        expect(repo.inputs.forceDelete).to.equal(true);
        expect(mocks.one("aws:cloudwatch/logGroup:LogGroup")).to.include({ protect: false, retainOnDelete: false });
    });
});

describe("Service task size", () => {
    it("refuses a task that leaves the app less than its process needs after the X-Ray sidecar, before registering anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        // 512 CPU / 1024 MiB: Django keeps 768 MiB after the daemon's 256 (it needs 1024).
        expect(() => new Service("backend", args({ cpu: 512, memory: 1024 })))
            .to.throw(/expertconnect-prod-backend: task size 512 CPU \/ 1024 MiB with the X-Ray sidecar: container backend \(Django under gunicorn\) keeps 768 MiB .*xray-daemon 256 MiB.*needs 1024 MiB/);
        expect(() => new Service("backend", args({ cpu: 1024, memory: 1000 }))).to.throw(/Fargate has no 1024 CPU \/ 1000 MiB task/);
        expect(mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:"))).to.deep.equal([]);
    });

    it("accepts the same size without the sidecar, and any size for a service whose needs are not stated", () => {
        installMocks({ stack: "prod", region: "us-east-1" });
        expect(() => new Service("backend", args({ cpu: 512, memory: 1024, xray: false }))).to.not.throw();
        expect(() => new Service("worker", args({ name: "worker", cpu: 256, memory: 512 }))).to.not.throw();
    });

    it("gives the app container the task's CPU less the sidecar's", async () => {
        const { mocks } = await build({ cpu: 2048, memory: 4096 });
        const [app, xray] = JSON.parse(mocks.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        expect([app.cpu, xray.cpu]).to.deep.equal([2016, 32]);
    });
});

describe("Service argument errors", () => {
    it("refuses a desiredCount outside the scaling range before registering anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        expect(() => new Service("backend", args({ desiredCount: 9 }))).to.throw(/expertconnect-prod-backend: desiredCount 9; allowed: from min 1 to max 5/);
        expect(() => new Service("backend", args({ environment: { JWT_SECRET_KEY: "plain" } }))).to.throw(/JWT_SECRET_KEY looks like a credential/);
        expect(() => new Service("backend", args({ scaling: { min: 1, max: 5, cpuTargetPercent: 70, memoryTargetPercent: 120 } })))
            .to.throw(/memory target 120; allowed: a percentage above 0 and at most 100/);
        expect(mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:"))).to.deep.equal([]);
    });
});
