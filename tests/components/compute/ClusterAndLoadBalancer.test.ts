import { expect } from "chai";
import { Cluster } from "../../../components/compute/Cluster";
import { expertConnectRoutes } from "../../../components/compute/listenerRules";
import { LoadBalancer, LoadBalancerArgs } from "../../../components/compute/LoadBalancer";
import { installMocks, MockHarness, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

function lbArgs(overrides: Partial<LoadBalancerArgs> = {}): LoadBalancerArgs {
    return {
        namePrefix: "expertconnect-prod", tags, vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        certificateArn: CERT, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", deletionProtection: true,
        targets: { backend: { port: 8000, healthCheckPath: "/api/health/" }, frontend: { port: 3000, healthCheckPath: "/" } },
        defaultTarget: "frontend", pathRoutes: expertConnectRoutes, accessLogBucketName: "expertconnect-prod-alb-logs",
        accessLogRetentionDays: 365, ...overrides,
    };
}

describe("Cluster", () => {
    let mocks: MockHarness;
    let cluster: Cluster;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        cluster = new Cluster("cluster", { tags, kmsKeyArn: KEY, execLogRetentionDays: 365 });
        await settle();
    });

    it("is named as the guide's commands expect, with enhanced Container Insights", () => {
        const c = mocks.one("aws:ecs/cluster:Cluster");
        expect(c.inputs.name).to.equal("expertconnect-prod-cluster");
        expect(c.inputs.settings).to.deep.equal([{ name: "containerInsights", value: "enhanced" }]);
        expect(c.inputs.tags).to.include({ Project: "expertconnect", Environment: "prod", Component: "compute" });
    });

    it("encrypts ECS Exec sessions and logs them to a protected, encrypted audit log group", async () => {
        const exec = mocks.one("aws:ecs/cluster:Cluster").inputs.configuration.executeCommandConfiguration;
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(exec).to.deep.equal({
            kmsKeyId: KEY, logging: "OVERRIDE",
            logConfiguration: { cloudWatchLogGroupName: "/ecs/expertconnect-prod-cluster/execute-command", cloudWatchEncryptionEnabled: true },
        });
        expect(group.inputs).to.include({ name: "/ecs/expertconnect-prod-cluster/execute-command", retentionInDays: 365, kmsKeyId: KEY });
        expect(group.protect).to.equal(true);
        expect(group.retainOnDelete).to.equal(true);
        expect(await valueOf(cluster.execLogGroupArn)).to.equal(group.outputs.arn);
    });
});

describe("LoadBalancer", () => {
    let mocks: MockHarness;
    let lb: LoadBalancer;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        lb = new LoadBalancer("alb", lbArgs());
        await settle();
    });
    const listener = (port: number) => mocks.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === port)!;
    const group = (port: number) => mocks.ofType("aws:lb/targetGroup:TargetGroup").find((g) => g.inputs.port === port)!;

    it("is a public ALB in the public subnets that drops invalid headers, appends the client to X-Forwarded-For and refuses deletion", () => {
        const alb = mocks.one("aws:lb/loadBalancer:LoadBalancer");
        expect(alb.inputs).to.deep.include({
            name: "expertconnect-prod-alb", loadBalancerType: "application", internal: false,
            subnets: ["subnet-a", "subnet-b", "subnet-c"], dropInvalidHeaderFields: true, enableDeletionProtection: true, idleTimeout: 60,
            desyncMitigationMode: "defensive", xffHeaderProcessingMode: "append", enableXffClientPort: false,
        });
        expect(alb.inputs.securityGroups).to.deep.equal([mocks.one("aws:ec2/securityGroup:SecurityGroup").id]);
    });

    it("opens its security group to the internet on 80 and 443 only", () => {
        const rules = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup");
        expect(rules.map(({ inputs: { tags: _tags, description: _d, ...rest } }) => rest)).to.deep.equal([
            { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" },
            { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
        ]);
        for (const r of rules) expect(r.inputs.description).to.be.a("string").and.not.be.empty;
    });

    it("terminates TLS with the configured certificate and policy, forwarding to the frontend by default", () => {
        const https = listener(443);
        expect(https.inputs).to.deep.include({ protocol: "HTTPS", certificateArn: CERT, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
        expect(https.inputs.defaultActions).to.deep.equal([{ type: "forward", targetGroupArn: group(3000).id }]);
    });

    it("adds the design's HSTS and nosniff to every HTTPS response, and no response header on port 80", () => {
        expect(listener(443).inputs).to.deep.include({
            routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
            routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
        });
        expect(Object.keys(listener(80).inputs).filter((k) => k.startsWith("routingHttp"))).to.deep.equal([]);
    });

    it("only redirects port 80 to HTTPS with a 301", () => {
        const http = listener(80);
        expect(http.inputs.protocol).to.equal("HTTP");
        expect(http.inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const rulesOnHttp = mocks.ofType("aws:lb/listenerRule:ListenerRule").filter((r) => r.inputs.listenerArn === http.id);
        expect(rulesOnHttp).to.deep.equal([]);
    });

    it("routes /api/*, /admin/* and /static/* to the backend on the HTTPS listener", () => {
        const rules = mocks.ofType("aws:lb/listenerRule:ListenerRule");
        expect(rules.map((r) => [r.inputs.listenerArn, r.inputs.priority, r.inputs.conditions[0].pathPattern.values, r.inputs.actions[0].targetGroupArn])).to.deep.equal([
            [listener(443).id, 100, ["/api/*"], group(8000).id],
            [listener(443).id, 110, ["/admin/*"], group(8000).id],
            [listener(443).id, 120, ["/static/*"], group(8000).id],
        ]);
    });

    it("has IP target groups with the configured health-check paths and a short deregistration delay", () => {
        expect(group(8000).inputs).to.deep.include({ targetType: "ip", protocol: "HTTP", deregistrationDelay: 30 });
        expect(group(8000).inputs.healthCheck).to.include({ path: "/api/health/", matcher: "200-399", enabled: true });
        expect(group(3000).inputs.healthCheck.path).to.equal("/");
    });

    it("writes access logs to an SSE-S3 bucket that the regional ELB account may write this account's prefix of", () => {
        const alb = mocks.one("aws:lb/loadBalancer:LoadBalancer");
        expect(alb.inputs.accessLogs).to.deep.equal({ bucket: "expertconnect-prod-alb-logs", prefix: "alb", enabled: true });
        const sse = mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "AES256" });
        const policy = JSON.parse(mocks.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const delivery = policy.Statement.find((s: any) => s.Sid === "ElbAccessLogDelivery");
        expect(delivery).to.deep.equal({
            Sid: "ElbAccessLogDelivery", Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" },
            Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-prod-alb-logs/alb/AWSLogs/123456789012/*",
        });
        expect(alb.dependencies).to.include(mocks.one("aws:s3/bucketPolicy:BucketPolicy").urn);
        expect(mocks.one("aws:s3/bucket:Bucket").protect).to.equal(true);
    });

    it("exposes the metric dimensions monitoring needs", async () => {
        expect(await valueOf(lb.arnSuffix)).to.match(/^app\/expertconnect-prod-alb\//);
        expect(await valueOf(lb.targetGroupArnSuffixes.backend)).to.match(/^targetgroup\//);
        expect(Object.keys(lb.targetGroupArnSuffixes)).to.deep.equal(["backend", "frontend"]);
        expect(() => lb.target("worker")).to.throw(/no target group "worker"; allowed: backend, frontend/);
    });

    it("tags every taggable resource", () => {
        const untaggable = new Set(["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"]);
        const taggable = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:") && !untaggable.has(r.type));
        expect(taggable.length).to.be.greaterThan(8);
        for (const r of taggable) expect(r.inputs.tags, r.name).to.include({ Project: "expertconnect", Environment: "prod", Component: "load-balancer" });
    });
});

describe("LoadBalancer configuration errors", () => {
    it("refuses a default target that has no target group before registering anything", () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        expect(() => new LoadBalancer("alb", lbArgs({ defaultTarget: "web" }))).to.throw(/default target "web"/);
        expect(mocks.ofType("aws:lb/loadBalancer:LoadBalancer")).to.deep.equal([]);
    });

    it("leaves deletion protection off only when configured off", async () => {
        const mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new LoadBalancer("alb", lbArgs({ deletionProtection: false }));
        await settle();
        expect(mocks.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(false);
    });
});
