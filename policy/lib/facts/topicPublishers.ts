/**
 * The AWS services that publish to an SNS topic on the stack's behalf, by the resource that makes
 * them publish, stated once. A service publishes as its service principal: the topic policy must
 * let it call sns:Publish (with the confused-deputy context it sends: aws:SourceAccount, the
 * account, and aws:SourceArn, the resource it publishes for), and, when the topic is encrypted
 * with a customer managed key, the key policy must let it call kms:GenerateDataKey* and
 * kms:Decrypt (SNS Developer Guide, "Enable compatibility between event sources from AWS services
 * and encrypted topics", whose table lists the principals; each service's guide gives the source
 * ARN). Without either, AWS drops every notification and nothing says so. paths-verified
 * evaluates every publisher of the stack against its topic's policy and key; the alarm topic
 * (components/monitoring/topicPolicy.ts) admits the services of the publishers the program has.
 * Services that publish through an IAM role (EC2 Auto Scaling, AWS Config, CodePipeline …) or
 * not at all to encrypted topics are not listed. Facts modules import nothing.
 */

/** One kind of publisher: the resources that hand a topic to a service, and how that service calls. */
export interface TopicPublisher {
    /** Type tokens of the resources that make the service publish. */
    types: readonly string[];
    /** The service principal that calls sns:Publish and, on an encrypted topic, KMS. */
    service: string;
    /**
     * Whether the service's KMS requests carry the aws:SourceAccount and aws:SourceArn it publishes
     * with. EventBridge's carry neither ("not supported for EventBridge-to-encrypted topics"), so a
     * key policy may not condition its grant to EventBridge on them.
     */
    keyContext: boolean;
    /** What publishes and with which source ARN (messages and docs). */
    what: string;
}

export const TOPIC_PUBLISHERS = {
    alarms: {
        types: ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"],
        service: "cloudwatch.amazonaws.com", keyContext: true,
        what: "CloudWatch alarm actions (alarm, OK and insufficient-data), as the alarm's ARN",
    },
    eventRules: {
        types: ["aws:cloudwatch/eventTarget:EventTarget"],
        service: "events.amazonaws.com", keyContext: false,
        what: "EventBridge rule targets, as the rule's ARN",
    },
    budgets: {
        types: ["aws:budgets/budget:Budget"],
        service: "budgets.amazonaws.com", keyContext: true,
        what: "AWS Budgets notifications, as the budget's ARN",
    },
    anomalyAlerts: {
        types: ["aws:costexplorer/anomalySubscription:AnomalySubscription"],
        service: "costalerts.amazonaws.com", keyContext: true,
        what: "Cost Anomaly Detection subscriptions of type SNS, as the subscription's ARN",
    },
    rdsEvents: {
        types: ["aws:rds/eventSubscription:EventSubscription"],
        service: "events.rds.amazonaws.com", keyContext: true,
        what: "RDS event subscriptions, as the ARN of each RDS resource whose events they send",
    },
    bucketNotifications: {
        types: ["aws:s3/bucketNotification:BucketNotification"],
        service: "s3.amazonaws.com", keyContext: true,
        what: "S3 event notifications to topics, as the bucket's ARN",
    },
    backupVaultNotifications: {
        types: ["aws:backup/vaultNotifications:VaultNotifications"],
        service: "backup.amazonaws.com", keyContext: true,
        what: "AWS Backup vault notifications, as the vault's ARN",
    },
    trails: {
        types: ["aws:cloudtrail/trail:Trail"],
        service: "cloudtrail.amazonaws.com", keyContext: true,
        what: "CloudTrail log-file notifications (snsTopicName), as the trail's ARN",
    },
} as const satisfies Record<string, TopicPublisher>;
