/**
 * Class 3: alarms judged by what AWS publishes about each metric beyond its name, unit and
 * dimensions (policy/lib/facts/awsMetrics.ts): its resolution (a period shorter than the interval
 * between datapoints leaves most periods empty: a 10 s period on per-minute RDS CPU, a minute on
 * a canary that runs every 5, an hour on S3's daily storage metrics), the scale of its unit (RDS
 * publishes I/O latency in seconds: 20 meant as milliseconds is a thousand times the storage's
 * documented latency) and the region it is published in (AWS/Billing, AWS/Route53 and
 * AWS/CloudFront only in us-east-1).
 */
import { ACCOUNT, add, Case, edit, named, suite, tags } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CANARY = "aws:synthetics/canary:Canary";
const EAST = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const WEST = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-prod-alarms`;
const DR_TOPIC = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`;
const alarm = (name: string, change: (p: any) => void) => edit(ALARM, change, named(`monitoring-expertconnect-${name}`));

/** A new alarm of the program's shape: one metric, pages the topic given. */
const newAlarm = (name: string, props: Record<string, unknown>, topic = EAST, environment = "prod") => add(ALARM, name, {
    name: `expertconnect-${name}`, evaluationPeriods: 2, datapointsToAlarm: 2, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
    alarmActions: [topic], okActions: [topic], tags: tags("monitoring", environment), ...props,
});
const billing = (props: Record<string, unknown>, topic = EAST, environment = "prod") => newAlarm("billing-high", {
    namespace: "AWS/Billing", metricName: "EstimatedCharges", dimensions: { Currency: "USD" }, statistic: "Maximum", period: 21600, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 3000, ...props,
}, topic, environment);
const healthCheck = (props: Record<string, unknown>, topic = EAST, environment = "prod") => newAlarm("health-check-failed", {
    namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: "dns-app-0932d5c" }, statistic: "Minimum", period: 60, evaluationPeriods: 3,
    comparisonOperator: "LessThanThreshold", threshold: 1, treatMissingData: "breaching", ...props,
}, topic, environment);

const violations: Case[] = [
    // Resolution: periods shorter than the interval between datapoints.
    { name: "db CPU alarm period 10 s on a standard-resolution RDS metric", change: alarm("db-cpu-high", p => { p.period = 10; p.evaluationPeriods = 3; p.datapointsToAlarm = 3; }) },
    { name: "cache memory alarm made 'high resolution': period 30 s on a per-minute ElastiCache metric", change: alarm("prod-cache-001-memory-high", p => { p.period = 30; }) },
    { name: "ALB 5xx-rate metric math reads its counts over 20 s periods", change: alarm("alb-5xx-rate-high", p => { p.metricQueries.forEach((q: any) => { if (q.metric) q.metric.period = 20; }); }) },
    { name: "synthetic alarm period 1 minute while the canary runs every 5 (breaching: 4 of 5 periods page)", change: edit(ALARM, p => { p.period = 60; }, named("synthetic-check-alarm")) },
    { name: "canary slowed to every 15 minutes, its alarm still reads 5-minute periods", change: edit(CANARY, p => { p.schedule = { expression: "rate(15 minutes)" }; }) },
    { name: "new S3 object-count alarm over 5-minute periods (NumberOfObjects is published once a day)",
      change: newAlarm("static-objects-high", { namespace: "AWS/S3", metricName: "NumberOfObjects", dimensions: { BucketName: "expertconnect-prod-static", StorageType: "AllStorageTypes" }, statistic: "Maximum", period: 300, threshold: 10000000 }) },
    { name: "billing alarm in us-east-1 over 5-minute periods (estimated charges arrive a few times a day)", change: billing({ period: 300, region: "us-east-1" }) },
    // Unit scale: milliseconds written into metrics published in seconds.
    { name: "read-latency threshold 20 (ms) while ReadLatency is in seconds", change: alarm("db-read-latency-high", p => { p.threshold = 20; }) },
    { name: "write-latency threshold 50 (ms) while WriteLatency is in seconds", change: alarm("db-write-latency-high", p => { p.threshold = 50; }) },
    { name: "read-latency alarm rebuilt as metric math on the seconds value against 100 (ms meant)", change: alarm("db-read-latency-high", p => {
        p.metricQueries = [{ id: "latency", returnData: true, metric: { namespace: p.namespace, metricName: p.metricName, dimensions: p.dimensions, stat: p.statistic, period: p.period } }];
        delete p.namespace; delete p.metricName; delete p.dimensions; delete p.statistic; delete p.period; p.threshold = 100;
    }) },
    // Region: namespaces published in us-east-1 only.
    { name: "prod: billing alarm created in us-west-2", change: billing({ region: "us-west-2" }, WEST) },
    { name: "dr: billing alarm in the dr stack's own region", stack: "dr", change: billing({}, DR_TOPIC, "dr") },
    { name: "dr: adds a Route 53 health-check alarm in us-west-2", stack: "dr", change: healthCheck({ dimensions: { HealthCheckId: "dns-app-27642e6" } }, DR_TOPIC, "dr") },
    { name: "prod: Route 53 healthy-checkers alarm placed in us-west-2 'next to the replica'", change: healthCheck({ metricName: "HealthCheckPercentageHealthy", threshold: 50, region: "us-west-2" }, WEST) },
    { name: "prod: CloudFront 5xx-rate alarm in us-west-2", change: newAlarm("cdn-5xx-rate-high", { namespace: "AWS/CloudFront", metricName: "5xxErrorRate", dimensions: { DistributionId: "E2EXAMPLE", Region: "Global" }, statistic: "Average", period: 300, threshold: 5, region: "us-west-2" }, WEST) },
];

const compliant: Case[] = [
    { name: "adds a Route 53 health-check alarm in us-east-1 where AWS/Route53 metrics live", change: healthCheck({}) },
    { name: "billing alarm in us-east-1 over 6-hour periods", change: billing({ region: "us-east-1" }) },
    { name: "db CPU alarm reads 1-minute periods (RDS's own resolution), 5 of 5", change: alarm("db-cpu-high", p => { p.period = 60; p.evaluationPeriods = 5; p.datapointsToAlarm = 5; }) },
    { name: "read-latency threshold tightened to 10 ms (0.01 s)", change: alarm("db-read-latency-high", p => { p.threshold = 0.01; }) },
    { name: "read-latency alarm in milliseconds by metric math (1000 * latency) against 20", change: alarm("db-read-latency-high", p => {
        p.metricQueries = [
            { id: "ms", expression: "1000 * latency", returnData: true },
            { id: "latency", metric: { namespace: p.namespace, metricName: p.metricName, dimensions: p.dimensions, stat: p.statistic, period: p.period } },
        ];
        delete p.namespace; delete p.metricName; delete p.dimensions; delete p.statistic; delete p.period; p.threshold = 20;
    }) },
    { name: "canary runs every minute; its alarm keeps 5-minute periods", change: edit(CANARY, p => { p.schedule = { expression: "rate(1 minute)" }; }) },
    { name: "new S3 object-count alarm over daily periods",
      change: newAlarm("static-objects-high", { namespace: "AWS/S3", metricName: "NumberOfObjects", dimensions: { BucketName: "expertconnect-prod-static", StorageType: "AllStorageTypes" }, statistic: "Maximum", period: 86400, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 10000000 }) },
];

suite("adversarial class 3: alarms read as AWS publishes their metrics (resolution, unit scale, region)", violations, compliant);
