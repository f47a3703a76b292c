/**
 * The failover state machine, kept pure so every phase is tested without mocks.
 *
 *   dr:   standby ──▶ promote ──▶ promoted ──▶ failback ──▶ standby
 *   prod: serving ◀─▶ fenced (`expertconnect:dr.fenced`)
 *
 * `standby`: the dr database is a cross-region read replica of prod with its own automated
 * backups (PostgreSQL replicas support them from 14.1), services run pilot light (0 tasks) or
 * warm (1 task each). `promote`: the replica is promoted to a standalone primary, the services
 * are scaled to prod sizes and the load balancer tells Route 53 this region serves.
 * `promoted`: Multi-AZ on the new primary; auto scaling takes over. `failback`: dr is fenced
 * (no task, no Route 53 traffic) while prod takes the data back (docs/disaster-recovery.md);
 * the next step, `standby`, rebuilds the replica.
 *
 * The AWS provider (terraform-provider-aws `resourceInstanceUpdate`) promotes first, sending
 * the configured `backup_retention_period` and `backup_window` with `PromoteReadReplica`, and
 * only then sends other changes with `ModifyDBInstance`. Backups are on in every phase, so the
 * promotion never turns them on from zero (a change RDS applies with an outage).
 *
 * The master password never changes: the replica has prod's, which the dr services read from
 * prod's master secret replicated into this region, in every phase.
 */

export type { DrMode, DrPhase } from "../../config/dr";
import { FAILOVER_PHASE_TAG, FENCED_PHASES } from "../../policy/lib/facts/failoverPhase";
import { FENCED_CAPACITY } from "../../policy/lib/facts/servingCapacity";
import { DR_SERVING_PHASES } from "../../policy/lib/facts/roleProbe";
import { IMMEDIATE_CHANGE_PHASES } from "../../policy/lib/facts/databaseModifications";
import { DR_PHASES } from "../../config/dr";
import type { DrMode, DrPhase } from "../../config/dr";

/** Capacity settings of one ECS service and its auto-scaling target. */
export interface ServiceScale {
    /** Tasks the service is created with (ignored by later deployments). */
    desiredCount: number;
    /** Auto-scaling floor. */
    minCapacity: number;
    /** Auto-scaling ceiling. */
    maxCapacity: number;
}

/** No task, and none started by auto scaling (the pack requires exactly this of a fenced stack). */
const NO_TASKS: ServiceScale = { ...FENCED_CAPACITY };

/** The phase that may follow each phase (a deployment may also repeat its phase). */
export function nextPhase(phase: DrPhase): DrPhase {
    return DR_PHASES[(DR_PHASES.indexOf(phase) + 1) % DR_PHASES.length];
}

/**
 * Why deploying `next` after the phase last deployed is refused, or undefined when allowed:
 * a deployment keeps its phase or takes the next one. Without a recorded phase (a stack never
 * deployed) any phase is the start; a dr database created outside standby has no replica to
 * promote and RDS refuses it.
 */
export function phaseTransitionProblem(previous: unknown, next: DrPhase): string | undefined {
    if (previous === undefined || previous === null) return undefined;
    if (typeof previous !== "string" || !(DR_PHASES as readonly string[]).includes(previous)) {
        return `the stack last deployed phase ${JSON.stringify(previous)}, which is not one of ${DR_PHASES.join(", ")}`;
    }
    const last = previous as DrPhase;
    if (next === last || next === nextPhase(last)) return undefined;
    const skipped = DR_PHASES.indexOf(next) > DR_PHASES.indexOf(last);
    return `got ${JSON.stringify(next)} after ${JSON.stringify(last)} (the phase last deployed); allowed: ` +
        `${JSON.stringify(last)} or ${JSON.stringify(nextPhase(last))} ` +
        `(${skipped ? "a phase may not be skipped" : "phases do not go back"}: ${[...DR_PHASES, DR_PHASES[0]].join(" -> ")})`;
}

/**
 * Service capacity for a phase, from prod's sizes (the stack config's services). The ECS service ignores `desiredCount` after creation, so
 * scaling is done through the auto-scaling target: raising its floor makes Application Auto
 * Scaling start tasks at once. `promote` pins the floor at prod's desired count so the full
 * prod size runs within minutes; `promoted` hands control back to normal auto scaling;
 * `failback` fences dr (no task writes while prod takes the data back).
 */
export function serviceScale(phase: DrPhase, mode: DrMode, prod: ServiceScale): ServiceScale {
    switch (phase) {
        case "standby":
            return mode === "warm" ? { desiredCount: 1, minCapacity: 1, maxCapacity: 1 } : { ...NO_TASKS };
        case "promote":
            return { desiredCount: prod.desiredCount, minCapacity: prod.desiredCount, maxCapacity: prod.maxCapacity };
        case "promoted":
            return { ...prod };
        case "failback":
            return { ...NO_TASKS };
    }
}

/** The database instance arguments the phases change (a subset of the Database role settings). */
export interface PhaseInstanceSettings {
    replicateSourceDb?: unknown;
    multiAz: boolean;
    backupRetentionPeriod?: number;
    backupWindow?: string;
    /** Apply modifications now instead of in the next maintenance window. */
    applyImmediately?: boolean;
    deletionProtection: boolean;
    skipFinalSnapshot: boolean;
    finalSnapshotIdentifier?: string;
}

/** What the dr database gets from its own config (the stack config's `expertconnect:database`). */
export interface PromotedDatabaseSettings {
    /** Automated backup retention in days, in every phase. */
    backupRetentionDays: number;
    /** Daily backup window, UTC; kept clear of a promotion, which RDS refuses while backing up. */
    backupWindow: string;
    /** Standby in a second AZ, once promoted. */
    multiAz: boolean;
    /** Name of the snapshot taken if the instance is ever deleted. */
    finalSnapshotIdentifier: string;
}

/**
 * Adjusts the replica's instance settings for a phase.
 * - standby: a replica of prod, single-AZ, with automated backups of its own (retention and
 *   window from config): they are already on when it is promoted, and AWS recommends a
 *   completed backup before promoting.
 * - promote: no `replicateSourceDb` (the provider promotes the replica, passing the same
 *   retention and window); a final snapshot from now on, because the instance now holds data
 *   nothing else has.
 * - promoted and failback: Multi-AZ, applied immediately in the phases that need changes now
 *   (IMMEDIATE_CHANGE_PHASES: RDS would otherwise queue Multi-AZ for the maintenance window);
 *   converting to Multi-AZ keeps the instance available. Every other phase leaves
 *   modifications to the off-peak window (data-modifications-in-window).
 * No phase touches the master password: the replica keeps prod's, which is in prod's master
 * secret and its replica here, so the services have credentials the moment promotion ends.
 */
export function phaseInstanceSettings<T extends PhaseInstanceSettings>(phase: DrPhase, own: PromotedDatabaseSettings): (settings: T) => T {
    return (settings) => {
        const backedUp: T = { ...settings, backupRetentionPeriod: own.backupRetentionDays, backupWindow: own.backupWindow };
        if (phase === "standby") return backedUp;
        const primary: T = {
            ...backedUp,
            replicateSourceDb: undefined,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: own.finalSnapshotIdentifier,
        };
        if (phase === "promote") return primary;
        return { ...primary, multiAz: own.multiAz, applyImmediately: IMMEDIATE_CHANGE_PHASES.includes(phase) };
    };
}

/**
 * Tag the dr database carries with its phase as value; the policy pack reads it (the same name
 * is in policy/lib/role.ts, which treats the dr stack as production from `promote` on).
 */
export function phaseTags(phase: DrPhase): Record<string, string> {
    return { [FAILOVER_PHASE_TAG]: phase };
}

/** Whether the phase still replicates from prod (and so has replica lag to watch). */
export function isReplicating(phase: DrPhase): boolean {
    return phase === "standby";
}

/** Whether the dr stack serves the application's traffic in this phase. */
export function drServes(phase: DrPhase): boolean {
    return DR_SERVING_PHASES.includes(phase);
}

/** What a stack's failover state means for its region: serving traffic or fenced. */
export interface RegionRole {
    /** Route 53 may send users here: the load balancer's role probe answers 200. */
    serves: boolean;
    /**
     * Fenced after losing the primary role: no task, the database closed to the services,
     * no static replication out of it, no migration.
     */
    fenced: boolean;
}

/** prod serves unless fenced; dr serves while promoted and is fenced in `failback`. */
export function regionRole(environment: string, phase: DrPhase, fenced: boolean): RegionRole {
    if (environment === "dr") return { serves: drServes(phase), fenced: FENCED_PHASES.includes(phase) };
    return { serves: !fenced, fenced };
}

/**
 * The capacity a stack gives a service: prod's config as is (none when fenced), the dr
 * stack's from its phase.
 */
export function stackServiceScale(environment: string, phase: DrPhase, mode: DrMode, configured: ServiceScale, fenced = false): ServiceScale {
    if (environment === "dr") return serviceScale(phase, mode, configured);
    return fenced ? { ...NO_TASKS } : { ...configured };
}
