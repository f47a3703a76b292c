/**
 * Which Security Hub findings the stack's own settings silence, judged as Security Hub applies
 * them: a disabled control (StandardsControlAssociation, the legacy StandardsControl, a
 * configuration policy's control list) produces no finding at all, and an enabled automation rule
 * rewrites every finding matching all its criteria (workflow SUPPRESSED or RESOLVED hides it from
 * the default views and from integrations that read active findings; a lowered severity drops it
 * below every severity-based alert).
 */
import { Props } from "../lib/define";

/** Security Hub's severity labels, lowest first; a finding's normalized severity maps onto them. */
export const SEVERITY_LABELS = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type SeverityLabel = typeof SEVERITY_LABELS[number];

/** A control the security team chose to disable, with why (policy config). */
export interface DisabledControl {
    control: string;
    reason: string;
}

/** The control id (e.g. EC2.19) an ARN or generator id ends with, or undefined. */
export function controlId(value: unknown): string | undefined {
    const last = String(value ?? "").split("/").pop() ?? "";
    return /^[A-Za-z0-9]+\.\d+$/.test(last) ? last : undefined;
}

/** Why disabling `controls` silences findings no vetted exception covers, or undefined. */
export function disabledControlProblem(controls: string[], allowed: DisabledControl[]): string | undefined {
    const vetted = new Set(allowed.map(a => a.control.toUpperCase()));
    const unvetted = controls.filter(c => !vetted.has(c.toUpperCase()));
    return unvetted.length === 0 ? undefined
        : `disables control ${unvetted.join(", ")}: Security Hub stops evaluating it, so its failures never become findings`;
}

/**
 * The controls a configuration policy (aws:securityhub/configurationPolicy) turns off, or "all"
 * when it disables the service or enables only a list (every other control, new ones included, is off).
 */
export function configurationPolicyDisables(configurationPolicy: unknown): string[] | "all" {
    const c = (configurationPolicy ?? {}) as Props;
    if (c.serviceEnabled === false) {
        return "all";
    }
    const controls = (c.securityControlsConfiguration ?? {}) as Props;
    if (Array.isArray(controls.enabledControlIdentifiers)) {
        return "all";
    }
    return Array.isArray(controls.disabledControlIdentifiers) ? controls.disabledControlIdentifiers.map(String) : [];
}

/**
 * Criteria that pick out particular findings: the finding, its resource, or its check. Every other
 * field (product, company, account, region, standard, resource type, severity, status, finding
 * type taxonomy…) spans whole classes of findings and narrows no real finding out.
 */
const RESOURCE_FIELDS = ["ids", "resourceIds", "relatedFindingsIds"];
const CHECK_FIELDS = ["complianceSecurityControlIds", "generatorIds", "titles"];

/** The values a string filter list matches exactly (EQUALS, or a PREFIX reaching a resource's own part of an ARN). */
function exactValues(filters: unknown, field: string): string[] {
    const list: Props[] = Array.isArray(filters) ? filters : [];
    // A filter list is ORed: one broad filter (NOT_EQUALS, CONTAINS, a service-wide prefix) makes the whole criterion broad.
    const narrow = list.every(f => {
        const comparison = String(f?.comparison ?? "").toUpperCase();
        if (comparison === "EQUALS") return String(f.value ?? "") !== "";
        if (comparison === "PREFIX" && field !== "generatorIds") return /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+[:/][^:/*]+$/.test(String(f.value ?? ""));
        return false;
    });
    return narrow ? list.map(f => String(f.value)) : [];
}

/** The severity labels a rule's severityLabels filters admit (ORed; NOT_EQUALS excludes a label). */
function labelsAdmitted(criteria: Props): SeverityLabel[] {
    const filters: Props[] = Array.isArray(criteria.severityLabels) ? criteria.severityLabels : [];
    const is = (f: Props, c: string) => String(f?.comparison ?? "").toUpperCase() === c;
    const equal = new Set(filters.filter(f => is(f, "EQUALS")).map(f => String(f.value).toUpperCase()));
    const notEqual = new Set(filters.filter(f => is(f, "NOT_EQUALS")).map(f => String(f.value).toUpperCase()));
    // Any other comparison (PREFIX, CONTAINS…) is judged as admitting every label.
    const broad = filters.length === 0 || filters.some(f => !is(f, "EQUALS") && !is(f, "NOT_EQUALS"));
    return SEVERITY_LABELS.filter(l => !notEqual.has(l) && (broad || equal.size === 0 || equal.has(l)));
}

/** What an automation rule's FINDING_FIELDS_UPDATE actions do that hides a finding (or drops it below `minimumSeverity`), or undefined. */
function silencingAction(actions: unknown, minimumSeverity: SeverityLabel): string | undefined {
    for (const action of Array.isArray(actions) ? actions : []) {
        const update = (action?.findingFieldsUpdate ?? {}) as Props;
        const status = String(update.workflow?.status ?? "").toUpperCase();
        if (status === "SUPPRESSED" || status === "RESOLVED") {
            return `sets their workflow status to ${status}`;
        }
        const label = String(update.severity?.label ?? "").toUpperCase() as SeverityLabel;
        if (SEVERITY_LABELS.indexOf(label) >= 0 && SEVERITY_LABELS.indexOf(label) < SEVERITY_LABELS.indexOf(minimumSeverity)) {
            return `lowers their severity to ${label}`;
        }
    }
    return undefined;
}

/**
 * Why an enabled automation rule silences findings nobody vetted, or undefined: its actions hide or
 * downgrade findings, and its criteria neither name the findings' resources nor the checks (a
 * rule naming only controls silences them everywhere: those controls must be vetted exceptions),
 * and admit findings of `minimumSeverity` or above.
 */
export function automationRuleProblem(rule: { ruleStatus?: unknown; criteria?: unknown; actions?: unknown }, minimumSeverity: SeverityLabel, allowed: DisabledControl[]): string | undefined {
    if (String(rule.ruleStatus ?? "ENABLED").toUpperCase() !== "ENABLED") {
        return undefined;
    }
    const does = silencingAction(rule.actions, minimumSeverity);
    if (does === undefined) {
        return undefined;
    }
    const criteria = (rule.criteria ?? {}) as Props;
    const admitted = labelsAdmitted(criteria).filter(l => SEVERITY_LABELS.indexOf(l) >= SEVERITY_LABELS.indexOf(minimumSeverity));
    if (admitted.length === 0) {
        return undefined;
    }
    if (RESOURCE_FIELDS.some(f => exactValues(criteria[f], f).length > 0)) {
        return undefined;
    }
    const checks = CHECK_FIELDS.flatMap(f => exactValues(criteria[f], f).map(v => ({ field: f, value: v })));
    if (checks.length > 0) {
        // Named checks: controls among them act as disabled everywhere; other checks (a title, a custom generator) are named findings.
        const controls = checks.map(c => (c.field === "titles" ? undefined : controlId(c.value))).filter((c): c is string => c !== undefined);
        const generators = checks.filter(c => c.field === "generatorIds" && controlId(c.value) === undefined && c.value.startsWith("arn:"));
        if (generators.length === 0) {
            const problem = disabledControlProblem(controls, allowed);
            return problem === undefined ? undefined : `${does} for every resource: it effectively ${problem}`;
        }
    }
    return `${does} for every ${admitted.join("/")} finding its criteria admit without naming a resource or check`;
}
