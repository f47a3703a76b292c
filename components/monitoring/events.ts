/**
 * EventBridge rules that notify the alarm topic about events no metric shows. Pure data, so
 * the patterns are tested without mocks.
 */
import { BACKUP_JOB_FAILURES, COPY_JOB_FAILURES, RESTORE_JOB_FAILURES } from "../../policy/lib/facts/backupEvents";

export interface EventNotification {
    /** Suffix of the rule's logical and physical name: `ecs-deployment-failed`. */
    key: string;
    description: string;
    /** EventBridge event pattern. */
    pattern: Record<string, unknown>;
}

/** GuardDuty severities from 7.0 are High and Critical. */
const GUARDDUTY_MIN_SEVERITY = 7;

/** Backup and copy job states that mean a recovery point or its copy did not happen (both events carry `state`). */
const BACKUP_FAILURE_STATES = [...new Set([...BACKUP_JOB_FAILURES.values, ...COPY_JOB_FAILURES.values])];

/**
 * The notifications of one stack: ECS deployments that failed (a circuit-breaker rollback
 * otherwise looks like a successful deploy, because the old tasks keep serving), GuardDuty
 * findings of high severity, secret rotations that failed, and AWS Backup jobs that failed.
 */
export function eventNotifications(clusterName: string): EventNotification[] {
    return [
        {
            key: "ecs-deployment-failed",
            description: `An ECS deployment in ${clusterName} failed (and was rolled back by the circuit breaker)`,
            pattern: {
                source: ["aws.ecs"],
                "detail-type": ["ECS Deployment State Change"],
                // Events come only from this account and region; the wildcard pins the cluster.
                resources: [{ wildcard: `arn:aws:ecs:*:*:service/${clusterName}/*` }],
                detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
            },
        },
        {
            key: "guardduty-high-severity",
            description: `A GuardDuty finding of severity ${GUARDDUTY_MIN_SEVERITY} or higher`,
            pattern: {
                source: ["aws.guardduty"],
                "detail-type": ["GuardDuty Finding"],
                detail: { severity: [{ numeric: [">=", GUARDDUTY_MIN_SEVERITY] }] },
            },
        },
        {
            key: "backup-job-failed",
            description: "An AWS Backup backup or copy job failed, was aborted or expired",
            pattern: {
                source: ["aws.backup"],
                "detail-type": [BACKUP_JOB_FAILURES.detailType, COPY_JOB_FAILURES.detailType],
                detail: { state: BACKUP_FAILURE_STATES },
            },
        },
        {
            key: "secret-rotation-failed",
            description: "A Secrets Manager rotation failed or was abandoned (the database master password stays as it was)",
            pattern: {
                source: ["aws.secretsmanager"],
                // Secrets Manager reports rotation outcomes as service events through CloudTrail.
                "detail-type": ["AWS Service Event via CloudTrail"],
                detail: { eventName: ["RotationFailed", "RotationAbandoned"] },
            },
        },
        {
            key: "restore-job-failed",
            description: "An AWS Backup restore job (or restore test) failed or was aborted",
            pattern: {
                source: ["aws.backup"],
                "detail-type": [RESTORE_JOB_FAILURES.detailType],
                // Restore events carry `status`, backup and copy events `state`, as in the Backup API.
                detail: { [RESTORE_JOB_FAILURES.field]: [...RESTORE_JOB_FAILURES.values] },
            },
        },
    ];
}

/** Inspector severities that notify: what needs a patched image before the month's routine. */
const IMAGE_FINDING_SEVERITIES = ["HIGH", "CRITICAL"] as const;

/**
 * Amazon Inspector findings of high or critical severity on a container image (ECR enhanced
 * scanning), while active: a new CVE in a running image pages without waiting for a push.
 */
export function imageFindingNotification(): EventNotification {
    return {
        key: "image-vulnerability-found",
        description: `Amazon Inspector found a ${IMAGE_FINDING_SEVERITIES.join(" or ")} vulnerability in an ECR image`,
        pattern: {
            source: ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            detail: {
                severity: [...IMAGE_FINDING_SEVERITIES],
                status: ["ACTIVE"],
                resources: { type: ["AWS_ECR_CONTAINER_IMAGE"] },
            },
        },
    };
}
