import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource } from "../model";

/** `1h2m3.5s` (Go duration, as resource options carry it) → seconds; plain numbers are seconds. */
export function durationSeconds(text: string | undefined): number {
    if (!text) {
        return 0;
    }
    if (/^\d+(\.\d+)?$/.test(text)) {
        return Number(text);
    }
    const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
        total += Number(n) * unit[u];
    }
    return total;
}

function options(r: EngineResource): analyzer.AnalyzerResourceOptions {
    const o = new analyzer.AnalyzerResourceOptions();
    o.setProtect(r.protect);
    o.setIgnorechangesList(r.ignoreChanges);
    o.setDeletebeforereplace(r.deleteBeforeReplace);
    o.setDeletebeforereplacedefined(r.deleteBeforeReplace);
    o.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
    o.setAliasesList(r.aliases);
    if (r.customTimeouts) {
        const t = new analyzer.AnalyzerResourceOptions.CustomTimeouts();
        t.setCreate(durationSeconds(r.customTimeouts.create));
        t.setUpdate(durationSeconds(r.customTimeouts.update));
        t.setDelete(durationSeconds(r.customTimeouts.delete));
        o.setCustomtimeouts(t);
    }
    o.setParent(r.parent ?? "");
    return o;
}

/** The provider a resource uses, as the CLI describes it to analyzers (type, inputs, URN, name). */
function providerOf(r: EngineResource, byUrn: Map<string, EngineResource>): analyzer.AnalyzerProviderResource | undefined {
    const provider = providerResource(r, byUrn);
    if (!provider) {
        return undefined;
    }
    const p = new analyzer.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setUrn(provider.urn);
    p.setName(provider.name);
    p.setProperties(Struct.fromJavaScript(provider.inputs as Record<string, any>));
    return p;
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
type ResourceMessage = analyzer.AnalyzeRequest | analyzer.AnalyzerResource;

function fill<M extends ResourceMessage>(m: M, r: EngineResource, byUrn: Map<string, EngineResource>, props: Record<string, unknown>): M {
    m.setType(r.type);
    m.setUrn(r.urn);
    m.setName(r.name);
    m.setProperties(Struct.fromJavaScript(props as Record<string, any>));
    m.setOptions(options(r));
    const provider = providerOf(r, byUrn);
    if (provider) {
        m.setProvider(provider);
    }
    return m;
}

/** Analyze request for one resource: its inputs, options and provider. */
export function analyzeRequest(r: EngineResource, byUrn: Map<string, EngineResource>): analyzer.AnalyzeRequest {
    return fill(new analyzer.AnalyzeRequest(), r, byUrn, r.inputs);
}

/**
 * AnalyzeStack messages already built, by resource object (and the provider object they named):
 * analyses of many variants of one export share the objects of the resources a variant leaves
 * unchanged, and converting every resource's outputs again is most of the engine's share.
 */
const built = new WeakMap<EngineResource, { provider?: EngineResource; message: analyzer.AnalyzerResource }>();

function providerResource(r: EngineResource, byUrn: Map<string, EngineResource>): EngineResource | undefined {
    return r.provider ? byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
}

/** AnalyzeStack's view of one resource (built once per resource object and provider). */
function stackResource(r: EngineResource, byUrn: Map<string, EngineResource>): analyzer.AnalyzerResource {
    const provider = providerResource(r, byUrn);
    const cached = built.get(r);
    if (cached && cached.provider === provider) {
        return cached.message;
    }
    const message = buildStackResource(r, byUrn);
    built.set(r, { provider, message });
    return message;
}

/** AnalyzeStack's view of one resource: outputs, plus parent and dependency links. */
function buildStackResource(r: EngineResource, byUrn: Map<string, EngineResource>): analyzer.AnalyzerResource {
    const res = fill(new analyzer.AnalyzerResource(), r, byUrn, r.outputs);
    res.setParent(r.parent ?? "");
    res.setDependenciesList(r.dependencies);
    const deps = res.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const d = new analyzer.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
    }
    return res;
}

/** AnalyzeStack request: every resource with its outputs, in order. */
export function analyzeStackRequest(resources: EngineResource[], byUrn: Map<string, EngineResource>): analyzer.AnalyzeStackRequest {
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(resources.map((r) => stackResource(r, byUrn)));
    return req;
}
