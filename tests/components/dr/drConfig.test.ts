import { expect } from "chai";
import { parseConfig } from "../../../config";
import { prodConfig } from "../../config/fixtures";

// The rejections (failover keys on prod, promoting with zero tasks) are cases of the bad-config
// table in tests/config/parse.test.ts; these are the combinations that must stay accepted.
function drConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    return prodConfig({
        "aws:region": "us-west-2",
        "expertconnect:environment": "dr",
        "expertconnect:loadBalancer": {
            certificateArn: "arn:aws:acm:us-west-2:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
        },
        ...overrides,
    });
}

describe("dr config rules", () => {
    it("accepts every phase and mode on the dr stack", () => {
        for (const phase of ["standby", "promote", "promoted", "failback"]) {
            for (const mode of ["pilot", "warm"]) {
                const cfg = parseConfig(drConfig({ "expertconnect:dr": { phase, mode } }), "dr");
                expect(cfg.dr.phase).to.equal(phase);
                expect(cfg.dr.mode).to.equal(mode);
            }
        }
    });

    it("allows zero tasks in standby (standby capacity comes from the phase, not this key)", () => {
        const services = { backend: { desiredCount: 0, minCapacity: 0 }, frontend: {} };
        expect(parseConfig(drConfig({ "expertconnect:services": services }), "dr").services.backend.desiredCount).to.equal(0);
    });
});
