/**
 * The event types (`detail-type`) AWS services put on the default bus, per `source`, for the
 * sources the stack's rules listen to (EventBridge's event reference of each service). A rule
 * whose pattern asks one of these sources for a detail-type it never emits can never match.
 * CloudTrail-delivered events come from every source. A source not listed here is not judged.
 */
export const CLOUDTRAIL_DETAIL_TYPES: readonly string[] = ["AWS API Call via CloudTrail", "AWS Service Event via CloudTrail", "AWS Console Action via CloudTrail"];

export const EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
    "aws.ecs": ["ECS Task State Change", "ECS Container Instance State Change", "ECS Deployment State Change", "ECS Service Action"],
    "aws.backup": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change", "Recovery Point State Change", "Backup Plan State Change",
        "Backup Vault State Change", "Region Setting State Change", "Backup Vault Lock State Change"],
    "aws.guardduty": ["GuardDuty Finding", "GuardDuty Malware Protection Object Scan Result", "GuardDuty Runtime Protection Unhealthy", "GuardDuty Runtime Protection Healthy"],
    "aws.inspector2": ["Inspector2 Finding", "Inspector2 Scan", "Inspector2 Coverage", "Inspector2 Initial Scan Complete"],
    "aws.secretsmanager": [],
    "aws.rds": ["RDS DB Instance Event", "RDS DB Snapshot Event", "RDS DB Parameter Group Event", "RDS DB Security Group Event", "RDS DB Cluster Event",
        "RDS DB Cluster Snapshot Event", "RDS DB Proxy Event", "RDS Blue Green Deployment Event"],
    "aws.ecr": ["ECR Image Action", "ECR Image Scan", "ECR Scan Resource Change", "ECR Pull Through Cache Action", "ECR Replication Action", "ECR Referrer Action"],
    "aws.cloudwatch": ["CloudWatch Alarm State Change", "CloudWatch Alarm Configuration Change"],
    "aws.health": ["AWS Health Event", "AWS Health Abuse Event"],
    "aws.securityhub": ["Security Hub Findings - Imported", "Security Hub Findings - Custom Action", "Security Hub Insight Results"],
    "aws.config": ["Config Rules Compliance Change", "Config Configuration Item Change", "Config Configuration Snapshot Delivery Status",
        "Config Rules Re-evaluation Status", "Config Configuration History Delivery Status"],
    "aws.elasticache": ["ElastiCache Replication Group Event", "ElastiCache Cluster Event", "ElastiCache Snapshot Event", "ElastiCache Serverless Event"],
};

/**
 * The values some `detail` fields take, per detail-type, where the service documents them as a
 * closed list (ECS's service deployment events; AWS Backup's job states, as its API's
 * BackupJobState, CopyJobState and RestoreJobStatus enumerate them). A pattern asking such a field
 * for another value can never match. Fields and detail-types not listed here are not judged.
 */
export const DETAIL_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    "ECS Deployment State Change": {
        eventName: ["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED", "SERVICE_DEPLOYMENT_FAILED"],
        eventType: ["INFO", "WARN", "ERROR"],
    },
    "Backup Job State Change": { state: ["CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"] },
    "Copy Job State Change": { state: ["CREATED", "RUNNING", "COMPLETED", "FAILED", "PARTIAL"] },
    "Restore Job State Change": { status: ["PENDING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"] },
};
