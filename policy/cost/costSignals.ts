import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { stackAccount } from "../lib/account";
import { BUDGET_ALERT_TYPES, MAX_ALERT_PERCENT_OF_LIMIT } from "../lib/facts/budget";
import { ENVIRONMENTS } from "../lib/facts/environments";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { BUDGET, COST_ANOMALY_SUBSCRIPTION, SNS_TOPIC_SUBSCRIPTION } from "../lib/tokens";
import { unwatchedServices } from "./anomalyCoverage";
import { automaticServingActions, BUDGET_ACTION } from "./budgetActions";
import { costResources } from "./costResources";
import { estimateStack } from "./estimate";
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

/**
 * The stack's resources with a fixed monthly price (the cost estimate's lines) that carry none of
 * a TagKeyValue filter's pairs though they take tags: AWS Budgets leaves their spend out of the
 * budget. A resource that takes no tags (a dashboard) or whose tags are unknown is not judged.
 */
function pricedOutsideFilter(pairs: Array<[string, string]>, priced: () => Array<[PolicyResource, number]>): Array<[PolicyResource, number]> {
    return priced().filter(([r]) => {
        const own = knownDeep(() => r.props.tags, "unknown") as Record<string, unknown> | undefined | "unknown";
        const all = knownDeep(() => r.props.tagsAll, "unknown") as Record<string, unknown> | undefined | "unknown";
        if (own === "unknown" || all === "unknown" || (own === undefined && all === undefined)) {
            return false;
        }
        // tagsAll adds the provider's default tags; the resource's own tags override them (and are the newer value in a preview).
        const tags = { ...(all ?? {}), ...(own ?? {}) };
        return !pairs.some(([key, value]) => tags[key] === value);
    });
}

/** The resources of the stack with a fixed monthly price and that price, computed once per run. */
function pricedResources(resources: PolicyResource[]): () => Array<[PolicyResource, number]> {
    let cached: Array<[PolicyResource, number]> | undefined;
    return () => {
        if (cached === undefined) {
            const byUrn = new Map(resources.map(r => [r.urn, r]));
            cached = estimateStack(costResources(resources)).lines
                .filter(l => l.monthlyUsd > 0 && byUrn.has(l.urn))
                .map(l => [byUrn.get(l.urn)!, l.monthlyUsd]);
        }
        return cached;
    };
}

interface BudgetNotification {
    notificationType?: string;
    comparisonOperator?: string;
    threshold?: number;
    thresholdType?: string;
    subscriberEmailAddresses?: string[];
    subscriberSnsTopicArns?: string[];
}

/** Cost filter dimensions that do not narrow a single account's budget: tags are judged by value, the account is all of it. */
const WHOLE_SPEND_FILTERS = ["TagKeyValue", "LinkedAccount"];

/** The email addresses the stack subscribes to its topics (the people its alerts are meant for); undefined while one is unknown. */
function subscribedAddresses(resources: PolicyResource[]): Set<string> | undefined {
    const email = ofType(resources, SNS_TOPIC_SUBSCRIPTION).filter(s => /^email(-json)?$/.test(knownString(s, "protocol") ?? ""));
    const endpoints = email.map(s => knownString(s, "endpoint")?.toLowerCase());
    return endpoints.every((e): e is string => e !== undefined) ? new Set(endpoints) : undefined;
}

/** Whether an address is one the stack subscribes, or at the domain of one (a colleague of on-call). */
function ownAddress(address: string, subscribed: Set<string>): boolean {
    const lower = address.toLowerCase();
    const domain = lower.split("@")[1];
    return subscribed.has(lower) || (domain !== undefined && [...subscribed].some(a => a.split("@")[1] === domain));
}

/**
 * The spend in USD at which a notification fires, as AWS Budgets computes it (a PERCENTAGE
 * threshold, the default, is a share of the limit), or undefined when it never warns of
 * overspend (LESS_THAN fires while spend stays below).
 */
export function notificationLevelUsd(n: BudgetNotification, limitUsd: number): number | undefined {
    if (n.comparisonOperator === "LESS_THAN" || typeof n.threshold !== "number") {
        return undefined;
    }
    return n.thresholdType === "ABSOLUTE_VALUE" ? n.threshold : limitUsd * n.threshold / 100;
}

/**
 * Why the budget's alerts of each type (ACTUAL, FORECASTED) cannot warn before the limit is
 * spent: none of that type, or none that fires at or below MAX_ALERT_PERCENT_OF_LIMIT of the
 * limit (converted as AWS Budgets does, ABSOLUTE_VALUE thresholds as they are). An alert above
 * the limit beside one within it is fine (how far over the budget the month went).
 */
function alertLevelProblems(notifications: BudgetNotification[], limitUsd: number): string[] {
    const within = limitUsd * MAX_ALERT_PERCENT_OF_LIMIT / 100;
    return BUDGET_ALERT_TYPES.flatMap(type => {
        const sameType = notifications.filter(n => n.notificationType === type);
        const levels = sameType.map(n => notificationLevelUsd(n, limitUsd)).filter((l): l is number => l !== undefined);
        if (levels.some(l => l <= within)) return [];
        const why = type === "FORECASTED"
            ? "the forecast is the only alert that comes before the money is spent"
            : "actual spend crossing the limit is then never reported";
        if (sameType.length === 0) return [`it has no ${type} notification: ${why}; keep one at ${MAX_ALERT_PERCENT_OF_LIMIT} PERCENTAGE or less`];
        const lowest = levels.length > 0
            ? `its lowest fires at ${Math.min(...levels)} USD, ${Math.round(Math.min(...levels) / limitUsd * 100)} % of the limit ${limitUsd} USD`
            : "none fires on spend above a threshold (LESS_THAN)";
        return [`no ${type} notification fires at or below ${MAX_ALERT_PERCENT_OF_LIMIT} % of its limit (${lowest}): ${why}; keep one at ${MAX_ALERT_PERCENT_OF_LIMIT} PERCENTAGE or less`];
    });
}

/** Why the budget's notifications cannot warn in time, or reach people outside the stack's alerts. */
function notificationProblems(notifications: BudgetNotification[], limitUsd: number, addresses: Set<string> | undefined): string[] {
    const problems = alertLevelProblems(notifications, limitUsd);
    const outside = [...new Set(notifications.flatMap(n => n.subscriberEmailAddresses ?? []).filter(a => addresses !== undefined && !ownAddress(a, addresses)))];
    if (outside.length > 0) {
        problems.push(`its notifications email ${outside.join(", ")}, outside the addresses (and their domains) the stack subscribes to its topics: the stack's spend goes to someone outside the organization; notify the alarm topic (subscriberSnsTopicArns) instead`);
    }
    const silent = notifications.filter(n => (n.subscriberEmailAddresses ?? []).length === 0 && (n.subscriberSnsTopicArns ?? []).length === 0);
    if (silent.length > 0) {
        problems.push(`${silent.length} notification(s) name no subscriber: crossing them tells no one`);
    }
    const offCall = notifications.filter(n => (n.subscriberSnsTopicArns ?? []).length === 0 && (n.subscriberEmailAddresses ?? []).length > 0
        && addresses !== undefined && !(n.subscriberEmailAddresses ?? []).some(a => addresses.has(a.toLowerCase())));
    if (offCall.length > 0) {
        problems.push(`${offCall.length} notification(s) reach neither a topic nor an address subscribed to one: on-call never hears of the overspend; add the alarm topic to subscriberSnsTopicArns`);
    }
    return problems;
}

/** Why a budget cannot warn about the stack's spend, or undefined. */
function budgetProblems(budget: PolicyResource, resources: PolicyResource[], config: Config, priced: () => Array<[PolicyResource, number]>): string[] {
    const problems: string[] = [];
    const limit = Number(known(() => budget.props.limitAmount, "unknown"));
    const ceiling = config.monthlyBudgetUsd * config.maximumLimitShareOfBudget;
    if (Number.isFinite(limit) && limit > ceiling) {
        problems.push(`its limit ${limit} USD is above ${ceiling} USD (${config.maximumLimitShareOfBudget} × the stack's monthlyBudgetUsd ${config.monthlyBudgetUsd}): it would warn long after the spend the stack plans for; set limitAmount from expertconnect:monthlyBudgetUsd`);
    }
    // The limit is a month's spend: over a quarter or a year it is reached only after several months of overspend.
    const timeUnit = knownString(budget, "timeUnit");
    if (timeUnit !== undefined && timeUnit !== "MONTHLY") {
        problems.push(`its timeUnit is ${timeUnit}, but its limit is the stack's monthly budget: ${timeUnit === "DAILY" ? "a day's spend never reaches a month's limit" : "the spend of several months adds up before it warns"}; set timeUnit MONTHLY`);
    }
    const notifications = knownDeep(() => budget.props.notifications, "unknown") as BudgetNotification[] | undefined | "unknown";
    if (!Array.isArray(notifications) || notifications.length === 0) {
        if (notifications !== "unknown") problems.push("it has no notifications: crossing it tells no one");
    } else {
        problems.push(...notificationProblems(notifications, Number.isFinite(limit) ? limit : config.monthlyBudgetUsd, subscribedAddresses(resources)));
    }
    const filters = (knownDeep(() => budget.props.costFilters, []) ?? []) as Array<{ name?: string; values?: string[] }>;
    for (const f of filters.filter(f => f?.name === "TagKeyValue")) {
        const values = (f.values ?? []).map(v => /^user:([^$]+)\$(.*)$/.exec(v)).filter((m): m is RegExpExecArray => m !== null);
        if (values.length > 0 && !values.some(([, key, value]) => carried(resources, key, value))) {
            problems.push(`its cost filter TagKeyValue ${JSON.stringify(f.values)} selects a tag no resource of the stack carries: it counts nothing and never fires`);
            continue;
        }
        const outside = pricedOutsideFilter(values.map(([, key, value]) => [key, value]), priced);
        if (outside.length > 0) {
            const usd = outside.reduce((sum, [, u]) => sum + u, 0);
            const names = outside.map(([r]) => `${r.type.split(":").pop()} ${r.name}`).join(", ");
            problems.push(`its cost filter TagKeyValue ${JSON.stringify(f.values)} leaves out ${names} (about ${usd.toFixed(0)} USD a month), which do not carry that tag: ` +
                "their spend never counts towards the budget. Give them the stack's tags back (Environment)");
        }
    }
    for (const f of filters.filter(f => typeof f?.name === "string" && !WHOLE_SPEND_FILTERS.includes(f.name))) {
        problems.push(`its cost filter ${f.name} ${JSON.stringify(f.values ?? [])} counts only that part of the stack's spend: overspend anywhere else never warns; filter by the stack's Environment tag (TagKeyValue) only`);
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
    // The monitors some subscription alerts on (all of them while a list or an ARN is unknown).
    const lists = subscriptions.map(s => knownDeep(() => s.props.monitorArnLists, "unknown") as string[] | undefined | "unknown");
    const arns = monitors.map(m => knownString(m, "arn"));
    const alerted = lists.includes("unknown") || arns.includes(undefined)
        ? monitors
        : monitors.filter((_, i) => lists.some(l => Array.isArray(l) && l.includes(arns[i]!)));
    if (alerted.length > 0) {
        const unwatched = unwatchedServices(alerted, resources, stackAccount(resources));
        if (unwatched.size > 0) {
            const names = alerted.map(m => knownString(m, "name") ?? m.name).join(", ");
            const left = [...unwatched].map(([service, rs]) => `${service} (${rs.slice(0, 3).map(r => r.name).join(", ")}${rs.length > 3 ? ", …" : ""})`).join("; ");
            report(`the cost anomaly monitor(s) ${names} watch only part of the stack's spend: ${left} are in no alerted monitor's scope, so their anomalies are never detected; ` +
                "keep a DIMENSIONAL monitor on SERVICE (or custom monitors whose specification selects every service the stack bills).", alerted[0].urn);
        }
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
    description: "The stack keeps its cost signals: a MONTHLY budget whose limit is the stack's monthlyBudgetUsd (at most maximumLimitShareOfBudget of it), counting every priced resource of the stack (its tag filter matches their tags), with an ACTUAL and a FORECASTED notification each firing at or below 100 % of its limit, subscribers that are the stack's topics or addresses at the domains of those subscribed to them, each notification reaching on-call, and no cost filter that narrows it (a tag nothing carries, or one service, region or usage type); no AUTOMATIC budget action on what serves production (the roles its tasks, functions and instances run as, its RDS and EC2 instances, its account under an SCP); where it owns the account's monitor, a cost anomaly monitor watching every service the stack bills and a subscription paging from at most anomalyImpactUsd.",
    enforcementLevel: "mandatory",
    environments: ENVIRONMENTS,
    types: [...BUDGET, ...BUDGET_ACTION, ...COST_ANOMALY_SUBSCRIPTION, ...ANOMALY_MONITOR, ...SNS_TOPIC_SUBSCRIPTION],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_COSTS,
        remediationSteps: "Keep the CostBudget and CostAnomalyAlerts components (components/monitoring): timeUnit MONTHLY, limitAmount from expertconnect:monthlyBudgetUsd, ACTUAL notifications at 80 and 100 PERCENTAGE and a FORECASTED one at 100 to the alarm topic, budget actions (if any) with approvalModel MANUAL, the DIMENSIONAL SERVICE anomaly monitor, the Environment tag filter only, and the anomaly threshold from expertconnect:monitoring.costAnomalyImpactUsd.",
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
        const priced = pricedResources(resources);
        for (const budget of budgets) {
            for (const problem of budgetProblems(budget, resources, config, priced)) {
                report(`budget ${knownString(budget, "name") ?? budget.name}: ${problem}.`, budget.urn);
            }
        }
        for (const { action, targets } of automaticServingActions(resources, stackAccount(resources))) {
            report(`budget action ${action.name} (${knownString(action, "actionType")}, approvalModel AUTOMATIC) acts on what serves production: ${targets.join(", ")}. ` +
                "When the budget's threshold is crossed it runs at once, and a cost spike (or a denial-of-wallet flood) becomes an outage of the platform; " +
                "set approvalModel MANUAL so on-call decides, or scope it to resources that serve nothing.", action.urn);
        }
        if (config.anomalyMonitorEnvironments.includes(config.environment)) {
            checkAnomalies(resources, config, report);
        }
    },
});
