/**
 * What the architecture picture draws, per resource type: the resources a reader looks for
 * (network tiers, load balancer, services, data stores, buckets, keys, monitoring and
 * security services) become nodes; everything else (policies, attachments, rules, versions)
 * folds into the node it configures, so its violations still show there.
 */

/** Where a node sits in the picture; also its colour. */
export type Layer = "edge" | "network" | "compute" | "data" | "storage" | "keys" | "monitoring" | "security";

export interface NodeKind {
    layer: Layer;
    /** Short label shown under the resource name. */
    label: string;
    /**
     * One node per component for all resources of this type (alarms, Config rules …): the
     * count matters to a reader, the individual members do not.
     */
    aggregate?: boolean;
}

/** Types drawn as nodes. A type absent here folds into its owner. */
export const NODE_KINDS: Readonly<Record<string, NodeKind>> = {
    "aws:route53/record:Record": { layer: "edge", label: "DNS record" },
    "aws:route53/healthCheck:HealthCheck": { layer: "edge", label: "health check" },
    "aws:acm/certificate:Certificate": { layer: "edge", label: "certificate" },
    "aws:cloudfront/distribution:Distribution": { layer: "edge", label: "CDN" },
    "aws:wafv2/webAcl:WebAcl": { layer: "edge", label: "web ACL" },
    "aws:lb/loadBalancer:LoadBalancer": { layer: "edge", label: "load balancer" },
    "aws:lb/targetGroup:TargetGroup": { layer: "edge", label: "target group" },
    "aws:ec2/vpc:Vpc": { layer: "network", label: "VPC" },
    "aws:ec2/subnet:Subnet": { layer: "network", label: "subnet tier" },
    "aws:ec2/natGateway:NatGateway": { layer: "network", label: "NAT gateway" },
    "aws:ec2/internetGateway:InternetGateway": { layer: "network", label: "internet gateway" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { layer: "network", label: "VPC endpoints", aggregate: true },
    "aws:ec2/flowLog:FlowLog": { layer: "network", label: "flow log" },
    "aws:ec2/securityGroup:SecurityGroup": { layer: "network", label: "security group" },
    "aws:ecs/cluster:Cluster": { layer: "compute", label: "ECS cluster" },
    "aws:ecs/service:Service": { layer: "compute", label: "ECS service" },
    "aws:lambda/function:Function": { layer: "compute", label: "function" },
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": { layer: "compute", label: "rotation function" },
    "aws:synthetics/canary:Canary": { layer: "monitoring", label: "canary" },
    "aws:rds/instance:Instance": { layer: "data", label: "PostgreSQL" },
    "aws:rds/cluster:Cluster": { layer: "data", label: "Aurora cluster" },
    "aws:elasticache/replicationGroup:ReplicationGroup": { layer: "data", label: "Redis" },
    "aws:elasticache/cluster:Cluster": { layer: "data", label: "cache cluster" },
    "aws:elasticache/serverlessCache:ServerlessCache": { layer: "data", label: "serverless cache" },
    "aws:dynamodb/table:Table": { layer: "data", label: "DynamoDB table" },
    "aws:sqs/queue:Queue": { layer: "data", label: "queue" },
    "aws:s3/bucket:Bucket": { layer: "storage", label: "bucket" },
    "aws:s3/bucketV2:BucketV2": { layer: "storage", label: "bucket" },
    "aws:ecr/repository:Repository": { layer: "storage", label: "image repository" },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { layer: "storage", label: "bucket replication" },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": { layer: "storage", label: "image replication" },
    "aws:backup/vault:Vault": { layer: "storage", label: "backup vault" },
    "aws:backup/plan:Plan": { layer: "storage", label: "backup plan" },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": { layer: "storage", label: "restore testing" },
    "aws:kms/key:Key": { layer: "keys", label: "KMS key" },
    "aws:kms/replicaKey:ReplicaKey": { layer: "keys", label: "KMS replica key" },
    "aws:secretsmanager/secret:Secret": { layer: "keys", label: "secret" },
    "aws:ssm/parameter:Parameter": { layer: "keys", label: "parameters", aggregate: true },
    "aws:sns/topic:Topic": { layer: "monitoring", label: "alarm topic" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { layer: "monitoring", label: "alarms", aggregate: true },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": { layer: "monitoring", label: "composite alarms", aggregate: true },
    "aws:cloudwatch/dashboard:Dashboard": { layer: "monitoring", label: "dashboard" },
    "aws:cloudwatch/logGroup:LogGroup": { layer: "monitoring", label: "log groups", aggregate: true },
    "aws:cloudwatch/eventRule:EventRule": { layer: "monitoring", label: "event rules", aggregate: true },
    "aws:cloudwatch/queryDefinition:QueryDefinition": { layer: "monitoring", label: "saved queries", aggregate: true },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { layer: "monitoring", label: "metric filters", aggregate: true },
    "aws:budgets/budget:Budget": { layer: "monitoring", label: "budget" },
    "aws:costexplorer/anomalyMonitor:AnomalyMonitor": { layer: "monitoring", label: "cost anomaly monitor" },
    "aws:cloudtrail/trail:Trail": { layer: "security", label: "CloudTrail" },
    "aws:guardduty/detector:Detector": { layer: "security", label: "GuardDuty" },
    "aws:cfg/recorder:Recorder": { layer: "security", label: "AWS Config" },
    "aws:cfg/rule:Rule": { layer: "security", label: "Config rules", aggregate: true },
    "aws:securityhub/account:Account": { layer: "security", label: "Security Hub" },
    "aws:inspector2/enabler:Enabler": { layer: "security", label: "Inspector" },
    "aws:iam/role:Role": { layer: "security", label: "IAM roles", aggregate: true },
};

export const LAYERS: readonly Layer[] = ["edge", "network", "compute", "data", "storage", "keys", "monitoring", "security"];

/** Position of a type in NODE_KINDS: earlier kinds contain or precede later ones (load balancer before target group). */
export function kindOrder(type: string): number {
    const i = Object.keys(NODE_KINDS).indexOf(type);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
