/**
 * A web ACL's statements judged by what they do to every request a client can send, not to a
 * sample: whether a statement certainly matches every request of a context (`always`) or none
 * (`never`), evaluated structurally (and, or, not, byte matches on the URI path, labels). The
 * context is what is known of the request: the labels earlier rules put on it, and the URI path
 * prefixes it is outside of. Every other field (Host, other headers, cookies, query, body, method,
 * the TLS fingerprint, forwarded addresses) is the client's to write, and the source address is
 * the client's to choose within rentable space: a condition on them is neither always nor never
 * true, so a protective rule scoped down (or exempted) on them is one the client steps out of.
 */
import { Props } from "../lib/define";
import { WAF_MANAGED_GROUP_LABELS } from "../lib/facts/wafManagedGroups";
import { fieldName } from "./attacker";

/** What is known of the requests a statement is judged on. */
export interface RequestContext {
    /**
     * Whether a label match (its key, exact case, and whether the scope is NAMESPACE) certainly
     * holds: true (the request carries it), false (nothing before the rule adds it), undefined
     * (it may). @default every label may be present
     */
    label?: (key: string, namespace: boolean) => boolean | undefined;
    /** URI path prefixes the requests are NOT under (their exemption). @default [] */
    outside?: readonly string[];
}

/** A byte match on the URI path, compared as written (NONE transformations only): its value and constraint. */
function pathMatch(s: Props): { value: string; constraint: string } | undefined {
    const b = s.bytematchstatement;
    if (b === undefined || b.fieldtomatch?.uripath === undefined || typeof b.searchstring !== "string") {
        return undefined;
    }
    const transforms: Props[] = Array.isArray(b.texttransformations) ? b.texttransformations : [];
    if (transforms.some(t => String(t?.type ?? "NONE").toUpperCase() !== "NONE")) {
        return undefined; // A transformation widens what matches: judged as a client-controlled field.
    }
    return { value: b.searchstring, constraint: String(b.positionalconstraint).toUpperCase() };
}

const nested = (x: Props | undefined): Props[] => (Array.isArray(x?.statements) ? x!.statements : []);

/** Whether a (lower-cased) statement certainly matches every request of the context. */
export function always(statement: Props | undefined, ctx: RequestContext = {}): boolean {
    const s = statement ?? {};
    if (s.andstatement !== undefined) {
        const parts = nested(s.andstatement);
        return parts.length > 0 && parts.every(p => always(p, ctx));
    }
    if (s.orstatement !== undefined) {
        return nested(s.orstatement).some(p => always(p, ctx));
    }
    if (s.notstatement !== undefined) {
        return never(s.notstatement.statement, ctx);
    }
    if (s.labelmatchstatement !== undefined) {
        const l = s.labelmatchstatement;
        return ctx.label?.(String(l.key ?? ""), String(l.scope ?? "").toUpperCase() === "NAMESPACE") === true;
    }
    const path = pathMatch(s);
    // Every URI path starts with a slash.
    return path !== undefined && path.constraint === "STARTS_WITH" && "/".startsWith(path.value);
}

/** Whether a (lower-cased) statement certainly matches no request of the context. */
export function never(statement: Props | undefined, ctx: RequestContext = {}): boolean {
    const s = statement ?? {};
    if (s.andstatement !== undefined) {
        return nested(s.andstatement).some(p => never(p, ctx));
    }
    if (s.orstatement !== undefined) {
        return nested(s.orstatement).every(p => never(p, ctx));
    }
    if (s.notstatement !== undefined) {
        return always(s.notstatement.statement, ctx);
    }
    if (s.labelmatchstatement !== undefined) {
        const l = s.labelmatchstatement;
        return ctx.label?.(String(l.key ?? ""), String(l.scope ?? "").toUpperCase() === "NAMESPACE") === false;
    }
    const path = pathMatch(s);
    if (path === undefined) {
        return false;
    }
    // A path matching only under an exempt prefix matches none of the requests outside them.
    const under = (outside: string) => path.value.startsWith(outside);
    return ["STARTS_WITH", "EXACTLY"].includes(path.constraint) && (ctx.outside ?? []).some(under);
}

/** What a statement tests beyond the URI path and labels, for messages: the client-controlled fields. */
export function testedFields(statement: unknown): string[] {
    const fields = new Set<string>();
    const walk = (value: unknown, key?: string) => {
        if (Array.isArray(value)) {
            value.forEach(v => walk(v));
        } else if (typeof value === "object" && value !== null) {
            const v = value as Props;
            if (key === "fieldtomatch") {
                fields.add(fieldName(v));
                return;
            }
            if (v.ipsetreferencestatement !== undefined || v.geomatchstatement !== undefined || v.asnmatchstatement !== undefined) {
                fields.add("the client's address");
            }
            if (v.labelmatchstatement !== undefined) {
                fields.add(`label ${String(v.labelmatchstatement.key)}`);
            }
            Object.entries(v).forEach(([k, x]) => walk(x, k));
        }
    };
    walk(statement);
    return [...fields];
}

/** The managed rule group (`vendor/name`) whose namespace a label key is in, compared case-insensitively. */
function groupOfKey(key: string): string | undefined {
    const lower = key.toLowerCase();
    return Object.keys(WAF_MANAGED_GROUP_LABELS).find(g => lower.startsWith(WAF_MANAGED_GROUP_LABELS[g].namespace.toLowerCase()));
}

/**
 * Why a label match names nothing a managed rule group adds: a key in a group's namespace that is
 * not one of its labels (labels are case-sensitive), with the label meant when only the case
 * differs; undefined when the key is a real label or outside the groups this pack knows.
 */
export function unknownManagedLabel(key: string, namespace: boolean): string | undefined {
    const group = groupOfKey(key);
    if (group === undefined) {
        return undefined;
    }
    const { namespace: ns, labels } = WAF_MANAGED_GROUP_LABELS[group];
    const all = Object.values(labels ?? {});
    const real = namespace
        ? ns.startsWith(key) || key.startsWith(ns) && (labels === undefined || all.some(l => l.startsWith(key)))
        : key.startsWith(ns) && (labels === undefined || all.includes(key));
    if (real) {
        return undefined;
    }
    const meant = namespace ? (ns.toLowerCase().startsWith(key.toLowerCase()) ? ns : undefined) : all.find(l => l.toLowerCase() === key.toLowerCase());
    return `${group.split("/")[1]} adds no label ${key}${meant ? ` (labels are case-sensitive: it adds ${meant})` : ""}`;
}

/** Every label match of a (lower-cased) statement at any depth: key as written (labels are case-sensitive) and scope. */
export function labelMatches(statement: unknown): Array<{ key: string; namespace: boolean }> {
    if (Array.isArray(statement)) {
        return statement.flatMap(labelMatches);
    }
    if (typeof statement !== "object" || statement === null) {
        return [];
    }
    const own = (statement as Props).labelmatchstatement;
    const label = own && typeof own.key === "string" ? [{ key: own.key, namespace: String(own.scope ?? "").toUpperCase() === "NAMESPACE" }] : [];
    return [...label, ...Object.values(statement).flatMap(labelMatches)];
}
