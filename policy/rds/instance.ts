import { Props } from "../lib/define";
import { FAILOVER_PHASE_TAG } from "../lib/facts/failoverPhase";
import { isGiven } from "../lib/props";
import { failoverPhase, SERVING_PHASES } from "../lib/role";

/** Read replicas take their data from the source: backup, Multi-AZ and password rules target primaries. */
export function isReplica(props: Props): boolean {
    return isGiven(props, "replicateSourceDb");
}

/** The guide's section on RDS backups, shared by the backup and data-protection policies. */
export const GUIDE_RDS_BACKUP = "Backup and Recovery › Database Backup › AWS RDS";

/**
 * Tag the dr stack's database carries, with its failover phase (`standby`, `promote`,
 * `promoted`, `failback`) as value; components/dr/phase.ts sets it. Promotion and the settings RDS refuses
 * on a replica (backups) are two updates; the tag exempts the instance from the backup rule for
 * the first one, in dr only.
 */
export { FAILOVER_PHASE_TAG };

/** Whether the instance is a dr database in the middle of its promotion. */
export function isPromoting(props: Props, environment: string): boolean {
    return environment === "dr" && failoverPhase(props) === "promote";
}

/**
 * Whether the instance is the dr database after its promotion began (`promote`, `promoted` or
 * `failback`), in dr only: a former replica, whose master password is its source's and lives in
 * the source's secret replicated into this region.
 */
export function isPromotedReplica(props: Props, environment: string): boolean {
    const phase = failoverPhase(props);
    return environment === "dr" && phase !== undefined && SERVING_PHASES.includes(phase);
}
