/**
 * Runs one policy exactly as the CrossGuard server does: requests are real analyzer protobufs,
 * handled by @pulumi/policy's own Analyze / AnalyzeStack implementations (deserialization, the
 * unknown-checking proxy, `isType`, `notApplicable`, diagnostics with severity). The only thing
 * the harness adds is the policy config, which the server would receive through Configure: schema
 * defaults first, then the overrides a test gives (as the CLI does with --policy-pack-config).
 */
import * as path from "path";

import type { Policy, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

import { forgetRun, GuardPolicy } from "../../../policy/lib/define";
import { schemaDefaults } from "../../../policy/lib/schemaDefaults";

const policyDir = path.resolve(__dirname, "../../../policy");
function load<T>(request: string, from = policyDir): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve(request, { paths: [from] })) as T;
}

type Callback = (err: unknown, response: AnalyzeResponse) => void;
type RpcFun = (call: { request: unknown }, callback: Callback) => Promise<void>;
interface AnalyzeResponse {
    getDiagnosticsList(): {
        getPolicyname(): string;
        getMessage(): string;
        getEnforcementlevel(): number;
        getSeverity(): number;
        getUrn(): string;
    }[];
    getNotApplicableList(): { getPolicyName(): string; getReason(): string }[];
}

const server = load<{
    makeAnalyzeRpcFun(pack: string, version: string, level: string, policies: Policy[]): RpcFun;
    makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: Policy[]): RpcFun;
}>("@pulumi/policy/server");
const protoutil = load<{ convertEnforcementLevel(level: number): string }>("@pulumi/policy/protoutil");
const proxy = load<{ unknownStringValue: string; unknownObjectValue: string }>("@pulumi/policy/proxy");
const analyzerPath = require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [path.dirname(require.resolve("@pulumi/policy/server", { paths: [policyDir] }))] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzer = require(analyzerPath);
const { Struct } = load<{ Struct: { fromJavaScript(value: object): unknown } }>(
    "google-protobuf/google/protobuf/struct_pb", path.dirname(analyzerPath));

/** What the engine sends for a string (or any scalar) output that is not known during preview. */
export const UNKNOWN = proxy.unknownStringValue;
/** What the engine sends for an object or list output that is not known during preview. */
export const UNKNOWN_OBJECT = proxy.unknownObjectValue;

/** A secret value as the engine serializes it. */
export function secret(value: unknown): object {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

const STACK = "prod";
const PROJECT = "expertconnect-infra";
/** The URN the engine gives a top-level resource of the test stack. */
export function urnOf(type: string, name: string, stack = STACK): string {
    return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

export interface Diagnostic {
    policyName: string;
    message: string;
    enforcementLevel: string;
    severity: string;
    urn: string;
}

export interface Outcome {
    violations: Diagnostic[];
    /** Reasons the server recorded for the policy being not applicable. */
    notApplicable: string[];
}

export interface ProviderInput {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

export interface ResourceInput {
    type: string;
    name: string;
    props: Record<string, unknown>;
    protect?: boolean;
    /** The ignoreChanges resource option. @default [] */
    ignoreChanges?: string[];
    provider?: ProviderInput;
}

export interface StackResourceInput extends ResourceInput {
    /** Logical name of the parent. */
    parent?: string;
    /** Logical names of the resources this one depends on. */
    dependencies?: string[];
    /** Per input property, logical names of the resources it was computed from. */
    propertyDependencies?: Record<string, string[]>;
    /** The customTimeouts resource option, in seconds (0 or absent: none). */
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface RunOptions {
    /** Config properties overriding the schema defaults (like --policy-pack-config). */
    config?: Record<string, unknown>;
    /** Send exactly `config`, without schema defaults (a CLI that skips Configure). */
    withoutDefaults?: boolean;
    /** The stack the resources' URNs name (what tells a stack's own references from another's). Default: prod. */
    stack?: string;
}

const SEVERITIES: Record<number, string> = {
    [analyzer.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzer.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzer.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzer.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzer.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** Schema defaults, then the given overrides: what Configure would hand the server. */
export function configFor(policy: GuardPolicy, options: RunOptions = {}): Record<string, unknown> {
    const defaults = options.withoutDefaults ? {} : schemaDefaults(policy.configSchema?.properties);
    return { ...defaults, ...options.config };
}

/** The policy as the server would run it after Configure delivered `config` (each half it has). */
function configured(policy: GuardPolicy, config: Record<string, unknown>): Policy {
    const getConfig = <T>() => config as T;
    const result: Record<string, unknown> = { ...policy };
    if ("validateStack" in policy && typeof policy.validateStack === "function") {
        const inner = policy.validateStack;
        const validateStack = (args: StackValidationArgs, report: ReportViolation) => inner({ ...args, getConfig }, report);
        Object.assign(validateStack, { __pulumiType: (inner as { __pulumiType?: string }).__pulumiType });
        result.validateStack = validateStack;
    }
    if ("validateResource" in policy && typeof policy.validateResource === "function") {
        const inner = policy.validateResource as (args: ResourceValidationArgs, report: ReportViolation) => void;
        const validateResource = (args: ResourceValidationArgs, report: ReportViolation) => inner({ ...args, getConfig }, report);
        // Keep the type tag the server uses to skip other resource types before calling the policy.
        Object.assign(validateResource, { __pulumiType: (inner as { __pulumiType?: string }).__pulumiType });
        result.validateResource = validateResource;
    }
    return result as unknown as Policy;
}

/** Properties as the engine sends them: undefined values are absent. */
function struct(props: Record<string, unknown>): unknown {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function options(resource: ResourceInput & Pick<StackResourceInput, "customTimeouts">): unknown {
    const opts = new analyzer.AnalyzerResourceOptions();
    opts.setProtect(resource.protect ?? false);
    opts.setIgnorechangesList(resource.ignoreChanges ?? []);
    const customTimeouts = resource.customTimeouts;
    if (customTimeouts) {
        const t = new analyzer.AnalyzerResourceOptions.CustomTimeouts();
        t.setCreate(customTimeouts.create ?? 0);
        t.setUpdate(customTimeouts.update ?? 0);
        t.setDelete(customTimeouts.delete ?? 0);
        opts.setCustomtimeouts(t);
    }
    return opts;
}

function provider(input: ProviderInput | undefined): unknown {
    if (!input) {
        return undefined;
    }
    const p = new analyzer.AnalyzerProviderResource();
    p.setType(input.type);
    p.setName(input.name);
    p.setUrn(urnOf(input.type, input.name));
    p.setProperties(struct(input.props));
    return p;
}

function run(fun: RpcFun, request: unknown, policyName: string): Promise<Outcome> {
    return new Promise((resolve, reject) => {
        void fun({ request }, (err, response) => {
            if (err) {
                reject(err);
                return;
            }
            resolve({
                violations: response.getDiagnosticsList()
                    .filter(d => d.getPolicyname() === policyName)
                    .map(d => ({
                        policyName: d.getPolicyname(),
                        message: d.getMessage(),
                        enforcementLevel: protoutil.convertEnforcementLevel(d.getEnforcementlevel()),
                        severity: SEVERITIES[d.getSeverity()] ?? "",
                        urn: d.getUrn(),
                    })),
                notApplicable: response.getNotApplicableList()
                    .filter(n => n.getPolicyName() === policyName)
                    .map(n => n.getReason()),
            });
        });
    });
}

/** Sends one resource's inputs through the server's Analyze. */
export function analyzeResource(policy: GuardPolicy, resource: ResourceInput, opts: RunOptions = {}): Promise<Outcome> {
    // Each call is a run of its own: no finding of an earlier test may hide a state finding.
    forgetRun();
    const request = new analyzer.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(urnOf(resource.type, resource.name));
    request.setProperties(struct(resource.props));
    request.setOptions(options(resource));
    if (resource.provider) {
        request.setProvider(provider(resource.provider));
    }
    const fun = server.makeAnalyzeRpcFun("expertconnect-guard", "1.0.0", "advisory", [configured(policy, configFor(policy, opts))]);
    return run(fun, request, policy.name);
}

/** Sends a whole stack's outputs through the server's AnalyzeStack. */
export function analyzeStack(policy: GuardPolicy, resources: StackResourceInput[], opts: RunOptions = {}): Promise<Outcome> {
    const urns = new Map(resources.map(r => [r.name, urnOf(r.type, r.name, opts.stack)]));
    const urnFor = (name: string): string => {
        const urn = urns.get(name);
        if (!urn) {
            throw new Error(`test stack has no resource named ${name}`);
        }
        return urn;
    };
    // A test that removes a resource leaves dependencies on it, as a stack would on a resource
    // outside it: the server drops URNs it can't resolve.
    const dependencyUrn = (name: string): string => urns.get(name) ?? urnOf("removed", name, opts.stack);
    const request = new analyzer.AnalyzeStackRequest();
    request.setResourcesList(resources.map(r => {
        const resource = new analyzer.AnalyzerResource();
        resource.setType(r.type);
        resource.setName(r.name);
        resource.setUrn(urnFor(r.name));
        resource.setProperties(struct(r.props));
        resource.setOptions(options(r));
        if (r.provider) {
            resource.setProvider(provider(r.provider));
        }
        if (r.parent) {
            resource.setParent(urnFor(r.parent));
        }
        resource.setDependenciesList((r.dependencies ?? []).map(dependencyUrn));
        for (const [property, names] of Object.entries(r.propertyDependencies ?? {})) {
            const deps = new analyzer.AnalyzerPropertyDependencies();
            deps.setUrnsList(names.map(dependencyUrn));
            resource.getPropertydependenciesMap().set(property, deps);
        }
        return resource;
    }));
    const fun = server.makeAnalyzeStackRpcFun("expertconnect-guard", "1.0.0", "advisory", [configured(policy, configFor(policy, opts))]);
    return run(fun, request, policy.name);
}
