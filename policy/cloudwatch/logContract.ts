import { AppService, COMMON_FIELDS, DIMENSION_KINDS, FieldKind, fieldKind, FREE_FORM_EVENT, LogField, LOG_EVENTS, writersOf } from "../lib/facts/appLogContract";
import { alternativesOf, Atom, holdsFor, ParsedPattern } from "../lib/filterPattern";

interface Shape { event: string; service: AppService; fields: Map<string, LogField> }

/**
 * The lines the application writes: each contract event (its fields beside the common ones) as
 * its writer writes it, and free-form `log` lines from every service. The `service` field of a
 * line is its writer, so a pattern on it is judged against who really writes the event.
 */
const SHAPES: Shape[] = [...LOG_EVENTS.map((e) => ({ event: e.name, fields: [...COMMON_FIELDS, ...e.fields] })), { event: FREE_FORM_EVENT, fields: [...COMMON_FIELDS] }]
    .flatMap(({ event, fields }) => writersOf(event).map((service) => ({
        event,
        service,
        fields: new Map(fields.map((f) => [f.name, f.name === "service" ? { ...f, values: [service] } : f])),
    })));

/** Stand-in values for a field whose values are not enumerated: any string, any number. */
const FREE: Record<LogField["type"], unknown[]> = { string: ["\u0000any"], number: [] };

/** The top-level field a selector reads (`$.outcome` → outcome), or undefined for a nested or indexed one. */
const fieldOf = (selector: string): string | undefined => /^\$\.([A-Za-z_@][\w@-]*)$/.exec(selector)?.[1];

/**
 * Why the atoms on one field cannot all hold on a line of `shape`, or undefined when some value
 * the application writes satisfies them. Enumerated fields (and `event`) are tried value by value;
 * a free string or number field is given the benefit of the doubt except where its type rules the
 * atom out (a number compared with text, a string with a number, IS TRUE/NULL on either).
 */
function fieldProblem(shape: Shape, selector: string, atoms: Atom[]): string | undefined {
    const name = fieldOf(selector);
    const field = name === undefined ? undefined : shape.fields.get(name);
    if (field === undefined) {
        // Absent from the line: only EXISTS false (or != … on nothing, which CloudWatch does not match) could hold.
        return atoms.every((a) => holdsFor(a, {})) ? undefined : `${selector} (${shape.event} lines have no such field)`;
    }
    const values: unknown[] = name === "event" ? [shape.event] : field.values ? [...field.values] : FREE[field.type];
    if (values.some((v) => atoms.every((a) => holdsFor(a, { [field.name]: v })))) return undefined;
    if (!field.values && name !== "event") {
        // A free field: only a type mismatch is certain.
        const typed = atoms.filter((a) => a.op === "is" || (a.op === "compare" && (a.literal.kind === "number") !== (field.type === "number") && a.comparator !== "!="));
        if (typed.length === 0) return undefined;
        return `${selector} compared as ${field.type === "number" ? "text" : "a number"} (the application writes a ${field.type})`;
    }
    return `${selector} (${shape.event} lines carry ${values.map((v) => JSON.stringify(v)).join(", ")})`;
}

/** Why one alternative (a conjunction) matches no line of `shape`, or undefined when one could. */
function alternativeProblem(shape: Shape, atoms: Atom[]): string | undefined {
    const bySelector = new Map<string, Atom[]>();
    atoms.forEach((a) => bySelector.set(a.selector, [...(bySelector.get(a.selector) ?? []), a]));
    for (const [selector, own] of bySelector) {
        const problem = fieldProblem(shape, selector, own);
        if (problem) return problem;
    }
    return undefined;
}

/**
 * Why no line the application writes (policy/lib/facts/appLogContract.ts) can match a JSON
 * pattern, or undefined when one can (or the pattern is not JSON, or too large to judge). The
 * reason names the first condition that fails for the event the pattern is about.
 */
export function contractMismatch(pattern: ParsedPattern): string | undefined {
    const alternatives = alternativesOf(pattern);
    if (!alternatives) return undefined;
    const reasons: string[] = [];
    for (const atoms of alternatives) {
        for (const shape of SHAPES) {
            const problem = alternativeProblem(shape, atoms);
            if (problem === undefined) return undefined;
            reasons.push(problem);
        }
    }
    // The event the pattern names is the one worth explaining; when no event passes, list them.
    return reasons.find((r) => !r.startsWith("$.event ")) ?? `$.event (the application writes ${[...new Set(SHAPES.map((s) => JSON.stringify(s.event)))].join(", ")})`;
}

/** Whether a metric value `$.field` reads a number the application writes on some line. */
export function valueFieldWritten(value: string): boolean {
    const name = fieldOf(value);
    return name !== undefined && SHAPES.some((s) => s.fields.get(name)?.type === "number");
}

/**
 * The events a JSON pattern can match, each with the service that writes it: the lines a filter
 * with this pattern counts come only from those services' log groups. Undefined when the pattern
 * is not JSON or too large to judge.
 */
export function matchedLines(pattern: ParsedPattern): { event: string; service: AppService }[] | undefined {
    const alternatives = alternativesOf(pattern);
    if (!alternatives) return undefined;
    return SHAPES.filter((shape) => alternatives.some((atoms) => alternativeProblem(shape, atoms) === undefined))
        .map(({ event, service }) => ({ event, service }));
}

/**
 * Field names that say what a field outside the contract holds (WAF's `httpRequest.clientIp`, a
 * flow log's `srcaddr`, another application's `user_email`): data about a person, or one value
 * per request or record. Matched on the last segment of the selector, split into words.
 */
const PERSONAL_WORDS = /^(e?mail|email|phone|mobile|ip|ipv4|ipv6|addr|address|srcaddr|dstaddr|user|username|login|name|firstname|lastname|fullname|customer|client|cookie|session|token|card|iban|ssn|dob|birth|country|city|postcode|zip|geo|agent|useragent|referer|referrer)$/;
const IDENTIFIER_WORDS = /^(id|ids|uuid|guid|arn|trace|request|requestid|transaction|txn|order|account|principal|key|uri|url|path|query|querystring)$/;

/** The words of a field name (`user_email` → user, email; `clientIp` → client, ip). */
function words(name: string): string[] {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
}

/** What a field outside the contract holds, by its name: personal, identifier, or undefined when the name says neither. */
export function kindByName(name: string): FieldKind | undefined {
    const w = words(name);
    if (w.some((x) => PERSONAL_WORDS.test(x))) return "personal";
    if (w.some((x) => IDENTIFIER_WORDS.test(x))) return "identifier";
    return undefined;
}

const KIND_WHY: Record<FieldKind, string> = {
    personal: "personal data",
    identifier: "an identifier (one metric per request, transaction or person: high cardinality, and a key back to the person)",
    measure: "a measure (a metric value, not a dimension)",
    text: "free text or a time (a new metric per value)",
    category: "a category",
};

/**
 * Why a metric dimension's value must not be copied into CloudWatch metrics, or undefined when it
 * may. `value` is the dimension's source (`$.field`, `$.a.b`, or `$field` of a space-delimited
 * pattern). For the application's namespace the log contract decides (only `category` fields; a
 * field it lacks is refused, the application never writes it or writes it outside the contract);
 * elsewhere the field's name does.
 */
export function dimensionProblem(value: string, contract: boolean): string | undefined {
    const selector = /^\$\.?(.+)$/.exec(value.trim())?.[1];
    if (selector === undefined) return undefined; // a constant dimension value
    const last = selector.split(".").pop()!.replace(/\[\d+\]$/, "");
    if (contract) {
        const kind = fieldOf(`$.${selector}`) !== undefined ? fieldKind(selector) : undefined;
        if (kind === undefined) {
            const byName = kindByName(last);
            return `${value} is no field of the log contract${byName ? ` and its name says ${KIND_WHY[byName]}` : ""}: only the contract's categories may become dimensions`;
        }
        return DIMENSION_KINDS.includes(kind) ? undefined : `${value} is ${KIND_WHY[kind]} in the log contract`;
    }
    const byName = kindByName(last);
    return byName === "personal" || byName === "identifier" ? `${value} is, by its name, ${KIND_WHY[byName]}` : undefined;
}
