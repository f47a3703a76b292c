/**
 * Tag the dr stack's database carries, with its failover phase (`standby`, `promote`,
 * `promoted`, `failback`) as value: the program sets it, the pack reads it (a database in the `promote`
 * phase is exempt from the backup rule for that one update).
 */
export const FAILOVER_PHASE_TAG = "FailoverPhase";
