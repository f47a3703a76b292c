import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { ENVIRONMENTS } from "../lib/facts/environments";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { BUDGET, COST_ANOMALY_SUBSCRIPTION } from "../lib/tokens";
import { MONTHLY_BUDGET_USD } from "./monthlyBudget";

const ANOMALY_MONITOR = ["aws:costexplorer/anomalyMonitor:AnomalyMonitor"] as const;
const GUIDE_COSTS = "Regular Maintenance Tasks › Monthly Tasks › Review AWS costs";

interface Config {
    monthlyBudgetUsd: number;
    maximumLimitShareOfBudget: number;
    anomalyImpactUsd: number;
    anomalyMonitorEnvironments: string[];
}

/** Whether some resource of the stack carries tag `key` = `value` (what a TagKeyValue cost filter selects). */
function carried(resources: PolicyResource[], key: string, value: string): boolean {
    return resources.some(r => ["tags", "tagsAll"].some(p => {
        const tags = known(() => r.props[p] as Record<string, unknown> | undefined, { [key]: value });
        return tags?.[key] === value;
    }));
}

/** Why a budget cannot warn about the stack's spend, or undefined. */
function budgetProblems(budget: PolicyResource, resources: PolicyResource[], config: Config): string[] {
    const problems: string[] = [];
    const limit = Number(known(() => budget.props.limitAmount, "unknown"));
    const ceiling = config.monthlyBudgetUsd * config.maximumLimitShareOfBudget;
    if (Number.isFinite(limit) && limit > ceiling) {
        problems.push(`its limit ${limit} USD is above ${ceiling} USD (${config.maximumLimitShareOfBudget} × the stack's monthlyBudgetUsd ${config.monthlyBudgetUsd}): it would warn long after the spend the stack plans for; set limitAmount from expertconnect:monthlyBudgetUsd`);
    }
    const notifications = knownDeep(() => budget.props.notifications, [{}]) as unknown[] | undefined;
    if (!Array.isArray(notifications) || notifications.length === 0) {
        problems.push("it has no notifications: crossing it tells no one");
    }
    const filters = (knownDeep(() => budget.props.costFilters, []) ?? []) as Array<{ name?: string; values?: string[] }>;
    for (const f of filters.filter(f => f?.name === "TagKeyValue")) {
        const values = (f.values ?? []).map(v => /^user:([^$]+)\$(.*)$/.exec(v)).filter((m): m is RegExpExecArray => m !== null);
        if (values.length > 0 && !values.some(([, key, value]) => carried(resources, key, value))) {
            problems.push(`its cost filter TagKeyValue ${JSON.stringify(f.values)} selects a tag no resource of the stack carries: it counts nothing and never fires`);
        }
    }
    return problems;
}

/** The USD impacts an anomaly subscription's threshold expression (or legacy threshold) pages from. */
function anomalyThresholds(sub: PolicyResource): number[] {
    const out: number[] = [];
    const legacy = known(() => sub.props.threshold);
    if (typeof legacy === "number") out.push(legacy);
    const walk = (e: unknown): void => {
        if (Array.isArray(e)) return e.forEach(walk);
        if (typeof e !== "object" || e === null) return;
        const d = (e as { dimension?: { key?: string; values?: string[] } }).dimension;
        if (d?.key === "ANOMALY_TOTAL_IMPACT_ABSOLUTE") out.push(...(d.values ?? []).map(Number).filter(Number.isFinite));
        Object.values(e).forEach(walk);
    };
    walk(knownDeep(() => sub.props.thresholdExpression, {}));
    return out;
}

function checkAnomalies(resources: PolicyResource[], config: Config, report: ReportViolation): void {
    const monitors = ofType(resources, ANOMALY_MONITOR);
    const subscriptions = ofType(resources, COST_ANOMALY_SUBSCRIPTION);
    if (monitors.length === 0) {
        report("the stack has no cost anomaly monitor (aws.costexplorer.AnomalyMonitor): unusual spend is noticed only on the bill.");
    }
    if (subscriptions.length === 0) {
        report("the stack has no cost anomaly subscription: the monitor's anomalies reach no one.");
    }
    for (const sub of subscriptions) {
        const thresholds = anomalyThresholds(sub);
        if (thresholds.length > 0 && Math.min(...thresholds) > config.anomalyImpactUsd) {
            report(`cost anomaly subscription ${knownString(sub, "name") ?? sub.name} pages only from ${Math.min(...thresholds)} USD of impact, above the configured ${config.anomalyImpactUsd} USD (expertconnect:monitoring.costAnomalyImpactUsd).`, sub.urn);
        }
    }
}

export const costSignals = stackPolicy<Config>({
    name: "cost-signals",
    description: "The stack keeps its cost signals: a budget whose limit is the stack's monthlyBudgetUsd (at most maximumLimitShareOfBudget of it), with notifications and no tag filter that selects nothing; where it owns the account's monitor, a cost anomaly monitor and subscription paging from at most anomalyImpactUsd.",
    enforcementLevel: "mandatory",
    environments: ENVIRONMENTS,
    types: [...BUDGET, ...COST_ANOMALY_SUBSCRIPTION, ...ANOMALY_MONITOR],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_COSTS,
        remediationSteps: "Keep the CostBudget and CostAnomalyAlerts components (components/monitoring): limitAmount from expertconnect:monthlyBudgetUsd, notifications to the alarm topic, the Environment tag filter, and the anomaly threshold from expertconnect:monitoring.costAnomalyImpactUsd.",
    },
    config: {
        monthlyBudgetUsd: MONTHLY_BUDGET_USD,
        maximumLimitShareOfBudget: {
            type: "number",
            minimum: 1,
            default: 1.5,
            description: "Highest budget limit as a multiple of monthlyBudgetUsd (default 1.5): a raise between deploys of the config is fine, a limit far above the plan never warns.",
        },
        anomalyImpactUsd: {
            type: "number",
            exclusiveMinimum: 0,
            default: 100,
            description: "Highest impact in USD from which the cost anomaly subscription may page: the program's expertconnect:monitoring.costAnomalyImpactUsd (default 100).",
        },
        anomalyMonitorEnvironments: {
            type: "array",
            items: { type: "string", enum: [...ENVIRONMENTS] },
            uniqueItems: true,
            default: ["prod"],
            description: "Environments whose stack owns the account's cost anomaly monitor (default prod: one monitor per account).",
        },
    },
    validate: (resources, report, { config }) => {
        const budgets = ofType(resources, BUDGET);
        if (budgets.length === 0) {
            report(`the stack has no AWS Budgets budget: spend above its monthlyBudgetUsd (${config.monthlyBudgetUsd} USD) would reach no one (the guide's monthly cost review, automated).`);
        }
        for (const budget of budgets) {
            for (const problem of budgetProblems(budget, resources, config)) {
                report(`budget ${knownString(budget, "name") ?? budget.name}: ${problem}.`, budget.urn);
            }
        }
        if (config.anomalyMonitorEnvironments.includes(config.environment)) {
            checkAnomalies(resources, config, report);
        }
    },
});
