import type { AlarmDefinition } from "../monitoring/alarms/definition";

/** Namespace of the metrics the trail's metric filters publish. */
export const SECURITY_METRICS_NAMESPACE = "ExpertConnect/Security";

/** A CloudWatch Logs metric filter on the trail's log group, and what its alarm says. */
export interface CisFilter {
    /** Metric name and name suffix: `RootAccountUsage`. */
    metricName: string;
    /** Alarm name suffix: `root-account-usage`. */
    key: string;
    description: string;
    /** CloudWatch Logs filter pattern over CloudTrail JSON. */
    pattern: string;
}

const anyOf = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");

/** The CIS AWS Foundations Benchmark monitoring filters the issue asks for (CloudWatch.1, .2, .4, .10). */
export const cisFilters: CisFilter[] = [
    {
        metricName: "RootAccountUsage",
        key: "root-account-usage",
        description: "The root user made an API call (CIS: avoid the use of the root user)",
        pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    },
    {
        metricName: "UnauthorizedApiCalls",
        key: "unauthorized-api-calls",
        description: "API calls were denied: probing, or a misconfigured role",
        pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    },
    {
        metricName: "IamPolicyChanges",
        key: "iam-policy-changes",
        description: "An IAM policy was created, changed, attached or detached",
        pattern: `{ ${anyOf([
            "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
            "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
            "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
        ])} }`,
    },
    {
        metricName: "SecurityGroupChanges",
        key: "security-group-changes",
        description: "A security group was created, deleted or had its rules changed",
        pattern: `{ ${anyOf([
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
        ])} }`,
    },
];

/**
 * The alarm on one filter's metric: any occurrence in five minutes notifies. No datapoint
 * means no such event, so missing data is not breaching.
 */
export function cisAlarm(project: string, filter: CisFilter): AlarmDefinition {
    return {
        name: `${project}-${filter.key}`,
        description: filter.description,
        metric: { namespace: SECURITY_METRICS_NAMESPACE, metricName: filter.metricName, dimensions: {}, statistic: "Sum" },
        window: { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
    };
}
