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
async function configureStack(pack: PackProcess, input: AnalysisInput): Promise<void> {
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

/** Remediates (when a policy is at `remediate`) then analyzes one resource. */
async function analyzeOne(
    pack: PackProcess, r: EngineResource, byUrn: Map<string, EngineResource>, remediate: boolean, remediations: Remediation[],
): Promise<Violation[]> {
    if (remediate) {
        const res = await call<analyzer.RemediateResponse>((cb) => pack.client.remediate(analyzeRequest(r, byUrn), cb));
        for (const rem of res.getRemediationsList()) {
            const props = rem.getProperties();
            if (props) {
                r.inputs = props.toJavaScript();
                remediations.push({ policyName: rem.getPolicyname(), urn: r.urn });
            }
        }
    }
    const res = await call<analyzer.AnalyzeResponse>((cb) => pack.client.analyze(analyzeRequest(r, byUrn), cb));
    return violations(res, r.urn);
}

/**
 * Drives a policy pack through one stack as `pulumi preview --policy-pack` does:
 * GetAnalyzerInfo, Configure (schema defaults, then the config file), ConfigureStack,
 * Remediate/Analyze for every resource (pipelined), AnalyzeStack once. Given several
 * processes of the same pack (large exports), each is configured alike: the first runs
 * AnalyzeStack while the others share the per-resource calls. The two analyses are
 * independent (one sees inputs, the other outputs), so the result is the same.
 */
export async function analyzeStack(packs: PackProcess[], input: AnalysisInput): Promise<PackResult> {
    const [first] = packs;
    const info = await call<analyzer.AnalyzerInfo>((cb) => first.client.getAnalyzerInfo(new Empty(), cb));
    const config = resolvePolicyConfig(
        describePolicies(info), initialConfig(info), input.packConfig?.content, input.packConfig?.file);
    await Promise.all(packs.map(async (pack) => {
        await configure(pack, config);
        await configureStack(pack, input);
    }));
    const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
    const remediate = Object.values(config).some((c) => c.enforcementLevel === "remediate");
    const remediations: Remediation[] = [];
    const workers = packs.length > 1 ? packs.slice(1) : packs;
    const perResource = pooled(input.resources, WINDOW * workers.length,
        (r, i) => analyzeOne(workers[i % workers.length], r, byUrn, remediate, remediations));
    const stackReq = new analyzer.AnalyzeStackRequest();
    stackReq.setResourcesList(input.resources.map((r) => stackResource(r, byUrn)));
    const stackRes = packs.length > 1 ? call<analyzer.AnalyzeResponse>((cb) => first.client.analyzeStack(stackReq, cb)) : undefined;
    const resourceViolations = (await perResource).flat();
    const stackViolations = violations(await (stackRes ?? call<analyzer.AnalyzeResponse>((cb) => first.client.analyzeStack(stackReq, cb))), "");
    return {
        policyPack: `${info.getName()}@v${info.getVersion()}`,
        violations: [...resourceViolations, ...stackViolations],
        remediations,
    };
}
