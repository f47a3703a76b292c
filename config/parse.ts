import { ConfigError, describeIssue, keyPath } from "./errors";
import { dottedKeyProblem, foreignKeyProblems, splitKey } from "./namespaces";
import { allowedKeysAt, crossFieldProblems, environmentRegions, projectSchema, StackContextInfo } from "./schema";
import { closest, didYouMean } from "./suggest";
import type { StackConfig } from "./types";

export const namespace = "expertconnect";

/**
 * Turns a config value as Pulumi stores it (a string; JSON for structured values and for
 * numbers and booleans set with `pulumi config set`) into data.
 */
export function decodeValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** One line for a key the schema does not know, with the closest known key. */
function unknownKey(path: readonly PropertyKey[], key: string): string {
    const allowed = allowedKeysAt(path);
    const where = path.length ? keyPath(namespace, [...path, key]) : `${namespace}:${key}`;
    const suggestion = closest(key, allowed);
    return `${where}: unknown key${didYouMean(suggestion && (path.length ? keyPath(namespace, [...path, suggestion]) : `${namespace}:${suggestion}`))}; ` +
        `allowed keys: ${allowed.join(", ")}`;
}

/**
 * Validates the whole stack configuration at once. Pure: takes the raw `namespace:key` →
 * string map (as `pulumi.runtime.allConfig()` returns it) and either returns one typed object
 * or throws a ConfigError listing every problem, so nothing is registered from bad config.
 * Keys of other namespaces are checked too: a setting under a namespace nothing reads would
 * otherwise be dropped without a word. `context` (project and the project's stacks) lets the
 * stack references in the config be checked; without it they are checked for form only.
 */
export function parseConfig(raw: Record<string, string>, stack: string, context: StackContextInfo = {}): StackConfig {
    const region = raw["aws:region"];
    const sections = allowedKeysAt([]);
    const problems: string[] = foreignKeyProblems(Object.keys(raw), namespace, sections);
    if (region === undefined) {
        problems.push(`aws:region: got nothing (the key is required); allowed: ${Object.values(environmentRegions).join(", ")}`);
    }
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const { ns, name } = splitKey(key);
        if (ns !== namespace) continue;
        const dotted = dottedKeyProblem(namespace, name, sections);
        if (dotted) problems.push(dotted);
        else input[name] = decodeValue(value);
    }
    const result = projectSchema.safeParse(input);
    if (!result.success) {
        for (const issue of result.error.issues) {
            if (issue.code === "unrecognized_keys") {
                problems.push(...issue.keys.map((k) => unknownKey(issue.path, k)));
            } else {
                problems.push(describeIssue(namespace, input, issue));
            }
        }
        throw new ConfigError(problems);
    }
    if (region !== undefined) {
        const expectedRegion = environmentRegions[result.data.environment];
        if (region !== expectedRegion) {
            problems.push(`aws:region: got ${JSON.stringify(region)}; allowed: ${expectedRegion} (the region of ${namespace}:environment ${result.data.environment})`);
        }
        for (const [path, message] of crossFieldProblems(result.data, region, { ...context, stack })) {
            problems.push(`${keyPath(namespace, path)}: ${message}`);
        }
    }
    if (problems.length) throw new ConfigError(problems);
    return { ...result.data, project: namespace, stack, region: region! };
}
