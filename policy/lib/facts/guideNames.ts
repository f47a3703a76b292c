/**
 * Names the operators' guide uses literally in its commands (docs: the guide map's "Names the
 * guide's commands depend on"), per environment: a command copied from the guide must find them.
 * `{account}` stands for the stack's account id.
 */
export interface GuideName {
    /** The guide's command or text that uses the name. */
    usedBy: string;
    /** Resource types that can carry the name (any one of them will do). */
    types: readonly string[];
    /** The input holding the name. */
    property: string;
    /** The name, or a prefix of it when `prefix` is set. */
    value: string;
    /** The name is a path under which at least one resource must be (`/expertconnect/prod/…`). */
    prefix?: boolean;
}

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;

const PROD: readonly GuideName[] = [
    { usedBy: "aws ecs describe-services --cluster expertconnect-prod-cluster", types: ["aws:ecs/cluster:Cluster"], property: "name", value: "expertconnect-prod-cluster" },
    { usedBy: "aws ecs describe-services --services expertconnect-prod-backend", types: ["aws:ecs/service:Service"], property: "name", value: "expertconnect-prod-backend" },
    { usedBy: "aws ecs describe-services --services expertconnect-prod-frontend", types: ["aws:ecs/service:Service"], property: "name", value: "expertconnect-prod-frontend" },
    { usedBy: "docker push …/expertconnect-backend:latest", types: ["aws:ecr/repository:Repository"], property: "name", value: "expertconnect-backend" },
    { usedBy: "docker push …/expertconnect-frontend:latest", types: ["aws:ecr/repository:Repository"], property: "name", value: "expertconnect-frontend" },
    { usedBy: "LOG_GROUP=\"/ecs/expertconnect-prod-backend\"", types: ["aws:cloudwatch/logGroup:LogGroup"], property: "name", value: "/ecs/expertconnect-prod-backend" },
    { usedBy: "the frontend's log group /ecs/expertconnect-prod-frontend", types: ["aws:cloudwatch/logGroup:LogGroup"], property: "name", value: "/ecs/expertconnect-prod-frontend" },
    { usedBy: "aws cloudwatch put-dashboard --dashboard-name ExpertConnect-Dashboard", types: ["aws:cloudwatch/dashboard:Dashboard"], property: "dashboardName", value: "ExpertConnect-Dashboard" },
    { usedBy: "alarm expertconnect-backend-cpu-high", types: ["aws:cloudwatch/metricAlarm:MetricAlarm"], property: "name", value: "expertconnect-backend-cpu-high" },
    { usedBy: "alarm expertconnect-db-connections-high", types: ["aws:cloudwatch/metricAlarm:MetricAlarm"], property: "name", value: "expertconnect-db-connections-high" },
    { usedBy: "arn:aws:sns:us-east-1:ACCOUNT:expertconnect-alarms", types: ["aws:sns/topic:Topic"], property: "name", value: "expertconnect-alarms" },
    { usedBy: "aws rds create-db-snapshot --db-instance-identifier expertconnect-prod-db", types: ["aws:rds/instance:Instance"], property: "identifier", value: "expertconnect-prod-db" },
    { usedBy: "pg_dump … expertconnect", types: ["aws:rds/instance:Instance"], property: "dbName", value: "expertconnect" },
    { usedBy: "pg_dump -U expertconnect_user", types: ["aws:rds/instance:Instance"], property: "username", value: "expertconnect_user" },
    { usedBy: "aws s3 sync s3://expertconnect-prod-static …", types: BUCKETS, property: "bucket", value: "expertconnect-prod-static" },
    { usedBy: "aws s3 sync … s3://expertconnect-backup/…", types: BUCKETS, property: "bucket", value: "expertconnect-backup" },
    { usedBy: "aws ssm get-parameters-by-path --path /expertconnect/prod", types: ["aws:ssm/parameter:Parameter"], property: "name", value: "/expertconnect/prod/", prefix: true },
    { usedBy: "aws cloudtrail create-trail --name expertconnect-trail", types: ["aws:cloudtrail/trail:Trail"], property: "name", value: "expertconnect-trail" },
    { usedBy: "aws cloudtrail create-trail --s3-bucket-name expertconnect-cloudtrail-ACCOUNT", types: ["aws:cloudtrail/trail:Trail"], property: "s3BucketName", value: "expertconnect-cloudtrail-{account}" },
    { usedBy: "aws configservice put-configuration-recorder --configuration-recorder name=default", types: ["aws:cfg/recorder:Recorder"], property: "name", value: "default" },
    { usedBy: "the Config delivery channel to config-bucket-ACCOUNT", types: ["aws:cfg/deliveryChannel:DeliveryChannel"], property: "s3BucketName", value: "config-bucket-{account}" },
    { usedBy: "the auto-scaling policy cpu-tracking-scaling-policy", types: ["aws:appautoscaling/policy:Policy"], property: "name", value: "cpu-tracking-scaling-policy" },
];

const DR: readonly GuideName[] = [
    { usedBy: "aws rds create-db-instance-read-replica --db-instance-identifier expertconnect-dr-db", types: ["aws:rds/instance:Instance"], property: "identifier", value: "expertconnect-dr-db" },
];

export const GUIDE_NAMES: Readonly<Record<"prod" | "dr", readonly GuideName[]>> = { prod: PROD, dr: DR };
