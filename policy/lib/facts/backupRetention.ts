/**
 * Backup retention limits that the program's config, its components and the pack must agree on.
 * Facts modules import nothing: the program imports them from the pack's folder, and the pack
 * must stay publishable on its own.
 */

/** The guide's floor for automated database backups ("automated snapshots … 7-day retention"). */
export const BACKUP_RETENTION_FLOOR_DAYS = 7;

/**
 * The longest point-in-time (continuous) backup retention AWS offers: RDS automated backups and
 * AWS Backup continuous backups both stop at 35 days.
 */
export const BACKUP_RETENTION_MAX_DAYS = 35;
