/** A GuardDuty detector feature and its agent-management settings. */
export interface DetectorFeatureSetting {
    name: string;
    status: "ENABLED" | "DISABLED";
    additionalConfigurations?: Array<{ name: string; status: "ENABLED" | "DISABLED" }>;
}

/**
 * Protection plans for what this platform runs: S3 data events (buckets of static assets and
 * backups), RDS login activity (the PostgreSQL database), runtime monitoring of the ECS
 * Fargate tasks with the agent managed by GuardDuty, and Lambda network activity (the database
 * tasks function that creates the app user). There is no EKS or EC2 here, so EKS audit
 * logs and the EKS/EC2 agents are switched off explicitly instead of left to account defaults.
 */
export const detectorFeatures: DetectorFeatureSetting[] = [
    { name: "S3_DATA_EVENTS", status: "ENABLED" },
    { name: "RDS_LOGIN_EVENTS", status: "ENABLED" },
    {
        name: "RUNTIME_MONITORING",
        status: "ENABLED",
        additionalConfigurations: [
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
            { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
        ],
    },
    { name: "LAMBDA_NETWORK_LOGS", status: "ENABLED" },
    { name: "EKS_AUDIT_LOGS", status: "DISABLED" },
];
