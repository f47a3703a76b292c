import { expect } from "chai";
import { AppSettings } from "../../../components/app/AppSettings";
import { Buckets } from "../../../components/data/Buckets";
import { Cache } from "../../../components/data/Cache";
import { Database } from "../../../components/data/Database";
import { DATA_HOLDERS } from "../../../policy/lib/facts/dataHolders";
import { sizing } from "./fixtures";
import { installMocks, MockHarness, RecordedResource, settle } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };

/**
 * Every resource type the data components create, and whether it holds data. A new type makes
 * the classification test fail until someone decides which it is.
 */
const HOLDS_DATA: Record<string, boolean> = {
    "aws:rds/instance:Instance": true,
    "aws:elasticache/replicationGroup:ReplicationGroup": true,
    "aws:s3/bucket:Bucket": true,
    "aws:kms/key:Key": true,
    "aws:secretsmanager/secret:Secret": true,
    "aws:secretsmanager/secretVersion:SecretVersion": true,
    "aws:cloudwatch/logGroup:LogGroup": true,
    "aws:kms/alias:Alias": false,
    "aws:rds/subnetGroup:SubnetGroup": false,
    "aws:rds/parameterGroup:ParameterGroup": false,
    "aws:elasticache/subnetGroup:SubnetGroup": false,
    "aws:elasticache/parameterGroup:ParameterGroup": false,
    "aws:ec2/securityGroup:SecurityGroup": false,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": false,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": false,
    // The rotation function's stack holds code and a role; the credentials stay in the secret.
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": false,
    "aws:secretsmanager/secretRotation:SecretRotation": false,
    "aws:iam/role:Role": false,
    "aws:iam/rolePolicy:RolePolicy": false,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": false,
    // The maintenance function holds code; it reads credentials from the secret at run time.
    "aws:lambda/function:Function": false,
    "aws:lambda/invocation:Invocation": false,
    "aws:ssm/parameter:Parameter": false,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": false,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": false,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": false,
    "aws:s3/bucketVersioning:BucketVersioning": false,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": false,
    "aws:s3/bucketPolicy:BucketPolicy": false,
};

/** The service-side guard each data-holding type must also have, beyond the Pulumi options. */
const SERVICE_GUARD: Record<string, (r: RecordedResource, mocks: MockHarness) => void> = {
    "aws:rds/instance:Instance": (r) => expect(r.inputs, r.name).to.include({
        deletionProtection: true, skipFinalSnapshot: false, deleteAutomatedBackups: false,
    }).and.to.have.property("finalSnapshotIdentifier"),
    "aws:elasticache/replicationGroup:ReplicationGroup": (r) => expect(r.inputs.finalSnapshotIdentifier, r.name).to.be.a("string"),
    "aws:s3/bucket:Bucket": (r, mocks) => {
        expect(r.inputs.forceDestroy, r.name).to.equal(false);
        const versioning = mocks.ofType("aws:s3/bucketVersioning:BucketVersioning").find((v) => v.inputs.bucket === r.id);
        expect(versioning?.inputs.versioningConfiguration.status, r.name).to.equal("Enabled");
    },
    "aws:kms/key:Key": (r) => expect(r.inputs.deletionWindowInDays, r.name).to.equal(30),
    "aws:secretsmanager/secret:Secret": (r) => expect(r.inputs.recoveryWindowInDays, r.name).to.equal(30),
    "aws:secretsmanager/secretVersion:SecretVersion": () => undefined,
    "aws:cloudwatch/logGroup:LogGroup": (r) => expect(r.inputs.retentionInDays, r.name).to.be.a("number"),
};

/** Types that must carry `protect` (what protection-data-resources judges), not only retainOnDelete: the facts' data holders. */
const MUST_PROTECT = Object.keys(DATA_HOLDERS);

describe("data protection across the data components (prod)", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        const placement = {
            tags, region: "us-east-1", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSources: { backend: "sg-backend" },
        };
        const buckets = new Buckets("data", { staticBucketName: "expertconnect-prod-static", backupBucketName: "expertconnect-backup", tags });
        const database = new Database("database", {
            ...placement, identifier: "expertconnect-prod-db", sizing,
            masterSecret: {
                name: "expertconnect/prod/database/master", replicaRegion: "us-west-2",
                rotation: { subnetIds: ["subnet-p1", "subnet-p2"], databaseCidrBlocks: ["10.0.20.0/24"] },
            },
        });
        const cache = new Cache("cache", {
            ...placement, replicationGroupId: "expertconnect-prod-cache", authSecretName: "expertconnect/prod/cache-auth-token",
            nodeType: "cache.t4g.small", numCacheClusters: 2, snapshotRetentionDays: 7,
        });
        new AppSettings("app-settings", {
            parameterPath: "/expertconnect/prod", secretPrefix: "expertconnect/prod", tags,
            endpoints: {
                databaseAddress: database.address, databasePort: database.port, databaseName: "expertconnect", cacheAddress: cache.primaryEndpoint,
                cachePort: cache.port, staticBucketName: buckets.staticBucketName, backupBucketName: buckets.backupBucketName,
            },
            dataStores: {
                cacheAuthSecretArn: cache.authSecretArn, cacheKmsKeyArn: cache.kmsKeyArn,
            },
        });
        await settle();
    });

    const aws = () => mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:"));

    it("classifies every resource type created as holding data or not", () => {
        const unclassified = [...new Set(aws().map((r) => r.type))].filter((t) => !(t in HOLDS_DATA));
        expect(unclassified, "decide whether these hold data").to.deep.equal([]);
    });

    it("keeps every data-holding resource on delete and replace", () => {
        const stateful = aws().filter((r) => HOLDS_DATA[r.type]);
        expect(stateful.length).to.be.greaterThan(15);
        for (const r of stateful) {
            expect(r.retainOnDelete, `${r.type} ${r.name} retainOnDelete`).to.equal(true);
            if (MUST_PROTECT.includes(r.type)) expect(r.protect, `${r.type} ${r.name} protect`).to.equal(true);
        }
    });

    it("backs each data-holding resource with the service's own guard (deletion protection, final snapshot, versioning, recovery window)", () => {
        for (const r of aws().filter((x) => HOLDS_DATA[x.type])) SERVICE_GUARD[r.type](r, mocks);
    });

    it("counts the stateful resources of prod's data layer, so a removal shows", () => {
        const count = (type: string) => mocks.ofType(type).length;
        expect({
            instances: count("aws:rds/instance:Instance"),
            replicationGroups: count("aws:elasticache/replicationGroup:ReplicationGroup"),
            buckets: count("aws:s3/bucket:Bucket"),
            keys: count("aws:kms/key:Key"),
            secrets: count("aws:secretsmanager/secret:Secret"),
            logGroups: count("aws:cloudwatch/logGroup:LogGroup"),
        }).to.deep.equal({ instances: 1, replicationGroups: 1, buckets: 2, keys: 6, secrets: 5, logGroups: 5 });
    });
});
