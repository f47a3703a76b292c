import { expect } from "chai";

import { valuePlacements } from "../../policy/generic/placements";
import { dataResidency } from "../../policy/generic/residency";
import { DESIGN_REGIONS, ENVIRONMENT_REGIONS } from "../../policy/lib/facts/drRegion";
import { environmentRegions } from "../../config/schema";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const WEST = { type: "pulumi:providers:aws", name: "west", props: { region: "us-west-2" } };
const EU = { type: "pulumi:providers:aws", name: "eu", props: { region: "eu-west-1" } };
const DB_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`;

const stack: StackResourceInput[] = [
    { type: "aws:rds/instance:Instance", name: "database-instance", props: { identifier: "expertconnect-prod-db", arn: DB_ARN, region: "us-east-1" } },
    {
        type: "aws:secretsmanager/secret:Secret", name: "database-master-secret",
        props: { name: "expertconnect/prod/db", region: "us-east-1", replicas: [{ region: "us-west-2", kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/1` }] },
    },
    {
        type: "aws:backup/plan:Plan", name: "backup-plan",
        props: { name: "p", region: "us-east-1", rules: [{ ruleName: "daily", copyActions: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:copy` }] }] },
    },
    { type: "aws:s3/bucket:Bucket", name: "static", props: { bucket: "expertconnect-prod-static", region: "us-east-1" } },
    { type: "aws:s3/bucket:Bucket", name: "static-replica", props: { bucket: "expertconnect-dr-static" }, provider: WEST },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "static-replication",
        props: { bucket: "expertconnect-prod-static", region: "us-east-1", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::expertconnect-dr-static" } }] },
    },
    {
        type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task",
        props: { region: "us-east-1", containerDefinitions: JSON.stringify([{ name: "backend", logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "us-east-1" } } }]) },
    },
    { type: "aws:route53/healthCheck:HealthCheck", name: "dns-app", props: { regions: ["us-east-1", "eu-west-1", "ap-southeast-1"] } },
    { type: "aws:iam/role:Role", name: "ops-role", props: { name: "ops" }, provider: EU },
];

const add = (r: StackResourceInput) => (s: StackResourceInput[]) => { s.push(r); };
const secretReplica = (replica: object) => (s: StackResourceInput[]) => {
    (named(s, "database-master-secret").props.replicas as object[]).push(replica);
};

describe("data-residency", () => {
    stackTable(dataResidency, stack, {
        passes: {
            "RDS automated backups are replicated to us-west-2": {
                change: add({ type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "db-backups-west", props: { sourceDbInstanceArn: DB_ARN, region: "us-west-2", retentionPeriod: 14 } }),
            },
            "a copy's region is still unknown (preview)": {
                change: add({ type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "db-backups-next", props: { sourceDbInstanceArn: DB_ARN, region: UNKNOWN } }),
            },
            "an ECR registry replicates images to a further region (images hold no data; exemptTypes)": {
                change: add({ type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "ecr-replication", props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-east-2", registryId: ACCOUNT }] }] } } }),
            },
            "a grant names a key of another region (an access policy places nothing)": {
                change: add({ type: "aws:iam/policy:Policy", name: "grant", props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1` }] }) } }),
            },
            "the operator adds eu-west-1 to dataRegions": {
                change: secretReplica({ region: "eu-west-1" }), config: { dataRegions: [...DESIGN_REGIONS, "eu-west-1"] },
            },
        },
        violations: {
            "RDS automated backups are replicated to eu-central-1": {
                change: add({ type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", name: "db-backups-eu", props: { sourceDbInstanceArn: DB_ARN, region: "eu-central-1" } }),
                message: /db-backups-eu puts data outside .* through region \(eu-central-1\)/,
            },
            "a cross-region read replica is created through a provider of another region": {
                change: add({ type: "aws:rds/instance:Instance", name: "replica-eu", props: { replicateSourceDb: DB_ARN }, provider: EU }),
                message: /replica-eu .* region \(eu-west-1\)/,
            },
            "a secret is replicated to ap-southeast-1 under the AWS-managed key": {
                change: secretReplica({ region: "ap-southeast-1" }),
                message: /database-master-secret .* replicas\[1\]\.region \(ap-southeast-1\)/,
            },
            "a secret replica names a key of its own unplanned region": {
                change: secretReplica({ region: "eu-west-1", kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/2` }),
                message: /replicas\[1\]\.kmsKeyId \(eu-west-1\), replicas\[1\]\.region \(eu-west-1\)/,
            },
            "a backup copy action targets a vault in eu-west-1": {
                change: s => { (named(s, "backup-plan").props.rules as any[])[0].copyActions.push({ destinationVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:x` }); },
                message: /backup-plan .* rules\[0\]\.copyActions\[1\]\.destinationVaultArn \(eu-west-1\)/,
            },
            "S3 replicates to a bucket the stack creates in eu-west-1": {
                change: s => {
                    s.push({ type: "aws:s3/bucket:Bucket", name: "eu-copy", props: { bucket: "expertconnect-eu-copy" }, provider: EU });
                    (named(s, "static-replication").props.rules as any[])[0].destination.bucket = "arn:aws:s3:::expertconnect-eu-copy";
                },
                message: /static-replication .* rules\[0\]\.destination\.bucket \(eu-west-1\)/,
            },
            "a KMS replica key is created in eu-west-1": {
                change: add({ type: "aws:kms/replicaKey:ReplicaKey", name: "key-eu", props: { primaryKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1`, region: "eu-west-1" } }),
                message: /key-eu .* region \(eu-west-1\)/,
            },
            "a DynamoDB table has a replica in ap-northeast-1": {
                change: add({ type: "aws:dynamodb/table:Table", name: "sessions", props: { region: "us-east-1", replicas: [{ regionName: "us-west-2" }, { regionName: "ap-northeast-1" }] } }),
                message: /sessions .* replicas\[1\]\.regionName \(ap-northeast-1\)/,
            },
            "a log subscription streams to a Firehose in eu-west-1": {
                change: add({ type: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", name: "ship", props: { region: "us-east-1", logGroup: "/ecs/backend", destinationArn: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/x` } }),
                message: /ship .* destinationArn \(eu-west-1\)/,
            },
            "an RDS snapshot copy names a destination region outside the design": {
                change: add({ type: "aws:rds/snapshotCopy:SnapshotCopy", name: "snap", props: { region: "us-east-1", sourceDbSnapshotIdentifier: "s", targetDbSnapshotIdentifier: "t", destinationRegion: "eu-west-1" } }),
                message: /snap .* destinationRegion \(eu-west-1\)/,
            },
            "a container's log driver writes to another region": {
                change: s => {
                    named(s, "backend-task").props.containerDefinitions = JSON.stringify([{ name: "backend", logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "eu-west-1" } } }]);
                },
                message: /backend-task .* containerDefinitions\[0\]\.logConfiguration\.options\.awslogs-region \(eu-west-1\)/,
            },
            "the operator narrows dataRegions to us-east-1 only": {
                config: { dataRegions: ["us-east-1"] },
                message: /database-master-secret .* replicas\[0\]\.region \(us-west-2\)/,
            },
        },
    });
});

describe("design regions (policy/lib/facts/drRegion.ts)", () => {
    it("are the program's environment regions, one per environment", () => {
        expect(environmentRegions).to.equal(ENVIRONMENT_REGIONS);
        expect(DESIGN_REGIONS).to.have.members(Object.values(ENVIRONMENT_REGIONS));
    });

    it("reads a region only from a property named for one, an ARN, or a known bucket", () => {
        const buckets = new Map([["b", "eu-west-1"]]);
        expect(valuePlacements("regions", "regions", ["eu-west-1"], buckets)).to.deep.equal([]);
        expect(valuePlacements("name", "name", "eu-west-1", buckets)).to.deep.equal([]);
        expect(valuePlacements("targetBucket", "targetBucket", "b", buckets)).to.deep.equal([{ field: "targetBucket", region: "eu-west-1" }]);
        expect(valuePlacements("id", "id", "b", buckets)).to.deep.equal([]);
        expect(valuePlacements("arn", "arn", "arn:aws:iam::123456789012:role/x", buckets)).to.deep.equal([]);
    });
});
