/**
 * Class 7: the CIS monitoring filters and alarms (root user, unauthorized calls, IAM policy and
 * security-group changes) are all required alike, on the trail's log group, matching CloudTrail's records.
 */
import { all, Case, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";

const violations: Case[] = [
    { name: "root account usage CIS alarm deleted", change: remove(ALARM, named("audit-trail-root-account-usage-alarm")) },
    { name: "security-group-changes CIS alarm deleted", change: remove(ALARM, named("audit-trail-security-group-changes-alarm")) },
    { name: "root-usage filter deleted with its alarm", change: all(remove(FILTER, named("audit-trail-root-account-usage")), remove(ALARM, named("audit-trail-root-account-usage-alarm"))) },
    { name: "root-usage filter pattern lower-case root (drift)", change: edit(FILTER, p => { p.pattern = '{ $.userIdentity.type = "root" }'; }, named("audit-trail-root-account-usage")) },
    { name: "unauthorized-API-calls filter on the wrong log group", change: edit(FILTER, p => { p.logGroupName = "/aws/cloudtrail/expertconnect-trail-old"; }, named("audit-trail-unauthorized-api-calls")) },
    { name: "IAM-policy-changes filter only counts PutRolePolicy", change: edit(FILTER, p => { p.pattern = "{ $.eventName = PutRolePolicy }"; }, named("audit-trail-iam-policy-changes")) },
    { name: "root-usage alarm actions removed", change: edit(ALARM, p => { p.alarmActions = []; p.actionsEnabled = false; }, named("audit-trail-root-account-usage-alarm")) },
];

const compliant: Case[] = [
    { name: "root-usage filter also counts service-invoked root calls", change: edit(FILTER, p => { p.pattern = '{ $.userIdentity.type = "Root" }'; }, named("audit-trail-root-account-usage")) },
    { name: "root-usage alarm threshold unchanged, period 1 minute", change: edit(ALARM, p => { p.period = 60; }, named("audit-trail-root-account-usage-alarm")) },
];

suite("adversarial class 7: CIS monitoring filters and alarms", violations, compliant);
