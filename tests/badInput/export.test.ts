/**
 * Adversarial deployment exports for `npm run analyze`: each malformed file is refused with one
 * line naming the file, the resource's index and the field (a UsageError: exit code 2), never a
 * JavaScript error and never a run that analyzes a half-read stack.
 */
import { expect } from "chai";
import { UsageError } from "../../tools/engine/errors";
import { fromDeployment } from "../../tools/engine/export/deployment";
import { SECRET_SIG, SIG_KEY } from "../../tools/engine/wire";
import { expectOneLine, thrown } from "./expectations";

const URN = "urn:pulumi:prod::expertconnect-infra::aws:s3/bucket:Bucket::static";
const TYPE = "aws:s3/bucket:Bucket";
const ok = (extra: Record<string, unknown> = {}) => ({ urn: URN, type: TYPE, custom: true, inputs: {}, outputs: {}, ...extra });
const doc = (resources: unknown) => ({ version: 3, deployment: { manifest: {}, resources } });
const secret = (fields: Record<string, unknown>) => ({ [SIG_KEY]: SECRET_SIG, ...fields });

type Case = [what: string, json: unknown, fragments: string[]];

const CASES: Case[] = [
    ["a JSON array instead of an export", [], ["not a deployment export"]],
    ["version 2", { version: 2, deployment: { resources: [] } }, ["not a deployment export", "\"version\": 3"]],
    ["no deployment", { version: 3 }, ["not a deployment export"]],
    ["resources as an object", doc({ a: ok() }), ["deployment.resources", "an array of resources"]],
    ["resources as a string", doc("[]"), ["deployment.resources", "an array"]],
    ["a null resource", doc([ok(), null]), ["resources[1]", "got null"]],
    ["a resource that is a string", doc([URN]), ["resources[0]", "expected a resource object"]],
    ["a missing urn", doc([{ type: TYPE }]), ["resources[0]", "\"urn\" is nothing"]],
    ["a numeric urn", doc([ok({ urn: 42 })]), ["resources[0]", "\"urn\" is 42"]],
    ["a urn without its parts", doc([ok({ urn: "urn:pulumi:prod::static" })]), ["resources[0]", "is not a URN"]],
    ["a missing type", doc([ok({ type: undefined })]), ["resources[0]", "\"type\" is nothing"]],
    ["a type that disagrees with the urn", doc([ok({ type: "aws:s3/bucketV2:BucketV2" })]), ["resources[0]", "differs from the type in its urn"]],
    ["inputs as an array", doc([ok({ inputs: ["bucket"] })]), ["resources[0]", "\"inputs\"", "an object of property values"]],
    ["outputs as a string", doc([ok({ outputs: "{}" })]), ["resources[0]", "\"outputs\""]],
    ["dependencies as a string", doc([ok({ dependencies: URN })]), ["resources[0]", "\"dependencies\"", "an array of URN strings"]],
    ["protect as a string", doc([ok({ protect: "true" })]), ["resources[0]", "\"protect\"", "true or false"]],
    ["a duplicate urn", doc([ok(), ok()]), ["resources[1]", "duplicate urn (also resources[0])"]],
    ["a secret with neither ciphertext nor plaintext", doc([ok({ inputs: { password: secret({ value: "x" }) } })]), ["resources[0]", "inputs.password", "\"ciphertext\" or \"plaintext\""]],
    ["a secret whose plaintext is not JSON", doc([ok({ outputs: { token: secret({ plaintext: "hunter2" }) } })]), ["resources[0]", "outputs.token", "JSON text"]],
    ["a secret with a numeric plaintext", doc([ok({ inputs: { list: [secret({ plaintext: 5 })] } })]), ["resources[0]", "inputs.list[0]"]],
    ["customTimeouts as text", doc([ok({ customTimeouts: { create: "5m" } })]), ["resources[0]", "\"customTimeouts\""]],
];

describe("bad input: deployment exports", () => {
    for (const [what, json, fragments] of CASES) {
        it(`refuses ${what}`, () => {
            const err = thrown(() => fromDeployment(json, "state.json"));
            expect(err).to.be.instanceOf(UsageError);
            expectOneLine(err.message, "state.json", ...fragments);
        });
    }

    describe("near misses that pass", () => {
        it("accepts encrypted and plaintext secrets, and a replacement pending deletion under the same URN", () => {
            const resources = fromDeployment(doc([
                ok({ inputs: { a: secret({ ciphertext: "v1:abc" }), b: secret({ plaintext: "\"x\"" }) } }),
                ok({ delete: true }),
            ]), "state.json");
            expect(resources).to.have.length(1);
        });

        it("accepts null optional fields, as older CLIs write them", () => {
            expect(fromDeployment(doc([ok({ parent: null, provider: null })]), "state.json")).to.have.length(1);
        });
    });
});
