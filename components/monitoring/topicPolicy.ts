import { policyDocument, PolicyStatement } from "../../lib/iam";
import { TOPIC_PUBLISHERS } from "../../policy/lib/facts/topicPublishers";
import type { KeyServiceGrant } from "../security/keyPolicy";

/**
 * The publishers of the alarm topic: alarms, EventBridge rules, AWS Budgets and Cost Anomaly
 * Detection (policy/lib/facts/topicPublishers.ts, whose every publisher the pack verifies against
 * its topic's policy and key). Another service publishing to the topic (an RDS event subscription,
 * S3 notifications) joins this list, or AWS drops its notifications.
 */
export const ALARM_TOPIC_PUBLISHERS = [TOPIC_PUBLISHERS.alarms, TOPIC_PUBLISHERS.eventRules, TOPIC_PUBLISHERS.budgets, TOPIC_PUBLISHERS.anomalyAlerts] as const;

/**
 * The topic key's grants to those publishers: each may use the key for this account's messages,
 * except that EventBridge's KMS calls carry no aws:SourceAccount (the topic policy scopes it).
 */
export function alarmTopicKeyGrants(): KeyServiceGrant[] {
    return ALARM_TOPIC_PUBLISHERS.map((p) => (p.keyContext ? { service: p.service } : { service: p.service, sourceAccount: false }));
}

/**
 * Topic policy: only the topic's publishers (CloudWatch alarms, EventBridge rules, budget and cost anomaly alerts) of this account may publish, and
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
            Principal: { Service: ALARM_TOPIC_PUBLISHERS.map((p) => p.service) },
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
