import { PolicyResource } from "@pulumi/policy";

import { MetricResources, NamedMetric } from "../cloudwatch/metricData";
import { DashboardWidget, GUIDE_DASHBOARD_NAMES, GUIDE_DASHBOARD_WIDGETS } from "../lib/facts/guideDashboard";
import { known, knownString, ofType, stackRegion } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";

const DASHBOARD = ["aws:cloudwatch/dashboard:Dashboard"] as const;

/** A metric line of a dashboard body, with the region its widget reads. */
interface Line extends NamedMetric {
    region?: string;
}

/**
 * The metric lines of a dashboard body (CloudWatch's JSON): each `metrics` entry of a metric
 * widget is [namespace, name, dimName, dimValue, …, {options}], where "." repeats the previous
 * line's value at that position and "..." the rest of it. Math expressions ({expression}) carry no metric.
 */
export function dashboardLines(body: unknown): Line[] {
    const widgets = (body as { widgets?: unknown } | null)?.widgets;
    if (!Array.isArray(widgets)) return [];
    const out: Line[] = [];
    for (const w of widgets) {
        const props = (w as { type?: unknown; properties?: { metrics?: unknown; region?: unknown } } | null);
        if (props?.type !== "metric" || !Array.isArray(props.properties?.metrics)) continue;
        let previous: unknown[] = [];
        for (const raw of props.properties!.metrics as unknown[]) {
            if (!Array.isArray(raw)) continue;
            const line: unknown[] = [];
            for (let i = 0; i < raw.length; i++) {
                if (raw[i] === "...") { line.push(...previous.slice(line.length).filter(v => typeof v === "string")); continue; }
                line.push(raw[i] === "." ? previous[i] : raw[i]);
            }
            previous = line;
            const parts = line.filter((v): v is string => typeof v === "string");
            if (parts.length < 2) continue;
            const dimensions: Record<string, string> = {};
            for (let i = 2; i + 1 < parts.length; i += 2) dimensions[parts[i]] = parts[i + 1];
            out.push({ namespace: parts[0], metricName: parts[1], dimensions, region: typeof props.properties!.region === "string" ? props.properties!.region as string : undefined });
        }
    }
    return out;
}

/** The guide's widgets a dashboard body lacks: none of their metrics on a resource of the stack. */
export function missingWidgets(lines: Line[], required: readonly DashboardWidget[], onStack: (l: Line) => boolean, hasReplica: boolean): DashboardWidget[] {
    return required.filter(w => (!w.replicaOnly || hasReplica)
        && !lines.some(l => l.namespace === w.namespace && w.metrics.includes(l.metricName ?? "") && onStack(l)));
}

/** Why the environment's guide dashboard does not show what the guide map says it shows (one message per dashboard). */
export function dashboardProblems(resources: PolicyResource[], environment: "prod" | "dr"): Array<{ message: string; urn: string }> {
    const name = GUIDE_DASHBOARD_NAMES[environment];
    const metricResources = new MetricResources(resources);
    const home = stackRegion(resources);
    const hasReplica = ofType(resources, RDS_INSTANCE).some(db => {
        const source = known(() => db.props.replicateSourceDb);
        return typeof source === "string" && source !== "";
    });
    const out: Array<{ message: string; urn: string }> = [];
    for (const dashboard of ofType(resources, DASHBOARD).filter(d => knownString(d, "dashboardName") === name)) {
        const text = knownString(dashboard, "dashboardBody");
        if (text === undefined) continue;
        let body: unknown;
        try {
            body = JSON.parse(text);
        } catch {
            out.push({ message: `dashboard ${name}: dashboardBody is not JSON, so CloudWatch refuses it and the guide's dashboard shows nothing.`, urn: dashboard.urn });
            continue;
        }
        const missing = missingWidgets(dashboardLines(body), GUIDE_DASHBOARD_WIDGETS, l => metricResources.unresolved(l, l.region ?? home).length === 0, hasReplica);
        if (missing.length > 0) {
            out.push({
                message: `dashboard ${name} (the guide's \`aws cloudwatch put-dashboard\`) no longer shows ${missing.map(w => w.what).join(", ")}: add a metric widget line on ${missing.map(w => `${w.namespace} ${w.metrics.join("/")}`).join(", ")} for this stack's resources (policy/lib/facts/guideDashboard.ts).`,
                urn: dashboard.urn,
            });
        }
    }
    return out;
}
