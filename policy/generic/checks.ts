/**
 * Small, declarative checks over a resource's properties, so that one policy per concern
 * (encryption at rest, in transit, not public, backups, deletion protection, logging) can judge
 * every resource type with a table of property paths instead of one policy per type.
 */
import { Props } from "../lib/define";

/** The config the checks may read (the policies' thresholds). */
export type CheckConfig = Record<string, unknown>;

/** Messages, one per problem; empty when the resource passes. */
export type Check = (props: Props, config: CheckConfig) => string[];

/** A rules table: type token → its check for one concern. */
export type Rules = Readonly<Record<string, Check>>;

/** The value at a dotted path (`encryptionInfo.encryptionInTransit.clientBroker`), or undefined. */
export function at(props: Props, path: string): unknown {
    let value: unknown = props;
    for (const key of path.split(".")) {
        value = typeof value === "object" && value !== null ? (value as Props)[key] : undefined;
    }
    return value;
}

function shown(value: unknown): string {
    return value === undefined ? "not set" : `${JSON.stringify(value)}`;
}

/** The path must hold `expected` (unset counts as `unsetMeans`). */
export function is(path: string, expected: unknown, unsetMeans?: unknown): Check {
    return props => {
        const value = at(props, path) ?? unsetMeans;
        return value === expected ? [] : [`${path} is ${shown(at(props, path))}; it must be ${JSON.stringify(expected)}`];
    };
}

/** The path must not hold any of `bad` (unset counts as `unsetMeans`). */
export function isNot(path: string, bad: readonly unknown[], unsetMeans?: unknown): Check {
    return props => {
        const value = at(props, path) ?? unsetMeans;
        return bad.includes(value) ? [`${path} is ${shown(value)}`] : [];
    };
}

/** The path must hold a non-empty string, list or object. */
export function given(path: string, why: string): Check {
    return props => {
        const value = at(props, path);
        const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)
            || (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
        return empty ? [`${path} is not set: ${why}`] : [];
    };
}

/** The path must hold a number of at least the config property `minimumKey`. */
export function atLeast(path: string, minimumKey: string, unit = "days"): Check {
    return (props, config) => {
        const minimum = Number(config[minimumKey]);
        const value = at(props, path);
        return typeof value === "number" && value >= minimum ? [] : [`${path} is ${shown(value)}; the minimum is ${minimum} ${unit}`];
    };
}

/** Every check must pass. */
export function all(...checks: Check[]): Check {
    return (props, config) => checks.flatMap(c => c(props, config));
}

/** The check applies only when `when` holds (e.g. an engine that supports it). */
export function onlyIf(when: (props: Props) => boolean, check: Check): Check {
    return (props, config) => (when(props) ? check(props, config) : []);
}

/** Each element of the list at `path` must pass `check`, reported with its index. */
export function each(path: string, check: Check): Check {
    return (props, config) => {
        const list = at(props, path);
        return (Array.isArray(list) ? list : []).flatMap((item, i) =>
            check(item as Props, config).map(m => `${path}[${i}].${m}`));
    };
}

/** A problem the type always has, whatever its settings (e.g. it cannot encrypt at all). */
export function never(why: string): Check {
    return () => [why];
}
