/**
 * Class 3: the application-signal alarms docs/operations.md promises (failed credit
 * transactions, no successful one, video sessions failing to start) removed, turned around or
 * starved: the pack requires each alarm of policy/lib/facts/appSignals.ts, paging the stack's
 * topic in its direction, and every filter on the application's metrics to match a line the
 * application writes (policy/lib/facts/appLogContract.ts: field names, values and their case).
 */
import { Case, all, drift, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const pattern = (p: string) => (props: Record<string, unknown>) => { props.pattern = p; };

const violations: Case[] = [
    { name: "the credit-transactions-failed alarm removed", change: remove(ALARM, named("app-signals-expertconnect-credit-transactions-failed")) },
    { name: "dr: the video failure-rate alarm removed", stack: "dr", change: remove(ALARM, named("app-signals-expertconnect-video-sessions-failure-rate-high")) },
    { name: "the none-succeeded alarm turned around", change: edit(ALARM, p => { p.comparisonOperator = "GreaterThanThreshold"; }, named("app-signals-expertconnect-credit-transactions-none-succeeded")) },
    { name: "the failed-credit alarm and its filter both removed", change: all(remove(ALARM, named("app-signals-expertconnect-credit-transactions-failed")), remove(FILTER, named("app-signals-credit-transactions-failed"))) },
    { name: "drift: the failed-credit filter matches upper-case FAILED", change: drift(FILTER, pattern('{ $.event = "credit_transaction" && $.outcome = "FAILED" }'), named("app-signals-credit-transactions-failed")) },
    { name: "the failed-credit filter reads $.status (the contract's field is outcome)", change: edit(FILTER, pattern('{ $.event = "credit_transaction" && $.status = "failed" }'), named("app-signals-credit-transactions-failed")) },
    { name: "the video-started filter names the event in camelCase", change: edit(FILTER, pattern('{ $.event = "videoSession" && $.outcome = "started" }'), named("app-signals-video-sessions-started")) },
    { name: "the active-users gauge reads a field the application does not write", change: edit(FILTER, p => { (p.metricTransformation as Record<string, unknown>).value = "$.activeUsers"; }, named("app-signals-active-users")) },
];

const compliant: Case[] = [
    { name: "the failed-credit alarm pages from 2 failures", change: edit(ALARM, p => { p.threshold = 2; }, named("app-signals-expertconnect-credit-transactions-failed")) },
    { name: "the failed-credit filter also counts declined provider errors", change: edit(FILTER, pattern('{ $.event = "credit_transaction" && ($.outcome = "failed" || ($.outcome = "declined" && $.reason = "provider_error")) }'), named("app-signals-credit-transactions-failed")) },
];

suite("class 3: application signals kept", violations, compliant);
