import {
    PolicyComplianceFramework,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
    UnknownValueError,
} from "@pulumi/policy";

import { Environment, ENVIRONMENT_PROPERTY, readConfig } from "./config";
import { AbsentFromState, effective, Props } from "./effective";
import { known } from "./stack";

export type { Props };

/** A JSON-schema property of a policy's config. */
export type ConfigProperty = PolicyConfigSchema["properties"][string];

/** Facts about a policy that are not enforced by code but documented and reported. */
export interface GuardMetadata {
    /** How bad a violation is; sent with every diagnostic. */
    severity: Severity;
    /** The section of the operators' guide (or of its map onto the infrastructure) that the policy enforces. */
    guideSection: string;
    /** The AWS Foundational Security Best Practices control it mirrors, e.g. "RDS.11"; absent when FSBP has none. */
    fsbpControl?: string;
    /** What to change when the policy is violated. */
    remediationSteps: string;
}

/** A policy of this pack: the @pulumi/policy shape plus the metadata docs/policies.md is built from. */
export type GuardPolicy = (ResourceValidationPolicy | StackValidationPolicy | (ResourceValidationPolicy & StackValidationPolicy)) & {
    metadata: GuardMetadata;
    /** Environments the policy applies to; absent means every environment. */
    environments?: readonly Environment[];
    /** The resource types the policy judges (the type coverage table is checked against them). */
    types: readonly string[];
};

interface Definition {
    /** Kebab-case, prefixed by area, e.g. `rds-backup-retention`. */
    name: string;
    description: string;
    enforcementLevel: "mandatory" | "advisory";
    metadata: GuardMetadata;
    /** Threshold properties, each with a default so a pack run without config is fully defined. */
    config?: Record<string, ConfigProperty>;
    /** Restricts the policy to these environments and adds the `environment` config property. */
    environments?: readonly Environment[];
}

/** Config every policy sees: its own properties plus the environment. */
export type WithEnvironment<C> = C & { environment: Environment };

/** Adds a violation; the server prefixes the policy description. */
export type Report = (message: string) => void;

export interface ResourceDefinition<C> extends Definition {
    /**
     * Type tokens the policy inspects (every other resource is skipped), or `ANY_TYPE` for a
     * policy that reads every resource's inputs.
     */
    types: readonly string[] | typeof ANY_TYPE;
    /** May be asynchronous (the secret scanner's rules, the IAM catalogue); the server awaits it. */
    validate(props: Props, report: Report, context: { args: ResourceValidationArgs; config: WithEnvironment<C> }): void | Promise<void>;
    /**
     * Whether the same check also runs on the deployed state (each resource's outputs, in
     * AnalyzeStack), so a value changed outside Pulumi is caught. Off only for checks of facts the
     * state does not hold.
     * @default true
     */
    judgesState?: boolean;
}

export interface StackDefinition<C> extends Definition {
    /**
     * The resource types the policy judges, for the type coverage table.
     * @default [onlyWith] when given, else none
     */
    types?: readonly string[];
    /**
     * A type token without which the policy has nothing to check. The server then skips the policy
     * (reporting it not applicable) without deserializing every resource of the stack.
     */
    onlyWith?: string;
    /** May return a promise (policies that read AWS's action catalogue); the server awaits it. */
    validate(resources: PolicyResource[], report: ReportViolation, context: { args: StackValidationArgs; config: WithEnvironment<C> }): void | Promise<void>;
}

/** `types` of a policy that inspects every resource. */
export const ANY_TYPE = "any";

const FSBP_NAME = "AWS Foundational Security Best Practices";

/** The Security Hub documentation anchor of an FSBP control, e.g. RDS.11 → rds-controls.html#rds-11. */
export function fsbpFramework(control: string): PolicyComplianceFramework {
    const [service, number] = control.toLowerCase().split(".");
    return {
        name: FSBP_NAME,
        version: "1.0.0",
        reference: control,
        specification: `https://docs.aws.amazon.com/securityhub/latest/userguide/${service}-controls.html#${service}-${number}`,
    };
}

function schemaProperties(def: Definition): Record<string, ConfigProperty> {
    return def.environments ? { ...def.config, environment: ENVIRONMENT_PROPERTY } : { ...def.config };
}

function common(def: Definition) {
    const properties = schemaProperties(def);
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel,
        severity: def.metadata.severity,
        remediationSteps: def.metadata.remediationSteps,
        ...(def.metadata.fsbpControl ? { framework: fsbpFramework(def.metadata.fsbpControl) } : {}),
        ...(Object.keys(properties).length > 0 ? { configSchema: { properties } } : {}),
        ...(def.environments ? { environments: def.environments } : {}),
        metadata: def.metadata,
    };
}

/** Reads the config and stops with "not applicable" outside the policy's environments. */
function configFor<C>(
    def: Definition,
    args: { getConfig<T extends object>(): T; notApplicable(reason?: string): never },
): WithEnvironment<C> {
    const config = readConfig<WithEnvironment<C>>(schemaProperties(def), args.getConfig());
    if (def.environments && !def.environments.includes(config.environment)) {
        args.notApplicable(`applies only to ${def.environments.join(", ")} (policy config environment=${config.environment})`);
    }
    return config;
}

/** A resource policy's check as the state pass runs it. */
interface StateCheck {
    name: string;
    /** The policy's enforcement level in code; the stack's policy config may change it (see `stateDrift`). */
    mandatory: boolean;
    environments?: readonly Environment[];
    applies(type: string): boolean;
    validate(props: Props, report: Report, context: { args: ResourceValidationArgs; config: any }): void | Promise<void>;
}

/**
 * What the resource policies saw in this run, for the state pass. The CLI runs Analyze for every
 * resource and then AnalyzeStack, in the same pack process:
 * - `checks`: every mandatory resource policy that judges the deployed state;
 * - `configs`: each policy's config as Analyze received it (only policies that ran: a disabled
 *   policy is never called, so its state is not judged either);
 * - `findings`: the messages Analyze reported, by policy and URN, so the state pass reports only
 *   what the inputs did not already show (a new resource's planned outputs repeat its inputs).
 */
const run = {
    checks: [] as StateCheck[],
    configs: new Map<string, Record<string, unknown>>(),
    findings: new Map<string, Map<string, Set<string>>>(),
};

/** Forgets what earlier Analyze calls recorded (a test harness starting a new run). */
export function forgetRun(): void {
    run.configs.clear();
    run.findings.clear();
}

/** Thrown by a per-resource `notApplicable` in the state pass: skips that resource only. */
class SkipResource extends Error {}

/** The state pass's stand-in for ResourceValidationArgs, built from a stack resource. */
function stateArgs(resource: PolicyResource, stack: StackValidationArgs, config: Record<string, unknown>): ResourceValidationArgs {
    return {
        type: resource.type,
        props: effective(resource.props),
        urn: resource.urn,
        name: resource.name,
        opts: resource.opts,
        provider: resource.provider,
        stackTags: stack.stackTags,
        isType: resource.isType.bind(resource),
        asType: resource.asType.bind(resource) as ResourceValidationArgs["asType"],
        getConfig: <T>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new SkipResource(reason);
        },
    };
}

/**
 * Builds a policy that judges one resource at a time: its inputs as Analyze receives them (a new
 * or changed resource, before anything reaches AWS). A mandatory one also judges the effective
 * value in the deployed state through `stateDrift`, unless `judgesState` is false.
 */
export function resourcePolicy<C extends object = {}>(def: ResourceDefinition<C>): GuardPolicy {
    const types = def.types === ANY_TYPE ? undefined : new Set<string>(def.types);
    const applies = (type: string) => types === undefined || types.has(type);
    const single = def.types !== ANY_TYPE && def.types.length === 1 ? def.types[0] : undefined;
    const listed = def.types === ANY_TYPE ? [] : def.types;
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation): void | Promise<void> => {
        if (!applies(args.type)) {
            // Nothing to judge. Returning rather than throwing "not applicable" matters for speed: a
            // multi-type policy sees every resource, and each throw captures a stack trace.
            return;
        }
        run.configs.set(def.name, readConfig(schemaProperties(def), args.getConfig()));
        const config = configFor<C>(def, args);
        const reported = new Set<string>();
        // Recorded before an asynchronous check settles: the set fills as it reports.
        const byUrn = run.findings.get(def.name) ?? new Map<string, Set<string>>();
        run.findings.set(def.name, byUrn.set(args.urn, reported));
        return def.validate(args.props, message => {
            reported.add(message);
            reportViolation(message);
        }, { args, config });
    };
    // With a single token the server skips other resources before deserializing their inputs.
    if (single) {
        Object.assign(validateResource, { __pulumiType: single });
    }
    if (def.judgesState !== false) {
        run.checks.push({ name: def.name, mandatory: def.enforcementLevel === "mandatory", environments: def.environments, applies, validate: def.validate });
    }
    return { ...common(def), types: listed, validateResource };
}

/** Runs one policy's check on one resource's deployed state; unknown or absent values: can't judge. */
async function judgeState(check: StateCheck, resource: PolicyResource, stack: StackValidationArgs, config: Record<string, unknown>, report: Report): Promise<void> {
    try {
        await known(() => check.validate(effective(resource.props), report, { args: stateArgs(resource, stack, config), config }));
    } catch (e) {
        // An asynchronous check's unknown value arrives here, past `known`: can't judge either.
        if (!(e instanceof SkipResource || e instanceof AbsentFromState || e instanceof UnknownValueError)) {
            throw e;
        }
    }
}

/** The state pass's config: which resource policies the stack's policy config enforces at another level than their code. */
interface StateDriftConfig {
    mandatoryByConfig: string[];
    advisoryByConfig: string[];
}

/**
 * The config properties that tell the state pass a policy's configured level. A policy cannot
 * read the enforcement levels the policy config sets (the SDK keeps them), so the config file
 * that raises `ecs-read-only-root-filesystem` to mandatory also lists it here; the offline engine
 * refuses a file where the two disagree (tools/engine/pack/policyConfig.ts, `stateLevelProblems`).
 */
function stateDriftSchema(checks: readonly StateCheck[]): Record<string, ConfigProperty> {
    const list = (names: string[], description: string): ConfigProperty =>
        ({ type: "array", items: { type: "string", enum: names }, uniqueItems: true, default: [], description });
    return {
        mandatoryByConfig: list(checks.filter(c => !c.mandatory).map(c => c.name),
            "Resource policies advisory in code that this policy config sets to mandatory: their deployed state is judged too."),
        advisoryByConfig: list(checks.filter(c => c.mandatory).map(c => c.name),
            "Resource policies mandatory in code that this policy config sets to advisory: their deployed state is no longer judged as mandatory."),
    };
}

/** Whether the state pass judges `check` in this run: mandatory in code and not lowered by config, or raised to mandatory by config. */
export function judgedInState(check: { name: string; mandatory: boolean }, config: StateDriftConfig): boolean {
    return check.mandatory ? !config.advisoryByConfig.includes(check.name) : config.mandatoryByConfig.includes(check.name);
}

/**
 * The state pass: one stack policy that runs every mandatory resource policy's check on the
 * deployed state (each resource's outputs, see `effective`), with the config that policy
 * received, outside the environments it is limited to — mandatory as the stack's policy config
 * sets it (`mandatoryByConfig`, `advisoryByConfig`). One policy rather than one per resource
 * policy: the server turns every resource's outputs into values once per stack policy.
 * Violations name the resource policy whose check failed.
 */
export function stateDrift(): GuardPolicy {
    const properties = stateDriftSchema(run.checks);
    const metadata: GuardMetadata = {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (every practice the resource policies enforce)",
        remediationSteps: "The deployed resource differs from what its policy allows, most likely changed outside Pulumi: run `pulumi refresh` and `pulumi up` to restore the program's settings, or change the program if the new setting is intended.",
    };
    const validateStack = async (args: StackValidationArgs, reportViolation: ReportViolation): Promise<void> => {
        const levels = readConfig<StateDriftConfig>(properties, args.getConfig());
        for (const check of run.checks.filter(c => judgedInState(c, levels))) {
            const config = run.configs.get(check.name);
            const environment = config?.environment as Environment | undefined;
            if (config === undefined || (check.environments && environment && !check.environments.includes(environment))) {
                continue; // Not run on inputs in this run (disabled, or no resource of its types), or outside its environments.
            }
            const fromInputs = run.findings.get(check.name);
            for (const resource of args.resources.filter(r => check.applies(r.type))) {
                const already = fromInputs?.get(resource.urn);
                await judgeState(check, resource, args, config, message => {
                    if (!already?.has(message)) {
                        reportViolation(`${check.name}: deployed state: ${message}`, resource.urn);
                    }
                });
            }
        }
        forgetRun();
    };
    return {
        name: "state-drift",
        description: "The deployed state of every resource (its outputs: a change made outside Pulumi shows there) passes the same checks as its inputs, for every resource policy enforced as mandatory (in code, or by the stack's policy config: mandatoryByConfig, advisoryByConfig).",
        enforcementLevel: "mandatory",
        severity: metadata.severity,
        remediationSteps: metadata.remediationSteps,
        metadata,
        configSchema: { properties },
        types: [],
        validateStack,
    };
}

/** Builds a policy that inspects the whole stack (the resources' outputs, linked by parent and dependencies). */
export function stackPolicy<C extends object = {}>(def: StackDefinition<C>): GuardPolicy {
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation): void | Promise<void> => {
        const config = configFor<C>(def, args);
        return def.validate(args.resources, reportViolation, { args, config });
    };
    if (def.onlyWith) {
        Object.assign(validateStack, { __pulumiType: def.onlyWith });
    }
    return { ...common(def), types: def.types ?? (def.onlyWith ? [def.onlyWith] : []), validateStack };
}
