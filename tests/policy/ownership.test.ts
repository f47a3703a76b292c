/**
 * ownership-references, adversarially: fields that must name this stack's own resources (keys,
 * alarm actions, backup selections, replication targets, replica sources, log destinations,
 * roles, images) pointed at another account, at every account, or at nothing in the stack.
 */
import { ownershipDnsTargets } from "../../policy/ownership/dnsTargets";
import { ownershipReferences } from "../../policy/ownership/references";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";
import { adding, allow, BUCKET_ARN, doc, find, FOREIGN, iamStack, KEY_ARN, REGION, ROLE_ARN, SECRET_ARN, TOPIC_ARN } from "./support/iam";

const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-prod-db`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/vpc/expertconnect-prod-flow-logs`;
const TASK_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:1`;
const DR_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1cd2001c-8305-4679-a382-559a5eab60cb`;
const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-backend`;
/** The repository the backend's image comes from. */
const backendRepository = (): StackResourceInput => ({ type: "aws:ecr/repository:Repository", name: "backend-repo", props: { arn: REPO_ARN, repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend` } });
const LAYER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:pg-helpers:3`;
/** GuardDuty's Fargate agent repository of the region, which ECS pulls with the execution role. */
const GUARDDUTY_AGENT = `arn:aws:ecr:${REGION}:593207742271:repository/aws-guardduty-agent-fargate`;
const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const foreign = (arn: string) => arn.replace(ACCOUNT, FOREIGN);
const unnamed = (arn: string) => arn.replace(/[^/:]+$/, "not-in-this-stack");

function stack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:rds/instance:Instance", name: "database", props: { arn: DB_ARN, kmsKeyId: KEY_ARN, performanceInsightsKmsKeyId: KEY_ARN }, propertyDependencies: { kmsKeyId: ["key"] } },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "flow-logs", props: { arn: LOG_GROUP_ARN, kmsKeyId: KEY_ARN } },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "cpu-alarm",
            props: {
                alarmActions: [TOPIC_ARN, `arn:aws:swf:${REGION}:${ACCOUNT}:action/actions/AWS_EC2.InstanceId.Reboot/1.0`, `arn:aws:ssm:${REGION}:${ACCOUNT}:opsitem:2`],
                okActions: [TOPIC_ARN, `arn:aws:automate:${REGION}:ec2:recover`],
            },
        },
        { type: "aws:backup/selection:Selection", name: "backup-selection", props: { iamRoleArn: ROLE_ARN, resources: [DB_ARN] } },
        { type: "aws:ec2/flowLog:FlowLog", name: "flow-log", props: { logDestination: LOG_GROUP_ARN, iamRoleArn: ROLE_ARN } },
        {
            type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "replication",
            props: { role: ROLE_ARN, rules: [{ status: "Enabled", destination: { bucket: BUCKET_ARN, encryptionConfiguration: { replicaKmsKeyId: KEY_ARN } } }] },
        },
        {
            type: "aws:ecs/taskDefinition:TaskDefinition", name: "task",
            props: { arn: TASK_ARN, taskRoleArn: ROLE_ARN, containerDefinitions: JSON.stringify([{ name: "backend", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:1.4.2` }]) },
        },
        { type: "aws:ecs/service:Service", name: "service", props: { name: "expertconnect-prod-backend", taskDefinition: TASK_ARN } },
        backendRepository(),
        { type: "aws:lambda/layerVersion:LayerVersion", name: "pg-layer", props: { arn: LAYER_ARN, layerArn: LAYER_ARN.replace(/:\d+$/, "") } },
        { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } },
        { type: "aws:route53/record:Record", name: "app-record", props: { name: "app.expertconnect.example", type: "A", records: ["10.0.0.10"] } },
        { type: "aws:cloudwatch/logDestination:LogDestination", name: "own-destination", props: { arn: OWN_DESTINATION, name: "collector" } },
        { type: "aws:cloudwatch/eventApiDestination:EventApiDestination", name: "pager-hook", props: { arn: OWN_API_DESTINATION, invocationEndpoint: "https://events.pagerduty.com/v2/enqueue" } },
    ];
}

const OWN_DESTINATION = `arn:aws:logs:${REGION}:${ACCOUNT}:destination:collector`;
const OWN_API_DESTINATION = `arn:aws:events:${REGION}:${ACCOUNT}:api-destination/pager/0a1b`;
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const firehose = (props: Record<string, unknown>) => adding({ type: FIREHOSE, name: "stream", props: { name: "expertconnect-logs", ...props } });
const accountPolicy = (destination: string) => adding({
    type: "aws:cloudwatch/logAccountPolicy:LogAccountPolicy", name: "all-logs",
    props: { policyName: "all-logs", policyType: "SUBSCRIPTION_FILTER_POLICY", scope: "ALL", policyDocument: JSON.stringify({ DestinationArn: destination, FilterPattern: "" }) },
});
const eventTarget = (arn: string) => adding({ type: "aws:cloudwatch/eventTarget:EventTarget", name: "target", props: { rule: "findings", arn } });
const resolverRule = (ip: string) => adding({ type: "aws:route53/resolverRule:ResolverRule", name: "forward", props: { domainName: "corp.example", ruleType: "FORWARD", targetIps: [{ ip, port: 53 }] } });
/** The backend task policy with one more statement. */
const taskMay = (statement: object) => setProp("backend-task-policy", p => { p.policy = doc(...JSON.parse(p.policy).Statement, statement); });

const LAMBDA = "aws:lambda/function:Function";
/** A function running as the stack's role, with its code from the stack's bucket and the stack's layer. */
const fn = (props: Record<string, unknown> = {}) => adding({ type: LAMBDA, name: "db-tasks", props: { name: "db-tasks", role: ROLE_ARN, s3Bucket: "expertconnect-prod-static", s3Key: "db-tasks.zip", layers: [LAYER_ARN], ...props } });
const taskImage = (image: string) => setProp("task", p => { p.containerDefinitions = JSON.stringify([{ name: "backend", image }]); });

const OTHER_KEY_ID = "11111111-2222-3333-4444-555555555555";
/** The database key's component: a key and its alias created together, and another key of the stack elsewhere. */
const withKeyComponent = (targetKeyId: string) => adding(
    { type: "expertconnect:security:EncryptionKey", name: "database-key-component", props: {} },
    { type: "aws:kms/key:Key", name: "database-key", parent: "database-key-component", props: { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`, keyId: "17d0b097-06a3-413f-a8f0-768c2f7a8a66" } },
    { type: "aws:kms/alias:Alias", name: "database-key-alias", parent: "database-key-component", props: { name: "alias/expertconnect-prod-db", targetKeyId } },
    { type: "aws:kms/key:Key", name: "logs-key", props: { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${OTHER_KEY_ID}`, keyId: OTHER_KEY_ID } },
);
const setProp = (name: string, change: (props: Record<string, any>) => void) => (s: StackResourceInput[]) => change(find(s, name).props);

describe("ownership-references", () => {
    stackTable(ownershipReferences, stack(), {
        passes: {
            "a key's alias targets the key created beside it (by key id)": { change: withKeyComponent("17d0b097-06a3-413f-a8f0-768c2f7a8a66") },
            "a key's alias targets the key created beside it (by ARN)": { change: withKeyComponent(`arn:aws:kms:${REGION}:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`) },
            "an extra alias outside the key's component targets another key": {
                change: s => { withKeyComponent("17d0b097-06a3-413f-a8f0-768c2f7a8a66")(s); s.push({ type: "aws:kms/alias:Alias", name: "db-alias-v2", props: { name: "alias/expertconnect-prod-db-v2", targetKeyId: OTHER_KEY_ID } }); },
            },
            "the dr replica's source is prod's database in the other region": {
                change: adding({ type: "aws:rds/instance:Instance", name: "replica", props: { replicateSourceDb: `arn:aws:rds:us-west-2:${ACCOUNT}:db:expertconnect-prod-db`, kmsKeyId: KEY_ARN } }),
            },
            "a backup copy goes to a vault of this account in the recovery region": {
                change: adding({ type: "aws:backup/plan:Plan", name: "plan", props: { rules: [{ copyActions: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:copy` }] }] } }),
            },
            "a cross-region key of this account for a replica": { change: setProp("replication", p => { p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = DR_KEY; }) },
            "a key that a referenced stack exports (prod's replica key, used by dr)": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { replicaKeyArn: unnamed(KEY_ARN) } } });
                    find(s, "database").props.kmsKeyId = unnamed(KEY_ARN);
                },
            },
            "an AWS managed key alias": { change: setProp("flow-logs", p => { p.kmsKeyId = "alias/aws/logs"; }) },
            "a key referenced by its key id": { change: setProp("database", p => { p.kmsKeyId = KEY_ARN.split("/")[1]; }) },
            "a service names its task definition by family and revision": { change: setProp("service", p => { p.taskDefinition = "expertconnect-prod-backend:1"; }) },
            "references not yet known (preview)": { change: setProp("cpu-alarm", p => { p.alarmActions = [UNKNOWN]; }) },
            "a partner account listed as trusted": { change: setProp("cpu-alarm", p => { p.alarmActions = [foreign(TOPIC_ARN)]; }), config: { trustedAccountIds: [FOREIGN] } },
            "a trail, Config and load balancer logs delivered to a bucket of the stack": {
                change: s => {
                    s.push({ type: "aws:cloudtrail/trail:Trail", name: "trail", props: { s3BucketName: "expertconnect-prod-static" } });
                    s.push({ type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "config", props: { s3BucketName: "expertconnect-prod-static" } });
                    s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-static", enabled: true } } });
                },
            },
            "CloudFront logs to a bucket of the stack, named by its domain": {
                change: adding({ type: "aws:cloudfront/distribution:Distribution", name: "cdn", props: { loggingConfig: { bucket: "expertconnect-prod-static.s3.amazonaws.com" } } }),
            },
            "Config delivers into the bucket a referenced stack exports (dr into prod's)": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { configBucketName: `config-bucket-${ACCOUNT}` } } });
                    s.push({ type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "config", props: { s3BucketName: `config-bucket-${ACCOUNT}` } });
                },
            },
            "Firehose into the stack's own bucket": { change: firehose({ destination: "extended_s3", extendedS3Configuration: { bucketArn: BUCKET_ARN, roleArn: ROLE_ARN } }) },
            "Firehose to a paging service's HTTPS endpoint (subscriberDomains), failed records to the stack's bucket": {
                change: firehose({ destination: "http_endpoint", httpEndpointConfiguration: { url: "https://events.pagerduty.com/x", s3Configuration: { bucketArn: `${BUCKET_ARN}/failed` } } }),
            },
            "an account-wide log subscription to the stack's own destination": { change: accountPolicy(OWN_DESTINATION) },
            "an API destination to a host of the organization's own domain": {
                change: adding({ type: "aws:cloudwatch/eventApiDestination:EventApiDestination", name: "own-hook", props: { invocationEndpoint: "https://hooks.expertconnect.example/in" } }),
            },
            "an API destination to a host of a configured external service": {
                change: adding({ type: "aws:cloudwatch/eventApiDestination:EventApiDestination", name: "vendor-hook", props: { invocationEndpoint: "https://in.vendor.example.net/x" } }),
                config: { subscriberDomains: ["pagerduty.com", "vendor.example.net"] },
            },
            "an event rule targets the stack's API destination": { change: eventTarget(OWN_API_DESTINATION) },
            "an event rule archives to a log group of the account": { change: eventTarget(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/findings`) },
            "a resolver rule forwarding to a resolver inside the VPC": { change: resolverRule("10.0.12.2") },
            "the task role may write any bucket of its own account only (aws:ResourceAccount)": {
                change: taskMay(allow("s3:PutObject", "*", { Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } })),
            },
            "the task role may publish to the stack's topic and invoke functions of its own account only": {
                change: taskMay(allow(["sns:Publish", "lambda:InvokeFunction"], [TOPIC_ARN, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`])),
            },
            "the task role may write a bucket prod's stack exports": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { staticBucket: "expertconnect-prod-static-us-west-2" } } });
                    taskMay(allow("s3:PutObject", "arn:aws:s3:::expertconnect-prod-static-us-west-2/*"))(s);
                },
            },
            "a database's S3 export role of the stack, writing the stack's bucket": {
                change: adding({ type: "aws:rds/roleAssociation:RoleAssociation", name: "s3-export", props: { dbInstanceIdentifier: "expertconnect-prod-db", featureName: "s3Export", roleArn: ROLE_ARN } }),
            },
            "a topic's HTTPS subscription to the paging service and e-mail to the organization": {
                change: adding(
                    { type: "aws:sns/topicSubscription:TopicSubscription", name: "pager", props: { topic: TOPIC_ARN, protocol: "https", endpoint: "https://events.pagerduty.com/integration/x/enqueue" } },
                    { type: "aws:sns/topicSubscription:TopicSubscription", name: "oncall", props: { topic: TOPIC_ARN, protocol: "email", endpoint: "oncall@expertconnect.example" } },
                ),
            },
            "a topic subscribes a queue of the account (it keeps the messages in the account)": {
                change: adding({ type: "aws:sns/topicSubscription:TopicSubscription", name: "queue-sub", props: { topic: TOPIC_ARN, protocol: "sqs", endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:tickets` } }),
            },
            "a Security Hub automation rule's criteria name a bucket outside the stack (a filter, not a destination)": {
                change: adding({ type: "aws:securityhub/automationRule:AutomationRule", name: "mute-logs", props: { ruleName: "mute", criteria: { resourceIds: [{ comparison: "EQUALS", value: "arn:aws:s3:::expertconnect-prod-logs" }] } } }),
            },
            "a topic subscribes a function of this account outside the stack (a Slack notifier)": {
                change: adding({ type: "aws:sns/topicSubscription:TopicSubscription", name: "slack", props: { topic: TOPIC_ARN, protocol: "lambda", endpoint: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-slack-notifier` } }),
            },
            "an event rule targets a remediation function of this account": {
                change: adding({ type: "aws:cloudwatch/eventTarget:EventTarget", name: "remediate", props: { rule: "guardduty-high", arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-gd-remediate` } }),
            },
            "a schedule targeting the stack's topic": { change: adding({ type: "aws:scheduler/schedule:Schedule", name: "schedule", props: { target: { arn: TOPIC_ARN, roleArn: ROLE_ARN } } }) },
            "a function runs as the stack's role, its code and layer the stack's": { change: fn() },
            "a function from an image of the stack's repository": { change: fn({ s3Bucket: undefined, s3Key: undefined, packageType: "Image", imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:v1.2.0` }) },
            "Config records through its service-linked role (AWS defines its policy)": {
                change: adding({ type: "aws:cfg/recorder:Recorder", name: "recorder", props: { roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` } }),
            },
            "dr's task pulls the replica repository prod's stack exports": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { replicaRepositoryUrls: { backend: `${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend` } } } });
                    taskImage(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.0.0`)(s);
                },
            },
            "a public ECR image (the X-Ray daemon)": { change: taskImage("public.ecr.aws/xray/aws-xray-daemon:3.3.16") },
            "the role may pull the stack's repository and GuardDuty's Fargate agent": { change: taskMay(allow(PULL, [REPO_ARN, GUARDDUTY_AGENT])) },
            "a task pulls, and its role may pull, a trusted build account's repository": {
                change: s => { taskImage(`${FOREIGN}.dkr.ecr.${REGION}.amazonaws.com/builds:2.0.1`)(s); taskMay(allow(PULL, `arn:aws:ecr:${REGION}:${FOREIGN}:repository/builds`))(s); },
                config: { trustedAccountIds: [FOREIGN] },
            },
            "an application the stack's own account publishes in the Serverless Application Repository": {
                change: adding({ type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", name: "rotation", props: { applicationId: `arn:aws:serverlessrepo:us-east-1:${ACCOUNT}:applications/expertconnect-tools` } }),
            },
            "AWS's rotation application from the Serverless Application Repository": {
                change: adding({ type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", name: "rotation", props: { applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser" } }),
            },
        },
        violations: {
            "a same-named rotation application of another account (a look-alike publisher)": {
                change: adding({ type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", name: "rotation", props: { applicationId: `arn:aws:serverlessrepo:us-east-1:${FOREIGN}:applications/SecretsManagerRDSPostgreSQLRotationSingleUser` } }),
                message: new RegExp(`rotation.applicationId names account ${FOREIGN} .*not this stack's account ${ACCOUNT} or AWS's own \\(297356227824\\)`),
            },
            "the database key's alias repointed to the logs key": {
                change: withKeyComponent(OTHER_KEY_ID), message: /database-key-alias \(alias\/expertconnect-prod-db\).targetKeyId names 11111111-2222-3333-4444-555555555555, not the key database-key/,
            },
            "pack config says the stack lives in another account than its references": { config: { accountId: FOREIGN }, message: new RegExp(`names account ${ACCOUNT}`) },
            "a database encrypted with another account's key": { change: setProp("database", p => { p.kmsKeyId = foreign(KEY_ARN); }), message: new RegExp(`database.*kmsKeyId.*${FOREIGN}`) },
            "Performance Insights under another account's key": { change: setProp("database", p => { p.performanceInsightsKmsKeyId = foreign(KEY_ARN); }), message: /performanceInsightsKmsKeyId/ },
            "a key of this account that is no key of the stack": { change: setProp("database", p => { p.kmsKeyId = unnamed(KEY_ARN); }), message: /kmsKeyId.*no resource of this stack/ },
            "a topic encrypted with another account's key alias": { change: setProp("alarms", p => { p.kmsMasterKeyId = `arn:aws:kms:${REGION}:${FOREIGN}:alias/shared`; }), message: new RegExp(FOREIGN) },
            "an alarm notifies another account's topic": { change: setProp("cpu-alarm", p => { p.alarmActions = [foreign(TOPIC_ARN)]; }), message: new RegExp(`alarmActions.*${FOREIGN}`) },
            "an alarm notifies a topic outside the stack": { change: setProp("cpu-alarm", p => { p.okActions = [unnamed(TOPIC_ARN)]; }), message: /okActions.*no resource of this stack/ },
            "a backup selection takes another account's database": { change: setProp("backup-selection", p => { p.resources = [foreign(DB_ARN)]; }), message: new RegExp(FOREIGN) },
            "a backup selection names databases of every account": { change: setProp("backup-selection", p => { p.resources = ["arn:aws:rds:*:*:db:*"]; }), message: /every account/ },
            "a service runs a task-definition revision registered outside the program": { change: setProp("service", p => { p.taskDefinition = TASK_ARN.replace(/:1$/, ":7"); }), message: /service.taskDefinition names .*expertconnect-prod-backend:7, which is no resource of this stack/ },
            "a backup selection names a database outside the stack": { change: setProp("backup-selection", p => { p.resources = [unnamed(DB_ARN)]; }), message: /no resource of this stack/ },
            "backups run under another account's role": { change: setProp("backup-selection", p => { p.iamRoleArn = foreign(ROLE_ARN); }), message: /iamRoleArn/ },
            "replication to another account's bucket": {
                change: setProp("replication", p => { p.rules[0].destination.account = FOREIGN; }), message: new RegExp(`account.*${FOREIGN}`),
            },
            "replication to a bucket that is not in the stack": {
                change: setProp("replication", p => { p.rules[0].destination.bucket = "arn:aws:s3:::someone-elses-bucket"; }), message: /destination.bucket names bucket someone-elses-bucket .*no bucket of this stack/,
            },
            "Firehose into a bucket the stack does not hold": {
                change: firehose({ destination: "extended_s3", extendedS3Configuration: { bucketArn: "arn:aws:s3:::partner-log-archive", roleArn: ROLE_ARN } }), message: /extendedS3Configuration.bucketArn names bucket partner-log-archive/,
            },
            "Firehose backing up to a bucket the stack does not hold": {
                change: firehose({ destination: "http_endpoint", httpEndpointConfiguration: { url: "https://events.pagerduty.com/x", s3Configuration: { bucketArn: "arn:aws:s3:::elsewhere" } } }), message: /s3Configuration.bucketArn names bucket elsewhere/,
            },
            "Firehose to an external HTTP endpoint": {
                change: firehose({ destination: "http_endpoint", httpEndpointConfiguration: { url: "https://ingest.logs-vendor.example.net/v1", s3Configuration: { bucketArn: BUCKET_ARN } } }),
                message: /httpEndpointConfiguration.url .*host ingest.logs-vendor.example.net/,
            },
            "Firehose to an external Splunk HEC host": {
                change: firehose({ destination: "splunk", splunkConfiguration: { hecEndpoint: "splunk.attacker.example:8088", s3Configuration: { bucketArn: BUCKET_ARN } } }), message: /splunkConfiguration.hecEndpoint/,
            },
            "an account-wide log subscription to another account's destination": {
                change: accountPolicy(`arn:aws:logs:${REGION}:${FOREIGN}:destination:central`), message: new RegExp(`all-logs.policyDocument.DestinationArn names account ${FOREIGN}`),
            },
            "an account-wide log subscription to a destination outside the stack": {
                change: accountPolicy(`arn:aws:logs:${REGION}:${ACCOUNT}:destination:other`), message: /policyDocument.DestinationArn names .*no resource of this stack/,
            },
            "a vended-log delivery destination in a bucket the stack does not hold": {
                change: adding({ type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", name: "vend", props: { deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::vendor-logs" } } }),
                message: /destinationResourceArn names bucket vendor-logs/,
            },
            "a vended-log delivery to a delivery destination outside the stack": {
                change: adding({ type: "aws:cloudwatch/logDelivery:LogDelivery", name: "delivery", props: { deliverySourceName: "src", deliveryDestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:delivery-destination:elsewhere` } }),
                message: /deliveryDestinationArn names .*no resource of this stack/,
            },
            "an API destination to an external webhook": {
                change: adding({ type: "aws:cloudwatch/eventApiDestination:EventApiDestination", name: "hook", props: { invocationEndpoint: "https://hooks.example.net/collect" } }), message: /hook.invocationEndpoint .*host hooks.example.net/,
            },
            "an EventBridge connection authorizing at an external OAuth endpoint": {
                change: adding({ type: "aws:cloudwatch/eventConnection:EventConnection", name: "conn", props: { authorizationType: "OAUTH_CLIENT_CREDENTIALS", authParameters: { oauth: { authorizationEndpoint: "https://auth.example.org/token", httpMethod: "POST" } } } }),
                message: /authorizationEndpoint/,
            },
            "an event rule targets an API destination outside the stack": {
                change: eventTarget(`arn:aws:events:${REGION}:${ACCOUNT}:api-destination/hook/abc`), message: /target.arn names .*api-destination\/hook\/abc, which is no resource of this stack/,
            },
            "a resolver rule forwarding to an outside resolver": { change: resolverRule("203.0.113.53"), message: /forward.targetIps\[\].ip \(203.0.113.53\) forwards to 203.0.113.53, outside the stack's VPC/ },
            "a resolver rule association of a rule the stack does not hold": {
                change: adding({ type: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation", name: "assoc", props: { resolverRuleId: "rslvr-rr-0123456789abcdef0", vpcId: "vpc-1" } }),
                message: /assoc.resolverRuleId .*no resolver rule of this stack/,
            },
            "a topic's HTTPS subscription to an outside host": {
                change: adding({ type: "aws:sns/topicSubscription:TopicSubscription", name: "collector", props: { topic: TOPIC_ARN, protocol: "https", endpoint: "https://collector.example.org/sns" } }),
                message: /collector.endpoint .*host collector.example.org/,
            },
            "a topic's e-mail subscription to an outside mailbox": {
                change: adding({ type: "aws:sns/topicSubscription:TopicSubscription", name: "mailbox", props: { topic: TOPIC_ARN, protocol: "email-json", endpoint: "someone@mail.example.org" } }),
                message: /mailbox.endpoint .*mail.example.org/,
            },
            "a pipe streams into a function of another account": {
                change: adding({ type: "aws:pipes/pipe:Pipe", name: "pipe", props: { source: TOPIC_ARN, target: `arn:aws:lambda:${REGION}:${FOREIGN}:function:forwarder` } }), message: /pipe.target/,
            },
            "a log data protection policy's findings go to a bucket the stack does not hold": {
                change: adding({
                    type: "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy", name: "dpp",
                    props: { logGroupName: "/ecs/backend", policyDocument: JSON.stringify({ Name: "p", Version: "2021-06-01", Statement: [{ Sid: "audit", DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], Operation: { Audit: { FindingsDestination: { S3: { Bucket: "findings-drop" } } } } }] }) },
                }),
                message: /dpp.policyDocument.Statement\[\].Operation.Audit.FindingsDestination.S3.Bucket sends to bucket findings-drop/,
            },
            "a delivery stream into a search domain outside the stack": {
                change: firehose({ destination: "opensearch", opensearchConfiguration: { domainArn: `arn:aws:es:${REGION}:${ACCOUNT}:domain/logs`, s3Configuration: { bucketArn: BUCKET_ARN } } }),
                message: /opensearchConfiguration.domainArn names .*no resource of this stack/,
            },
            "the task role may put objects into any bucket": { change: taskMay(allow("s3:PutObject", "arn:aws:s3:::*/*")), message: /role expertconnect-prod-backend-task may s3:PutObject on a resource of any account/ },
            "the task role may put objects anywhere (Resource *)": { change: taskMay(allow("s3:Put*", "*")), message: /may s3:PutObject on a resource of any account/ },
            "the task role may put objects into a named bucket the stack does not hold": {
                change: taskMay(allow("s3:PutObject", "arn:aws:s3:::partner-reports-drop/*")), message: /may s3:PutObject on partner-reports-drop/,
            },
            "the task role may put objects into buckets matching a prefix": {
                change: taskMay(allow("s3:PutObject", "arn:aws:s3:::expertconnect-*/*")), message: /may s3:PutObject on expertconnect-pack-probe/,
            },
            "the task role may do everything but read, on every resource (NotAction)": {
                change: taskMay({ Effect: "Allow", NotAction: "s3:Get*", Resource: "*" }), message: /may s3:PutObject on a resource of any account/,
            },
            "the task role may send messages to another account's queue": {
                change: taskMay(allow("sqs:SendMessage", `arn:aws:sqs:${REGION}:${FOREIGN}:collector`)), message: new RegExp(`may sqs:SendMessage on arn:aws:sqs:${REGION}:${FOREIGN}:collector`),
            },
            "the task role may put events on any account's bus": {
                change: taskMay(allow("events:PutEvents", "arn:aws:events:*:*:event-bus/*")), message: /may events:PutEvents on a resource of any account/,
            },
            "the task role may put objects through another account's access point": {
                change: taskMay(allow("s3:PutObject", `arn:aws:s3:${REGION}:${FOREIGN}:accesspoint/drop/object/*`)), message: new RegExp(`may s3:PutObject on arn:aws:s3:${REGION}:${FOREIGN}:accesspoint`),
            },
            "a function's failed invocations go to a function of another account": {
                change: adding({ type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", name: "invoke-config", props: { functionName: "tasks", destinationConfig: { onFailure: { destination: `arn:aws:lambda:${REGION}:${FOREIGN}:function:forwarder` } } } }),
                message: /invoke-config.destinationConfig.onFailure.destination/,
            },
            "a bucket notifies a function of another account": {
                change: adding({ type: "aws:s3/bucketNotification:BucketNotification", name: "notify", props: { bucket: "expertconnect-prod-static", lambdaFunctions: [{ lambdaFunctionArn: `arn:aws:lambda:${REGION}:${FOREIGN}:function:forwarder`, events: ["s3:ObjectCreated:*"] }] } }),
                message: /notify.lambdaFunctions\[\].lambdaFunctionArn/,
            },
            "a topic subscribes a function of another account": {
                change: adding({ type: "aws:sns/topicSubscription:TopicSubscription", name: "fn-sub", props: { topic: TOPIC_ARN, protocol: "lambda", endpoint: `arn:aws:lambda:${REGION}:${FOREIGN}:function:forwarder` } }),
                message: /fn-sub.endpoint/,
            },
            "a database's S3 integration uses a role outside the stack": {
                change: adding({ type: "aws:rds/roleAssociation:RoleAssociation", name: "s3-export", props: { dbInstanceIdentifier: "expertconnect-prod-db", featureName: "s3Export", roleArn: `arn:aws:iam::${ACCOUNT}:role/rds-export` } }),
                message: /s3-export.roleArn names .*no resource of this stack/,
            },
            "replicas encrypted with another account's key": {
                change: setProp("replication", p => { p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = foreign(DR_KEY); }), message: /replicaKmsKeyId/,
            },
            "a replica of another account's database": {
                change: adding({ type: "aws:rds/instance:Instance", name: "replica", props: { replicateSourceDb: `arn:aws:rds:us-west-2:${FOREIGN}:db:prod` } }), message: /replicateSourceDb/,
            },
            "flow logs delivered to another account's log group": { change: setProp("flow-log", p => { p.logDestination = foreign(LOG_GROUP_ARN); }), message: /logDestination/ },
            "flow logs delivered to a log group outside the stack": { change: setProp("flow-log", p => { p.logDestination = unnamed(LOG_GROUP_ARN); }), message: /logDestination.*no resource of this stack/ },
            "a log subscription streams to another account": {
                change: adding({ type: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", name: "export", props: { logGroup: "/ecs/backend", destinationArn: `arn:aws:logs:${REGION}:${FOREIGN}:destination:collector` } }),
                message: /destinationArn/,
            },
            "a task runs as an account role the stack does not hold (an administrator role)": {
                change: setProp("task", p => { p.taskRoleArn = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`; }),
                message: /task.taskRoleArn names arn:aws:iam::123456789012:role\/OrganizationAccountAccessRole, which is no role of this stack: the pack judges/,
            },
            "a function runs as a role outside the stack": { change: fn({ role: unnamed(ROLE_ARN) }), message: /db-tasks.role names .*no role of this stack/ },
            "flow logs delivered through a role outside the stack": { change: setProp("flow-log", p => { p.iamRoleArn = unnamed(ROLE_ARN); }), message: /flow-log.iamRoleArn names .*no role of this stack/ },
            "a function's code from a bucket named for another account": {
                change: fn({ s3Bucket: `shared-lambda-artifacts-${FOREIGN}` }), message: new RegExp(`db-tasks.s3Bucket names shared-lambda-artifacts-${FOREIGN}, which carries account ${FOREIGN}.*the code is read from there`),
            },
            "a function's code from a bucket the stack does not hold": { change: fn({ s3Bucket: "team-artifacts" }), message: /db-tasks.s3Bucket names team-artifacts, which is no bucket of this stack/ },
            "a canary's code from a bucket the stack does not hold": {
                change: adding({ type: "aws:synthetics/canary:Canary", name: "check", props: { executionRoleArn: ROLE_ARN, s3Bucket: "acme-canaries", s3Key: "check.zip" } }), message: /check.s3Bucket names acme-canaries/,
            },
            "a layer of the account the stack does not publish": { change: fn({ layers: [`arn:aws:lambda:${REGION}:${ACCOUNT}:layer:debug-shell:1`] }), message: /db-tasks.layers\[\] names .*no layer version of this stack/ },
            "a task image from a repository of the account the stack does not hold": {
                change: taskImage(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/backend-scratch:1`), message: /containerDefinitions\[\].image names .*repository\/backend-scratch, which the stack does not hold/,
            },
            "a function image from a repository the stack does not hold": {
                change: fn({ s3Bucket: undefined, packageType: "Image", imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/reports:1.0` }), message: /db-tasks.imageUri names .*which the stack does not hold/,
            },
            "the role may pull any repository (Resource *)": { change: taskMay(allow(PULL, "*")), message: /role expertconnect-prod-backend-task may ecr:BatchGetImage on a repository of any account/ },
            "the role may pull any account's repositories by a wildcard ARN": {
                change: taskMay(allow(PULL, "arn:aws:ecr:*:*:repository/*")), message: /may ecr:BatchGetImage on a repository of any account/,
            },
            "the role may pull a repository of the account the stack does not hold": {
                change: taskMay(allow("ecr:BatchGetImage", [REPO_ARN, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/backend-scratch`])), message: /may ecr:BatchGetImage on arn:aws:ecr:us-east-1:123456789012:repository\/backend-scratch/,
            },
            "the role may pull repositories matching a prefix": {
                change: taskMay(allow(PULL, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-*`)), message: /may ecr:BatchGetImage on arn:aws:ecr:us-east-1:123456789012:repository\/expertconnect-\*/,
            },
            "the role may pull every repository of the account (aws:ResourceAccount only)": {
                change: taskMay(allow("ecr:*", "*", { Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } })), message: /may ecr:BatchGetImage on a repository of this account the stack does not hold/,
            },
            "a task runs as another account's role": { change: setProp("task", p => { p.taskRoleArn = foreign(ROLE_ARN); }), message: /taskRoleArn/ },
            "a task pulls its image from another account's registry": {
                change: setProp("task", p => { p.containerDefinitions = JSON.stringify([{ name: "backend", image: `${FOREIGN}.dkr.ecr.${REGION}.amazonaws.com/backend:1` }]); }), message: /image/,
            },
            "a trail delivers to another account's log group": {
                change: adding({ type: "aws:cloudtrail/trail:Trail", name: "trail", props: { cloudWatchLogsGroupArn: `${foreign(LOG_GROUP_ARN)}:*`, s3BucketName: "expertconnect-prod-static" } }), message: /cloudWatchLogsGroupArn/,
            },
            "a trail delivers to a bucket named for another account": {
                change: adding({ type: "aws:cloudtrail/trail:Trail", name: "trail", props: { s3BucketName: `org-cloudtrail-${FOREIGN}` } }), message: new RegExp(`s3BucketName.*carries account ${FOREIGN}`),
            },
            "Config delivers to a bucket outside the stack": {
                change: adding({ type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "config", props: { s3BucketName: "central-config-archive" } }), message: /s3BucketName.*no bucket of this stack/,
            },
            "load balancer access logs go to a bucket outside the stack": {
                change: adding({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "shared-alb-logs", enabled: true } } }), message: /accessLogs.bucket.*no bucket of this stack/,
            },
            "load balancer access logs go to a bucket only a component's output still names (its bucket resource removed)": {
                change: adding(
                    { type: "expertconnect:storage:SecureBucket", name: "alb-logs", props: { arn: "arn:aws:s3:::expertconnect-prod-alb-logs", bucketName: "expertconnect-prod-alb-logs" } },
                    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-alb-logs", enabled: true } } },
                ),
                message: /accessLogs.bucket.*no bucket of this stack/,
            },
            "a key only a component's output still names (its key resource removed) encrypts the database": {
                change: adding(
                    { type: "expertconnect:security:EncryptionKey", name: "db-key", props: { arn: DR_KEY.replace("us-west-2", REGION), keyId: "1cd2001c-8305-4679-a382-559a5eab60cb" } },
                    { type: "aws:rds/instance:Instance", name: "db2", props: { kmsKeyId: DR_KEY.replace("us-west-2", REGION) } },
                ),
                message: /kmsKeyId/,
            },
            "server access logs go to a bucket outside the stack": {
                change: adding({ type: "aws:s3/bucketLogging:BucketLogging", name: "static-logging", props: { bucket: "expertconnect-prod-static", targetBucket: "logs-archive-bucket" } }), message: /targetBucket/,
            },
            "CloudFront logs to another bucket's domain": {
                change: adding({ type: "aws:cloudfront/distribution:Distribution", name: "cdn", props: { loggingConfig: { bucket: "cdn-logs.s3.amazonaws.com" } } }), message: /loggingConfig.bucket/,
            },
            "ECR replicates to another account's registry": {
                change: adding({ type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "ecr-replication", props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: FOREIGN }] }] } } }),
                message: /registryId/,
            },
        },
    });
});

const ZONE = "Z04417623EXPERTCONNECT";
const ALB_DNS = "expertconnect-prod-alb-3061060319.us-east-1.elb.amazonaws.com";

function dnsStack(): StackResourceInput[] {
    return [
        { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { dnsName: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K" } },
        { type: "aws:ec2/eip:Eip", name: "bastion-ip", props: { publicIp: "203.0.113.10" } },
        { type: "aws:route53/record:Record", name: "app", props: { zoneId: ZONE, name: "app.expertconnect.example", type: "A", aliases: [{ name: ALB_DNS, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }] } },
        { type: "aws:route53/record:Record", name: "validation", props: { zoneId: ZONE, name: "_38bb.app.expertconnect.example.", type: "CNAME", ttl: 300, records: ["_3c17.acm-validations.aws."] } },
    ];
}

const addRecord = (props: Record<string, unknown>) => adding({ type: "aws:route53/record:Record", name: "extra", props: { zoneId: ZONE, ttl: 300, ...props } });

describe("ownership-dns-targets", () => {
    stackTable(ownershipDnsTargets, dnsStack(), {
        passes: {
            "an alias written with the dualstack prefix and a trailing dot": { change: addRecord({ name: "www.expertconnect.example", type: "A", aliases: [{ name: `dualstack.${ALB_DNS}.`, zoneId: "Z35SXDOTRQ7X7K" }] }) },
            "a CNAME to another name of the same domain": { change: addRecord({ name: "api.expertconnect.example", type: "CNAME", records: ["app.expertconnect.example"] }) },
            "an A record to the stack's Elastic IP": { change: addRecord({ name: "bastion.expertconnect.example", type: "A", records: ["203.0.113.10"] }) },
            "an alias to a load balancer a referenced stack exports (dr to prod)": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { outputs: { albDnsName: "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com" } } });
                    s.push({ type: "aws:route53/record:Record", name: "prod-alias", props: { zoneId: ZONE, name: "prod.expertconnect.example", type: "A", aliases: [{ name: "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K" }] } });
                },
            },
            "TXT and MX records (they send no client to a host)": { change: addRecord({ name: "expertconnect.example", type: "TXT", records: ["v=spf1 include:amazonses.com ~all"] }) },
            "a record not known yet (preview)": { change: addRecord({ name: "later.expertconnect.example", type: "CNAME", records: [UNKNOWN] }) },
            "a CNAME to a vetted status-page provider (configured)": {
                change: addRecord({ name: "status.expertconnect.example", type: "CNAME", records: ["expertconnect.statuspage.example.net"] }), config: { cnameProviderDomains: ["statuspage.example.net"] },
            },
        },
        violations: {
            "a CNAME to an S3 website endpoint (a bucket anyone may create)": {
                change: addRecord({ name: "assets.expertconnect.example", type: "CNAME", records: ["assets.expertconnect.example.s3-website-us-east-1.amazonaws.com"] }), message: /assets.expertconnect.example \(CNAME\) points at .*s3-website/,
            },
            "a CNAME to a status-page provider nobody vetted": {
                change: addRecord({ name: "status.expertconnect.example", type: "CNAME", records: ["expertconnect.statuspage.example.net"] }), message: /statuspage.example.net, which is no host/,
            },
            "an NS delegation into a vetted provider's domain (only a CNAME may)": {
                change: addRecord({ name: "status.expertconnect.example", type: "NS", records: ["ns1.statuspage.example.net"] }), config: { cnameProviderDomains: ["statuspage.example.net"] }, message: /NS/,
            },
            "a CNAME to a third-party app name": { change: addRecord({ name: "blog.expertconnect.example", type: "CNAME", records: ["expertconnect-blog.herokuapp.com"] }), message: /herokuapp/ },
            "an alias to a load balancer that is no resource of the stack": {
                change: addRecord({ name: "old.expertconnect.example", type: "A", aliases: [{ name: "old-alb-1.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K" }] }), message: /aliases old-alb-1/,
            },
            "an A record to a bare address the stack does not hold": { change: addRecord({ name: "ops.expertconnect.example", type: "A", records: ["198.51.100.7"] }), message: /points at 198.51.100.7/ },
            "an NS delegation to unknown name servers": { change: addRecord({ name: "dev.expertconnect.example", type: "NS", records: ["ns1.parked-domains.example.net."] }), message: /NS/ },
            "the application's alias rewritten to an external host": {
                change: setProp("app", p => { p.aliases = [{ name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" }]; }), message: /cloudfront/,
            },
        },
    });
});

const DB_HOST = "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com";
const CACHE_HOST = "master.expertconnect-prod-cache.2dd10f.us-east-1.cache.amazonaws.com";
const parameterArn = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${path}`;
/** An SSM parameter the program sets (from `source`'s outputs when given). */
const parameter = (name: string, path: string, value: string, source?: string): StackResourceInput => ({
    type: "aws:ssm/parameter:Parameter", name, props: { name: path, arn: parameterArn(path), type: "String", value },
    ...(source ? { propertyDependencies: { value: [source] } } : {}),
});

/** The application's settings: parameters derived from the database, cache and bucket, a task and a function reading them. */
function settingsStack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:rds/instance:Instance", name: "database", props: { arn: DB_ARN, address: DB_HOST, endpoint: `${DB_HOST}:5432`, port: 5432 } },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:expertconnect-prod-cache`, primaryEndpointAddress: CACHE_HOST, port: 6379 } },
        { type: "aws:acm/certificate:Certificate", name: "certificate", props: { domainName: "app.expertconnect.example" } },
        parameter("database-host", "/expertconnect/prod/database/host", DB_HOST, "database"),
        parameter("database-port", "/expertconnect/prod/database/port", "5432", "database"),
        parameter("cache-host", "/expertconnect/prod/cache/host", CACHE_HOST, "cache"),
        parameter("static-bucket", "/expertconnect/prod/storage/static-bucket", "expertconnect-prod-static", "static"),
        parameter("database-name", "/expertconnect/prod/database/name", "expertconnect"),
        backendRepository(),
        {
            type: "aws:ecs/taskDefinition:TaskDefinition", name: "task",
            props: {
                arn: TASK_ARN, containerDefinitions: JSON.stringify([{
                    name: "backend", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:1.4.2`,
                    environment: [{ name: "HEALTH_CHECK_PATH", value: "/api/health/" }, { name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" }],
                    secrets: [{ name: "DATABASE_HOST", valueFrom: parameterArn("/expertconnect/prod/database/host") }, { name: "DJANGO_SECRET_KEY", valueFrom: SECRET_ARN }],
                }]),
            },
        },
        {
            type: "aws:lambda/function:Function", name: "db-tasks",
            props: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`, environment: { variables: { MASTER_SECRET_ARN: SECRET_ARN, MAX_AGE_HOURS: "72", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" } } },
        },
    ];
}

const CACHE_READER = "expertconnect-prod-cache-ro.abc123.use1.cache.amazonaws.com";

/** Adds a plain environment variable to the backend container. */
const withEnv = (name: string, value: string) => setProp("task", p => {
    const containers = JSON.parse(p.containerDefinitions);
    containers[0].environment.push({ name, value });
    p.containerDefinitions = JSON.stringify(containers);
});
const withLambdaEnv = (name: string, value: string) => setProp("db-tasks", p => { p.environment.variables[name] = value; });

describe("ownership-references: where the application's settings point", () => {
    stackTable(ownershipReferences, settingsStack(), {
        passes: {
            "an AWS endpoint of the stack's region": { change: withEnv("SQS_ENDPOINT", "https://sqs.us-east-1.amazonaws.com") },
            "a URL under the stack's own domain": { change: withEnv("PUBLIC_BASE_URL", "https://app.expertconnect.example/") },
            "a sidecar on the task's loopback, the task metadata endpoint": { change: s => { withEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317")(s); withEnv("METADATA_URI", "http://169.254.170.2/v4")(s); } },
            "the cache's endpoint with its port": { change: withEnv("REDIS_URL", `rediss://${CACHE_HOST}:6379/0`) },
            "a bucket of the stack by name, by s3:// URL and by its virtual host": {
                change: s => { withEnv("MEDIA_BUCKET", "expertconnect-prod-static")(s); withEnv("EXPORT_LOCATION", "s3://expertconnect-prod-static/exports")(s); withEnv("ASSETS_URL", "https://expertconnect-prod-static.s3.us-east-1.amazonaws.com/")(s); },
            },
            "an external provider listed in externalServiceDomains": { change: withEnv("VIDEO_PROVIDER_URL", "https://api.video.example.net/v2"), config: { externalServiceDomains: ["video.example.net"] } },
            "a function qualifier of the stack's function": { change: withLambdaEnv("NOTIFY_FUNCTION_ARN", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks:live`) },
            "a derived parameter not known yet (preview)": { change: setProp("database-host", p => { p.value = UNKNOWN; }) },
            "a derived parameter whose source's outputs are not known yet (preview replacing the database)": {
                change: setProp("database", p => { p.address = UNKNOWN; p.endpoint = UNKNOWN; p.port = UNKNOWN; p.arn = UNKNOWN; }),
            },
            "a list of origins under the stack's domain": { change: withEnv("CSRF_TRUSTED_ORIGINS", "https://expertconnect.example,https://www.expertconnect.example") },
            "a name of a special-use domain only the VPC's resolver answers": { change: withEnv("DATABASE_URL_TEMPLATE", "postgres://app@expertconnect-prod-db.internal:5432/expertconnect") },
            "the cache's reader endpoint in a setting of its own (reads only)": { change: s => { setProp("cache", p => { p.readerEndpointAddress = CACHE_READER; })(s); withEnv("REDIS_READER_HOST", CACHE_READER)(s); } },
            "values that point nowhere (a path, a number, a query)": { change: s => { withEnv("LOG_LEVEL", "info")(s); withLambdaEnv("FRESHNESS_QUERY", "SELECT max(last_login) FROM auth_user")(s); } },
        },
        violations: {
            "the cache host parameter holds the replication group's reader endpoint (every write fails)": {
                change: s => { setProp("cache", p => { p.readerEndpointAddress = CACHE_READER; })(s); setProp("cache-host", p => { p.value = CACHE_READER; })(s); },
                message: /parameter \/expertconnect\/prod\/cache\/host names cache's readerEndpointAddress .* which accepts reads only/,
            },
            "the backend's REDIS_HOST variable set to the reader endpoint with its port": {
                change: s => { setProp("cache", p => { p.readerEndpointAddress = CACHE_READER; })(s); withEnv("REDIS_HOST", `${CACHE_READER}:6379`)(s); },
                message: /environment.REDIS_HOST names cache's readerEndpointAddress/,
            },
            "the database host parameter repointed outside the stack (drift)": {
                change: setProp("database-host", p => { p.value = "db.attacker.example"; }),
                message: /parameter \/expertconnect\/prod\/database\/host \(db.attacker.example\) names host db.attacker.example, which is no host of this stack/,
            },
            "the database host parameter holds another database's endpoint (drift)": {
                change: setProp("database-host", p => { p.value = "other-db.x1y2z3.us-east-1.rds.amazonaws.com"; }),
                message: /parameter \/expertconnect\/prod\/database\/host holds other-db.x1y2z3.us-east-1.rds.amazonaws.com in the deployed state, which is none of the outputs of database \(Instance\)/,
            },
            "the database port parameter differs from the database's port (drift)": {
                change: setProp("database-port", p => { p.value = "6432"; }), message: /parameter \/expertconnect\/prod\/database\/port holds 6432 .* none of the outputs of database \(Instance\)/,
            },
            "the bucket parameter names a bucket outside the stack": {
                change: setProp("static-bucket", p => { p.value = "attacker-static"; }), message: /names bucket attacker-static, which is no bucket of this stack/,
            },
            "a container URL to an external host not listed": {
                change: withEnv("PAYMENTS_API_URL", "https://api.attacker.example/v1"), message: /environment.PAYMENTS_API_URL .* names host api.attacker.example/,
            },
            "one origin of a list outside the stack's domains": {
                change: withEnv("CSRF_TRUSTED_ORIGINS", "https://app.expertconnect.example https://evil.example.org"), message: /CSRF_TRUSTED_ORIGINS .* names host evil.example.org/,
            },
            "a container endpoint of AWS in another region": {
                change: withEnv("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com"), message: /an AWS endpoint of eu-west-1, not of the stack's region us-east-1/,
            },
            "a function's ARN setting names a secret of the account the stack does not hold": {
                change: withLambdaEnv("MASTER_SECRET_ARN", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/staging/master-abc123`), message: /MASTER_SECRET_ARN .* which is no resource of this stack/,
            },
            "a connection secret's host outside the stack, never quoted": {
                change: adding({ type: "aws:secretsmanager/secretVersion:SecretVersion", name: "connection", props: { secretString: JSON.stringify({ host: "db.attacker.example", port: 5432, password: "p4ss" }) } }),
                message: /connection's secretString's host names a host, ARN or bucket outside the stack(?!.*(attacker|p4ss))/,
            },
        },
    });
});
