/**
 * Class 3: routine signals that exist but do not reach the on-call people, cannot fire, or fire
 * too late: alarm-topic subscriptions to outside mailboxes and hosts or over plain http, dr's
 * subscription removed; alarms acting only through EC2 actions or needing days of data; metric
 * filters that only emit 0 under an alarm at 1; canaries aimed at another site or running
 * another bucket's code.
 */
import { ACCOUNT, add, Case, drift, edit, named, remove, suite } from "./support";

const SUB = "aws:sns/topicSubscription:TopicSubscription";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const CANARY = "aws:synthetics/canary:Canary";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const DR_TOPIC = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`;

const violations: Case[] = [
    // Delivery: every subscription of the alarm topic goes to the organization's people.
    { name: "drift: on-call e-mail endpoint changed to an outside address", change: drift(SUB, p => { p.endpoint = "attacker@evil.example"; }) },
    { name: "on-call subscription moved to a personal gmail", change: edit(SUB, p => { p.endpoint = "expertconnect.oncall@gmail.com"; }) },
    { name: "on-call subscription switched to plain http on the organization's host", change: edit(SUB, p => { p.protocol = "http"; p.endpoint = "http://hooks.expertconnect.example/alerts"; }) },
    { name: "https relay on an unknown host beside the on-call e-mail", change: add(SUB, "alarms-webhook", { topic: TOPIC, protocol: "https", endpoint: "https://hooks.alerts-relay.net/sns/ingest", endpointAutoConfirms: true }) },
    { name: "e-mail-json copy to a lookalike domain", change: add(SUB, "alarms-json", { topic: TOPIC, protocol: "email-json", endpoint: "alerts@expertconnect-example.net" }) },
    { name: "lambda subscriber in another account", change: add(SUB, "alarms-forward", { topic: TOPIC, protocol: "lambda", endpoint: "arn:aws:lambda:us-east-1:999999999999:function:collector" }) },
    { stack: "dr", name: "dr: on-call subscription removed (replica-lag alarms page no one)", change: remove(SUB) },
    { stack: "dr", name: "dr: on-call subscription moved to a personal mailbox", change: edit(SUB, p => { p.endpoint = "someone@outlook.com"; }) },

    // Alarms that notify in time: a topic among the actions, ALARM within hours, not a week.
    { name: "db cpu alarm acts only through an EC2 recover action", change: edit(ALARM, p => { p.alarmActions = ["arn:aws:automate:us-east-1:ec2:recover"]; p.okActions = []; }, named("monitoring-expertconnect-db-cpu-high")) },
    { name: "drift: backend cpu alarm action swapped for an EC2 reboot", change: drift(ALARM, p => { p.alarmActions = ["arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0"]; }, named("monitoring-expertconnect-backend-cpu-high")) },
    { name: "synthetic alarm needs seven daily datapoints", change: edit(ALARM, p => { p.period = 86400; p.evaluationPeriods = 7; p.datapointsToAlarm = 7; }, named("synthetic-check-alarm")) },
    { name: "memory alarm on 24 hourly datapoints", change: edit(ALARM, p => { p.period = 3600; p.evaluationPeriods = 24; p.datapointsToAlarm = 24; }, named("monitoring-expertconnect-backend-memory-high")) },

    // Signals that can fire: a filter that only emits 0 feeds an alarm at 1.
    { name: "root-usage filter emits value 0", change: edit(FILTER, p => { p.metricTransformation.value = "0"; }, named("audit-trail-root-account-usage")) },
    { name: "drift: credit-failed filter emits 0 (default 0)", change: drift(FILTER, p => { p.metricTransformation.value = "0"; }, named("app-signals-credit-transactions-failed")) },

    // Canaries check the stack's site with the stack's code.
    { name: "canary SITE_URL points at a site that is always up", change: edit(CANARY, p => { p.runConfig.environmentVariables.SITE_URL = "https://www.example.com/"; }) },
    { name: "drift: canary SITE_URL moved to the old hostname", change: drift(CANARY, p => { p.runConfig.environmentVariables.SITE_URL = "https://old.expertconnect.example/"; }) },
    { name: "canary code loaded from a partner's bucket", change: edit(CANARY, p => { p.s3Bucket = "partner-canary-code"; p.s3Key = "code/siteCheck.zip"; }) },
];

const compliant: Case[] = [
    { name: "second company address on the alarm topic", change: add(SUB, "alarms-email-sre", { topic: TOPIC, protocol: "email", endpoint: "sre@expertconnect.example" }) },
    { name: "PagerDuty integration on the alarm topic", change: add(SUB, "alarms-pagerduty", { topic: TOPIC, protocol: "https", endpoint: "https://events.pagerduty.com/integration/0123456789abcdef/enqueue", endpointAutoConfirms: true }) },
    { name: "ticketing queue of our account", change: add(SUB, "alarms-ticketing", { topic: TOPIC, protocol: "sqs", endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-ticketing` }) },
    { name: "on-call SMS", change: add(SUB, "alarms-sms", { topic: TOPIC, protocol: "sms", endpoint: "+15555550100" }) },
    { name: "backend cpu alarm over 3 datapoints of 5 minutes", change: edit(ALARM, p => { p.evaluationPeriods = 3; p.datapointsToAlarm = 3; }, named("monitoring-expertconnect-backend-cpu-high")) },
    { name: "db cpu alarm also opens an SSM OpsItem", change: edit(ALARM, p => { p.alarmActions = [...p.alarmActions, `arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:/aws/issue#HIGH`]; }, named("monitoring-expertconnect-db-cpu-high")) },
    { name: "credit-failed filter counts each failure as 2", change: edit(FILTER, p => { p.metricTransformation.value = "2"; }, named("app-signals-credit-transactions-failed")) },
    { name: "canary checks the failover name the users reach", change: edit(CANARY, p => { p.runConfig.environmentVariables.SITE_URL = "https://app.expertconnect.example/"; }) },
    { stack: "dr", name: "dr: extra company address", change: add(SUB, "alarms-email-sre", { topic: DR_TOPIC, protocol: "email", endpoint: "sre@expertconnect.example" }) },
];

suite("adversarial class 3: signal routes to the on-call people", violations, compliant);
