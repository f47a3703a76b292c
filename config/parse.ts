import { ConfigError, describeIssue, keyPath } from "./errors";
import { allowedKeysAt, crossFieldProblems, environmentRegions, projectSchema } from "./schema";
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

/**
 * Validates the whole stack configuration at once. Pure: takes the raw `namespace:key` →
 * string map (as `pulumi.runtime.allConfig()` returns it) and either returns one typed object
 * or throws a ConfigError listing every problem, so nothing is registered from bad config.
 */
export function parseConfig(raw: Record<string, string>, stack: string): StackConfig {
    const region = raw["aws:region"];
    const problems: string[] = [];
    if (region === undefined) {
        problems.push(`aws:region: got nothing (the key is required); allowed: ${Object.values(environmentRegions).join(", ")}`);
    }
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const [ns, name] = key.split(":");
        if (ns === namespace) input[name] = decodeValue(value);
    }
    const result = projectSchema.safeParse(input);
    if (!result.success) {
        for (const issue of result.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const k of issue.keys) {
                    const where = issue.path.length ? keyPath(namespace, [...issue.path, k]) : `${namespace}:${k}`;
                    problems.push(`${where}: unknown key; allowed keys: ${allowedKeysAt(issue.path).join(", ")}`);
                }
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
        for (const [path, message] of crossFieldProblems(result.data, region)) {
            problems.push(`${keyPath(namespace, path)}: ${message}`);
        }
    }
    if (problems.length) throw new ConfigError(problems);
    return { ...result.data, project: namespace, stack, region: region! };
}
