import * as pulumi from "@pulumi/pulumi";
import type { DatabaseArgs } from "../data/Database";
import { DatabaseSizing, finalSnapshotName } from "../data/databaseSettings";
import { DrPhase, phaseInstanceSettings, phaseTags } from "./phase";

/**
 * The Database arguments that make the dr stack's instance what its phase needs: always created
 * as a cross-region replica of prod's instance (by ARN), then promoted and hardened by the phase,
 * and tagged with the phase.
 * Sizing (class, storage, backup retention and window, Multi-AZ) is the dr stack's own
 * `expertconnect:database`, which applies once promoted.
 */
export function replicaDatabaseArgs(
    phase: DrPhase,
    sourceDbArn: pulumi.Input<string>,
    sizing: DatabaseSizing,
    identifier: string,
): Pick<DatabaseArgs, "role" | "roleSettings" | "instanceTags"> {
    return {
        role: { kind: "replica", sourceDbArn },
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
