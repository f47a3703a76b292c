/**
 * Whoever produces a signal the stack alarms on (or shows on a dashboard) is allowed to produce
 * it, as IAM decides the request: AWS services publish their own namespaces (AWS/…, Container
 * Insights) and metric filters publish from log groups whose writers the log paths judge (tasks,
 * functions, the trail), but a canary's metrics and a workload's custom metrics are published
 * with the producer's own role. A role that lost `cloudwatch:PutMetricData`, holds it for another
 * namespace (`cloudwatch:namespace`), is denied it explicitly, bounded away from it or refused by
 * the monitoring endpoint's policy keeps running while its metric never arrives: an alarm that
 * treats missing data as breaching then sits in ALARM and hides every later failure, one that
 * does not stays green through the outage.
 *
 * Canaries (every run, CloudWatch "Required roles and permissions for canaries"): PutMetricData
 * in CloudWatchSynthetics, the function's log group (created by the role when the stack does not
 * hold it, written under its key) and X-Ray when tracing is on; its artifacts are judged with the
 * other delivering roles (serviceRoles.ts). Custom namespaces: each function or task whose
 * settings name a namespace an alarm or dashboard of the stack reads (and no metric filter of the
 * stack feeds), or whose role grants PutMetricData for it by `cloudwatch:namespace`, must be
 * allowed PutMetricData there with its runtime role, from where it runs; a namespace named by an
 * embedded-metric-format setting comes from the workload's logs instead.
 */
import { alarmMetrics, NamedMetric } from "../cloudwatch/metricData";
import { dashboardLines } from "../guide/dashboard";
import { managedMayGrant } from "../iam/managed";
import { AWS_METRICS } from "../lib/facts/awsMetrics";
import { CANARY_RUN_REQUESTS, EMBEDDED_METRIC_SETTINGS, SYNTHETICS_NAMESPACE } from "../lib/facts/metricProducers";
import { ask, asRole, endpointRefusal, fromWhere, RoleAccess, roleAccess } from "./access";
import { arnParts, broken, ok, parsed, PathResource, PathResult, StackIndex } from "./model";
import { originsOf } from "./origin";
import { logGroupKeyPath, settingsOf, tasksOf } from "./tasks";

const CANARY = "aws:synthetics/canary:Canary";
const LAMBDA = "aws:lambda/function:Function";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";

/** A workload that runs code under a role: where its calls come from, its account and region. */
interface Runner {
    label: string;
    caller: PathResource;
    role?: RoleAccess;
    /** The property that hands it its role, for messages. */
    roleProperty: string;
    account: string;
    region: string;
}

/**
 * The runner's role may make the request, as AWS decides it (identity policies, an explicit Deny,
 * the policy of the endpoint it passes; the boundary is recorded for boundaryPaths): undefined
 * when allowed. A role with an AWS managed policy the pack cannot read that may grant the action
 * is refused only by what is certain (an explicit Deny or the endpoint's policy).
 */
async function refusal(ix: StackIndex, path: string, w: Runner & { role: RoleAccess }, action: string, resource: string, context: Record<string, string> = {}): Promise<PathResult | undefined> {
    const r = await ask({ action, resource, account: w.account, ...asRole(w.role), context, from: originsOf(ix, w.caller, action, w.region) });
    if (r.allowed) return undefined;
    const what = `${action} on ${resource}${Object.entries(context).map(([k, v]) => ` with ${k} ${v}`).join("")} for role ${w.role.arn}`;
    const refused = endpointRefusal(path, r, what);
    if (refused) return refused;
    if (!r.explicitlyDenied && w.role.managed.some((arn) => managedMayGrant(arn, action))) return undefined;
    return broken(path, `${what} ${r.explicitlyDenied ? "(an explicit Deny refuses it)" : `in its policies (the ${w.roleProperty})`}${fromWhere(r)}`, w.role.role);
}

/** The first refusal among the requests, or ok. */
async function allowed(ix: StackIndex, path: string, w: Runner, requests: Array<{ action: string; resource: string; context?: Record<string, string> }>): Promise<PathResult> {
    if (!w.role) return broken(path, `a role to make ${requests.map((r) => r.action).join(", ")} (the ${w.roleProperty})`, w.caller);
    for (const q of requests) {
        const gap = await refusal(ix, path, { ...w, role: w.role }, q.action, q.resource, q.context);
        if (gap) return gap;
    }
    return ok(path);
}

const publishing = (namespace: string) => CANARY_RUN_REQUESTS.metrics.map((action) => ({ action, resource: "*", context: { "cloudwatch:namespace": namespace } }));

/** The log group a canary's function writes: by its engineArn, else the stack's group named for it, else a stand-in of its prefix. */
function canaryLogGroup(ix: StackIndex, canary: PathResource, name: string): { name: string; held: boolean } {
    const prefix = `/aws/lambda/cwsyn-${name}-`;
    const fn = typeof canary.props.engineArn === "string" ? canary.props.engineArn.split(":")[6] : undefined;
    const groups = ix.ofType(LOG_GROUP).map((g) => g.props.name).filter((n): n is string => typeof n === "string");
    const own = fn ? `/aws/lambda/${fn}` : groups.find((g) => g.startsWith(prefix)) ?? `${prefix}pack-probe`;
    return { name: own, held: groups.includes(own) || ix.ofType(LOG_GROUP).some((g) => (g.pending ?? []).includes("name")) };
}

/** What Synthetics does as each canary's role on every run, besides storing its artifacts. */
async function canaryRunPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const canary of ix.ofType(CANARY)) {
        const name = String(canary.props.name ?? canary.name);
        const role = canary.props.executionRoleArn !== undefined ? roleAccess(ix, canary.props.executionRoleArn, { resource: canary, property: "executionRoleArn" }) : undefined;
        const account = arnParts(canary.props.arn).account ?? arnParts(canary.props.executionRoleArn).account;
        const region = arnParts(canary.props.arn).region ?? canary.props.region;
        if (!role || !account || !region) continue;
        const w: Runner = { label: `canary ${name}`, caller: canary, role, roleProperty: "canary's executionRoleArn", account, region };
        results.push(await allowed(ix, `canary ${name} publishes its metrics in ${SYNTHETICS_NAMESPACE}`, w, publishing(SYNTHETICS_NAMESPACE)));
        const group = canaryLogGroup(ix, canary, name);
        const groupArn = `arn:aws:logs:${region}:${account}:log-group:${group.name}`;
        const logsPath = `canary ${name} writes its logs to ${group.name}`;
        const logs = await allowed(ix, logsPath, w, [
            ...(group.held ? [] : CANARY_RUN_REQUESTS.logGroupCreation.map((action) => ({ action, resource: groupArn }))),
            ...CANARY_RUN_REQUESTS.logs.map((action) => ({ action, resource: `${groupArn}:log-stream:pack-probe` })),
        ]);
        results.push(logs.ok ? await logGroupKeyPath(ix, logsPath, group.name, groupArn, account, region) : logs);
        if (canary.props.runConfig?.activeTracing === true) {
            results.push(await allowed(ix, `canary ${name} sends its traces to X-Ray`, w, CANARY_RUN_REQUESTS.tracing.map((action) => ({ action, resource: "*" }))));
        }
    }
    return results;
}

/** Namespaces AWS services publish on their own (and Synthetics', which the canaries' paths judge). */
const publishedByAws = (namespace: string): boolean => namespace.startsWith("AWS/") || namespace === SYNTHETICS_NAMESPACE || AWS_METRICS[namespace] !== undefined;

/** The namespaces the stack's alarms and dashboards read that a producer of the stack must publish with PutMetricData, each with a reader for messages. */
function customNamespaces(ix: StackIndex): Map<string, string> {
    const fed = new Set(ix.ofType(METRIC_FILTER).map((f) => f.props.metricTransformation?.namespace).filter((n): n is string => typeof n === "string"));
    const out = new Map<string, string>();
    const add = (metrics: NamedMetric[], reader: string) => {
        for (const m of metrics) {
            if (typeof m.namespace === "string" && !publishedByAws(m.namespace) && !fed.has(m.namespace) && !out.has(m.namespace)) out.set(m.namespace, reader);
        }
    };
    for (const a of ix.ofType(ALARM)) add(alarmMetrics(a), `alarm ${a.props.name ?? a.name}`);
    for (const d of ix.ofType(DASHBOARD)) add(dashboardLines(parsed(d.props.dashboardBody)), `dashboard ${d.props.dashboardName ?? d.name}`);
    return out;
}

/** The namespaces a role's Allow statements grant PutMetricData for by `cloudwatch:namespace`. */
function grantedNamespaces(role: RoleAccess | undefined): string[] {
    return (role?.policies ?? []).flatMap((p) => p.statements).flatMap((st) => {
        if (st.effect !== "Allow" || !(st.action ?? []).some((a) => /^cloudwatch:(PutMetricData|\*)$/i.test(a))) return [];
        return Object.values(st.condition).flatMap((keys) => Object.entries(keys).filter(([k]) => k.toLowerCase() === "cloudwatch:namespace").flatMap(([, v]) => v as string[]));
    });
}

/** The stack's functions and tasks, with their settings (environment) and runtime role. */
function runners(ix: StackIndex): Array<Runner & { settings: Map<string, string> }> {
    const out: Array<Runner & { settings: Map<string, string> }> = [];
    for (const f of ix.ofType(LAMBDA)) {
        const { account, region } = arnParts(f.props.arn);
        if (!account || !region) continue;
        const variables = Object.entries((f.props.environment?.variables ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
        out.push({ label: `function ${f.props.name ?? f.name}`, caller: f, role: roleAccess(ix, f.props.role, { resource: f, property: "role" }), roleProperty: "function's role", account, region, settings: new Map(variables) });
    }
    for (const t of tasksOf(ix)) {
        out.push({ label: `task ${t.family}`, caller: t.definition, role: t.taskRole, roleProperty: "task definition's taskRoleArn", account: t.account, region: t.region, settings: settingsOf(ix, t) });
    }
    return out;
}

/** Each workload that publishes a custom namespace the stack reads may publish into it. */
async function customProducerPaths(ix: StackIndex): Promise<PathResult[]> {
    const namespaces = customNamespaces(ix);
    if (namespaces.size === 0) return [];
    const results: PathResult[] = [];
    for (const w of runners(ix)) {
        for (const [namespace, reader] of namespaces) {
            const named = [...w.settings].filter(([, value]) => value === namespace).map(([variable]) => variable);
            const putsMetrics = named.some((v) => !EMBEDDED_METRIC_SETTINGS.includes(v)) || (named.length === 0 && grantedNamespaces(w.role).includes(namespace));
            if (!putsMetrics) continue;
            results.push(await allowed(ix, `${w.label} publishes the ${namespace} metrics ${reader} reads`, w, publishing(namespace)));
        }
    }
    return results;
}

export async function metricProducerPaths(ix: StackIndex): Promise<PathResult[]> {
    const [canaries, custom] = await Promise.all([canaryRunPaths(ix), customProducerPaths(ix)]);
    return [...canaries, ...custom];
}
