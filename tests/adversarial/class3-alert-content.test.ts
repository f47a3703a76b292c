/**
 * Class 3: a notification reaches the on-call people with its content. A person's subscription
 * filter (scope MessageBody) written for one publisher drops the others' messages (EventBridge
 * events carry no AlarmName, Budgets publish plain text); an event target that replaces the event
 * with a constant, an envelope field or a template of no event field sends a message that names
 * nothing (or says "ok" for a failed backup). Judged against each publisher's message as AWS
 * sends it (policy/lib/facts/topicPublishers.ts, policy/sns/messages.ts).
 */
import { ACCOUNT, add, all, Case, edit, named, suite } from "./support";

const SUB = "aws:sns/topicSubscription:TopicSubscription";
const TGT = "aws:cloudwatch/eventTarget:EventTarget";
const EAST = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const ONCALL = named("alarms-email-oncall@expertconnect.example");
const body = (policy: object) => edit(SUB, p => { p.filterPolicyScope = "MessageBody"; p.filterPolicy = JSON.stringify(policy); }, ONCALL);
const target = (name: string, change: (p: any) => void) => edit(TGT, change, named(`monitoring-${name}-topic`));

const violations: Case[] = [
    // The red team's cases.
    { name: "on-call subscription filterPolicy on message body AlarmName prefix that never matches EventBridge events (GuardDuty findings dropped)", change: body({ AlarmName: [{ prefix: "expertconnect-" }] }) },
    { name: "backup-job rule target given an input transformer with a constant (every failure notification says 'ok')", change: target("backup-job-failed", p => { p.input = JSON.stringify({ status: "ok" }); }) },
    // Filters written for one publisher.
    { name: "on-call body filter keeps ALARM transitions (events, budget and anomaly notices have no NewStateValue)", change: body({ NewStateValue: ["ALARM"] }) },
    { name: "on-call body filter on the alarm's nested Trigger namespace", change: body({ Trigger: { Namespace: ["AWS/ECS", "AWS/RDS", "AWS/ApplicationELB"] } }) },
    { name: "on-call body filter drops OK with anything-but (every message without NewStateValue is dropped too)", change: body({ NewStateValue: [{ "anything-but": ["OK"] }] }) },
    { name: "on-call body filter keeps AWS events only (alarms and anomalies dropped)", change: body({ source: [{ prefix: "aws." }] }) },
    { name: "on-call body filter: alarms or GuardDuty findings only (backup, rotation, ECS, budget dropped)", change: body({ $or: [{ AlarmName: [{ exists: true }] }, { source: ["aws.guardduty"] }] }) },
    { name: "on-call body filter of every JSON publisher (Budgets' plain-text alert still dropped)", change: body({ $or: [{ AlarmName: [{ exists: true }] }, { source: [{ prefix: "aws." }] }, { anomalyId: [{ exists: true }] }] }) },
    { name: "on-call body filter matches GuardDuty severity as the string HIGH", change: body({ $or: [{ AlarmName: [{ exists: true }] }, { detail: { severity: ["HIGH"] } }] }) },
    { stack: "dr", name: "dr: on-call body filter keeps the replica alarms by name (dr's GuardDuty and backup events dropped)", change: body({ AlarmName: [{ prefix: "expertconnect-db-replica" }] }) },
    { name: "an SMS pager filtered to alarms added while the mailbox is filtered to alarms too", change: all(
        body({ AlarmName: [{ prefix: "expertconnect-" }] }),
        add(SUB, "alarms-sms-pager", { topic: EAST, protocol: "sms", endpoint: "+15555550100", filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ NewStateValue: ["ALARM"] }) })) },
    // Targets that send a message naming nothing.
    { name: "GuardDuty target sends a constant text", change: target("guardduty-high-severity", p => { p.input = JSON.stringify("Security finding: check the console"); }) },
    { name: "restore-job target forwards only the event time", change: target("restore-job-failed", p => { p.inputPath = "$.time"; }) },
    { name: "secret-rotation target forwards only the event name (RotationFailed, not which secret)", change: target("secret-rotation-failed", p => { p.inputPath = "$.detail.eventName"; }) },
    { name: "ECS deployment target's template uses only the rule name", change: target("ecs-deployment-failed", p => { p.inputTransformer = { inputPaths: { at: "$.time" }, inputTemplate: "\"<aws.events.rule-name>: deployment finished at <at>\"" }; }) },
    { name: "Inspector target's template maps the finding but writes none of it", change: target("image-vulnerability-found", p => { p.inputTransformer = { inputPaths: { severity: "$.detail.severity" }, inputTemplate: "{\"message\": \"image scan complete\"}" }; }) },
    { stack: "dr", name: "dr: backup target sends a constant success", change: target("backup-job-failed", p => { p.input = "{\"result\":\"success\"}"; }) },
];

const compliant: Case[] = [
    { name: "an SMS pager for ALARM transitions beside the unfiltered on-call mailbox", change: add(SUB, "alarms-sms-pager", { topic: EAST, protocol: "sms", endpoint: "+15555550100", filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ NewStateValue: ["ALARM"] }) }) },
    { name: "a security mailbox for GuardDuty and Inspector findings beside the unfiltered on-call one", change: add(SUB, "alarms-email-security", { topic: EAST, protocol: "email", endpoint: "security@expertconnect.example", filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ source: ["aws.guardduty", "aws.inspector2"] }) }) },
    { name: "on-call attribute filter that only excludes a test attribute no publisher sets", change: edit(SUB, p => { p.filterPolicy = JSON.stringify({ test: [{ exists: false }] }); }, ONCALL) },
    { name: "us-west-2 on-call mailbox drops INSUFFICIENT_DATA notices (only alarms publish there)", change: edit(SUB, p => { p.filterPolicyScope = "MessageBody"; p.filterPolicy = JSON.stringify({ NewStateValue: [{ "anything-but": "INSUFFICIENT_DATA" }] }); }, named("alarms-us-west-2-email-oncall@expertconnect.example")) },
    { name: "backup target formats a readable message from the event's fields", change: target("backup-job-failed", p => {
        p.inputTransformer = { inputPaths: { type: "$.detail-type", state: "$.detail.state", job: "$.detail.backupJobId", resource: "$.detail.resourceArn" }, inputTemplate: "\"<type>: backup job <job> of <resource> is <state>\"" };
    }) },
    { name: "GuardDuty target forwards the finding's detail", change: target("guardduty-high-severity", p => { p.inputPath = "$.detail"; }) },
    { name: "restore target wraps the whole event in a JSON template", change: target("restore-job-failed", p => { p.inputTransformer = { inputPaths: {}, inputTemplate: "{\"alert\": \"restore test failed\", \"event\": <aws.events.event.json>}" }; }) },
    { stack: "dr", name: "dr: ECS deployment target names the service and the reason", change: target("ecs-deployment-failed", p => {
        p.inputTransformer = { inputPaths: { service: "$.resources[0]", reason: "$.detail.reason" }, inputTemplate: "\"Deployment of <service> failed: <reason>\"" };
    }) },
];

suite("adversarial class 3: alerts reach people with their content", violations, compliant);
