import { expect } from "chai";
import { Cache, CacheArgs } from "../../../components/data/Cache";
import { installMocks, MockHarness, RecordedResource, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };
const BACKEND_SG = "sg-0backend0000000001";

async function build(overrides: Partial<CacheArgs> = {}): Promise<{ mocks: MockHarness; cache: Cache }> {
    const mocks = installMocks({ stack: "prod", region: "us-east-1" });
    const cache = new Cache("cache", {
        replicationGroupId: "expertconnect-prod-cache", authSecretName: "expertconnect/prod/cache-auth-token", tags, region: "us-east-1",
        vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], allowedSources: { backend: BACKEND_SG },
        nodeType: "cache.t4g.small", numCacheClusters: 2, snapshotRetentionDays: 7, logRetentionDays: 90, ...overrides,
    });
    await settle();
    return { mocks, cache };
}

const groupOf = (mocks: MockHarness) => mocks.one("aws:elasticache/replicationGroup:ReplicationGroup");
const keyOf = (mocks: MockHarness) => mocks.one("aws:kms/key:Key");

describe("Cache (prod: two nodes)", () => {
    let mocks: MockHarness;
    let cache: Cache;
    let group: RecordedResource;
    before(async () => {
        ({ mocks, cache } = await build());
        group = groupOf(mocks);
    });

    it("runs Valkey 8 with its parameter group in the isolated subnets", () => {
        expect(group.inputs).to.include({
            replicationGroupId: "expertconnect-prod-cache", engine: "valkey", engineVersion: "8.0", nodeType: "cache.t4g.small",
            numCacheClusters: 2, port: 6379,
        });
        const params = mocks.one("aws:elasticache/parameterGroup:ParameterGroup");
        expect(params.inputs.family).to.equal("valkey8");
        // Sessions and locks carry no TTL; a small burstable node needs 30 % for snapshot and sync forks.
        expect(params.inputs.parameters).to.deep.equal([{ name: "maxmemory-policy", value: "volatile-lru" }, { name: "reserved-memory-percent", value: "30" }]);
        expect(group.inputs.parameterGroupName).to.equal(params.outputs.name);
        const subnets = mocks.one("aws:elasticache/subnetGroup:SubnetGroup");
        expect(subnets.inputs.subnetIds).to.deep.equal(["subnet-a", "subnet-b", "subnet-c"]);
        expect(group.inputs.subnetGroupName).to.equal(subnets.outputs.name);
    });

    it("encrypts at rest with its rotating key and requires TLS", () => {
        expect(keyOf(mocks).inputs.enableKeyRotation).to.equal(true);
        expect(group.inputs).to.include({
            atRestEncryptionEnabled: true, kmsKeyId: keyOf(mocks).outputs.arn, transitEncryptionEnabled: true, transitEncryptionMode: "required",
        });
    });

    it("fails over automatically across AZs with two nodes", () => {
        expect(group.inputs).to.include({ automaticFailoverEnabled: true, multiAzEnabled: true });
    });

    it("sets the AUTH token only through write-only, secret inputs, and the same value into its secret", () => {
        expect(group.inputs).to.not.have.property("authToken");
        expect(group.secretInputs).to.include("authTokenWo");
        expect(group.inputs).to.include({ authTokenWoVersion: 1, authTokenUpdateStrategy: "ROTATE" });
        const version = mocks.one("aws:secretsmanager/secretVersion:SecretVersion");
        expect(version.inputs).to.not.have.property("secretString");
        expect(version.secretInputs).to.include("secretStringWo");
        expect(version.inputs.secretStringWo).to.equal(group.inputs.authTokenWo);
        expect(version.inputs.secretStringWoVersion).to.equal(1);
        expect(group.inputs.authTokenWo).to.match(/^[A-Za-z0-9]{64}$/);
    });

    it("keeps the token in a KMS-encrypted, protected secret with a 30-day recovery window", async () => {
        const secret = mocks.one("aws:secretsmanager/secret:Secret");
        expect(secret.inputs).to.include({
            name: "expertconnect/prod/cache-auth-token", kmsKeyId: keyOf(mocks).outputs.arn, recoveryWindowInDays: 30,
        });
        expect(secret.protect).to.equal(true);
        expect(secret.retainOnDelete).to.equal(true);
        expect(mocks.one("aws:secretsmanager/secretVersion:SecretVersion").inputs.secretId).to.equal(secret.id);
        expect(await valueOf(cache.authSecretArn)).to.equal(secret.outputs.arn);
    });

    it("keeps daily snapshots, takes a final one and is protected", () => {
        expect(group.inputs).to.include({
            snapshotRetentionLimit: 7, snapshotWindow: "05:00-06:00", maintenanceWindow: "sun:06:30-sun:07:30",
            finalSnapshotIdentifier: "expertconnect-prod-cache-final-snapshot", autoMinorVersionUpgrade: true,
        });
        expect(group.protect).to.equal(true);
        expect(group.retainOnDelete).to.equal(true);
    });

    it("delivers slow and engine logs to KMS-encrypted log groups with retention", () => {
        const groups = mocks.ofType("aws:cloudwatch/logGroup:LogGroup");
        expect(groups.map((g) => g.inputs.name)).to.deep.equal([
            "/aws/elasticache/expertconnect-prod-cache/slow-log", "/aws/elasticache/expertconnect-prod-cache/engine-log",
        ]);
        for (const g of groups) expect(g.inputs, g.name).to.include({ retentionInDays: 90, kmsKeyId: keyOf(mocks).outputs.arn });
        expect(group.inputs.logDeliveryConfigurations).to.deep.equal(groups.map((g) => ({
            destination: g.outputs.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: g.inputs.name.split("/").pop(),
        })));
    });

    it("admits only the given security groups on 6379", () => {
        const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup");
        const rule = mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rule.inputs).to.include({ securityGroupId: sg.id, referencedSecurityGroupId: BACKEND_SG, fromPort: 6379, toPort: 6379, ipProtocol: "tcp" });
        expect(sg.inputs.egress ?? []).to.deep.equal([]);
        expect(group.inputs.securityGroupIds).to.deep.equal([sg.id]);
    });

    it("tags every taggable resource", () => {
        const taggable = mocks.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:") && "tags" in r.inputs);
        expect(taggable.length).to.be.greaterThan(7);
        for (const r of taggable) expect(r.inputs.tags, r.name).to.include({ Project: "expertconnect", Environment: "prod", Component: "cache" });
    });

    it("exposes endpoints, port, ids and ARNs, never the token", async () => {
        expect(await valueOf(cache.primaryEndpoint)).to.equal(group.outputs.primaryEndpointAddress);
        expect(await valueOf(cache.readerEndpoint)).to.equal(group.outputs.readerEndpointAddress);
        expect(await valueOf(cache.port)).to.equal(6379);
        expect(await valueOf(cache.arn)).to.equal(group.outputs.arn);
        const outputs = mocks.one("expertconnect:data:Cache").outputs;
        expect(JSON.stringify(outputs)).to.not.include(group.inputs.authTokenWo);
        expect(Object.keys(outputs).sort()).to.deep.equal(
            ["arn", "authSecretArn", "kmsKeyArn", "port", "primaryEndpoint", "readerEndpoint", "replicationGroupId", "securityGroupId"]);
    });
});

describe("Cache (single node, token rotation)", () => {
    it("turns failover and Multi-AZ off with one node (nothing to fail over to)", async () => {
        const { mocks } = await build({ numCacheClusters: 1, snapshotRetentionDays: 1 });
        expect(groupOf(mocks).inputs).to.include({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 1 });
    });

    it("sends a new token to both the cache and the secret when the version is raised", async () => {
        const { mocks } = await build({ authTokenVersion: 2 });
        expect(groupOf(mocks).inputs.authTokenWoVersion).to.equal(2);
        expect(mocks.one("aws:secretsmanager/secretVersion:SecretVersion").inputs.secretStringWoVersion).to.equal(2);
    });

    it("pairs the secret with the cache and changes the token with ROTATE (secrets-credential-pairs)", async () => {
        const { mocks } = await build();
        expect(mocks.one("aws:secretsmanager/secret:Secret").inputs.tags).to.include({ PairedStore: "expertconnect-prod-cache" });
        expect(groupOf(mocks).inputs.authTokenUpdateStrategy).to.equal("ROTATE");
        expect(groupOf(mocks).inputs.authTokenWo).to.equal(mocks.one("aws:secretsmanager/secretVersion:SecretVersion").inputs.secretStringWo);
    });

    it("admits a client created later through allowFrom, on 6379 only", async () => {
        const { mocks, cache } = await build({ allowedSources: undefined });
        cache.allowFrom("backend", BACKEND_SG);
        await settle();
        expect(mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs)
            .to.include({ referencedSecurityGroupId: BACKEND_SG, fromPort: 6379, toPort: 6379 });
    });
});
