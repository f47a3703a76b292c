import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { syntheticResources } from "../../../tools/engine/bench/synthetic";
import { analyzeRequest, analyzeStackRequest } from "../../../tools/engine/pack/convert";
import { structField } from "../../../tools/engine/pack/structWire";
import { secret, UNKNOWN } from "../../../tools/engine/wire";

/** What the generated classes write for a message holding only `props` as its properties. */
function viaGenerated(props: Record<string, unknown>): Uint8Array {
    const m = new analyzer.AnalyzeRequest();
    m.setProperties(Struct.fromJavaScript(props as Record<string, any>));
    return m.serializeBinary();
}

const CASES: Record<string, Record<string, unknown>> = {
    "an empty object": {},
    "scalars, zero, false and the empty string": { s: "x", n: 42.5, zero: 0, neg: -3, t: true, f: false, empty: "", nul: null },
    "keys out of order, non-ASCII and numeric-looking keys": { zeta: 1, alpha: 2, "10": 3, "9": 4, "ключ": "значение", "": "blank key" },
    "nested objects and lists": {
        tags: { Project: "p", Environment: "prod" },
        ingress: [{ protocol: "tcp", fromPort: 443, cidrBlocks: ["10.0.0.0/16", null] }, [], [[1, 2], { a: {} }]],
    },
    "wire-form secrets and unknowns": { password: secret("hunter2"), arn: UNKNOWN, list: [secret({ a: 1 })] },
};

describe("structField", () => {
    for (const [name, props] of Object.entries(CASES)) {
        it(`writes the same bytes as Struct.fromJavaScript for ${name}`, () => {
            expect(Buffer.from(structField(2, props))).to.deep.equal(Buffer.from(viaGenerated(props)));
        });
    }

    it("rejects an undefined value, as Struct.fromJavaScript does", () => {
        expect(() => viaGenerated({ a: undefined })).to.throw("Unexpected struct type.");
        expect(() => structField(2, { a: undefined })).to.throw("Unexpected struct type.");
        expect(() => structField(2, { a: [1, undefined] })).to.throw("Unexpected struct type.");
    });
});

describe("encoded analyzer requests", () => {
    const resources = syntheticResources(10);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));

    it("carry each resource's type, URN, name and inputs in an Analyze request", () => {
        for (const r of resources) {
            const req = analyzer.AnalyzeRequest.deserializeBinary(analyzeRequest(r, byUrn).serializeBinary());
            expect([req.getType(), req.getUrn(), req.getName()]).to.deep.equal([r.type, r.urn, r.name]);
            expect(req.getProperties()!.toJavaScript()).to.deep.equal(r.inputs);
            expect(req.getOptions()!.getParent()).to.equal(r.parent ?? "");
        }
    });

    it("carry every resource, in order, with its outputs and parent in AnalyzeStack", () => {
        const req = analyzer.AnalyzeStackRequest.deserializeBinary(analyzeStackRequest(resources, byUrn).serializeBinary());
        expect(req.getResourcesList().map((r) => r.getUrn())).to.deep.equal(resources.map((r) => r.urn));
        req.getResourcesList().forEach((r, i) => {
            expect(r.getProperties()!.toJavaScript()).to.deep.equal(resources[i].outputs);
            expect(r.getParent()).to.equal(resources[i].parent ?? "");
        });
    });
});
