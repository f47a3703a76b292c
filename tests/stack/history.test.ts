import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { phaseGate } from "../../stack/history";
import { installMocks, MockHarness, settle } from "../support/pulumi";

/**
 * The dr stack reads its last phase through a StackReference to itself; a resource that waits
 * for the check is registered only when the phase follows it.
 */
async function deployAfter(previous: Record<string, unknown>, phase: "standby" | "promote" | "promoted" | "failback") {
    const mocks = installMocks({ stack: "dr", region: "us-west-2", stackReferenceOutputs: { dr: previous } });
    const failures: string[] = [];
    const onRejection = (err: unknown) => failures.push(String((err as Error)?.message ?? err));
    process.on("unhandledRejection", onRejection);
    try {
        const last = new pulumi.StackReference("last-deployment", { name: "organization/project/dr" });
        new aws.s3.Bucket("guarded", {}, { dependsOn: phaseGate(last, phase) });
        await settle().catch(onRejection);
        await new Promise((resolve) => setImmediate(resolve));
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    return { mocks, failures };
}

const bucketsOf = (mocks: MockHarness) => mocks.ofType("aws:s3/bucket:Bucket");

describe("failover phase gate (the stack's own last outputs)", () => {
    it("registers what waits for it when the phase is the next one", async () => {
        const { mocks, failures } = await deployAfter({ drPhase: "standby" }, "promote");
        expect(failures).to.deep.equal([]);
        expect(bucketsOf(mocks)).to.have.length(1);
    });

    it("registers it when the phase repeats, and on a stack with no recorded phase", async () => {
        expect(bucketsOf((await deployAfter({ drPhase: "promoted" }, "promoted")).mocks)).to.have.length(1);
        expect(bucketsOf((await deployAfter({}, "standby")).mocks)).to.have.length(1);
    });

    for (const [previous, phase, why] of [
        ["standby", "promoted", "may not be skipped"],
        ["promoted", "standby", "do not go back"],
        ["promote", "failback", "may not be skipped"],
    ] as const) {
        it(`${previous} -> ${phase}: nothing that waits for it is registered, and the error names expertconnect:dr.phase`, async () => {
            const { mocks, failures } = await deployAfter({ drPhase: previous }, phase);
            expect(bucketsOf(mocks)).to.deep.equal([]);
            expect(failures.join("\n")).to.contain(`expertconnect:dr.phase: got "${phase}" after "${previous}"`).and.contain(why);
        });
    }
});
