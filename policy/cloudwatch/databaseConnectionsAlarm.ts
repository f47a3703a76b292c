import { stackPolicy } from "../lib/define";
import { known, knownString, ofType } from "../lib/stack";
import { METRIC_ALARM, RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_ALARMS } from "./alarmActions";
import { hasAlarm, watchedMetrics } from "./metrics";

export const cloudwatchDatabaseConnectionsAlarm = stackPolicy({
    name: "cloudwatch-db-connections-alarm",
    description: "Every primary RDS instance has a CloudWatch alarm on DatabaseConnections (the guide's expertconnect-db-connections-high).",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ALARMS} (expertconnect-db-connections-high)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.cloudwatch.MetricAlarm on AWS/RDS DatabaseConnections with dimension DBInstanceIdentifier, threshold 80% of the class's max_connections.",
    },
    validate: (resources, report) => {
        const watched = watchedMetrics(ofType(resources, METRIC_ALARM));
        const primaries = ofType(resources, RDS_INSTANCE).filter(db => !known(() => db.props.replicateSourceDb, undefined));
        for (const db of primaries) {
            const identifier = knownString(db, "identifier");
            if (!hasAlarm(watched, "AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", identifier)) {
                report(`RDS instance ${identifier ?? db.name} has no DatabaseConnections alarm.`, db.urn);
            }
        }
    },
});
