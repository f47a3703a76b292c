import { z } from "zod";
import { BACKUP_RETENTION_FLOOR_DAYS, BACKUP_RETENTION_MAX_DAYS } from "../policy/lib/facts/retention";
import { knownInstanceClasses } from "../lib/rdsInstanceClasses";
import { isOfferedPostgresVersion, offeredPostgresVersions } from "./postgresVersions";
import { windowProblem } from "../policy/lib/facts/windows";

/** A window string RDS accepts, with the format and minimum length in the message. */
const window = (kind: "daily" | "weekly") =>
    z.string({ error: windowProblem("", kind) }).transform((w) => w.toLowerCase()).superRefine((w, ctx) => {
        const problem = windowProblem(w, kind);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** `expertconnect:database` — RDS PostgreSQL. */
export const databaseSchema = z
    .strictObject({
        /**
         * Instance class (the guide resizes with `modify-db-instance`). Only classes whose memory
         * is known are accepted: the connections alarm is 80% of the class's max_connections. In
         * dr, at least prod's memory: the replica replays prod's writes and, promoted, carries its
         * traffic (the pack's rds-replica-matches-source). @default "db.t3.medium"
         */
        instanceClass: z
            .string()
            .refine((c) => knownInstanceClasses.includes(c), { message: `one of ${knownInstanceClasses.join(", ")}` })
            .default("db.t3.medium"),
        /**
         * PostgreSQL version RDS offers (config/postgresVersions.ts): the major version, or a
         * minor of it; RDS picks and upgrades the minor. Quote it in YAML (16.10 read as a
         * number is 16.1). Not used by dr's replica, which runs prod's version: its parameter
         * group takes the family prod publishes. @default "16"
         */
        engineVersion: z.coerce
            .string()
            .refine(isOfferedPostgresVersion, { message: `a PostgreSQL version RDS offers: ${offeredPostgresVersions()}` })
            .default("16"),
        /** Initial gp3 storage in GiB. @default 50 */
        allocatedStorageGb: z.number().int().min(20).max(65536).default(50),
        /** Storage autoscaling ceiling in GiB; dr's replica is raised to prod's when prod's is higher. @default 500 */
        maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(500),
        /** Automated backup retention in days, from the guide's floor (7) to RDS's maximum (35). @default 14 */
        backupRetentionDays: z.number().int().min(BACKUP_RETENTION_FLOOR_DAYS).max(BACKUP_RETENTION_MAX_DAYS).default(14),
        /** Standby in a second AZ. @default true */
        multiAz: z.boolean().default(true),
        /**
         * Daily backup window (UTC, hh24:mi-hh24:mi, at least 30 minutes, may cross midnight).
         * It must not overlap the maintenance window on any day. @default "03:00-04:00"
         */
        backupWindow: window("daily").default("03:00-04:00"),
        /** Weekly maintenance window (UTC, ddd:hh24:mi-ddd:hh24:mi, at least 30 minutes). @default "sun:04:30-sun:05:30" */
        maintenanceWindow: window("weekly").default("sun:04:30-sun:05:30"),
    })
    .prefault({});
