/**
 * Policy documents in one shape, whatever shape they arrive in.
 *
 * A policy reaches the pack as JSON text (`policy: JSON.stringify(...)`), as an object (a
 * program that passes the document unserialised, or an export), or as a Pulumi
 * `aws.iam.getPolicyDocument` statement list (`{ effect, actions, resources, principals:
 * [{ type, identifiers }], conditions: [{ test, variable, values }] }`). Every list-or-string
 * field becomes a list, principals become a map of kind → identifiers, and conditions become
 * operator → key → values, so the analysis code never branches on spelling.
 */

/** Principals by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`); `"*"` is `{ AWS: ["*"] }`, as AWS treats it. */
export type Principals = Record<string, string[]>;

/** Condition block: operator (e.g. `StringEquals`, `ForAnyValue:StringLike`) → context key → values. */
export type Conditions = Record<string, Record<string, string[]>>;

/** One statement with every field normalised; absent fields are undefined (not empty lists). */
export interface NormalStatement {
    /** Position in the document, for messages. */
    index: number;
    sid?: string;
    effect: "Allow" | "Deny";
    action?: string[];
    notAction?: string[];
    resource?: string[];
    notResource?: string[];
    principal?: Principals;
    notPrincipal?: Principals;
    condition: Conditions;
}

/** A normalised document, plus the form AWS (and iam-simulate) reads. */
export interface NormalPolicy {
    statements: NormalStatement[];
    /** The document as canonical IAM JSON (capitalised keys, lists). */
    json: { Version: string; Statement: Record<string, unknown>[] };
    /**
     * The Version the document gave; undefined when it gave none, which AWS reads as 2008-10-17,
     * where policy variables are literal text. Documents the pack builds are 2012-10-17.
     */
    version: string | undefined;
}

/** Why a document could not be read; AWS would reject it too. */
export interface PolicyError {
    error: string;
}

/** A value IAM allows as a string or a list, always as a list of strings (other scalars stringified). */
export function stringList(value: unknown): string[] | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    const list = Array.isArray(value) ? value : [value];
    return list.map(v => (typeof v === "string" ? v : JSON.stringify(v)));
}

/** Principal kinds as AWS spells them; other spellings are read the same rather than ignored. */
const PRINCIPAL_KINDS: Record<string, string> = { aws: "AWS", service: "Service", federated: "Federated", canonicaluser: "CanonicalUser" };
const kindOf = (kind: string) => PRINCIPAL_KINDS[kind.toLowerCase()] ?? kind;

function principalsOf(value: unknown): Principals | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value === "string") {
        return { AWS: [value] };
    }
    if (Array.isArray(value)) {
        // getPolicyDocument's [{ type, identifiers }] form.
        const out: Principals = {};
        for (const p of value as { type?: string; identifiers?: unknown }[]) {
            const kind = p?.type === "*" ? "AWS" : kindOf(String(p?.type ?? "AWS"));
            out[kind] = [...(out[kind] ?? []), ...(stringList(p?.identifiers) ?? [])];
        }
        return out;
    }
    if (typeof value === "object") {
        const out: Principals = {};
        for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) {
            out[kindOf(kind)] = [...(out[kindOf(kind)] ?? []), ...(stringList(ids) ?? [])];
        }
        return out;
    }
    return undefined;
}

function conditionsOf(value: unknown): Conditions {
    const out: Conditions = {};
    if (Array.isArray(value)) {
        // getPolicyDocument's [{ test, variable, values }] form.
        for (const c of value as { test?: string; variable?: string; values?: unknown }[]) {
            if (c?.test && c.variable) {
                out[c.test] = { ...out[c.test], [c.variable]: stringList(c.values) ?? [] };
            }
        }
        return out;
    }
    if (typeof value === "object" && value !== null) {
        for (const [op, block] of Object.entries(value as Record<string, unknown>)) {
            out[op] = {};
            for (const [key, values] of Object.entries((block ?? {}) as Record<string, unknown>)) {
                out[op][key] = stringList(values) ?? [];
            }
        }
    }
    return out;
}

/** A field under either IAM's name (`Action`) or the Pulumi statement name (`actions`). */
function field(s: Record<string, unknown>, iam: string, pulumi: string): unknown {
    return s[iam] ?? s[pulumi];
}

function statementOf(raw: unknown, index: number): NormalStatement | PolicyError {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        return { error: `statement ${index} is not an object` };
    }
    const s = raw as Record<string, unknown>;
    const effect = field(s, "Effect", "effect") ?? "Allow"; // getPolicyDocument defaults to Allow
    if (effect !== "Allow" && effect !== "Deny") {
        return { error: `statement ${index} has Effect ${JSON.stringify(effect)} (Allow or Deny)` };
    }
    const statement: NormalStatement = {
        index,
        sid: typeof field(s, "Sid", "sid") === "string" ? field(s, "Sid", "sid") as string : undefined,
        effect,
        action: stringList(field(s, "Action", "actions")),
        notAction: stringList(field(s, "NotAction", "notActions")),
        resource: stringList(field(s, "Resource", "resources")),
        notResource: stringList(field(s, "NotResource", "notResources")),
        principal: principalsOf(field(s, "Principal", "principals")),
        notPrincipal: principalsOf(field(s, "NotPrincipal", "notPrincipals")),
        condition: conditionsOf(field(s, "Condition", "conditions")),
    };
    if (!statement.action && !statement.notAction) {
        return { error: `statement ${index} has neither Action nor NotAction` };
    }
    return statement;
}

/** The statement in IAM's JSON spelling (for iam-simulate and messages). */
function jsonOf(s: NormalStatement): Record<string, unknown> {
    const out: Record<string, unknown> = { Effect: s.effect };
    if (s.sid !== undefined) out.Sid = s.sid;
    if (s.principal) out.Principal = s.principal;
    if (s.notPrincipal) out.NotPrincipal = s.notPrincipal;
    if (s.action) out.Action = s.action;
    if (s.notAction) out.NotAction = s.notAction;
    if (s.resource) out.Resource = s.resource;
    if (s.notResource) out.NotResource = s.notResource;
    if (Object.keys(s.condition).length > 0) out.Condition = s.condition;
    return out;
}

/** Builds a normalised policy from statements (e.g. a filtered copy of another policy's). */
export function policyOf(statements: NormalStatement[]): NormalPolicy {
    return { statements, json: { Version: "2012-10-17", Statement: statements.map(jsonOf) }, version: "2012-10-17" };
}

/**
 * Reads a policy document from any of the shapes above: JSON text, a `{ Statement }` object, a
 * single statement object, or a list of statements (IAM or getPolicyDocument spelling).
 */
export function parsePolicy(input: unknown): NormalPolicy | PolicyError {
    let value = input;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return { error: "the document is not valid JSON" };
        }
    }
    if (typeof value !== "object" || value === null) {
        return { error: "the document is not a JSON object" };
    }
    let raw: unknown;
    // A bare statement list is the program's own spelling (getPolicyDocument's, serialised with 2012-10-17).
    let version: string | undefined = "2012-10-17";
    if (Array.isArray(value)) {
        raw = value;
    } else {
        const doc = value as Record<string, unknown>;
        raw = doc.Statement ?? doc.statements ?? (doc.Effect || doc.effect || doc.Action || doc.actions ? [doc] : undefined);
        version = typeof (doc.Version ?? doc.version) === "string" ? String(doc.Version ?? doc.version) : undefined;
    }
    if (raw === undefined) {
        return { error: "the document has no Statement" };
    }
    const statements: NormalStatement[] = [];
    for (const [i, s] of (Array.isArray(raw) ? raw : [raw]).entries()) {
        const parsed = statementOf(s, i);
        if ("error" in parsed) {
            return parsed;
        }
        statements.push(parsed);
    }
    return { ...policyOf(statements), version };
}

/** Whether `parsePolicy` failed. */
export function isPolicyError(p: NormalPolicy | PolicyError): p is PolicyError {
    return "error" in p;
}
