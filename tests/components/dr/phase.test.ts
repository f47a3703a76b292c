import { expect } from "chai";
import {
    drServes, isReplicating, nextPhase, PhaseInstanceSettings, phaseInstanceSettings, phaseTags, phaseTransitionProblem,
    regionRole, serviceScale, stackServiceScale,
} from "../../../components/dr/phase";
import { DR_PHASES } from "../../../config/dr";
import { FAILOVER_PHASE_TAG } from "../../../policy/lib/facts/failoverPhase";

const prodSize = { desiredCount: 2, minCapacity: 1, maxCapacity: 5 };
const NO_TASKS = { desiredCount: 0, minCapacity: 0, maxCapacity: 1 };

/** What the Database component decides for a replica before the phase adjusts it. */
const replica: PhaseInstanceSettings = {
    replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db",
    multiAz: false,
    deletionProtection: true,
    skipFinalSnapshot: true,
};

const own = {
    backupRetentionDays: 14,
    backupWindow: "03:00-04:00",
    multiAz: true,
    finalSnapshotIdentifier: "expertconnect-dr-db-final-snapshot",
};

describe("dr phase: the order of phases", () => {
    it("goes round standby -> promote -> promoted -> failback -> standby", () => {
        expect(DR_PHASES.map(nextPhase)).to.deep.equal(["promote", "promoted", "failback", "standby"]);
    });

    for (const last of DR_PHASES) {
        it(`after ${last}: allows ${last} again and ${nextPhase(last)}, refuses every other phase naming both`, () => {
            expect(phaseTransitionProblem(last, last)).to.equal(undefined);
            expect(phaseTransitionProblem(last, nextPhase(last))).to.equal(undefined);
            for (const next of DR_PHASES.filter((p) => p !== last && p !== nextPhase(last))) {
                const problem = phaseTransitionProblem(last, next);
                expect(problem, `${last} -> ${next}`).to.be.a("string");
                expect(problem).to.contain(`got "${next}" after "${last}"`).and.contain(`"${last}" or "${nextPhase(last)}"`);
            }
        });
    }

    it("says whether a refused phase skips a step or goes back", () => {
        expect(phaseTransitionProblem("standby", "promoted")).to.contain("may not be skipped");
        expect(phaseTransitionProblem("standby", "failback")).to.contain("may not be skipped");
        expect(phaseTransitionProblem("promoted", "standby")).to.contain("do not go back");
        expect(phaseTransitionProblem("promote", "standby")).to.contain("do not go back");
        expect(phaseTransitionProblem("failback", "promoted")).to.contain("do not go back");
    });

    it("takes any phase as the start of a stack with no recorded phase (never deployed)", () => {
        for (const next of DR_PHASES) {
            expect(phaseTransitionProblem(undefined, next)).to.equal(undefined);
            expect(phaseTransitionProblem(null, next)).to.equal(undefined);
        }
    });

    it("refuses to judge from a recorded phase it does not know", () => {
        expect(phaseTransitionProblem("demoted", "standby")).to.contain("\"demoted\"");
        expect(phaseTransitionProblem(3, "standby")).to.contain("3");
        expect(phaseTransitionProblem({ phase: "standby" }, "standby")).to.be.a("string");
    });
});

describe("dr phase: service capacity", () => {
    it("runs no task in pilot-light standby (ceiling 1: auto scaling needs max >= 1)", () => {
        expect(serviceScale("standby", "pilot", prodSize)).to.deep.equal(NO_TASKS);
    });

    it("runs exactly one task per service in warm standby", () => {
        expect(serviceScale("standby", "warm", prodSize)).to.deep.equal({ desiredCount: 1, minCapacity: 1, maxCapacity: 1 });
    });

    it("pins the floor at prod's desired count while promoting, so prod size starts at once", () => {
        expect(serviceScale("promote", "pilot", prodSize)).to.deep.equal({ desiredCount: 2, minCapacity: 2, maxCapacity: 5 });
        expect(serviceScale("promote", "warm", { desiredCount: 3, minCapacity: 1, maxCapacity: 8 }))
            .to.deep.equal({ desiredCount: 3, minCapacity: 3, maxCapacity: 8 });
    });

    it("hands control back to prod's auto-scaling range once promoted", () => {
        expect(serviceScale("promoted", "pilot", prodSize)).to.deep.equal(prodSize);
        expect(serviceScale("promoted", "warm", prodSize)).to.deep.equal(prodSize);
    });

    it("fences dr in failback: no task, in either mode", () => {
        expect(serviceScale("failback", "pilot", prodSize)).to.deep.equal(NO_TASKS);
        expect(serviceScale("failback", "warm", prodSize)).to.deep.equal(NO_TASKS);
    });

    it("leaves prod's configured capacity alone whatever the dr keys say, and empties a fenced prod", () => {
        expect(stackServiceScale("prod", "standby", "pilot", prodSize)).to.deep.equal(prodSize);
        expect(stackServiceScale("prod", "standby", "pilot", prodSize, true)).to.deep.equal(NO_TASKS);
        expect(stackServiceScale("dr", "standby", "pilot", prodSize).desiredCount).to.equal(0);
        // The dr stack's capacity is its phase's; `fenced` is prod's key.
        expect(stackServiceScale("dr", "promoted", "pilot", prodSize, true)).to.deep.equal(prodSize);
    });
});

describe("dr phase: who serves and who is fenced", () => {
    it("prod serves unless fenced; a fenced prod neither serves nor writes", () => {
        expect(regionRole("prod", "standby", false)).to.deep.equal({ serves: true, fenced: false });
        expect(regionRole("prod", "standby", true)).to.deep.equal({ serves: false, fenced: true });
    });

    it("dr serves only while promote or promoted, and is fenced in failback", () => {
        expect(DR_PHASES.map((p) => regionRole("dr", p, false))).to.deep.equal([
            { serves: false, fenced: false },
            { serves: true, fenced: false },
            { serves: true, fenced: false },
            { serves: false, fenced: true },
        ]);
        expect(DR_PHASES.filter(drServes)).to.deep.equal(["promote", "promoted"]);
    });
});

describe("dr phase: database settings", () => {
    it("standby: a replica with automated backups of its own, single-AZ", () => {
        const s = phaseInstanceSettings("standby", own)(replica);
        expect(s).to.deep.equal({ ...replica, backupRetentionPeriod: 14, backupWindow: "03:00-04:00" });
    });

    it("promote removes replicateSourceDb, keeps the backups (nothing turned on from 0) and a final snapshot", () => {
        const s = phaseInstanceSettings("promote", own)(replica);
        expect(s.replicateSourceDb).to.equal(undefined);
        expect(s).to.include({
            backupRetentionPeriod: 14, backupWindow: "03:00-04:00", skipFinalSnapshot: false,
            finalSnapshotIdentifier: "expertconnect-dr-db-final-snapshot", deletionProtection: true, multiAz: false,
        });
        expect(s).to.not.have.property("manageMasterUserPassword");
        expect(s.applyImmediately).to.equal(undefined);
    });

    for (const phase of ["promoted", "failback"] as const) {
        it(`${phase}: Multi-AZ applied immediately, backups kept, master password left alone`, () => {
            const s = phaseInstanceSettings(phase, own)(replica);
            expect(s.replicateSourceDb).to.equal(undefined);
            expect(s).to.include({ backupRetentionPeriod: 14, multiAz: true, applyImmediately: true, deletionProtection: true, skipFinalSnapshot: false });
            expect(s).to.not.have.property("manageMasterUserPassword");
        });
    }

    it("takes retention and Multi-AZ from its input, not constants", () => {
        const s = phaseInstanceSettings("promoted", { ...own, backupRetentionDays: 21, multiAz: false })(replica);
        expect(s).to.include({ backupRetentionPeriod: 21, multiAz: false });
        expect(phaseInstanceSettings("standby", { ...own, backupRetentionDays: 9 })(replica).backupRetentionPeriod).to.equal(9);
    });

    it("tags the database with its phase under the tag name the policy pack reads", () => {
        expect(phaseTags("promote")).to.deep.equal({ FailoverPhase: "promote" });
        expect(phaseTags("failback")).to.deep.equal({ [FAILOVER_PHASE_TAG]: "failback" });
    });

    it("watches replica lag only while replicating", () => {
        expect(DR_PHASES.filter(isReplicating)).to.deep.equal(["standby"]);
    });
});
