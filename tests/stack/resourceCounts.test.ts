/**
 * Pins how many resources of each type each stack registers, as the offline engine previews
 * the real program. A component dropped by accident (an alarm, a backup selection, a bucket
 * setting) changes a count and fails here; a deliberate change updates resource-counts.json
 * in the same commit, where a reviewer sees it.
 */
import { expect } from "chai";
import { exportedResources, stackPreview } from "../support/stackPreview";
import expectedCounts from "./resource-counts.json";

function countsByType(stack: "prod" | "dr"): Record<string, number> {
    const run = stackPreview(stack);
    expect(run.code, run.stderr || run.stdout).to.equal(0);
    const counts: Record<string, number> = {};
    for (const r of exportedResources(run)) {
        // A dr export may also carry prod's resources (its StackReference run); count the stack's own.
        if (!r.urn.startsWith(`urn:pulumi:${stack}::`)) continue;
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

describe("resources per type in each stack", function () {
    this.timeout(300_000);

    for (const stack of ["prod", "dr"] as const) {
        it(`${stack} registers exactly the pinned count of each type`, () => {
            const actual = countsByType(stack);
            const expected = expectedCounts[stack] as Record<string, number>;
            const changed = [...new Set([...Object.keys(actual), ...Object.keys(expected)])]
                .filter((t) => actual[t] !== expected[t])
                .map((t) => `${t}: expected ${expected[t] ?? 0}, got ${actual[t] ?? 0}`);
            expect(changed, changed.join("\n")).to.deep.equal([]);
        });
    }
});
