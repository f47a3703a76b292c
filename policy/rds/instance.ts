import { Props } from "../lib/define";

/** Read replicas take their data from the source: backup, Multi-AZ and password rules target primaries. */
export function isReplica(props: Props): boolean {
    return typeof props.replicateSourceDb === "string" && props.replicateSourceDb !== "";
}

/** The guide's section on RDS backups, shared by the backup and data-protection policies. */
export const GUIDE_RDS_BACKUP = "Backup and Recovery › Database Backup › AWS RDS";
