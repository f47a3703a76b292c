/**
 * The harness hands policies exactly what the CrossGuard server would: these tests pin that, so
 * the policy tests prove behaviour under the real analyzer rather than under a look-alike.
 */
import { expect } from "chai";

import type { ResourceValidationArgs } from "@pulumi/policy";

import { GuardPolicy } from "../../policy/lib/define";
import { analyzeResource, secret, UNKNOWN } from "./support/harness";

/** A class shaped like an @pulumi/aws resource class: the server compares its type token. */
class Instance {
    static __pulumiType = "aws:rds/instance:Instance";
}

/** A probe policy that records the arguments it is called with. */
function probe(seen: ResourceValidationArgs[], validate: (args: ResourceValidationArgs) => void = () => undefined): GuardPolicy {
    return {
        name: "probe-policy",
        description: "Records its arguments.",
        enforcementLevel: "mandatory",
        severity: "high",
        configSchema: { properties: { threshold: { type: "integer", default: 7 } } },
        metadata: { severity: "high", guideSection: "test", remediationSteps: "none" },
        types: [Instance.__pulumiType],
        validateResource: (args: ResourceValidationArgs) => {
            seen.push(args);
            validate(args);
        },
    } as GuardPolicy;
}

describe("the policy test harness", () => {
    const resource = { type: "aws:rds/instance:Instance", name: "db", props: { password: secret("hunter2"), tags: { Project: "p" } }, protect: true };

    it("gives isType a class and compares its type token, as the server does", async () => {
        const seen: ResourceValidationArgs[] = [];
        await analyzeResource(probe(seen), resource);
        expect(seen[0].isType(Instance as never)).to.equal(true);
        expect(seen[0].type).to.equal("aws:rds/instance:Instance");
        expect(seen[0].urn).to.equal("urn:pulumi:prod::expertconnect-infra::aws:rds/instance:Instance::db");
    });

    it("applies the schema defaults to the config, then the overrides", async () => {
        const seen: ResourceValidationArgs[] = [];
        await analyzeResource(probe(seen), resource);
        await analyzeResource(probe(seen), resource, { config: { threshold: 30 } });
        expect(seen.map(a => a.getConfig())).to.deep.equal([{ threshold: 7 }, { threshold: 30 }]);
    });

    it("decodes secrets to their values and passes the protect option", async () => {
        const seen: ResourceValidationArgs[] = [];
        await analyzeResource(probe(seen), resource);
        expect(seen[0].props.password).to.equal("hunter2");
        expect(seen[0].opts.protect).to.equal(true);
    });

    it("puts props behind the unknown-checking proxy", async () => {
        const outcome = await analyzeResource(probe([], args => { void args.props.identifier; }), { ...resource, props: { identifier: UNKNOWN } });
        expect(outcome.violations.map(v => v.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(outcome.violations[0].message).to.match(/can't be known during preview/);
    });

    it("records notApplicable with its reason", async () => {
        const outcome = await analyzeResource(probe([], args => args.notApplicable("not for this one")), resource);
        expect(outcome.notApplicable).to.deep.equal(["not for this one"]);
    });

    it("fails on a policy that crashes, and returns violations with the policy's level and severity", async () => {
        const outcome = await analyzeResource(probe([], () => { throw new Error("boom"); }), resource).catch((e: Error) => e);
        expect(outcome).to.be.instanceOf(Error);
        const reported = await analyzeResource({ ...probe([]), validateResource: (_a: ResourceValidationArgs, report: (m: string) => void) => report("bad") } as GuardPolicy, resource);
        expect(reported.violations.map(v => [v.enforcementLevel, v.severity, v.message])).to.deep.equal([["mandatory", "high", "Records its arguments.\nbad"]]);
    });
});
