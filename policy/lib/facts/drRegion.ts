/**
 * The recovery region (docs/guide-map.md: "Prod lives in us-east-1; DR lives in us-west-2", the
 * guide's `copy-db-snapshot … --region us-west-2` and `create-db-instance-read-replica … --region
 * us-west-2`). The program's `expertconnect:dr.recoveryRegion` defaults to it, and the pack's
 * `drRegion` policy config does: whatever a failover needs must already be there, not in some
 * other region the dr stack never reads.
 */
export const DR_REGION = "us-west-2";
