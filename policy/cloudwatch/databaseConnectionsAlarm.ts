import { stackPolicy } from "../lib/define";
import { known, knownString, ofType } from "../lib/stack";
import { METRIC_ALARM, RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { alarmProblem, alarmsOn, MINUTES_TO_ALARM } from "./metrics";

export const cloudwatchDatabaseConnectionsAlarm = stackPolicy<{ maximumMinutesToAlarm: number }>({
    name: "cloudwatch-db-connections-alarm",
    description: "Every primary RDS instance has a CloudWatch alarm on DatabaseConnections (the guide's expertconnect-db-connections-high) that compares upward and fires within maximumMinutesToAlarm.",
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
    },
    validate: (resources, report, { config }) => {
        const alarms = ofType(resources, METRIC_ALARM);
        const primaries = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
        for (const db of primaries) {
            const identifier = knownString(db, "identifier");
            const watching = alarmsOn(alarms, "AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", identifier);
            if (watching.length === 0) {
                report(`RDS instance ${identifier ?? db.name} has no DatabaseConnections alarm.`, db.urn);
                continue;
            }
            const problems = watching.map(a => alarmProblem(a, { maximumMinutes: config.maximumMinutesToAlarm }));
            if (problems.every(p => p !== undefined)) {
                report(`RDS instance ${identifier ?? db.name}'s DatabaseConnections alarm cannot warn in time: ${problems[0]}.`, watching[0].urn);
            }
        }
    },
});
