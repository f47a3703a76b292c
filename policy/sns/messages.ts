/**
 * What each publisher of the stack puts on its topics, as SNS subscription filters see it: the
 * publishers of policy/lib/facts/topicPublishers.ts, each read from its resource, with the message
 * its service sends (the shapes stated there). EventBridge targets send the matched event unless
 * their Input, InputPath or InputTransformer replaces it; a target to an alerting topic must keep
 * what identifies the event, or every notification reads the same.
 */
import { PolicyResource } from "@pulumi/policy";

import { sampleEventsOf } from "../cloudwatch/eventRoutes";
import { stackAccount } from "../lib/account";
import { eventMatching, parsePattern, patternMatches } from "../lib/eventPattern";
import {
    alarmNotification, anomalyNotification, backupVaultNotification, budgetNotification, MessageShape, rdsEventNotification,
    s3EventNotification, TOPIC_PUBLISHERS, trailNotification,
} from "../lib/facts/topicPublishers";
import { known, knownDeep, knownString, linker, ofType, stackRegion } from "../lib/stack";
import { EVENT_RULE } from "../lib/tokens";

/** One kind of message a topic receives. */
export interface TopicMessage {
    /** What sends it, for reports (e.g. "EventBridge rule expertconnect-backup-job-failed"). */
    what: string;
    /** The resource that makes the service publish it. */
    source: PolicyResource;
    /** The message: a JSON value when the body is JSON, else its text. */
    body: unknown;
    shape: MessageShape;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === "string");

/** How the readers find topics: by property dependency, else by the ARNs (or, for trails, names) they state. */
interface TopicIndex {
    of(source: PolicyResource, property: string, values: string[]): PolicyResource[];
}

function topicIndex(topics: PolicyResource[]): TopicIndex {
    const link = linker(topics, ["arn"]);
    const byValue = new Map<string, PolicyResource>();
    for (const t of topics) {
        for (const key of [knownString(t, "arn"), knownString(t, "name")]) if (key) byValue.set(key, t);
    }
    return {
        of: (source, property, values) => {
            const linked = (source.propertyDependencies[property] ?? []).length > 0 ? link(source, property) : [];
            return [...new Set([...linked, ...values.map(v => byValue.get(v)).filter((t): t is PolicyResource => t !== undefined)])];
        },
    };
}

interface Publication { topics: PolicyResource[]; messages: Array<{ what: string; body: unknown }> }
interface ReadContext { resources: PolicyResource[]; topics: TopicIndex; region?: string; account?: string; ruleOf: (r: PolicyResource, p: string) => PolicyResource[] }

/** A metric or composite alarm's ALARM notification: the one that must reach someone (OK and insufficient-data notices may be filtered out). */
function alarmPublications(alarm: PolicyResource, cx: ReadContext): Publication[] {
    const name = knownString(alarm, "name") ?? alarm.name;
    const metricName = known(() => alarm.props.metricName);
    const body = alarmNotification({
        name, description: knownString(alarm, "alarmDescription") ?? null, arn: knownString(alarm, "arn"), state: "ALARM",
        metric: metricName === undefined ? undefined : {
            metricName, namespace: known(() => alarm.props.namespace), statistic: known(() => alarm.props.statistic),
            period: known(() => alarm.props.period), evaluationPeriods: known(() => alarm.props.evaluationPeriods),
            dimensions: (knownDeep(() => alarm.props.dimensions, {}) ?? {}) as Json,
        },
        metrics: knownDeep(() => alarm.props.metricQueries, []) as unknown[] | undefined,
        comparisonOperator: known(() => alarm.props.comparisonOperator), threshold: known(() => alarm.props.threshold),
        rule: knownString(alarm, "alarmRule"),
    });
    const arns = strings(knownDeep(() => alarm.props.alarmActions, []));
    return [{ topics: cx.topics.of(alarm, "alarmActions", arns), messages: [{ what: `alarm ${name}`, body }] }];
}

/** JSONPath as EventBridge's InputPath and InputPathsMap take it: `$`, `$.a.b`, `$.a[0]`, `$['a-b']`. */
export function pathSegments(path: string): string[] | undefined {
    if (!path.startsWith("$")) return undefined;
    const segments: string[] = [];
    const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]|\["([^"]+)"\]/gy;
    re.lastIndex = 1;
    while (re.lastIndex < path.length) {
        const m = re.exec(path);
        if (!m) return undefined;
        segments.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    }
    return segments;
}

function valueAt(value: unknown, segments: string[]): unknown {
    return segments.reduce<unknown>((v, s) => (Array.isArray(v) ? v[Number(s)] : isObject(v) ? v[s] : undefined), value);
}

/** The predefined placeholders of an input template (EventBridge User Guide, "Transforming target input"). */
const PREDEFINED: Readonly<Record<string, (event: Json, rule: string) => unknown>> = {
    "aws.events.rule-arn": (_, rule) => `arn:aws:events:::rule/${rule}`,
    "aws.events.rule-name": (_, rule) => rule,
    "aws.events.event.ingestion-time": () => "2026-01-01T00:00:00Z",
    "aws.events.event": event => event,
    "aws.events.event.json": event => event,
};
/** Placeholders that carry the whole event. */
const WHOLE_EVENT = new Set(["aws.events.event", "aws.events.event.json"]);

/** The placeholders an input template uses, in order of appearance. */
function placeholders(template: string): string[] {
    return [...template.matchAll(/<([A-Za-z0-9_.\-]+)>/g)].map(m => m[1]);
}

/**
 * The text EventBridge renders from an input template: a placeholder inside a JSON string gets the
 * value's text, elsewhere its JSON; the result is parsed when it is JSON (an SNS target publishes it
 * as the message either way).
 */
function renderTemplate(template: string, values: Map<string, unknown>): unknown {
    let out = "";
    let inString = false;
    for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if (inString && c === "\\") {
            out += c + (template[i + 1] ?? "");
            i++;
            continue;
        }
        if (c === "\"") inString = !inString;
        const end = c === "<" ? template.indexOf(">", i) : -1;
        const name = end > i ? template.slice(i + 1, end) : undefined;
        if (name !== undefined && values.has(name)) {
            const v = values.get(name);
            out += inString ? JSON.stringify(typeof v === "string" ? v : JSON.stringify(v) ?? "").slice(1, -1) : JSON.stringify(v) ?? "null";
            i = end;
            continue;
        }
        out += c;
    }
    try {
        return JSON.parse(out);
    } catch {
        return out;
    }
}

/** A target's input settings, when known. */
interface TargetInput {
    input?: string;
    inputPath?: string;
    transformer?: { paths: Record<string, string>; template: string };
}

function targetInput(target: PolicyResource): TargetInput | undefined {
    const input = known(() => target.props.input, "unknown");
    const inputPath = known(() => target.props.inputPath, "unknown");
    const transformer = knownDeep(() => target.props.inputTransformer, "unknown") as { inputPaths?: Record<string, string>; inputTemplate?: string } | "unknown" | undefined;
    if (input === "unknown" || inputPath === "unknown" || transformer === "unknown") return undefined;
    return {
        input: typeof input === "string" && input !== "" ? input : undefined,
        inputPath: typeof inputPath === "string" && inputPath !== "" ? inputPath : undefined,
        transformer: isObject(transformer) && typeof transformer.inputTemplate === "string"
            ? { paths: (transformer.inputPaths ?? {}) as Record<string, string>, template: transformer.inputTemplate } : undefined,
    };
}

/** The message a target sends for `event`: the event, or what its input settings make of it. */
function transformed(settings: TargetInput, event: Json, rule: string): unknown {
    if (settings.input !== undefined) {
        const parsed = parsePattern(settings.input);
        return parsed ?? settings.input;
    }
    if (settings.inputPath !== undefined) {
        const segments = pathSegments(settings.inputPath);
        return segments === undefined ? event : valueAt(event, segments);
    }
    if (settings.transformer !== undefined) {
        const values = new Map<string, unknown>();
        for (const [name, path] of Object.entries(settings.transformer.paths)) {
            const segments = pathSegments(String(path));
            values.set(name, segments === undefined ? undefined : valueAt(event, segments));
        }
        for (const [name, read] of Object.entries(PREDEFINED)) values.set(name, read(event, rule));
        return renderTemplate(settings.transformer.template, values);
    }
    return event;
}

/** Whether a path keeps what identifies an event: the whole event, or what its service says about it (detail, resources). */
const identifyingPath = (segments: string[] | undefined): boolean =>
    segments !== undefined && (segments.length === 0 || segments[0] === "detail" || segments[0] === "resources");

/**
 * Why a target to an alerting topic sends a message that no longer says which event happened, or
 * undefined: a constant Input (the same text for every event, even "ok" for a failure); an
 * InputPath to an envelope field (account, time, id, region) or to a single value, which names no
 * resource and no outcome together; an InputTransformer whose template uses no field of the event's
 * detail or resources (nor the event itself).
 */
export function targetInputProblem(target: PolicyResource, events: Json[]): string | undefined {
    const settings = targetInput(target);
    if (settings === undefined) return undefined;
    if (settings.input !== undefined) {
        return `replaces every matched event with the constant input ${settings.input}: each notification is the same text and names no event, resource or outcome`;
    }
    if (settings.inputPath !== undefined) {
        const segments = pathSegments(settings.inputPath);
        if (segments === undefined) return undefined;
        const structured = segments.length <= 1 || events.some(e => typeof valueAt(e, segments) === "object" && valueAt(e, segments) !== null);
        if (identifyingPath(segments) && structured) return undefined;
        return `forwards only ${settings.inputPath} of each event (${events.length > 0 ? JSON.stringify(valueAt(events[0], segments)) ?? "nothing" : "one field"}): the notification no longer says which event happened to which resource`;
    }
    if (settings.transformer !== undefined) {
        const used = placeholders(settings.transformer.template);
        const keeps = used.some(name => WHOLE_EVENT.has(name)
            || (name in settings.transformer!.paths && identifyingPath(pathSegments(String(settings.transformer!.paths[name])))));
        if (keeps) return undefined;
        const fields = used.filter(n => n in settings.transformer!.paths || n in PREDEFINED);
        return `has an input transformer whose template ${JSON.stringify(settings.transformer.template)} uses ${fields.length === 0 ? "no field of the event" : `only ${fields.join(", ")}, none of the event's detail or resources`}: every notification reads the same whatever happened`;
    }
    return undefined;
}

/** The events a rule hands its targets: the stack's known samples it matches, and one built from its own pattern. */
export function ruleEvents(rule: PolicyResource, cx: Pick<ReadContext, "resources" | "region" | "account">): Json[] {
    const text = known(() => rule.props.eventPattern, "unknown");
    if (text === "unknown") return [];
    const envelope: Json = {
        version: "0", id: "00000000-0000-0000-0000-000000000000", "detail-type": "Scheduled Event", source: "aws.events",
        account: cx.account, time: "2026-01-01T00:00:00Z", region: cx.region, resources: [], detail: {},
    };
    const pattern = parsePattern(text);
    if (text === undefined || pattern === undefined) return known(() => rule.props.scheduleExpression) ? [envelope] : [];
    // What the pattern leaves open stays absent rather than reading as a scheduled event.
    const { "detail-type": _type, source: _source, ...open } = envelope;
    const own = eventMatching(pattern, open);
    return [...sampleEventsOf(rule, cx.resources), ...(own ? [own] : [])];
}

/** Whether a rule reacts to events (an event pattern) rather than a schedule alone. */
export function reactsToEvents(rule: PolicyResource): boolean {
    const text = known(() => rule.props.eventPattern, "unknown");
    return text !== undefined && text !== "";
}

function targetPublications(target: PolicyResource, cx: ReadContext): Publication[] {
    const topics = cx.topics.of(target, "arn", strings(known(() => target.props.arn)));
    const settings = targetInput(target);
    if (topics.length === 0 || settings === undefined) return [];
    return cx.ruleOf(target, "rule").map(rule => {
        const name = knownString(rule, "name") ?? rule.name;
        return { topics, messages: ruleEvents(rule, cx).map(event => ({ what: `EventBridge rule ${name} (${String(event["detail-type"] ?? event.source ?? "any event")})`, body: transformed(settings, event, name) })) };
    });
}

/**
 * How each publisher of policy/lib/facts/topicPublishers.ts names its topics and what it sends: one
 * reader per kind, so a publisher kind the facts add has to be read here too.
 */
const READERS: { readonly [K in keyof typeof TOPIC_PUBLISHERS]: (r: PolicyResource, cx: ReadContext) => Publication[] } = {
    alarms: alarmPublications,
    eventRules: targetPublications,
    budgets: (b, cx) => {
        const notifications = (knownDeep(() => b.props.notifications, []) ?? []) as Array<{ subscriberSnsTopicArns?: string[] }>;
        const name = knownString(b, "name") ?? b.name;
        return [{ topics: cx.topics.of(b, "notifications", notifications.flatMap(n => strings(n?.subscriberSnsTopicArns))), messages: [{ what: `budget ${name}`, body: budgetNotification(name, cx.account) }] }];
    },
    anomalyAlerts: (s, cx) => {
        const subscribers = (knownDeep(() => s.props.subscribers, []) ?? []) as Array<{ type?: string; address?: string }>;
        const name = knownString(s, "name") ?? s.name;
        const monitor = strings(knownDeep(() => s.props.monitorArnLists, []))[0];
        return [{ topics: cx.topics.of(s, "subscribers", subscribers.filter(x => x?.type === "SNS").flatMap(x => strings(x.address))), messages: [{ what: `cost anomaly subscription ${name}`, body: anomalyNotification(name, cx.account, monitor) }] }];
    },
    rdsEvents: (s, cx) => {
        const type = knownString(s, "sourceType") ?? "db-instance";
        const ids = strings(knownDeep(() => s.props.sourceIds, []));
        const name = knownString(s, "name") ?? s.name;
        return [{ topics: cx.topics.of(s, "snsTopic", strings(known(() => s.props.snsTopic))), messages: (ids.length > 0 ? ids : ["database"]).map(id => ({ what: `RDS event subscription ${name}`, body: rdsEventNotification(type, id) })) }];
    },
    bucketNotifications: (n, cx) => {
        const configs = (knownDeep(() => n.props.topics, []) ?? []) as Array<{ topicArn?: string; events?: string[] }>;
        const bucket = knownString(n, "bucket") ?? n.name;
        return configs.map(c => ({
            topics: cx.topics.of(n, "topics", strings(c?.topicArn)),
            messages: strings(c?.events).map(e => ({ what: `S3 notification of bucket ${bucket} (${e})`, body: s3EventNotification(bucket, e, cx.region) })),
        }));
    },
    backupVaultNotifications: (v, cx) => {
        const vault = knownString(v, "backupVaultName") ?? v.name;
        return [{ topics: cx.topics.of(v, "snsTopicArn", strings(known(() => v.props.snsTopicArn))), messages: strings(knownDeep(() => v.props.backupVaultEvents, [])).map(e => ({ what: `backup vault ${vault} (${e})`, body: backupVaultNotification(vault, e) })) }];
    },
    trails: (t, cx) => [{ topics: cx.topics.of(t, "snsTopicName", strings(known(() => t.props.snsTopicName))), messages: [{ what: `trail ${knownString(t, "name") ?? t.name}`, body: trailNotification(knownString(t, "s3BucketName") ?? "bucket") }] }],
};

/** Every message kind each topic of the stack receives, from every publisher of the facts. */
export function messagesByTopic(resources: PolicyResource[], topics: PolicyResource[]): Map<PolicyResource, TopicMessage[]> {
    const cx: ReadContext = {
        resources, topics: topicIndex(topics), region: stackRegion(resources), account: stackAccount(resources),
        ruleOf: linker(ofType(resources, EVENT_RULE), ["name", "arn"]),
    };
    const out = new Map<PolicyResource, TopicMessage[]>();
    for (const [kind, publisher] of Object.entries(TOPIC_PUBLISHERS) as Array<[keyof typeof TOPIC_PUBLISHERS, (typeof TOPIC_PUBLISHERS)[keyof typeof TOPIC_PUBLISHERS]]>) {
        for (const source of ofType(resources, publisher.types)) {
            for (const { topics: to, messages } of READERS[kind](source, cx)) {
                for (const topic of to) {
                    out.set(topic, [...(out.get(topic) ?? []), ...messages.map(m => ({ ...m, source, shape: publisher.message }))]);
                }
            }
        }
    }
    return out;
}

/**
 * Whether a subscription's filter policy lets `message` through, as SNS evaluates it (SNS Developer
 * Guide, "Amazon SNS message filtering": every key must match, a list matches when one entry does,
 * exact and numeric values, prefix, suffix, anything-but, exists, equals-ignore-case, nested keys of
 * the body, $or). Scope MessageBody reads the body as a JSON object (plain text offers no keys);
 * scope MessageAttributes, the default, the attributes the service sets (none, for most). A filter
 * not known yet, or not JSON, or on attributes this module does not state, counts as letting it through.
 */
export function filterAccepts(sub: PolicyResource, message: Pick<TopicMessage, "body" | "shape">): boolean {
    const text = known(() => sub.props.filterPolicy, undefined);
    if (text === undefined || text === "") return true;
    const policy = parsePattern(text);
    if (policy === undefined) return true;
    const scope = known(() => sub.props.filterPolicyScope, "MessageBody") ?? "MessageAttributes";
    if (scope === "MessageBody") {
        return patternMatches(policy, message.shape.body === "json" && isObject(message.body) ? message.body : {});
    }
    return message.shape.attributes === "unknown" || patternMatches(policy, {});
}
