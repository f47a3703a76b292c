import { idStyle } from "./ids";
import { TypeToken, kebab } from "./naming";

/** Where an ARN lives: partition is always `aws` offline. */
export interface ArnScope {
    region: string;
    accountId: string;
}

/** Provider modules whose ARN service name differs from the module name. */
const SERVICE_BY_MODULE: Record<string, string> = {
    lb: "elasticloadbalancing",
    alb: "elasticloadbalancing",
    elb: "elasticloadbalancing",
    appautoscaling: "application-autoscaling",
    // VPC security-group rules are EC2 resources: arn:aws:ec2:…:security-group-rule/sgr-….
    vpc: "ec2",
    cfg: "config",
    cloudwatch: "cloudwatch",
    costexplorer: "ce",
};

/** CloudWatch members that belong to other services (Logs, EventBridge). */
const SERVICE_BY_MEMBER: Record<string, string> = {
    LogGroup: "logs",
    LogStream: "logs",
    LogMetricFilter: "logs",
    LogSubscriptionFilter: "logs",
    EventRule: "events",
    EventBus: "events",
    EventTarget: "events",
};

/** Services whose ARNs carry neither region nor account (S3) or no region (IAM, global services). */
const GLOBAL_SERVICES: Record<string, { region: boolean; account: boolean }> = {
    s3: { region: false, account: false },
    iam: { region: false, account: true },
    cloudfront: { region: false, account: true },
    route53: { region: false, account: false },
    // Billing's resources are the account's, not a region's: arn:aws:budgets::<account>:budget/<name>,
    // arn:aws:ce::<account>:anomalymonitor/<id> (publishers' aws:SourceArn carries this form).
    budgets: { region: false, account: true },
    ce: { region: false, account: true },
};

/**
 * Resource part of the ARN for the well-known formats (`service:region:account:<this>`);
 * `name` is the physical name, `id` the generated id. Anything else is `<kebab-member>/<name>`.
 */
const RESOURCE_PART: Record<string, (name: string, id: string, inputs: Record<string, unknown>) => string> = {
    "s3:Bucket": (name) => name,
    "s3:BucketV2": (name) => name,
    "iam:Role": (name, _id, i) => `role${pathOf(i)}${name}`,
    "iam:Policy": (name, _id, i) => `policy${pathOf(i)}${name}`,
    "iam:User": (name, _id, i) => `user${pathOf(i)}${name}`,
    "iam:InstanceProfile": (name, _id, i) => `instance-profile${pathOf(i)}${name}`,
    "sns:Topic": (name) => name,
    "costexplorer:AnomalyMonitor": (_name, id) => `anomalymonitor/${id}`,
    "costexplorer:AnomalySubscription": (_name, id) => `anomalysubscription/${id}`,
    "sqs:Queue": (name) => name,
    "cloudwatch:LogGroup": (name) => `log-group:${name}`,
    "cloudwatch:MetricAlarm": (name) => `alarm:${name}`,
    "cloudwatch:Dashboard": (name) => `dashboard/${name}`,
    "cloudwatch:EventRule": (name) => `rule/${name}`,
    "rds:Instance": (name) => `db:${name}`,
    "rds:Cluster": (name) => `cluster:${name}`,
    "rds:SubnetGroup": (name) => `subgrp:${name}`,
    "rds:ParameterGroup": (name) => `pg:${name}`,
    "rds:ClusterParameterGroup": (name) => `cluster-pg:${name}`,
    "rds:OptionGroup": (name) => `og:${name}`,
    "elasticache:ReplicationGroup": (name) => `replicationgroup:${name}`,
    "elasticache:Cluster": (name) => `cluster:${name}`,
    "elasticache:SubnetGroup": (name) => `subnetgroup:${name}`,
    "elasticache:ParameterGroup": (name) => `parametergroup:${name}`,
    "kms:Key": (_name, id) => `key/${id}`,
    "kms:Alias": (name) => name,
    "secretsmanager:Secret": (name, id) => `secret:${name}-${id.slice(-6)}`,
    "ssm:Parameter": (name) => `parameter${name.startsWith("/") ? "" : "/"}${name}`,
    "ecs:Cluster": (name) => `cluster/${name}`,
    "ecs:TaskDefinition": (name) => `task-definition/${name}:1`,
    "ecr:Repository": (name) => `repository/${name}`,
    "lb:LoadBalancer": (name, id) => `loadbalancer/app/${name}/${id.slice(-16)}`,
    "lb:TargetGroup": (name, id) => `targetgroup/${name}/${id.slice(-16)}`,
    "lambda:Function": (name) => `function:${name}`,
    "cloudtrail:Trail": (name) => `trail/${name}`,
    "backup:Vault": (name) => `backup-vault:${name}`,
    "backup:Plan": (_name, id) => `backup-plan:${id}`,
    "wafv2:WebAcl": (name, id) => `regional/webacl/${name}/${id}`,
    "guardduty:Detector": (_name, id) => `detector/${id}`,
    "rds:EventSubscription": (name) => `es:${name}`,
};

/**
 * EC2 resources are named in their ARNs by id, under AWS's resource-type name:
 * `arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123…` (the ids a policy or a condition
 * key such as ec2:Vpc compares against).
 */
const EC2_ARN_TYPE: Record<string, string> = {
    NatGateway: "natgateway",
    Eip: "elastic-ip",
    FlowLog: "vpc-flow-log",
    SecurityGroupIngressRule: "security-group-rule",
    SecurityGroupEgressRule: "security-group-rule",
};

function pathOf(inputs: Record<string, unknown>): string {
    return typeof inputs.path === "string" ? inputs.path : "/";
}

/** The ARN service for a type token (`aws:lb/...` → `elasticloadbalancing`). */
function arnService(token: TypeToken): string {
    return SERVICE_BY_MEMBER[token.member] ?? SERVICE_BY_MODULE[token.module] ?? token.module;
}

/** A realistic ARN for an AWS resource with the given physical name and id. */
export function resourceArn(
    token: TypeToken, name: string, id: string, inputs: Record<string, unknown>, scope: ArnScope,
): string {
    const service = arnService(token);
    const part = RESOURCE_PART[`${token.module}:${token.member}`];
    const resource = part ? part(name, id, inputs)
        : idStyle(token) === "ec2" ? `${EC2_ARN_TYPE[token.member] ?? kebab(token.member)}/${id}`
            : `${kebab(token.member)}/${name}`;
    const global = GLOBAL_SERVICES[service];
    const region = global && !global.region ? "" : scope.region;
    const account = global && !global.account ? "" : scope.accountId;
    return `arn:aws:${service}:${region}:${account}:${resource}`;
}
