/**
 * Names the operators' guide uses literally in its commands (docs: the guide map's "Names the
 * guide's commands depend on"), per environment: a command copied from the guide must find them.
 * `{account}` stands for the stack's account id.
 */
import { GUIDE_DASHBOARD_NAMES } from "./guideDashboard";

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
    /**
     * The input is a JSON list (a task definition's `containerDefinitions`) and the name is this
     * key of one of its items; default: the input is the name itself.
     */
    item?: string;
    /**
     * Other inputs the same resource must carry, as a subset of its inputs (nested objects are
     * matched key by key): the guide's command acts on the name in that context (the scaling
     * policy of one service, the container of the backend's task family); default none.
     */
    where?: Readonly<Record<string, unknown>>;
    /**
     * Every resource of the types must carry the name, not just one (the settings the guide lists
     * by path: one outside it is a setting the operators' command does not show); default false.
     */
    every?: boolean;
}

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
const CLUSTER = "expertconnect-prod-cluster";
const SERVICES = ["expertconnect-prod-backend", "expertconnect-prod-frontend"] as const;
/** The recovery stack's, as the failover runbook (docs/disaster-recovery.md) uses them once dr serves. */
const DR_CLUSTER = "expertconnect-dr-cluster";
const DR_SERVICES = ["expertconnect-dr-backend", "expertconnect-dr-frontend"] as const;

/**
 * The guide's scaling commands, per service: a scalable target on the service's desired count and
 * the target-tracking policy `cpu-tracking-scaling-policy` on its CPU (guide: min 1, max 5, target
 * tracking on CPU). Application Auto Scaling names policies per scalable resource, so the name
 * counts only on the service it scales.
 */
const scaling = (service: string, cluster = CLUSTER): GuideName[] => {
    const scalable = { resourceId: `service/${cluster}/${service}`, scalableDimension: "ecs:service:DesiredCount", serviceNamespace: "ecs" };
    return [
        { usedBy: `aws application-autoscaling register-scalable-target --resource-id service/${cluster}/${service}`, types: ["aws:appautoscaling/target:Target"], property: "resourceId", value: scalable.resourceId, where: scalable },
        {
            usedBy: `aws application-autoscaling put-scaling-policy --policy-name cpu-tracking-scaling-policy --resource-id service/${cluster}/${service}`,
            types: ["aws:appautoscaling/policy:Policy"], property: "name", value: "cpu-tracking-scaling-policy",
            where: { ...scalable, policyType: "TargetTrackingScaling", targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } } },
        },
    ];
};

const PROD: readonly GuideName[] = [
    { usedBy: `aws ecs describe-services --cluster ${CLUSTER}`, types: ["aws:ecs/cluster:Cluster"], property: "name", value: CLUSTER },
    ...SERVICES.map((service): GuideName => ({ usedBy: `aws ecs describe-services --services ${service}`, types: ["aws:ecs/service:Service"], property: "name", value: service })),
    {
        usedBy: "aws ecs execute-command --container backend", types: ["aws:ecs/taskDefinition:TaskDefinition"], property: "containerDefinitions", item: "name", value: "backend",
        where: { family: "expertconnect-prod-backend" },
    },
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
    { usedBy: "aws ssm get-parameters-by-path --path /expertconnect/prod", types: ["aws:ssm/parameter:Parameter"], property: "name", value: "/expertconnect/prod/", prefix: true, every: true },
    { usedBy: "aws cloudtrail create-trail --name expertconnect-trail", types: ["aws:cloudtrail/trail:Trail"], property: "name", value: "expertconnect-trail" },
    { usedBy: "aws cloudtrail create-trail --s3-bucket-name expertconnect-cloudtrail-ACCOUNT", types: ["aws:cloudtrail/trail:Trail"], property: "s3BucketName", value: "expertconnect-cloudtrail-{account}" },
    { usedBy: "aws configservice put-configuration-recorder --configuration-recorder name=default", types: ["aws:cfg/recorder:Recorder"], property: "name", value: "default" },
    { usedBy: "the Config delivery channel to config-bucket-ACCOUNT", types: ["aws:cfg/deliveryChannel:DeliveryChannel"], property: "s3BucketName", value: "config-bucket-{account}" },
    { usedBy: "aws configservice put-delivery-channel --delivery-channel name=default", types: ["aws:cfg/deliveryChannel:DeliveryChannel"], property: "name", value: "default" },
    ...SERVICES.flatMap(service => scaling(service)),
];

/**
 * dr: the replica the guide creates, and what the failover runbook (docs/disaster-recovery.md)
 * uses once dr serves: its cluster and services, its own copy of the dashboard (dashboards are
 * per account, so it carries another name) and the services' scaling ("promoted: normal auto
 * scaling"). The program creates them in every phase, so a standby stack that lost them would
 * promote without them.
 */
const DR: readonly GuideName[] = [
    { usedBy: "aws rds create-db-instance-read-replica --db-instance-identifier expertconnect-dr-db", types: ["aws:rds/instance:Instance"], property: "identifier", value: "expertconnect-dr-db" },
    { usedBy: `aws ecs describe-services --cluster ${DR_CLUSTER} (failover runbook)`, types: ["aws:ecs/cluster:Cluster"], property: "name", value: DR_CLUSTER },
    ...DR_SERVICES.map((service): GuideName => ({ usedBy: `aws ecs describe-services --services ${service} (failover runbook)`, types: ["aws:ecs/service:Service"], property: "name", value: service })),
    { usedBy: `the dr dashboard ${GUIDE_DASHBOARD_NAMES.dr} (the operators' first screen after a failover)`, types: ["aws:cloudwatch/dashboard:Dashboard"], property: "dashboardName", value: GUIDE_DASHBOARD_NAMES.dr },
    ...DR_SERVICES.flatMap(service => scaling(service, DR_CLUSTER)),
];

export const GUIDE_NAMES: Readonly<Record<"prod" | "dr", readonly GuideName[]>> = { prod: PROD, dr: DR };

/**
 * Containers the operators' runbook execs into (`aws ecs execute-command … --container backend`
 * for migrations and a shell): the container names of the guide's names (the guide map names no
 * other container), so the pack requires ECS Exec on every service that runs one.
 */
export const EXEC_CONTAINERS: readonly string[] = PROD.filter(n => n.property === "containerDefinitions").map(n => n.value);
