import { stackPolicy } from "../lib/define";
import { known, knownString, ofType } from "../lib/stack";
import { METRIC_ALARM, RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { StackBounds } from "./metricBounds";
import { alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "./metrics";

export const cloudwatchDatabaseConnectionsAlarm = stackPolicy<{ maximumMinutesToAlarm: number; maximumShareOfMaxConnections: number; minimumShareOfMaxConnections: number }>({
    name: "cloudwatch-db-connections-alarm",
    description: "Every primary RDS instance has a CloudWatch alarm on DatabaseConnections (the guide's expertconnect-db-connections-high) that compares upward, with a threshold between minimumShareOfMaxConnections and maximumShareOfMaxConnections of the instance's max_connections (its parameter group's, or the class's default: the guide-map's 80% of max, not the guide's flat 80, so the threshold follows the class), and fires within maximumMinutesToAlarm.",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ALARMS} (expertconnect-db-connections-high)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.cloudwatch.MetricAlarm on AWS/RDS DatabaseConnections with dimension DBInstanceIdentifier, threshold 80% of the class's max_connections (components/monitoring/maxConnections.ts computes it from the instance class; resize the class and the threshold together).",
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
        minimumShareOfMaxConnections: {
            type: "number",
            minimum: 0,
            maximum: 1,
            default: 0.6,
            description: "Lowest threshold as a share of the instance's max_connections (default 0.6): below it the threshold no longer follows the class (the guide's flat 80 on a class allowing 450, or a threshold left behind by an upsize) and pages at ordinary load, which teaches the on-call to ignore it.",
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
                // A floor above the ceiling (inconsistent config) would refuse every threshold: the ceiling wins.
                minimumThreshold: max === undefined ? undefined : Math.ceil(max * Math.min(config.minimumShareOfMaxConnections, config.maximumShareOfMaxConnections)),
                minimumReason: `${Math.round(config.minimumShareOfMaxConnections * 100)}% of the instance's max_connections ${max}: it pages at ordinary load and does not follow the instance class (set it to 80% of max_connections)`,
            };
            const problems = watching.map(a => alarmProblem(a, limits));
            if (problems.every(p => p !== undefined)) {
                report(`RDS instance ${identifier ?? db.name}'s DatabaseConnections alarm cannot warn in time: ${problems[0]}.`, watching[0].urn);
            }
        }
    },
});
