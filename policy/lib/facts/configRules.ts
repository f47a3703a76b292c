/**
 * The AWS managed Config rules each stack deploys, stated once: the program creates them
 * (components/security/ConfigRecorder.ts) and the pack requires them (config-recorder), so a
 * rule removed, swapped for another source, narrowed or given a weaker parameter is refused,
 * and a new rule is added here. Facts modules import nothing (the pack must stay publishable).
 */

/** An AWS managed Config rule: rule name, source identifier, parameters. */
export interface ManagedRule {
    /** Rule name, unique in the region: `rds-storage-encrypted`. */
    name: string;
    /** AWS managed rule identifier: `RDS_STORAGE_ENCRYPTED`. */
    identifier: string;
    /** Rule parameters (AWS Config takes every value as a string). @default none */
    parameters?: Record<string, string>;
    /**
     * Parameters that are numeric floors the rule holds resources to (a retention, an age):
     * a higher value is stricter, a lower one lets non-compliant resources pass. Every other
     * parameter must keep its value. @default none
     */
    floors?: readonly string[];
}

export interface RuleSelection {
    /** Production: Multi-AZ and deletion protection are required there. */
    production: boolean;
    /** The region records global resource types (IAM): account-wide rules go there only. */
    recordsGlobalResources: boolean;
    /** Minimum automated backup retention, in days (the guide's 7). */
    minBackupRetentionDays: number;
    /** Minimum log group retention, in days. */
    minLogRetentionDays: number;
}

const rule = (identifier: string, parameters?: Record<string, string>, floors?: readonly string[]): ManagedRule => ({
    name: identifier.toLowerCase().replace(/_/g, "-"),
    identifier,
    ...(parameters ? { parameters } : {}),
    ...(floors ? { floors } : {}),
});

/**
 * The managed rules that repeat the policy pack's checks at runtime, so drift made outside
 * Pulumi (console, CLI, another tool) is reported too.
 */
export function managedConfigRules(sel: RuleSelection): ManagedRule[] {
    return [
        // Database
        rule("RDS_STORAGE_ENCRYPTED"),
        // Read replicas (dr in standby) keep no automated backups of their own; the primary does.
        rule("DB_INSTANCE_BACKUP_ENABLED", { backupRetentionMinimum: String(sel.minBackupRetentionDays), checkReadReplicas: "false" }, ["backupRetentionMinimum"]),
        rule("RDS_INSTANCE_PUBLIC_ACCESS_CHECK"),
        rule("RDS_SNAPSHOTS_PUBLIC_PROHIBITED"),
        ...(sel.production ? [rule("RDS_MULTI_AZ_SUPPORT"), rule("RDS_INSTANCE_DELETION_PROTECTION_ENABLED")] : []),
        // Buckets
        rule("S3_BUCKET_SSL_REQUESTS_ONLY"),
        rule("S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED"),
        rule("S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED"),
        rule("S3_BUCKET_VERSIONING_ENABLED"),
        // Audit and detection (a multi-region trail counts in every region)
        rule("CLOUD_TRAIL_ENABLED"),
        rule("MULTI_REGION_CLOUD_TRAIL_ENABLED"),
        rule("CLOUD_TRAIL_ENCRYPTION_ENABLED"),
        rule("CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED"),
        rule("CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED"),
        rule("GUARDDUTY_ENABLED_CENTRALIZED"),
        rule("CW_LOGGROUP_RETENTION_PERIOD_CHECK", { MinRetentionTime: String(sel.minLogRetentionDays) }, ["MinRetentionTime"]),
        rule("VPC_FLOW_LOGS_ENABLED"),
        // Keys and notifications
        rule("CMK_BACKING_KEY_ROTATION_ENABLED"),
        rule("SNS_ENCRYPTED_KMS"),
        // Containers
        rule("ECS_TASK_DEFINITION_NONROOT_USER"),
        rule("ECS_CONTAINERS_NONPRIVILEGED"),
        rule("ECS_CONTAINERS_READONLY_ACCESS"),
        rule("ECS_TASK_DEFINITION_LOG_CONFIGURATION"),
        rule("ECR_PRIVATE_IMAGE_SCANNING_ENABLED"),
        rule("ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED"),
        // Load balancer
        rule("ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK"),
        rule("ALB_WAF_ENABLED"),
        rule("ELB_DELETION_PROTECTION_ENABLED"),
        // Cache
        rule("ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST"),
        rule("ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT"),
        rule("ELASTICACHE_REPL_GRP_REDIS_AUTH_ENABLED"),
        // Account-wide (IAM is recorded in one region only)
        ...(sel.recordsGlobalResources ? [rule("IAM_ROOT_ACCESS_KEY_CHECK"), rule("ROOT_ACCOUNT_MFA_ENABLED")] : []),
    ];
}
