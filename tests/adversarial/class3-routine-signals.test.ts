/**
 * Class 3: the guide's routine checks (daily logs and credit transactions, weekly slow queries,
 * the connections alarm, the synthetic check) keep reading real data. Each signal is judged by
 * what reaches it: the service that writes an event (the log contract's writer) → the group its
 * container logs to → the metric filter or saved query that reads it; the instance class's
 * max_connections → the alarm's threshold; the canary's schedule and inputs → what it probes and
 * how soon an outage pages.
 */
import { Case, add, all, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CANARY = "aws:synthetics/canary:Canary";
const DB = "aws:rds/instance:Instance";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const QUERY = "aws:cloudwatch/queryDefinition:QueryDefinition";

const connections = (p: (props: any) => void) => edit(ALARM, p, named("monitoring-expertconnect-db-connections-high"));
const canaryEnv = (vars: Record<string, string>) => edit(CANARY, p => { p.runConfig.environmentVariables = { ...p.runConfig.environmentVariables, ...vars }; });
const violations: Case[] = [
    { name: "canary every 10 minutes, its alarm still over 5-minute periods: every other period holds no datapoint, and the alarm treats missing data as breaching", change: edit(CANARY, p => { p.schedule = { expression: "rate(10 minutes)" }; }) },
    { name: "credit-failed metric filter moved to the frontend's log group", change: edit(FILTER, p => { p.logGroupName = "/ecs/expertconnect-prod-frontend"; }, named("app-signals-credit-transactions-failed")) },
    { name: "active-users gauge reads the frontend's group", change: edit(FILTER, p => { p.logGroupName = "/ecs/expertconnect-prod-frontend"; }, named("app-signals-active-users")) },
    { name: "dr: video-failed filter on the frontend's group", stack: "dr", change: edit(FILTER, p => { p.logGroupName = "/ecs/expertconnect-dr-frontend"; }, named("app-signals-video-sessions-failed")) },
    { name: "daily errors-by-service query removed", change: remove(QUERY, named("app-signals-daily-errors-by-service")) },
    { name: "daily errors query drops the frontend's group", change: edit(QUERY, p => { p.logGroupNames = ["/ecs/expertconnect-prod-backend"]; }, named("app-signals-daily-errors-by-service")) },
    { name: "weekly slow-query query on another database's log", change: edit(QUERY, p => { p.logGroupNames = ["/aws/rds/instance/expertconnect-db/postgresql"]; }, named("app-signals-weekly-db-slow-queries")) },
    { name: "daily credit-failures query on the frontend's group", change: edit(QUERY, p => { p.logGroupNames = ["/ecs/expertconnect-prod-frontend"]; }, named("app-signals-daily-credit-failures")) },
    { name: "dr: weekly slow-endpoints query removed", stack: "dr", change: remove(QUERY, named("app-signals-weekly-slowest-endpoints")) },
    { name: "db connections alarm at the guide's flat 80", change: connections(p => { p.threshold = 80; }) },
    { name: "database upsized to db.m6g.large, connections alarm left at 360", change: edit(DB, p => { p.instanceClass = "db.m6g.large"; }) },
    { name: "canary every hour", change: edit(CANARY, p => { p.schedule = { expression: "rate(1 hour)" }; }) },
    { name: "canary every 20 minutes (two failed runs: 40 minutes to the page)", change: edit(CANARY, p => { p.schedule = { expression: "rate(20 minutes)" }; }) },
    { name: "canary on business hours only", change: edit(CANARY, p => { p.schedule = { expression: "cron(0/5 8-17 ? * MON-FRI *)" }; }) },
    { name: "canary probes plain http", change: canaryEnv({ SITE_URL: "http://prod.app.expertconnect.example/" }) },
    { name: "canary ignores the certificate name", change: canaryEnv({ IGNORE_CERTIFICATE_NAME: "true" }) },
    { name: "canary switches Node's TLS verification off", change: canaryEnv({ NODE_TLS_REJECT_UNAUTHORIZED: "0" }) },
    { name: "canary probes the load balancer's own DNS name", change: canaryEnv({ SITE_URL: "https://expertconnect-prod-alb-1234567890.us-east-1.elb.amazonaws.com/", IGNORE_CERTIFICATE_NAME: "true" }) },
];

const compliant: Case[] = [
    { name: "database upsized to db.m6g.large with the connections alarm at 720", change: all(
        edit(DB, p => { p.instanceClass = "db.m6g.large"; }),
        connections(p => { p.threshold = 720; })) },
    { name: "connections alarm at 340 (75% of max_connections)", change: connections(p => { p.threshold = 340; }) },
    { name: "canary every minute", change: edit(CANARY, p => { p.schedule = { expression: "rate(1 minute)" }; }) },
    { name: "canary probes the certificate's apex name", change: canaryEnv({ SITE_URL: "https://app.expertconnect.example/" }) },
    { name: "a new filter counts the frontend's error lines in the frontend's group (every service writes free-form lines)", change: add(FILTER, "frontend-errors", {
        name: "expertconnect-frontend-errors", logGroupName: "/ecs/expertconnect-prod-frontend", pattern: '{ $.level = "ERROR" }',
        metricTransformation: { namespace: "ExpertConnect", name: "FrontendErrors", value: "1", defaultValue: "0", unit: "Count" },
    }) },
    { name: "daily errors query also reads the PostgreSQL log", change: edit(QUERY, p => { p.logGroupNames = [...p.logGroupNames, "/aws/rds/instance/expertconnect-prod-db/postgresql"]; }, named("app-signals-daily-errors-by-service")) },
];

suite("class 3: the routine's checks read real data", violations, compliant);
