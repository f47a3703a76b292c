import { expect } from "chai";
import { PolicyDescription, resolvePolicyConfig } from "../../../tools/engine/pack/policyConfig";

const POLICIES: PolicyDescription[] = [
    { name: "a", enforcementLevel: "advisory" },
    {
        name: "b",
        enforcementLevel: "mandatory",
        configSchema: {
            properties: { days: { type: "integer", default: 7 }, mode: { type: "string", enum: ["x", "y"] } },
            required: ["days"],
        },
    },
];

describe("engine: policy pack config", () => {
    it("starts from each policy's level and schema defaults", () => {
        expect(resolvePolicyConfig(POLICIES, {})).to.deep.equal({
            a: { enforcementLevel: "advisory", properties: {} },
            b: { enforcementLevel: "mandatory", properties: { days: 7 } },
        });
    });

    it("applies the pack's initial config, then `all`, then per-policy entries", () => {
        const out = resolvePolicyConfig(POLICIES, { a: { enforcementLevel: "mandatory" } },
            { all: "advisory", b: { enforcementLevel: "disabled", days: 14, mode: "y" } });
        expect(out.a.enforcementLevel).to.equal("advisory");
        expect(out.b).to.deep.equal({ enforcementLevel: "disabled", properties: { days: 14, mode: "y" } });
    });

    it("accepts a bare level string for a policy", () => {
        expect(resolvePolicyConfig(POLICIES, {}, { a: "remediate" }).a.enforcementLevel).to.equal("remediate");
    });

    it("lists every problem: unknown policy, bad level, wrong type, value outside the enum", () => {
        expect(() => resolvePolicyConfig(POLICIES, {}, { c: "advisory", a: "loud", b: { days: "7", mode: "z" } }, "cfg.json"))
            .to.throw(Error)
            .with.property("message")
            .that.satisfies((m: string) => [
                `cfg.json: "c" is not a policy of this pack (policies: a, b)`,
                `cfg.json: a: enforcement level "loud" is not one of advisory, mandatory, disabled, remediate`,
                `cfg.json: b.days: got "7"; allowed: a value of type integer`,
                `cfg.json: b.mode: got "z"; allowed: one of "x", "y"`,
            ].every((line) => m.split("\n").includes(line)));
    });

    it("reports a required property without a value", () => {
        const policies: PolicyDescription[] = [{ name: "r", enforcementLevel: "advisory", configSchema: { properties: { k: { type: "string" } }, required: ["k"] } }];
        expect(() => resolvePolicyConfig(policies, {})).to.throw(/r\.k: got nothing \(required by the policy's config schema\)/);
    });
});
