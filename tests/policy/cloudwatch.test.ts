import { cloudwatchAlarmActions } from "../../policy/cloudwatch/alarmActions";
import { cloudwatchAlarmsCanFire } from "../../policy/cloudwatch/alarmsCanFire";
import { cloudwatchDatabaseConnectionsAlarm } from "../../policy/cloudwatch/databaseConnectionsAlarm";
import { cloudwatchEventArchiveRetention } from "../../policy/cloudwatch/eventArchiveRetention";
import { cloudwatchLogRetention } from "../../policy/cloudwatch/logRetention";
import { cloudwatchServiceCpuAlarm } from "../../policy/cloudwatch/serviceCpuAlarm";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, replicaDb, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN, UNKNOWN_OBJECT } from "./support/harness";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;

describe("cloudwatch-log-retention", () => {
    resourceTable(cloudwatchLogRetention, {
        type: "aws:cloudwatch/logGroup:LogGroup", name: "backend-logs",
        props: { name: "/ecs/expertconnect-prod-backend", retentionInDays: 30, tags: TAGS },
    }, {
        passes: {
            "an audit log group keeps a year": { change: r => { r.props.name = "/aws/cloudtrail/expertconnect-trail"; r.props.retentionInDays = 365; } },
            "application logs keep 180 days": { change: r => { r.props.retentionInDays = 180; } },
            "application logs keep the one-year limit": { change: r => { r.props.retentionInDays = 365; } },
            "the trail's logs keep two years": { change: r => { r.props.name = "/aws/cloudtrail/expertconnect-trail"; r.props.retentionInDays = 731; } },
            "flow logs (audit) keep three years": { change: r => { r.props.name = "/vpc/expertconnect-prod-flow-logs"; r.props.retentionInDays = 1096; } },
        },
        violations: {
            "retention is unset (never expires)": { change: r => delete r.props.retentionInDays, message: /retentionInDays is not set/ },
            "application logs keep 10 years": { change: r => { r.props.retentionInDays = 3653; }, message: /3653; application logs are kept at most 365 days/ },
            "application logs keep 400 days": { change: r => { r.props.retentionInDays = 400; }, message: /400; application logs are kept at most 365/ },
            "WAF logs (audit) keep 10 years": { change: r => { r.props.name = "aws-waf-logs-expertconnect-prod"; r.props.retentionInDays = 3653; }, message: /3653; audit logs are kept at most 1096/ },
            "ECS Exec session logs keep 5 years": { change: r => { r.props.name = "/ecs/expertconnect-prod-cluster/execute-command"; r.props.retentionInDays = 1827; }, message: /1827; audit logs are kept at most 1096/ },
            "flow logs (audit) keep 90 days": { change: r => { r.props.name = "/vpc/expertconnect-prod-flow-logs"; r.props.retentionInDays = 90; }, message: /90; the minimum for audit logs is 365/ },
            "a lowered application maximum is exceeded": { config: { maximumRetentionDays: 60 }, change: r => { r.props.retentionInDays = 90; }, message: /90; application logs are kept at most 60/ },
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

describe("cloudwatch-event-archive-retention", () => {
    resourceTable(cloudwatchEventArchiveRetention, {
        type: "aws:cloudwatch/eventArchive:EventArchive", name: "replay-archive",
        props: { name: "expertconnect-replay", eventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`, retentionDays: 30 },
    }, {
        passes: {
            "the archive keeps the limit": { change: r => { r.props.retentionDays = 365; } },
            "the archive keeps a day": { change: r => { r.props.retentionDays = 1; } },
        },
        violations: {
            "retentionDays 0 (EventBridge: indefinitely)": { change: r => { r.props.retentionDays = 0; }, message: /retentionDays is 0, which EventBridge reads as "keep indefinitely"/ },
            "retentionDays unset (default 0: indefinitely)": { change: r => { delete r.props.retentionDays; }, message: /retentionDays is not set, which EventBridge reads as "keep indefinitely"/ },
            "the archive keeps 10 years": { change: r => { r.props.retentionDays = 3650; }, message: /retentionDays is 3650; an archive keeps events at most 365 days/ },
            "a lowered maximum is exceeded": { config: { maximumRetentionDays: 7 }, message: /retentionDays is 30; .*at most 7 days/ },
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
    const composite = (rule: string, props: Record<string, unknown> = {}): StackResourceInput => ({
        type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", name: "traffic-drop",
        props: { alarmName: "expertconnect-traffic-drop", alarmRule: rule, alarmActions: [TOPIC], actionsEnabled: true, ...props },
    });
    const unhealthy = (props: Record<string, unknown>): StackResourceInput => ({
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "backend-unhealthy-hosts",
        props: { name: "expertconnect-backend-unhealthy-hosts", namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", statistic: "Maximum", period: 60, evaluationPeriods: 3, datapointsToAlarm: 2,
            threshold: 0, comparisonOperator: "GreaterThanThreshold", alarmActions: [TOPIC], ...props },
    });
    const silent = (s: StackResourceInput[]) => { s[0].props.actionsEnabled = false; delete s[0].props.alarmActions; delete s[0].props.okActions; };
    stackTable(cloudwatchAlarmActions, [cpuAlarm], {
        passes: {
            "the alarm's topics are in its region": { change: s => { s[0].props.arn = "arn:aws:cloudwatch:us-west-2:123456789012:alarm:x"; s[0].props.alarmActions = [topic("us-west-2")]; s[0].props.okActions = [topic("us-west-2")]; } },
            "a new alarm (region not known yet) names a topic": { change: s => { delete s[0].props.arn; s[0].props.alarmActions = [topic("us-east-1")]; } },
            "a new alarm's ARN is unknown during preview": { change: s => { s[0].props.arn = UNKNOWN; } },
            "a silent child feeds a composite alarm that notifies": { change: s => { silent(s); s.push(composite('ALARM("expertconnect-backend-cpu-high") AND ALARM("expertconnect-synthetic-check-failed")')); } },
            "a scaling alarm acts on a scaling policy only": { change: s => { s[0].props.alarmActions = [`arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:abc:resource/ecs/service/c/backend:policyName/step-out`]; s[0].props.okActions = []; } },
            "the topic plus an SSM OpsItem": { change: s => { (s[0].props.alarmActions as string[]).push("arn:aws:ssm:us-east-1:123456789012:opsitem:/aws/issue#CRITICAL"); } },
            "a 12-hour silence alarm (144 × 5 minutes) at the default limit, on no signal of the facts": { change: s => { Object.assign(s[0].props, { metricName: "CPUReservation", dimensions: { ClusterName: "expertconnect-prod-cluster" }, period: 300, evaluationPeriods: 144 }); } },
            "CPU read with Maximum (stricter than the guide's Average)": { change: s => { s[0].props.statistic = "Maximum"; } },
            "CPU read with p90": { change: s => { delete s[0].props.statistic; s[0].props.extendedStatistic = "p90"; } },
            "a downward CPU alarm (idle service) is another signal, Minimum is fine": { change: s => { Object.assign(s[0].props, { comparisonOperator: "LessThanThreshold", statistic: "Minimum", threshold: 5 }); } },
            "unhealthy hosts on Maximum, 3 of 1-minute periods": { change: s => { s.push(unhealthy({})); } },
            "a 30-minute window on CPU (6 × 5 minutes)": { change: s => { s[0].props.evaluationPeriods = 6; } },
            "a daily S3 storage metric over one day (AWS publishes it once a day)": { change: s => { Object.assign(s[0].props, { namespace: "AWS/S3", metricName: "BucketSizeBytes", dimensions: { BucketName: "b", StorageType: "StandardStorage" }, period: 86400, evaluationPeriods: 1, datapointsToAlarm: 1 }); } },
            "a silent child named by ARN in the composite's rule": {
                change: s => { silent(s); s[0].props.arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:expertconnect-backend-cpu-high"; s.push(composite("ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:expertconnect-backend-cpu-high) OR OK(x)")); },
            },
        },
        violations: {
            "a dr alarm notifies prod's topic in another region": {
                change: s => { s[0].props.arn = "arn:aws:cloudwatch:us-west-2:123456789012:alarm:x"; s[0].props.alarmActions = [topic("us-east-1")]; },
                message: /is a topic in us-east-1, not the alarm's region us-west-2/,
            },
            "the OK action goes to another region's topic": {
                change: s => { s[0].props.region = "us-east-1"; s[0].props.alarmActions = [topic("us-east-1")]; s[0].props.okActions = [topic("eu-west-1")]; }, message: /topic in eu-west-1/,
            },
            "the alarm has no actions": { change: s => { delete s[0].props.alarmActions; }, message: /alarmActions is empty/ },
            "a daily S3 storage metric over two days": {
                change: s => { Object.assign(s[0].props, { namespace: "AWS/S3", metricName: "BucketSizeBytes", dimensions: { BucketName: "b", StorageType: "StandardStorage" }, period: 86400, evaluationPeriods: 2, datapointsToAlarm: 2 }); },
                message: /needs 2 datapoints of 86400 s \(2880 minutes\) to fire, more than 1440/,
            },
            "the action list is empty": { change: s => { s[0].props.alarmActions = []; }, message: /alarmActions is empty/ },
            "actions are disabled": { change: s => { s[0].props.actionsEnabled = false; }, message: /actionsEnabled is false/ },
            "a silent child of a composite whose own actions are disabled": { change: s => { silent(s); s.push(composite('ALARM("expertconnect-backend-cpu-high")', { actionsEnabled: false })); }, message: /actionsEnabled is false/ },
            "a silent child of a composite without actions": { change: s => { silent(s); s.push(composite('ALARM("expertconnect-backend-cpu-high")', { alarmActions: [] })); }, message: /alarmActions is empty/ },
            "the only action is an EC2 recover action": { change: s => { s[0].props.alarmActions = ["arn:aws:automate:us-east-1:ec2:recover"]; s[0].props.okActions = []; }, message: /alarmActions \(arn:aws:automate:us-east-1:ec2:recover\) names no SNS topic/ },
            "a reboot and a scaling action, no topic": {
                change: s => { s[0].props.alarmActions = ["arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0", `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:x`]; }, message: /names no SNS topic/,
            },
            "a day-long period × 7 (a week to alarm)": { change: s => { Object.assign(s[0].props, { period: 86400, evaluationPeriods: 7, datapointsToAlarm: 7 }); }, message: /needs 7 datapoints of 86400 s \(10080 minutes\) to fire, more than 720/ },
            "two hourly datapoints under a stricter limit (datapointsToAlarm counts, not evaluationPeriods)": { config: { maximumMinutesToAlarm: 60 }, change: s => { Object.assign(s[0].props, { period: 3600, evaluationPeriods: 3, datapointsToAlarm: 2 }); }, message: /2 datapoints of 3600 s \(120 minutes\) to fire, more than 60/ },
            "unhealthy hosts read with Minimum (every sample must be bad)": { change: s => { s.push(unhealthy({ statistic: "Minimum" })); }, message: /reads UnHealthyHostCount \(unhealthy targets\) with the Minimum statistic.*use Maximum, Average, Sum/ },
            "unhealthy hosts over 60 periods of a minute": { change: s => { s.push(unhealthy({ evaluationPeriods: 60, datapointsToAlarm: 60 })); }, message: /evaluation window \(60 periods of 60 s, 60 minutes\) is longer than the 15 minutes unhealthy targets may go unpaged/ },
            "CPU read with Minimum": { change: s => { s[0].props.statistic = "Minimum"; }, message: /CPUUtilization .* with the Minimum statistic/ },
            "CPU read with a low percentile": { change: s => { delete s[0].props.statistic; s[0].props.extendedStatistic = "p10"; }, message: /with the p10 statistic/ },
            "free storage read with Maximum": {
                change: s => { s.push({ ...s[0], name: "free-storage", props: { ...s[0].props, name: "free-storage", namespace: "AWS/RDS", metricName: "FreeStorageSpace", comparisonOperator: "LessThanThreshold", statistic: "Maximum", threshold: 5e9, dimensions: { DBInstanceIdentifier: "db" } } }); },
                message: /FreeStorageSpace .* with the Maximum statistic.*use Minimum, Average/,
            },
            "an hour-long CPU window (12 of 12 periods, 2 to alarm)": { change: s => { Object.assign(s[0].props, { evaluationPeriods: 12, datapointsToAlarm: 2 }); }, message: /12 periods of 300 s, 60 minutes\) is longer than the 30 minutes/ },
            "a metric-math alarm over unhealthy hosts with a long window": {
                change: s => { s.push({ ...s[0], name: "math", props: { name: "math", comparisonOperator: "GreaterThanThreshold", threshold: 0, evaluationPeriods: 30, alarmActions: [TOPIC], metricQueries: [{ id: "r", expression: "m", returnData: true }, { id: "m", metric: { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", period: 60, stat: "Maximum" } }] } }); },
                message: /30 periods of 60 s, 30 minutes\) is longer than the 15 minutes/,
            },
            "a silent alarm the composite does not read": { change: s => { silent(s); s.push(composite('ALARM("expertconnect-backend-cpu-high-old")')); }, message: /alarmActions is empty/ },
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
        passes: {
            "the only database is a replica (dr standby)": { change: s => { s.splice(0, 2, replicaDb); } },
            "the threshold is exactly 80% of max_connections (360 of 450)": { change: s => { s[1].props.threshold = 360; } },
            "the class upsized to db.m6g.large with the threshold at 80% of its max_connections (720 of 901)": { change: s => { s[0].props.instanceClass = "db.m6g.large"; s[1].props.threshold = 720; } },
            "a configured floor of 10% accepts a low threshold": { config: { minimumShareOfMaxConnections: 0.1 }, change: s => { s[1].props.threshold = 80; } },
        },
        violations: {
            "the database has no alarm": { change: s => { s.splice(1); }, message: /expertconnect-prod-db has no DatabaseConnections alarm/ },
            "the alarm watches another instance": {
                change: s => { (s[1].props.dimensions as Record<string, string>).DBInstanceIdentifier = "expertconnect-dr-db"; }, message: /expertconnect-prod-db has no/,
            },
            "the alarm watches CPU instead": { change: s => { s[1].props.metricName = "CPUUtilization"; }, message: /has no DatabaseConnections alarm/ },
            "the alarm fires only after six hours": { change: s => { s[1].props.period = 3600; s[1].props.evaluationPeriods = 6; }, message: /DatabaseConnections alarm cannot warn in time: it needs 6 datapoints of 3600 s/ },
            "the alarm compares downward": { change: s => { s[1].props.comparisonOperator = "LessThanOrEqualToThreshold"; }, message: /a rise never sets it off/ },
            "the threshold is above 80% of the class's max_connections (450)": { change: s => { s[1].props.threshold = 400; }, message: /threshold 400 is above 360, 80% of the instance's max_connections 450/ },
            "the threshold is above 80% of the parameter group's max_connections": {
                change: s => {
                    s[0].props.parameterGroupName = "prod-params";
                    s.push({ type: "aws:rds/parameterGroup:ParameterGroup", name: "params", props: { name: "prod-params", family: "postgres16", parameters: [{ name: "max_connections", value: "200" }] } });
                },
                message: /threshold 278 is above 160, 80% of the instance's max_connections 200/,
            },
            "a configured lower share": { config: { maximumShareOfMaxConnections: 0.5 }, message: /threshold 278 is above 225, 50% of/ },
            "the guide's flat 80 connections": { change: s => { s[1].props.threshold = 80; }, message: /threshold 80 is below 270, 60% of the instance's max_connections 450: it pages at ordinary load/ },
            "the class upsized to db.m6g.large, the threshold left at 278": { change: s => { s[0].props.instanceClass = "db.m6g.large"; }, message: /threshold 278 is below 541, 60% of the instance's max_connections 901/ },
            "the parameter group raises max_connections to 1000, the threshold left behind": {
                change: s => {
                    s[0].props.parameterGroupName = "prod-params";
                    s.push({ type: "aws:rds/parameterGroup:ParameterGroup", name: "params", props: { name: "prod-params", family: "postgres16", parameters: [{ name: "max_connections", value: "1000" }] } });
                },
                message: /threshold 278 is below 600, 60% of the instance's max_connections 1000/,
            },
        },
    });
});

describe("cloudwatch-alarms-can-fire", () => {
    const alarm = (name: string, props: Record<string, unknown>): StackResourceInput => ({
        type: "aws:cloudwatch/metricAlarm:MetricAlarm", name,
        props: { name: `expertconnect-${name}`, period: 300, evaluationPeriods: 2, comparisonOperator: "GreaterThanThreshold", alarmActions: [TOPIC], ...props },
    });
    const TG = "targetgroup/alb-backend/0bd9";
    const tasks = (expression: string) => ({
        threshold: 0, metricQueries: [
            { id: "result", expression, returnData: true },
            { id: "desired", metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", period: 60, stat: "Average", dimensions: { ClusterName: "cluster", ServiceName: "backend" } } },
            { id: "running", metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", period: 60, stat: "Average", dimensions: { ClusterName: "cluster", ServiceName: "backend" } } },
        ],
    });
    const guard = (expression: string) => (s: StackResourceInput[]) => { (named(s, "alb-5xx-rate-high").props.metricQueries as Array<{ id: string; expression?: string }>)[0].expression = expression; };
    // The static bucket's replication rule and its data-at-risk alarms (policy/lib/facts/alarmSignals.ts DATA_RISK_SIGNALS).
    const REPLICATED = { SourceBucket: "expertconnect-prod-static", DestinationBucket: "expertconnect-prod-static-us-west-2", RuleId: "to-us-west-2" };
    const rule = (s: StackResourceInput[]) => (named(s, "static-rule").props.rules as Array<Record<string, any>>)[0];
    const remove = (s: StackResourceInput[], name: string) => { s.splice(s.indexOf(named(s, name)), 1); };
    /** A lag alarm gated on writes (its RPO is dr-replica-lag-alarm's; the gate is judged here at the ordinary write rate). */
    const gatedLag = (expression: string) => (s: StackResourceInput[]) => {
        const rds = (metricName: string, stat: string) => ({ namespace: "AWS/RDS", metricName, period: 60, stat, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } });
        s.push(alarm("db-replica-lag-high", { threshold: 60, treatMissingData: "breaching", metricQueries: [
            { id: "result", expression, returnData: true }, { id: "lag", metric: rds("ReplicaLag", "Maximum") }, { id: "writes", metric: rds("WriteThroughput", "Average") },
        ] }));
    };
    const stack: StackResourceInput[] = [
        primaryDb,
        { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { arnSuffix: "app/expertconnect-prod-alb/355b", idleTimeout: 60 } },
        { type: "aws:lb/targetGroup:TargetGroup", name: "alb-backend", props: { arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:${TG}`, arnSuffix: TG } },
        { type: "aws:ecs/cluster:Cluster", name: "cluster", props: { name: "cluster" } },
        { type: "aws:synthetics/canary:Canary", name: "canary", props: { name: "expertconnect-check" } },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", numCacheClusters: 2, nodeType: "cache.t4g.small" } },
        { type: "aws:ecs/service:Service", name: "backend-service", props: { name: "backend", desiredCount: 2, loadBalancers: [{ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:${TG}` }] } },
        { type: "aws:appautoscaling/target:Target", name: "backend-scaling", props: { maxCapacity: 5, minCapacity: 1, resourceId: "service/cluster/backend" } },
        { type: "aws:sns/topic:Topic", name: "alarm-topic", props: { name: "expertconnect-alarms", arn: TOPIC } },
        alarm("db-connections-high", { namespace: "AWS/RDS", metricName: "DatabaseConnections", threshold: 360, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } }),
        // The capacity ceilings' alarms (policy/lib/facts/alarmSignals.ts), as Monitoring makes them.
        alarm("db-cpu-high", { namespace: "AWS/RDS", metricName: "CPUUtilization", threshold: 80, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } }),
        alarm("db-freeable-memory-low", { namespace: "AWS/RDS", metricName: "FreeableMemory", threshold: 429496729, comparisonOperator: "LessThanThreshold", dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } }),
        ...["001", "002"].flatMap(n => [
            alarm(`cache-${n}-engine-cpu-high`, { namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", threshold: 80, dimensions: { CacheClusterId: `expertconnect-prod-cache-${n}` } }),
            alarm(`cache-${n}-memory-high`, { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", threshold: 80, dimensions: { CacheClusterId: `expertconnect-prod-cache-${n}` } }),
            alarm(`cache-${n}-evictions`, { namespace: "AWS/ElastiCache", metricName: "Evictions", statistic: "Sum", threshold: 100, dimensions: { CacheClusterId: `expertconnect-prod-cache-${n}` } }),
        ]),
        alarm("backend-memory-high", { namespace: "AWS/ECS", metricName: "MemoryUtilization", threshold: 85, dimensions: { ClusterName: "cluster", ServiceName: "backend" } }),
        alarm("db-free-storage-low", { namespace: "AWS/RDS", metricName: "FreeStorageSpace", threshold: 5368709120, comparisonOperator: "LessThanThreshold", dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } }),
        alarm("alb-latency-p99-high", { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", threshold: 3, dimensions: { LoadBalancer: "app/expertconnect-prod-alb/355b" } }),
        alarm("backend-unhealthy-hosts", { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", threshold: 0, dimensions: { LoadBalancer: "app/expertconnect-prod-alb/355b", TargetGroup: TG } }),
        alarm("backend-tasks-below-desired", tasks("desired - running")),
        alarm("synthetic-check-failed", { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", threshold: 100, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching", dimensions: { CanaryName: "expertconnect-check" } }),
        {
            type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "root-usage-filter",
            props: { name: "expertconnect-root-account-usage", pattern: "{ $.userIdentity.type = \"Root\" }", metricTransformation: { namespace: "ExpertConnect/Security", name: "RootAccountUsage", value: "1" } },
        },
        alarm("root-usage", { namespace: "ExpertConnect/Security", metricName: "RootAccountUsage", statistic: "Sum", threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" }),
        { type: "aws:s3/bucket:Bucket", name: "static", props: { bucket: "expertconnect-prod-static", arn: "arn:aws:s3:::expertconnect-prod-static", region: "us-east-1" } },
        { type: "aws:s3/bucket:Bucket", name: "static-replica", props: { bucket: "expertconnect-prod-static-us-west-2", arn: "arn:aws:s3:::expertconnect-prod-static-us-west-2", region: "us-west-2" } },
        {
            type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "static-rule",
            props: { bucket: "expertconnect-prod-static", rules: [{ id: "to-us-west-2", status: "Enabled", destination: {
                bucket: "arn:aws:s3:::expertconnect-prod-static-us-west-2", replicationTime: { status: "Enabled", time: { minutes: 15 } }, metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            } }] },
        },
        // Each where S3 publishes its metric: failures in the source's region, latency in the replica's.
        alarm("static-replication-failed", { namespace: "AWS/S3", metricName: "OperationsFailedReplication", statistic: "Sum", threshold: 0, evaluationPeriods: 1, dimensions: REPLICATED, region: "us-east-1" }),
        alarm("static-replication-late", { namespace: "AWS/S3", metricName: "ReplicationLatency", statistic: "Maximum", threshold: 900, evaluationPeriods: 1, dimensions: REPLICATED, region: "us-west-2" }),
        alarm("alb-5xx-rate-high", { threshold: 5, metricQueries: [
            { id: "result", expression: "IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)", returnData: true },
            { id: "errors", metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", period: 300, stat: "Sum", dimensions: { LoadBalancer: "app/expertconnect-prod-alb/355b" } } },
            { id: "requests", metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", period: 300, stat: "Sum", dimensions: { LoadBalancer: "app/expertconnect-prod-alb/355b" } } },
        ] }),
    ];
    stackTable(cloudwatchAlarmsCanFire, stack, {
        passes: {
            "the connections threshold follows a larger class": { change: s => { named(s, "database-instance").props.instanceClass = "db.t3.large"; named(s, "db-connections-high").props.threshold = 720; } },
            "a threshold is unknown during preview": { change: s => { named(s, "db-connections-high").props.threshold = UNKNOWN; } },
            "the ALB's idle timeout is raised above the latency threshold": { change: s => { named(s, "alb").props.idleTimeout = 300; named(s, "alb-latency-p99-high").props.threshold = 120; } },
            "a second canary alarm without breaching beside the one with": { change: s => { s.push(alarm("canary-duration", { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", threshold: 90, comparisonOperator: "LessThanThreshold", treatMissingData: "notBreaching", dimensions: { CanaryName: "expertconnect-check" } })); } },
            "a filter's value read from the log event is not bounded": { change: s => { const t = named(s, "root-usage-filter").props.metricTransformation as Record<string, unknown>; t.value = "$.count"; } },
            "a filter emitting 0 and 1 feeds a Maximum alarm at 1": { change: s => { (named(s, "root-usage-filter").props.metricTransformation as Record<string, unknown>).defaultValue = "0"; Object.assign(named(s, "root-usage").props, { statistic: "Maximum" }); } },
            "a new alarm on a published metric of a member cache cluster": { change: s => { s.push(alarm("cache-002-memory", { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", threshold: 80, unit: "Percent", dimensions: { CacheClusterId: "expertconnect-prod-cache-002" } })); } },
            "p95 instead of p99 with the published unit": { change: s => { Object.assign(named(s, "alb-latency-p99-high").props, { extendedStatistic: "p95", unit: "Seconds" }); } },
            "a per-command latency metric of the cache's family": { change: s => { s.push(alarm("cache-get-latency", { namespace: "AWS/ElastiCache", metricName: "GetTypeCmdsLatency", threshold: 1000, dimensions: { CacheClusterId: "expertconnect-prod-cache-001" } })); } },
            "a dimension value unknown during preview": { change: s => { named(s, "db-free-storage-low").props.dimensions = { DBInstanceIdentifier: UNKNOWN }; } },
            "the database's identifier is unknown during preview": { change: s => { named(s, "database-instance").props.identifier = UNKNOWN; named(s, "db-free-storage-low").props.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db-new" }; } },
            "a namespace the facts do not state": { change: s => { s.push(alarm("sqs-age", { namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", threshold: 60000, dimensions: { StreamName: "x" } })); } },
            "a filter-fed metric read with the filter's unit (None when unset)": { change: s => { named(s, "root-usage").props.unit = "None"; } },
            "a filter-fed metric read with the filter's dimension": {
                change: s => { (named(s, "root-usage-filter").props.metricTransformation as Record<string, unknown>).dimensions = { Region: "$.awsRegion" }; named(s, "root-usage").props.dimensions = { Region: "us-east-1" }; },
            },
            "a custom metric is not bounded by the pack": { change: s => { s.push(alarm("custom", { namespace: "ExpertConnect", metricName: "Anything", threshold: -5, comparisonOperator: "LessThanThreshold" })); } },
            // Capacity ceilings (policy/lib/facts/alarmSignals.ts) and request guards (policy/lib/facts/traffic.ts).
            "host CPUUtilization at 45% (90 / 2 vCPUs) beside the engine alarm": { change: s => { s.push(alarm("cache-001-host-cpu", { namespace: "AWS/ElastiCache", metricName: "CPUUtilization", threshold: 45, dimensions: { CacheClusterId: "expertconnect-prod-cache-001" } })); } },
            "a 16-vCPU node type with the engine alarms unchanged": { change: s => { named(s, "cache").props.nodeType = "cache.r6g.4xlarge"; } },
            "the burstable database's CPU watched by CPUCreditBalance instead": { change: s => { Object.assign(named(s, "db-cpu-high").props, { metricName: "CPUCreditBalance", comparisonOperator: "LessThanThreshold", threshold: 20 }); } },
            "free storage at 5 GiB after autoscaling grew the volume to 800 GiB": { change: s => { named(s, "database-instance").props.allocatedStorage = 800; } },
            "free storage at 10% of a 100 GiB allocation": { change: s => { named(s, "database-instance").props.allocatedStorage = 100; named(s, "db-free-storage-low").props.threshold = 10 * 1024 ** 3; } },
            "the target group's health watched by HealthyHostCount below 1": { change: s => { Object.assign(named(s, "backend-unhealthy-hosts").props, { metricName: "HealthyHostCount", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1 }); } },
            "a target group no service registers with needs no health alarm": { change: s => { s.push({ type: "aws:lb/targetGroup:TargetGroup", name: "spare", props: { arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/spare/1`, arnSuffix: "targetgroup/spare/1" } }); } },
            "a ceiling watched by a composite alarm's silenced child": {
                change: s => {
                    Object.assign(named(s, "cache-002-evictions").props, { alarmActions: [] });
                    s.push({ type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", name: "cache-pressure", props: { alarmName: "cache-pressure", alarmRule: "ALARM(\"expertconnect-cache-002-evictions\")", alarmActions: [TOPIC] } });
                },
            },
            "the 5xx guard raised to 100 requests a minute": { change: guard("IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)") },
            // Data-at-risk signals: each replication rule's failures and lateness page once past their bound.
            "the lateness alarm tightened to 10 minutes": { change: s => { named(s, "static-replication-late").props.threshold = 600; } },
            "the failures alarm at >= 1 with its Maximum": { change: s => { Object.assign(named(s, "static-replication-failed").props, { comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1, statistic: "Maximum" }); } },
            "a second, looser lateness alarm beside the RTC one": {
                change: s => { s.push(alarm("static-replication-very-late", { namespace: "AWS/S3", metricName: "ReplicationLatency", statistic: "Maximum", threshold: 3600, dimensions: REPLICATED })); },
            },
            "the lateness alarm in metric math over minutes": {
                change: s => { Object.assign(named(s, "static-replication-late").props, { namespace: undefined, metricName: undefined, statistic: undefined, dimensions: undefined, threshold: 15, metricQueries: [
                    { id: "minutes", expression: "latency / 60", returnData: true },
                    { id: "latency", metric: { namespace: "AWS/S3", metricName: "ReplicationLatency", period: 300, stat: "Maximum", dimensions: REPLICATED } },
                ] }); },
            },
            "a paused rule (Disabled) publishes nothing to watch": { change: s => { rule(s).status = "Disabled"; remove(s, "static-replication-failed"); remove(s, "static-replication-late"); } },
            "a rule without metrics or RTC publishes nothing to watch": {
                change: s => { delete rule(s).destination.metrics; delete rule(s).destination.replicationTime; remove(s, "static-replication-failed"); remove(s, "static-replication-late"); },
            },
            "the rule's id is unknown during preview": { change: s => { rule(s).id = UNKNOWN; } },
            "a replica-lag alarm gated on the program's 50,000 bytes a second": { change: gatedLag("IF(writes > 50000, lag, 0)") },
            "a flood alarm on request counts alone": {
                change: s => {
                    const requests = (named(s, "alb-5xx-rate-high").props.metricQueries as object[])[2];
                    s.push(alarm("alb-flood", { threshold: 0, metricQueries: [{ id: "result", expression: "IF(requests > 100000, 1, 0)", returnData: true }, requests] }));
                },
            },
            // What AWS publishes beyond names (policy/lib/facts/awsMetrics.ts): resolution, unit scale, region.
            "a read-latency alarm at 20 ms, written in seconds (0.02)": { change: s => { s.push(alarm("db-read-latency-high", { namespace: "AWS/RDS", metricName: "ReadLatency", threshold: 0.02, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } })); } },
            "a write-latency alarm at 5 s on gp3 (slow, but within a unit step of its latency)": { change: s => { named(s, "database-instance").props.storageType = "gp3"; s.push(alarm("db-write-latency-high", { namespace: "AWS/RDS", metricName: "WriteLatency", threshold: 5, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } })); } },
            "a 1-minute period on a per-minute metric": { change: s => { named(s, "db-cpu-high").props.period = 60; } },
            "a 10 s period on a custom metric (PutMetricData may store it at 1 s)": { change: s => { s.push(alarm("custom-fast", { namespace: "ExpertConnect", metricName: "QueueDepth", threshold: 10, period: 10 })); } },
            "the canary runs every 5 minutes and its alarm reads 5-minute periods": { change: s => { named(s, "canary").props.schedule = { expression: "rate(5 minutes)" }; } },
            "a bucket-size alarm over daily periods": { change: s => { s.push(alarm("static-size", { namespace: "AWS/S3", metricName: "BucketSizeBytes", period: 86400, evaluationPeriods: 1, threshold: 1e12, dimensions: { BucketName: "expertconnect-prod-static", StorageType: "StandardStorage" } })); } },
            "a billing alarm in us-east-1 over 6-hour periods": { change: s => { s.push(alarm("billing", { namespace: "AWS/Billing", metricName: "EstimatedCharges", statistic: "Maximum", period: 21600, evaluationPeriods: 1, threshold: 3000, region: "us-east-1", dimensions: { Currency: "USD" } })); } },
            "a Route 53 health-check alarm in us-east-1": { change: s => { s.push(alarm("health", { namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", period: 60, threshold: 1, comparisonOperator: "LessThanThreshold", region: "us-east-1", dimensions: { HealthCheckId: "abc" } })); } },
        },
        violations: {
            "the connections threshold is above max_connections": { change: s => { named(s, "db-connections-high").props.threshold = 100000; }, message: /db-connections-high can never fire: .*GreaterThan 100000, but DatabaseConnections cannot exceed the instance's max_connections 450/ },
            "the parameter group sets a lower max_connections": {
                change: s => {
                    named(s, "database-instance").props.parameterGroupName = "prod-params";
                    s.push({ type: "aws:rds/parameterGroup:ParameterGroup", name: "params", props: { name: "prod-params", parameters: [{ name: "max_connections", value: "300" }] } });
                },
                message: /max_connections 300/,
            },
            "a percentage below 0": { change: s => { named(s, "synthetic-check-failed").props.threshold = 0; }, message: /synthetic-check-failed can never fire: .*LessThan 0, but SuccessPercent is a percentage/ },
            "a percentage above 100": { change: s => { s.push(alarm("cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 100 })); }, message: /cpu can never fire/ },
            "free storage below 0 bytes": { change: s => { named(s, "db-free-storage-low").props.threshold = 0; }, message: /FreeStorageSpace is never below 0/ },
            "latency above the ALB's idle timeout": { change: s => { named(s, "alb-latency-p99-high").props.threshold = 120; }, message: /idle timeout of 60 s/ },
            "latency above the default idle timeout": { change: s => { delete named(s, "alb").props.idleTimeout; named(s, "alb-latency-p99-high").props.threshold = 61; }, message: /idle timeout of 60 s/ },
            "unhealthy hosts above the service's maximum capacity": { change: s => { named(s, "backend-unhealthy-hosts").props.threshold = 100; }, message: /cannot exceed the 5 tasks/ },
            "the tasks-below-desired expression is inverted": { change: s => { named(s, "backend-tasks-below-desired").props.metricQueries = tasks("running - desired").metricQueries; }, message: /expression "running - desired" only takes values from -∞ to 0/ },
            "the canary alarm treats missing data as not breaching": { change: s => { named(s, "synthetic-check-failed").props.treatMissingData = "notBreaching"; }, message: /no alarm on CloudWatchSynthetics\/SuccessPercent treats missing data as breaching/ },
            "the root-usage filter emits 0 (its Sum never reaches 1)": {
                change: s => { (named(s, "root-usage-filter").props.metricTransformation as Record<string, unknown>).value = "0"; },
                message: /root-usage can never fire: .*GreaterThanOrEqualTo 1, but the metric filters publishing ExpertConnect\/Security\/RootAccountUsage only emit 0, so their Sum never exceeds 0/,
            },
            "the filter emits 0.5 and the alarm reads its Average against 1": {
                change: s => { (named(s, "root-usage-filter").props.metricTransformation as Record<string, unknown>).value = "0.5"; Object.assign(named(s, "root-usage").props, { statistic: "Average" }); },
                message: /only emit 0.5 \(the Average of those\)/,
            },
            "an alarm watches another DB identifier": { change: s => { named(s, "db-free-storage-low").props.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db-old" }; }, message: /dimension DBInstanceIdentifier expertconnect-prod-db-old is not an RDS instance's identifier this stack holds/ },
            "a cache alarm on a member cluster beyond numCacheClusters": {
                change: s => { s.push(alarm("cache-003-memory", { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", threshold: 80, dimensions: { CacheClusterId: "expertconnect-prod-cache-003" } })); },
                message: /CacheClusterId expertconnect-prod-cache-003 is not a member cluster/,
            },
            "a cache alarm on the replication group id as CacheClusterId": {
                change: s => { s.push(alarm("cache-memory", { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", threshold: 80, dimensions: { CacheClusterId: "expertconnect-prod-cache" } })); },
                message: /CacheClusterId expertconnect-prod-cache is not a member cluster/,
            },
            "a misspelt metric name": { change: s => { named(s, "db-free-storage-low").props.metricName = "FreeStorageSpaces"; }, message: /AWS\/RDS publishes no metric named FreeStorageSpaces \(did you mean FreeStorageSpace/ },
            "a latency alarm on an old load balancer": { change: s => { named(s, "alb-latency-p99-high").props.dimensions = { LoadBalancer: "app/expertconnect-prod-alb/0000" }; }, message: /LoadBalancer app\/expertconnect-prod-alb\/0000 is not an application load balancer's arnSuffix/ },
            "a metric-math query on an old load balancer": {
                change: s => { ((named(s, "alb-5xx-rate-high").props.metricQueries as Array<{ metric?: { dimensions?: object } }>)[1].metric!).dimensions = { LoadBalancer: "app/old/1" }; },
                message: /reads AWS\/ApplicationELB HTTPCode_ELB_5XX_Count.*LoadBalancer app\/old\/1/,
            },
            "a unit other than the published one (Bytes on CPU)": { change: s => { s.push(alarm("cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 80, unit: "Bytes", dimensions: { ClusterName: "cluster", ServiceName: "backend" } })); }, message: /unit Bytes is not the unit Percent AWS publishes CPUUtilization in/ },
            "unit Percent on free storage (published in Bytes)": { change: s => { named(s, "db-free-storage-low").props.unit = "Percent"; }, message: /unit Percent is not the unit Bytes/ },
            "service CPU without the cluster dimension": { change: s => { s.push(alarm("cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 80, dimensions: { ServiceName: "backend" } })); }, message: /CPUUtilization is not published with the dimensions \{ServiceName\}/ },
            "unhealthy hosts per load balancer only (published per target group)": { change: s => { named(s, "backend-unhealthy-hosts").props.dimensions = { LoadBalancer: "app/expertconnect-prod-alb/355b" }; }, message: /UnHealthyHostCount is not published with the dimensions \{LoadBalancer\}/ },
            "a filter-fed metric read with unit Count (the filter publishes None)": { change: s => { named(s, "root-usage").props.unit = "Count"; }, message: /unit Count is not the unit the metric filters publish it in \(None\)/ },
            "a filter-fed metric read with a dimension the filter does not publish": { change: s => { named(s, "root-usage").props.dimensions = { Account: "123456789012" }; }, message: /the metric filters publish it with the dimensions \{\}, not \{Account\}/ },
            "a canary alarm on a canary the stack does not hold": { change: s => { named(s, "synthetic-check-failed").props.dimensions = { CanaryName: "expertconnect-staging" }; }, message: /CanaryName expertconnect-staging is not a canary's name/ },
            "the replica-stalled alarm ignores missing data": {
                change: s => { s.push(alarm("db-replica-stalled", { namespace: "AWS/RDS", metricName: "ReplicaLag", threshold: 360, treatMissingData: "ignore", dimensions: { DBInstanceIdentifier: "expertconnect-dr-db" } })); },
                message: /no alarm on AWS\/RDS\/ReplicaLag treats missing data as breaching \(alarm expertconnect-db-replica-stalled: ignore\)/,
            },
            // Capacity ceilings no alarm pages about, or thresholds that cannot warn before them.
            "no free-storage alarm": { change: s => { s.splice(s.indexOf(named(s, "db-free-storage-low")), 1); }, message: /database expertconnect-prod-db has a capacity ceiling, the database's storage filling up .*no alarm reads FreeStorageSpace \(below\) with DBInstanceIdentifier expertconnect-prod-db/ },
            "no database CPU alarm": { change: s => { s.splice(s.indexOf(named(s, "db-cpu-high")), 1); }, message: /the database's CPU saturating .*no alarm reads CPUUtilization \(above\) or CPUCreditBalance \(below\)/ },
            "CPU credits watched on a class without them": {
                change: s => { named(s, "database-instance").props.instanceClass = "db.m6g.large"; Object.assign(named(s, "db-cpu-high").props, { metricName: "CPUCreditBalance", comparisonOperator: "LessThanThreshold", threshold: 20 }); },
                message: /no alarm reads CPUUtilization \(above\) with DBInstanceIdentifier/,
            },
            "no evictions alarm on the second cache node": { change: s => { s.splice(s.indexOf(named(s, "cache-002-evictions")), 1); }, message: /cache node expertconnect-prod-cache-002 has a capacity ceiling, the cache evicting its working set/ },
            "no service memory alarm": { change: s => { s.splice(s.indexOf(named(s, "backend-memory-high")), 1); }, message: /service backend has a capacity ceiling, a service's tasks reaching their memory limit/ },
            "no health alarm on a registered target group": { change: s => { s.splice(s.indexOf(named(s, "backend-unhealthy-hosts")), 1); }, message: /target group alb-backend has a capacity ceiling, a service's tasks failing their health checks/ },
            "the only evictions alarm notifies a topic outside the stack": {
                change: s => { named(s, "cache-001-evictions").props.alarmActions = [`arn:aws:sns:us-east-1:${ACCOUNT}:someone-else`]; },
                message: /cache node expertconnect-prod-cache-001 .*alarm expertconnect-cache-001-evictions reads it but pages no one/,
            },
            "the only memory alarm has its actions disabled": { change: s => { named(s, "cache-001-memory-high").props.actionsEnabled = false; }, message: /expertconnect-prod-cache-001 .*cache-001-memory-high reads it but pages no one/ },
            "the free-storage alarm compares the wrong way": { change: s => { named(s, "db-free-storage-low").props.comparisonOperator = "GreaterThanThreshold"; }, message: /no alarm reads FreeStorageSpace \(below\)/ },
            "free storage at 5 bytes (GiB meant)": { change: s => { named(s, "database-instance").props.allocatedStorage = 50; named(s, "db-free-storage-low").props.threshold = 5; }, message: /db-free-storage-low on database expertconnect-prod-db's FreeStorageSpace: its threshold 5 bytes .* is below 0.1% of the 50 GiB allocated \(FreeStorageSpace is in bytes\)/ },
            "free storage above half the volume": { change: s => { named(s, "database-instance").props.allocatedStorage = 50; named(s, "db-free-storage-low").props.threshold = 40 * 1024 ** 3; }, message: /above 50% of the 50 GiB allocated .*breached in normal operation/ },
            "freeable memory at 0.5 (GB meant)": { change: s => { named(s, "db-freeable-memory-low").props.threshold = 0.5; }, message: /FreeableMemory: its threshold 0.5 bytes .* below 1% of the class's 4 GiB of memory/ },
            "host CPU at 80% on a 2-vCPU cache node": {
                change: s => { named(s, "cache-001-engine-cpu-high").props.metricName = "CPUUtilization"; },
                message: /cache-001-engine-cpu-high on cache node expertconnect-prod-cache-001's CPUUtilization: its threshold 80% is above 90% of the 50% of host CPU the single-threaded engine can use on 2 vCPUs/,
            },
            "database CPU at 99%": { change: s => { named(s, "db-cpu-high").props.threshold = 99; }, message: /db-cpu-high on database expertconnect-prod-db's CPUUtilization: its threshold 99% is above 95% of 100%: it fires only once the resource is saturated/ },
            "the 5xx rate guarded by 20,000 requests a minute": { change: guard("IF(requests >= 20000, 100 * FILL(errors, 0) / requests, 0)"), message: /alb-5xx-rate-high cannot fire at the stack's ordinary traffic \(300 requests a minute.*only takes values from 0 to 0 at 300 requests a minute/ },
            "the 5xx rate guarded without an else branch": { change: guard("IF(requests > 50000, 100 * errors / requests)"), message: /yields no datapoint at 300 requests a minute/ },
            "the 5xx rate guard inverted": { change: guard("IF(requests < 20000, 0, 100 * FILL(errors, 0) / requests)"), message: /cannot fire at the stack's ordinary traffic/ },
            "the replication-failed alarm removed": {
                change: s => { remove(s, "static-replication-failed"); },
                message: /replication rule to-us-west-2 of expertconnect-prod-static to expertconnect-prod-static-us-west-2 says committed data is at risk through AWS\/S3 OperationsFailedReplication.*once it passes 0, but nothing pages on it in time: no alarm reads OperationsFailedReplication with SourceBucket expertconnect-prod-static/,
            },
            "the replication-late threshold raised to a day": {
                change: s => { named(s, "static-replication-late").props.threshold = 86400; },
                message: /AWS\/S3 ReplicationLatency, replication running later than Replication Time Control's 15 minutes, once it passes 900.*alarm expertconnect-static-replication-late: with ReplicationLatency at 901, just past 900, it needs a value GreaterThan 86400, but ReplicationLatency reads 901/,
            },
            "the replication-late alarm reads the Average": { change: s => { named(s, "static-replication-late").props.statistic = "Average"; }, message: /static-replication-late: it reads ReplicationLatency with the Average statistic.*use Maximum/ },
            "the replication-failed alarm reads the Minimum": { change: s => { named(s, "static-replication-failed").props.statistic = "Minimum"; }, message: /static-replication-failed: it reads OperationsFailedReplication with the Minimum statistic/ },
            "the replication-late alarm compares downward": { change: s => { named(s, "static-replication-late").props.comparisonOperator = "LessThanThreshold"; }, message: /static-replication-late: it compares LessThanThreshold/ },
            "the replication-failed alarm needs a day of datapoints": {
                change: s => { Object.assign(named(s, "static-replication-failed").props, { period: 3600, evaluationPeriods: 24 }); }, message: /static-replication-failed: it needs 24 datapoints of 3600 s/,
            },
            "the replication-failed alarm fires from the 10th failure": { change: s => { named(s, "static-replication-failed").props.threshold = 10; }, message: /with OperationsFailedReplication at 1, just past 0, it needs a value GreaterThan 10/ },
            "the replication-late alarm in the source's region, where S3 publishes no latency": {
                change: s => { named(s, "static-replication-late").props.region = "us-east-1"; },
                message: /alarm expertconnect-static-replication-late: AWS\/S3 publishes ReplicationLatency in the region of its DestinationBucket, and expertconnect-prod-static-us-west-2 is not in the alarm's region us-east-1/,
            },
            "the replication-failed alarm in the replica's region, where S3 publishes no failures": {
                change: s => { named(s, "static-replication-failed").props.region = "us-west-2"; },
                message: /alarm expertconnect-static-replication-failed: AWS\/S3 publishes OperationsFailedReplication in the region of its SourceBucket, and expertconnect-prod-static is not in the alarm's region us-west-2/,
            },
            "the replication-late alarm's actions disabled": { change: s => { named(s, "static-replication-late").props.actionsEnabled = false; }, message: /static-replication-late: it pages no one/ },
            "the replication-late alarm watches another rule": {
                change: s => { named(s, "static-replication-late").props.dimensions = { ...REPLICATED, RuleId: "to-eu-west-1" }; }, message: /no alarm reads ReplicationLatency with SourceBucket/,
            },
            "the lateness in metric math scaled to hours against 900": {
                change: s => { Object.assign(named(s, "static-replication-late").props, { namespace: undefined, metricName: undefined, statistic: undefined, dimensions: undefined, metricQueries: [
                    { id: "hours", expression: "latency / 3600", returnData: true },
                    { id: "latency", metric: { namespace: "AWS/S3", metricName: "ReplicationLatency", period: 300, stat: "Maximum", dimensions: REPLICATED } },
                ] }); },
                message: /with ReplicationLatency at 901, just past 900, it needs a value GreaterThan 900, but the expression "latency \/ 3600" only takes values from 0.25/,
            },
            "a replica-lag alarm gated on 5e10 bytes written a second": {
                change: gatedLag("IF(writes > 50000000000, lag, 0)"),
                message: /db-replica-lag-high cannot fire at the stack's ordinary traffic \(100000 bytes written a second.*only takes values from 0 to 0 at 100000 bytes written a second/,
            },
            "the 5xx rate guarded with && on a per-second rate": { change: guard("IF(requests / 300 >= 100 && errors > 0, 100 * errors / requests, 0)"), message: /cannot fire at the stack's ordinary traffic/ },
            // A period finer than the metric's resolution, a latency threshold in milliseconds, a metric of another region.
            "a 10 s period on RDS CPU (published every minute)": { change: s => { named(s, "db-cpu-high").props.period = 10; }, message: /db-cpu-high reads AWS\/RDS CPUUtilization too finely: its period 10 s is shorter than the metric's resolution: AWS publishes AWS\/RDS CPUUtilization every 60 s, so about 83% of its periods hold no datapoint/ },
            "a 30 s metric-math query period on ALB requests": {
                change: s => { ((named(s, "alb-5xx-rate-high").props.metricQueries as Array<{ metric?: { period?: number } }>)[2].metric as { period: number }).period = 30; },
                message: /alb-5xx-rate-high reads AWS\/ApplicationELB RequestCount too finely: its period 30 s/,
            },
            "a 1-minute period on a canary running every 5 minutes, missing data breaching": {
                change: s => { named(s, "canary").props.schedule = { expression: "rate(5 minutes)" }; named(s, "synthetic-check-failed").props.period = 60; },
                message: /canary expertconnect-check publishes one datapoint per run, every 300 s by its schedule.*treatMissingData breaching those empty periods breach/,
            },
            "an hourly period on S3's daily BucketSizeBytes": {
                change: s => { s.push(alarm("static-size", { namespace: "AWS/S3", metricName: "BucketSizeBytes", period: 3600, threshold: 1e12, dimensions: { BucketName: "expertconnect-prod-static", StorageType: "StandardStorage" } })); },
                message: /every 86400 s/,
            },
            "a read-latency threshold of 20 meant as milliseconds": {
                change: s => { s.push(alarm("db-read-latency-high", { namespace: "AWS/RDS", metricName: "ReadLatency", threshold: 20, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } })); },
                message: /db-read-latency-high can never fire: .*RDS publishes ReadLatency in seconds per I\/O, and gp2 storage is documented at 10 ms per I\/O/,
            },
            "a write-latency threshold of 2 s on io2 (documented sub-millisecond)": {
                change: s => { named(s, "database-instance").props.storageType = "io2"; s.push(alarm("db-write-latency-high", { namespace: "AWS/RDS", metricName: "WriteLatency", threshold: 2, dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" } })); },
                message: /io2 storage is documented at 1 ms per I\/O/,
            },
            "a billing alarm in us-west-2": {
                change: s => { s.push(alarm("billing", { namespace: "AWS/Billing", metricName: "EstimatedCharges", statistic: "Maximum", period: 21600, evaluationPeriods: 1, threshold: 3000, region: "us-west-2", dimensions: { Currency: "USD" } })); },
                message: /AWS publishes AWS\/Billing metrics only in us-east-1, and the alarm is in us-west-2/,
            },
            "a billing alarm over 1-hour periods": {
                change: s => { s.push(alarm("billing", { namespace: "AWS/Billing", metricName: "EstimatedCharges", statistic: "Maximum", period: 3600, evaluationPeriods: 1, threshold: 3000, region: "us-east-1", dimensions: { Currency: "USD" } })); },
                message: /every 21600 s/,
            },
            "a Route 53 health-check alarm in us-west-2": {
                change: s => { s.push(alarm("health", { namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", period: 60, threshold: 1, comparisonOperator: "LessThanThreshold", region: "us-west-2", dimensions: { HealthCheckId: "abc" } })); },
                message: /AWS\/Route53 metrics only in us-east-1/,
            },
            "a CloudFront error-rate alarm in eu-west-1": {
                change: s => { s.push(alarm("cdn-5xx", { namespace: "AWS/CloudFront", metricName: "5xxErrorRate", period: 300, threshold: 5, region: "eu-west-1", dimensions: { DistributionId: "E123", Region: "Global" } })); },
                message: /AWS\/CloudFront metrics only in us-east-1/,
            },
        },
    });
});
