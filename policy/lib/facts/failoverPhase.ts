/**
 * Tag the dr stack's database carries, with its failover phase (`standby`, `promote`,
 * `promoted`, `failback`) as value: the program sets it, the pack reads it (a database in the `promote`
 * phase is exempt from the backup rule for that one update).
 */
export const FAILOVER_PHASE_TAG = "FailoverPhase";

/** The dr phases in which the dr stack is fenced: no task, its data stores closed to its services. */
export const FENCED_PHASES: readonly string[] = ["failback"];

/** The dr stack's output naming its failover phase (index.ts `drPhase`). */
export const PHASE_OUTPUT = "drPhase";

/**
 * prod's output saying whether it is fenced (index.ts `drFenced`, from `expertconnect:dr.fenced`):
 * the pack reads prod's fence from it, as it reads dr's phase from the database's tag.
 */
export const FENCED_OUTPUT = "drFenced";
