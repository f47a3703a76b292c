import { z } from "zod";

/** `expertconnect:dr` — disaster recovery. */
export const drSchema = z
    .strictObject({
        /**
         * Failover phase of the dr stack: `standby` (replica + pilot light), `promote` (replica
         * promoted, services scaled to prod sizes), `promoted` (backups, Multi-AZ and deletion
         * protection on the new primary). @default "standby"
         */
        phase: z.enum(["standby", "promote", "promoted"]).default("standby"),
        /** Pilot light (0 tasks) or warm standby (1 task per service) while in standby. @default "pilot" */
        mode: z.enum(["pilot", "warm"]).default("pilot"),
        /** Fully qualified name of the prod stack the dr stack reads. @default "organization/expertconnect-infra/prod" */
        prodStack: z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, "org/project/stack").default("organization/expertconnect-infra/prod"),
        /** Region that holds the copies of prod's data (prod only). @default "us-west-2" */
        recoveryRegion: z.enum(["us-east-1", "us-west-2"]).default("us-west-2"),
        /** Days the cross-region backup copies are kept. @default 35 */
        backupCopyRetentionDays: z.number().int().min(7).max(3650).default(35),
        /** Recovery point objective for the database, in seconds (the ReplicaLag alarm threshold). @default 60 */
        rpoSeconds: z.number().int().min(1).max(3600).default(60),
    })
    .prefault({});

export type DrConfig = z.infer<typeof drSchema>;
