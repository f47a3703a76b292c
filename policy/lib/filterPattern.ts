/**
 * CloudWatch Logs filter patterns: a parser and evaluator for the JSON form
 * (`{ $.event = "credit_transaction" && $.status >= 500 }`), and a satisfiability check that
 * finds patterns no event can match. Follows the documented syntax ("Filter pattern syntax for
 * metric filters", JSON log events): selectors `$.a.b` and `$.a[0]`; `=` and `!=` on strings
 * (quoted, or bare words; `*` is a wildcard) and numbers; `<`, `<=`, `>`, `>=` on numbers;
 * `IS TRUE`, `IS FALSE`, `IS NULL`, `EXISTS`, `NOT EXISTS`; `&&`, `||` (`&&` binds tighter)
 * and parentheses; `%regex%` values. Where the documentation is silent this evaluator is
 * conservative: a comparison on a field the event lacks does not match (including `!=`).
 * Term and space-delimited patterns (not JSON) are recognised but only judged as "text".
 */

export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A literal on the right of a comparison. */
export type Literal =
    | { kind: "string"; value: string; wildcard: boolean }
    | { kind: "number"; value: number }
    | { kind: "regex"; value: string };

export type Condition =
    | { op: "compare"; selector: string; comparator: Comparator; literal: Literal }
    | { op: "is"; selector: string; value: true | false | null }
    | { op: "exists"; selector: string; exists: boolean }
    | { op: "and"; left: Condition; right: Condition }
    | { op: "or"; left: Condition; right: Condition };

export type ParsedPattern =
    | { kind: "json"; condition: Condition }
    /** Every event matches (the empty pattern). */
    | { kind: "all" }
    /** A term or space-delimited pattern: matched against raw text, not analysed here. */
    | { kind: "text"; pattern: string };

export class FilterPatternError extends Error {}

const SELECTOR = /^\$(?:\.[A-Za-z_@][\w@-]*|\[\d+\])+/;

function tokenize(body: string): string[] {
    const tokens: string[] = [];
    let i = 0;
    while (i < body.length) {
        const c = body[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "\"") {
            let j = i + 1;
            while (j < body.length && body[j] !== "\"") {
                j += body[j] === "\\" ? 2 : 1;
            }
            if (j >= body.length) {
                throw new FilterPatternError(`unterminated string at ${i}`);
            }
            tokens.push(body.slice(i, j + 1));
            i = j + 1;
        } else if (c === "%") {
            const j = body.indexOf("%", i + 1);
            if (j < 0) {
                throw new FilterPatternError(`unterminated regular expression at ${i}`);
            }
            tokens.push(body.slice(i, j + 1));
            i = j + 1;
        } else if (body.startsWith("&&", i) || body.startsWith("||", i) || body.startsWith("!=", i) || body.startsWith("<=", i) || body.startsWith(">=", i)) {
            tokens.push(body.slice(i, i + 2));
            i += 2;
        } else if ("()=<>".includes(c)) {
            tokens.push(c);
            i++;
        } else {
            const m = /^[^\s()=<>!&|"]+/.exec(body.slice(i));
            if (!m) {
                throw new FilterPatternError(`unexpected ${JSON.stringify(c)} at ${i}`);
            }
            tokens.push(m[0]);
            i += m[0].length;
        }
    }
    return tokens;
}

function literalOf(token: string): Literal {
    if (token.startsWith("\"")) {
        const value = JSON.parse(token) as string;
        return { kind: "string", value, wildcard: value.includes("*") };
    }
    if (token.startsWith("%")) {
        return { kind: "regex", value: token.slice(1, -1) };
    }
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token)) {
        return { kind: "number", value: Number(token) };
    }
    return { kind: "string", value: token, wildcard: token.includes("*") };
}

class Parser {
    private pos = 0;
    constructor(private readonly tokens: string[]) {}

    parse(): Condition {
        const c = this.or();
        if (this.pos < this.tokens.length) {
            throw new FilterPatternError(`unexpected ${JSON.stringify(this.tokens[this.pos])}`);
        }
        return c;
    }

    private peek(): string | undefined {
        return this.tokens[this.pos];
    }

    private next(what: string): string {
        const t = this.tokens[this.pos++];
        if (t === undefined) {
            throw new FilterPatternError(`expected ${what}, found the end of the pattern`);
        }
        return t;
    }

    /** A left-associative chain of `operand`s joined by `token`. */
    private chain(op: "and" | "or", token: string, operand: () => Condition): Condition {
        let left = operand();
        while (this.peek() === token) {
            this.pos++;
            left = { op, left, right: operand() };
        }
        return left;
    }

    private or(): Condition {
        return this.chain("or", "||", () => this.and());
    }

    private and(): Condition {
        return this.chain("and", "&&", () => this.primary());
    }

    private primary(): Condition {
        const t = this.next("a condition");
        if (t === "(") {
            const inner = this.or();
            if (this.next("')'") !== ")") {
                throw new FilterPatternError("expected ')'");
            }
            return inner;
        }
        if (!SELECTOR.test(t) || SELECTOR.exec(t)![0] !== t) {
            throw new FilterPatternError(`expected a selector such as $.field, found ${JSON.stringify(t)}`);
        }
        const word = this.next("an operator after " + t);
        const upper = word.toUpperCase();
        if (upper === "IS") {
            const v = this.next("TRUE, FALSE or NULL").toUpperCase();
            const value = v === "TRUE" ? true : v === "FALSE" ? false : v === "NULL" ? null : undefined;
            if (value === undefined) {
                throw new FilterPatternError(`expected TRUE, FALSE or NULL after IS, found ${JSON.stringify(v)}`);
            }
            return { op: "is", selector: t, value };
        }
        if (upper === "EXISTS") {
            return { op: "exists", selector: t, exists: true };
        }
        if (upper === "NOT") {
            if (this.next("EXISTS").toUpperCase() !== "EXISTS") {
                throw new FilterPatternError("expected EXISTS after NOT");
            }
            return { op: "exists", selector: t, exists: false };
        }
        if (!["=", "!=", "<", "<=", ">", ">="].includes(word)) {
            throw new FilterPatternError(`expected a comparison after ${t}, found ${JSON.stringify(word)}`);
        }
        const literal = literalOf(this.next("a value"));
        const comparator = word as Comparator;
        if (literal.kind !== "number" && !["=", "!="].includes(comparator)) {
            throw new FilterPatternError(`${comparator} compares numbers only (${t})`);
        }
        if (literal.kind === "regex") {
            try {
                new RegExp(literal.value);
            } catch {
                throw new FilterPatternError(`invalid regular expression %${literal.value}%`);
            }
        }
        return { op: "compare", selector: t, comparator, literal };
    }
}

/** Parses a filter pattern; throws FilterPatternError naming the problem. */
export function parseFilterPattern(pattern: string): ParsedPattern {
    const trimmed = pattern.trim();
    if (trimmed === "" || trimmed === "\"\"") {
        return { kind: "all" };
    }
    if (!trimmed.startsWith("{")) {
        return { kind: "text", pattern: trimmed };
    }
    if (!trimmed.endsWith("}")) {
        throw new FilterPatternError("a JSON pattern must end with '}'");
    }
    const tokens = tokenize(trimmed.slice(1, -1));
    if (tokens.length === 0) {
        throw new FilterPatternError("a JSON pattern needs a condition between { and }");
    }
    return { kind: "json", condition: new Parser(tokens).parse() };
}

const MISSING = Symbol("missing");

function select(event: unknown, selector: string): unknown {
    let value: unknown = event;
    for (const step of selector.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? []) {
        if (value === null || typeof value !== "object") {
            return MISSING;
        }
        const key = step.startsWith(".") ? step.slice(1) : Number(step.slice(1, -1));
        if (!(key in (value as object))) {
            return MISSING;
        }
        value = (value as Record<string | number, unknown>)[key];
    }
    return value;
}

function wildcardRegex(value: string): RegExp {
    return new RegExp(`^${value.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

function compare(value: unknown, comparator: Comparator, literal: Literal): boolean {
    if (value === MISSING) {
        return false;
    }
    if (literal.kind === "number") {
        if (typeof value !== "number") {
            return false;
        }
        switch (comparator) {
            case "=": return value === literal.value;
            case "!=": return value !== literal.value;
            case "<": return value < literal.value;
            case "<=": return value <= literal.value;
            case ">": return value > literal.value;
            case ">=": return value >= literal.value;
        }
    }
    if (typeof value === "object" && value !== null) {
        return false;
    }
    const text = String(value);
    const equal = literal.kind === "regex"
        ? new RegExp(literal.value).test(text)
        : literal.wildcard ? wildcardRegex(literal.value).test(text) : text === literal.value;
    return comparator === "=" ? equal : !equal;
}

function holds(c: Condition, event: unknown): boolean {
    switch (c.op) {
        case "and": return holds(c.left, event) && holds(c.right, event);
        case "or": return holds(c.left, event) || holds(c.right, event);
        case "exists": return (select(event, c.selector) !== MISSING) === c.exists;
        case "is": return select(event, c.selector) === c.value;
        case "compare": return compare(select(event, c.selector), c.comparator, c.literal);
    }
}

/** Whether a condition holds for a parsed JSON event (an object), as CloudWatch Logs evaluates it. */
export function holdsFor(condition: Condition, event: Record<string, unknown>): boolean {
    return holds(condition, event);
}

/**
 * Whether a log event (its raw text) matches a parsed JSON pattern. A line that is not a JSON
 * object never matches a JSON pattern, as in CloudWatch Logs.
 */
export function matchesEvent(pattern: ParsedPattern, line: string): boolean {
    if (pattern.kind === "all") {
        return true;
    }
    if (pattern.kind === "text") {
        throw new FilterPatternError("only JSON patterns are evaluated here");
    }
    let event: unknown;
    try {
        event = JSON.parse(line);
    } catch {
        return false;
    }
    return typeof event === "object" && event !== null && !Array.isArray(event) && holds(pattern.condition, event);
}

/** A single condition on one selector (no `&&` or `||`). */
export type Atom = Exclude<Condition, { op: "and" } | { op: "or" }>;

/** Disjunctive normal form, or undefined beyond `limit` conjunctions (then nothing is concluded). */
function dnf(c: Condition, limit: number): Atom[][] | undefined {
    if (c.op === "or") {
        const l = dnf(c.left, limit);
        const r = dnf(c.right, limit);
        return l && r && l.length + r.length <= limit ? [...l, ...r] : undefined;
    }
    if (c.op === "and") {
        const l = dnf(c.left, limit);
        const r = dnf(c.right, limit);
        if (!l || !r || l.length * r.length > limit) {
            return undefined;
        }
        return l.flatMap((a) => r.map((b) => [...a, ...b]));
    }
    return [[c]];
}

/** What one conjunction requires of one field. */
interface FieldFacts {
    present?: boolean;
    absent?: boolean;
    strings: string[];
    notStrings: string[];
    numbers: { eq: number[]; ne: number[]; lo: number; loOpen: boolean; hi: number; hiOpen: boolean };
    scalar: Set<"string" | "number" | "boolean" | "null">;
}

function factsFor(facts: Map<string, FieldFacts>, selector: string): FieldFacts {
    let f = facts.get(selector);
    if (!f) {
        f = { strings: [], notStrings: [], numbers: { eq: [], ne: [], lo: -Infinity, loOpen: false, hi: Infinity, hiOpen: false }, scalar: new Set() };
        facts.set(selector, f);
    }
    return f;
}

function record(f: FieldFacts, a: Atom): void {
    if (a.op === "exists") {
        if (a.exists) f.present = true; else f.absent = true;
        return;
    }
    f.present = true;
    if (a.op === "is") {
        f.scalar.add(a.value === null ? "null" : "boolean");
        if (a.value !== null) f.strings.push(`\u0000bool:${a.value}`);
        return;
    }
    const { comparator, literal } = a;
    if (literal.kind === "number") {
        f.scalar.add("number");
        const n = f.numbers;
        if (comparator === "=") n.eq.push(literal.value);
        else if (comparator === "!=") n.ne.push(literal.value);
        else if (comparator === ">" || comparator === ">=") {
            if (literal.value > n.lo || (literal.value === n.lo && comparator === ">")) { n.lo = literal.value; n.loOpen = comparator === ">"; }
        } else if (literal.value < n.hi || (literal.value === n.hi && comparator === "<")) {
            n.hi = literal.value; n.hiOpen = comparator === "<";
        }
        return;
    }
    if (literal.kind === "string" && !literal.wildcard) {
        // "200" also equals the number 200 (values compare as text), so it fixes no JSON type.
        if (!/^-?\d+(\.\d+)?$/.test(literal.value)) f.scalar.add("string");
        (comparator === "=" ? f.strings : f.notStrings).push(literal.value);
    } else if (comparator === "=") {
        f.scalar.add("string");
    }
}

function inRange(v: number, n: FieldFacts["numbers"]): boolean {
    return (v > n.lo || (v === n.lo && !n.loOpen)) && (v < n.hi || (v === n.hi && !n.hiOpen));
}

function consistent(f: FieldFacts): boolean {
    if (f.present && f.absent) return false;
    if (new Set(f.strings).size > 1) return false;
    if (f.strings.some((s) => f.notStrings.includes(s))) return false;
    const n = f.numbers;
    if (new Set(n.eq).size > 1) return false;
    if (n.eq.some((v) => !inRange(v, n) || n.ne.includes(v))) return false;
    if (n.lo > n.hi || (n.lo === n.hi && (n.loOpen || n.hiOpen))) return false;
    // A value is one JSON type: a quoted string and a number (or a boolean and null) exclude each other.
    return f.scalar.size <= 1;
}

/**
 * Whether some event could match: false when every alternative of the pattern contradicts itself
 * (one field equal to two strings, `status >= 500 && status < 400`, a field both present and
 * absent, or a field that must be a scalar and an object at once). True when unsure.
 */
export function canMatch(pattern: ParsedPattern): boolean {
    if (pattern.kind !== "json") {
        return true;
    }
    const alternatives = dnf(pattern.condition, 256);
    if (!alternatives) {
        return true;
    }
    return alternatives.some((atoms) => {
        const facts = new Map<string, FieldFacts>();
        for (const a of atoms) {
            record(factsFor(facts, a.selector), a);
        }
        for (const [selector, f] of facts) {
            if (!consistent(f)) return false;
            // `$.a = "x"` and `$.a.b …` cannot both hold: a is a scalar or an object, not both.
            const scalar = f.scalar.size > 0;
            if (scalar && [...facts.entries()].some(([other, g]) => other.startsWith(selector) && /^[.[]/.test(other.slice(selector.length)) && g.present)) {
                return false;
            }
        }
        return true;
    });
}

/**
 * The alternatives of a JSON pattern, each a conjunction of atoms (an event matches when it
 * satisfies every atom of one alternative); undefined for a non-JSON pattern or one with more
 * than `limit` alternatives (then nothing is concluded).
 */
export function alternativesOf(pattern: ParsedPattern, limit = 256): Atom[][] | undefined {
    return pattern.kind === "json" ? dnf(pattern.condition, limit) : undefined;
}

/** The selectors a JSON pattern reads (`$.event`, `$.status`), for checks against a log contract. */
export function selectorsOf(pattern: ParsedPattern): string[] {
    if (pattern.kind !== "json") {
        return [];
    }
    const out = new Set<string>();
    const walk = (c: Condition): void => {
        if (c.op === "and" || c.op === "or") {
            walk(c.left);
            walk(c.right);
        } else {
            out.add(c.selector);
        }
    };
    walk(pattern.condition);
    return [...out];
}
