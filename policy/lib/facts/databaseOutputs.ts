/**
 * The stack outputs through which a stack publishes its database to the stacks that replicate it
 * (index.ts exports them; dr reads prod's through its stack reference): the instance's ARN, what a
 * replica's replicateSourceDb names, and its storage, so a replica in another stack can be held to
 * its source's size. Facts modules import nothing.
 */

/** Output holding the database instance's ARN. */
export const DATABASE_ARN_OUTPUT = "databaseArn";

/**
 * Output holding the instance's storage in GiB: `allocated`, what it has now (it grows with
 * storage autoscaling), and `maxAllocated`, its autoscaling ceiling (absent when autoscaling is off).
 */
export const DATABASE_STORAGE_OUTPUT = "databaseStorageGb";
