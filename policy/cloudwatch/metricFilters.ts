import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { patternListProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { APP_METRICS_NAMESPACE, APP_SIGNAL_ALARMS } from "../lib/facts/appSignals";
import { canMatch, FilterPatternError, ParsedPattern, parseFilterPattern } from "../lib/filterPattern";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { LOG_GROUP, LOG_METRIC_FILTER, METRIC_ALARM, SNS_TOPIC } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { alarmView, appSignalGaps } from "./appSignals";
import { contractMismatch, dimensionProblem, matchedLines, valueFieldWritten } from "./logContract";
import { serviceLogGroups } from "./logWriters";

/** The tag a log group declares its lines' format with: `json` (one object per line) or `text`. */
const LOG_FORMAT_TAG = "LogFormat";

interface MetricRef { namespace: string; metricName: string }

/** The metrics an alarm reads: its own, or those of its metric-math queries. */
function alarmMetrics(alarm: PolicyResource): MetricRef[] {
    const own = { namespace: known(() => alarm.props.namespace), metricName: known(() => alarm.props.metricName) };
    const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Array<{ metric?: { namespace?: unknown; metricName?: unknown } }>;
    return [own, ...queries.map((q) => ({ namespace: q?.metric?.namespace, metricName: q?.metric?.metricName }))]
        .filter((m): m is MetricRef => typeof m.namespace === "string" && typeof m.metricName === "string");
}

/** How an alarm reads for the required-signal decision: its metrics, direction and whether it pages a topic of the stack. */
function parse(pattern: string): ParsedPattern | Error {
    try {
        return parseFilterPattern(pattern);
    } catch (e) {
        if (e instanceof FilterPatternError) return e;
        throw e;
    }
}

/** Whether a log group holds text lines: its LogFormat tag, or a name the config lists as text. */
function isTextGroup(group: PolicyResource, textPatterns: RegExp[]): boolean {
    const format = known(() => (group.props.tags as Record<string, unknown> | undefined)?.[LOG_FORMAT_TAG]);
    if (typeof format === "string") {
        return format.toLowerCase() === "text";
    }
    const name = knownString(group, "name");
    return name !== undefined && textPatterns.some((p) => p.test(name));
}

/**
 * Why an application-metric filter on `group` counts nothing: the lines its pattern matches are
 * written by services (the log contract's writers) none of which logs to that group. Undefined
 * when a writer of a matched line logs there, or when that cannot be known yet.
 */
export function writerProblem(parsed: ParsedPattern, group: string | undefined, services: ReturnType<typeof serviceLogGroups>): string | undefined {
    const lines = matchedLines(parsed);
    // No container of an application service in the stack: who writes the group is cloudwatch-log-groups-written's question.
    if (group === undefined || services === "unknown" || services.size === 0 || lines === undefined || lines.length === 0) return undefined;
    if (lines.some((l) => services.get(l.service)?.has(group))) return undefined;
    const events = [...new Set(lines.map((l) => l.event))];
    const writers = [...new Set(lines.map((l) => l.service))];
    const where = writers.map((w) => `${w} → ${[...(services.get(w) ?? [])].join(", ") || "no log group of the stack"}`).join("; ");
    const here = [...services].filter(([, g]) => g.has(group)).map(([s]) => s);
    return `it matches ${events.join(", ")} lines, which ${writers.join(", ")} write${writers.length === 1 ? "s" : ""} (${where}), ` +
        `but it reads ${group}, ${here.length > 0 ? `which receives lines of ${here.join(", ")} only` : "which no service of the application writes"}`;
}

function checkFilter(filter: PolicyResource, groups: PolicyResource[], textPatterns: RegExp[], services: ReturnType<typeof serviceLogGroups>, report: ReportViolation): void {
    const pattern = known(() => filter.props.pattern);
    const transformation = (knownDeep(() => filter.props.metricTransformation, {}) ?? {}) as { value?: unknown; defaultValue?: unknown; dimensions?: Record<string, unknown> };
    const label = knownString(filter, "name") ?? filter.name;
    if (typeof pattern !== "string") {
        return;
    }
    const parsed = parse(pattern);
    if (parsed instanceof Error) {
        report(`metric filter ${label}: the pattern ${JSON.stringify(pattern)} is invalid (${parsed.message}); CloudWatch Logs refuses it.`, filter.urn);
        return;
    }
    if (!canMatch(parsed)) {
        report(`metric filter ${label}: no log event can match ${JSON.stringify(pattern)} (its conditions contradict each other), so its metric never gets data.`, filter.urn);
    }
    if (typeof transformation.value === "string" && transformation.value.startsWith("$.") && parsed.kind !== "json") {
        report(`metric filter ${label}: the value ${transformation.value} reads a JSON field, but the pattern is not a JSON pattern.`, filter.urn);
    }
    if (transformation.defaultValue !== undefined && transformation.dimensions && Object.keys(transformation.dimensions).length > 0) {
        report(`metric filter ${label}: a default value with dimensions is refused by CloudWatch Logs; drop one of them.`, filter.urn);
    }
    // A dimension copies each value it reads into CloudWatch metrics, kept 15 months, not deletable,
    // readable with cloudwatch:ListMetrics and outside the log group's key and retention.
    const namespace = known(() => (filter.props.metricTransformation as { namespace?: unknown } | undefined)?.namespace);
    for (const [dimension, source] of Object.entries(transformation.dimensions ?? {})) {
        const problem = typeof source === "string" ? dimensionProblem(source, namespace === APP_METRICS_NAMESPACE) : undefined;
        if (problem !== undefined) {
            report(`metric filter ${label}: dimension ${dimension} reads ${problem}; personal data and identifiers copied into metric dimensions are kept 15 months, cannot be deleted and are readable by anyone with cloudwatch:ListMetrics. ` +
                "Count without the dimension, or query the log group (Logs Insights) for per-user figures.", filter.urn);
        }
    }
    // The application's metrics come from its own lines: a pattern none of them can match (a value
    // in the wrong case, a field it never writes) leaves the metric, and its alarm, without data.
    if (namespace === APP_METRICS_NAMESPACE) {
        const mismatch = contractMismatch(parsed);
        if (mismatch !== undefined) {
            report(`metric filter ${label}: no line the application writes matches ${JSON.stringify(pattern)}: ${mismatch}. ` +
                "Write the pattern against the log contract (policy/lib/facts/appLogContract.ts, docs/monitoring-and-security.md); values are case-sensitive.", filter.urn);
        }
        if (typeof transformation.value === "string" && transformation.value.startsWith("$.") && !valueFieldWritten(transformation.value)) {
            report(`metric filter ${label}: the value ${transformation.value} is no number field of the log contract, so the metric gets no value.`, filter.urn);
        }
        const misplaced = writerProblem(parsed, knownString(filter, "logGroupName"), services);
        if (misplaced !== undefined) {
            report(`metric filter ${label}: ${misplaced}, so its metric never gets data. Set logGroupName to the writer's log group (the log contract's writer, policy/lib/facts/appLogContract.ts).`, filter.urn);
        }
    }
    if (parsed.kind === "json") {
        for (const group of groups) {
            if (isTextGroup(group, textPatterns)) {
                report(`metric filter ${label}: a JSON pattern on ${knownString(group, "name") ?? group.name}, whose lines are text, never matches.`, filter.urn);
            }
        }
    }
}

export const cloudwatchMetricFiltersMatch = stackPolicy<{ textLogGroupPatterns: string[]; filterFedNamespaces: string[] }>({
    name: "cloudwatch-metric-filters-match",
    description: "Metric filters can match what they watch (a valid, satisfiable pattern in the log group's format; for the application's metrics, a line the application writes as its log contract states, case and field names included, read in the log group of the ECS container of the service that writes it), " +
        "alarms on a filter-fed namespace watch a metric some filter publishes, and every application-signal alarm of docs/operations.md (policy/lib/facts/appSignals.ts) is present, enabled, pages when its metric goes the way it states and notifies a topic of the stack.",
    enforcementLevel: "mandatory",
    // Not onlyWith the filters: removing every filter must leave the alarms they fed judged.
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Fix the filter pattern against the log contract (policy/lib/facts/appLogContract.ts, docs/monitoring-and-security.md) or the log group's format; point the alarm at a metric a filter of the stack publishes; " +
            "keep AppSignals' alarms (policy/lib/facts/appSignals.ts) with actions enabled, their comparison and the alarm topic as alarmAction.",
    },
    config: {
        textLogGroupPatterns: patternListProperty(["^/aws/rds/", "flow-logs?$"],
            "Regular expressions: log groups whose name matches one hold text lines (unless their LogFormat tag says otherwise)."),
        filterFedNamespaces: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            default: ["ExpertConnect"],
            description: "Metric namespaces that only the stack's metric filters publish (the application writes log lines, not metrics), whether or not a filter is left.",
        },
    },
    validate: (resources, report, { config }) => {
        const textPatterns = config.textLogGroupPatterns.map((p) => new RegExp(p));
        const filters = ofType(resources, LOG_METRIC_FILTER);
        const groupOf = linker(ofType(resources, LOG_GROUP), ["name"]);
        const services = serviceLogGroups(resources);
        for (const filter of filters) {
            checkFilter(filter, groupOf(filter, "logGroupName"), textPatterns, services, report);
        }

        // Namespaces the stack's filters feed: an alarm there on a metric no filter publishes never sees data.
        const published = new Set<string>();
        const namespaces = new Set<string>(config.filterFedNamespaces);
        for (const filter of filters) {
            const t = knownDeep(() => filter.props.metricTransformation) as { namespace?: unknown; name?: unknown } | undefined;
            if (typeof t?.namespace === "string" && typeof t.name === "string") {
                namespaces.add(t.namespace);
                published.add(`${t.namespace}/${t.name}`);
            }
        }
        const alarms = ofType(resources, METRIC_ALARM);
        for (const gap of appSignalGaps(Object.values(APP_SIGNAL_ALARMS), alarms.map(alarmView(ofType(resources, SNS_TOPIC))))) {
            report(gap.message, gap.urn);
        }
        for (const alarm of alarms) {
            for (const m of alarmMetrics(alarm)) {
                if (namespaces.has(m.namespace) && !published.has(`${m.namespace}/${m.metricName}`)) {
                    report(`alarm ${knownString(alarm, "name") ?? alarm.name} watches ${m.namespace}/${m.metricName}, which no metric filter of the stack publishes: it never sees data.`, alarm.urn);
                }
            }
        }
    },
});
