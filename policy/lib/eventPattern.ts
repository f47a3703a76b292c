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
