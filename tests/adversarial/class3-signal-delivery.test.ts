/**
 * Class 3: signals that reach no one: a subscription unconfirmed or filtering everything out, an
 * event target naming no topic of the stack, the GuardDuty and backup rules gone or not matching
 * what AWS emits.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, remove, suite, tags } from "./support";

const SUB = "aws:sns/topicSubscription:TopicSubscription";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const gdPattern = (detail: object, extra: object = {}) => JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail, ...extra });

const violations: Case[] = [
    { name: "on-call subscription still pending confirmation", change: drift(SUB, p => { p.pendingConfirmation = true; }) },
    { name: "on-call subscription body filter drops every alarm", change: drift(SUB, p => { p.filterPolicy = JSON.stringify({ AlarmName: ["expertconnect-none"] }); p.filterPolicyScope = "MessageBody"; }) },
    { name: "on-call subscription filters on attributes CloudWatch never sends", change: edit(SUB, p => { p.filterPolicy = JSON.stringify({ severity: ["critical"] }); }) },
    { name: "GuardDuty rule target a typo'd topic of our account", change: edit(TARGET, p => { p.arn = `${TOPIC}-old`; }, named("monitoring-guardduty-high-severity-topic")) },
    { name: "GuardDuty findings rule and its target deleted", change: all(remove(RULE, named("monitoring-guardduty-high-severity")), remove(TARGET, named("monitoring-guardduty-high-severity-topic"))) },
    { name: "GuardDuty rule only >= 9", change: edit(RULE, p => { p.eventPattern = gdPattern({ severity: [{ numeric: [">=", 9] }] }); }, named("monitoring-guardduty-high-severity")) },
    { name: "GuardDuty rule only HIGH up to 8", change: edit(RULE, p => { p.eventPattern = gdPattern({ severity: [{ numeric: [">=", 7, "<", 8] }] }); }, named("monitoring-guardduty-high-severity")) },
    { name: "GuardDuty rule detail-type typo", change: edit(RULE, p => { p.eventPattern = p.eventPattern.replace("GuardDuty Finding", "GuardDuty Findings"); }, named("monitoring-guardduty-high-severity")) },
    { name: "GuardDuty rule on a custom event bus", change: edit(RULE, p => { p.eventBusName = "expertconnect-security"; }, named("monitoring-guardduty-high-severity")) },
    { name: "backup-failed rule source typo", change: edit(RULE, p => { p.eventPattern = p.eventPattern.replace("aws.backup", "aws.backups"); }, named("monitoring-backup-job-failed")) },
    { name: "backup-failed rule deleted", change: all(remove(RULE, named("monitoring-backup-job-failed")), remove(TARGET, named("monitoring-backup-job-failed-topic"))) },
    { stack: "dr", name: "dr GuardDuty rule severity above HIGH", change: edit(RULE, p => { p.eventPattern = gdPattern({ severity: [{ numeric: [">", 8.9] }] }); }, named("monitoring-guardduty-high-severity")) },
];

const compliant: Case[] = [
    // The on-call mailbox itself filtered to ALARM would drop the events, budget and anomaly notices (class3-alert-content).
    { name: "an SMS pager with a body filter keeping ALARM transitions beside the on-call mailbox", change: add(SUB, "alarms-sms", { topic: TOPIC, protocol: "sms", endpoint: "+15555550100", filterPolicy: JSON.stringify({ NewStateValue: ["ALARM"] }), filterPolicyScope: "MessageBody" }) },
    { name: "extra email subscription beside the on-call one", change: add(SUB, "alarms-email-sre", { topic: TOPIC, protocol: "email", endpoint: "sre@expertconnect.example" }) },
    { name: "GuardDuty rule widened to severity >= 4", change: edit(RULE, p => { p.eventPattern = gdPattern({ severity: [{ numeric: [">=", 4] }] }); }, named("monitoring-guardduty-high-severity")) },
    { name: "GuardDuty rule with an explicit default bus", change: edit(RULE, p => { p.eventBusName = "default"; }, named("monitoring-guardduty-high-severity")) },
    { name: "extra GuardDuty medium-severity rule to our topic", change: all(
        add(RULE, "guardduty-medium", { name: "expertconnect-guardduty-medium-severity", eventPattern: gdPattern({ severity: [{ numeric: [">=", 4, "<", 7] }] }), tags: tags("monitoring") }),
        add(TARGET, "guardduty-medium-topic", { rule: "expertconnect-guardduty-medium-severity", arn: TOPIC })) },
];

suite("adversarial class 3: signals delivered to no one", violations, compliant);
