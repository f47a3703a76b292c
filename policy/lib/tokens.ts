/**
 * Type tokens the pack matches, as @pulumi/aws v7 registers them. Where v7 still accepts a
 * deprecated alias (BucketV2, the `alb` module) both tokens are listed: a stack created before the
 * rename, or an export from one, reports the old token.
 */
export const RDS_INSTANCE = ["aws:rds/instance:Instance"] as const;
export const RDS_PARAMETER_GROUP = ["aws:rds/parameterGroup:ParameterGroup"] as const;
/** A DB cluster parameter group: Aurora's, or a Multi-AZ DB cluster's (a `postgres` family). */
export const RDS_CLUSTER_PARAMETER_GROUP = ["aws:rds/clusterParameterGroup:ClusterParameterGroup"] as const;
export const RDS_BACKUP_REPLICATION = ["aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"] as const;

export const S3_BUCKET = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const BACKUP_VAULT = ["aws:backup/vault:Vault"] as const;
export const S3_ENCRYPTION = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
export const S3_PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] as const;
export const S3_OWNERSHIP_CONTROLS = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] as const;
export const S3_BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"] as const;
export const S3_BUCKET_ACL = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
export const S3_VERSIONING = [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
] as const;
export const S3_REPLICATION = ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"] as const;

export const CLOUDTRAIL_TRAIL = ["aws:cloudtrail/trail:Trail"] as const;
export const GUARDDUTY_DETECTOR = ["aws:guardduty/detector:Detector"] as const;
export const CONFIG_RECORDER = ["aws:cfg/recorder:Recorder"] as const;
export const CONFIG_RECORDER_STATUS = ["aws:cfg/recorderStatus:RecorderStatus"] as const;
export const CONFIG_DELIVERY_CHANNEL = ["aws:cfg/deliveryChannel:DeliveryChannel"] as const;
export const CONFIG_RULE = ["aws:cfg/rule:Rule"] as const;

export const KMS_KEY = ["aws:kms/key:Key"] as const;

export const ECS_TASK_DEFINITION = ["aws:ecs/taskDefinition:TaskDefinition"] as const;
export const ECS_SERVICE = ["aws:ecs/service:Service"] as const;
export const ECS_CLUSTER = ["aws:ecs/cluster:Cluster"] as const;
export const SCALABLE_TARGET = ["aws:appautoscaling/target:Target"] as const;
export const SCALING_POLICY = ["aws:appautoscaling/policy:Policy"] as const;
export const SCHEDULED_ACTION = ["aws:appautoscaling/scheduledAction:ScheduledAction"] as const;

export const LOAD_BALANCER = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
export const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
export const LISTENER_RULE = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"] as const;
export const TARGET_GROUP = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;
export const WAF_ASSOCIATION = ["aws:wafv2/webAclAssociation:WebAclAssociation"] as const;

export const SECURITY_GROUP = ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] as const;
export const SECURITY_GROUP_RULE = ["aws:ec2/securityGroupRule:SecurityGroupRule"] as const;
export const SECURITY_GROUP_INGRESS_RULE = ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"] as const;
export const SECURITY_GROUP_EGRESS_RULE = ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"] as const;

export const ELASTICACHE_REPLICATION_GROUP = ["aws:elasticache/replicationGroup:ReplicationGroup"] as const;

export const SNS_TOPIC = ["aws:sns/topic:Topic"] as const;
export const LOG_GROUP = ["aws:cloudwatch/logGroup:LogGroup"] as const;
export const METRIC_ALARM = ["aws:cloudwatch/metricAlarm:MetricAlarm"] as const;

export const ECR_REPOSITORY = ["aws:ecr/repository:Repository"] as const;
/**
 * A repository creation template: the settings ECR gives every repository it creates itself
 * (replication, pull-through cache, create on push) under the template's prefix, so the pack
 * judges it as the repositories it makes.
 */
export const ECR_CREATION_TEMPLATE = ["aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"] as const;
export const ECR_REPLICATION_CONFIGURATION = ["aws:ecr/replicationConfiguration:ReplicationConfiguration"] as const;
/** A pull-through cache rule: ECR creates a repository under its prefix on the first pull of each upstream image. */
export const ECR_PULL_THROUGH_CACHE_RULE = ["aws:ecr/pullThroughCacheRule:PullThroughCacheRule"] as const;

export const IAM_POLICY_DOCUMENTS = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
] as const;
export const IAM_ROLE = ["aws:iam/role:Role"] as const;
export const IAM_USER = ["aws:iam/user:User"] as const;
export const IAM_GROUP = ["aws:iam/group:Group"] as const;
export const IAM_POLICY = ["aws:iam/policy:Policy"] as const;
export const IAM_POLICY_ATTACHMENTS = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
] as const;

export const SECRETS_MANAGER_SECRET = ["aws:secretsmanager/secret:Secret"] as const;
export const BACKUP_PLAN = ["aws:backup/plan:Plan"] as const;
export const BACKUP_SELECTION = ["aws:backup/selection:Selection"] as const;

export const VPC = ["aws:ec2/vpc:Vpc"] as const;
export const FLOW_LOG = ["aws:ec2/flowLog:FlowLog"] as const;
export const DEFAULT_SECURITY_GROUP = ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] as const;
export const SUBNET = ["aws:ec2/subnet:Subnet"] as const;
export const EC2_INSTANCE = ["aws:ec2/instance:Instance"] as const;
export const LAUNCH_TEMPLATE = ["aws:ec2/launchTemplate:LaunchTemplate"] as const;
export const LAUNCH_CONFIGURATION = ["aws:ec2/launchConfiguration:LaunchConfiguration"] as const;

export const WAF_WEB_ACL = ["aws:wafv2/webAcl:WebAcl"] as const;
export const WAF_WEB_ACL_RULE = ["aws:wafv2/webAclRule:WebAclRule"] as const;
export const WAF_RULE_GROUP_ASSOCIATION = ["aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"] as const;
export const WAF_LOGGING = ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"] as const;
export const WAF_IP_SET = ["aws:wafv2/ipSet:IpSet"] as const;

export const GUARDDUTY_FEATURE = ["aws:guardduty/detectorFeature:DetectorFeature"] as const;
export const GUARDDUTY_FILTER = ["aws:guardduty/filter:Filter"] as const;
export const GUARDDUTY_IP_SET = ["aws:guardduty/iPSet:IPSet"] as const;
export const S3_OBJECT = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"] as const;
export const ECR_LIFECYCLE_POLICY = ["aws:ecr/lifecyclePolicy:LifecyclePolicy"] as const;
export const ECR_REGISTRY_SCANNING = ["aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"] as const;

export const SNS_TOPIC_SUBSCRIPTION = ["aws:sns/topicSubscription:TopicSubscription"] as const;
export const EVENT_RULE = ["aws:cloudwatch/eventRule:EventRule"] as const;
export const EVENT_TARGET = ["aws:cloudwatch/eventTarget:EventTarget"] as const;
export const LOG_METRIC_FILTER = ["aws:cloudwatch/logMetricFilter:LogMetricFilter"] as const;
export const COST_ANOMALY_SUBSCRIPTION = ["aws:costexplorer/anomalySubscription:AnomalySubscription"] as const;
export const BUDGET = ["aws:budgets/budget:Budget"] as const;
export const SYNTHETICS_CANARY = ["aws:synthetics/canary:Canary"] as const;
export const LAMBDA_FUNCTION = ["aws:lambda/function:Function"] as const;
