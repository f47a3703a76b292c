/**
 * The dr replica's recovery point objective and lag allowance, stated once: the stack config
 * (`expertconnect:dr.rpoSeconds`) defaults and bounds the RPO with them, DisasterRecovery sets
 * its lag alarms from them, and dr-replica-lag-alarm holds those alarms to them (its `rpoSeconds`
 * mirrors the stack config key, checked by the engine through policy/stack-config.json).
 * Facts modules import nothing.
 */

/** The RPO when the stack config leaves `expertconnect:dr.rpoSeconds` unset, in seconds. */
export const DEFAULT_RPO_SECONDS = 60;

/** The largest RPO the stack config accepts, in seconds. */
export const MAX_RPO_SECONDS = 3600;

/**
 * How far an idle source lets a healthy replica's `ReplicaLag` climb, in seconds. RDS for
 * PostgreSQL computes the lag from the timestamp of the last replayed transaction; with no
 * writes on the source nothing is replayed until the next WAL segment switch, which
 * `archive_timeout` forces every 5 minutes on RDS, so the reported lag saws up to about 300 s
 * on a quiet night while nothing is behind.
 */
export const IDLE_SOURCE_LAG_SECONDS = 300;
