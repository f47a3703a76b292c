/**
 * The dr stack's failover state machine, kept pure so every phase is tested without mocks.
 *
 *   standby ──▶ promote ──▶ promoted
 *
 * `standby`: the database is a cross-region read replica of prod, services run pilot light (0
 * tasks) or warm (1 task each). `promote`: the replica is promoted to a standalone primary and
 * the services are scaled to prod sizes; nothing else changes, so the step is as short as RDS
 * allows. `promoted`: the new primary gets automated backups and Multi-AZ. The AWS provider
 * sends `ModifyDBInstance` before `PromoteReadReplica`, and RDS rejects backup settings on a
 * PostgreSQL replica, so those changes must wait for the second step.
 *
 * The master password never changes: the replica has prod's, which the dr services read from
 * prod's master secret replicated into this region, in every phase.
 */

export type { DrMode, DrPhase } from "../../config/dr";
import { FAILOVER_PHASE_TAG } from "../../policy/lib/facts/failoverPhase";
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

/**
 * Service capacity for a phase, from prod's sizes (the stack config's services). The ECS service ignores `desiredCount` after creation, so
 * scaling is done through the auto-scaling target: raising its floor makes Application Auto
 * Scaling start tasks at once. `promote` pins the floor at prod's desired count so the full
 * prod size runs within minutes; `promoted` hands control back to normal auto scaling.
 */
export function serviceScale(phase: DrPhase, mode: DrMode, prod: ServiceScale): ServiceScale {
    switch (phase) {
        case "standby": {
            // A ceiling of one, not zero (Application Auto Scaling needs room above the floor):
            // with no task running there is no CPU or memory metric, so target tracking never
            // starts one in pilot light, and warm standby stays at exactly one.
            const tasks = mode === "warm" ? 1 : 0;
            return { desiredCount: tasks, minCapacity: tasks, maxCapacity: 1 };
        }
        case "promote":
            return { desiredCount: prod.desiredCount, minCapacity: prod.desiredCount, maxCapacity: prod.maxCapacity };
        case "promoted":
            return { ...prod };
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

/** What the new primary gets once promoted (the stack config's `expertconnect:database`). */
export interface PromotedDatabaseSettings {
    /** Automated backup retention in days. */
    backupRetentionDays: number;
    /** Daily backup window, UTC. */
    backupWindow: string;
    /** Standby in a second AZ. */
    multiAz: boolean;
    /** Name of the snapshot taken if the instance is ever deleted. */
    finalSnapshotIdentifier: string;
}

/**
 * Adjusts the replica's instance settings for a phase.
 * - standby: unchanged (replica of prod, single-AZ, no backups, deletion protection on).
 * - promote: no `replicateSourceDb` (the provider promotes the replica); a final snapshot from
 *   now on, because the instance now holds data nothing else has. Backups stay as RDS
 *   reported them for the replica, so `PromoteReadReplica` does not wait for a first backup.
 * - promoted: automated backups and Multi-AZ, applied immediately: RDS would otherwise hold
 *   turning backups on (from 0 days) and Multi-AZ until the maintenance window, days away.
 * No phase touches the master password: the replica keeps prod's, which is in prod's master
 * secret and its replica here, so the services have credentials the moment promotion ends.
 * Handing the password to RDS (`manageMasterUserPassword`) would change it under that secret.
 */
export function phaseInstanceSettings<T extends PhaseInstanceSettings>(phase: DrPhase, promoted: PromotedDatabaseSettings): (settings: T) => T {
    return (settings) => {
        if (phase === "standby") return settings;
        const primary: T = {
            ...settings,
            replicateSourceDb: undefined,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: promoted.finalSnapshotIdentifier,
        };
        if (phase === "promote") return primary;
        return {
            ...primary,
            backupRetentionPeriod: promoted.backupRetentionDays,
            backupWindow: promoted.backupWindow,
            multiAz: promoted.multiAz,
            applyImmediately: true,
        };
    };
}

/**
 * The dr database's phase tag. The policy pack exempts the instance tagged `promote` in the dr
 * stack from the rules the second step satisfies (automated backups); the tag's name is one
 * fact shared with the pack.
 */
export function phaseTags(phase: DrPhase): Record<string, string> {
    return { [FAILOVER_PHASE_TAG]: phase };
}

/** Whether the phase still replicates from prod (and so has replica lag to watch). */
export function isReplicating(phase: DrPhase): boolean {
    return phase === "standby";
}

/**
 * The capacity a stack gives a service: prod's config as is, the dr stack's from its phase.
 */
export function stackServiceScale(environment: string, phase: DrPhase, mode: DrMode, configured: ServiceScale): ServiceScale {
    return environment === "dr" ? serviceScale(phase, mode, configured) : { ...configured };
}

/** The ReplicaLag alarm threshold for a stack: the RPO while the dr stack replicates, else none. */
export function replicaLagRpoSeconds(environment: string, phase: DrPhase, rpoSeconds: number): number | undefined {
    return environment === "dr" && isReplicating(phase) ? rpoSeconds : undefined;
}
