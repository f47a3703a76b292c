import { UsageError } from "../errors";
import { ProgramConfig, qualifyKey } from "./stackConfig";

/** One `--config KEY=VALUE`: the config key, the path inside a structured value, the text. */
export interface ConfigOverride {
    key: string;
    path: (string | number)[];
    value: string;
}

/** `a.b[0].c` → `["a", "b", 0, "c"]`. */
export function parsePath(text: string): (string | number)[] {
    const parts: (string | number)[] = [];
    for (const segment of text.split(".")) {
        const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
        if (!m || (m[1] === "" && m[2] === "")) {
            throw new UsageError(`invalid config path "${text}"`);
        }
        if (m[1]) {
            parts.push(m[1]);
        }
        for (const index of m[2].match(/\d+/g) ?? []) {
            parts.push(Number(index));
        }
    }
    return parts;
}

/**
 * Parses `ns:key.path=value`. Like `pulumi config set --path`, a dotted path after the
 * namespaced key addresses one field of a structured value.
 */
export function parseOverride(arg: string, project: string): ConfigOverride {
    const eq = arg.indexOf("=");
    if (eq <= 0) {
        throw new UsageError(`--config expects KEY=VALUE, got "${arg}"`);
    }
    const target = arg.slice(0, eq);
    const colon = target.indexOf(":");
    const cut = target.slice(colon + 1).search(/[.[]/);
    const keyEnd = cut < 0 ? target.length : colon + 1 + cut;
    return {
        key: qualifyKey(target.slice(0, keyEnd), project),
        path: keyEnd < target.length ? parsePath(target.slice(keyEnd).replace(/^\./, "")) : [],
        value: arg.slice(eq + 1),
    };
}

/** As `pulumi config set --path` stores a leaf: booleans and integers typed, the rest text. */
export function pathLeaf(text: string): unknown {
    if (text === "true" || text === "false") {
        return text === "true";
    }
    return /^-?\d+$/.test(text) ? Number(text) : text;
}

function setAt(root: unknown, path: (string | number)[], leaf: unknown, describe: string): unknown {
    if (path.length === 0) {
        return leaf;
    }
    const [head, ...rest] = path;
    const container = root ?? (typeof head === "number" ? [] : {});
    if (typeof container !== "object" || container === null || Array.isArray(container) !== (typeof head === "number")) {
        throw new UsageError(`--config ${describe}: "${head}" does not fit the existing value ${JSON.stringify(root)}`);
    }
    const copy: any = Array.isArray(container) ? [...container] : { ...(container as object) };
    copy[head] = setAt(copy[head], rest, leaf, describe);
    return copy;
}

/** Applies overrides in order, returning a new config. */
export function applyOverrides(config: ProgramConfig, overrides: ConfigOverride[]): ProgramConfig {
    const values = { ...config.values };
    for (const o of overrides) {
        if (o.path.length === 0) {
            values[o.key] = o.value;
            continue;
        }
        const describe = `${o.key}.${o.path.join(".")}`;
        let current: unknown;
        if (values[o.key] !== undefined) {
            try {
                current = JSON.parse(values[o.key]);
            } catch {
                throw new UsageError(`--config ${describe}: ${o.key} is not a structured value`);
            }
        }
        values[o.key] = JSON.stringify(setAt(current, o.path, pathLeaf(o.value), describe));
    }
    return { values, secretKeys: config.secretKeys };
}
