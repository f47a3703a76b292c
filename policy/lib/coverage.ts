/**
 * The type coverage table: every AWS resource type that holds data, grants access or carries
 * traffic in the services the pack guards, its categories, and which policies judge it.
 *
 * Which policies judge a type is derived from the policies' own `types`, so the table cannot
 * claim a check that does not exist; `also` names stack policies that read a type without
 * declaring it. A type no policy judges carries a `note` saying why none is needed. A test
 * derives the scope from @pulumi/aws's type tokens and fails when a type in it has no entry.
 */
import type { GuardPolicy } from "./define";

export type Category = "data" | "access" | "traffic";

export interface TypeEntry {
    categories: readonly Category[];
    /** Stack policies that judge the type without listing it in `types`. */
    also?: readonly string[];
    /** Why no policy needs to judge the type (AWS enforces it, or it inherits from a judged type). */
    note?: string;
}

const INHERITS_SNAPSHOT = "A snapshot or copy inherits the encryption of the database or volume it is taken from, which is judged; sharing it is an API call, not a resource.";
const IDENTITY_DOCUMENT = { categories: ["access"], also: ["iam-no-broad-grants"] } as const;
const RESOURCE_POLICY = "A resource policy document: its principals are judged by the IAM resource-policy checks where the pack has them; the resource it guards is judged for encryption and exposure.";

export const TYPE_CATEGORIES: Readonly<Record<string, TypeEntry>> = {
    "aws:alb/listener:Listener": { categories: ["traffic"] },
    "aws:alb/loadBalancer:LoadBalancer": { categories: ["traffic"], also: ["alb-waf-associated", "sg-no-open-ingress"] },
    "aws:apigateway/method:Method": { categories: ["access"] },
    "aws:apigateway/restApiPolicy:RestApiPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:apigateway/stage:Stage": { categories: ["traffic"] },
    "aws:apigatewayv2/api:Api": { categories: ["access", "traffic"] },
    "aws:apigatewayv2/route:Route": { categories: ["access"] },
    "aws:apigatewayv2/stage:Stage": { categories: ["traffic"] },
    "aws:backup/vault:Vault": { categories: ["data"], also: ["dr-prod-backup-copy"], note: "AWS Backup always encrypts recovery points (with the vault's KMS key)." },
    "aws:backup/vaultPolicy:VaultPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:cloudfront/distribution:Distribution": { categories: ["traffic"] },
    "aws:cloudwatch/eventArchive:EventArchive": { categories: ["data"] },
    "aws:cloudwatch/logGroup:LogGroup": { categories: ["data"], also: ["vpc-flow-logs", "waf-logging", "cloudtrail-cloudwatch-logs"] },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:dax/cluster:Cluster": { categories: ["data"] },
    "aws:dms/replicationInstance:ReplicationInstance": { categories: ["data", "traffic"] },
    "aws:docdb/cluster:Cluster": { categories: ["data"] },
    "aws:docdb/clusterInstance:ClusterInstance": { categories: ["data"], note: "A DocumentDB instance has its cluster's storage and encryption (judged) and cannot be made public." },
    "aws:docdb/clusterSnapshot:ClusterSnapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:docdb/elasticCluster:ElasticCluster": { categories: ["data"], note: "DocumentDB elastic clusters are always encrypted at rest and reachable only inside the VPC." },
    "aws:docdb/globalCluster:GlobalCluster": { categories: ["data"] },
    "aws:dynamodb/globalTable:GlobalTable": { categories: ["data"], note: "The legacy (2017) global table only links tables; each table is a dynamodb.Table, which is judged." },
    "aws:dynamodb/resourcePolicy:ResourcePolicy": { categories: ["access"] },
    "aws:dynamodb/table:Table": { categories: ["data"], note: "DynamoDB always encrypts tables at rest." },
    "aws:dynamodb/tableExport:TableExport": { categories: ["data"] },
    "aws:dynamodb/tableReplica:TableReplica": { categories: ["data"] },
    "aws:ebs/encryptionByDefault:EncryptionByDefault": { categories: ["data"] },
    "aws:ebs/snapshot:Snapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:ebs/snapshotCopy:SnapshotCopy": { categories: ["data"] },
    "aws:ebs/snapshotImport:SnapshotImport": { categories: ["data"], note: "An imported snapshot is encrypted when EBS encryption by default is on (judged) or its own encrypted flag is set." },
    "aws:ebs/volume:Volume": { categories: ["data"] },
    "aws:ebs/volumeCopy:VolumeCopy": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { categories: ["traffic"], also: ["sg-no-open-ingress"] },
    "aws:ec2/instance:Instance": { categories: ["data", "traffic"], also: ["guardduty-protections"] },
    "aws:ec2/launchConfiguration:LaunchConfiguration": { categories: ["data", "traffic"] },
    "aws:ec2/launchTemplate:LaunchTemplate": { categories: ["data", "traffic"] },
    "aws:ec2/securityGroup:SecurityGroup": { categories: ["traffic"], also: ["sg-no-open-ingress"] },
    "aws:ec2/securityGroupRule:SecurityGroupRule": { categories: ["traffic"], also: ["sg-no-open-ingress"] },
    "aws:ec2/subnet:Subnet": { categories: ["traffic"] },
    "aws:ec2/vpc:Vpc": { categories: ["traffic"] },
    "aws:ecr/registryPolicy:RegistryPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": { categories: ["data"] },
    "aws:ecr/repository:Repository": { categories: ["data"] },
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": { categories: ["data", "access"] },
    "aws:ecr/repositoryPolicy:RepositoryPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:ecs/service:Service": { categories: ["traffic"], also: ["guardduty-protections"] },
    "aws:efs/fileSystem:FileSystem": { categories: ["data"] },
    "aws:efs/fileSystemPolicy:FileSystemPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:eks/accessEntry:AccessEntry": { categories: ["access"], note: "Grants Kubernetes access to an IAM principal whose own permissions are judged; the stacks run no EKS." },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { categories: ["access"], note: "Grants Kubernetes access to an IAM principal whose own permissions are judged; the stacks run no EKS." },
    "aws:eks/cluster:Cluster": { categories: ["traffic"], also: ["guardduty-protections"] },
    "aws:elasticache/cluster:Cluster": { categories: ["data"] },
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": { categories: ["data"], note: "A global datastore takes encryption, TLS and snapshots from its primary replication group, which is judged." },
    "aws:elasticache/replicationGroup:ReplicationGroup": { categories: ["data"] },
    "aws:elasticache/serverlessCache:ServerlessCache": { categories: ["data"], note: "Serverless caches are always encrypted at rest and in transit." },
    "aws:elasticsearch/domain:Domain": { categories: ["data"] },
    "aws:elasticsearch/domainPolicy:DomainPolicy": { categories: ["access"] },
    "aws:elb/loadBalancer:LoadBalancer": { categories: ["traffic"] },
    "aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration": { categories: ["traffic"] },
    "aws:iam/accessKey:AccessKey": { categories: ["access"] },
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": { categories: ["access"] },
    "aws:iam/groupPolicy:GroupPolicy": IDENTITY_DOCUMENT,
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": IDENTITY_DOCUMENT,
    "aws:iam/policy:Policy": IDENTITY_DOCUMENT,
    "aws:iam/policyAttachment:PolicyAttachment": IDENTITY_DOCUMENT,
    "aws:iam/role:Role": { categories: ["access"], also: ["iam-no-broad-grants"] },
    "aws:iam/rolePolicy:RolePolicy": IDENTITY_DOCUMENT,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": IDENTITY_DOCUMENT,
    "aws:iam/user:User": { categories: ["access"] },
    "aws:iam/userLoginProfile:UserLoginProfile": { categories: ["access"] },
    "aws:iam/userPolicy:UserPolicy": IDENTITY_DOCUMENT,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": IDENTITY_DOCUMENT,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { categories: ["data"], also: ["ownership-references"] },
    "aws:kinesis/resourcePolicy:ResourcePolicy": { categories: ["access"] },
    "aws:kinesis/stream:Stream": { categories: ["data"] },
    "aws:kinesis/videoStream:VideoStream": { categories: ["data"], note: "Kinesis Video Streams always encrypts data at rest." },
    "aws:kms/externalKey:ExternalKey": { categories: ["data"], note: "Imported key material cannot be rotated by AWS; the stacks use AWS-generated keys, whose rotation is judged." },
    "aws:kms/grant:Grant": { categories: ["access"], note: "A grant gives a named principal use of a key; the principal's and the key's policies are judged." },
    "aws:kms/key:Key": { categories: ["data"] },
    "aws:kms/keyPolicy:KeyPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:kms/replicaExternalKey:ReplicaExternalKey": { categories: ["data"], note: "A replica takes its primary key's material and rotation." },
    "aws:kms/replicaKey:ReplicaKey": { categories: ["data"], note: "A replica key rotates with its primary key, which is judged." },
    "aws:lambda/functionUrl:FunctionUrl": { categories: ["access", "traffic"] },
    "aws:lambda/layerVersionPermission:LayerVersionPermission": { categories: ["access"] },
    "aws:lambda/permission:Permission": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:lb/listener:Listener": { categories: ["traffic"], also: ["alb-http-listener-rules-redirect"] },
    "aws:lb/loadBalancer:LoadBalancer": { categories: ["traffic"], also: ["alb-waf-associated", "sg-no-open-ingress"] },
    "aws:lightsail/database:Database": { categories: ["data", "traffic"] },
    "aws:lightsail/instance:Instance": { categories: ["traffic"], also: ["sg-no-open-ingress"] },
    "aws:lightsail/instancePublicPorts:InstancePublicPorts": { categories: ["traffic"] },
    "aws:memorydb/cluster:Cluster": { categories: ["data"] },
    "aws:memorydb/multiRegionCluster:MultiRegionCluster": { categories: ["data"] },
    "aws:memorydb/snapshot:Snapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:mq/broker:Broker": { categories: ["data", "traffic"], note: "Amazon MQ always encrypts messages at rest and requires TLS." },
    "aws:msk/cluster:Cluster": { categories: ["data"] },
    "aws:msk/clusterPolicy:ClusterPolicy": { categories: ["access"] },
    "aws:msk/serverlessCluster:ServerlessCluster": { categories: ["data"], note: "MSK Serverless always encrypts, requires TLS and IAM authentication, and runs in the VPC." },
    "aws:neptune/cluster:Cluster": { categories: ["data"] },
    "aws:neptune/clusterInstance:ClusterInstance": { categories: ["data"] },
    "aws:neptune/clusterSnapshot:ClusterSnapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:neptune/globalCluster:GlobalCluster": { categories: ["data"] },
    "aws:opensearch/domain:Domain": { categories: ["data"] },
    "aws:opensearch/domainPolicy:DomainPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:opensearch/serverlessCollection:ServerlessCollection": { categories: ["data"], note: "A serverless collection is always encrypted; its network exposure is set by a network security policy, which is judged." },
    "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy": { categories: ["access", "traffic"] },
    "aws:rds/cluster:Cluster": { categories: ["data"], also: ["guardduty-protections"] },
    "aws:rds/clusterInstance:ClusterInstance": { categories: ["data"] },
    "aws:rds/clusterSnapshot:ClusterSnapshot": { categories: ["data"] },
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": { categories: ["data"] },
    "aws:rds/exportTask:ExportTask": { categories: ["data"] },
    "aws:rds/globalCluster:GlobalCluster": { categories: ["data"] },
    "aws:rds/instance:Instance": { categories: ["data"], also: ["guardduty-protections", "dr-database-replica"] },
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": { categories: ["data"], note: "Replicated automated backups keep the source instance's retention and are encrypted with the destination key the source's encryption requires." },
    "aws:rds/proxy:Proxy": { categories: ["traffic"] },
    "aws:rds/snapshot:Snapshot": { categories: ["data"] },
    "aws:rds/snapshotCopy:SnapshotCopy": { categories: ["data"] },
    "aws:redshift/cluster:Cluster": { categories: ["data"] },
    "aws:redshift/clusterSnapshot:ClusterSnapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:redshift/resourcePolicy:ResourcePolicy": { categories: ["access"] },
    "aws:redshiftserverless/namespace:Namespace": { categories: ["data"], note: "Redshift Serverless always encrypts a namespace's data; its workgroup's exposure is judged." },
    "aws:redshiftserverless/snapshot:Snapshot": { categories: ["data"], note: INHERITS_SNAPSHOT },
    "aws:s3/bucket:Bucket": { categories: ["data"], also: ["s3-bucket-encryption", "s3-public-access-block", "s3-tls-only", "s3-versioning", "guardduty-protections"] },
    "aws:s3/bucketPolicy:BucketPolicy": { categories: ["access"], also: ["s3-tls-only", "cloudtrail-bucket-not-public"] },
    "aws:s3/bucketV2:BucketV2": { categories: ["data"], also: ["s3-bucket-encryption", "s3-public-access-block", "s3-tls-only", "s3-versioning", "guardduty-protections"] },
    "aws:s3/directoryBucket:DirectoryBucket": { categories: ["data"], note: "S3 directory buckets are always encrypted and always block public access." },
    "aws:sagemaker/domain:Domain": { categories: ["traffic"] },
    "aws:sagemaker/notebookInstance:NotebookInstance": { categories: ["data", "traffic"] },
    "aws:secretsmanager/secret:Secret": { categories: ["data"] },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:secretsmanager/secretVersion:SecretVersion": { categories: ["data"], note: "The value is the secret itself, encrypted with its secret's KMS key; the secret is judged." },
    "aws:sns/topic:Topic": { categories: ["data"] },
    "aws:sns/topicPolicy:TopicPolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:sqs/queue:Queue": { categories: ["data"] },
    "aws:sqs/queuePolicy:QueuePolicy": { categories: ["access"], note: RESOURCE_POLICY },
    "aws:ssm/document:Document": { categories: ["access"] },
    "aws:ssm/parameter:Parameter": { categories: ["data"], also: ["secrets-no-plain-values"] },
    "aws:transfer/server:Server": { categories: ["traffic"] },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { categories: ["traffic"] },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { categories: ["traffic"], also: ["sg-no-open-ingress"] },
    "aws:wafv2/webAcl:WebAcl": { categories: ["traffic"], also: ["alb-waf-associated"] },
};

/** Policies that touch every type but judge no security property of it. */
const NOT_JUDGING = ["tags-required"];

export interface CoverageRow {
    type: string;
    categories: readonly Category[];
    policies: string[];
    note?: string;
}

/** The table: each type with the policies that judge it (declared `types`, then `also`). */
export function typeCoverage(policies: readonly GuardPolicy[]): CoverageRow[] {
    return Object.entries(TYPE_CATEGORIES).map(([type, entry]) => {
        const declared = policies.filter(p => !NOT_JUDGING.includes(p.name) && (p.types ?? []).includes(type)).map(p => p.name);
        return {
            type,
            categories: entry.categories,
            policies: [...new Set([...declared, ...(entry.also ?? [])])],
            ...(entry.note ? { note: entry.note } : {}),
        };
    });
}
