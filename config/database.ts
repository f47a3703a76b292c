import { z } from "zod";
import { BACKUP_RETENTION_FLOOR_DAYS, BACKUP_RETENTION_MAX_DAYS } from "../policy/lib/facts/backupRetention";
import { knownInstanceClasses } from "../lib/rdsInstanceClasses";

/** `expertconnect:database` — RDS PostgreSQL. */
export const databaseSchema = z
    .strictObject({
        /**
         * Instance class (the guide resizes with `modify-db-instance`). Only classes whose memory
         * is known are accepted: the connections alarm is 80% of the class's max_connections.
         * @default "db.t3.medium"
         */
        instanceClass: z
            .string()
            .refine((c) => knownInstanceClasses.includes(c), { message: `one of ${knownInstanceClasses.join(", ")}` })
            .default("db.t3.medium"),
        /** PostgreSQL engine version. @default "16.4" */
        engineVersion: z.coerce.string().regex(/^1[4-7](\.\d+)?$/, "a PostgreSQL version from 14 to 17, e.g. 16.4").default("16.4"),
        /** Initial gp3 storage in GiB. @default 50 */
        allocatedStorageGb: z.number().int().min(20).max(65536).default(50),
        /** Storage autoscaling ceiling in GiB. @default 500 */
        maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(500),
        /** Automated backup retention in days, from the guide's floor (7) to RDS's maximum (35). @default 14 */
        backupRetentionDays: z.number().int().min(BACKUP_RETENTION_FLOOR_DAYS).max(BACKUP_RETENTION_MAX_DAYS).default(14),
        /** Standby in a second AZ. @default true */
        multiAz: z.boolean().default(true),
        /** Daily backup window (UTC, hh:mm-hh:mm). @default "03:00-04:00" */
        backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "a UTC window hh:mm-hh:mm").default("03:00-04:00"),
        /** Weekly maintenance window (UTC, ddd:hh:mm-ddd:hh:mm). @default "sun:04:30-sun:05:30" */
        maintenanceWindow: z
            .string()
            .regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, "a UTC window ddd:hh:mm-ddd:hh:mm")
            .default("sun:04:30-sun:05:30"),
    })
    .prefault({});
