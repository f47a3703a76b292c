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
            throw new UsageError(`invalid config path "${text}": ${m ? "empty path segment" : `"${segment}" is not a field name or field[index]`}; ` +
                `allowed: field.field[index]... with no empty part, e.g. expertconnect:database.backupWindow=03:00-04:00`);
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
    if (colon === 0 || /^[.[]/.test(target.slice(colon + 1))) {
        throw new UsageError(`--config ${arg}: ${colon === 0 ? "empty namespace" : "empty key name"}; allowed: NAMESPACE:KEY[.PATH]=VALUE, e.g. expertconnect:database.backupWindow=03:00-04:00`);
    }
    const cut = target.slice(colon + 1).search(/[.[]/);
    const keyEnd = cut < 0 ? target.length : colon + 1 + cut;
    return {
        key: qualifyKey(target.slice(0, keyEnd), project),
        path: keyEnd < target.length ? pathOf(arg, target.slice(keyEnd)) : [],
        value: arg.slice(eq + 1),
    };
}

/** The path after a key (`.a.b[0]`), or a usage error naming the whole `--config` argument. */
function pathOf(arg: string, rest: string): (string | number)[] {
    if (!rest.startsWith(".") && !rest.startsWith("[")) {
        throw new UsageError(`--config ${arg}: unexpected "${rest[0]}" after the key`);
    }
    try {
        return parsePath(rest.replace(/^\./, ""));
    } catch {
        throw new UsageError(`--config ${arg}: malformed path (an empty part or an index that is not a number); allowed: KEY.FIELD[.FIELD|[INDEX]]..., ` +
            `e.g. expertconnect:database.backupWindow=03:00-04:00`);
    }
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
