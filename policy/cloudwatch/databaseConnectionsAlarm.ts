import { stackPolicy } from "../lib/define";
import { known, knownString, ofType } from "../lib/stack";
import { METRIC_ALARM, RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { StackBounds } from "./metricBounds";
import { alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "./metrics";

export const cloudwatchDatabaseConnectionsAlarm = stackPolicy<{ maximumMinutesToAlarm: number; maximumShareOfMaxConnections: number }>({
    name: "cloudwatch-db-connections-alarm",
    description: "Every primary RDS instance has a CloudWatch alarm on DatabaseConnections (the guide's expertconnect-db-connections-high) that compares upward, at most maximumShareOfMaxConnections of the instance's max_connections (its parameter group's, or the class's default), and fires within maximumMinutesToAlarm.",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ALARMS} (expertconnect-db-connections-high)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.cloudwatch.MetricAlarm on AWS/RDS DatabaseConnections with dimension DBInstanceIdentifier, threshold 80% of the class's max_connections.",
    },
    config: {
        maximumMinutesToAlarm: MINUTES_TO_ALARM,
        maximumShareOfMaxConnections: {
            type: "number",
            exclusiveMinimum: 0,
            maximum: 1,
            default: 0.8,
            description: "Highest threshold as a share of the instance's max_connections (the guide-map's 80%): above it the alarm warns only when connections are already being refused.",
        },
    },
    validate: (resources, report, { config }) => {
        const alarms = ofType(resources, METRIC_ALARM);
        const stack = new StackBounds(resources);
        const primaries = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
        for (const db of primaries) {
            const identifier = knownString(db, "identifier");
            const watching = alarmsOn(alarms, "AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", identifier);
            if (watching.length === 0) {
                report(`RDS instance ${identifier ?? db.name} has no DatabaseConnections alarm.`, db.urn);
                continue;
            }
            const max = stack.maxConnections(identifier);
            const limits = {
                maximumMinutes: config.maximumMinutesToAlarm,
                maximumThreshold: max === undefined ? undefined : Math.floor(max * config.maximumShareOfMaxConnections),
                thresholdReason: `${Math.round(config.maximumShareOfMaxConnections * 100)}% of the instance's max_connections ${max}`,
            };
            const problems = watching.map(a => alarmProblem(a, limits));
            if (problems.every(p => p !== undefined)) {
                report(`RDS instance ${identifier ?? db.name}'s DatabaseConnections alarm cannot warn in time: ${problems[0]}.`, watching[0].urn);
            }
        }
    },
});
