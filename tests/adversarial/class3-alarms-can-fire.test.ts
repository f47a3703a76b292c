/** Class 3: alarms present but unable to fire: a threshold the metric cannot reach in this stack, or silence read as OK. */
import { all, Case, edit, named, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarm = (name: string, change: (p: any) => void) => edit(ALARM, change, named(name));

const violations: Case[] = [
    { name: "DB connections alarm above the instance's max_connections", change: alarm("monitoring-expertconnect-db-connections-high", p => { p.threshold = 100000; }) },
    { name: "DB connections alarm above 80% of max_connections (guide-map)", change: alarm("monitoring-expertconnect-db-connections-high", p => { p.threshold = 420; }) },
    { name: "canary alarm SuccessPercent below 0", change: alarm("synthetic-check-alarm", p => { p.threshold = 0; }) },
    { name: "DB CPU alarm above 100%", change: alarm("monitoring-expertconnect-db-cpu-high", p => { p.threshold = 101; }) },
    { name: "ALB p99 latency alarm above the idle timeout", change: alarm("monitoring-expertconnect-alb-latency-p99-high", p => { p.threshold = 120; }) },
    { name: "free storage alarm below 0 bytes", change: alarm("monitoring-expertconnect-db-free-storage-low", p => { p.threshold = 0; }) },
    { name: "unhealthy hosts above the services' maximum capacity", change: alarm("monitoring-expertconnect-frontend-unhealthy-hosts", p => { p.threshold = 50; }) },
    { name: "tasks-below-desired expression inverted", change: alarm("monitoring-expertconnect-backend-tasks-below-desired", p => { p.metricQueries[0].expression = "running - desired"; }) },
    { name: "canary alarm treats missing data as notBreaching", change: alarm("synthetic-check-alarm", p => { p.treatMissingData = "notBreaching"; }) },
    { name: "canary alarm ignores missing data", change: alarm("synthetic-check-alarm", p => { p.treatMissingData = "ignore"; }) },
    { stack: "dr", name: "replica-stalled alarm treats missing data as notBreaching", change: alarm("dr-expertconnect-db-replica-stalled", p => { p.treatMissingData = "notBreaching"; }) },
];

const compliant: Case[] = [
    { name: "DB connections alarm stricter (300)", change: alarm("monitoring-expertconnect-db-connections-high", p => { p.threshold = 300; }) },
    { name: "DB resized to db.t3.large with connections alarm at 80% (720)", change: all(edit("aws:rds/instance:Instance", p => { p.instanceClass = "db.t3.large"; }), alarm("monitoring-expertconnect-db-connections-high", p => { p.threshold = 720; })) },
    { name: "ALB p99 latency alarm at 10 s", change: alarm("monitoring-expertconnect-alb-latency-p99-high", p => { p.threshold = 10; }) },
    { name: "unhealthy hosts alarm at 2", change: alarm("monitoring-expertconnect-backend-unhealthy-hosts", p => { p.threshold = 2; }) },
    { name: "backend CPU alarm treatMissingData missing", change: alarm("monitoring-expertconnect-backend-cpu-high", p => { p.treatMissingData = "missing"; }) },
    { stack: "dr", name: "replica lag alarm threshold 60 -> 45", change: alarm("dr-expertconnect-db-replica-lag-high", p => { p.threshold = 45; }) },
];

suite("adversarial class 3: alarms that can never fire", violations, compliant);
