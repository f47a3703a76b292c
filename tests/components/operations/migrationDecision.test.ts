import { expect } from "chai";
import { regionRole } from "../../../components/dr/phase";
import { migrationDecision } from "../../../policy/lib/facts/migrationGate";

/** The decision as stack/compute.ts asks it: from the stack's region role. */
const decide = (runMigrations: boolean, environment: string, phase: "standby" | "promote" | "promoted" | "failback", fenced = false) => {
    const role = regionRole(environment, phase, fenced);
    return migrationDecision({ runMigrations, serves: role.serves, state: environment === "dr" ? phase : role.fenced ? "fenced" : "serving" });
};

describe("migration decision", () => {
    it("migrates prod by default", () => {
        expect(decide(true, "prod", "standby")).to.deep.equal({ run: true });
    });

    it("skips when switched off, naming the key", () => {
        expect(decide(false, "prod", "standby")).to.deep.equal({ run: false, reason: "expertconnect:runMigrations is false" });
    });

    it("skips the dr stack while its database is a read replica", () => {
        const d = decide(true, "dr", "standby");
        expect(d.run).to.equal(false);
        expect(d.run === false && d.reason).to.contain("dr.phase is standby");
    });

    it("migrates the dr stack once it is promoted", () => {
        expect(decide(true, "dr", "promote")).to.deep.equal({ run: true });
        expect(decide(true, "dr", "promoted")).to.deep.equal({ run: true });
    });

    it("skips a fenced stack: prod after a failover, dr in failback", () => {
        expect(decide(true, "prod", "standby", true)).to.deep.equal({ run: false, reason: "the stack does not serve (fenced): its database takes no writes from it" });
        expect(decide(true, "dr", "failback").run).to.equal(false);
    });

    it("lets the dr stack switch migrations off too", () => {
        expect(decide(false, "dr", "promoted").run).to.equal(false);
    });
});
