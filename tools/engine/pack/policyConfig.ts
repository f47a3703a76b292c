import { schemaDefaults } from "../../../policy/lib/schemaDefaults";
import { UsageError } from "../errors";
import { policyConfigProblems, PolicyConfigSchema } from "./configSchema";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** What the pack says about a policy (GetAnalyzerInfo). */
export interface PolicyDescription {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
}

/** The configuration each policy runs with (what Configure sends). */
export interface PolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (LEVELS as string[]).includes(v);
}

/** Applies one entry of the CLI's config format: a level string, or `{enforcementLevel?, ...props}`. */
function applyEntry(into: PolicyConfig, entry: unknown, where: string, problems: string[], levelOnly = false): void {
    if (typeof entry === "string") {
        if (isLevel(entry)) {
            into.enforcementLevel = entry;
        } else {
            problems.push(`${where}: enforcement level "${entry}" is not one of ${LEVELS.join(", ")}`);
        }
        return;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        problems.push(`${where}: expected an enforcement level or an object, got ${JSON.stringify(entry)}`);
        return;
    }
    const { enforcementLevel, ...props } = entry as Record<string, unknown>;
    if (enforcementLevel !== undefined) {
        applyEntry(into, enforcementLevel, `${where}.enforcementLevel`, problems);
    }
    if (!levelOnly) {
        Object.assign(into.properties, props);
    }
}

/**
 * The configuration of every policy, as the CLI computes it: schema defaults, then the pack's
 * initial config, then the file's `all` entry (level only), then the file's per-policy entries.
 * Unknown policy names and values the schema rejects are errors (exit 2), all listed at once.
 */
export function resolvePolicyConfig(
    policies: PolicyDescription[],
    initial: Record<string, Partial<PolicyConfig>>,
    file: Record<string, unknown> = {},
    fileName = "policy pack config",
): Record<string, PolicyConfig> {
    const problems: string[] = [];
    const known = new Set(policies.map((p) => p.name));
    for (const name of Object.keys(file)) {
        if (name !== "all" && !known.has(name)) {
            problems.push(`${fileName}: "${name}" is not a policy of this pack (policies: ${[...known].join(", ")})`);
        }
    }
    const result: Record<string, PolicyConfig> = {};
    for (const p of policies) {
        const config: PolicyConfig = { enforcementLevel: p.enforcementLevel, properties: schemaDefaults(p.configSchema?.properties) };
        const init = initial[p.name];
        if (init) {
            config.enforcementLevel = init.enforcementLevel ?? config.enforcementLevel;
            Object.assign(config.properties, init.properties ?? {});
        }
        if (file.all !== undefined) {
            applyEntry(config, file.all, `${fileName}: all`, problems, true);
        }
        if (file[p.name] !== undefined) {
            applyEntry(config, file[p.name], `${fileName}: ${p.name}`, problems);
        }
        problems.push(...policyConfigProblems(p.name, config.properties, p.configSchema).map((line) => `${fileName}: ${line}`));
        result[p.name] = config;
    }
    if (problems.length > 0) {
        throw new UsageError([...new Set(problems)].join("\n"));
    }
    return result;
}

/**
 * Policy config properties that restate a stack config value, e.g. `{"monthlyBudgetUsd":
 * "expertconnect:monthlyBudgetUsd"}`: the pack's `stack-config.json`. The CLI passes the policy
 * config and the stack config separately, so nothing but this check keeps them equal.
 */
export type StackConfigMirrors = Record<string, string>;

/** A stack config value as the program reads it: JSON when it parses, else the raw string. */
function stackValue(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/**
 * The stack config value a mirror names: the key itself (`expertconnect:monthlyBudgetUsd`), or a
 * path into an object value (`expertconnect:dr.rpoSeconds`: the `rpoSeconds` property of
 * `expertconnect:dr`, as `pulumi config set --path` writes it). Undefined when unset.
 */
function mirroredValue(stackConfig: Record<string, string>, key: string): unknown {
    if (key in stackConfig) {
        return stackValue(stackConfig[key]);
    }
    const dot = key.indexOf(".", key.indexOf(":"));
    const base = key.slice(0, dot);
    if (dot < 0 || !(base in stackConfig)) {
        return undefined;
    }
    const path = key.slice(dot + 1).split(".");
    let value: unknown = stackValue(stackConfig[base]);
    for (const step of path) {
        value = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[step] : undefined;
    }
    return value;
}

/**
 * One line per policy whose mirrored property differs from the stack config. A stack that
 * leaves the key unset gets the program's default, which is the policy schema's default (both
 * come from one module of facts), so the property must then have that default too.
 */
export function mirrorProblems(
    policies: PolicyDescription[], config: Record<string, PolicyConfig>, stackConfig: Record<string, string>,
    mirrors: StackConfigMirrors, fileName = "policy pack config",
): string[] {
    const problems: string[] = [];
    for (const p of policies) {
        for (const [property, key] of Object.entries(mirrors)) {
            const schema = p.configSchema?.properties?.[property];
            if (!schema || config[p.name]?.enforcementLevel === "disabled") {
                continue;
            }
            const set = mirroredValue(stackConfig, key);
            const expected = set !== undefined ? set : schema.default;
            const actual = config[p.name].properties[property];
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
                const source = set !== undefined ? `the stack's ${key}` : `the default of ${key}, which the stack leaves unset,`;
                problems.push(`${fileName}: ${p.name}.${property} is ${JSON.stringify(actual)} but ${source} is ${JSON.stringify(expected)}; ` +
                    `set them to the same value`);
            }
        }
    }
    return problems;
}

/** The pack's state pass, and its properties that restate configured levels (policy/lib/define.ts). */
const STATE_PASS = "state-drift";
const RAISED = "mandatoryByConfig";
const LOWERED = "advisoryByConfig";

/**
 * One line per resource policy whose configured enforcement level the state pass would not
 * apply: a policy cannot read the levels a policy config sets, so the file that raises a policy
 * to mandatory (or lowers one to advisory) must also list it under the state pass's
 * `mandatoryByConfig` (`advisoryByConfig`), or a change made outside Pulumi would be judged at
 * the code's level. The candidates are the enums of those properties in the pack's schema.
 */
export function stateLevelProblems(policies: PolicyDescription[], config: Record<string, PolicyConfig>, fileName = "policy pack config"): string[] {
    const pass = policies.find((p) => p.name === STATE_PASS);
    if (!pass || config[STATE_PASS]?.enforcementLevel === "disabled") {
        return [];
    }
    const problems: string[] = [];
    const check = (property: string, configured: (level: EnforcementLevel) => boolean, meaning: string) => {
        const candidates = (pass.configSchema?.properties?.[property]?.items as { enum?: string[] } | undefined)?.enum ?? [];
        const listed = new Set((config[STATE_PASS].properties[property] as string[] | undefined) ?? []);
        const expected = candidates.filter((name) => config[name] && configured(config[name].enforcementLevel));
        for (const name of expected.filter((n) => !listed.has(n))) {
            problems.push(`${fileName}: ${name} is ${meaning} here but ${STATE_PASS}.${property} does not list it, so its deployed state is judged at its code's level; ` +
                `add it (${STATE_PASS}.${property} lists exactly the policies ${meaning} by this file: ${JSON.stringify(expected)})`);
        }
        for (const name of [...listed].filter((n) => !expected.includes(n))) {
            problems.push(`${fileName}: ${STATE_PASS}.${property} lists ${name}, which this file does not set ${meaning}; ` +
                `remove it (allowed: ${JSON.stringify(expected)})`);
        }
    };
    check(RAISED, (level) => level === "mandatory" || level === "remediate", "mandatory");
    check(LOWERED, (level) => level === "advisory", "advisory");
    return problems;
}
