import { expect } from "chai";
import { applyOverrides, parseOverride, parsePath, pathLeaf } from "../../../tools/engine/program/overrides";
import { encodeValue, programConfig, qualifyKey } from "../../../tools/engine/program/stackConfig";

describe("engine: stack config", () => {
    describe("programConfig (Pulumi.<stack>.yaml → PULUMI_CONFIG)", () => {
        const config = programConfig({
            "aws:region": "us-east-1",
            network: { azCount: 3, cidr: "10.0.0.0/16" },
            "app:count": 2,
            "app:flag": true,
            "app:password": { secure: "AAAB" },
            "app:nested": { inner: { secure: "AAAC" }, plain: "x" },
        }, "app");

        it("qualifies keys without a namespace with the project name", () => {
            expect(qualifyKey("network", "app")).to.equal("app:network");
            expect(qualifyKey("aws:region", "app")).to.equal("aws:region");
            expect(config.values).to.have.property("app:network");
        });

        it("passes structured values as JSON and scalars as text, like the CLI", () => {
            expect(config.values["app:network"]).to.equal(JSON.stringify({ azCount: 3, cidr: "10.0.0.0/16" }));
            expect(config.values["app:count"]).to.equal("2");
            expect(config.values["app:flag"]).to.equal("true");
            expect(encodeValue("text")).to.equal("text");
        });

        it("marks secure values secret and replaces the ciphertext it cannot decrypt", () => {
            expect(config.secretKeys).to.deep.equal(["app:password", "app:nested"]);
            expect(config.values["app:password"]).to.equal("offline-secret-for-app:password");
            expect(JSON.parse(config.values["app:nested"])).to.deep.equal({ inner: "offline-secret-for-app:nested", plain: "x" });
        });
    });

    describe("--config overrides", () => {
        const base = { values: { "app:db": JSON.stringify({ retention: 7, tags: ["a"] }), "aws:region": "us-east-1" }, secretKeys: [] };

        it("parses paths with fields and indices", () => {
            expect(parsePath("a.b[0].c")).to.deep.equal(["a", "b", 0, "c"]);
            expect(() => parsePath("a..b")).to.throw(/invalid config path/);
        });

        it("splits the namespaced key from the path after it", () => {
            expect(parseOverride("app:db.retention=3", "app")).to.deep.equal({ key: "app:db", path: ["retention"], value: "3" });
            expect(parseOverride("aws:region=us-west-2", "app")).to.deep.equal({ key: "aws:region", path: [], value: "us-west-2" });
            expect(parseOverride("db.tags[1]=b", "app")).to.deep.equal({ key: "app:db", path: ["tags", 1], value: "b" });
            expect(() => parseOverride("novalue", "app")).to.throw(/KEY=VALUE/);
        });

        it("types path leaves like `pulumi config set --path`", () => {
            expect(pathLeaf("3")).to.equal(3);
            expect(pathLeaf("false")).to.equal(false);
            expect(pathLeaf("3.5")).to.equal("3.5");
            expect(pathLeaf("abc")).to.equal("abc");
        });

        it("sets one field of a structured value and leaves the rest", () => {
            const out = applyOverrides(base, [parseOverride("app:db.retention=3", "app"), parseOverride("app:db.tags[1]=b", "app")]);
            expect(JSON.parse(out.values["app:db"])).to.deep.equal({ retention: 3, tags: ["a", "b"] });
            expect(base.values["app:db"]).to.contain("7");
        });

        it("replaces a whole value without a path, and creates a structured value that did not exist", () => {
            const out = applyOverrides(base, [parseOverride("aws:region=us-west-2", "app"), parseOverride("app:new.x=1", "app")]);
            expect(out.values["aws:region"]).to.equal("us-west-2");
            expect(out.values["app:new"]).to.equal(JSON.stringify({ x: 1 }));
        });

        it("refuses a path into a plain value or the wrong container", () => {
            expect(() => applyOverrides(base, [parseOverride("aws:region.x=1", "app")])).to.throw(/not a structured value/);
            expect(() => applyOverrides(base, [parseOverride("app:db.tags.x=1", "app")])).to.throw(/does not fit/);
        });
    });
});
