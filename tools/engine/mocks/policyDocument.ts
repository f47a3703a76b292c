/**
 * The JSON `aws.iam.getPolicyDocument` returns, computed the way the provider does: statement
 * keys in AWS order, single-element lists collapsed to a string, statements merged by `sid`
 * from `sourcePolicyDocuments` (first) and `overridePolicyDocuments` (last, replacing).
 */

interface Principal { type: string; identifiers: string[] }
interface Condition { test: string; variable: string; values: string[] }
interface StatementArgs {
    sid?: string;
    effect?: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: Principal[];
    notPrincipals?: Principal[];
    conditions?: Condition[];
}
export interface PolicyDocumentArgs {
    version?: string;
    policyId?: string;
    statements?: StatementArgs[];
    sourcePolicyDocuments?: string[];
    overridePolicyDocuments?: string[];
}

type Statement = Record<string, unknown>;

function oneOrMany(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : [...values].sort().reverse();
}

function principals(list: Principal[]): unknown {
    if (list.length === 1 && list[0].type === "*") {
        return "*";
    }
    const out: Record<string, unknown> = {};
    for (const p of list) {
        const existing = out[p.type];
        const merged = [...(existing === undefined ? [] : ([] as string[]).concat(existing as string)), ...p.identifiers];
        out[p.type] = oneOrMany(merged);
    }
    return out;
}

function conditions(list: Condition[]): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const c of list) {
        out[c.test] = { ...(out[c.test] ?? {}), [c.variable]: oneOrMany(c.values) };
    }
    return out;
}

function statement(s: StatementArgs): Statement {
    const out: Statement = {};
    const set = (key: string, value: unknown) => {
        if (value !== undefined) {
            out[key] = value;
        }
    };
    set("Sid", s.sid || undefined);
    set("Effect", s.effect ?? "Allow");
    set("Action", s.actions?.length ? oneOrMany(s.actions) : undefined);
    set("NotAction", s.notActions?.length ? oneOrMany(s.notActions) : undefined);
    set("Resource", s.resources?.length ? oneOrMany(s.resources) : undefined);
    set("NotResource", s.notResources?.length ? oneOrMany(s.notResources) : undefined);
    set("Principal", s.principals?.length ? principals(s.principals) : undefined);
    set("NotPrincipal", s.notPrincipals?.length ? principals(s.notPrincipals) : undefined);
    set("Condition", s.conditions?.length ? conditions(s.conditions) : undefined);
    return out;
}

/** Adds statements, replacing an earlier one with the same Sid in place. */
function mergeBySid(into: Statement[], statements: Statement[]): void {
    for (const s of statements) {
        const at = s.Sid ? into.findIndex((x) => x.Sid === s.Sid) : -1;
        if (at >= 0) {
            into[at] = s;
        } else {
            into.push(s);
        }
    }
}

function statementsOf(json: string): Statement[] {
    const doc = JSON.parse(json) as { Statement?: Statement | Statement[] };
    return doc.Statement === undefined ? [] : ([] as Statement[]).concat(doc.Statement);
}

/** Returns the document object; `policyDocumentResult` adds the provider's output fields. */
export function policyDocument(args: PolicyDocumentArgs): Record<string, unknown> {
    const merged: Statement[] = [];
    for (const source of args.sourcePolicyDocuments ?? []) {
        mergeBySid(merged, statementsOf(source));
    }
    mergeBySid(merged, (args.statements ?? []).map(statement));
    for (const override of args.overridePolicyDocuments ?? []) {
        mergeBySid(merged, statementsOf(override));
    }
    return {
        Version: args.version ?? "2012-10-17",
        ...(args.policyId ? { Id: args.policyId } : {}),
        Statement: merged,
    };
}

/** The invoke result: `json` (indented like the provider), `minifiedJson` and `id`. */
export function policyDocumentResult(args: PolicyDocumentArgs): Record<string, unknown> {
    const doc = policyDocument(args);
    const json = JSON.stringify(doc, null, 2);
    return { ...args, json, minifiedJson: JSON.stringify(doc), id: String(hashCode(json)) };
}

function hashCode(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) {
        h = (Math.imul(31, h) + s.charCodeAt(i)) >>> 0;
    }
    return h;
}
