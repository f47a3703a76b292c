/**
 * Signals that exist but reach no one (issue class "controls present but not working"), both
 * ways: alarm, event and cost-alert delivery, metric filters that cannot match, canaries.
 */
import { cloudwatchMetricFiltersMatch } from "../../policy/cloudwatch/metricFilters";
import { monitoringSignalsDelivered } from "../../policy/cloudwatch/signalsDelivered";
import { syntheticsCanary } from "../../policy/synthetics/canary";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const FOREIGN_TOPIC = "arn:aws:sns:us-east-1:999999999999:expertconnect-alarms";
const RULE = "expertconnect-ecs-deployment-failed";

const deliveryStack: StackResourceInput[] = [
    { type: "aws:sns/topic:Topic", name: "alarms", props: { name: "expertconnect-alarms", arn: TOPIC, tags: TAGS } },
    { type: "aws:sns/topicSubscription:TopicSubscription", name: "alarms-email", props: { topic: TOPIC, protocol: "email", endpoint: "oncall@expertconnect.example" } },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "backend-cpu-high",
        props: { name: "expertconnect-backend-cpu-high", namespace: "AWS/ECS", metricName: "CPUUtilization", alarmActions: [TOPIC], okActions: [TOPIC] },
    },
    { type: "aws:cloudwatch/eventRule:EventRule", name: "ecs-deployment-failed", props: { name: RULE, arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/${RULE}`, state: "ENABLED" } },
    { type: "aws:cloudwatch/eventTarget:EventTarget", name: "ecs-deployment-failed-topic", props: { rule: RULE, arn: TOPIC } },
    { type: "aws:costexplorer/anomalySubscription:AnomalySubscription", name: "cost-anomalies", props: { frequency: "IMMEDIATE", subscribers: [{ type: "SNS", address: TOPIC }] } },
];
const drop = (s: StackResourceInput[], name: string) => s.splice(s.indexOf(named(s, name)), 1);

describe("cloudwatch-signals-delivered", () => {
    stackTable(monitoringSignalsDelivered, deliveryStack, {
        passes: {
            "dr in standby has no subscriber yet": { config: { environment: "dr" }, change: s => drop(s, "alarms-email") },
            "a target's ARN is unknown during preview but computed from the topic": {
                change: s => {
                    const t = named(s, "ecs-deployment-failed-topic");
                    t.props.arn = UNKNOWN;
                    t.propertyDependencies = { arn: ["alarms"] };
                },
            },
            "an alarm also scales a service (a non-SNS action)": {
                change: s => { (named(s, "backend-cpu-high").props.alarmActions as string[]).push(`arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:x`); },
            },
            "an event target is a Lambda function": {
                change: s => { named(s, "ecs-deployment-failed-topic").props.arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify`; },
            },
            "a budget notifies the stack's topic": {
                change: s => s.push({ type: "aws:budgets/budget:Budget", name: "budget", props: { notifications: [{ subscriberSnsTopicArns: [TOPIC] }] } }),
            },
        },
        violations: {
            "prod's alarm topic lost its subscription": { change: s => drop(s, "alarms-email"), message: /topic expertconnect-alarms receives the stack's alarms but has no subscription/ },
            "the subscription has no endpoint": { change: s => { named(s, "alarms-email").props.endpoint = ""; }, message: /has no subscription/ },
            "a subscription is on another topic": { change: s => { named(s, "alarms-email").props.topic = FOREIGN_TOPIC; }, message: /has no subscription/ },
            "a promoted dr stack (a database tagged FailoverPhase=promoted) has no subscriber": {
                config: { environment: "dr" },
                change: s => {
                    drop(s, "alarms-email");
                    s.push({ type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-dr-db", tags: { ...TAGS, FailoverPhase: "promoted" } } });
                },
                message: /has no subscription/,
            },
            "an alarm notifies another account's topic": { change: s => { named(s, "backend-cpu-high").props.alarmActions = [FOREIGN_TOPIC]; }, message: /alarmActions sends to arn:aws:sns:us-east-1:999999999999:expertconnect-alarms, which is no topic of this stack/ },
            "an alarm's OK notification goes to a topic in another region": {
                change: s => { named(s, "backend-cpu-high").props.okActions = [`arn:aws:sns:eu-west-1:${ACCOUNT}:expertconnect-alarms`]; }, message: /okActions sends to .*eu-west-1.*no topic of this stack/,
            },
            "an event target sends to a topic outside the stack": { change: s => { named(s, "ecs-deployment-failed-topic").props.arn = FOREIGN_TOPIC; }, message: /ecs-deployment-failed-topic.arn sends to/ },
            "cost anomalies go to a topic outside the stack": {
                change: s => { named(s, "cost-anomalies").props.subscribers = [{ type: "SNS", address: FOREIGN_TOPIC }]; }, message: /cost-anomalies.subscribers sends to/,
            },
            "a budget notifies a topic outside the stack": {
                change: s => s.push({ type: "aws:budgets/budget:Budget", name: "budget", props: { notifications: [{ subscriberSnsTopicArns: [FOREIGN_TOPIC] }] } }), message: /budget.notifications sends to/,
            },
            "the rule is disabled": { change: s => { named(s, "ecs-deployment-failed").props.state = "DISABLED"; }, message: /rule expertconnect-ecs-deployment-failed is disabled/ },
            "the rule is switched off with the deprecated isEnabled": { change: s => { named(s, "ecs-deployment-failed").props.isEnabled = false; }, message: /is disabled/ },
            "the rule's target was removed": { change: s => drop(s, "ecs-deployment-failed-topic"), message: /rule expertconnect-ecs-deployment-failed has no target in the stack/ },
            "the target names another rule": { change: s => { named(s, "ecs-deployment-failed-topic").props.rule = "expertconnect-other"; }, message: /has no target in the stack/ },
        },
    });
});

const BACKEND_LOGS = "/ecs/expertconnect-prod-backend";
const filterStack: StackResourceInput[] = [
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "backend-logs", props: { name: BACKEND_LOGS, retentionInDays: 90, tags: { ...TAGS, LogFormat: "json" } } },
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "db-logs", props: { name: "/aws/rds/instance/expertconnect-prod-db/postgresql", retentionInDays: 90 } },
    {
        type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "credit-failed",
        props: {
            name: "expertconnect-credit-transactions-failed", logGroupName: BACKEND_LOGS,
            pattern: '{ $.event = "credit_transaction" && $.outcome = "failed" }',
            metricTransformation: { namespace: "ExpertConnect", name: "CreditTransactionsFailed", value: "1", defaultValue: "0" },
        },
    },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "credit-failed-alarm",
        props: { name: "expertconnect-credit-transactions-failed", namespace: "ExpertConnect", metricName: "CreditTransactionsFailed", alarmActions: [TOPIC] },
    },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "credit-rate-alarm",
        props: {
            name: "expertconnect-credit-rate", alarmActions: [TOPIC],
            metricQueries: [{ id: "result", expression: "failed * 2", returnData: true }, { id: "failed", metric: { namespace: "ExpertConnect", metricName: "CreditTransactionsFailed", stat: "Sum", period: 300 } }],
        },
    },
];
const filter = (s: StackResourceInput[]) => named(s, "credit-failed").props;

describe("cloudwatch-metric-filters-match", () => {
    stackTable(cloudwatchMetricFiltersMatch, filterStack, {
        passes: {
            "a text pattern watches the PostgreSQL log": { change: s => { filter(s).logGroupName = "/aws/rds/instance/expertconnect-prod-db/postgresql"; filter(s).pattern = "duration"; } },
            "a log group tagged json overrides a text-looking name": {
                change: s => { named(s, "db-logs").props.tags = { LogFormat: "json" }; filter(s).logGroupName = "/aws/rds/instance/expertconnect-prod-db/postgresql"; },
            },
            "an alarm watches an AWS namespace": { change: s => { named(s, "credit-failed-alarm").props.namespace = "AWS/ECS"; named(s, "credit-failed-alarm").props.metricName = "Anything"; } },
            "the pattern is unknown during preview": { change: s => { filter(s).pattern = UNKNOWN; } },
            "a numeric range that can hold": { change: s => { filter(s).pattern = "{ $.status >= 500 && $.status <= 599 }"; } },
            "no filter and no alarm on a filter-fed namespace": { change: s => { drop(s, "credit-failed"); drop(s, "credit-failed-alarm"); drop(s, "credit-rate-alarm"); } },
            "an application namespace published by the app itself (not in filterFedNamespaces)": {
                config: { filterFedNamespaces: [] },
                change: s => { drop(s, "credit-failed"); },
            },
        },
        violations: {
            "every metric filter is removed while alarms still watch what they published": {
                change: s => drop(s, "credit-failed"), message: /watches ExpertConnect\/CreditTransactionsFailed, which no metric filter of the stack publishes/,
            },
            "the pattern contradicts itself": {
                change: s => { filter(s).pattern = '{ $.outcome = "failed" && $.outcome = "succeeded" }'; }, message: /no log event can match/,
            },
            "a range that can never hold": { change: s => { filter(s).pattern = "{ $.status >= 500 && $.status < 400 }"; }, message: /no log event can match/ },
            "the pattern is malformed": { change: s => { filter(s).pattern = '{ $.event = "credit_transaction" '; }, message: /is invalid \(a JSON pattern must end with '\}'\)/ },
            "a JSON pattern watches the PostgreSQL log (text by name)": {
                change: s => { filter(s).logGroupName = "/aws/rds/instance/expertconnect-prod-db/postgresql"; }, message: /JSON pattern on \/aws\/rds\/instance\/expertconnect-prod-db\/postgresql, whose lines are text/,
            },
            "a JSON pattern watches a group tagged LogFormat=text": {
                change: s => { named(s, "backend-logs").props.tags = { LogFormat: "text" }; }, message: /whose lines are text, never matches/,
            },
            "a configured text pattern names the group": { config: { textLogGroupPatterns: ["^/ecs/"] }, change: s => { delete (named(s, "backend-logs").props.tags as Record<string, string>).LogFormat; }, message: /whose lines are text/ },
            "the value reads a JSON field under a text pattern": {
                change: s => { filter(s).pattern = "ERROR"; (filter(s).metricTransformation as Record<string, string>).value = "$.credits"; }, message: /reads a JSON field, but the pattern is not a JSON pattern/,
            },
            "a default value with dimensions": {
                change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { Outcome: "$.outcome" }; }, message: /default value with dimensions/,
            },
            "an alarm watches a metric no filter publishes (a typo)": {
                change: s => { named(s, "credit-failed-alarm").props.metricName = "CreditTransactionFailed"; }, message: /watches ExpertConnect\/CreditTransactionFailed, which no metric filter of the stack publishes/,
            },
            "a metric-math alarm reads a metric the filter renamed away": {
                change: s => { (filter(s).metricTransformation as Record<string, string>).name = "CreditFailures"; }, message: /expertconnect-credit-rate watches ExpertConnect\/CreditTransactionsFailed/,
            },
        },
    });
});

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const ARTIFACTS = `expertconnect-prod-canary-artifacts-${ACCOUNT}`;
const canaryStack: StackResourceInput[] = [
    { type: "aws:kms/key:Key", name: "artifacts-key", props: { arn: KEY, enableKeyRotation: true } },
    { type: "aws:s3/bucket:Bucket", name: "artifacts", props: { bucket: ARTIFACTS } },
    {
        type: "aws:synthetics/canary:Canary", name: "synthetic-check",
        props: {
            name: "expertconnect-prod", runtimeVersion: "syn-nodejs-playwright-8.0", handler: "siteCheck.handler", startCanary: true,
            artifactS3Location: `s3://${ARTIFACTS}/canary/`, artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: KEY } },
        },
    },
    { type: "aws:cloudwatch/logGroup:LogGroup", name: "canary-logs", props: { name: "/aws/lambda/cwsyn-expertconnect-prod-0a1b2c3d", retentionInDays: 90 } },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "canary-alarm",
        props: { name: "expertconnect-synthetic-check-failed", namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", dimensions: { CanaryName: "expertconnect-prod" }, alarmActions: [TOPIC] },
    },
];
const canary = (s: StackResourceInput[]) => named(s, "synthetic-check").props;

describe("synthetics-canary", () => {
    stackTable(syntheticsCanary, canaryStack, {
        passes: {
            "a supported Puppeteer runtime": { change: s => { canary(s).runtimeVersion = "syn-nodejs-puppeteer-9.1"; } },
            "a stack without a load balancer has no canary (nothing users reach)": { change: s => drop(s, "synthetic-check") },
            "a dr stack has no canary of its own (SyntheticCheck adds it with the failover phase)": {
                change: s => {
                    drop(s, "synthetic-check");
                    s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-dr-alb", internal: false } });
                    s.push({ type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { drPhase: "standby" } });
                },
            },
            "an internal-only stack opts out of the canary in config": {
                config: { required: false },
                change: s => { drop(s, "synthetic-check"); s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "internal-alb", internal: true } }); },
            },
            "the log group's name is computed from the canary (unknown during preview)": {
                change: s => { named(s, "canary-logs").props.name = UNKNOWN; named(s, "canary-logs").propertyDependencies = { name: ["synthetic-check"] }; },
            },
            "the alarm uses metric math": {
                change: s => {
                    const a = named(s, "canary-alarm").props;
                    delete a.namespace; delete a.metricName; delete a.dimensions;
                    a.metricQueries = [{ id: "ok", returnData: true, metric: { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", dimensions: { CanaryName: "expertconnect-prod" }, stat: "Average", period: 300 } }];
                },
            },
        },
        violations: {
            "the stack serves users through a load balancer and has no canary": {
                change: s => { drop(s, "synthetic-check"); s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-prod-alb", internal: false } }); },
                message: /no Synthetics canary checks it from outside/,
            },
            "a deprecated Puppeteer runtime": { change: s => { canary(s).runtimeVersion = "syn-nodejs-puppeteer-7.0"; }, message: /older than syn-nodejs-puppeteer-8\.0/ },
            "a deprecated Selenium runtime": { change: s => { canary(s).runtimeVersion = "syn-python-selenium-5.1"; }, message: /older than syn-python-selenium-6\.0/ },
            "the retired syn-1.0 naming": { change: s => { canary(s).runtimeVersion = "syn-1.0"; }, message: /no supported Synthetics runtime/ },
            "a beta runtime": { change: s => { canary(s).runtimeVersion = "syn-nodejs-puppeteer-12.0-beta"; }, message: /no supported Synthetics runtime/ },
            "a family the pack does not know": { change: s => { canary(s).runtimeVersion = "syn-ruby-capybara-1.0"; }, message: /family syn-ruby-capybara is not one the pack knows/ },
            "a configured floor above the runtime": { config: { minimumRuntimeVersions: ["syn-nodejs-playwright-9.0"] }, message: /older than syn-nodejs-playwright-9\.0/ },
            "artifacts use SSE-S3": { change: s => { canary(s).artifactConfig = { s3Encryption: { encryptionMode: "SSE_S3" } }; }, message: /artifacts .* are not encrypted with a customer key/ },
            "no artifact encryption at all": { change: s => { delete canary(s).artifactConfig; }, message: /not encrypted with a customer key/ },
            "the artifacts key is another account's": {
                change: s => { (canary(s).artifactConfig as any).s3Encryption.kmsKeyArn = "arn:aws:kms:us-east-1:999999999999:key/x"; }, message: /key arn:aws:kms:us-east-1:999999999999:key\/x is no key of this stack/,
            },
            "artifacts go to a bucket outside the stack": { change: s => { canary(s).artifactS3Location = "s3://some-public-bucket/canary/"; }, message: /artifacts go to some-public-bucket, which is no bucket of this stack/ },
            "the canary is stopped": { change: s => { canary(s).startCanary = false; }, message: /is stopped: it checks nothing/ },
            "no alarm watches it": { change: s => drop(s, "canary-alarm"), message: /has no alarm with actions/ },
            "its alarm has no actions": { change: s => { named(s, "canary-alarm").props.alarmActions = []; }, message: /has no alarm with actions/ },
            "the alarm watches another canary": { change: s => { named(s, "canary-alarm").props.dimensions = { CanaryName: "expertconnect-dr" }; }, message: /has no alarm with actions/ },
            "its function's log group is not in the stack": { change: s => drop(s, "canary-logs"), message: /no log group \/aws\/lambda\/cwsyn-expertconnect-prod-… in the stack/ },
            "the stack's log group belongs to another canary": { change: s => { named(s, "canary-logs").props.name = "/aws/lambda/cwsyn-expertconnect-dr-0a1b"; }, message: /no log group/ },
        },
    });
});
