/**
 * The AWS Backup job events that mean a recovery point, its copy or a restore did not happen, as
 * AWS Backup puts them on the default bus (AWS Backup developer guide, "Monitoring AWS Backup
 * events using Amazon EventBridge"; the values are the API's BackupJobState, CopyJobState and
 * RestoreJobStatus). The program's failure rules are built from these and the pack requires a
 * rule of the stack to deliver every one, so the two cannot drift apart.
 * Facts modules import nothing: the program imports them from the pack's folder.
 */

/** The failure values of one job type's event: its detail-type, the detail field and the values. */
export interface JobFailureEvents {
    detailType: string;
    /** Backup and copy events carry `state`, restore events `status`, as the Backup API names them. */
    field: "state" | "status";
    values: readonly string[];
}

/**
 * Backup jobs: FAILED; ABORTED (stopped by someone or by AWS Backup); EXPIRED (the job did not
 * start within the rule's start window, so no recovery point was made). PARTIAL is left out: only
 * the parent job of a composite backup (CloudFormation stacks, SAP HANA) reports it, and its failed
 * children report FAILED themselves.
 */
export const BACKUP_JOB_FAILURES: JobFailureEvents = { detailType: "Backup Job State Change", field: "state", values: ["FAILED", "ABORTED", "EXPIRED"] };

/** Copy jobs (a rule's copy actions, the cross-region copies): CopyJobState has no ABORTED or EXPIRED. */
export const COPY_JOB_FAILURES: JobFailureEvents = { detailType: "Copy Job State Change", field: "state", values: ["FAILED"] };

/** Restore jobs, restore tests included. */
export const RESTORE_JOB_FAILURES: JobFailureEvents = { detailType: "Restore Job State Change", field: "status", values: ["FAILED", "ABORTED"] };
