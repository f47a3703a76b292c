/**
 * The stack outputs through which a stack publishes its database to the stacks that replicate it
 * (index.ts exports them; dr reads prod's through its stack reference, stack/prodStack.ts): the
 * instance's ARN, what a replica's replicateSourceDb names, and what the replica must match of
 * its source: its storage (a replica that cannot grow as far stops replicating when full), its
 * engine major version and parameter group family (RDS upgrades a PostgreSQL replica with its
 * source, so the replica's own group must be of the source's family), and its instance class (a
 * replica with less memory replays the source's writes slower and, once promoted, carries the
 * source's traffic). Facts modules import nothing.
 */

/** Output holding the database instance's ARN. */
export const DATABASE_ARN_OUTPUT = "databaseArn";

/**
 * Output holding the instance's storage in GiB: `allocated`, what it has now (it grows with
 * storage autoscaling), and `maxAllocated`, its autoscaling ceiling (absent when autoscaling is off).
 */
export const DATABASE_STORAGE_OUTPUT = "databaseStorageGb";

/**
 * Output holding the instance's engine as a replica must follow it: `engine` (`postgres`),
 * `version` (the version the source declares, `16`; RDS owns the minor) and `parameterGroupFamily`
 * (`postgres16`, its parameter group's family).
 */
export const DATABASE_ENGINE_OUTPUT = "databaseEngine";

/** Output holding the instance class (`db.t3.medium`): a replica of it needs at least its memory. */
export const DATABASE_INSTANCE_CLASS_OUTPUT = "databaseInstanceClass";

/** The value of {@link DATABASE_ENGINE_OUTPUT}. */
export interface PublishedDatabaseEngine {
    engine: string;
    version: string;
    parameterGroupFamily: string;
}

