/** Class 4: every resource type that holds data, grants access or carries traffic, added beside the components. */
import { ACCOUNT, add, all, Case, doc, suite, tags } from "./support";

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const SUBNETS = ["subnet-0a1", "subnet-0b2"];
const open = (action: string, resource: string) => ({ Effect: "Allow", Principal: "*", Action: action, Resource: resource });
const data = { protect: true };

const violations: Case[] = [
    { name: "a Redis cache cluster without TLS", change: add("aws:elasticache/cluster:Cluster", "sessions", { clusterId: "sessions", engine: "redis", nodeType: "cache.t4g.micro", numCacheNodes: 1, snapshotRetentionLimit: 7, tags: tags("cache") }) },
    { name: "an Aurora cluster with unencrypted storage", change: add("aws:rds/cluster:Cluster", "reports", { clusterIdentifier: "reports", engine: "aurora-postgresql", storageEncrypted: false, backupRetentionPeriod: 14, deletionProtection: true, masterUsername: "reports", manageMasterUserPassword: true, tags: tags("reports") }, data) },
    { name: "an Aurora MySQL instance publicly accessible", change: add("aws:rds/clusterInstance:ClusterInstance", "reports-1", { clusterIdentifier: "reports", engine: "aurora-mysql", instanceClass: "db.r6g.large", publiclyAccessible: true, tags: tags("reports") }) },
    { name: "a KMS key whose policy is open to *", change: add("aws:kms/key:Key", "open-key", { description: "reports", enableKeyRotation: true, deletionWindowInDays: 30, policy: doc(open("kms:*", "*")), tags: tags("reports") }, data) },
    { name: "an SNS topic whose inline policy lets anyone publish and subscribe", change: add("aws:sns/topic:Topic", "events", { name: "events", kmsMasterKeyId: KEY, policy: doc(open("sns:*", `arn:aws:sns:us-east-1:${ACCOUNT}:events`)), tags: tags("events") }) },
    {
        name: "a new bucket with a public-read bucket policy",
        change: all(
            add("aws:s3/bucket:Bucket", "exports", { bucket: "expertconnect-exports", tags: tags("exports") }, data),
            add("aws:s3/bucketPolicy:BucketPolicy", "exports-policy", { bucket: "expertconnect-exports", policy: doc(open("s3:GetObject", "arn:aws:s3:::expertconnect-exports/*")) }),
        ),
    },
    { name: "a DynamoDB table without point-in-time recovery", change: add("aws:dynamodb/table:Table", "sessions-table", { name: "sessions", billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }], deletionProtectionEnabled: true, serverSideEncryption: { enabled: true, kmsKeyArn: KEY }, tags: tags("sessions") }, data) },
    { name: "an EFS file system unencrypted", change: add("aws:efs/fileSystem:FileSystem", "uploads", { encrypted: false, tags: tags("uploads") }, data) },
    { name: "an OpenSearch domain without encryption at rest or node-to-node", change: add("aws:opensearch/domain:Domain", "search", { domainName: "search", engineVersion: "OpenSearch_2.13", clusterConfig: { instanceType: "t3.small.search", instanceCount: 1 }, ebsOptions: { ebsEnabled: true, volumeSize: 10 }, vpcOptions: { subnetIds: SUBNETS }, encryptAtRest: { enabled: false }, nodeToNodeEncryption: { enabled: false }, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" }, tags: tags("search") }, data) },
    { name: "an SQS queue with encryption switched off", change: add("aws:sqs/queue:Queue", "jobs", { name: "jobs", sqsManagedSseEnabled: false, tags: tags("jobs") }) },
    { name: "a Secrets Manager secret policy open to *", change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "leak", { secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`, policy: doc(open("secretsmanager:GetSecretValue", "*")) }) },
    { name: "an ECR repository policy letting anyone pull", change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "public-pull", { repository: "expertconnect-backend", policy: doc(open(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as unknown as string, "*")) }) },
    { name: "an SQS queue policy letting anyone send", change: add("aws:sqs/queuePolicy:QueuePolicy", "jobs-open", { queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`, policy: doc(open("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`)) }) },
    { name: "a Lambda function URL without auth", change: add("aws:lambda/functionUrl:FunctionUrl", "hook", { functionName: "expertconnect-prod-db-rotation", authorizationType: "NONE" }) },
];

const compliant: Case[] = [
    { name: "a DynamoDB table with PITR, KMS and deletion protection", change: add("aws:dynamodb/table:Table", "audit-table", { name: "audit", billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }], pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true, serverSideEncryption: { enabled: true, kmsKeyArn: KEY }, tags: tags("audit") }, data) },
    { name: "an SQS queue encrypted with the stack's key", change: add("aws:sqs/queue:Queue", "jobs-ok", { name: "jobs", kmsMasterKeyId: KEY, kmsDataKeyReusePeriodSeconds: 300, tags: tags("jobs") }) },
    { name: "an SQS queue with SQS-managed encryption", change: add("aws:sqs/queue:Queue", "jobs-sse", { name: "jobs-sse", sqsManagedSseEnabled: true, tags: tags("jobs") }) },
    { name: "an EFS file system encrypted with the stack's key", change: add("aws:efs/fileSystem:FileSystem", "uploads-ok", { encrypted: true, kmsKeyId: KEY, tags: tags("uploads") }, data) },
    { name: "an SQS queue policy for the account's SNS topic only", change: add("aws:sqs/queuePolicy:QueuePolicy", "jobs-from-sns", { queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`, policy: doc({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms` } } }) }) },
];

suite("adversarial class 4: every resource type", violations, compliant);
