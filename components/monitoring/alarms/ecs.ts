import { CAPACITY_CEILINGS } from "../../../policy/lib/facts/alarmSignals";
import { AlarmDefinition, AlarmWindow, CRITICAL, SUSTAINED } from "./definition";

/** One ECS service to watch. */
export interface WatchedService {
    /** Short name used in alarm names: `backend`. */
    key: string;
    /** ECS service name: `expertconnect-prod-backend`. */
    serviceName: string;
}

/** Memory percentage of the task's that alarms. */
const MEMORY_PERCENT = CAPACITY_CEILINGS.serviceMemory.signals[0].threshold * 100;

/** The guide's CPU alarm window, exactly: 300-second average, two periods. */
const GUIDE_CPU_WINDOW: AlarmWindow = { period: 300, evaluationPeriods: 2, datapointsToAlarm: 2 };

/**
 * Per-service alarms: CPU (the guide's `expertconnect-backend-cpu-high`, same settings for
 * every service), memory, and running tasks below desired. Names carry no environment: alarm
 * names are regional and each stack has its own region, as the guide's name has none either.
 */
export function ecsServiceAlarms(project: string, clusterName: string, service: WatchedService): AlarmDefinition[] {
    const dimensions = { ClusterName: clusterName, ServiceName: service.serviceName };
    const prefix = `${project}-${service.key}`;
    return [
        {
            name: `${prefix}-cpu-high`,
            description: `Alarm when CPU exceeds 80% (${service.serviceName}, 10-minute average)`,
            metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions, statistic: "Average" },
            window: GUIDE_CPU_WINDOW,
            threshold: 80,
            comparison: "GreaterThanThreshold",
            // No datapoints means no running tasks; the running-tasks alarm covers that.
            treatMissingData: "notBreaching",
        },
        {
            name: `${prefix}-memory-high`,
            description: `Memory above ${MEMORY_PERCENT}% for 15 minutes (${service.serviceName}); tasks near their limit are OOM-killed`,
            metric: { namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions, statistic: "Average" },
            window: SUSTAINED,
            threshold: MEMORY_PERCENT,
            comparison: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
        {
            name: `${prefix}-tasks-below-desired`,
            description: `Fewer tasks running than desired for 2 of 3 minutes (${service.serviceName}): tasks crash or cannot be placed`,
            metric: {
                expression: "desired - running",
                label: "Tasks missing",
                metrics: {
                    desired: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", dimensions, statistic: "Average" },
                    running: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions, statistic: "Average" },
                },
            },
            window: CRITICAL,
            threshold: 0,
            comparison: "GreaterThanThreshold",
            // Container Insights reports nothing for a service with no tasks wanted (dr pilot
            // light); a service that vanished shows up in the load balancer's alarms.
            treatMissingData: "notBreaching",
        },
    ];
}
