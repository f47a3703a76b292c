import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { FilterPatternError, matchesEvent, ParsedPattern, parseFilterPattern } from "../lib/filterPattern";
import { DEPLOY_ROLE_NAMES } from "../lib/facts/deployRoles";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { CLOUDTRAIL_TRAIL, IAM_ROLE, LOG_GROUP, LOG_METRIC_FILTER, METRIC_ALARM, SNS_TOPIC, SNS_TOPIC_SUBSCRIPTION } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";

/**
 * A CIS / FSBP monitoring control: the CloudTrail records (as CloudTrail writes them to
 * CloudWatch Logs) a metric filter must count, and that an alarm must then report.
 */
interface Control {
    what: string;
    events: Array<Record<string, unknown>>;
    /**
     * Whose role sessions must count too when they make the same calls: `every` role's, or every
     * role's but the deploy roles' (deployRoleNames: the change is one a deployment makes by
     * design). @default none: the sample's identity is what defines the activity (the root user).
     */
    roleSessions?: "every" | "not-deploy";
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
            // Query and REST services record AccessDenied; JSON services (Secrets Manager, KMS, Lambda…) AccessDeniedException:
            // the CIS pattern's trailing wildcard (AccessDenied*) is there for both.
            record("GetObject", admin, { eventSource: "s3.amazonaws.com", errorCode: "AccessDenied" }),
            record("GetSecretValue", admin, { eventSource: "secretsmanager.amazonaws.com", errorCode: "AccessDeniedException" }),
            record("Decrypt", user, { eventSource: "kms.amazonaws.com", errorCode: "AccessDeniedException" }),
        ],
        roleSessions: "every",
    },
    "CloudWatch.4": {
        what: "IAM policy changes",
        events: [record("PutRolePolicy", user), record("AttachRolePolicy", admin), record("CreatePolicyVersion", user), record("DeleteUserPolicy", admin)],
        roleSessions: "not-deploy",
    },
    "CloudWatch.10": {
        what: "security group changes",
        events: ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"]
            .map(e => record(e, user, { eventSource: "ec2.amazonaws.com" })),
        roleSessions: "not-deploy",
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

/** A session of role `name` as CloudTrail records it (`sessionIssuer.userName` is the role's name). */
export function roleSession(name: string): Record<string, unknown> {
    return {
        type: "AssumedRole", principalId: "AROAEXAMPLE:session", arn: `arn:aws:sts::123456789012:assumed-role/${name}/session`, accountId: "123456789012",
        sessionContext: { sessionIssuer: { type: "Role", principalId: "AROAEXAMPLE", arn: `arn:aws:iam::123456789012:role/${name}`, accountId: "123456789012", userName: name } },
    };
}

/**
 * Role names whose sessions a filter must still count although they resemble the deploy roles:
 * each deploy role's name with a suffix, and each of its dash-separated prefixes with one (an
 * exclusion written with a wildcard, `expertconnect-*`, excuses any role an intruder names so).
 */
export function lookalikes(deployRoles: readonly string[]): string[] {
    return [...new Set(deployRoles.flatMap(r => {
        const parts = r.split("-");
        return [`${r}-x`, `x${r}`, ...parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join("-")}-x`)];
    }))].filter(n => !deployRoles.includes(n));
}

/** Why a filter misses a sample of `control`, or undefined when it counts all (assumed while its pattern is unknown). */
function misses(filter: PolicyResource, control: Control, roles: string[], deployRoles: readonly string[]): string | undefined {
    if (known(() => filter.props.pattern, UNKNOWN) === UNKNOWN) return undefined;
    const pattern = parsed(filter);
    if (pattern === undefined || pattern.kind === "text") return "its pattern is not a JSON pattern over CloudTrail records";
    if (!control.events.every(e => matchesEvent(pattern, JSON.stringify(e)))) return "it does not match the sample records";
    // The same records made in sessions of every other role: the stack's own, and names like the deploy roles'.
    if (control.roleSessions === undefined) return undefined;
    const excused = control.roleSessions === "not-deploy";
    const others = [...roles, ...lookalikes(deployRoles), ...(excused ? [] : deployRoles)].filter(r => !(excused && deployRoles.includes(r)));
    const missed = others.filter(r => control.events.some(e => !matchesEvent(pattern, JSON.stringify({ ...e, userIdentity: roleSession(r) }))));
    if (missed.length > 0) {
        return `it leaves out sessions of ${missed.slice(0, 4).join(", ")}${missed.length > 4 ? ` (and ${missed.length - 4} more)` : ""}, ` +
            `which are not ${excused ? `the deploy roles (deployRoleNames: ${deployRoles.join(", ")})` : "excused for this control (every role's count)"}`;
    }
    return undefined;
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
    const value = publishedValue(filter);
    return alarms.some(a => {
        const actions = knownDeep(() => a.props.alarmActions, ["?"]);
        const queries = (knownDeep(() => a.props.metricQueries, []) ?? []) as Array<{ metric?: { namespace?: unknown; metricName?: unknown } }>;
        const direct = known(() => a.props.namespace) === t.namespace && known(() => a.props.metricName) === t.name;
        const viaMath = queries.some(q => q?.metric?.namespace === t.namespace && q?.metric?.metricName === t.name);
        // Each control is one event that must page: an alarm on the metric itself fires on a single one (settings not known yet: assumed).
        return Array.isArray(actions) && actions.some(pages) && (viaMath || (direct && (value === undefined || !settled(a) || firesOnOne(a, value))));
    });
}

/** Whether an alarm's evaluation settings are known (during preview a new alarm's may not be). */
function settled(alarm: PolicyResource): boolean {
    return ["threshold", "comparisonOperator", "statistic"].every(k => known(() => alarm.props[k], undefined) !== undefined);
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

export const cloudwatchCisMonitoring = stackPolicy<{ requiredControls: string[]; deployRoleNames: string[] }>({
    name: "cloudwatch-cis-monitoring",
    description: "A stack that owns a CloudTrail trail delivering to CloudWatch Logs has, for every required CIS monitoring control (requiredControls: root user activity, unauthorized API calls, IAM policy and security-group changes), a metric filter on the trail's log group that matches those CloudTrail records as CloudTrail writes them — made in a session of any role but, for IAM policy and security-group changes, the deploy roles (deployRoleNames, matched exactly: the stack's roles and names like the deploy roles' must count) — and an alarm on its metric whose actions page someone (a topic of the stack with a subscription; an SSM OpsItem alone is filed, not paged).",
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
        deployRoleNames: {
            type: "array",
            items: { type: "string", pattern: "^[\\w+=,.@-]{1,64}$" },
            uniqueItems: true,
            default: [...DEPLOY_ROLE_NAMES],
            description: "The IAM roles CI deploys with, whose IAM policy and security-group changes the filters may leave out (the stack config's monitoring.deployRoleNames; policy/lib/facts/deployRoles.ts).",
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
        const roles = ofType(resources, IAM_ROLE).map(r => knownString(r, "name")).filter((n): n is string => n !== undefined);
        for (const id of config.requiredControls) {
            const control = CIS_CONTROLS[id];
            const why = new Map(filters.map(f => [f, misses(f, control, roles, config.deployRoleNames)]));
            const matching = filters.filter(f => why.get(f) === undefined);
            if (matching.length === 0) {
                const near = filters.map(f => why.get(f)).find(w => w?.startsWith("it leaves out"));
                report(`${id}: no metric filter on the trail's log group (${[...receiving].join(", ") || "none of the stack's"}) matches ${control.what} as CloudTrail records it (e.g. ${JSON.stringify({ eventName: control.events[0].eventName, userIdentity: { type: (control.events[0].userIdentity as { type: string }).type } })})${near ? ` (the closest: ${near})` : ""}: that activity would go unnoticed. Keep the filter on the trail's log group with a pattern matching those records.`);
            } else if (!matching.some(f => alarmed(f, alarms, pages))) {
                report(`${id}: the metric filter ${knownString(matching[0], "name") ?? matching[0].name} counts ${control.what}, but no alarm paging a subscribed topic of this stack watches its metric (an SSM OpsItem alone pages no one) and fires on a single event (one period breaching, the filter's value reaching the threshold with Sum, Maximum or SampleCount): no one is told. Keep its alarm, with the alarm topic in alarmActions, GreaterThanOrEqualToThreshold 1 over one period.`, matching[0].urn);
            }
        }
    },
});
