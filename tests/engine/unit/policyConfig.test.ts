import { expect } from "chai";
import { mirrorProblems, PolicyDescription, resolvePolicyConfig, stateLevelProblems } from "../../../tools/engine/pack/policyConfig";

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

describe("engine: policy config that restates stack config", () => {
    const policies: PolicyDescription[] = [
        { name: "budget", enforcementLevel: "advisory", configSchema: { properties: { monthlyBudgetUsd: { type: "number", default: 3000 } } } },
        { name: "env", enforcementLevel: "mandatory", configSchema: { properties: { environment: { type: "string", default: "prod" } } } },
        { name: "other", enforcementLevel: "mandatory" },
    ];
    const mirrors = { monthlyBudgetUsd: "app:monthlyBudgetUsd", environment: "app:environment" };
    const problems = (file: Record<string, unknown>, stackConfig: Record<string, string>) =>
        mirrorProblems(policies, resolvePolicyConfig(policies, {}, file, "dr.json"), stackConfig, mirrors, "dr.json");

    it("accepts policy config equal to the stack's values", () => {
        expect(problems({ budget: { monthlyBudgetUsd: 1200 }, env: { environment: "dr" } },
            { "app:monthlyBudgetUsd": "1200", "app:environment": "dr" })).to.deep.equal([]);
    });

    it("names the policy, property, stack key and both values when they differ", () => {
        expect(problems({ budget: { monthlyBudgetUsd: 1200 }, env: { environment: "dr" } },
            { "app:monthlyBudgetUsd": "1500", "app:environment": "dr" })).to.deep.equal([
            "dr.json: budget.monthlyBudgetUsd is 1200 but the stack's app:monthlyBudgetUsd is 1500; set them to the same value",
        ]);
    });

    it("catches a stack analyzed with another environment's policy config (or none)", () => {
        const found = problems({}, { "app:monthlyBudgetUsd": "3000", "app:environment": "dr" });
        expect(found).to.have.length(1);
        expect(found[0]).to.match(/env\.environment is "prod" but the stack's app:environment is "dr"/);
    });

    it("compares an unset stack key with the schema default, the value the program defaults to as well", () => {
        expect(problems({ env: { environment: "dr" } }, { "app:environment": "dr" })).to.deep.equal([]);
        expect(problems({ budget: { monthlyBudgetUsd: 5000 }, env: { environment: "dr" } }, { "app:environment": "dr" })[0])
            .to.match(/budget\.monthlyBudgetUsd is 5000 but the default of app:monthlyBudgetUsd, which the stack leaves unset, is 3000/);
    });

    it("reads a path into an object value (expertconnect:dr.rpoSeconds), and its default when the object leaves it out", () => {
        const lag: PolicyDescription[] = [{ name: "lag", enforcementLevel: "mandatory", configSchema: { properties: { rpoSeconds: { type: "integer", default: 60 } } } }];
        const check = (file: Record<string, unknown>, stackConfig: Record<string, string>) =>
            mirrorProblems(lag, resolvePolicyConfig(lag, {}, file, "dr.json"), stackConfig, { rpoSeconds: "app:dr.rpoSeconds" }, "dr.json");
        expect(check({ lag: { rpoSeconds: 30 } }, { "app:dr": JSON.stringify({ phase: "standby", rpoSeconds: 30 }) })).to.deep.equal([]);
        expect(check({}, { "app:dr": JSON.stringify({ phase: "standby" }) })).to.deep.equal([]);
        expect(check({}, { "app:dr": JSON.stringify({ rpoSeconds: 300 }) })).to.deep.equal([
            "dr.json: lag.rpoSeconds is 60 but the stack's app:dr.rpoSeconds is 300; set them to the same value",
        ]);
        expect(check({ lag: { rpoSeconds: 30 } }, {})[0]).to.match(/lag\.rpoSeconds is 30 but the default of app:dr\.rpoSeconds, which the stack leaves unset, is 60/);
    });

    it("skips disabled policies", () => {
        expect(problems({ budget: "disabled", env: { environment: "dr" } }, { "app:monthlyBudgetUsd": "1", "app:environment": "dr" })).to.deep.equal([]);
    });
});

describe("engine: configured levels restated for the state pass", () => {
    const list = (names: string[]) => ({ type: "array", items: { type: "string", enum: names }, default: [] });
    const policies: PolicyDescription[] = [
        { name: "state-drift", enforcementLevel: "mandatory", configSchema: { properties: {
            mandatoryByConfig: list(["read-only-root"]), advisoryByConfig: list(["not-public"]) } } },
        { name: "read-only-root", enforcementLevel: "advisory" },
        { name: "not-public", enforcementLevel: "mandatory" },
    ];
    const problems = (file: Record<string, unknown>) => stateLevelProblems(policies, resolvePolicyConfig(policies, {}, file, "prod.json"), "prod.json");

    it("accepts a file whose raised and lowered policies the state pass lists", () => {
        expect(problems({})).to.deep.equal([]);
        expect(problems({ "read-only-root": "mandatory", "state-drift": { mandatoryByConfig: ["read-only-root"] } })).to.deep.equal([]);
        expect(problems({ "not-public": "advisory", "state-drift": { advisoryByConfig: ["not-public"] } })).to.deep.equal([]);
    });
    it("names a policy raised to mandatory that the state pass does not list, and the list to write", () => {
        expect(problems({ "read-only-root": { enforcementLevel: "mandatory" } })).to.deep.equal([
            "prod.json: read-only-root is mandatory here but state-drift.mandatoryByConfig does not list it, so its deployed state is judged at its code's level; " +
            "add it (state-drift.mandatoryByConfig lists exactly the policies mandatory by this file: [\"read-only-root\"])",
        ]);
    });
    it("names a policy lowered to advisory that the state pass does not list", () => {
        expect(problems({ "not-public": "advisory" })[0]).to.match(/not-public is advisory here but state-drift\.advisoryByConfig does not list it/);
    });
    it("names a listed policy the file does not raise (its drift would block while its inputs only warn)", () => {
        expect(problems({ "state-drift": { mandatoryByConfig: ["read-only-root"] } })).to.deep.equal([
            "prod.json: state-drift.mandatoryByConfig lists read-only-root, which this file does not set mandatory; remove it (allowed: [])",
        ]);
    });
    it("checks nothing when the state pass is disabled", () => {
        expect(problems({ "read-only-root": "mandatory", "state-drift": "disabled" })).to.deep.equal([]);
    });
});
