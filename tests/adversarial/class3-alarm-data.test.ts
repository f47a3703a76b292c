/**
 * Class 3: alarms AWS accepts that never get data or page too late: a dimension naming a resource
 * the stack does not hold (another DB identifier, a cache member beyond the group's clusters, an
 * old load balancer, prod's database in dr), a misspelt metric name, a unit other than the
 * published one, a statistic blind to the condition or an hour-long window, a security alarm that
 * only opens an OpsItem, a filter-fed metric read with a unit or dimensions its filter does not
 * publish, and the guide's dashboard emptied.
 */
import { ACCOUNT, add, Case, edit, named, suite, tags } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const alarm = (name: string, change: (p: any) => void) => edit(ALARM, change, named(name));
const body = (change: (b: { widgets: any[] }) => void) => edit(DASHBOARD, p => { const b = JSON.parse(p.dashboardBody); change(b); p.dashboardBody = JSON.stringify(b); });

const violations: Case[] = [
    { name: "free-storage alarm watches a different DB identifier", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db-old" }; }) },
    { name: "cache memory alarm on member 003 of a two-cluster group", change: alarm("monitoring-expertconnect-prod-cache-001-memory-high", p => { p.dimensions = { CacheClusterId: "expertconnect-prod-cache-003" }; }) },
    { name: "cache evictions alarm on the replication group id as CacheClusterId", change: alarm("monitoring-expertconnect-prod-cache-002-evictions", p => { p.dimensions = { CacheClusterId: "expertconnect-prod-cache" }; }) },
    { name: "freeable-memory metric name misspelt", change: alarm("monitoring-expertconnect-db-freeable-memory-low", p => { p.metricName = "FreeableMemmory"; }) },
    { name: "ALB 5xx metric name in the wrong case", change: alarm("monitoring-expertconnect-alb-5xx-rate-high", p => { p.metricQueries[1].metric.metricName = "HTTPCode_ELB_5xx_Count"; }) },
    { name: "p99 latency alarm bound to an old ALB id", change: alarm("monitoring-expertconnect-alb-latency-p99-high", p => { p.dimensions = { LoadBalancer: "app/expertconnect-prod-alb/0000000000000000" }; }) },
    { name: "5xx-rate metric math reads requests of an old ALB", change: alarm("monitoring-expertconnect-alb-target-5xx-rate-high", p => { p.metricQueries[2].metric.dimensions = { LoadBalancer: "app/expertconnect-prod-alb/0000000000000000" }; }) },
    { name: "unhealthy-hosts alarm without its target group (never published per load balancer)", change: alarm("monitoring-expertconnect-backend-unhealthy-hosts", p => { delete p.dimensions.TargetGroup; }) },
    { name: "backend CPU alarm with unit Bytes", change: alarm("monitoring-expertconnect-backend-cpu-high", p => { p.unit = "Bytes"; }) },
    { name: "free-storage alarm with unit Percent (published in Bytes)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.unit = "Percent"; }) },
    { name: "canary alarm on a staging canary", change: alarm("synthetic-check-alarm", p => { p.dimensions = { CanaryName: "expertconnect-staging" }; }) },
    { name: "unhealthy-hosts alarm on Minimum, 60 of 60 minutes", change: alarm("monitoring-expertconnect-backend-unhealthy-hosts", p => { p.statistic = "Minimum"; p.evaluationPeriods = 60; p.datapointsToAlarm = 60; }) },
    { name: "unhealthy-hosts alarm on Minimum only", change: alarm("monitoring-expertconnect-frontend-unhealthy-hosts", p => { p.statistic = "Minimum"; }) },
    { name: "free-storage alarm on Maximum (every sample must be low)", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.statistic = "Maximum"; }) },
    { name: "DB CPU alarm over a 2-hour window", change: alarm("monitoring-expertconnect-db-cpu-high", p => { p.evaluationPeriods = 24; p.datapointsToAlarm = 3; }) },
    { name: "root-usage alarm only opens an SSM OpsItem", change: alarm("audit-trail-root-account-usage-alarm", p => { p.alarmActions = [`arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:3#CATEGORY=Security`]; }) },
    { name: "security-group alarm only engages an incident response plan", change: alarm("audit-trail-security-group-changes-alarm", p => { p.alarmActions = [`arn:aws:ssm-incidents::${ACCOUNT}:response-plan/security`]; }) },
    { name: "unauthorized-calls alarm asks for unit Count (its filter publishes None)", change: alarm("audit-trail-unauthorized-api-calls-alarm", p => { p.unit = "Count"; }) },
    { name: "credit-failed alarm reads a Service dimension its filter never publishes", change: alarm("app-signals-expertconnect-credit-transactions-failed", p => { p.dimensions = { Service: "backend" }; }) },
    { name: "guide dashboard body emptied", change: body(b => { b.widgets = []; }) },
    { name: "guide dashboard keeps only the alarm widget", change: body(b => { b.widgets = b.widgets.filter(w => w.type === "alarm"); }) },
    { name: "guide dashboard's RDS widgets on another database", change: edit(DASHBOARD, p => { p.dashboardBody = p.dashboardBody.replaceAll("expertconnect-prod-db", "expertconnect-prod-db-old"); }) },
    { stack: "dr", name: "dr db alarm watches prod's identifier", change: edit(ALARM, p => { p.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db" }; }, r => /db-cpu-high$/.test(r.urn)) },
    { stack: "dr", name: "dr cache alarm on prod's member cluster", change: edit(ALARM, p => { p.dimensions = { CacheClusterId: "expertconnect-prod-cache-001" }; }, r => /dr-cache-001-memory-high$/.test(r.urn)) },
    { stack: "dr", name: "dr dashboard drops the replica lag widget", change: body(b => { b.widgets = b.widgets.filter(w => !/replica lag/i.test(w.properties?.title ?? "")); }) },
];

const compliant: Case[] = [
    { name: "new alarm on the cache's second member: CurrConnections", change: add(ALARM, "monitoring-expertconnect-prod-cache-002-connections", {
        name: "expertconnect-prod-cache-002-connections", namespace: "AWS/ElastiCache", metricName: "CurrConnections", dimensions: { CacheClusterId: "expertconnect-prod-cache-002" },
        statistic: "Maximum", period: 300, evaluationPeriods: 2, threshold: 500, comparisonOperator: "GreaterThanThreshold", alarmActions: [TOPIC], okActions: [TOPIC], tags: tags("monitoring") }) },
    { name: "latency alarm on p95 with the published unit Seconds", change: alarm("monitoring-expertconnect-alb-latency-p99-high", p => { p.extendedStatistic = "p95"; p.unit = "Seconds"; }) },
    { name: "free-storage alarm stricter (10 GiB) with unit Bytes", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 10737418240; p.unit = "Bytes"; }) },
    { name: "unhealthy hosts on Sum over 5 of 1-minute periods", change: alarm("monitoring-expertconnect-backend-unhealthy-hosts", p => { p.statistic = "Sum"; p.evaluationPeriods = 5; }) },
    { name: "new metric-math alarm: DB write IOPS share of reads", change: add(ALARM, "monitoring-expertconnect-db-write-share", {
        name: "expertconnect-db-write-share", comparisonOperator: "GreaterThanThreshold", threshold: 90, evaluationPeriods: 3, alarmActions: [TOPIC], okActions: [TOPIC], tags: tags("monitoring"),
        metricQueries: [
            { id: "result", expression: "100 * w / (r + w + 1)", returnData: true },
            { id: "w", metric: { namespace: "AWS/RDS", metricName: "WriteIOPS", dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" }, period: 300, stat: "Average" } },
            { id: "r", metric: { namespace: "AWS/RDS", metricName: "ReadIOPS", dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" }, period: 300, stat: "Average" } },
        ] }) },
    { name: "credit-failed alarm states the unit its filter publishes (Count)", change: alarm("app-signals-expertconnect-credit-transactions-failed", p => { p.unit = "Count"; }) },
    { name: "root-usage alarm pages the topic and opens an OpsItem", change: alarm("audit-trail-root-account-usage-alarm", p => { p.alarmActions = [...p.alarmActions, `arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:3#CATEGORY=Security`]; }) },
    { name: "guide dashboard gains a WAF widget", change: body(b => { b.widgets.push({ type: "metric", x: 0, y: 99, width: 12, height: 6,
        properties: { title: "WAF blocked", region: "us-east-1", metrics: [["AWS/WAFV2", "BlockedRequests", "WebACL", "expertconnect-prod", "Region", "us-east-1", "Rule", "ALL"]], stat: "Sum", period: 300 } }); }) },
    { stack: "dr", name: "dr: new WAF blocked-requests alarm", change: add(ALARM, "monitoring-expertconnect-dr-waf-blocked", {
        name: "expertconnect-dr-waf-blocked", namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: { WebACL: "expertconnect-dr", Region: "us-west-2", Rule: "ALL" },
        statistic: "Sum", period: 300, evaluationPeriods: 2, threshold: 1000, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
        alarmActions: [`arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`], okActions: [`arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`], tags: tags("monitoring", "dr") }) },
];

suite("adversarial class 3: alarms that get data and page in time", violations, compliant);
