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
    /** What its notification looks like to a subscription's filter policy. */
    message: MessageShape;
}

/**
 * A notification as SNS filters it. A filter policy of scope MessageBody reads the message as a
 * JSON object ("Filter policies for the message body assume that the message payload is a
 * well-formed JSON object": SNS Developer Guide, "Amazon SNS message filtering"), so a plain-text
 * notification matches only what a filter on absent keys would; one of scope MessageAttributes
 * (the default) reads the message attributes the publisher sets, and AWS services publish none
 * unless stated.
 */
export interface MessageShape {
    /** "json": the message is a JSON object (its fields are named by the builders below); "text": plain text. */
    body: "json" | "text";
    /** "none": the service sets no message attributes; "unknown": it sets some this module does not state (attribute filters are not judged). */
    attributes: "none" | "unknown";
    /** Whether the notification is a signal for people (false: CloudTrail's log-file notices, for machines). */
    signal: boolean;
    /** Where the shape is documented. */
    doc: string;
}

export const TOPIC_PUBLISHERS = {
    alarms: {
        types: ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"],
        service: "cloudwatch.amazonaws.com", keyContext: true,
        what: "CloudWatch alarm actions (alarm, OK and insufficient-data), as the alarm's ARN",
        message: { body: "json", attributes: "none", signal: true, doc: "CloudWatch User Guide, \"Amazon SNS notifications for alarms\" (AlarmName, NewStateValue, Trigger …; composite alarms carry AlarmRule instead of Trigger)" },
    },
    eventRules: {
        types: ["aws:cloudwatch/eventTarget:EventTarget"],
        service: "events.amazonaws.com", keyContext: false,
        what: "EventBridge rule targets, as the rule's ARN",
        message: { body: "json", attributes: "none", signal: true, doc: "EventBridge User Guide, \"Events\" (the event JSON: version, id, detail-type, source, account, time, region, resources, detail) and \"Transforming target input\" (Input, InputPath and InputTransformer replace it)" },
    },
    budgets: {
        types: ["aws:budgets/budget:Budget"],
        service: "budgets.amazonaws.com", keyContext: true,
        what: "AWS Budgets notifications, as the budget's ARN",
        message: { body: "text", attributes: "none", signal: true, doc: "AWS Budgets User Guide, \"Receiving budget alerts in Amazon SNS\" (a plain-text \"AWS Budget Notification\")" },
    },
    anomalyAlerts: {
        types: ["aws:costexplorer/anomalySubscription:AnomalySubscription"],
        service: "costalerts.amazonaws.com", keyContext: true,
        what: "Cost Anomaly Detection subscriptions of type SNS, as the subscription's ARN",
        message: { body: "json", attributes: "none", signal: true, doc: "AWS Cost Management User Guide, \"Using Amazon SNS topics\" for cost anomaly alerts (accountId, anomalyId, impact, rootCauses, monitorArn …)" },
    },
    rdsEvents: {
        types: ["aws:rds/eventSubscription:EventSubscription"],
        service: "events.rds.amazonaws.com", keyContext: true,
        what: "RDS event subscriptions, as the ARN of each RDS resource whose events they send",
        message: { body: "json", attributes: "none", signal: true, doc: "RDS User Guide, \"Working with Amazon RDS event notification\" (\"Event Source\", \"Source ID\", \"Source ARN\", \"Event ID\", \"Event Message\")" },
    },
    bucketNotifications: {
        types: ["aws:s3/bucketNotification:BucketNotification"],
        service: "s3.amazonaws.com", keyContext: true,
        what: "S3 event notifications to topics, as the bucket's ARN",
        message: { body: "json", attributes: "none", signal: true, doc: "S3 User Guide, \"Event message structure\" (Records[].eventSource aws:s3, eventName, s3.bucket, s3.object)" },
    },
    backupVaultNotifications: {
        types: ["aws:backup/vaultNotifications:VaultNotifications"],
        service: "backup.amazonaws.com", keyContext: true,
        what: "AWS Backup vault notifications, as the vault's ARN",
        message: { body: "text", attributes: "unknown", signal: true, doc: "AWS Backup Developer Guide, \"Notification options with AWS Backup\" (a plain-text message; AWS Backup's filter examples use attributes)" },
    },
    trails: {
        types: ["aws:cloudtrail/trail:Trail"],
        service: "cloudtrail.amazonaws.com", keyContext: true,
        what: "CloudTrail log-file notifications (snsTopicName), as the trail's ARN",
        message: { body: "json", attributes: "none", signal: false, doc: "CloudTrail User Guide, \"Configuring Amazon SNS notifications for CloudTrail\" (s3Bucket, s3ObjectKey: a new log file, not an event)" },
    },
} as const satisfies Record<string, TopicPublisher>;

/**
 * The names CloudWatch writes in an alarm notification's Region field (the region's long name, not
 * its code: CloudWatch User Guide, "Amazon SNS notifications for alarms"); other regions fall back
 * to their code, which no filter written for the long name would match anyway.
 */
export const ALARM_REGION_NAMES: Readonly<Record<string, string>> = {
    "us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
    "eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)", "eu-central-1": "EU (Frankfurt)", "ap-southeast-2": "Asia Pacific (Sydney)",
};

/** What an alarm notification is built from: the alarm's settings as the stack states them. */
export interface AlarmNotificationFacts {
    name: string;
    description?: string | null;
    arn?: string;
    /** The state the notification announces: ALARM for alarmActions, OK for okActions. */
    state: "ALARM" | "OK" | "INSUFFICIENT_DATA";
    /** A metric alarm's single metric; absent for metric-math and composite alarms. */
    metric?: { metricName?: unknown; namespace?: unknown; statistic?: unknown; period?: unknown; evaluationPeriods?: unknown; dimensions: Record<string, unknown> };
    comparisonOperator?: unknown;
    threshold?: unknown;
    /** A metric-math alarm's queries (Trigger.Metrics). */
    metrics?: unknown[];
    /** A composite alarm's rule (AlarmRule replaces Trigger). */
    rule?: string;
}

/** The JSON CloudWatch publishes for an alarm's state change (CloudWatch User Guide, "Amazon SNS notifications for alarms"). */
export function alarmNotification(a: AlarmNotificationFacts): Record<string, unknown> {
    const [, , , region, account] = (a.arn ?? "").split(":");
    const common = {
        AlarmName: a.name, AlarmDescription: a.description ?? null, AWSAccountId: account || undefined,
        NewStateValue: a.state, NewStateReason: a.state === "ALARM" ? "Threshold Crossed" : "Threshold no longer crossed",
        StateChangeTime: "2026-01-01T00:00:00.000+0000", Region: region ? ALARM_REGION_NAMES[region] ?? region : undefined, AlarmArn: a.arn,
        OldStateValue: a.state === "OK" ? "ALARM" : "OK",
    };
    if (a.rule !== undefined) return { ...common, AlarmRule: a.rule, TriggeringChildren: [] };
    const trigger = a.metric
        ? { MetricName: a.metric.metricName, Namespace: a.metric.namespace, StatisticType: "Statistic", Statistic: typeof a.metric.statistic === "string" ? a.metric.statistic.toUpperCase() : a.metric.statistic,
            Unit: null, Dimensions: Object.entries(a.metric.dimensions).map(([name, value]) => ({ value, name })), Period: a.metric.period, EvaluationPeriods: a.metric.evaluationPeriods }
        : { Metrics: a.metrics ?? [] };
    return { ...common, Trigger: { ...trigger, ComparisonOperator: a.comparisonOperator, Threshold: a.threshold, TreatMissingData: "", EvaluateLowSampleCountPercentile: "" } };
}

/** The plain text AWS Budgets publishes when a budget's notification threshold is crossed (AWS Budgets User Guide). */
export function budgetNotification(budget: string, account?: string): string {
    return `AWS Budget Notification January 01, 2026\nAWS Account ${account ?? ""}\n\nDear AWS Customer,\n\nYou requested that we alert you when the ACTUAL Cost associated with your ${budget} budget is greater than 100% of your budgeted amount.`;
}

/** The JSON Cost Anomaly Detection publishes for an anomaly an IMMEDIATE subscription alerts on (AWS Cost Management User Guide). */
export function anomalyNotification(subscription: string, account?: string, monitorArn?: string): Record<string, unknown> {
    return {
        accountId: account, anomalyStartDate: "2026-01-01T00:00:00Z", anomalyEndDate: "2026-01-02T00:00:00Z", anomalyId: "00000000-0000-0000-0000-000000000000",
        dimensionalValue: "AmazonEC2", monitorArn, monitorName: "services", subscriptionName: subscription,
        anomalyScore: { maxScore: 0.9, currentScore: 0.9 }, impact: { maxImpact: 150, totalActualSpend: 300, totalExpectedSpend: 150, totalImpact: 150, totalImpactPercentage: 100 },
        rootCauses: [{ linkedAccount: account, region: "us-east-1", service: "Amazon Elastic Compute Cloud - Compute", usageType: "BoxUsage" }],
        anomalyDetailsLink: "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors",
    };
}

/** The JSON RDS publishes for an event of an event subscription's source (RDS User Guide, "Working with Amazon RDS event notification"). */
export function rdsEventNotification(sourceType: string, sourceId: string, sourceArn?: string): Record<string, unknown> {
    return {
        "Event Source": sourceType, "Event Time": "2026-01-01 00:00:00.000", "Identifier Link": `https://console.aws.amazon.com/rds/home#dbinstance:id=${sourceId}`,
        "Source ID": sourceId, "Source ARN": sourceArn, "Event ID": "http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0031", "Event Message": "DB instance failed",
    };
}

/** The JSON S3 publishes for an event of a bucket's notification (S3 User Guide, "Event message structure"). */
export function s3EventNotification(bucket: string, eventName: string, region?: string): Record<string, unknown> {
    return {
        Records: [{
            eventVersion: "2.1", eventSource: "aws:s3", awsRegion: region, eventTime: "2026-01-01T00:00:00.000Z", eventName: eventName.replace(/^s3:/, "").replace(/\*$/, "Put"),
            s3: { s3SchemaVersion: "1.0", configurationId: "notification", bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: "object", size: 1 } },
        }],
    };
}

/** The plain text AWS Backup publishes for a vault event (AWS Backup Developer Guide, "Notification options with AWS Backup"). */
export function backupVaultNotification(vault: string, event: string): string {
    return `An AWS Backup job event ${event} occurred in backup vault ${vault}.`;
}

/** CloudTrail's notice of a new log file (CloudTrail User Guide): for machines, not a signal. */
export function trailNotification(bucket: string): Record<string, unknown> {
    return { s3Bucket: bucket, s3ObjectKey: ["AWSLogs/log.json.gz"] };
}
