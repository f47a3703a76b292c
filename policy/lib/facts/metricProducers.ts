/**
 * Who produces the metrics the stack alarms on that no AWS service publishes on its own, and what
 * AWS asks of them. Program and pack share it: the canary's role is built from these requests
 * (components/monitoring/canary/settings.ts) and paths-verified asks each of the canary's role
 * (policy/paths/metricProducers.ts). Facts modules import nothing.
 *
 * Sources: CloudWatch user guide, "Required roles and permissions for canaries" (the execution
 * role's statements) and "Encrypting canary artifacts" (kms:GenerateDataKey on the artifacts key);
 * CloudWatch API reference, PutMetricData (the `cloudwatch:namespace` condition key); Powertools
 * for AWS Lambda "Metrics" and the aws-embedded-metrics libraries (the embedded metric format).
 */

/** The namespace CloudWatch Synthetics publishes a canary's metrics in (SuccessPercent, Duration …), calling PutMetricData as the canary's execution role. */
export const SYNTHETICS_NAMESPACE = "CloudWatchSynthetics";

/**
 * What Synthetics does as the canary's execution role on every run, by what it is for. The
 * metrics go out with `cloudwatch:namespace` = SYNTHETICS_NAMESPACE; the artifacts under the
 * canary's artifactS3Location (ListAllMyBuckets and GetBucketLocation before the upload), with
 * the artifacts key when it encrypts with SSE-KMS; the logs into the function's group
 * `/aws/lambda/cwsyn-<name>-<id>`, which the role must also create when the stack does not hold it;
 * X-Ray trace segments only when runConfig.activeTracing is on.
 */
export const CANARY_RUN_REQUESTS = {
    metrics: ["cloudwatch:PutMetricData"],
    artifacts: ["s3:PutObject", "s3:GetBucketLocation", "s3:ListAllMyBuckets"],
    artifactsKey: ["kms:GenerateDataKey"],
    logs: ["logs:CreateLogStream", "logs:PutLogEvents"],
    logGroupCreation: ["logs:CreateLogGroup"],
    tracing: ["xray:PutTraceSegments"],
} as const;

/**
 * Settings naming a namespace that libraries publish into as embedded-metric-format log lines
 * (Powertools' Metrics; aws-embedded-metrics): CloudWatch Logs extracts those metrics from the
 * workload's log group, so what the workload needs is to write its logs (judged with its log
 * paths), not PutMetricData. Any other setting whose value is a namespace the stack alarms on
 * is read as the workload calling PutMetricData into it with its runtime role.
 */
export const EMBEDDED_METRIC_SETTINGS: readonly string[] = ["POWERTOOLS_METRICS_NAMESPACE", "AWS_EMF_NAMESPACE"];

/**
 * RDS Enhanced Monitoring: every monitoringInterval, RDS sends the instance's OS metrics as log
 * events into the log group RDSOSMetrics of its region, one stream per instance (named by its
 * resource id), with the instance's monitoringRoleArn; it creates the group and sets its
 * retention with the same role. The statements of AmazonRDSEnhancedMonitoringRole grant exactly
 * these (AWS managed policy reference). Without them the instance runs and the OS metrics stop.
 */
export const RDS_OS_METRICS_GROUP = "RDSOSMetrics";
export const ENHANCED_MONITORING_REQUESTS = {
    group: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
    stream: ["logs:CreateLogStream", "logs:PutLogEvents"],
} as const;
