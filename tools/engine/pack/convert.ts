import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { BinaryWriter } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineResource } from "../model";
import { structField } from "./structWire";

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

/**
 * The provider a resource uses, as the CLI describes it to analyzers (type, inputs, URN, name).
 * Its few inputs go through the generated Struct: it is nested inside the message head, which
 * the generated class encodes anyway.
 */
function providerOf(r: EngineResource, byUrn: Map<string, EngineResource>): analyzer.AnalyzerProviderResource | undefined {
    if (!r.provider) {
        return undefined;
    }
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const provider = byUrn.get(urn);
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

/** `properties` in both AnalyzeRequest and AnalyzerResource; `resources` in AnalyzeStackRequest (analyzer.proto). */
const PROPERTIES_FIELD = 2;
const STACK_RESOURCES_FIELD = 1;

/** A request already encoded, for the RPC client (which only needs its bytes). */
export interface EncodedRequest {
    serializeBinary(): Uint8Array;
}

function fill<M extends ResourceMessage>(m: M, r: EngineResource, byUrn: Map<string, EngineResource>): M {
    m.setType(r.type);
    m.setUrn(r.urn);
    m.setName(r.name);
    m.setOptions(options(r));
    const provider = providerOf(r, byUrn);
    if (provider) {
        m.setProvider(provider);
    }
    return m;
}

/**
 * The message's bytes with `props` as its properties. Protobuf fields may come in any order
 * and a message's encoding is the concatenation of its fields', so the Struct, written
 * directly (see structWire.ts), is appended to the rest encoded by the generated class.
 */
function withProperties(m: ResourceMessage, props: Record<string, unknown>): Uint8Array {
    const head = m.serializeBinary();
    const properties = structField(PROPERTIES_FIELD, props);
    const bytes = new Uint8Array(head.length + properties.length);
    bytes.set(head);
    bytes.set(properties, head.length);
    return bytes;
}

/** Analyze request for one resource: its inputs, options and provider. */
export function analyzeRequest(r: EngineResource, byUrn: Map<string, EngineResource>): EncodedRequest {
    const bytes = withProperties(fill(new analyzer.AnalyzeRequest(), r, byUrn), r.inputs);
    return { serializeBinary: () => bytes };
}

/** AnalyzeStack's view of one resource: outputs, plus parent and dependency links. */
function stackResource(r: EngineResource, byUrn: Map<string, EngineResource>): Uint8Array {
    const res = fill(new analyzer.AnalyzerResource(), r, byUrn);
    res.setParent(r.parent ?? "");
    res.setDependenciesList(r.dependencies);
    const deps = res.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const d = new analyzer.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
    }
    return withProperties(res, r.outputs);
}

/** AnalyzeStack request: every resource with its outputs, in order. */
export function analyzeStackRequest(resources: EngineResource[], byUrn: Map<string, EngineResource>): EncodedRequest {
    const w = new BinaryWriter();
    for (const r of resources) {
        // A length-delimited field: bytes and an embedded message are the same on the wire.
        w.writeBytes(STACK_RESOURCES_FIELD, stackResource(r, byUrn));
    }
    const bytes = w.getResultBuffer();
    return { serializeBinary: () => bytes };
}
