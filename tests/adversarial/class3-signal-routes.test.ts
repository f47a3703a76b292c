/**
 * Class 3: routine signals that exist but do not reach the on-call people, cannot fire, or fire
 * too late: alarm-topic subscriptions to outside mailboxes and hosts or over plain http, dr's
 * subscription removed.
 */
import { ACCOUNT, add, Case, drift, edit, remove, suite } from "./support";

const SUB = "aws:sns/topicSubscription:TopicSubscription";
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
];

const compliant: Case[] = [
    { name: "second company address on the alarm topic", change: add(SUB, "alarms-email-sre", { topic: TOPIC, protocol: "email", endpoint: "sre@expertconnect.example" }) },
    { name: "PagerDuty integration on the alarm topic", change: add(SUB, "alarms-pagerduty", { topic: TOPIC, protocol: "https", endpoint: "https://events.pagerduty.com/integration/0123456789abcdef/enqueue", endpointAutoConfirms: true }) },
    { name: "ticketing queue of our account", change: add(SUB, "alarms-ticketing", { topic: TOPIC, protocol: "sqs", endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:expertconnect-ticketing` }) },
    { name: "on-call SMS", change: add(SUB, "alarms-sms", { topic: TOPIC, protocol: "sms", endpoint: "+15555550100" }) },
    { stack: "dr", name: "dr: extra company address", change: add(SUB, "alarms-email-sre", { topic: DR_TOPIC, protocol: "email", endpoint: "sre@expertconnect.example" }) },
];

suite("adversarial class 3: signal routes to the on-call people", violations, compliant);
