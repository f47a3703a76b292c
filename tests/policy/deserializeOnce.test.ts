import { expect } from "chai";
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { deserializeOncePerRequest } from "../../policy/lib/deserializeOnce";

/**
 * The server's deserializer, read through its module's exports as server.js reads it, resolved
 * from the pack's folder as the pack resolves it (policy/node_modules when the pack has its own
 * install, else the project's).
 */
const deserialize: { deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown> } =
    require(require.resolve("@pulumi/policy/deserialize", { paths: [path.join(__dirname, "../../policy/lib")] }));

describe("deserializeOncePerRequest", () => {
    before(() => deserializeOncePerRequest());

    it("gives every policy of a request the same plain values for the same Struct", () => {
        const struct = Struct.fromJavaScript({ storageEncrypted: true, tags: { Project: "p" } });
        const first = deserialize.deserializeProperties(struct, false);
        expect(first).to.deep.equal({ storageEncrypted: true, tags: { Project: "p" } });
        expect(deserialize.deserializeProperties(struct, false)).to.equal(first);
    });

    it("deserializes another request's Struct afresh, even with equal content", () => {
        const a = deserialize.deserializeProperties(Struct.fromJavaScript({ engine: "postgres" }), false);
        const b = deserialize.deserializeProperties(Struct.fromJavaScript({ engine: "postgres" }), false);
        expect(a).to.deep.equal(b);
        expect(a).not.to.equal(b);
    });

    it("leaves remediation's secret-preserving form uncached", () => {
        const struct = Struct.fromJavaScript({ password: "x" });
        expect(deserialize.deserializeProperties(struct, true)).not.to.equal(deserialize.deserializeProperties(struct, true));
    });

    it("installs once however often it is called", () => {
        const installed = deserialize.deserializeProperties;
        expect(deserializeOncePerRequest()).to.equal(true);
        expect(deserialize.deserializeProperties).to.equal(installed);
    });
});

describe("deserializeOncePerRequest in a @pulumi/policy release without the internal", () => {
    it("leaves the server alone when the deserialize module cannot be loaded", () => {
        expect(deserializeOncePerRequest(() => { throw new Error("Cannot find module '@pulumi/policy/deserialize'"); })).to.equal(false);
    });

    it("leaves the module alone when it has no deserializeProperties", () => {
        const module: { deserializeProperties?: unknown } = {};
        expect(deserializeOncePerRequest(() => module)).to.equal(false);
        expect(module).to.deep.equal({});
    });

    it("leaves a deserializeProperties of another signature in place", () => {
        const withOptions = (struct: object, proxySecrets: boolean, options: object) => ({ struct, proxySecrets, options });
        const module = { deserializeProperties: withOptions };
        expect(deserializeOncePerRequest(() => module)).to.equal(false);
        expect(module.deserializeProperties).to.equal(withOptions);
    });

    it("leaves a read-only deserializeProperties in place", () => {
        const own = (_struct: object, _proxySecrets: boolean) => ({});
        const module = Object.freeze({ deserializeProperties: own });
        expect(deserializeOncePerRequest(() => module)).to.equal(false);
        expect(module.deserializeProperties).to.equal(own);
    });

    it("memoizes a two-argument deserializeProperties it is given", () => {
        let calls = 0;
        const module = { deserializeProperties: (_struct: object, _proxySecrets: boolean) => ({ call: ++calls }) };
        expect(deserializeOncePerRequest(() => module)).to.equal(true);
        const struct = {};
        expect(module.deserializeProperties(struct, false)).to.equal(module.deserializeProperties(struct, false));
        expect(calls).to.equal(1);
    });
});
