import { Props } from "../lib/define";

/** Read replicas take their data from the source: backup, Multi-AZ and password rules target primaries. */
export function isReplica(props: Props): boolean {
    return typeof props.replicateSourceDb === "string" && props.replicateSourceDb !== "";
}

/** The guide's section on RDS backups, shared by the backup and data-protection policies. */
export const GUIDE_RDS_BACKUP = "Backup and Recovery › Database Backup › AWS RDS";

/**
 * Tag the dr stack's database carries during the `promote` failover phase. Promotion and the
 * settings RDS refuses on a replica (backups, a managed master secret) are two updates; the tag
 * exempts the instance from those two rules for the first one, in dr only. The `promoted` phase
 * removes it and the rules apply again.
 */
export const FAILOVER_PHASE_TAG = "FailoverPhase";

/** Whether the instance is a dr database in the middle of its promotion. */
export function isPromoting(props: Props, environment: string): boolean {
    return environment === "dr" && props.tags?.[FAILOVER_PHASE_TAG] === "promote";
}
