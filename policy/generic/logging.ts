import { Props } from "../lib/define";
import { all, at, given, is, isNot, Rules } from "./checks";
import { concernPolicy } from "./concern";

/** OpenSearch and its legacy Elasticsearch domains publish errors and audit events only when told to. */
const searchDomainLogs = given("logPublishingOptions", "errors and audit events are not published to CloudWatch Logs");

/** Types whose requests or engine logs go nowhere unless configured (ALBs, WAF, VPCs, trails and RDS instances have their own policies). */
export const LOGGING: Rules = {
    "aws:apigateway/stage:Stage": given("accessLogSettings.destinationArn", "requests are not logged"),
    "aws:apigatewayv2/stage:Stage": given("accessLogSettings.destinationArn", "requests are not logged"),
    "aws:cloudfront/distribution:Distribution": given("loggingConfig.bucket", "viewer requests are not logged"),
    "aws:elb/loadBalancer:LoadBalancer": all(given("accessLogs.bucket", "requests are not logged"), isNot("accessLogs.enabled", [false])),
    "aws:opensearch/domain:Domain": searchDomainLogs,
    "aws:elasticsearch/domain:Domain": searchDomainLogs,
    "aws:msk/cluster:Cluster": given("loggingInfo.brokerLogs", "broker logs go nowhere"),
    "aws:eks/cluster:Cluster": props => (Array.isArray(props.enabledClusterLogTypes) && props.enabledClusterLogTypes.includes("audit") ? [] : ["enabledClusterLogTypes does not include audit"]),
    "aws:rds/cluster:Cluster": given("enabledCloudwatchLogsExports", "engine logs stay inside RDS"),
    "aws:docdb/cluster:Cluster": given("enabledCloudwatchLogsExports", "audit and profiler logs stay inside DocumentDB"),
    "aws:neptune/cluster:Cluster": given("enableCloudwatchLogsExports", "audit logs stay inside Neptune"),
    "aws:mq/broker:Broker": is("logs.general", true),
    "aws:ecs/cluster:Cluster": execSessionLogging,
};

/**
 * ECS Exec sessions are recorded in an audit destination: a cluster that configures ECS Exec logs
 * them with OVERRIDE to a log group (or bucket). NONE drops them; DEFAULT (also what a
 * configuration without `logging` means) writes them through each container's awslogs
 * configuration, with the task role's credentials, into the application's own group: mixed with
 * its lines, kept for its shorter retention, and lost where the task role may write only the
 * audit group (ECS ExecuteCommandConfiguration.logging). A cluster with no exec configuration is
 * judged where a service enables ECS Exec on it (paths-verified).
 */
function execSessionLogging(props: Props): string[] {
    const config = at(props, "configuration.executeCommandConfiguration") as Props | undefined;
    if (typeof config !== "object" || config === null) return [];
    const logging = String(config.logging ?? "DEFAULT").toUpperCase();
    if (logging === "NONE") {
        return ["configuration.executeCommandConfiguration.logging is \"NONE\": what operators run in production containers through ECS Exec is not recorded"];
    }
    if (logging !== "OVERRIDE") {
        return [`configuration.executeCommandConfiguration.logging is ${config.logging === undefined ? "unset (DEFAULT)" : JSON.stringify(config.logging)}: ECS Exec sessions go to each container's application log group with the task role's credentials, not to the audit log group; set OVERRIDE with logConfiguration.cloudWatchLogGroupName`];
    }
    const destination = config.logConfiguration as Props | undefined;
    return destination?.cloudWatchLogGroupName || destination?.s3BucketName ? []
        : ["configuration.executeCommandConfiguration.logging is OVERRIDE without a log group or bucket in logConfiguration: ECS Exec sessions are recorded nowhere"];
}

export const loggingEnabled = concernPolicy({
    name: "logging-enabled",
    description: "Every other resource type that serves requests or runs an engine logs them: API Gateway stages, CloudFront, Classic Load Balancers, OpenSearch and Elasticsearch, MSK, EKS audit, Aurora, DocumentDB and Neptune log exports, Amazon MQ, ECS Exec sessions (logging OVERRIDE to an audit log group or bucket: DEFAULT writes them into each application's group).",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: "APIGateway.9",
        remediationSteps: "Configure the log destination named in the message (accessLogSettings, loggingConfig, accessLogs, logPublishingOptions, loggingInfo, enabledClusterLogTypes, log exports, the cluster's executeCommandConfiguration logging OVERRIDE with its audit log group).",
    },
    rules: LOGGING,
});
