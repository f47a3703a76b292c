import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

/** The intervals (seconds) RDS accepts for Enhanced Monitoring; 0 switches it off. */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/** Why an instance's Enhanced Monitoring does not work, or undefined when it does. Pure. */
export function monitoringProblem(props: Record<string, unknown>): string | undefined {
    const interval = props.monitoringInterval;
    if (!(MONITORING_INTERVALS as readonly unknown[]).includes(interval)) {
        return `monitoringInterval is ${interval === undefined ? "not set (RDS's default 0 is off)" : JSON.stringify(interval)}; set one of ${MONITORING_INTERVALS.join(", ")} seconds.`;
    }
    // Without a role RDS cannot publish the OS metrics: the interval alone monitors nothing.
    if (typeof props.monitoringRoleArn !== "string" || props.monitoringRoleArn === "") {
        return "monitoringRoleArn is not set: RDS has no role to publish the OS metrics to CloudWatch Logs with.";
    }
    return undefined;
}

export const rdsEnhancedMonitoring = resourcePolicy({
    name: "rds-enhanced-monitoring",
    description: "RDS instances (Aurora cluster instances included) publish Enhanced Monitoring OS metrics: an interval RDS accepts and a role to publish them.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring; Performance Optimization › Database Optimization",
        fsbpControl: "RDS.6",
        remediationSteps: "Set monitoringInterval to 1, 5, 10, 15, 30 or 60 and monitoringRoleArn to a role trusted by monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole (the Database component's defaults).",
    },
    types: [...RDS_INSTANCE, "aws:rds/clusterInstance:ClusterInstance"],
    validate: (props, report) => {
        const problem = monitoringProblem(props);
        if (problem) {
            report(problem);
        }
    },
});
