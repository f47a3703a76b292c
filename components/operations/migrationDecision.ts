/**
 * Whether a stack runs database migrations on deploy. Pure, so every case is tested without mocks.
 */
import type { DrPhase } from "../../config/dr";
import type { Environment } from "../../config/schema";

export interface MigrationInputs {
    /** `expertconnect:runMigrations`. */
    runMigrations: boolean;
    environment: Environment;
    /** `expertconnect:dr.phase` (always `standby` on prod). */
    drPhase: DrPhase;
    /** The stack is fenced (prod after a failover, dr in `failback`): nothing may write. @default false */
    fenced?: boolean;
}

export type MigrationDecision = { run: true } | { run: false; reason: string };

/**
 * Prod migrates unless switched off. The dr stack's database is a read replica of prod while in
 * standby: it has no writer, and prod's migrations reach it through replication, so it migrates
 * only once promoted (from the `promote` phase on, after the promotion, see stack/compute.ts).
 */
export function migrationDecision(inputs: MigrationInputs): MigrationDecision {
    if (!inputs.runMigrations) {
        return { run: false, reason: "expertconnect:runMigrations is false" };
    }
    if (inputs.fenced) {
        return { run: false, reason: "the stack is fenced: its database takes no writes from it" };
    }
    if (inputs.environment === "dr" && inputs.drPhase === "standby") {
        return { run: false, reason: "the dr database is a read replica while expertconnect:dr.phase is standby" };
    }
    return { run: true };
}
