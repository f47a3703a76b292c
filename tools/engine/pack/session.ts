import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineResource } from "../model";
import {
    AnalysisInput, remediationSteps, configure, configureStack, describePolicies, initialConfig, PackResult, pooled, Remediation,
    StackInfo, Violation, violations, WINDOW,
} from "./protocol";
import { analyzeRequest, analyzeStackRequest } from "./convert";
import { UsageError } from "../errors";
import { mirrorProblems, resolvePolicyConfig, stateLevelProblems } from "./policyConfig";
import { PackProcess } from "./process";
import { unary } from "./rpc";

/** One resource's analysis: its violations, and its inputs if a remediation changed them. */
export interface ResourceAnalysis {
    violations: Violation[];
    remediations: Remediation[];
    inputs?: Record<string, unknown>;
}

/**
 * A configured pack process ready to analyze one stack, as `pulumi preview --policy-pack`
 * drives it: GetAnalyzerInfo, Configure (schema defaults, then the config file) and
 * ConfigureStack first; then Remediate/Analyze per resource, which may start while the program
 * is still registering; then AnalyzeStack once, in the same process, after every Analyze (the
 * pack's state pass judges what Analyze saw).
 *
 * One process, as the CLI runs it. Spreading the calls over several processes left the state
 * pass seeing part of the run; spreading the policies instead (every call to each process, a
 * share of the policies in each) kept verdicts whole but measured no faster on two cores, for
 * a prod preview or 5,000 resources: a call's fixed cost is paid in every process.
 */
export class PackSession {
    /** Resources seen so far, for provider lookups. */
    private readonly known = new Map<string, EngineResource>();

    private constructor(
        private readonly pack: PackProcess,
        readonly policyPack: string,
        private readonly remediate: boolean,
        private readonly remediation: Record<string, string> = {},
    ) {}

    static async open(pack: PackProcess, input: StackInfo): Promise<PackSession> {
        const info = await unary<analyzer.AnalyzerInfo>("GetAnalyzerInfo", (cb) => pack.client.getAnalyzerInfo(new Empty(), cb));
        const policies = describePolicies(info);
        const config = resolvePolicyConfig(policies, initialConfig(info), input.packConfig?.content, input.packConfig?.file);
        const mismatches = [
            ...mirrorProblems(policies, config, input.stackConfig, input.stackConfigMirrors ?? {}, input.packConfig?.file),
            ...stateLevelProblems(policies, config, input.packConfig?.file),
        ];
        if (mismatches.length > 0) {
            throw new UsageError(mismatches.join("\n"));
        }
        await configure(pack, config);
        await configureStack(pack, input);
        const remediate = Object.values(config).some((c) => c.enforcementLevel === "remediate");
        return new PackSession(pack, `${info.getName()}@v${info.getVersion()}`, remediate, remediationSteps(info));
    }

    /** Remediates (when a policy is at `remediate`) then analyzes one resource (its inputs). */
    async analyze(resource: EngineResource): Promise<ResourceAnalysis> {
        this.known.set(resource.urn, resource);
        const { pack } = this;
        const result: ResourceAnalysis = { violations: [], remediations: [] };
        let r = resource;
        if (this.remediate) {
            const res = await unary<analyzer.RemediateResponse>("Remediate", (cb) => pack.client.remediate(analyzeRequest(r, this.known), cb));
            for (const rem of res.getRemediationsList()) {
                const props = rem.getProperties();
                if (props) {
                    r = { ...r, inputs: props.toJavaScript() };
                    result.inputs = r.inputs;
                    result.remediations.push({ policyName: rem.getPolicyname(), urn: r.urn });
                }
            }
        }
        const res = await unary<analyzer.AnalyzeResponse>("Analyze", (cb) => pack.client.analyze(analyzeRequest(r, this.known), cb));
        result.violations = violations(res, r.urn);
        return result;
    }

    /**
     * The per-resource pass over the final resources: reuses analyses already started for them,
     * analyzes the rest (pipelined), applies remediated inputs. Every resource becomes known for
     * provider lookups first.
     */
    async analyzeResources(resources: EngineResource[], started = new Map<string, Promise<ResourceAnalysis>>()): Promise<ResourceAnalysis[]> {
        resources.forEach((r) => this.known.set(r.urn, r));
        const perResource = await pooled(resources, WINDOW, (r) => started.get(r.urn) ?? this.analyze(r));
        perResource.forEach((a, i) => {
            if (a.inputs) {
                resources[i].inputs = a.inputs;
            }
        });
        return perResource;
    }

    /** AnalyzeStack over the final resources (their outputs), after the per-resource pass. */
    async analyzeStack(resources: EngineResource[]): Promise<Violation[]> {
        const stackReq = analyzeStackRequest(resources, new Map(resources.map((r) => [r.urn, r])));
        const res = await unary<analyzer.AnalyzeResponse>("AnalyzeStack", (cb) => this.pack.client.analyzeStack(stackReq, cb));
        return violations(res, "");
    }

    /** The run's result from the two passes' findings, violations in resource order, stack policies last. */
    result(perResource: ResourceAnalysis[], stackViolations: Violation[]): PackResult {
        return {
            policyPack: this.policyPack,
            violations: [...perResource.flatMap((a) => a.violations), ...stackViolations],
            remediations: perResource.flatMap((a) => a.remediations),
            remediation: this.remediation,
        };
    }

    /** Completes the analysis of the final resources (with outputs): the per-resource pass, then AnalyzeStack. */
    async finish(resources: EngineResource[], started = new Map<string, Promise<ResourceAnalysis>>()): Promise<PackResult> {
        const perResource = await this.analyzeResources(resources, started);
        return this.result(perResource, await this.analyzeStack(resources));
    }
}

/** Analyzes a complete set of resources (an export, or a finished program run). */
export async function analyzeStack(pack: PackProcess, input: AnalysisInput): Promise<PackResult> {
    const session = await PackSession.open(pack, input);
    return session.finish(input.resources);
}
