/**
 * How long each store of personal data keeps it, bounded on both sides: long enough to recover
 * and investigate (the guide's floors), no longer than that purpose needs (storage limitation:
 * user ids, request paths, client IPs and erased users' rows must not outlive it). The program's
 * config, its components and the pack read the same numbers. Each service reads "absent" its own
 * way, and most read it as forever: a log group without `retentionInDays` (or 0) never expires,
 * an EventBridge archive with `retentionDays` 0 or unset keeps events indefinitely, an AWS Backup
 * rule or copy action without `lifecycle.deleteAfter` (or -1) keeps its recovery points
 * indefinitely, and a versioned bucket keeps noncurrent versions until a lifecycle rule expires them.
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

/**
 * The longest a recovery copy of the data is kept: an AWS Backup recovery point or its
 * cross-region copy, and a noncurrent (overwritten or deleted) version in a versioned bucket.
 * A year of monthly restore points and a margin; a copy kept longer holds the rows of users who
 * asked to be erased long after the database forgot them. The vault locks cap retention at it
 * (`maxRetentionDays`), so even an on-demand backup cannot outlive it.
 */
export const RECOVERY_RETENTION_LIMIT_DAYS = 400;

/** Fewest days a versioned bucket keeps noncurrent versions: the time to notice a bad overwrite or delete. */
export const NONCURRENT_VERSION_FLOOR_DAYS = 30;

/**
 * The longest the parts of a multipart upload nobody completed or aborted are kept. S3 stores and
 * bills them without listing them anywhere (ListObjects shows no part), so only a lifecycle rule's
 * AbortIncompleteMultipartUpload for every object removes them; a week covers any upload in progress.
 */
export const INCOMPLETE_UPLOAD_LIMIT_DAYS = 7;

/** Bounds of a CloudWatch log group's retention, in days (both values CloudWatch Logs accepts). */
export interface LogRetentionBounds {
    /** Fewest days the logs are kept. */
    floor: number;
    /** Most days the logs are kept. */
    limit: number;
}

/**
 * Application and infrastructure logs (requests with user ids, slow statements with literals):
 * a month to investigate at least, a year at most. Audit logs (CloudTrail, flow logs, WAF logs,
 * ECS Exec sessions: who did what, from where): FSBP CloudWatch.16's year at least, three years at
 * most (1096 is a value CloudWatch Logs accepts).
 */
export const LOG_RETENTION_DAYS: Readonly<Record<"application" | "audit", LogRetentionBounds>> = {
    application: { floor: 30, limit: 365 },
    audit: { floor: 365, limit: 1096 },
};

/**
 * Log group names (case-insensitive regular expressions) that hold audit logs, as the program
 * names them: the trail's (`/aws/cloudtrail/…`), VPC flow logs (`/vpc/…-flow-logs`), WAF logs
 * (`aws-waf-logs-…`, the prefix WAF requires) and ECS Exec sessions (`…/execute-command`).
 */
export const AUDIT_LOG_GROUP_PATTERNS: readonly string[] = ["cloudtrail", "audit", "flow-logs?", "^aws-waf-logs-", "execute-command"];

/**
 * The longest an EventBridge archive keeps events: the application logs' limit. An archive of a
 * bus holds what its events carry (CloudTrail API calls with their request parameters, findings
 * with addresses and principals), the same data as the logs, for replay.
 */
export const EVENT_ARCHIVE_LIMIT_DAYS = LOG_RETENTION_DAYS.application.limit;
