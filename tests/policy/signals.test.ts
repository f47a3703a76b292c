/**
 * Signals that exist but reach no one (issue class "controls present but not working"), both
 * ways: alarm, event and cost-alert delivery, metric filters that cannot match, canaries.
 */
import { expect } from "chai";

import { cloudwatchCisMonitoring } from "../../policy/cloudwatch/cisMonitoring";
import { cloudwatchMetricFiltersMatch } from "../../policy/cloudwatch/metricFilters";
import { monitoringSignalsDelivered } from "../../policy/cloudwatch/signalsDelivered";
import { longestGapMinutes } from "../../policy/lib/schedule";
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
            "the subscription has no endpoint": { change: s => { named(s, "alarms-email").props.endpoint = ""; }, message: /no subscription delivers them \(subscription  has no endpoint\)/ },
            "a subscription is on another topic": { change: s => { named(s, "alarms-email").props.topic = FOREIGN_TOPIC; }, message: /has no subscription/ },
            "dr in standby lost its subscriber (its replica-lag alarms page before a failover)": { config: { environment: "dr" }, change: s => drop(s, "alarms-email"), message: /has no subscription/ },
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
            "an event target names a mistyped topic of the account (its dependency still on the topic)": {
                change: s => { const t = named(s, "ecs-deployment-failed-topic"); t.props.arn = `${TOPIC}-old`; t.propertyDependencies = { arn: ["alarms"] }; },
                message: /ecs-deployment-failed-topic.arn sends to .*expertconnect-alarms-old, which is no topic of this stack/,
            },
            "the only subscription is still pending confirmation": {
                change: s => { named(s, "alarms-email").props.pendingConfirmation = true; },
                message: /no subscription delivers them \(subscription oncall@expertconnect.example is pending confirmation/,
            },
            "the only subscription's body filter drops every alarm": {
                change: s => { Object.assign(named(s, "alarms-email").props, { filterPolicy: JSON.stringify({ AlarmName: ["expertconnect-none"] }), filterPolicyScope: "MessageBody" }); },
                message: /filter policy \(scope MessageBody\) that drops every alarm and event/,
            },
            "the only subscription filters on message attributes CloudWatch never sets": {
                change: s => { named(s, "alarms-email").props.filterPolicy = JSON.stringify({ severity: ["critical"] }); },
                message: /filter policy \(scope MessageAttributes\) that drops every/,
            },
        },
    });
});

describe("cloudwatch-signals-delivered: subscriptions that deliver", () => {
    const filtered = (policy: object, scope = "MessageBody") => (s: StackResourceInput[]) => { Object.assign(named(s, "alarms-email").props, { filterPolicy: JSON.stringify(policy), filterPolicyScope: scope }); };
    // Alarms only: the filter semantics on CloudWatch's JSON (other publishers: the next tables).
    const alarmsOnly = deliveryStack.filter(r => r.name !== "cost-anomalies" && !r.name.startsWith("ecs-deployment-failed"));
    stackTable(monitoringSignalsDelivered, alarmsOnly, {
        passes: {
            "a body filter keeps ALARM transitions": { change: filtered({ NewStateValue: ["ALARM"] }) },
            "a body filter keeps the stack's alarms by prefix": { change: filtered({ AlarmName: [{ prefix: "expertconnect-" }] }) },
            "a body filter on a nested trigger field": { change: filtered({ Trigger: { Namespace: ["AWS/ECS", "AWS/RDS"] } }) },
            "an attribute filter that only excludes a present attribute": { change: filtered({ severity: [{ exists: false }] }, "MessageAttributes") },
            "a second confirmed subscription beside a pending one": {
                change: s => { s.push({ ...named(s, "alarms-email"), name: "alarms-sre", props: { topic: TOPIC, protocol: "email", endpoint: "sre@expertconnect.example", pendingConfirmation: true } }); },
            },
        },
        violations: {
            "a body filter keeps only OK transitions of another service": { change: filtered({ NewStateValue: ["OK"] }), message: /drops every alarm and event/ },
        },
    });
});

describe("cloudwatch-signals-delivered: subscriptions go to the on-call people", () => {
    const withDomain: StackResourceInput[] = [
        ...deliveryStack,
        { type: "aws:acm/certificate:Certificate", name: "certificate", props: { domainName: "app.expertconnect.example", subjectAlternativeNames: ["prod.app.expertconnect.example"] } },
    ];
    const sub = (s: StackResourceInput[]) => named(s, "alarms-email").props;
    const extra = (protocol: string, endpoint: string) => (s: StackResourceInput[]) => {
        s.push({ type: "aws:sns/topicSubscription:TopicSubscription", name: "alarms-extra", props: { topic: TOPIC, protocol, endpoint } });
    };
    stackTable(monitoringSignalsDelivered, withDomain, {
        passes: {
            "a second address of the organization": { change: extra("email", "sre@expertconnect.example") },
            "an address of a subdomain of the organization": { change: extra("email", "oncall@ops.expertconnect.example") },
            "a PagerDuty integration (a default paging domain)": { change: extra("https", "https://events.pagerduty.com/integration/abc/enqueue") },
            "an https hook on the organization's host": { change: extra("https", "https://hooks.expertconnect.example/sns") },
            "AWS Chatbot's SNS intake (an endpoint AWS runs)": { change: extra("https", "https://global.sns-api.chatbot.amazonaws.com") },
            "a regional AWS service endpoint": { change: extra("https", "https://sns-api.chatbot.us-east-1.amazonaws.com/intake") },
            "a configured paging domain": { config: { subscriberDomains: ["alerts.partner.example"] }, change: extra("https", "https://in.alerts.partner.example/sns") },
            "an SQS queue of the stack's account": { change: extra("sqs", `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-ticketing`) },
            "a Lambda notifier of the stack's account": { change: extra("lambda", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify`) },
            "an SMS number": { change: extra("sms", "+15555550100") },
            "a stack without DNS names does not judge mailboxes": { change: s => { drop(s, "certificate"); sub(s).endpoint = "oncall@elsewhere.example"; } },
        },
        violations: {
            "the on-call subscription moved to a personal mailbox": {
                change: s => { sub(s).endpoint = "expertconnect.oncall@gmail.com"; },
                message: /alarms-email .*delivers to the mailbox of gmail.com, outside the organization's domains \(expertconnect.example, pagerduty.com, opsgenie.com\)/,
            },
            "a lookalike domain that ends like the organization's": { change: extra("email", "oncall@evil-expertconnect.example"), message: /mailbox of evil-expertconnect.example/ },
            "the on-call subscription switched to plain http": {
                change: s => { Object.assign(sub(s), { protocol: "http", endpoint: "http://hooks.expertconnect.example/alerts" }); }, message: /plain http/,
            },
            "an https subscription to an unknown relay beside the on-call one": { change: extra("https", "https://hooks.alerts-relay.net/sns/ingest"), message: /host hooks.alerts-relay.net, outside/ },
            "a queue of another account": { change: extra("sqs", "arn:aws:sqs:us-east-1:999999999999:collector"), message: /outside the stack's account/ },
            "an https subscription to an API Gateway stage (someone's API under amazonaws.com)": { change: extra("https", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/sns"), message: /host a1b2c3d4e5.execute-api.us-east-1.amazonaws.com, outside/ },
            "an https subscription to a bucket's website": { change: extra("https", "https://relay.s3-website-us-east-1.amazonaws.com/"), message: /outside/ },
            "an https subscription to a load balancer": { change: extra("https", "https://relay-123.us-east-1.elb.amazonaws.com/sns"), message: /outside/ },
            "plain http to an AWS service host": { change: extra("http", "http://global.sns-api.chatbot.amazonaws.com"), message: /plain http/ },
            "an e-mail endpoint that is no address": { change: s => { sub(s).endpoint = "oncall"; }, message: /which is no address/ },
        },
    });
});

describe("cloudwatch-signals-delivered: required event routes", () => {
    const GD = "expertconnect-guardduty-high-severity";
    const BK = "expertconnect-backup-job-failed";
    const pattern = (p: object) => JSON.stringify(p);
    const gdPattern = { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } };
    const routes: StackResourceInput[] = [
        ...deliveryStack,
        { type: "aws:guardduty/detector:Detector", name: "guardduty", props: { enable: true } },
        {
            type: "aws:backup/plan:Plan", name: "backup-plan",
            props: { name: "expertconnect-prod-backup", rules: [{ ruleName: "daily", copyActions: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:copy` }] }] },
        },
        { type: "aws:cloudwatch/eventRule:EventRule", name: "guardduty-high", props: { name: GD, eventPattern: pattern(gdPattern) } },
        { type: "aws:cloudwatch/eventTarget:EventTarget", name: "guardduty-high-topic", props: { rule: GD, arn: TOPIC } },
        { type: "aws:cloudwatch/eventRule:EventRule", name: "backup-failed", props: { name: BK, eventPattern: pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change", "Copy Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }) } },
        { type: "aws:cloudwatch/eventTarget:EventTarget", name: "backup-failed-topic", props: { rule: BK, arn: TOPIC } },
    ];
    const gd = (s: StackResourceInput[]) => named(s, "guardduty-high").props;
    stackTable(monitoringSignalsDelivered, routes, {
        passes: {
            "the GuardDuty rule is widened to severity 4": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, detail: { severity: [{ numeric: [">=", 4] }] } }); } },
            "the GuardDuty rule lists HIGH and CRITICAL as a range": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, detail: { severity: [{ numeric: [">=", 7, "<=", 10] }] } }); } },
            "the rule names the default bus": { change: s => { gd(s).eventBusName = "default"; } },
            "backup and copy failures split over two rules": {
                change: s => {
                    named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } });
                    s.push({ type: "aws:cloudwatch/eventRule:EventRule", name: "copy-failed", props: { name: "copy-failed", eventPattern: pattern({ source: ["aws.backup"], "detail-type": ["Copy Job State Change"], detail: { state: ["FAILED"] } }) } });
                    s.push({ type: "aws:cloudwatch/eventTarget:EventTarget", name: "copy-failed-topic", props: { rule: "copy-failed", arn: TOPIC } });
                },
            },
            "every state but COMPLETED (anything-but)": { change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change", "Copy Job State Change"], detail: { state: [{ "anything-but": ["COMPLETED", "RUNNING", "CREATED", "PENDING"] }] } }); } },
            "a plan without copy actions needs no copy-job route": {
                change: s => { named(s, "backup-plan").props.rules = [{ ruleName: "daily" }]; named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }); },
            },
            "the whole aws.backup source": { change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"] }); } },
            "a stack without GuardDuty or backups needs neither rule": { change: s => { for (const n of ["guardduty", "backup-plan", "guardduty-high", "guardduty-high-topic", "backup-failed", "backup-failed-topic"]) drop(s, n); } },
        },
        violations: {
            "the GuardDuty rule is deleted": { change: s => { drop(s, "guardduty-high"); drop(s, "guardduty-high-topic"); }, message: /no enabled EventBridge rule on the default bus delivers GuardDuty findings of HIGH severity/ },
            "the GuardDuty rule starts at 9 (misses HIGH)": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, detail: { severity: [{ numeric: [">=", 9] }] } }); }, message: /rule expertconnect-guardduty-high-severity does not match .*"severity":7/ },
            "the GuardDuty rule stops below 8.9": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, detail: { severity: [{ numeric: [">=", 7, "<", 8] }] } }); }, message: /"severity":8.9/ },
            "the GuardDuty rule's detail-type is misspelled": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, "detail-type": ["GuardDuty Findings"] }); }, message: /does not match/ },
            "the GuardDuty rule's source is wrong": { change: s => { gd(s).eventPattern = pattern({ ...gdPattern, source: ["guardduty"] }); }, message: /delivers GuardDuty findings/ },
            "the GuardDuty rule moved to a custom bus": { change: s => { gd(s).eventBusName = "expertconnect-security"; }, message: /listens on bus expertconnect-security, which AWS services never write to/ },
            "the GuardDuty rule targets a Lambda only": { change: s => { named(s, "guardduty-high-topic").props.arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:x`; }, message: /has no target that is a topic of the stack/ },
            "the backup rule's source is misspelled": { change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backups"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED"] } }); }, message: /delivers failed AWS Backup jobs/ },
            "a restore testing plan without a failed-restore rule": {
                change: s => { s.push({ type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-plan", props: { name: "expertconnect_prod_monthly" } }); },
                message: /delivers failed restore jobs/,
            },
            "the backup rule matches only FAILED": {
                change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change", "Copy Job State Change"], detail: { state: ["FAILED"] } }); },
                message: /delivers failed AWS Backup jobs .*does not match .*"state":"ABORTED".*Backup Job State Change state "ABORTED", Backup Job State Change state "EXPIRED"/,
            },
            "the backup rule forgets EXPIRED (a job that never started in its window)": {
                change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change", "Copy Job State Change"], detail: { state: ["FAILED", "ABORTED"] } }); },
                message: /Backup Job State Change state "EXPIRED"/,
            },
            "the backup rule drops Copy Job State Change": {
                change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }); },
                message: /delivers failed AWS Backup copy jobs \(the cross-region copies\).*Copy Job State Change state "FAILED"/,
            },
            "the backup rule matches by prefix ABORT only": {
                change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change", "Copy Job State Change"], detail: { state: [{ prefix: "ABORT" }] } }); },
                message: /delivers failed AWS Backup jobs/,
            },
            "a failed-restore rule that forgets ABORTED": {
                change: s => {
                    s.push({ type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-plan", props: { name: "expertconnect_prod_monthly" } });
                    s.push({ type: "aws:cloudwatch/eventRule:EventRule", name: "restore-failed", props: { name: "restore-failed", eventPattern: pattern({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED"] } }) } });
                    s.push({ type: "aws:cloudwatch/eventTarget:EventTarget", name: "restore-failed-topic", props: { rule: "restore-failed", arn: TOPIC } });
                },
                message: /delivers failed restore jobs .*Restore Job State Change status "ABORTED"/,
            },
            "the backup rule watches only COMPLETED jobs": { change: s => { named(s, "backup-failed").props.eventPattern = pattern({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["COMPLETED"] } }); }, message: /rule expertconnect-backup-job-failed does not match/ },
        },
    });
});

describe("cloudwatch-signals-delivered: routes built from the stack's own resources", () => {
    const CLUSTER = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/expertconnect-prod-cluster`;
    const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
    const pattern = (p: object) => JSON.stringify(p);
    const rule = (name: string, p: object): StackResourceInput[] => [
        { type: "aws:cloudwatch/eventRule:EventRule", name, props: { name, eventPattern: pattern(p) } },
        { type: "aws:cloudwatch/eventTarget:EventTarget", name: `${name}-target`, props: { rule: name, arn: TOPIC } },
    ];
    const deploy = { source: ["aws.ecs"], "detail-type": ["ECS Deployment State Change"], resources: [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-prod-cluster/*" }], detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] } };
    const rotation = { source: ["aws.secretsmanager"], "detail-type": ["AWS Service Event via CloudTrail"], detail: { eventName: ["RotationFailed", "RotationAbandoned"] } };
    const images = { source: ["aws.inspector2"], "detail-type": ["Inspector2 Finding"], detail: { severity: ["HIGH", "CRITICAL"], status: ["ACTIVE"], resources: { type: ["AWS_ECR_CONTAINER_IMAGE"] } } };
    const scanning = (scanType: string, filter = "expertconnect-*") => ({
        type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", name: "scanning",
        props: { scanType, rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter, filterType: "WILDCARD" }] }] },
    });
    const stack: StackResourceInput[] = [
        { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: "us-east-1" } },
        ...deliveryStack,
        { type: "aws:ecs/service:Service", name: "backend", props: { name: "expertconnect-prod-backend", cluster: CLUSTER } },
        { type: "aws:secretsmanager/secretRotation:SecretRotation", name: "rotation", props: { secretId: SECRET } },
        { type: "aws:ecr/repository:Repository", name: "repo", props: { name: "expertconnect-backend", arn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/expertconnect-backend` } },
        scanning("ENHANCED"),
        ...rule("deploy-failed", deploy), ...rule("rotation-failed", rotation), ...rule("images", images),
    ];
    const edit = (name: string, p: object) => (s: StackResourceInput[]) => { named(s, name).props.eventPattern = pattern(p); };
    stackTable(monitoringSignalsDelivered, stack, {
        passes: {
            "the deployment rule names the cluster's services by prefix": { change: edit("deploy-failed", { ...deploy, resources: [{ prefix: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/expertconnect-prod-cluster/` }] }) },
            "the rotation rule watches every rotation event": { change: edit("rotation-failed", { ...rotation, detail: { eventName: [{ prefix: "Rotation" }] } }) },
            "the image rule also takes MEDIUM findings": { change: edit("images", { ...images, detail: { ...images.detail, severity: ["MEDIUM", "HIGH", "CRITICAL"] } }) },
            "scanning filters name each repository": { change: s => { s.splice(s.findIndex(r => r.name === "scanning"), 1, scanning("ENHANCED", "expertconnect-backend")); } },
        },
        violations: {
            "the deployment rule watches another cluster": {
                change: edit("deploy-failed", { ...deploy, resources: [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-staging-cluster/*" }] }),
                message: /delivers failed ECS deployments of the stack's services.*does not match .*service\/expertconnect-prod-cluster\/expertconnect-prod-backend/,
            },
            "the rotation rule watches successes": { change: edit("rotation-failed", { ...rotation, detail: { eventName: ["RotationSucceeded"] } }), message: /delivers failed secret rotations/ },
            "the image rule listens to Inspector's retired source": { change: edit("images", { ...images, source: ["aws.inspector"] }), message: /delivers Inspector2 HIGH and CRITICAL findings/ },
            "the image rule takes CRITICAL only": { change: edit("images", { ...images, detail: { ...images.detail, severity: ["CRITICAL"] } }), message: /"severity":"HIGH"/ },
            "registry scanning downgraded to BASIC": { change: s => { s.splice(s.findIndex(r => r.name === "scanning"), 1, scanning("BASIC")); }, message: /registry scanning scanning is BASIC: only ENHANCED scanning/ },
            "scanning filters miss the repository": { change: s => { s.splice(s.findIndex(r => r.name === "scanning"), 1, scanning("ENHANCED", "legacy-*")); }, message: /match no filter for expertconnect-backend/ },
        },
    });
});

describe("cloudwatch-signals-delivered: patterns that can match", () => {
    const PLAN = `arn:aws:backup:us-east-1:${ACCOUNT}:restore-testing-plan/expertconnect_prod_monthly`;
    const rule = (name: string, p: object): StackResourceInput[] => [
        { type: "aws:cloudwatch/eventRule:EventRule", name, props: { name, eventPattern: JSON.stringify(p) } },
        { type: "aws:cloudwatch/eventTarget:EventTarget", name: `${name}-target`, props: { rule: name, arn: TOPIC } },
    ];
    const stack: StackResourceInput[] = [
        ...deliveryStack,
        { type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-plan", props: { name: "expertconnect_prod_monthly", arn: PLAN } },
        ...rule("deploy-failed-rule", { source: ["aws.ecs"], "detail-type": ["ECS Deployment State Change"], detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] } }),
        ...rule("restore-test", { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED"], restoreTestingPlanArn: [PLAN] } }),
        // The failed-restore route the plan requires (judged in "required event routes").
        ...rule("restore-failed", { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } }),
    ];
    const pattern = (name: string, edit: (p: any) => void) => (s: StackResourceInput[]) => {
        const r = s.find(x => x.name === name && x.type === "aws:cloudwatch/eventRule:EventRule")!.props;
        const p = JSON.parse(r.eventPattern as string);
        edit(p);
        r.eventPattern = JSON.stringify(p);
    };
    stackTable(monitoringSignalsDelivered, stack, {
        passes: {
            "a CloudTrail event of the source": { change: pattern("deploy-failed-rule", p => { p["detail-type"] = ["AWS API Call via CloudTrail"]; p.detail = { eventName: ["DeleteService"] }; }) },
            "a source the pack has no event list for": { change: pattern("deploy-failed-rule", p => { p.source = ["aws.codedeploy"]; p["detail-type"] = ["CodeDeploy Deployment State-change Notification"]; }) },
            "a prefix matcher on the plan ARN": { change: pattern("restore-test", p => { p.detail.restoreTestingPlanArn = [{ prefix: "arn:aws:backup:us-east-1:" }]; }) },
            "every deployment event and its error type": { change: pattern("deploy-failed-rule", p => { p.detail = { eventName: ["SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED", "SERVICE_DEPLOYMENT_FAILED"], eventType: ["ERROR"] }; }) },
            "a backup and copy job state either sends": { change: pattern("restore-test", p => { p["detail-type"] = ["Backup Job State Change", "Copy Job State Change"]; p.detail = { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] }; }) },
            "a wrong status beside a right one (the right one still matches)": { change: pattern("restore-test", p => { p.detail.status = ["COMPLETED", "EXPIRED"]; }) },
            "a field the pack has no value list for": { change: pattern("deploy-failed-rule", p => { p.detail.reason = ["anything"]; }) },
        },
        violations: {
            "a detail-type typo": { change: pattern("deploy-failed-rule", p => { p["detail-type"] = ["ECS Deployment State Changed"]; }), message: /deploy-failed-rule's eventPattern can never match .*detail-type "ECS Deployment State Changed" is none aws.ecs emits/ },
            "a typo beside a right detail-type": { change: pattern("deploy-failed-rule", p => { p["detail-type"].push("ECS Task State Changed"); }), message: /"ECS Task State Changed"/ },
            "a detail-type of another service": { change: pattern("restore-test", p => { p["detail-type"] = ["ECS Task State Change"]; }), message: /none aws.backup emits/ },
            "a deployment event name typo": { change: pattern("deploy-failed-rule", p => { p.detail.eventName = ["SERVICE_DEPLOYMENT_FAILD"]; }), message: /detail.eventName "SERVICE_DEPLOYMENT_FAILD" is no value ECS Deployment State Change events carry/ },
            "a restore job status in lower case": { change: pattern("restore-test", p => { p.detail.status = ["completed"]; }), message: /detail.status "completed"/ },
            "a state neither job type sends": { change: pattern("restore-test", p => { p["detail-type"] = ["Backup Job State Change", "Copy Job State Change"]; p.detail = { state: ["CANCELLED"] }; }), message: /detail.state "CANCELLED"/ },
            "a plan ARN only a component's output still names (the plan resource replaced by another)": {
                change: s => {
                    const weekly = { type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-plan", props: { name: "expertconnect_prod_weekly", arn: PLAN.replace("monthly", "weekly") } };
                    s.splice(s.findIndex(x => x.name === "restore-plan"), 1, weekly, { type: "expertconnect:dr:RestoreTesting", name: "restore-testing", props: { arn: PLAN } });
                },
                message: /expertconnect_prod_monthly is none of the stack's/,
            },
            "a plan ARN the stack does not have": { change: pattern("restore-test", p => { p.detail.restoreTestingPlanArn = [PLAN.replace("monthly", "weekly")]; }), message: /expertconnect_prod_weekly is none of the stack's/ },
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
    // The rest of the application signals docs/operations.md promises (policy/lib/facts/appSignals.ts).
    { type: "aws:sns/topic:Topic", name: "alarms", props: { name: "expertconnect-alarms", arn: TOPIC } },
    ...([["credit-succeeded", "credit_transaction", "succeeded", "CreditTransactionsSucceeded"], ["video-failed", "video_session", "failed", "VideoSessionsFailed"], ["video-started", "video_session", "started", "VideoSessionsStarted"]] as const)
        .map(([name, event, outcome, metric]): StackResourceInput => ({
            type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name,
            props: { name: `expertconnect-${name}`, logGroupName: BACKEND_LOGS, pattern: `{ $.event = "${event}" && $.outcome = "${outcome}" }`, metricTransformation: { namespace: "ExpertConnect", name: metric, value: "1", defaultValue: "0" } },
        })),
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "none-succeeded-alarm",
        props: { name: "expertconnect-credit-transactions-none-succeeded", namespace: "ExpertConnect", metricName: "CreditTransactionsSucceeded", comparisonOperator: "LessThanThreshold", threshold: 1, alarmActions: [TOPIC] },
    },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "video-rate-alarm",
        props: {
            name: "expertconnect-video-sessions-failure-rate-high", comparisonOperator: "GreaterThanThreshold", threshold: 10, alarmActions: [TOPIC],
            metricQueries: [
                { id: "rate", expression: "100 * failed / (failed + started)", returnData: true },
                { id: "failed", metric: { namespace: "ExpertConnect", metricName: "VideoSessionsFailed", stat: "Sum", period: 300 } },
                { id: "started", metric: { namespace: "ExpertConnect", metricName: "VideoSessionsStarted", stat: "Sum", period: 300 } },
            ],
        },
    },
];
const filter = (s: StackResourceInput[]) => named(s, "credit-failed").props;
const alarm = (s: StackResourceInput[], name: string) => named(s, name).props;

const FRONTEND_LOGS = "/ecs/expertconnect-prod-frontend";
/** A filter outside the application's namespace, on another log group, publishing with `dimensions`. */
const otherFilter = (logGroupName: string, pattern: string, dimensions: Record<string, string>): StackResourceInput => ({
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "other-filter",
    props: { name: "other-filter", logGroupName, pattern, metricTransformation: { name: "Blocked", namespace: "Security", value: "1", dimensions } },
});
/** The backend's and frontend's task definitions: each container named after its service logs to its group (a sidecar beside it too). */
const withServices = (backendGroup = BACKEND_LOGS) => (s: StackResourceInput[]) => {
    const task = (service: string, group: string): StackResourceInput => ({
        type: "aws:ecs/taskDefinition:TaskDefinition", name: `${service}-task`,
        props: {
            family: `expertconnect-prod-${service}`,
            containerDefinitions: JSON.stringify([service, "xray-daemon"].map((name) => ({ name, logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group } } }))),
        },
    });
    s.push(task("backend", backendGroup), task("frontend", FRONTEND_LOGS),
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "frontend-logs", props: { name: FRONTEND_LOGS, retentionInDays: 90, tags: { ...TAGS, LogFormat: "json" } } });
};

describe("cloudwatch-metric-filters-match", () => {
    stackTable(cloudwatchMetricFiltersMatch, filterStack, {
        passes: {
            "the filters read the backend's group, where the backend's container logs": { change: withServices() },
            "a filter on free-form error lines reads the frontend's group (every service writes them)": {
                change: s => { withServices()(s); filter(s).logGroupName = FRONTEND_LOGS; filter(s).pattern = '{ $.level = "ERROR" }'; },
            },
            "the backend's containers log to a renamed group, and the filters follow": {
                change: s => {
                    withServices("/ecs/expertconnect-prod-api")(s);
                    s.filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter").forEach((r) => { r.props.logGroupName = "/ecs/expertconnect-prod-api"; });
                },
            },
            "the task definitions' containers are unknown during preview": {
                change: s => { withServices()(s); named(s, "backend-task").props.containerDefinitions = UNKNOWN; filter(s).logGroupName = FRONTEND_LOGS; },
            },
            "a text pattern watches the PostgreSQL log": { change: s => { filter(s).logGroupName = "/aws/rds/instance/expertconnect-prod-db/postgresql"; filter(s).pattern = "duration"; } },
            "a log group tagged json overrides a text-looking name": {
                change: s => { named(s, "db-logs").props.tags = { LogFormat: "json" }; filter(s).logGroupName = "/aws/rds/instance/expertconnect-prod-db/postgresql"; },
            },
            "an alarm watches an AWS namespace": { change: s => { named(s, "credit-failed-alarm").props.namespace = "AWS/ECS"; named(s, "credit-failed-alarm").props.metricName = "Anything"; } },
            "the pattern is unknown during preview": { change: s => { filter(s).pattern = UNKNOWN; } },
            "a numeric range that can hold": { change: s => { filter(s).pattern = "{ $.status >= 500 && $.status <= 599 }"; } },
            "the failed-credit alarm renamed (what it watches counts)": { change: s => { alarm(s, "credit-failed-alarm").name = "ec-credit-failures"; } },
            "the failed-credit alarm's threshold lowered": { change: s => { alarm(s, "credit-failed-alarm").threshold = 1; alarm(s, "credit-failed-alarm").comparisonOperator = "GreaterThanOrEqualToThreshold"; } },
            "an alarm's actions unknown during preview": { change: s => { alarm(s, "none-succeeded-alarm").alarmActions = UNKNOWN; } },
            "a wildcard that matches the application's value": { change: s => { filter(s).pattern = '{ $.event = "credit_*" && $.outcome = "fail*" }'; } },
            "a pattern on a number field the application writes": { change: s => { filter(s).pattern = '{ $.event = "credit_transaction" && $.credits > 100 }'; } },
            "either of two outcomes": { change: s => { filter(s).pattern = '{ $.event = "credit_transaction" && ($.outcome = "FAILED" || $.outcome = "failed") }'; } },
            "a gauge reads a number field": { change: s => { filter(s).pattern = '{ $.event = "activity_snapshot" }'; (filter(s).metricTransformation as Record<string, string>).value = "$.active_users"; } },
            "failures counted per outcome reason and route (categories of the contract)": { change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { Reason: "$.reason", Outcome: "$.outcome" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; } },
            "a constant dimension value": { change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { Environment: "prod" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; } },
            "a WAF-log filter counting blocked requests per action (not personal by name)": { change: s => { s.push(otherFilter("aws-waf-logs-expertconnect", '{ $.action = "BLOCK" }', { Action: "$.action" })); } },
            "an application namespace published by the app itself (not in filterFedNamespaces)": {
                config: { filterFedNamespaces: [] },
                change: s => { for (const n of ["credit-failed", "credit-succeeded", "video-failed", "video-started"]) drop(s, n); },
            },
        },
        violations: {
            "the application alarms and filters all removed": {
                change: s => { for (const n of ["credit-failed", "credit-failed-alarm", "credit-rate-alarm", "none-succeeded-alarm", "video-rate-alarm"]) drop(s, n); },
                message: /no alarm watches ExpertConnect\/CreditTransactionsFailed: the credit-transactions-failed alarm/,
            },
            "the video failure-rate alarm removed": { change: s => drop(s, "video-rate-alarm"), message: /no alarm watches ExpertConnect\/VideoSessionsFailed and ExpertConnect\/VideoSessionsStarted/ },
            "the none-succeeded alarm turned around (pages when successes are many)": {
                change: s => { alarm(s, "none-succeeded-alarm").comparisonOperator = "GreaterThanThreshold"; }, message: /comparisonOperator GreaterThanThreshold pages when the value is high; it must page when it goes below/,
            },
            "the none-succeeded alarm's actions disabled": { change: s => { alarm(s, "none-succeeded-alarm").actionsEnabled = false; }, message: /credit-transactions-none-succeeded, the stack's credit-transactions-none-succeeded alarm .* actionsEnabled is false/ },
            "the video alarm notifies a topic outside the stack": {
                change: s => { alarm(s, "video-rate-alarm").alarmActions = [FOREIGN_TOPIC]; }, message: /alarmActions name no topic of this stack/,
            },
            "the failed-credit filter reads the frontend's group (the backend writes credit transactions)": {
                change: s => { withServices()(s); filter(s).logGroupName = FRONTEND_LOGS; },
                message: /expertconnect-credit-transactions-failed: it matches credit_transaction lines, which backend writes \(backend → \/ecs\/expertconnect-prod-backend\), but it reads \/ecs\/expertconnect-prod-frontend, which receives lines of frontend only/,
            },
            "the failed-credit filter reads a group no service writes": {
                change: s => { withServices()(s); filter(s).logGroupName = "/ecs/expertconnect-prod-backend-old"; }, message: /reads \/ecs\/expertconnect-prod-backend-old, which no service of the application writes/,
            },
            "the backend's containers log elsewhere while the filters stay": {
                change: withServices("/ecs/expertconnect-prod-api"), message: /backend → \/ecs\/expertconnect-prod-api\), but it reads \/ecs\/expertconnect-prod-backend, which no service/,
            },
            "a filter asks for credit transactions written by the frontend (it writes none)": {
                change: s => { withServices()(s); filter(s).logGroupName = FRONTEND_LOGS; filter(s).pattern = '{ $.event = "credit_transaction" && $.service = "frontend" }'; },
                message: /no line the application writes matches .*\$\.service \(credit_transaction lines carry "backend"\)/,
            },
            "the filter's value in upper case (the application writes lower case)": {
                change: s => { filter(s).pattern = '{ $.event = "credit_transaction" && $.outcome = "FAILED" }'; },
                message: /no line the application writes matches .*\$\.outcome \(credit_transaction lines carry "succeeded", "declined", "failed"\)/,
            },
            "failed logins counted per user email (a field outside the contract, personal by name)": {
                change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { Email: "$.user_email" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; }, message: /dimension Email reads \$\.user_email is no field of the log contract and its name says personal data/,
            },
            "credits per client IP and transaction id": {
                change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { ClientIp: "$.client_ip", TransactionId: "$.transaction_id" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; },
                message: /dimension TransactionId reads \$\.transaction_id is an identifier .*in the log contract/,
            },
            "requests per request id (an identifier of the contract)": { change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { RequestId: "$.request_id" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; }, message: /dimension RequestId reads \$\.request_id is an identifier/ },
            "requests per message text": { change: s => { (filter(s).metricTransformation as Record<string, unknown>).dimensions = { Message: "$.message" }; delete (filter(s).metricTransformation as Record<string, unknown>).defaultValue; }, message: /dimension Message reads \$\.message is free text/ },
            "another namespace keyed by the WAF log's client IP": {
                change: s => { s.push(otherFilter("aws-waf-logs-expertconnect", '{ $.action = "BLOCK" }', { ClientIp: "$.httpRequest.clientIp" })); },
                message: /dimension ClientIp reads \$\.httpRequest\.clientIp is, by its name, personal data/,
            },
            "a flow-log filter keyed by source address (space-delimited field)": {
                change: s => { s.push(otherFilter("/aws/vpc/flow-logs", "[version, account, eni, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action=REJECT, status]", { Source: "$srcaddr" })); },
                message: /dimension Source reads \$srcaddr is, by its name, personal data/,
            },
            "the filter reads a field the application does not write": {
                change: s => { filter(s).pattern = '{ $.event = "credit_transaction" && $.result = "failed" }'; }, message: /\$\.result \(credit_transaction lines have no such field\)/,
            },
            "the filter names an event the application does not write": {
                change: s => { filter(s).pattern = '{ $.event = "credit_transactions" && $.outcome = "failed" }'; }, message: /\$\.event \(the application writes "http_request", .*"log"\)/,
            },
            "the filter compares a text field with a number": {
                change: s => { filter(s).pattern = '{ $.event = "credit_transaction" && $.transaction_id > 0 }'; }, message: /\$\.transaction_id compared as a number \(the application writes a string\)/,
            },
            "a gauge reads a field the contract does not have": {
                change: s => { filter(s).pattern = '{ $.event = "activity_snapshot" }'; (filter(s).metricTransformation as Record<string, string>).value = "$.activeUsers"; }, message: /value \$\.activeUsers is no number field of the log contract/,
            },
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
/** The stack's hosts (a record, a certificate, the load balancer) and the canary's SITE_URL. */
const withSite = (url: string, certificate = "app.expertconnect.example", extra: Record<string, string> = {}) => (s: StackResourceInput[]) => {
    s.push(
        { type: "aws:route53/record:Record", name: "dns-regional", props: { name: "prod.app.expertconnect.example" } },
        { type: "aws:acm/certificate:Certificate", name: "certificate", props: { domainName: certificate, subjectAlternativeNames: ["prod.app.expertconnect.example"] } },
        { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { dnsName: "expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com" } },
    );
    canary(s).runConfig = { environmentVariables: { SITE_URL: url, HEALTH_PATH: "/api/health/", IGNORE_CERTIFICATE_NAME: "false", ...extra } };
};
/** The canary's alarm needs `runs` failed runs (datapointsToAlarm of as many periods). */
const alarmNeeds = (runs: number) => (s: StackResourceInput[]) => { Object.assign(named(s, "canary-alarm").props, { period: 300, evaluationPeriods: 3, datapointsToAlarm: runs }); };

describe("synthetics-canary", () => {
    stackTable(syntheticsCanary, canaryStack, {
        passes: {
            "the canary's code comes from the stack's bucket": { change: s => { canary(s).s3Bucket = ARTIFACTS; } },
            "SITE_URL is the stack's regional record": { change: withSite("https://prod.app.expertconnect.example/") },
            "SITE_URL names the certificate's domain itself": { change: withSite("https://app.expertconnect.example/") },
            "Node's TLS check left on explicitly": { change: withSite("https://prod.app.expertconnect.example/", undefined, { NODE_TLS_REJECT_UNAUTHORIZED: "1" }) },
            "it runs every 10 minutes and its alarm needs 2 failed runs (20 minutes to the page)": { change: s => { canary(s).schedule = { expression: "rate(10 minutes)" }; alarmNeeds(2)(s); } },
            "it runs on a 15-minute cron and one failed run pages": { change: s => { canary(s).schedule = { expression: "cron(0/15 * * * ? *)" }; } },
            "a configured budget of 2 hours allows an hourly canary": { config: { maximumMinutesToDetect: 120 }, change: s => { canary(s).schedule = { expression: "rate(1 hour)" }; } },
            "SITE_URL under the certificate's wildcard": { change: withSite("https://www.app.expertconnect.example/", "*.app.expertconnect.example") },
            "a stack without DNS names or load balancers does not judge the URL": { change: s => { canary(s).runConfig = { environmentVariables: { SITE_URL: "https://www.example.com/" } }; } },
            "a supported Puppeteer runtime": { change: s => { canary(s).runtimeVersion = "syn-nodejs-puppeteer-9.1"; } },
            "it runs every minute": { change: s => { canary(s).schedule = { expression: "rate(1 minute)" }; } },
            "it runs on a cron with durationInSeconds 0 (no end)": { change: s => { canary(s).schedule = { expression: "cron(0/5 * * * ? *)", durationInSeconds: 0 }; } },
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
            "the canary's code comes from a bucket outside the stack": { change: s => { canary(s).s3Bucket = "partner-canary-code"; }, message: /its code \(s3Bucket\) comes from partner-canary-code, which is no bucket of this stack/ },
            "SITE_URL points at another site": { change: withSite("https://www.example.com/"), message: /environmentVariables.SITE_URL points at www.example.com, which is none of the stack's hosts/ },
            "SITE_URL one label too deep for the wildcard": { change: withSite("https://a.b.app.expertconnect.example/", "*.app.expertconnect.example"), message: /points at a.b.app.expertconnect.example/ },
            "the stack serves users through a load balancer and has no canary": {
                change: s => { drop(s, "synthetic-check"); s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-prod-alb", internal: false } }); },
                message: /no Synthetics canary checks it from outside/,
            },
            "SITE_URL is the load balancer's DNS name (no certificate names it)": {
                change: withSite("https://expertconnect-prod-alb-1.us-east-1.elb.amazonaws.com/", undefined, { IGNORE_CERTIFICATE_NAME: "true" }),
                message: /SITE_URL probes expertconnect-prod-alb-1\.us-east-1\.elb\.amazonaws\.com, which no certificate of the stack names \(app\.expertconnect\.example, prod\.app\.expertconnect\.example\)/,
            },
            "SITE_URL over plain http": { change: withSite("http://prod.app.expertconnect.example/"), message: /SITE_URL is http:\/\/prod\.app\.expertconnect\.example\/, plain HTTP/ },
            "the check ignores the certificate's name": {
                change: withSite("https://prod.app.expertconnect.example/", undefined, { IGNORE_CERTIFICATE_NAME: "true" }), message: /IGNORE_CERTIFICATE_NAME=true switches certificate verification off/,
            },
            "Node's TLS verification switched off for the whole runtime": {
                change: withSite("https://prod.app.expertconnect.example/", undefined, { NODE_TLS_REJECT_UNAUTHORIZED: "0" }), message: /NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate verification off/,
            },
            "it runs every hour": { change: s => { canary(s).schedule = { expression: "rate(1 hour)" }; }, message: /runs up to 60 minutes apart and its alarm needs 1 failed run\(s\): an outage pages after up to 60 minutes, more than 30/ },
            "it runs every 20 minutes and its alarm needs 2 failed runs": {
                change: s => { canary(s).schedule = { expression: "rate(20 minutes)" }; alarmNeeds(2)(s); }, message: /pages after up to 40 minutes, more than 30/,
            },
            "it runs on business hours only (a weekend without a check)": {
                change: s => { canary(s).schedule = { expression: "cron(0/5 8-17 ? * MON-FRI *)" }; }, message: /runs up to 3725 minutes apart/,
            },
            "a configured 5-minute budget the 5-minute canary needing 2 runs misses": { config: { maximumMinutesToDetect: 5 }, change: s => { canary(s).schedule = { expression: "rate(5 minutes)" }; alarmNeeds(2)(s); }, message: /up to 10 minutes, more than 5/ },
            "the schedule runs once (rate(0 minute))": { change: s => { canary(s).schedule = { expression: "rate(0 minute)" }; }, message: /runs once only \(schedule rate\(0 minute\)\)/ },
            "the schedule stops after an hour": { change: s => { canary(s).schedule = { expression: "rate(5 minutes)", durationInSeconds: 3600 }; }, message: /stops running after 3600 s/ },
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

describe("longestGapMinutes (the canary's schedule, to the minute)", () => {
    it("reads rate and cron expressions as Synthetics runs them", () => {
        expect(longestGapMinutes("rate(1 minute)")).to.equal(1);
        expect(longestGapMinutes("rate(10 minutes)")).to.equal(10);
        expect(longestGapMinutes("rate(1 hour)")).to.equal(60);
        expect(longestGapMinutes("cron(0/5 * * * ? *)")).to.equal(5);
        expect(longestGapMinutes("cron(0,30 * * * ? *)")).to.equal(30);
        expect(longestGapMinutes("cron(0 * * * ? *)")).to.equal(60);
        expect(longestGapMinutes("cron(0 8 * * ? *)")).to.equal(1440);
        // Friday 17:55 to Monday 08:00.
        expect(longestGapMinutes("cron(0/5 8-17 ? * MON-FRI *)")).to.equal(2 * 1440 + 14 * 60 + 5);
        expect(longestGapMinutes("at(2026-01-01T00:00:00)")).to.equal(undefined);
    });
});

describe("cloudwatch-cis-monitoring", () => {
    const TRAIL_LOGS = "/aws/cloudtrail/expertconnect-trail";
    const NS = "ExpertConnect/Security";
    const anyOf = (names: string[]) => names.map(n => `($.eventName = ${n})`).join(" || ");
    const cis: Array<[string, string, string]> = [
        ["root-account-usage", "RootAccountUsage", '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
        ["unauthorized-api-calls", "UnauthorizedApiCalls", '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") }'],
        ["iam-policy-changes", "IamPolicyChanges", `{ (${anyOf(["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "DeleteUserPolicy"])}) && (($.userIdentity.type != "AssumedRole") || ($.userIdentity.sessionContext.sessionIssuer.userName != "expertconnect-deploy-prod")) }`],
        ["security-group-changes", "SecurityGroupChanges", `{ ${anyOf(["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"])} }`],
    ];
    const stack: StackResourceInput[] = [
        { type: "aws:cloudtrail/trail:Trail", name: "trail", props: { name: "expertconnect-trail", cloudWatchLogsGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOGS}:*` } },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "trail-logs", props: { name: TRAIL_LOGS, retentionInDays: 365 } },
        { type: "aws:sns/topic:Topic", name: "alarms", props: { name: "expertconnect-alarms", arn: TOPIC } },
        { type: "aws:sns/topicSubscription:TopicSubscription", name: "alarms-email", props: { topic: TOPIC, protocol: "email", endpoint: "oncall@expertconnect.example" } },
        ...cis.flatMap(([key, metric, pattern]): StackResourceInput[] => [
            { type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: key, props: { name: `expertconnect-${key}`, logGroupName: TRAIL_LOGS, pattern, metricTransformation: { namespace: NS, name: metric, value: "1" } } },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: `${key}-alarm`, props: { name: `expertconnect-${key}`, namespace: NS, metricName: metric, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", alarmActions: [TOPIC] } },
        ]),
    ];
    stackTable(cloudwatchCisMonitoring, stack, {
        passes: {
            "a stack without a trail (dr) needs none": { change: s => { s.splice(0, s.length); } },
            "a filter's pattern is unknown during preview": { change: s => { named(s, "root-account-usage").props.pattern = UNKNOWN; } },
            "the root filter also counts federated root sessions": { change: s => { named(s, "root-account-usage").props.pattern = '{ $.userIdentity.type = "Root" }'; } },
            "the root-usage alarm pages the topic and also opens an OpsItem": { change: s => { (named(s, "root-account-usage-alarm").props.alarmActions as string[]).push(`arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:3#CATEGORY=Security`); } },
            "the alarm's actions are unknown during preview": { change: s => { named(s, "root-account-usage-alarm").props.alarmActions = UNKNOWN; } },
            "a new topic's ARN is unknown during preview": { change: s => { named(s, "alarms").props.arn = UNKNOWN; named(s, "root-account-usage-alarm").props.alarmActions = [`arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms-new`]; } },
            "a control is not required by config": { config: { requiredControls: ["CloudWatch.2", "CloudWatch.4", "CloudWatch.10"] }, change: s => { drop(s, "root-account-usage-alarm"); } },
            "the security-group filter excludes exactly the configured deploy roles": {
                config: { deployRoleNames: ["ci-deploy"] },
                change: s => { named(s, "security-group-changes").props.pattern = `{ (${anyOf(["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"])}) && (($.userIdentity.type != "AssumedRole") || ($.userIdentity.sessionContext.sessionIssuer.userName != "ci-deploy")) }`; },
            },
        },
        violations: {
            "the root-usage alarm is deleted": { change: s => drop(s, "root-account-usage-alarm"), message: /CloudWatch.1: the metric filter expertconnect-root-account-usage counts root user activity, but no alarm paging a subscribed topic/ },
            "the root-usage filter is deleted": { change: s => drop(s, "root-account-usage"), message: /CloudWatch.1: no metric filter on the trail's log group/ },
            "the root-usage pattern compares a lower-case root": { change: s => { named(s, "root-account-usage").props.pattern = '{ $.userIdentity.type = "root" }'; }, message: /CloudWatch.1: no metric filter .* matches root user activity/ },
            "the unauthorized-calls filter is on another log group": { change: s => { named(s, "unauthorized-api-calls").props.logGroupName = "/aws/cloudtrail/expertconnect-trail-old"; }, message: /CloudWatch.2: no metric filter on the trail's log group \(\/aws\/cloudtrail\/expertconnect-trail\)/ },
            "the IAM filter excludes the deploy roles with a wildcard (expertconnect-*)": {
                change: s => { named(s, "iam-policy-changes").props.pattern = `{ (${anyOf(["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "DeleteUserPolicy"])}) && (($.userIdentity.type != "AssumedRole") || ($.userIdentity.sessionContext.sessionIssuer.userName != \"expertconnect-*\")) }`; },
                message: /CloudWatch.4: no metric filter .*the closest: it leaves out sessions of expertconnect-deploy-prod-x, .*which are not the deploy roles \(deployRoleNames: expertconnect-deploy-prod, expertconnect-deploy-dr\)/,
            },
            "the IAM filter also excludes a workload role of the stack": {
                change: s => {
                    s.push({ type: "aws:iam/role:Role", name: "backend-task", props: { name: "expertconnect-prod-backend-task" } });
                    named(s, "iam-policy-changes").props.pattern = `{ (${anyOf(["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "DeleteUserPolicy"])}) && (($.userIdentity.type != "AssumedRole") || ($.userIdentity.sessionContext.sessionIssuer.userName != \"expertconnect-deploy-prod\" && $.userIdentity.sessionContext.sessionIssuer.userName != \"expertconnect-prod-backend-task\")) }`;
                },
                message: /CloudWatch.4: .*leaves out sessions of expertconnect-prod-backend-task/,
            },
            "the unauthorized-calls filter matches AccessDenied exactly (JSON services record AccessDeniedException)": {
                change: s => { named(s, "unauthorized-api-calls").props.pattern = '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") }'; },
                message: /CloudWatch.2/,
            },
            "the unauthorized-calls filter leaves out the deploy role (excused for changes, not for denied calls)": {
                change: s => { named(s, "unauthorized-api-calls").props.pattern = '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.userIdentity.type != "AssumedRole") || ($.userIdentity.sessionContext.sessionIssuer.userName != "expertconnect-deploy-prod")) }'; },
                message: /CloudWatch.2: .*leaves out sessions of .*expertconnect-deploy-prod.*excused for this control/,
            },
            "the IAM filter misses AttachRolePolicy": { change: s => { named(s, "iam-policy-changes").props.pattern = `{ ${anyOf(["PutRolePolicy", "CreatePolicyVersion", "DeleteUserPolicy"])} }`; }, message: /CloudWatch.4: no metric filter/ },
            "the security-group alarm has no actions": { change: s => { named(s, "security-group-changes-alarm").props.alarmActions = []; }, message: /CloudWatch.10: .* no alarm paging a subscribed topic/ },
            "the root-usage alarm only opens an SSM OpsItem": { change: s => { named(s, "root-account-usage-alarm").props.alarmActions = [`arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:3#CATEGORY=Security`]; }, message: /CloudWatch.1: .* no alarm paging a subscribed topic of this stack watches its metric \(an SSM OpsItem alone pages no one\)/ },
            "the root-usage alarm pages a topic nobody subscribes to": {
                change: s => { s.push({ type: "aws:sns/topic:Topic", name: "quiet", props: { name: "quiet", arn: `arn:aws:sns:us-east-1:${ACCOUNT}:quiet` } }); named(s, "root-account-usage-alarm").props.alarmActions = [`arn:aws:sns:us-east-1:${ACCOUNT}:quiet`]; },
                message: /CloudWatch.1: .* no alarm paging a subscribed topic/,
            },
            "the root-usage alarm pages a topic of another stack": { change: s => { named(s, "root-account-usage-alarm").props.alarmActions = [`arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms-old`]; }, message: /CloudWatch.1: .* no alarm paging/ },
            "the trail delivers to a log group the filters are not on": { change: s => { named(s, "trail").props.cloudWatchLogsGroupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail/other:*`; }, message: /CloudWatch.1: no metric filter on the trail's log group \(none of the stack's\)/ },
        },
    });
});

describe("cloudwatch-signals-delivered: every publisher's message reaches a person", () => {
    const GD_RULE = "expertconnect-guardduty-high-severity";
    const BACKUP_RULE = "expertconnect-backup-job-failed";
    const rule = (name: string, key: string, pattern: object): StackResourceInput => ({
        type: "aws:cloudwatch/eventRule:EventRule", name: key, props: { name, arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/${name}`, state: "ENABLED", eventPattern: JSON.stringify(pattern) },
    });
    const target = (name: string, ruleName: string, extra: object = {}): StackResourceInput => ({ type: "aws:cloudwatch/eventTarget:EventTarget", name, props: { rule: ruleName, arn: TOPIC, ...extra } });
    const contentStack: StackResourceInput[] = [
        ...deliveryStack.filter(r => !r.name.startsWith("ecs-deployment-failed")),
        rule(GD_RULE, "guardduty-high", { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } }),
        target("guardduty-high-topic", GD_RULE),
        rule(BACKUP_RULE, "backup-job-failed", { source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }),
        target("backup-job-failed-topic", BACKUP_RULE),
        { type: "aws:rds/eventSubscription:EventSubscription", name: "db-events", props: { name: "expertconnect-db-events", snsTopic: TOPIC, sourceType: "db-instance", sourceIds: ["expertconnect-prod-db"] } },
    ];
    const filtered = (policy: object, scope = "MessageBody", sub = "alarms-email") => (s: StackResourceInput[]) => {
        Object.assign(named(s, sub).props, { filterPolicy: JSON.stringify(policy), filterPolicyScope: scope });
    };
    const extra = (name: string, protocol: string, endpoint: string, policy?: object) => (s: StackResourceInput[]) => {
        s.push({ type: "aws:sns/topicSubscription:TopicSubscription", name, props: { topic: TOPIC, protocol, endpoint, ...(policy ? { filterPolicy: JSON.stringify(policy), filterPolicyScope: "MessageBody" } : {}) } });
    };
    const both = (...changes: Array<(s: StackResourceInput[]) => void>) => (s: StackResourceInput[]) => changes.forEach(c => c(s));
    // Every JSON publisher of the stack, each by a key only its messages carry.
    const everyJson = { $or: [{ AlarmName: [{ exists: true }] }, { source: [{ prefix: "aws." }] }, { anomalyId: [{ exists: true }] }, { "Event Source": [{ exists: true }] }] };
    const budget = (s: StackResourceInput[]) => s.push({ type: "aws:budgets/budget:Budget", name: "budget", props: { name: "expertconnect-monthly", notifications: [{ subscriberSnsTopicArns: [TOPIC] }] } });
    const backupTarget = (props: object) => (s: StackResourceInput[]) => { Object.assign(named(s, "backup-job-failed-topic").props, props); };
    stackTable(monitoringSignalsDelivered, contentStack, {
        passes: {
            "a body filter names a key of every publisher's message": { change: filtered(everyJson) },
            "an SMS pager takes ALARM transitions only, the mailbox takes everything": { change: extra("alarms-sms", "sms", "+15555550100", { NewStateValue: ["ALARM"] }) },
            "the mailbox takes alarms, a second address of the team takes the events": {
                change: both(filtered({ AlarmName: [{ prefix: "expertconnect-" }] }), extra("alarms-security", "email", "security@expertconnect.example", { $or: [{ source: [{ prefix: "aws." }] }, { anomalyId: [{ exists: true }] }, { "Event Source": [{ exists: true }] }] })),
            },
            "a queue of the stack takes alarms only beside the unfiltered mailbox": { change: extra("alarms-queue", "sqs", `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-ticketing`, { NewStateValue: ["ALARM"] }) },
            "an attribute filter that only excludes an attribute the services never set": { change: filtered({ severity: [{ exists: false }] }, "MessageAttributes") },
            "a GuardDuty band written as numeric ranges beside the other publishers": {
                change: filtered({ $or: [...everyJson.$or.filter(o => !("source" in o)), { detail: { severity: [{ numeric: [">=", 7, "<", 9] }] } }, { source: ["aws.backup"] }] }),
            },
            "a budget's text reaches the unfiltered mailbox": { change: budget },
            "the backup target formats a readable message from the event's fields": {
                change: backupTarget({ inputTransformer: { inputPaths: { type: "$.detail-type", state: "$.detail.state", job: "$.detail.backupJobId", resource: "$.detail.resourceArn" }, inputTemplate: "\"<type>: backup job <job> of <resource> is <state>\"" } }),
            },
            "the backup target forwards the event's detail": { change: backupTarget({ inputPath: "$.detail" }) },
            "the backup target forwards the whole event through a template": { change: backupTarget({ inputTransformer: { inputPaths: {}, inputTemplate: "{\"alert\": \"backup\", \"event\": <aws.events.event.json>}" } }) },
            "a monthly reminder rule (a schedule) sends a constant text": {
                change: s => {
                    s.push({ type: "aws:cloudwatch/eventRule:EventRule", name: "restore-reminder", props: { name: "expertconnect-restore-reminder", scheduleExpression: "rate(30 days)", state: "ENABLED" } });
                    s.push(target("restore-reminder-topic", "expertconnect-restore-reminder", { input: "\"Run the monthly restore drill (docs/guide.md)\"" }));
                },
            },
            "a constant input to a Lambda notifier (not a topic)": { change: backupTarget({ arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify`, input: "{\"kind\":\"backup\"}" }) },
        },
        violations: {
            "the mailbox keeps the stack's alarms by name prefix (GuardDuty and backup events dropped)": {
                change: filtered({ AlarmName: [{ prefix: "expertconnect-" }] }),
                message: /receives .*EventBridge rule expertconnect-guardduty-high-severity \(GuardDuty Finding\).*but the filter policy of every subscription to a person drops them/,
            },
            "the mailbox keeps ALARM transitions only (events carry no NewStateValue)": { change: filtered({ NewStateValue: ["ALARM"] }), message: /GuardDuty Finding.*cost anomaly subscription/ },
            "the mailbox keeps AWS events only (alarms, anomalies and RDS events dropped)": {
                change: filtered({ source: [{ prefix: "aws." }] }), message: /receives alarm expertconnect-backend-cpu-high, cost anomaly subscription .*RDS event subscription expertconnect-db-events/,
            },
            "GuardDuty's numeric severity matched as the string HIGH": {
                change: filtered({ $or: [...everyJson.$or.filter(o => !("source" in o)), { detail: { severity: ["HIGH"] } }, { source: ["aws.backup"] }] }), message: /GuardDuty Finding/,
            },
            "a GuardDuty band from 8 drops the 7.x findings the rule sends": {
                change: filtered({ $or: [...everyJson.$or.filter(o => !("source" in o)), { detail: { severity: [{ numeric: [">=", 8] }] } }, { source: ["aws.backup"] }] }), message: /guardduty-high-severity/,
            },
            "backup failures matched on detail.status (backup events carry state)": {
                change: filtered({ $or: [...everyJson.$or.filter(o => !("source" in o)), { source: ["aws.guardduty"] }, { detail: { status: ["FAILED"] } }] }), message: /backup-job-failed \(Backup Job State Change\)/,
            },
            "a rule of the stack's own (RDS failovers) dropped by a filter naming the other sources": {
                change: both(
                    s => { s.push(rule("expertconnect-rds-events", "rds-events", { source: ["aws.rds"], "detail-type": ["RDS DB Instance Event"], detail: { EventCategories: ["failover"] } })); s.push(target("rds-events-topic", "expertconnect-rds-events")); },
                    filtered({ $or: [...everyJson.$or.filter(o => !("source" in o)), { source: ["aws.guardduty", "aws.backup"] }] })),
                message: /receives EventBridge rule expertconnect-rds-events \(RDS DB Instance Event\), but/,
            },
            "a body filter beside a budget (Budgets publish plain text)": { change: both(budget, filtered(everyJson)), message: /receives budget expertconnect-monthly, but/ },
            "both people filtered to alarms, the unfiltered subscription a queue": {
                change: both(filtered({ NewStateValue: ["ALARM"] }), extra("alarms-sms", "sms", "+15555550100", { NewStateValue: ["ALARM"] }), extra("alarms-queue", "sqs", `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-ticketing`)),
                message: /GuardDuty Finding/,
            },
            "the backup target sends a constant 'ok'": {
                change: backupTarget({ input: JSON.stringify({ status: "ok" }) }), message: /event target backup-job-failed-topic of rule expertconnect-backup-job-failed .*replaces every matched event with the constant input \{"status":"ok"\}/,
            },
            "the backup target sends a constant text": { change: backupTarget({ input: "\"Backup check\"" }), message: /constant input "Backup check"/ },
            "the backup target forwards the account only": { change: backupTarget({ inputPath: "$.account" }), message: /forwards only \$\.account of each event \("123456789012"\)/ },
            "the backup target forwards the job state alone": { change: backupTarget({ inputPath: "$.detail.state" }), message: /forwards only \$\.detail\.state of each event \("FAILED"\)/ },
            "the GuardDuty target's template uses no field": {
                change: s => { Object.assign(named(s, "guardduty-high-topic").props, { inputTransformer: { inputPaths: {}, inputTemplate: "\"GuardDuty: all good\"" } }); }, message: /guardduty-high-topic .*uses no field of the event/,
            },
            "the backup template maps the detail but uses only the time and the rule's name": {
                change: backupTarget({ inputTransformer: { inputPaths: { time: "$.time", state: "$.detail.state" }, inputTemplate: "\"<aws.events.rule-name> ran at <time>: ok\"" } }),
                message: /uses only aws\.events\.rule-name, time, none of the event's detail or resources/,
            },
        },
    });
});
