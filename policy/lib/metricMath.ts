/**
 * The range a CloudWatch metric-math expression can take, by interval arithmetic over the ranges
 * of the series it reads. Used to tell an alarm that can never cross its threshold. Anything this
 * evaluator does not understand (an unknown function, a SEARCH, a division by a range holding 0)
 * widens to "any value", so it only ever concludes "cannot reach" from what it could follow.
 */

/** A closed range of values; infinite ends are unbounded. */
export interface Range {
    lo: number;
    hi: number;
}

export const ANY: Range = { lo: -Infinity, hi: Infinity };
/** No value at all: an IF without an else branch whose condition is never true drops every datapoint. */
export const EMPTY: Range = { lo: Infinity, hi: -Infinity };
export const isEmpty = (r: Range): boolean => r.lo > r.hi;

/** Resolves an identifier of the expression (another query's id) to its range, or undefined. */
export interface Series {
    range(id: string): Range | undefined;
    /** Whether series `lesser` never exceeds series `greater` (a known ordering between two metrics). */
    ordered(lesser: string, greater: string): boolean;
}

type Node =
    | { kind: "num"; value: number }
    | { kind: "id"; name: string }
    | { kind: "neg"; arg: Node }
    | { kind: "bin"; op: string; left: Node; right: Node }
    | { kind: "call"; name: string; args: Node[] };

const TOKEN = /\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|&&|\|\||[-+*/^(),<>])/y;

function tokenize(text: string): string[] {
    const out: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
        if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
        const m = TOKEN.exec(text);
        if (!m) throw new Error(`unexpected text at ${TOKEN.lastIndex}`);
        // CloudWatch spells the logical operators both ways.
        out.push(m[1] === "&&" ? "AND" : m[1] === "||" ? "OR" : m[1]);
    }
    return out;
}

/** Precedence climbing: OR < AND < comparison < + - < * / < ^ < unary. */
const LEVELS: string[][] = [["OR"], ["AND"], [">=", "<=", "==", "!=", "<", ">"], ["+", "-"], ["*", "/"], ["^"]];

function parse(tokens: string[]): Node {
    let i = 0;
    const peek = () => tokens[i];
    const next = () => tokens[i++];
    const expect = (t: string) => {
        if (next() !== t) throw new Error(`expected ${t}`);
    };
    const level = (n: number): Node => {
        if (n === LEVELS.length) return unary();
        let left = level(n + 1);
        while (peek() !== undefined && LEVELS[n].includes(peek().toUpperCase())) {
            const op = next().toUpperCase();
            left = { kind: "bin", op, left, right: level(n + 1) };
        }
        return left;
    };
    const unary = (): Node => {
        if (peek() === "-") {
            next();
            return { kind: "neg", arg: unary() };
        }
        if (peek() === "+") {
            next();
            return unary();
        }
        return primary();
    };
    const primary = (): Node => {
        const t = next();
        if (t === undefined) throw new Error("unexpected end");
        if (t === "(") {
            const inner = level(0);
            expect(")");
            return inner;
        }
        if (/^\d/.test(t)) return { kind: "num", value: Number(t) };
        if (/^[A-Za-z_]/.test(t)) {
            if (peek() === "(") {
                next();
                const args: Node[] = [];
                if (peek() !== ")") {
                    args.push(level(0));
                    while (peek() === ",") {
                        next();
                        args.push(level(0));
                    }
                }
                expect(")");
                return { kind: "call", name: t.toUpperCase(), args };
            }
            return { kind: "id", name: t };
        }
        throw new Error(`unexpected ${t}`);
    };
    const node = level(0);
    if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]}`);
    return node;
}

const union = (a: Range, b: Range): Range => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });

const TRUE: Range = { lo: 1, hi: 1 };
const FALSE: Range = { lo: 0, hi: 0 };
const EITHER: Range = { lo: 0, hi: 1 };
/** A truth value: certainly true, certainly false, or either. */
const truth = (t: boolean | undefined): Range => (t === undefined ? EITHER : t ? TRUE : FALSE);
/** Whether a value in `r` is certainly non-zero (true), certainly zero (false), or either. */
function truthOf(r: Range): boolean | undefined {
    if (r.lo > 0 || r.hi < 0) return true;
    return r.lo === 0 && r.hi === 0 ? false : undefined;
}

/**
 * A comparison of two ranges, decided where every pair of values agrees: `requests >= 20000`
 * is certainly false when requests never exceed 300, so a guard on it keeps its IF on the other branch.
 */
function compare(op: string, l: Range, r: Range): Range {
    switch (op) {
        case ">=":
            return truth(l.lo >= r.hi ? true : l.hi < r.lo ? false : undefined);
        case ">":
            return truth(l.lo > r.hi ? true : l.hi <= r.lo ? false : undefined);
        case "<=":
            return truth(l.hi <= r.lo ? true : l.lo > r.hi ? false : undefined);
        case "<":
            return truth(l.hi < r.lo ? true : l.lo >= r.hi ? false : undefined);
        case "==":
            return truth(l.lo === l.hi && r.lo === r.hi && l.lo === r.lo ? true : l.hi < r.lo || r.hi < l.lo ? false : undefined);
        case "!=":
            return truth(l.lo === l.hi && r.lo === r.hi && l.lo === r.lo ? false : l.hi < r.lo || r.hi < l.lo ? true : undefined);
        case "AND": {
            const a = truthOf(l);
            const b = truthOf(r);
            return truth(a === false || b === false ? false : a === true && b === true ? true : undefined);
        }
        case "OR": {
            const a = truthOf(l);
            const b = truthOf(r);
            return truth(a === true || b === true ? true : a === false && b === false ? false : undefined);
        }
        default:
            return EITHER;
    }
}

/** Product of two ends, where 0 × ∞ is 0 (a bounded zero stays zero). */
const times = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);

function multiply(a: Range, b: Range): Range {
    const p = [times(a.lo, b.lo), times(a.lo, b.hi), times(a.hi, b.lo), times(a.hi, b.hi)];
    return { lo: Math.min(...p), hi: Math.max(...p) };
}

function divide(a: Range, b: Range): Range {
    if (b.lo <= 0 && b.hi >= 0) return ANY;
    return multiply(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

function evaluate(node: Node, series: Series): Range {
    switch (node.kind) {
        case "num":
            return { lo: node.value, hi: node.value };
        case "id":
            return series.range(node.name) ?? ANY;
        case "neg": {
            const r = evaluate(node.arg, series);
            return isEmpty(r) ? EMPTY : { lo: -r.hi, hi: -r.lo };
        }
        case "bin": {
            const l = evaluate(node.left, series);
            const r = evaluate(node.right, series);
            if (isEmpty(l) || isEmpty(r)) return EMPTY;
            switch (node.op) {
                case "+":
                    return { lo: l.lo + r.lo, hi: l.hi + r.hi };
                case "-": {
                    const out = { lo: l.lo - r.hi, hi: l.hi - r.lo };
                    // A known ordering between the two series bounds their difference by 0.
                    if (node.left.kind === "id" && node.right.kind === "id") {
                        if (series.ordered(node.left.name, node.right.name)) out.hi = Math.min(out.hi, 0);
                        if (series.ordered(node.right.name, node.left.name)) out.lo = Math.max(out.lo, 0);
                    }
                    return out;
                }
                case "*":
                    return multiply(l, r);
                case "/":
                    return divide(l, r);
                default:
                    // Comparisons and AND/OR yield 0 or 1, decided where the ranges allow; ^ is left unbounded.
                    return node.op === "^" ? ANY : compare(node.op, l, r);
            }
        }
        case "call":
            return call(node, series);
    }
}

function call(node: Extract<Node, { kind: "call" }>, series: Series): Range {
    const args = node.args.map(a => evaluate(a, series));
    if (node.name === "IF") {
        // The value is one of the branches (no else branch: the series is dropped where false);
        // a decided condition leaves only its branch.
        if (args.length !== 2 && args.length !== 3) return ANY;
        const condition = isEmpty(args[0]) ? false : truthOf(args[0]);
        const otherwise = args.length === 3 ? args[2] : EMPTY;
        return condition === true ? args[1] : condition === false ? otherwise : union(args[1], otherwise);
    }
    if (args.some(isEmpty)) return EMPTY;
    switch (node.name) {
        case "FILL":
            // FILL(m, value) adds the value; FILL(m, REPEAT|LINEAR) stays within the series' range.
            return args.length === 2 && node.args[1].kind !== "id" ? union(args[0], args[1]) : args[0] ?? ANY;
        case "ABS": {
            const r = args[0] ?? ANY;
            const hi = Math.max(Math.abs(r.lo), Math.abs(r.hi));
            return { lo: r.lo <= 0 && r.hi >= 0 ? 0 : Math.min(Math.abs(r.lo), Math.abs(r.hi)), hi };
        }
        case "MIN":
        case "MAX":
        case "AVG":
            return args.length === 1 ? args[0] : args.length > 1 ? args.reduce(union) : ANY;
        default:
            return ANY;
    }
}

/** The range of `expression`, or ANY when it cannot be parsed. */
export function expressionRange(expression: string, series: Series): Range {
    let node: Node;
    try {
        node = parse(tokenize(expression));
    } catch {
        return ANY;
    }
    return evaluate(node, series);
}
