/** The analyzer protocol as the engine speaks it: messages, configuration calls, results. */
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource } from "../model";
import { EnforcementLevel, LEVELS, PolicyConfig, PolicyDescription, StackConfigMirrors } from "./policyConfig";
import { PackProcess } from "./process";
import { unary } from "./rpc";

/** A policy violation, as the CLI reports it. */
export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    message: string;
    urn: string;
}

/** A remediation a `remediate` policy applied to a resource's inputs. */
export interface Remediation {
    policyName: string;
    urn: string;
}

export interface PackResult {
    policyPack: string;
    violations: Violation[];
    remediations: Remediation[];
    /** Policy name → what to change when it is violated (the policy's remediation steps). */
    remediation?: Record<string, string>;
}

/** Each policy's remediation steps, as GetAnalyzerInfo describes them. */
export function remediationSteps(info: analyzer.AnalyzerInfo): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of info.getPoliciesList()) {
        if (p.getRemediationSteps()) {
            out[p.getName()] = p.getRemediationSteps();
        }
    }
    return out;
}

/** What the pack is told about the stack (ConfigureStack) and given to analyze. */
export interface AnalysisInput {
    stack: string;
    project: string;
    organization: string;
    stackConfig: Record<string, string>;
    secretKeys: string[];
    resources: EngineResource[];
    /** Parsed `--policy-pack-config` file, and its name for messages. */
    packConfig?: { file: string; content: Record<string, unknown> };
    /** Policy properties that must equal a stack config value (checked before analysis). */
    stackConfigMirrors?: StackConfigMirrors;
}

/** What ConfigureStack and Configure need: everything but the resources. */
export type StackInfo = Omit<AnalysisInput, "resources">;

type SchemaProperties = NonNullable<NonNullable<PolicyDescription["configSchema"]>["properties"]>;

const SEVERITIES = ["", "low", "medium", "high", "critical"];
/** In-flight Analyze calls: enough to keep the pack busy without flooding it. */
export const WINDOW = 256;

export function describePolicies(info: analyzer.AnalyzerInfo): PolicyDescription[] {
    return info.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
            name: p.getName(),
            enforcementLevel: LEVELS[p.getEnforcementlevel()],
            configSchema: schema && {
                properties: schema.getProperties()?.toJavaScript() as SchemaProperties | undefined,
                required: schema.getRequiredList(),
            },
        };
    });
}

export function initialConfig(info: analyzer.AnalyzerInfo): Record<string, Partial<PolicyConfig>> {
    const out: Record<string, Partial<PolicyConfig>> = {};
    info.getInitialconfigMap().forEach((c, name) => {
        out[name] = { enforcementLevel: LEVELS[c.getEnforcementlevel()], properties: c.getProperties()?.toJavaScript() ?? {} };
    });
    return out;
}

export async function configure(pack: PackProcess, config: Record<string, PolicyConfig>): Promise<void> {
    const req = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
        const pc = new analyzer.PolicyConfig();
        pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel) as analyzer.EnforcementLevel);
        pc.setProperties(Struct.fromJavaScript(c.properties as Record<string, any>));
        req.getPolicyconfigMap().set(name, pc);
    }
    await unary<Empty>("Configure", (cb) => pack.client.configure(req, cb));
}

/** ConfigureStack, as the CLI sends it before analysis; packs built on older SDKs lack it. */
export async function configureStack(pack: PackProcess, input: StackInfo): Promise<void> {
    const req = new analyzer.AnalyzerStackConfigureRequest();
    req.setStack(input.stack);
    req.setProject(input.project);
    req.setOrganization(input.organization);
    req.setDryRun(true);
    req.setConfigSecretKeysList(input.secretKeys);
    for (const [k, v] of Object.entries(input.stackConfig)) {
        req.getConfigMap().set(k, v);
    }
    req.getTagsMap().set("pulumi:project", input.project);
    req.getTagsMap().set("pulumi:runtime", "nodejs");
    await unary<analyzer.AnalyzerStackConfigureResponse>("ConfigureStack", (cb) => pack.client.configureStack(req, cb)).catch((err: { code?: number }) => {
        if (err.code !== 12 /* UNIMPLEMENTED */) {
            throw err;
        }
    });
}

export function violations(res: analyzer.AnalyzeResponse, fallbackUrn: string): Violation[] {
    return res.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        severity: SEVERITIES[d.getSeverity()] ?? "",
        message: d.getMessage() || d.getDescription(),
        urn: d.getUrn() || fallbackUrn,
    }));
}

/** Runs `task` over every item with at most `limit` in flight; results keep input order. */
export async function pooled<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await task(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
