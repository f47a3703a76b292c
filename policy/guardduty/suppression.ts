/**
 * Which GuardDuty findings the stack's own settings silence, judged as GuardDuty applies them:
 * a filter with action ARCHIVE archives every new finding matching all its criteria (archived
 * findings raise no EventBridge alert), and a trusted IP list makes GuardDuty produce no finding
 * at all for traffic from the addresses in its file.
 */
import { Props } from "../lib/define";

/** GuardDuty's severity scale: findings run from 1.0 (low) to 10 (critical; 8.9 and below in practice). */
const SEVERITY_MAX = 10;

/** Finding fields that say nothing about which finding it is: a criterion on them narrows no finding out. */
const UNSPECIFIC_FIELDS = ["severity", "accountid", "region", "confidence", "updatedat", "createdat", "partition"];

/** The severity range [low, high] a filter's criteria admit (criterions in the Pulumi or API shape). */
function severityRange(criteria: Props[]): [number, number] {
    let low = 0, high = SEVERITY_MAX;
    for (const c of criteria.filter(x => String(x.field).toLowerCase() === "severity")) {
        const num = (k: string) => (c[k] !== undefined && Number.isFinite(Number(c[k])) ? Number(c[k]) : undefined);
        const gte = num("greaterThanOrEqual") ?? num("gte"), gt = num("greaterThan") ?? num("gt");
        const lte = num("lessThanOrEqual") ?? num("lte"), lt = num("lessThan") ?? num("lt");
        // Severities have one decimal: > 5 starts at 5.1.
        low = Math.max(low, gte ?? -Infinity, gt !== undefined ? Math.round(gt * 10 + 1) / 10 : -Infinity);
        high = Math.min(high, lte ?? Infinity, lt !== undefined ? Math.round(lt * 10 - 1) / 10 : Infinity);
        const equals: unknown[] = Array.isArray(c.equals) ? c.equals : Array.isArray(c.eq) ? c.eq : [];
        if (equals.length > 0) {
            const values = equals.map(Number).filter(Number.isFinite);
            low = Math.max(low, Math.min(...values));
            high = Math.min(high, Math.max(...values));
        }
    }
    return [low, high];
}

/** The criterions of a filter's findingCriteria (Pulumi's `criterions`, or the API's map of field → condition). */
export function criterions(findingCriteria: unknown): Props[] {
    const f = (findingCriteria ?? {}) as Props;
    if (Array.isArray(f.criterions)) {
        return f.criterions;
    }
    const map = (f.criterion ?? f.Criterion) as Props | undefined;
    return map && typeof map === "object" ? Object.entries(map).map(([field, condition]) => ({ field, ...(condition as Props) })) : [];
}

/**
 * Why an ARCHIVE filter silences findings the stack alerts on (severity `alertSeverity` and
 * above), or undefined when it doesn't: it does unless it names which findings it archives
 * (a criterion on the finding type, resource or action that must equal something) or its
 * severity range stays below the alert threshold.
 */
export function suppressionProblem(action: string | undefined, findingCriteria: unknown, alertSeverity: number): string | undefined {
    if (String(action ?? "NOOP").toUpperCase() !== "ARCHIVE") {
        return undefined;
    }
    const criteria = criterions(findingCriteria);
    const specific = criteria.some(c => !UNSPECIFIC_FIELDS.includes(String(c.field).toLowerCase())
        && ["equals", "eq", "matches"].some(k => Array.isArray(c[k]) && c[k].length > 0));
    if (specific) {
        return undefined;
    }
    const [low, high] = severityRange(criteria);
    if (high < alertSeverity || low > high) {
        return undefined;
    }
    const range = low <= 0 && high >= SEVERITY_MAX ? "" : ` of severity ${Math.max(low, 0)}${high < SEVERITY_MAX ? ` to ${high}` : " and above"}`;
    return `archives every finding${range} without naming a finding type or resource, including those the stack alerts on (severity ${alertSeverity} and above)`;
}

/** The lowest severity an EventBridge pattern (parsed) on GuardDuty findings alerts on, or undefined when it is not about them. */
export function alertThreshold(pattern: Props): number | undefined {
    const sources: unknown[] = Array.isArray(pattern?.source) ? pattern.source : [];
    if (!sources.includes("aws.guardduty")) {
        return undefined;
    }
    const severity: unknown[] = Array.isArray(pattern.detail?.severity) ? pattern.detail.severity : [];
    if (severity.length === 0) {
        return 0;
    }
    const lows = severity.map(m => {
        if (typeof m === "number") {
            return m;
        }
        const numeric: unknown[] = Array.isArray((m as Props)?.numeric) ? (m as Props).numeric : [];
        for (let i = 0; i < numeric.length - 1; i += 2) {
            if ([">=", ">", "="].includes(String(numeric[i]))) {
                return Number(numeric[i + 1]);
            }
        }
        return 0; // An upper bound only, or another matcher: from the bottom of the scale.
    });
    return Math.min(...lows.filter(Number.isFinite));
}
