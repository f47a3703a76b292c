/**
 * Content filtering as EventBridge event patterns and SNS filter policies evaluate it (the two
 * share one syntax): a pattern is an object whose leaves are lists of accepted values; every key
 * must match, a list matches when one entry does, `$or` takes alternatives. Operators this module
 * does not know count as matching, so a verdict "matches nothing" is never a guess.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

function numericMatch(spec: Json[], value: Json): boolean {
    if (typeof value !== "number") return false;
    for (let i = 0; i + 1 < spec.length; i += 2) {
        const [op, bound] = [spec[i], Number(spec[i + 1])];
        const ok = op === ">" ? value > bound : op === ">=" ? value >= bound : op === "<" ? value < bound
            : op === "<=" ? value <= bound : op === "=" ? value === bound : true;
        if (!ok) return false;
    }
    return true;
}

const wildcard = (pattern: string, value: string): boolean =>
    new RegExp(`^${pattern.split("*").map(p => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(value);

/** Whether one entry of a leaf list accepts `value` (undefined: the field is absent). */
function entryMatches(entry: Json, value: Json): boolean {
    if (!isObject(entry)) {
        if (value === undefined) return false;
        return typeof entry === "number" && typeof value === "number" ? entry === value : entry === value;
    }
    const [op, arg] = Object.entries(entry)[0] ?? [];
    if (op === "exists") return (value !== undefined) === (arg !== false);
    if (value === undefined) return false;
    switch (op) {
        case "prefix":
            return isObject(arg) ? typeof value === "string" && value.toLowerCase().startsWith(String(arg["equals-ignore-case"]).toLowerCase())
                : typeof value === "string" && value.startsWith(String(arg));
        case "suffix":
            return typeof value === "string" && value.endsWith(String(isObject(arg) ? arg["equals-ignore-case"] : arg));
        case "equals-ignore-case":
            return typeof value === "string" && value.toLowerCase() === String(arg).toLowerCase();
        case "wildcard":
            return typeof value === "string" && wildcard(String(arg), value);
        case "numeric":
            return Array.isArray(arg) && numericMatch(arg, value);
        case "anything-but":
            if (isObject(arg)) return !entryMatches(arg, value);
            return !(Array.isArray(arg) ? arg : [arg]).some(a => entryMatches(a, value));
        default:
            return true;
    }
}

/** Whether a leaf list accepts the field's value (for an array value: any of its elements). */
function leafMatches(entries: Json[], value: Json): boolean {
    const values = Array.isArray(value) ? value : [value];
    return entries.some(e => values.some(v => entryMatches(e, v)) || (values.length === 0 && entryMatches(e, undefined)));
}

/** Whether `event` matches `pattern`. */
export function patternMatches(pattern: Json, event: Json): boolean {
    if (!isObject(pattern)) return true;
    const fields = isObject(event) ? event : {};
    return Object.entries(pattern).every(([key, spec]) => {
        if (key === "$or") return Array.isArray(spec) && spec.some(alt => patternMatches(alt, event));
        const value = fields[key];
        if (Array.isArray(spec)) return leafMatches(spec, value);
        // An array of objects in the event (Inspector2's detail.resources) matches when one element does.
        if (isObject(spec)) return isObject(value) ? patternMatches(spec, value)
            : Array.isArray(value) ? value.some(v => isObject(v) && patternMatches(spec, v)) : Object.keys(spec).length === 0;
        return true;
    });
}

/** A pattern parsed from its JSON text, or undefined when it is not JSON. */
export function parsePattern(text: unknown): Json | undefined {
    if (isObject(text)) return text;
    if (typeof text !== "string") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** A value one entry of a leaf list accepts, or undefined when this module cannot name one (the field is then left out). */
function valueFor(entry: Json): { value?: Json } | undefined {
    if (!isObject(entry)) return { value: entry };
    const [op, arg] = Object.entries(entry)[0] ?? [];
    const text = (v: Json) => String(isObject(v) ? v["equals-ignore-case"] : v);
    switch (op) {
        case "exists": return arg === false ? {} : { value: "present" };
        case "prefix": return { value: `${text(arg)}sample` };
        case "suffix": return { value: `sample${text(arg)}` };
        case "equals-ignore-case": return { value: String(arg) };
        case "wildcard": return { value: String(arg).split("*").join("") };
        case "numeric": {
            if (!Array.isArray(arg)) return undefined;
            const bounds = arg.filter((_, i) => i % 2 === 1).map(Number);
            const candidates = bounds.flatMap(b => [b, b + 0.5, b - 0.5, b + 1, b - 1]);
            const value = candidates.find(c => numericMatch(arg, c));
            return value === undefined ? undefined : { value };
        }
        case "anything-but": {
            const numbers = (Array.isArray(arg) ? arg : [arg]).every(a => typeof a === "number");
            return { value: numbers ? -123456.5 : "sample-other-value" };
        }
        default: return undefined;
    }
}

/**
 * An event `pattern` matches, built from its first alternatives (a value each leaf accepts, the
 * first branch of each `$or`), merged over `base` (the event envelope); undefined when no such
 * event can be named. What a rule sends when the stack's known samples (cloudwatch/eventRoutes)
 * do not cover it.
 */
export function eventMatching(pattern: Json, base: Record<string, Json> = {}): Record<string, Json> | undefined {
    const build = (p: Json, into: Record<string, Json>): Record<string, Json> | undefined => {
        if (!isObject(p)) return into;
        let out: Record<string, Json> | undefined = { ...into };
        for (const [key, spec] of Object.entries(p)) {
            if (out === undefined) return undefined;
            if (key === "$or") {
                out = Array.isArray(spec) && spec.length > 0 ? build(spec[0], out) : out;
            } else if (Array.isArray(spec)) {
                const chosen = spec.map(valueFor).find(v => v !== undefined);
                if (chosen === undefined) return undefined;
                if ("value" in chosen) out[key] = chosen.value; else delete out[key];
            } else if (isObject(spec)) {
                const inner = build(spec, isObject(out[key]) ? out[key] as Record<string, Json> : {});
                if (inner === undefined) return undefined;
                out[key] = inner;
            }
        }
        return out;
    };
    const event = build(pattern, base);
    return event !== undefined && patternMatches(pattern, event) ? event : undefined;
}
