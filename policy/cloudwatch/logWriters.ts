/**
 * Who writes the stack's log groups: each AWS service names the group it writes in its own
 * property (an ECS container's awslogs-group, a function's name, an RDS export's log type …).
 * Resolved by value, as the service does at run time, so a group that no producer names any
 * more (log delivery removed, an export dropped) shows as written by nobody.
 */
import { PolicyResource } from "@pulumi/policy";

import { containersOf } from "../lib/containers";
import { APP_SERVICES, AppService } from "../lib/facts/appLogContract";
import { logGroupNameOfArn } from "../lib/logDestination";
import { knownDeep } from "../lib/stack";

/** The groups one producer writes: exact names, name prefixes (a canary's generated suffix), or unknown during preview. */
export type Written = { names: string[]; prefixes?: string[] } | "unknown";

export interface WriterKind {
    /** What the producer is, for messages (the writer types looked for). */
    label: string;
    types: readonly string[];
    groups: (resource: PolicyResource) => Written;
}

/** Marks a property unknown during preview. */
const UNKNOWN = Symbol("unknown");
/** Reads one property (copied out of the preview proxy), or UNKNOWN. */
const read = (resource: PolicyResource, property: string): unknown => knownDeep(() => resource.props[property], UNKNOWN);

/** A log group name, or the name inside a log group ARN (`…:log-group:<name>[:*]`); anything else (an S3 or Firehose ARN) writes no group. */
function groupName(value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    return value.startsWith("arn:") ? logGroupNameOfArn(value) : value;
}

/** Builds a Written from property values, unknown when any of them is. */
function written(values: unknown[], prefixes: string[] = []): Written {
    if (values.some((v) => v === UNKNOWN)) return "unknown";
    return { names: values.map(groupName).filter((n): n is string => n !== undefined), prefixes };
}

type LoggingContainer = { name?: unknown; logConfiguration?: { logDriver?: string; options?: Record<string, unknown> } };

/** The group one container's lines go to: the awslogs driver's awslogs-group, or FireLens's CloudWatch output plugin's log_group_name. */
function containerGroup(c: LoggingContainer): unknown {
    const options = c?.logConfiguration?.options ?? {};
    if (c?.logConfiguration?.logDriver === "awslogs") return options["awslogs-group"];
    if (c?.logConfiguration?.logDriver === "awsfirelens" && /^cloudwatch(_logs)?$/.test(String(options.Name ?? ""))) return options.log_group_name;
    return undefined;
}

/** ECS containers: the group each container's log driver writes. */
function containerGroups(task: PolicyResource): Written {
    const raw = read(task, "containerDefinitions");
    if (raw === UNKNOWN) return "unknown";
    return written(((containersOf(raw) ?? []) as LoggingContainer[]).map(containerGroup));
}

/**
 * Where each application service's lines land: the groups written by the ECS containers named
 * after the service (the log contract's `service`, appLogContract.ts), across the stack's task
 * definitions; "unknown" while some task definition's containers are unknown (preview).
 */
export function serviceLogGroups(resources: PolicyResource[]): Map<AppService, Set<string>> | "unknown" {
    const out = new Map<AppService, Set<string>>();
    for (const task of resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")) {
        const raw = read(task, "containerDefinitions");
        if (raw === UNKNOWN) return "unknown";
        for (const c of (containersOf(raw) ?? []) as LoggingContainer[]) {
            const service = APP_SERVICES.find((s) => s === c?.name);
            const group = groupName(containerGroup(c));
            if (service !== undefined && group !== undefined) out.set(service, new Set([...(out.get(service) ?? []), group]));
        }
    }
    return out;
}

/** The ECS cluster: ECS Exec sessions (OVERRIDE logging to a group) and Container Insights performance events. */
function clusterGroups(cluster: PolicyResource): Written {
    const configuration = read(cluster, "configuration") as { executeCommandConfiguration?: { logging?: string; logConfiguration?: { cloudWatchLogGroupName?: unknown } } } | typeof UNKNOWN | undefined;
    const settings = read(cluster, "settings") as Array<{ name?: string; value?: string }> | typeof UNKNOWN | undefined;
    const name = read(cluster, "name");
    if (configuration === UNKNOWN || settings === UNKNOWN || name === UNKNOWN) return "unknown";
    const exec = configuration?.executeCommandConfiguration;
    const insights = (settings ?? []).some((s) => s?.name === "containerInsights" && s.value !== "disabled");
    return written([
        String(exec?.logging ?? "DEFAULT").toUpperCase() === "OVERRIDE" ? exec?.logConfiguration?.cloudWatchLogGroupName : undefined,
        insights && typeof name === "string" ? `/aws/ecs/containerinsights/${name}/performance` : undefined,
    ]);
}

/** A Lambda function writes /aws/lambda/<name> unless loggingConfig names another group. */
function functionGroups(fn: PolicyResource): Written {
    const name = read(fn, "name");
    const logging = read(fn, "loggingConfig") as { logGroup?: unknown } | typeof UNKNOWN | undefined;
    if (logging === UNKNOWN) return "unknown";
    return logging?.logGroup ? written([logging.logGroup]) : written([typeof name === "string" ? `/aws/lambda/${name}` : name]);
}

/** A canary runs as the function cwsyn-<name>-<id> (its engineArn), so it writes /aws/lambda/cwsyn-<name>-<id>. */
function canaryGroups(canary: PolicyResource): Written {
    const name = read(canary, "name");
    const engine = read(canary, "engineArn");
    if (name === UNKNOWN) return "unknown";
    const fn = typeof engine === "string" ? /:function:([^:]+)/.exec(engine)?.[1] : undefined;
    // A canary being created has no engineArn yet: its group is known by the prefix AWS gives it.
    return written([fn && `/aws/lambda/${fn}`], typeof name === "string" ? [`/aws/lambda/cwsyn-${name}-`] : []);
}

/** RDS exports each log type of enabledCloudwatchLogsExports to /aws/rds/<instance|cluster>/<identifier>/<type>. */
const rdsGroups = (kind: "instance" | "cluster", idProperty: string) => (db: PolicyResource): Written => {
    const id = read(db, idProperty);
    const exports = read(db, "enabledCloudwatchLogsExports");
    if (id === UNKNOWN || exports === UNKNOWN) return "unknown";
    return written(Array.isArray(exports) && typeof id === "string" ? exports.map((t) => `/aws/rds/${kind}/${id}/${t}`) : []);
};

/** ElastiCache delivers each logDeliveryConfigurations entry of type cloudwatch-logs to its destination group. */
function cacheGroups(cache: PolicyResource): Written {
    const configs = read(cache, "logDeliveryConfigurations");
    if (configs === UNKNOWN) return "unknown";
    return written(((configs ?? []) as Array<{ destinationType?: string; destination?: unknown }>)
        .filter((c) => c?.destinationType === "cloudwatch-logs").map((c) => c.destination));
}

/** Writers that name their group (or its ARN) in properties, at the given paths ("a.b" reads nested objects, lists are flattened). */
const byPaths = (...paths: string[]) => (resource: PolicyResource): Written => {
    const values = paths.flatMap((path) => {
        const [head, ...rest] = path.split(".");
        let values: unknown[] = [read(resource, head)];
        for (const key of rest) {
            values = values.flatMap((v) => (v === UNKNOWN ? [v] : [v].flat().map((o) => (o && typeof o === "object" ? (o as Record<string, unknown>)[key] : undefined))));
        }
        return values.flat();
    });
    return written(values);
};

/** VPC flow logs write their logDestination ARN (cloud-watch-logs, the default type) or the older logGroupName. */
function flowLogGroups(flowLog: PolicyResource): Written {
    const type = read(flowLog, "logDestinationType");
    if (type === UNKNOWN) return "unknown";
    return type === undefined || type === "cloud-watch-logs" ? byPaths("logDestination", "logGroupName")(flowLog) : { names: [] };
}

/** Every producer the pack resolves; a log group none of them names is written by nobody. */
export const WRITER_KINDS: WriterKind[] = [
    { label: "ECS containers (awslogs-group, FireLens log_group_name)", types: ["aws:ecs/taskDefinition:TaskDefinition"], groups: containerGroups },
    { label: "ECS clusters (ECS Exec logging, Container Insights)", types: ["aws:ecs/cluster:Cluster"], groups: clusterGroups },
    { label: "Lambda functions (/aws/lambda/<name>, loggingConfig.logGroup)", types: ["aws:lambda/function:Function"], groups: functionGroups },
    { label: "Synthetics canaries (/aws/lambda/cwsyn-<name>-<id>)", types: ["aws:synthetics/canary:Canary"], groups: canaryGroups },
    { label: "RDS instance log exports (/aws/rds/instance/<identifier>/<type>)", types: ["aws:rds/instance:Instance"], groups: rdsGroups("instance", "identifier") },
    { label: "RDS cluster log exports (/aws/rds/cluster/<identifier>/<type>)", types: ["aws:rds/cluster:Cluster"], groups: rdsGroups("cluster", "clusterIdentifier") },
    { label: "ElastiCache log delivery", types: ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"], groups: cacheGroups },
    { label: "CloudTrail trails (cloudWatchLogsGroupArn)", types: ["aws:cloudtrail/trail:Trail"], groups: byPaths("cloudWatchLogsGroupArn") },
    { label: "VPC flow logs", types: ["aws:ec2/flowLog:FlowLog"], groups: flowLogGroups },
    { label: "WAF logging configurations", types: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"], groups: byPaths("logDestinationConfigs") },
    { label: "Route 53 query logging", types: ["aws:route53/queryLog:QueryLog", "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig"], groups: byPaths("cloudwatchLogGroupArn", "destinationArn") },
    { label: "API Gateway access logs", types: ["aws:apigateway/stage:Stage", "aws:apigatewayv2/stage:Stage"], groups: byPaths("accessLogSettings.destinationArn") },
    { label: "Step Functions logging", types: ["aws:sfn/stateMachine:StateMachine"], groups: byPaths("loggingConfiguration.logDestination") },
    { label: "EventBridge targets", types: ["aws:cloudwatch/eventTarget:EventTarget"], groups: byPaths("arn") },
    { label: "CloudWatch Logs delivery destinations", types: ["aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"], groups: byPaths("deliveryDestinationConfiguration.destinationResourceArn") },
    { label: "OpenSearch log publishing", types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"], groups: byPaths("logPublishingOptions.cloudwatchLogGroupArn") },
    { label: "MSK broker logs", types: ["aws:msk/cluster:Cluster"], groups: byPaths("loggingInfo.brokerLogs.cloudwatchLogs.logGroup") },
    { label: "CodeBuild projects", types: ["aws:codebuild/project:Project"], groups: byPaths("logsConfig.cloudwatchLogs.groupName") },
    { label: "Network Firewall logging", types: ["aws:networkfirewall/loggingConfiguration:LoggingConfiguration"], groups: byPaths("loggingConfiguration.logDestinationConfigs.logDestination.logGroup") },
    { label: "Client VPN connection logs", types: ["aws:ec2clientvpn/endpoint:Endpoint"], groups: byPaths("connectionLogOptions.cloudwatchLogGroup") },
];

/**
 * Producers whose target group the pack cannot read from the stack (the CloudWatch agent on an
 * instance is configured in its user data or SSM): while one is in the stack, only groups under a
 * modelled service's /aws/<service>/ prefix are judged.
 */
export const OPAQUE_PRODUCER_TYPES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/launchConfiguration:LaunchConfiguration"];

/** The `/aws/<service>/` prefixes of the producers above: a group named for another AWS service is that service's, which the pack does not model. */
export const MODELLED_SERVICE_PREFIXES = ["lambda", "rds", "ecs", "elasticache", "cloudtrail", "route53", "events"];

/** What the stack's producers write: every named group, the name prefixes, and whether some producer's target is unknown yet. */
export interface WrittenGroups { names: Set<string>; prefixes: string[]; unknown: boolean; opaque: boolean }

export function writtenGroups(resources: PolicyResource[]): WrittenGroups {
    const out: WrittenGroups = { names: new Set(), prefixes: [], unknown: false, opaque: resources.some((r) => OPAQUE_PRODUCER_TYPES.includes(r.type)) };
    for (const kind of WRITER_KINDS) {
        for (const resource of resources.filter((r) => kind.types.includes(r.type))) {
            const w = kind.groups(resource);
            if (w === "unknown") {
                out.unknown = true;
                continue;
            }
            w.names.forEach((n) => out.names.add(n));
            out.prefixes.push(...(w.prefixes ?? []));
        }
    }
    return out;
}

/**
 * Whether the pack judges who writes a group of this name. A name a modelled service dictates
 * (/aws/<service>/…, WAF's aws-waf-logs-…) is always judged: left without its producer it is an
 * orphan. A name the stack chose is judged only when a filter or saved query of the stack reads
 * it (detection then depends on its lines) and no opaque producer may write it; a new group not
 * yet written nor read (created ahead of its service) is left alone.
 */
export function judgedGroupName(name: string, read: boolean, opaque = false): boolean {
    const service = /^\/aws\/([^/]+)\//.exec(name)?.[1];
    if (service !== undefined) return MODELLED_SERVICE_PREFIXES.includes(service);
    return name.startsWith("aws-waf-logs-") || (read && !opaque);
}

/** Whether some producer of the stack writes `name`. */
export function isWritten(name: string, written: WrittenGroups): boolean {
    return written.names.has(name) || written.prefixes.some((p) => name.startsWith(p));
}
