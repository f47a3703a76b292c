import type { DatabaseArgs } from "../data/Database";
import { DatabaseSizing, finalSnapshotName, ReplicaSource } from "../data/databaseSettings";
import { DrPhase, phaseInstanceSettings, phaseTags } from "./phase";

/**
 * The Database arguments that make the dr stack's instance what its phase needs: always created
 * as a cross-region replica of prod's instance (by ARN), then promoted and hardened by the phase,
 * and tagged with the phase.
 * Sizing (class, storage, backup retention and window, Multi-AZ) is the dr stack's own
 * `expertconnect:database`, which applies once promoted; the engine (its parameter group's family)
 * and the storage ceiling follow what prod publishes of its instance (`source`), so an upgrade or
 * a larger ceiling deployed to prod alone is taken up by dr's next deployment.
 */
export function replicaDatabaseArgs(
    phase: DrPhase,
    source: ReplicaSource,
    sizing: DatabaseSizing,
    identifier: string,
): Pick<DatabaseArgs, "role" | "roleSettings" | "instanceTags"> {
    return {
        role: { kind: "replica", source },
        roleSettings: phaseInstanceSettings(phase, {
            backupRetentionDays: sizing.backupRetentionDays,
            backupWindow: sizing.backupWindow,
            multiAz: sizing.multiAz,
            finalSnapshotIdentifier: finalSnapshotName(identifier),
        }),
        // The policy pack reads the phase from the instance (see phase.ts).
        instanceTags: phaseTags(phase),
    };
}
