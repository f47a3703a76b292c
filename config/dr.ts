import { z } from "zod";
import { BACKUP_RETENTION_FLOOR_DAYS } from "../policy/lib/facts/backupRetention";
import type { ServicesConfig } from "./services";

/** Failover phases, in the only order they may be deployed (docs/disaster-recovery.md). */
const DR_PHASES = ["standby", "promote", "promoted"] as const;
export type DrPhase = (typeof DR_PHASES)[number];
/** Standby capacity: pilot light (no tasks) or warm standby (one task per service). */
const DR_MODES = ["pilot", "warm"] as const;
export type DrMode = (typeof DR_MODES)[number];

/** `expertconnect:dr` — disaster recovery. */
export const drSchema = z
    .strictObject({
        /**
         * Failover phase of the dr stack: `standby` (replica + pilot light), `promote` (replica
         * promoted, services scaled to prod sizes), `promoted` (backups, Multi-AZ and deletion
         * protection on the new primary). @default "standby"
         */
        phase: z.enum(DR_PHASES).default("standby"),
        /** Pilot light (0 tasks) or warm standby (1 task per service) while in standby. @default "pilot" */
        mode: z.enum(DR_MODES).default("pilot"),
        /** Fully qualified name of the prod stack the dr stack reads. @default "organization/expertconnect-infra/prod" */
        prodStack: z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, "org/project/stack").default("organization/expertconnect-infra/prod"),
        /** Region that holds the copies of prod's data (prod only). @default "us-west-2" */
        recoveryRegion: z.enum(["us-east-1", "us-west-2"]).default("us-west-2"),
        /** Days the cross-region backup copies are kept. @default 35 */
        backupCopyRetentionDays: z.number().int().min(BACKUP_RETENTION_FLOOR_DAYS).max(3650).default(35),
        /** Recovery point objective for the database, in seconds (the ReplicaLag alarm threshold). @default 60 */
        rpoSeconds: z.number().int().min(1).max(3600).default(60),
    })
    .prefault({});

export type DrConfig = z.infer<typeof drSchema>;

/** The keys the dr rules below read. */
export interface DrRuleInput {
    environment: string;
    dr: DrConfig;
    services: ServicesConfig;
}

/**
 * Combinations of keys that make no sense for failover, as [path, message] pairs (empty when
 * consistent). Pure: the stack's history is not read, so what can be judged from config alone
 * is judged here, before any resource is registered. What needs history (going back from a
 * promoted database, skipping `promote`) is refused by RDS and the provider before they change
 * anything; docs/disaster-recovery.md says what each looks like.
 */
export function drProblems(cfg: DrRuleInput): Array<[Array<string | number>, string]> {
    const problems: Array<[Array<string | number>, string]> = [];
    const failingOver = cfg.dr.phase !== "standby";
    if (cfg.environment !== "dr" && failingOver) {
        problems.push([["dr", "phase"], `got ${JSON.stringify(cfg.dr.phase)}; allowed: "standby" (failover phases apply to the dr stack only)`]);
    }
    if (cfg.environment !== "dr" && cfg.dr.mode !== "pilot") {
        problems.push([["dr", "mode"], `got ${JSON.stringify(cfg.dr.mode)}; allowed: "pilot" (standby capacity applies to the dr stack only)`]);
    }
    if (cfg.environment === "dr" && failingOver) {
        for (const name of ["backend", "frontend"] as const) {
            const svc = cfg.services[name];
            if (svc.desiredCount < 1) {
                problems.push([["services", name, "desiredCount"],
                    `got ${svc.desiredCount}; allowed: at least 1 while expertconnect:dr.phase is ${JSON.stringify(cfg.dr.phase)} (the dr services take prod's traffic)`]);
            }
        }
    }
    return problems;
}
