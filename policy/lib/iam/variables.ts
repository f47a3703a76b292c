/**
 * Policy variables, as IAM fills them in for one principal. Under Version 2012-10-17 a Resource
 * such as `arn:aws:s3:::app-${aws:PrincipalTag/Environment}-*` names what the principal's tag
 * makes of it (`app-prod-*`), not nothing; under 2008-10-17 the text is literal. Read literally, a
 * grant whose reach comes from a variable looks like it reaches nothing.
 *
 * - Variables naming the principal take its values: its tags, its name (a user's), its account,
 *   its type; a tag it lacks takes the variable's default (`${aws:PrincipalTag/k, 'd'}`) or, with
 *   none, leaves the entry matching nothing, as IAM does.
 * - Variables naming the request (a request or resource tag, the source address, a prefix, the
 *   session's id) are the caller's or the resource's to set: the entry matches whatever they are
 *   (`*`), which is what the grant can reach.
 * - `${*}`, `${?}` and `${$}` are the literal characters.
 * Only Resource and NotResource are filled in: in a condition a `*` is literal for StringEquals,
 * so a stand-in there would narrow rather than widen.
 */
import { NormalPolicy, NormalStatement, policyOf } from "./document";

/** What a principal's variables resolve to. */
export interface PrincipalFacts {
    kind: "role" | "user" | "group";
    /** A user's name (aws:username); a role's or group's has none in a request. */
    name?: string;
    account?: string;
    /** The principal's tags (a group's members carry their own: none known). */
    tags: Record<string, string>;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** One variable's value for the principal: a string, `undefined` (it matches nothing), or `*` (any). */
function valueOf(expression: string, facts: PrincipalFacts): string | undefined {
    const [rawKey, rawDefault] = expression.split(",").map(x => x.trim());
    const fallback = rawDefault === undefined ? undefined : rawDefault.replace(/^'(.*)'$/, "$1");
    if (rawKey === "*" || rawKey === "?" || rawKey === "$") return rawKey;
    const key = rawKey.toLowerCase();
    if (key.startsWith("aws:principaltag/")) {
        if (facts.kind === "group") return "*"; // each member's own tags
        const wanted = rawKey.slice("aws:PrincipalTag/".length);
        const found = Object.entries(facts.tags).find(([k]) => k === wanted) ?? Object.entries(facts.tags).find(([k]) => k.toLowerCase() === wanted.toLowerCase());
        return found?.[1] ?? fallback;
    }
    if (key === "aws:username") return facts.kind === "user" ? facts.name : facts.kind === "group" ? "*" : fallback;
    if (key === "aws:principalaccount" || key === "aws:sourceaccount") return facts.account ?? "*";
    if (key === "aws:principaltype") return facts.kind === "user" ? "User" : facts.kind === "role" ? "AssumedRole" : "*";
    return "*";
}

/** A Resource entry with its variables filled in, or undefined when one names something the principal lacks. */
function filled(entry: string, facts: PrincipalFacts): string | undefined {
    let missing = false;
    const out = entry.replace(VARIABLE, (_, expression: string) => {
        const v = valueOf(expression, facts);
        if (v === undefined) missing = true;
        return v ?? "";
    });
    return missing ? undefined : out;
}

function fillStatement(s: NormalStatement, facts: PrincipalFacts): NormalStatement | undefined {
    const fill = (list: string[] | undefined) => list?.flatMap(e => (e.includes("${") ? [filled(e, facts)].filter((x): x is string => x !== undefined) : [e]));
    const resource = fill(s.resource);
    const notResource = fill(s.notResource);
    // A statement whose every Resource entry names a tag the principal lacks matches no request.
    if (s.resource && resource!.length === 0) return undefined;
    return { ...s, resource, notResource };
}

/** The document as IAM evaluates it for the principal (see the module comment). */
export function forPrincipal(policy: NormalPolicy, facts: PrincipalFacts): NormalPolicy {
    const uses = policy.statements.some(s => [...(s.resource ?? []), ...(s.notResource ?? [])].some(e => e.includes("${")));
    if (!uses || policy.version !== "2012-10-17") {
        return policy;
    }
    return policyOf(policy.statements.flatMap(s => fillStatement(s, facts) ?? []));
}
