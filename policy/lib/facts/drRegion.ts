/**
 * The recovery region (docs/guide-map.md: "Prod lives in us-east-1; DR lives in us-west-2", the
 * guide's `copy-db-snapshot … --region us-west-2` and `create-db-instance-read-replica … --region
 * us-west-2`). The program's `expertconnect:dr.recoveryRegion` defaults to it, and the pack's
 * `drRegion` policy config does: whatever a failover needs must already be there, not in some
 * other region the dr stack never reads.
 */
export const DR_REGION = "us-west-2";

/**
 * The region each environment lives in (docs/guide-map.md: "Prod lives in us-east-1; DR lives in
 * us-west-2"), keyed by environment (facts/environments.ts). The program refuses a stack whose
 * `aws:region` is not its environment's, and these are the only regions the design places data
 * in: the pack's `data-residency` refuses a copy of data (a replica, a backup copy, a log
 * destination) anywhere else.
 */
export const ENVIRONMENT_REGIONS = { prod: "us-east-1", dr: DR_REGION } as const;

/** The regions the design places data in: one per environment. */
export const DESIGN_REGIONS: readonly string[] = [...new Set(Object.values(ENVIRONMENT_REGIONS))];
