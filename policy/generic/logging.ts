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
    // DEFAULT (or unset) logs ECS Exec sessions through the task's awslogs configuration; NONE drops them.
    "aws:ecs/cluster:Cluster": props => (String(at(props, "configuration.executeCommandConfiguration.logging") ?? "").toUpperCase() === "NONE"
        ? ["configuration.executeCommandConfiguration.logging is \"NONE\": what operators run in production containers through ECS Exec is not recorded"]
        : []),
};

export const loggingEnabled = concernPolicy({
    name: "logging-enabled",
    description: "Every other resource type that serves requests or runs an engine logs them: API Gateway stages, CloudFront, Classic Load Balancers, OpenSearch and Elasticsearch, MSK, EKS audit, Aurora, DocumentDB and Neptune log exports, Amazon MQ, ECS Exec sessions.",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: "APIGateway.9",
        remediationSteps: "Configure the log destination named in the message (accessLogSettings, loggingConfig, accessLogs, logPublishingOptions, loggingInfo, enabledClusterLogTypes, log exports, the cluster's executeCommandConfiguration logging DEFAULT or OVERRIDE with a log group).",
    },
    rules: LOGGING,
});
