import { cloudwatchAlarmActions } from "../../policy/cloudwatch/alarmActions";
import { cloudwatchDatabaseConnectionsAlarm } from "../../policy/cloudwatch/databaseConnectionsAlarm";
import { cloudwatchLogRetention } from "../../policy/cloudwatch/logRetention";
import { cloudwatchServiceCpuAlarm } from "../../policy/cloudwatch/serviceCpuAlarm";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN_OBJECT } from "./support/harness";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;

describe("cloudwatch-log-retention", () => {
    resourceTable(cloudwatchLogRetention, {
        type: "aws:cloudwatch/logGroup:LogGroup", name: "backend-logs",
        props: { name: "/ecs/expertconnect-prod-backend", retentionInDays: 30, tags: TAGS },
    }, {
        passes: {
            "an audit log group keeps a year": { change: r => { r.props.name = "/aws/cloudtrail/expertconnect-trail"; r.props.retentionInDays = 365; } },
        },
        violations: {
            "retention is unset (never expires)": { change: r => delete r.props.retentionInDays, message: /retentionInDays is not set/ },
            "retention is 0 (never expires)": { change: r => { r.props.retentionInDays = 0; }, message: /retentionInDays is not set/ },
            "application logs keep 14 days": { change: r => { r.props.retentionInDays = 14; }, message: /14; the minimum for application logs is 30/ },
            "audit logs keep 90 days": {
                change: r => { r.props.name = "/aws/cloudtrail/expertconnect-trail"; r.props.retentionInDays = 90; }, message: /90; the minimum for audit logs is 365/,
            },
            "a configured audit pattern matches": {
                config: { auditLogGroupPatterns: ["^/ecs/"] }, message: /30; the minimum for audit logs is 365/,
            },
            "a configured application minimum is higher": { config: { minimumRetentionDays: 90 }, message: /30; the minimum for application logs is 90/ },
        },
    });
});

const cpuAlarm: StackResourceInput = {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "backend-cpu-high",
    props: {
        name: "expertconnect-backend-cpu-high", namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average",
        period: 300, evaluationPeriods: 2, threshold: 80, comparisonOperator: "GreaterThanThreshold",
        dimensions: { ClusterName: "expertconnect-prod-cluster", ServiceName: "expertconnect-prod-backend" },
        alarmActions: [TOPIC], okActions: [TOPIC], tags: TAGS,
    },
};

describe("cloudwatch-alarm-actions", () => {
    const topic = (region: string) => `arn:aws:sns:${region}:123456789012:expertconnect-alarms`;
    resourceTable(cloudwatchAlarmActions, cpuAlarm, {
        passes: {
            "the alarm's topics are in its region": { change: r => { r.props.arn = "arn:aws:cloudwatch:us-west-2:123456789012:alarm:x"; r.props.alarmActions = [topic("us-west-2")]; r.props.okActions = [topic("us-west-2")]; } },
            "a new alarm (region not known yet) names a topic": { change: r => { delete r.props.arn; r.props.alarmActions = [topic("us-east-1")]; } },
        },
        violations: {
            "a dr alarm notifies prod's topic in another region": {
                change: r => { r.props.arn = "arn:aws:cloudwatch:us-west-2:123456789012:alarm:x"; r.props.alarmActions = [topic("us-east-1")]; },
                message: /is a topic in us-east-1, not the alarm's region us-west-2/,
            },
            "the OK action goes to another region's topic": {
                change: r => { r.props.region = "us-east-1"; r.props.alarmActions = [topic("us-east-1")]; r.props.okActions = [topic("eu-west-1")]; }, message: /topic in eu-west-1/,
            },
            "the alarm has no actions": { change: r => delete r.props.alarmActions, message: /alarmActions is empty/ },
            "the action list is empty": { change: r => { r.props.alarmActions = []; }, message: /alarmActions is empty/ },
            "actions are disabled": { change: r => { r.props.actionsEnabled = false; }, message: /actionsEnabled is false/ },
        },
    });
});

describe("cloudwatch-ecs-cpu-alarm", () => {
    const stack: StackResourceInput[] = [
        { type: "aws:ecs/service:Service", name: "backend-service", props: { name: "expertconnect-prod-backend", cluster: "arn:cluster" } },
        cpuAlarm,
    ];
    const alarm = (s: StackResourceInput[]) => named(s, "backend-cpu-high");
    stackTable(cloudwatchServiceCpuAlarm, stack, {
        passes: {
            "the alarm uses metric math": {
                change: s => {
                    const a = alarm(s);
                    for (const k of ["namespace", "metricName", "dimensions", "statistic", "period"]) {
                        delete a.props[k];
                    }
                    a.props.metricQueries = [{ id: "cpu", returnData: true, metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", period: 60, stat: "Maximum",
                        dimensions: { ClusterName: "expertconnect-prod-cluster", ServiceName: "expertconnect-prod-backend" } } }];
                },
            },
            "the dimensions are unknown during preview": { change: s => { alarm(s).props.dimensions = UNKNOWN_OBJECT; } },
            "a second, slower alarm beside one that warns in time": { change: s => { s.push({ ...cpuAlarm, name: "backend-cpu-daily", props: { ...cpuAlarm.props, name: "daily", period: 86400 } }); } },
            "datapoints to alarm shorten the wait": { change: s => { alarm(s).props.period = 300; alarm(s).props.evaluationPeriods = 12; alarm(s).props.datapointsToAlarm = 3; } },
        },
        violations: {
            "the alarm's threshold is one CPU can never reach": { change: s => { alarm(s).props.threshold = 100000; }, message: /expertconnect-prod-backend's CPUUtilization alarm cannot warn in time: its threshold 100000 is above 95/ },
            "the alarm compares downward": { change: s => { alarm(s).props.comparisonOperator = "LessThanThreshold"; }, message: /compares LessThanThreshold: a rise never sets it off/ },
            "the alarm needs a day of datapoints": { change: s => { alarm(s).props.evaluationPeriods = 288; }, message: /needs 288 datapoints of 300 s \(1440 minutes\) to fire, more than 30/ },
            "a configured tighter limit the alarm misses": { config: { maximumMinutesToAlarm: 5 }, message: /\(10 minutes\) to fire, more than 5/ },
            "the service has no alarm": { change: s => { s.splice(1); }, message: /expertconnect-prod-backend has no CPUUtilization alarm/ },
            "the alarm watches another service": {
                change: s => { (alarm(s).props.dimensions as Record<string, string>).ServiceName = "expertconnect-prod-frontend"; }, message: /expertconnect-prod-backend has no/,
            },
            "the alarm watches memory instead": { change: s => { alarm(s).props.metricName = "MemoryUtilization"; }, message: /has no CPUUtilization alarm/ },
        },
    });
});

describe("cloudwatch-db-connections-alarm", () => {
    const connections: StackResourceInput = {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "db-connections-high",
        props: {
            name: "expertconnect-db-connections-high", namespace: "AWS/RDS", metricName: "DatabaseConnections", statistic: "Average",
            period: 300, evaluationPeriods: 2, threshold: 278, comparisonOperator: "GreaterThanThreshold",
            dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" }, alarmActions: [TOPIC],
        },
    };
    stackTable(cloudwatchDatabaseConnectionsAlarm, [primaryDb, connections], {
        passes: { "the only database is a replica (dr standby)": { change: s => { s.splice(0, 2, replicaDb); } } },
        violations: {
            "the database has no alarm": { change: s => { s.splice(1); }, message: /expertconnect-prod-db has no DatabaseConnections alarm/ },
            "the alarm watches another instance": {
                change: s => { (s[1].props.dimensions as Record<string, string>).DBInstanceIdentifier = "expertconnect-dr-db"; }, message: /expertconnect-prod-db has no/,
            },
            "the alarm watches CPU instead": { change: s => { s[1].props.metricName = "CPUUtilization"; }, message: /has no DatabaseConnections alarm/ },
            "the alarm fires only after six hours": { change: s => { s[1].props.period = 3600; s[1].props.evaluationPeriods = 6; }, message: /DatabaseConnections alarm cannot warn in time: it needs 6 datapoints of 3600 s/ },
            "the alarm compares downward": { change: s => { s[1].props.comparisonOperator = "LessThanOrEqualToThreshold"; }, message: /a rise never sets it off/ },
        },
    });
});
