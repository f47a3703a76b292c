import { expect } from "chai";
import { migrationDecision } from "../../../components/operations/migrationDecision";

describe("migration decision", () => {
    it("migrates prod by default", () => {
        expect(migrationDecision({ runMigrations: true, environment: "prod", drPhase: "standby" })).to.deep.equal({ run: true });
    });

    it("skips when switched off, naming the key", () => {
        const d = migrationDecision({ runMigrations: false, environment: "prod", drPhase: "standby" });
        expect(d).to.deep.equal({ run: false, reason: "expertconnect:runMigrations is false" });
    });

    it("skips the dr stack while its database is a read replica", () => {
        const d = migrationDecision({ runMigrations: true, environment: "dr", drPhase: "standby" });
        expect(d.run).to.equal(false);
        expect(d.run === false && d.reason).to.contain("dr.phase is standby");
    });

    it("migrates the dr stack once it is promoted", () => {
        expect(migrationDecision({ runMigrations: true, environment: "dr", drPhase: "promote" })).to.deep.equal({ run: true });
        expect(migrationDecision({ runMigrations: true, environment: "dr", drPhase: "promoted" })).to.deep.equal({ run: true });
    });

    it("lets the dr stack switch migrations off too", () => {
        expect(migrationDecision({ runMigrations: false, environment: "dr", drPhase: "promoted" }).run).to.equal(false);
    });
});
