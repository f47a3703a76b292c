import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { FilterPatternError, matchesEvent, ParsedPattern, parseFilterPattern } from "../lib/filterPattern";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { CLOUDTRAIL_TRAIL, LOG_GROUP, LOG_METRIC_FILTER, METRIC_ALARM, SNS_TOPIC, SNS_TOPIC_SUBSCRIPTION } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";

/**
 * A CIS / FSBP monitoring control: the CloudTrail records (as CloudTrail writes them to
 * CloudWatch Logs) a metric filter must count, and that an alarm must then report.
 */
interface Control {
    what: string;
    events: Array<Record<string, unknown>>;
}

const user = { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::123456789012:user/alice", accountId: "123456789012" };
const admin = { type: "AssumedRole", arn: "arn:aws:sts::123456789012:assumed-role/admin/alice", sessionContext: { sessionIssuer: { type: "Role", userName: "admin" } } };
const record = (eventName: string, identity: object, extra: object = {}) => ({
    eventVersion: "1.09", userIdentity: identity, eventTime: "2026-01-01T00:00:00Z", eventSource: "iam.amazonaws.com", eventName,
    awsRegion: "us-east-1", sourceIPAddress: "203.0.113.10", eventType: "AwsApiCall", recipientAccountId: "123456789012", ...extra,
});

/** The controls, keyed by FSBP control id; each sample is a record its filter must match. */
export const CIS_CONTROLS: Readonly<Record<string, Control>> = {
    "CloudWatch.1": {
        what: "root user activity",
        events: [
            record("ConsoleLogin", { type: "Root", arn: "arn:aws:iam::123456789012:root", accountId: "123456789012" }, { eventSource: "signin.amazonaws.com", eventType: "AwsConsoleSignIn" }),
            record("CreateAccessKey", { type: "Root", arn: "arn:aws:iam::123456789012:root", accountId: "123456789012" }),
        ],
    },
    "CloudWatch.2": {
        what: "unauthorized API calls",
        events: [
            record("DescribeInstances", user, { eventSource: "ec2.amazonaws.com", errorCode: "Client.UnauthorizedOperation" }),
            record("GetSecretValue", admin, { eventSource: "secretsmanager.amazonaws.com", errorCode: "AccessDenied" }),
        ],
    },
    "CloudWatch.4": {
        what: "IAM policy changes",
        events: [record("PutRolePolicy", user), record("AttachRolePolicy", admin), record("CreatePolicyVersion", user), record("DeleteUserPolicy", admin)],
    },
    "CloudWatch.10": {
        what: "security group changes",
        events: ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"]
            .map(e => record(e, user, { eventSource: "ec2.amazonaws.com" })),
    },
};

function parsed(filter: PolicyResource): ParsedPattern | undefined {
    const pattern = known(() => filter.props.pattern);
    if (typeof pattern !== "string") return undefined;
    try {
        return parseFilterPattern(pattern);
    } catch (e) {
        if (e instanceof FilterPatternError) return undefined;
        throw e;
    }
}

/** The log group names the stack's trails deliver to (from cloudWatchLogsGroupArn `…:log-group:<name>:*`). */
function trailGroups(trails: PolicyResource[]): Array<string | undefined> {
    return trails.map(t => {
        const arn = knownString(t, "cloudWatchLogsGroupArn");
        return arn === undefined ? undefined : /:log-group:(.+?)(:\*)?$/.exec(arn)?.[1];
    });
}

const UNKNOWN = Symbol("unknown");

/** Whether a filter counts every sample of `control` (assumed while its pattern is unknown). */
function counts(filter: PolicyResource, control: Control): boolean {
    if (known(() => filter.props.pattern, UNKNOWN) === UNKNOWN) return true;
    const pattern = parsed(filter);
    return pattern !== undefined && pattern.kind !== "text" && control.events.every(e => matchesEvent(pattern, JSON.stringify(e)));
}

/**
 * Whether an alarm action pages someone: a topic of the stack that a subscription of the stack
 * listens to (whether that subscription reaches the on-call is cloudwatch-signals-delivered's). An
 * SSM OpsItem or incident only files a record nobody is paged about; unknown ARNs (a new topic in
 * preview) are given the benefit of the doubt.
 */
export function pagingTopics(resources: PolicyResource[]): (action: unknown) => boolean {
    const topics = ofType(resources, SNS_TOPIC).map(t => knownString(t, "arn"));
    const subscribed = new Set(ofType(resources, SNS_TOPIC_SUBSCRIPTION).map(s => knownString(s, "topic") ?? "?"));
    const unknown = topics.some(t => t === undefined) || subscribed.has("?");
    return action => action === "?" || (typeof action === "string" && action.startsWith("arn:aws") && action.split(":")[2] === "sns"
        && (unknown || (topics.includes(action) && subscribed.has(action))));
}

/** Whether an alarm with actions, one of which pages, watches the metric a filter publishes. */
function alarmed(filter: PolicyResource, alarms: PolicyResource[], pages: (action: unknown) => boolean): boolean {
    const t = knownDeep(() => filter.props.metricTransformation) as { namespace?: unknown; name?: unknown } | undefined;
    if (t === undefined) return true;
    return alarms.some(a => {
        const actions = knownDeep(() => a.props.alarmActions, ["?"]);
        const queries = (knownDeep(() => a.props.metricQueries, []) ?? []) as Array<{ metric?: { namespace?: unknown; metricName?: unknown } }>;
        const metrics = [{ namespace: known(() => a.props.namespace), metricName: known(() => a.props.metricName) }, ...queries.map(q => ({ namespace: q?.metric?.namespace, metricName: q?.metric?.metricName }))];
        return Array.isArray(actions) && actions.some(pages) && metrics.some(m => m.namespace === t.namespace && m.metricName === t.name);
    });
}

/** The metric value a filter publishes per matching event (its `value`, `1` by default; a field's value counts as unknown). */
function publishedValue(filter: PolicyResource): number | undefined {
    const t = knownDeep(() => filter.props.metricTransformation) as { value?: unknown } | undefined;
    const value = Number(t?.value ?? "1");
    return Number.isFinite(value) ? value : undefined;
}

/** Whether an alarm on a filter's metric fires on one matching event: one period breaching suffices and the value reaches the threshold. */
function firesOnOne(alarm: PolicyResource, value: number): boolean {
    const threshold = Number(known(() => alarm.props.threshold));
    const comparison = known(() => alarm.props.comparisonOperator);
    const statistic = known(() => alarm.props.statistic);
    const periods = Number(known(() => alarm.props.datapointsToAlarm) ?? known(() => alarm.props.evaluationPeriods) ?? 1);
    const reaches = comparison === "GreaterThanOrEqualToThreshold" ? value >= threshold : comparison === "GreaterThanThreshold" ? value > threshold : false;
    return periods === 1 && reaches && ["Sum", "Maximum", "SampleCount"].includes(String(statistic));
}

/**
 * Whether one CloudTrail record, as CloudTrail writes it to CloudWatch Logs, pages someone: a
 * metric filter on a trail's log group matches it and an alarm with a paging action fires on
 * that single event (one period, the published value reaching the threshold).
 */
export function pagedOnRecord(resources: PolicyResource[], record: Record<string, unknown>): boolean {
    const groups = new Set(trailGroups(ofType(resources, CLOUDTRAIL_TRAIL)).filter((n): n is string => n !== undefined));
    const alarms = ofType(resources, METRIC_ALARM);
    const pages = pagingTopics(resources);
    return ofType(resources, LOG_METRIC_FILTER).some(f => {
        const pattern = parsed(f);
        const value = publishedValue(f);
        const t = knownDeep(() => f.props.metricTransformation) as { namespace?: unknown; name?: unknown } | undefined;
        return groups.has(knownString(f, "logGroupName") ?? "") && pattern !== undefined && pattern.kind !== "text" && value !== undefined
            && matchesEvent(pattern, JSON.stringify(record)) && t !== undefined
            && alarms.some(a => known(() => a.props.namespace) === t.namespace && known(() => a.props.metricName) === t.name && firesOnOne(a, value)
                && (knownDeep(() => a.props.alarmActions, []) as unknown[] ?? []).some(pages));
    });
}

export const cloudwatchCisMonitoring = stackPolicy<{ requiredControls: string[] }>({
    name: "cloudwatch-cis-monitoring",
    description: "A stack that owns a CloudTrail trail delivering to CloudWatch Logs has, for every required CIS monitoring control (requiredControls: root user activity, unauthorized API calls, IAM policy and security-group changes), a metric filter on the trail's log group that matches those CloudTrail records as CloudTrail writes them, and an alarm on its metric whose actions page someone (a topic of the stack with a subscription; an SSM OpsItem alone is filed, not paged).",
    enforcementLevel: "mandatory",
    types: [...CLOUDTRAIL_TRAIL, ...LOG_METRIC_FILTER, ...METRIC_ALARM],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        // CloudWatch.1–14 are Security Hub controls of the CIS standard only, not of FSBP.
        fsbpControl: undefined,
        remediationSteps: "Keep the AuditTrail component's CIS filters (components/security/cisAlarms.ts) on the trail's log group, their patterns as CloudTrail records the fields (userIdentity.type \"Root\" is case-sensitive), and an alarm with the alarm topic on each metric.",
    },
    config: {
        requiredControls: {
            type: "array",
            items: { type: "string", enum: Object.keys(CIS_CONTROLS) },
            uniqueItems: true,
            default: Object.keys(CIS_CONTROLS),
            description: "FSBP/CIS CloudWatch controls whose metric filter and alarm the trail's stack must keep (default: all the pack knows: CloudWatch.1, .2, .4, .10).",
        },
    },
    validate: (resources, report, { config }) => {
        const trails = ofType(resources, CLOUDTRAIL_TRAIL);
        if (trails.length === 0) return;
        // A trail without CloudWatch Logs delivery is cloudtrail-cloudwatch-logs' to report (CloudTrail.5).
        if (trails.every(t => known(() => t.props.cloudWatchLogsGroupArn, UNKNOWN) === undefined)) return;
        const names = trailGroups(trails);
        const groups = new Set(ofType(resources, LOG_GROUP).map(g => knownString(g, "name")).filter((n): n is string => n !== undefined));
        const receiving = new Set(names.filter((n): n is string => n !== undefined && groups.has(n)));
        const unknownGroup = names.some(n => n === undefined);
        const filters = ofType(resources, LOG_METRIC_FILTER).filter(f => {
            const group = knownString(f, "logGroupName");
            return group === undefined ? unknownGroup || receiving.size > 0 : receiving.has(group);
        });
        const alarms = ofType(resources, METRIC_ALARM);
        const pages = pagingTopics(resources);
        for (const id of config.requiredControls) {
            const control = CIS_CONTROLS[id];
            const matching = filters.filter(f => counts(f, control));
            if (matching.length === 0) {
                report(`${id}: no metric filter on the trail's log group (${[...receiving].join(", ") || "none of the stack's"}) matches ${control.what} as CloudTrail records it (e.g. ${JSON.stringify({ eventName: control.events[0].eventName, userIdentity: { type: (control.events[0].userIdentity as { type: string }).type } })}): that activity would go unnoticed. Keep the filter on the trail's log group with a pattern matching those records.`);
            } else if (!matching.some(f => alarmed(f, alarms, pages))) {
                report(`${id}: the metric filter ${knownString(matching[0], "name") ?? matching[0].name} counts ${control.what}, but no alarm paging a subscribed topic of this stack watches its metric (an SSM OpsItem alone pages no one): no one is told. Keep its alarm, with the alarm topic in alarmActions.`, matching[0].urn);
            }
        }
    },
});
