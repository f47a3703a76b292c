/**
 * What a WAF logging filter keeps, judged by running it over the log records the web ACL
 * produces, as WAF applies it: filters in order, the first whose conditions hold decides (KEEP
 * or DROP), the default behavior otherwise. An action condition holds when the record's action
 * is the one named; a label name condition when the record carries that fully qualified label.
 *
 * The records are those of the requests the ACL blocks, one per blocking rule (its action, the
 * labels it adds, and the labels rules evaluated before it may have added), and one per action
 * WAF can log. Labels the stack cannot list (a managed or own rule group's, the geography WAF
 * adds) are possible on a record that may carry them, never certain: a filter is judged to keep
 * a record when some labelling of it is kept, so only a filter that certainly drops a record is
 * refused. A label outside WAF's namespaces (`awswaf:managed:…`, `awswaf:<account>:webacl:…` or
 * `:rulegroup:…`, `awswaf:clientip:…`, `awswaf:forwardedip:…`) is on no record.
 */
import { Props } from "../lib/define";
import { EffectiveRule, lowerKeys } from "./rules";

/** Actions a request's log record can carry. */
const ACTIONS = ["ALLOW", "BLOCK", "COUNT", "CAPTCHA", "CHALLENGE", "EXCLUDED_AS_COUNT"];

/** One log record, as far as the stack can say. */
export interface LogRecord {
    /** Which request it is, for messages. */
    what: string;
    action: string;
    /** The web ACL's own label names (lower case) the record certainly carries. */
    labels: string[];
    /** Own label names it may carry (added by earlier non-terminating rules). */
    mayLabels: string[];
    /** Whether it may carry labels of managed rule groups / the account's rule groups. */
    mayManaged: boolean;
    mayRuleGroup: boolean;
}

const ENFORCED_ACTIONS: Record<string, string> = { block: "BLOCK", captcha: "CAPTCHA", challenge: "CHALLENGE" };

/**
 * The records of the requests a web ACL's rules block: one per blocking rule (a rule group blocks
 * with its own rules' actions and labels), and the default action's when it blocks.
 */
export function blockedRecords(rules: readonly EffectiveRule[], defaultBlocks: boolean): LogRecord[] {
    const ordered = [...rules].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const earlierLabels = (i: number) => ordered.slice(0, i).filter(r => r.mode !== "enforce" || r.group).flatMap(r => r.ruleLabels);
    const earlierGroups = (i: number) => ordered.slice(0, i).filter(r => r.group);
    const records = ordered.flatMap((r, i): LogRecord[] => r.mode !== "enforce" ? [] : [{
        what: `requests rule ${r.name} blocks`,
        action: r.group ? "BLOCK" : ENFORCED_ACTIONS[r.action ?? "block"] ?? "BLOCK",
        labels: r.ruleLabels,
        mayLabels: earlierLabels(i),
        // A group's own rules label what they match; groups evaluated earlier may have labelled it too.
        mayManaged: r.group || earlierGroups(i).length > 0,
        mayRuleGroup: r.group || earlierGroups(i).length > 0,
    }]);
    return defaultBlocks
        ? [...records, { what: "requests the default action blocks", action: "BLOCK", labels: [], mayLabels: ordered.flatMap(r => r.ruleLabels), mayManaged: true, mayRuleGroup: true }]
        : records;
}

/** One record per action WAF can log, carrying any label the ACL's rules (`ownRuleLabels`) or groups may add. */
export function anyRecords(ownRuleLabels: readonly string[]): LogRecord[] {
    return ACTIONS.map(action => ({ what: `${action} requests`, action, labels: [], mayLabels: [...ownRuleLabels], mayManaged: true, mayRuleGroup: true }));
}

/** Whether a fully qualified label is on a record: true, false, or undefined (it may be). */
function carries(record: LogRecord, label: string): boolean | undefined {
    const parts = label.toLowerCase().split(":");
    if (parts[0] !== "awswaf" || parts.length < 3) {
        return false;
    }
    if (parts[1] === "managed") {
        return record.mayManaged ? undefined : false;
    }
    if (parts[1] === "clientip" || parts[1] === "forwardedip") {
        return undefined; // Geography and ASN labels WAF adds when a rule looks at them.
    }
    if (!/^\d{12}$/.test(parts[1])) {
        return false;
    }
    if (parts[2] === "rulegroup") {
        return record.mayRuleGroup ? undefined : false;
    }
    if (parts[2] === "webacl") {
        const name = parts.slice(4).join(":");
        return record.labels.includes(name) ? true : record.mayLabels.includes(name) ? undefined : false;
    }
    return false;
}

function conditionHolds(condition: Props, record: LogRecord): boolean | undefined {
    if (condition?.actioncondition !== undefined) {
        return String(condition.actioncondition.action).toUpperCase() === record.action;
    }
    if (condition?.labelnamecondition !== undefined) {
        return carries(record, String(condition.labelnamecondition.labelname ?? ""));
    }
    return undefined; // A condition of a kind WAF adds later: it may hold.
}

/** Whether one filter's (lower-cased) conditions hold for a record: true, false, or undefined (they may). */
function filterMatches(filter: Props, record: LogRecord): boolean | undefined {
    const conditions: Props[] = Array.isArray(filter.conditions) ? filter.conditions : [];
    const holds = conditions.map(c => conditionHolds(c, record));
    if (holds.length === 0) {
        return true;
    }
    if (String(filter.requirement ?? "MEETS_ANY").toUpperCase() === "MEETS_ALL") {
        return holds.includes(false) ? false : holds.includes(undefined) ? undefined : true;
    }
    return holds.includes(true) ? true : holds.includes(undefined) ? undefined : false;
}

/** Whether a logging filter (any key case) may keep a record: false only when it certainly drops it. */
export function mayKeep(loggingFilter: unknown, record: LogRecord): boolean {
    const f = lowerKeys(loggingFilter ?? {});
    const filters: Props[] = Array.isArray(f.filters ?? f.filter) ? (f.filters ?? f.filter) : [];
    for (const filter of filters) {
        const keep = String(filter?.behavior).toUpperCase() === "KEEP";
        const match = filterMatches(filter ?? {}, record);
        if (match === true) {
            return keep;
        }
        if (match === undefined && keep) {
            return true;
        }
    }
    return String(f.defaultbehavior ?? "KEEP").toUpperCase() !== "DROP";
}

/** The `ruleLabels` names (lower case) declared anywhere in some rules' properties (any key case, ruleJson strings parsed). */
export function declaredRuleLabels(rules: unknown): string[] {
    const walk = (value: unknown): string[] => {
        if (typeof value === "string" && /^\s*[[{]/.test(value)) {
            try {
                return walk(lowerKeys(JSON.parse(value))); // ruleJson
            } catch {
                return [];
            }
        }
        if (Array.isArray(value)) {
            return value.flatMap(walk);
        }
        if (typeof value !== "object" || value === null) {
            return [];
        }
        return Object.entries(value).flatMap(([k, v]) => k === "rulelabels" && Array.isArray(v)
            ? v.map((l: Props) => String(l?.name ?? "").toLowerCase())
            : walk(v));
    };
    return walk(lowerKeys(rules));
}
