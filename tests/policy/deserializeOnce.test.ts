import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { deserializeOncePerRequest } from "../../policy/lib/deserializeOnce";

/** The server's deserializer, read through its module's exports as server.js reads it. */
const deserialize: { deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown> } =
    require("../../policy/node_modules/@pulumi/policy/deserialize");

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
        deserializeOncePerRequest();
        expect(deserialize.deserializeProperties).to.equal(installed);
    });
});
