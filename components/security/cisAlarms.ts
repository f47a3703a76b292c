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

/** An IAM role name as CloudTrail records it (`sessionIssuer.userName`); refuses what would break the pattern. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * "Not made by one of these roles": a deployment changes security groups and role policies by
 * design, so its own changes would page on every deploy. Events of users, the root account and
 * services (no `AssumedRole`) always match, so nothing else is hidden.
 */
export function notByRoles(roleNames: string[]): string {
    for (const r of roleNames) {
        if (!ROLE_NAME.test(r)) throw new Error(`expertconnect:monitoring.deployRoleNames: ${JSON.stringify(r)} is not an IAM role name`);
    }
    if (roleNames.length === 0) return "";
    const issuers = roleNames.map((r) => `($.userIdentity.sessionContext.sessionIssuer.userName != "${r}")`).join(" && ");
    return ` && (($.userIdentity.type != "AssumedRole") || (${issuers}))`;
}

/**
 * The CIS AWS Foundations Benchmark monitoring filters the issue asks for (CloudWatch.1, .2, .4,
 * .10); IAM policy and security-group changes made by `expectedChangeRoles` (the deploy roles)
 * are left out. @default expectedChangeRoles none
 */
export function cisFilters(expectedChangeRoles: string[] = []): CisFilter[] {
    const scope = notByRoles(expectedChangeRoles);
    return [
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
            pattern: `{ (${anyOf([
                "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
                "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
                "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
            ])})${scope} }`,
        },
        {
            metricName: "SecurityGroupChanges",
            key: "security-group-changes",
            description: "A security group was created, deleted or had its rules changed",
            pattern: `{ (${anyOf([
                "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
            ])})${scope} }`,
        },
    ];
}

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
