import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource } from "../model";
import { analyzeRequest, stackResource } from "./convert";
import { EnforcementLevel, LEVELS, PolicyConfig, PolicyDescription, resolvePolicyConfig } from "./policyConfig";
import { call, PackProcess } from "./process";

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
}

/** What ConfigureStack and Configure need: everything but the resources. */
export type StackInfo = Omit<AnalysisInput, "resources">;

type SchemaProperties = NonNullable<NonNullable<PolicyDescription["configSchema"]>["properties"]>;

const SEVERITIES = ["", "low", "medium", "high", "critical"];
/** In-flight Analyze calls: enough to keep the pack busy without flooding it. */
const WINDOW = 256;

function describePolicies(info: analyzer.AnalyzerInfo): PolicyDescription[] {
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

function initialConfig(info: analyzer.AnalyzerInfo): Record<string, Partial<PolicyConfig>> {
    const out: Record<string, Partial<PolicyConfig>> = {};
    info.getInitialconfigMap().forEach((c, name) => {
        out[name] = { enforcementLevel: LEVELS[c.getEnforcementlevel()], properties: c.getProperties()?.toJavaScript() ?? {} };
    });
    return out;
}

async function configure(pack: PackProcess, config: Record<string, PolicyConfig>): Promise<void> {
    const req = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
        const pc = new analyzer.PolicyConfig();
        pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel) as analyzer.EnforcementLevel);
        pc.setProperties(Struct.fromJavaScript(c.properties as Record<string, any>));
        req.getPolicyconfigMap().set(name, pc);
    }
    await call<Empty>((cb) => pack.client.configure(req, cb));
}

/** ConfigureStack, as the CLI sends it before analysis; packs built on older SDKs lack it. */
async function configureStack(pack: PackProcess, input: StackInfo): Promise<void> {
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
    await call<analyzer.AnalyzerStackConfigureResponse>((cb) => pack.client.configureStack(req, cb)).catch((err: { code?: number }) => {
        if (err.code !== 12 /* UNIMPLEMENTED */) {
            throw err;
        }
    });
}

function violations(res: analyzer.AnalyzeResponse, fallbackUrn: string): Violation[] {
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

/** One resource's analysis: its violations, and its inputs if a remediation changed them. */
export interface ResourceAnalysis {
    violations: Violation[];
    remediations: Remediation[];
    inputs?: Record<string, unknown>;
}

/**
 * A configured pack (one or more processes of it) ready to analyze one stack, as
 * `pulumi preview --policy-pack` drives it: GetAnalyzerInfo, Configure (schema defaults, then
 * the config file) and ConfigureStack first; then Remediate/Analyze per resource, which may
 * start while the program is still registering; then AnalyzeStack once. With several
 * processes (large exports) the first runs AnalyzeStack while the others share the
 * per-resource calls; the two analyses are independent (inputs vs. outputs).
 */
export class PackSession {
    private next = 0;
    /** Resources seen so far, for provider lookups. */
    private readonly known = new Map<string, EngineResource>();

    private constructor(
        private readonly packs: PackProcess[],
        readonly policyPack: string,
        private readonly remediate: boolean,
    ) {}

    static async open(packs: PackProcess[], input: StackInfo): Promise<PackSession> {
        const [first] = packs;
        const info = await call<analyzer.AnalyzerInfo>((cb) => first.client.getAnalyzerInfo(new Empty(), cb));
        const config = resolvePolicyConfig(
            describePolicies(info), initialConfig(info), input.packConfig?.content, input.packConfig?.file);
        await Promise.all(packs.map(async (pack) => {
            await configure(pack, config);
            await configureStack(pack, input);
        }));
        const remediate = Object.values(config).some((c) => c.enforcementLevel === "remediate");
        return new PackSession(packs, `${info.getName()}@v${info.getVersion()}`, remediate);
    }

    /** Remediates (when a policy is at `remediate`) then analyzes one resource (its inputs). */
    async analyze(resource: EngineResource): Promise<ResourceAnalysis> {
        this.known.set(resource.urn, resource);
        const workers = this.packs.length > 1 ? this.packs.slice(1) : this.packs;
        const pack = workers[this.next++ % workers.length];
        const result: ResourceAnalysis = { violations: [], remediations: [] };
        let r = resource;
        if (this.remediate) {
            const res = await call<analyzer.RemediateResponse>((cb) => pack.client.remediate(analyzeRequest(r, this.known), cb));
            for (const rem of res.getRemediationsList()) {
                const props = rem.getProperties();
                if (props) {
                    r = { ...r, inputs: props.toJavaScript() };
                    result.inputs = r.inputs;
                    result.remediations.push({ policyName: rem.getPolicyname(), urn: r.urn });
                }
            }
        }
        const res = await call<analyzer.AnalyzeResponse>((cb) => pack.client.analyze(analyzeRequest(r, this.known), cb));
        result.violations = violations(res, r.urn);
        return result;
    }

    /**
     * Completes the analysis of the final resources (with outputs): reuses analyses already
     * started for them, analyzes the rest (pipelined), applies remediated inputs, and runs
     * AnalyzeStack. Violations come in resource order, stack policies last.
     */
    async finish(resources: EngineResource[], started = new Map<string, Promise<ResourceAnalysis>>()): Promise<PackResult> {
        resources.forEach((r) => this.known.set(r.urn, r));
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const stackReq = new analyzer.AnalyzeStackRequest();
        const stackCall = () => {
            stackReq.setResourcesList(resources.map((r) => stackResource(r, byUrn)));
            return call<analyzer.AnalyzeResponse>((cb) => this.packs[0].client.analyzeStack(stackReq, cb));
        };
        const early = this.packs.length > 1 ? stackCall() : undefined;
        const perResource = await pooled(resources, WINDOW * this.packs.length,
            (r) => started.get(r.urn) ?? this.analyze(r));
        perResource.forEach((a, i) => {
            if (a.inputs) {
                resources[i].inputs = a.inputs;
            }
        });
        const stackViolations = violations(await (early ?? stackCall()), "");
        return {
            policyPack: this.policyPack,
            violations: [...perResource.flatMap((a) => a.violations), ...stackViolations],
            remediations: perResource.flatMap((a) => a.remediations),
        };
    }
}

/** Analyzes a complete set of resources (an export, or a finished program run). */
export async function analyzeStack(packs: PackProcess[], input: AnalysisInput): Promise<PackResult> {
    const session = await PackSession.open(packs, input);
    return session.finish(input.resources);
}
