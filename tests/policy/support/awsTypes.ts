/**
 * Type tokens of @pulumi/aws, read from the installed SDK (each resource class's `__pulumiType`),
 * and the scope the type coverage table must cover: every type that holds data, grants access or
 * carries traffic in the services the pack guards.
 */
import * as fs from "fs";
import * as path from "path";

import type { Category } from "../../../policy/lib/coverage";

const sdk = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** Every resource type token @pulumi/aws registers. */
export function awsTypeTokens(): Set<string> {
    const tokens = new Set<string>();
    for (const module of fs.readdirSync(sdk, { withFileTypes: true }).filter(e => e.isDirectory() && e.name !== "types")) {
        for (const file of fs.readdirSync(path.join(sdk, module.name)).filter(f => f.endsWith(".js"))) {
            const match = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(sdk, module.name, file), "utf8"));
            if (match) {
                tokens.add(match[1]);
            }
        }
    }
    return tokens;
}

/** Per category, module → resource names (a pattern over the SDK's names, so new types in these services show up). */
export const SCOPE: Record<Category, Record<string, RegExp>> = {
    data: {
        rds: /^(Cluster|ClusterInstance|GlobalCluster|Instance|Snapshot|ClusterSnapshot|SnapshotCopy|ClusterSnapshotCopy|InstanceAutomatedBackupsReplication|ExportTask)$/,
        elasticache: /^(Cluster|ReplicationGroup|ServerlessCache|GlobalReplicationGroup)$/,
        dynamodb: /^(Table|GlobalTable|TableReplica|TableExport)$/,
        efs: /^FileSystem$/,
        opensearch: /^(Domain|ServerlessCollection)$/,
        redshift: /^(Cluster|ClusterSnapshot)$/,
        redshiftserverless: /^(Namespace|Snapshot)$/,
        s3: /^(Bucket|BucketV2|DirectoryBucket)$/,
        sqs: /^Queue$/,
        sns: /^Topic$/,
        kinesis: /^(Stream|FirehoseDeliveryStream|VideoStream)$/,
        msk: /^(Cluster|ServerlessCluster)$/,
        docdb: /^(Cluster|ClusterInstance|GlobalCluster|ElasticCluster|ClusterSnapshot)$/,
        neptune: /^(Cluster|ClusterInstance|GlobalCluster|ClusterSnapshot)$/,
        memorydb: /^(Cluster|MultiRegionCluster|Snapshot)$/,
        secretsmanager: /^(Secret|SecretVersion)$/,
        ssm: /^Parameter$/,
        ebs: /^(Volume|Snapshot|SnapshotCopy|SnapshotImport|VolumeCopy|EncryptionByDefault)$/,
        ec2: /^(Instance|LaunchTemplate|LaunchConfiguration)$/,
        ecr: /^Repository$/,
        kms: /^(Key|ReplicaKey|ExternalKey|ReplicaExternalKey)$/,
        cloudwatch: /^LogGroup$/,
        backup: /^Vault$/,
        dax: /^Cluster$/,
        mq: /^Broker$/,
        elasticsearch: /^Domain$/,
        lightsail: /^Database$/,
        sagemaker: /^NotebookInstance$/,
        dms: /^ReplicationInstance$/,
    },
    access: {
        iam: /^(Role|Policy|RolePolicy|UserPolicy|GroupPolicy|RolePolicyAttachment|UserPolicyAttachment|GroupPolicyAttachment|PolicyAttachment|User|AccessKey|UserLoginProfile)$/,
        s3: /^BucketPolicy$/,
        sqs: /^QueuePolicy$/,
        sns: /^TopicPolicy$/,
        kms: /^(KeyPolicy|Grant)$/,
        secretsmanager: /^SecretPolicy$/,
        ecr: /^(RepositoryPolicy|RegistryPolicy)$/,
        lambda: /^(Permission|FunctionUrl|LayerVersionPermission)$/,
        efs: /^FileSystemPolicy$/,
        opensearch: /^(DomainPolicy|ServerlessSecurityPolicy)$/,
        elasticsearch: /^DomainPolicy$/,
        apigatewayv2: /^(Route|Api)$/,
        ssm: /^Document$/,
        dynamodb: /^ResourcePolicy$/,
        kinesis: /^ResourcePolicy$/,
        msk: /^ClusterPolicy$/,
        backup: /^VaultPolicy$/,
        cloudwatch: /^LogResourcePolicy$/,
        apigateway: /^(RestApiPolicy|Method)$/,
        redshift: /^ResourcePolicy$/,
        eks: /^(AccessEntry|AccessPolicyAssociation)$/,
    },
    traffic: {
        lb: /^(LoadBalancer|Listener)$/,
        alb: /^(LoadBalancer|Listener)$/,
        elb: /^LoadBalancer$/,
        apigateway: /^Stage$/,
        apigatewayv2: /^(Stage|Api)$/,
        opensearch: /^ServerlessSecurityPolicy$/,
        dms: /^ReplicationInstance$/,
        cloudfront: /^Distribution$/,
        lambda: /^FunctionUrl$/,
        rds: /^Proxy$/,
        eks: /^Cluster$/,
        ec2: /^(SecurityGroup|DefaultSecurityGroup|SecurityGroupRule|Subnet|Vpc|Instance|LaunchTemplate|LaunchConfiguration)$/,
        vpc: /^(SecurityGroupIngressRule|SecurityGroupEgressRule)$/,
        wafv2: /^WebAcl$/,
        ecs: /^Service$/,
        mq: /^Broker$/,
        lightsail: /^(Database|Instance|InstancePublicPorts)$/,
        sagemaker: /^(NotebookInstance|Domain)$/,
        transfer: /^Server$/,
        emr: /^BlockPublicAccessConfiguration$/,
    },
};

/** The tokens of `tokens` in scope for each category. */
export function inScope(tokens: Set<string>): Map<string, Category[]> {
    const result = new Map<string, Category[]>();
    for (const token of tokens) {
        const [, module, name] = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token) ?? [];
        for (const [category, modules] of Object.entries(SCOPE) as [Category, Record<string, RegExp>][]) {
            if (modules[module]?.test(name)) {
                result.set(token, [...(result.get(token) ?? []), category]);
            }
        }
    }
    return result;
}
