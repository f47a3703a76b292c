import { expect } from "chai";
import { perStackFile } from "../../../tools/engine/commands/shared";
import { fromDeployment, parseUrn, toDeployment } from "../../../tools/engine/export/deployment";
import { EngineResource, makeUrn } from "../../../tools/engine/model";
import { durationSeconds } from "../../../tools/engine/pack/convert";
import { formatOutputs } from "../../../tools/engine/report/outputs";
import { displayType, formatByType, formatSummary, formatTree } from "../../../tools/engine/report/tree";
import { formatPolicies } from "../../../tools/engine/report/violations";
import { formatDiagnostics } from "../../../tools/engine/report/diagnostics";
import { configReferences, referenceOrder } from "../../../tools/engine/program/stacks";
import { secret, SECRET_SIG, SIG_KEY } from "../../../tools/engine/wire";

function resource(type: string, name: string, parent?: string, extra: Partial<EngineResource> = {}): EngineResource {
    return {
        urn: makeUrn("s", "p", parent ?? "", type, name), type, name, custom: !type.includes("Stack"), parent,
        dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, ignoreChanges: [],
        deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [], aliases: [], external: false,
        inputs: {}, outputs: {}, ...extra,
    };
}

const stack = resource("pulumi:pulumi:Stack", "p-s");
const component = resource("x:index:Box", "box", stack.urn);
const bucket = resource("aws:s3/bucket:Bucket", "data", component.urn, {
    id: "data",
    inputs: { bucket: "data", password: secret("hunter2") },
    outputs: { arn: "arn:aws:s3:::data", nested: { token: secret({ a: 1 }) } },
    protect: true,
    customTimeouts: { create: "5m", delete: "1h30s" },
    ignoreChanges: ["tags"],
});
const provider = resource("pulumi:providers:aws", "default_7_0_0");
const topic = resource("aws:sns/topic:Topic", "t", stack.urn);

describe("engine: URNs", () => {
    it("nests children under their parent's type, except the root stack's", () => {
        expect(component.urn).to.equal("urn:pulumi:s::p::x:index:Box::box");
        expect(bucket.urn).to.equal("urn:pulumi:s::p::x:index:Box$aws:s3/bucket:Bucket::data");
        expect(parseUrn(bucket.urn)).to.deep.equal({ stack: "s", project: "p", name: "data" });
    });
});

describe("engine: deployment export", () => {
    const exported = toDeployment([stack, component, bucket], new Date("2026-01-01T00:00:00Z"));
    const resources = exported.deployment.resources;

    it("writes version 3 with a manifest and the CLI's resource fields", () => {
        expect(exported.version).to.equal(3);
        expect(exported.deployment.manifest.time).to.equal("2026-01-01T00:00:00.000Z");
        expect(resources[2]).to.include({ urn: bucket.urn, custom: true, id: "data", type: "aws:s3/bucket:Bucket", parent: component.urn, protect: true, retainOnDelete: false });
        expect(resources[2].customTimeouts).to.deep.equal({ create: 300, delete: 3630 });
        expect(resources[0]).not.to.have.property("parent");
    });

    it("encodes every secret as {sig, plaintext: JSON}", () => {
        expect(resources[2].inputs.password).to.deep.equal({ [SIG_KEY]: SECRET_SIG, plaintext: "\"hunter2\"" });
        expect((resources[2].outputs.nested as any).token).to.deep.equal({ [SIG_KEY]: SECRET_SIG, plaintext: "{\"a\":1}" });
    });

    it("reads back what it wrote", () => {
        const back = fromDeployment(JSON.parse(JSON.stringify(exported)), "x.json");
        expect(back[2]).to.deep.include({ ...bucket, customTimeouts: { create: "300", delete: "3630" } });
        expect(durationSeconds(back[2].customTimeouts!.create)).to.equal(300);
    });

    it("keeps encrypted secrets secret with a placeholder, and skips resources pending deletion", () => {
        const doc = { version: 3, deployment: { resources: [
            { ...resources[2], inputs: { password: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc" } } },
            { ...resources[1], delete: true },
        ] } };
        const back = fromDeployment(doc, "x.json");
        expect(back).to.have.length(1);
        expect(back[0].inputs.password).to.deep.equal(secret("[secret]"));
    });

    it("refuses a file that is not a v3 deployment", () => {
        expect(() => fromDeployment({ version: 2 }, "old.json")).to.throw(/old\.json: not a deployment export/);
    });
});

describe("engine: printing", () => {
    it("draws the tree nested by parent with the CLI's Type, Name and Plan columns, and hides default providers", () => {
        const lines = formatTree([stack, provider, component, bucket, topic]);
        expect(lines[0].replace(/ +/g, " ")).to.equal(" Type Name Plan");
        expect(lines.slice(1).map((l) => l.trimEnd().replace(/ +/g, " "))).to.deep.equal([
            " + pulumi:pulumi:Stack p-s create",
            " + ├─ x:index:Box box create",
            " + │ └─ aws:s3:Bucket data create",
            " + └─ aws:sns:Topic t create",
        ]);
        expect(formatTree([stack, bucket], "program", { fullTypes: true }).join("\n")).to.contain("aws:s3/bucket:Bucket");
        expect(formatTree([stack, bucket], "state").slice(1).map((l) => l.trimEnd().replace(/ +/g, " "))).to.deep.equal([
            " pulumi:pulumi:Stack p-s", " aws:s3:Bucket data",
        ]);
    });

    it("shortens type tokens as the CLI does, only where the module repeats the type", () => {
        expect(displayType("aws:ec2/securityGroup:SecurityGroup")).to.equal("aws:ec2:SecurityGroup");
        expect(displayType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.equal("aws:vpc:SecurityGroupIngressRule");
        expect(displayType("aws:s3/bucketV2:BucketV2")).to.equal("aws:s3:BucketV2");
        expect(displayType("aws:lb/listener:Listener")).to.equal("aws:lb:Listener");
        expect(displayType("aws:index/provider:Other")).to.equal("aws:index/provider:Other");
        expect(displayType("pulumi:pulumi:Stack")).to.equal("pulumi:pulumi:Stack");
        expect(displayType("expertconnect:data:Database")).to.equal("expertconnect:data:Database");
    });

    it("prints Policies in the CLI's shape: mark, pack and source, then one entry per violation", () => {
        const ok = formatPolicies({ policyPack: "guard@v1.0.0", violations: [], remediations: [] }, "local: policy", "p-s");
        expect(ok).to.deep.equal(["Policies:", "    ✅ guard@v1.0.0 (local: policy)"]);
        const bad = formatPolicies({
            policyPack: "guard@v1.0.0", remediations: [], violations: [
                { policyName: "tags", enforcementLevel: "advisory", severity: "low", message: "Tags.\nno Project tag", urn: topic.urn },
                { policyName: "s3-encrypted", enforcementLevel: "mandatory", severity: "high", message: "Encrypted.\nno key", urn: bucket.urn },
                { policyName: "trail", enforcementLevel: "mandatory", severity: "", message: "Trail.\nnone", urn: "" },
            ],
        }, "local: policy", "p-s");
        expect(bad).to.deep.equal([
            "Policies:",
            "    ❌ guard@v1.0.0 (local: policy)",
            "        - [mandatory]  [severity: high]  s3-encrypted  (aws:s3/bucket:Bucket: data)",
            "          Encrypted.",
            "          no key",
            "        - [mandatory]  trail  (pulumi:pulumi:Stack: p-s)",
            "          Trail.",
            "          none",
            "        - [advisory]  [severity: low]  tags  (aws:sns/topic:Topic: t)",
            "          Tags.",
            "          no Project tag",
        ]);
        const advisory = formatPolicies({ policyPack: "g@v1", remediations: [], violations: [
            { policyName: "tags", enforcementLevel: "advisory", severity: "low", message: "m", urn: topic.urn }] }, "local: policy", "p-s");
        expect(advisory[1]).to.equal("    ⚠️ g@v1 (local: policy)");
    });

    it("prints Diagnostics under the stack resource, nothing when there are none", () => {
        expect(formatDiagnostics("", "p-s")).to.deep.equal([]);
        expect(formatDiagnostics("warning: careful\n", "p-s")).to.deep.equal([
            "Diagnostics:", "  pulumi:pulumi:Stack (p-s):", "    warning: careful", "",
        ]);
    });

    it("prints Outputs sorted, aligned and nested, with secrets hidden", () => {
        const root = { ...stack, outputs: { zone: "Z1", arn: "arn:x", nested: { b: [1, "two"], a: true }, token: secret("s3cr3t"), empty: [] } };
        expect(formatOutputs([root])).to.deep.equal([
            "Outputs:",
            "    arn   : \"arn:x\"",
            "    empty : []",
            "    nested: {",
            "        a: true",
            "        b: [",
            "            [0]: 1",
            "            [1]: \"two\"",
            "        ]",
            "    }",
            "    token : [secret]",
            "    zone  : \"Z1\"",
        ]);
        expect(formatOutputs([stack])).to.deep.equal([]);
    });

    it("marks reads and counts per type", () => {
        const ref = resource("pulumi:pulumi:StackReference", "org/p/prod", stack.urn, { external: true });
        const summary = formatSummary([stack, bucket, topic, ref, resource("aws:sns/topic:Topic", "u", stack.urn)]).join("\n");
        expect(summary).to.contain("+ 4 to create");
        expect(summary).to.contain("> 1 to read");
        expect(summary).not.to.contain("By type");
        expect(formatByType([stack, bucket, topic, ref, resource("aws:sns/topic:Topic", "u", stack.urn)]).join("\n")).to.match(/aws:sns\/topic:Topic +2\n/);
    });

    it("names per-stack files when several stacks write one option", () => {
        expect(perStackFile("out/r.json", "prod", true)).to.equal("out/r.prod.json");
        expect(perStackFile("out/r.json", "prod", false)).to.equal("out/r.json");
    });
});

describe("engine: stack order", () => {
    it("puts referenced stacks first and otherwise keeps the given order", () => {
        expect(referenceOrder(["dr", "prod", "qa"], new Map([["dr", ["prod"]]]))).to.deep.equal(["prod", "dr", "qa"]);
    });

    it("finds stack references written in config", () => {
        const config = { values: { "app:dr": JSON.stringify({ prodStack: "organization/proj/prod" }) }, secretKeys: [] };
        expect(configReferences(config, "proj", ["dr", "prod", "pro"])).to.deep.equal(["prod"]);
    });
});
