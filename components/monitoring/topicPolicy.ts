import { policyDocument, PolicyStatement } from "../../lib/iam";

/** Services that publish to the topic: alarms, EventBridge rules, AWS Budgets, Cost Anomaly Detection. */
export const TOPIC_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] as const;

/**
 * Topic policy: only CloudWatch alarms, EventBridge rules, budget and cost anomaly alerts of this account may publish, and
 * only over TLS. The account manages the topic through IAM, as it does its other resources.
 */
export function alarmTopicPolicy(topicArn: string, accountId: string): string {
    const statements: PolicyStatement[] = [
        {
            Sid: "AccountManagesTopic",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: [
                "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
                "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish",
            ],
            Resource: topicArn,
        },
        {
            Sid: "AlarmsAndEventsOfThisAccountPublish",
            Effect: "Allow",
            Principal: { Service: [...TOPIC_PUBLISHERS] },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ];
    return policyDocument(statements);
}
