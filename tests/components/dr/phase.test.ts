import { expect } from "chai";
import { PhaseInstanceSettings, isReplicating, phaseInstanceSettings, phaseTags, serviceScale, stackServiceScale } from "../../../components/dr/phase";
import { FAILOVER_PHASE_TAG } from "../../../policy/lib/facts/failoverPhase";

const prodSize = { desiredCount: 2, minCapacity: 1, maxCapacity: 5 };

/** What the Database component decides for a replica before the phase adjusts it. */
const replica: PhaseInstanceSettings = {
    replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db",
    multiAz: false,
    deletionProtection: true,
    skipFinalSnapshot: true,
};

const promotedDb = {
    backupRetentionDays: 14,
    backupWindow: "03:00-04:00",
    multiAz: true,
    finalSnapshotIdentifier: "expertconnect-dr-db-final-snapshot",
};

describe("dr phase: service capacity", () => {
    it("runs no task in pilot-light standby (ceiling 1: auto scaling needs max >= 1)", () => {
        expect(serviceScale("standby", "pilot", prodSize)).to.deep.equal({ desiredCount: 0, minCapacity: 0, maxCapacity: 1 });
    });

    it("runs exactly one task per service in warm standby", () => {
        expect(serviceScale("standby", "warm", prodSize)).to.deep.equal({ desiredCount: 1, minCapacity: 1, maxCapacity: 1 });
    });

    it("pins the floor at prod's desired count while promoting, so prod size starts at once", () => {
        expect(serviceScale("promote", "pilot", prodSize)).to.deep.equal({ desiredCount: 2, minCapacity: 2, maxCapacity: 5 });
        expect(serviceScale("promote", "warm", { desiredCount: 3, minCapacity: 1, maxCapacity: 8 }))
            .to.deep.equal({ desiredCount: 3, minCapacity: 3, maxCapacity: 8 });
    });

    it("leaves prod's configured capacity alone whatever the dr keys say", () => {
        expect(stackServiceScale("prod", "standby", "pilot", prodSize)).to.deep.equal(prodSize);
        expect(stackServiceScale("dr", "standby", "pilot", prodSize).desiredCount).to.equal(0);
    });

    it("hands control back to prod's auto-scaling range once promoted", () => {
        expect(serviceScale("promoted", "pilot", prodSize)).to.deep.equal(prodSize);
        expect(serviceScale("promoted", "warm", prodSize)).to.deep.equal(prodSize);
    });
});

describe("dr phase: database settings", () => {
    it("leaves the replica untouched in standby", () => {
        expect(phaseInstanceSettings("standby", promotedDb)(replica)).to.deep.equal(replica);
    });

    it("promote removes replicateSourceDb and keeps a final snapshot, nothing else", () => {
        const s = phaseInstanceSettings("promote", promotedDb)(replica);
        expect(s.replicateSourceDb).to.equal(undefined);
        expect(s.skipFinalSnapshot).to.equal(false);
        expect(s.finalSnapshotIdentifier).to.equal("expertconnect-dr-db-final-snapshot");
        expect(s.deletionProtection).to.equal(true);
        // Backups and Multi-AZ would be sent to the replica before the promotion
        // (ModifyDBInstance runs first), which RDS rejects: they wait for `promoted`.
        expect(s.backupRetentionPeriod).to.equal(undefined);
        expect(s.multiAz).to.equal(false);
        expect(s).to.not.have.property("manageMasterUserPassword");
        expect(s.applyImmediately).to.equal(undefined);
    });

    it("promoted turns on backups from config and Multi-AZ, and leaves the master password alone", () => {
        const s = phaseInstanceSettings("promoted", promotedDb)(replica);
        expect(s.replicateSourceDb).to.equal(undefined);
        expect(s.backupRetentionPeriod).to.equal(14);
        expect(s.backupWindow).to.equal("03:00-04:00");
        expect(s.multiAz).to.equal(true);
        // RDS-managing it would change the password under prod's replicated secret, which the services read.
        expect(s).to.not.have.property("manageMasterUserPassword");
        // Otherwise RDS holds enabling backups and Multi-AZ until the maintenance window.
        expect(s.applyImmediately).to.equal(true);
        expect(s.deletionProtection).to.equal(true);
        expect(s.skipFinalSnapshot).to.equal(false);
    });

    it("takes the promoted retention from its input, not a constant", () => {
        const s = phaseInstanceSettings("promoted", { ...promotedDb, backupRetentionDays: 21 })(replica);
        expect(s.backupRetentionPeriod).to.equal(21);
    });

    it("tags the database with its phase under the tag name the policy pack reads", () => {
        expect(phaseTags("promote")).to.deep.equal({ FailoverPhase: "promote" });
        expect(phaseTags("standby")).to.deep.equal({ [FAILOVER_PHASE_TAG]: "standby" });
    });

    it("watches replica lag only while replicating", () => {
        expect(isReplicating("standby")).to.equal(true);
        expect(isReplicating("promote")).to.equal(false);
        expect(isReplicating("promoted")).to.equal(false);
    });
});
