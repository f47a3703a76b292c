/**
 * Class 3: data stores and certificates keep themselves healthy without an operator. The
 * database grows its own storage (autoscaling on, on current-generation storage); the database
 * and the cache take minor engine upgrades; every backup, snapshot and maintenance window lies
 * outside the business day (the peak the credit-flow alarm watches) and clear of each other; the
 * HTTPS certificate renews by DNS validation. Changes to the inputs and changes made outside
 * Pulumi (drift: the deployed state's outputs) alike. Each change edits a real stack's export.
 */
import { all, Case, drift, edit, named, suite } from "./support";

const RDS = "aws:rds/instance:Instance";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const CERT = "aws:acm/certificate:Certificate";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const violations: Case[] = [
    // the red team's changes
    { name: "RDS storage autoscaling removed (maxAllocatedStorage 0)", change: edit(RDS, p => { p.maxAllocatedStorage = 0; }) },
    { name: "RDS storage autoscaling drift off", change: drift(RDS, p => { p.maxAllocatedStorage = 0; }) },
    { name: "RDS on magnetic storage", change: edit(RDS, p => { p.storageType = "standard"; }) },
    { name: "cache auto minor upgrade off (ElastiCache.2)", change: edit(REDIS, p => { p.autoMinorVersionUpgrade = false; }) },
    { name: "cache auto minor upgrade drift off", change: drift(REDIS, p => { p.autoMinorVersionUpgrade = false; }) },
    { name: "RDS maintenance window in US business hours", change: edit(RDS, p => { p.maintenanceWindow = "wed:15:00-wed:16:00"; }) },
    { name: "RDS backup window in peak hours", change: edit(RDS, p => { p.backupWindow = "15:00-16:00"; }) },
    { name: "cache maintenance window in peak hours", change: edit(REDIS, p => { p.maintenanceWindow = "wed:15:00-wed:16:00"; }) },
    { name: "ACM certificate EMAIL validation (no managed renewal)", change: edit(CERT, p => { p.validationMethod = "EMAIL"; }) },
    // variants
    { name: "RDS storage ceiling lowered to the allocation (autoscaling off in effect)", change: edit(RDS, p => { p.maxAllocatedStorage = p.allocatedStorage; }) },
    { name: "RDS magnetic storage set in the console (drift)", change: drift(RDS, p => { p.storageType = "standard"; }) },
    { name: "dr: replica autoscaling drift off", stack: "dr", change: drift(RDS, p => { p.maxAllocatedStorage = 0; }) },
    { name: "dr: cache minor upgrades off", stack: "dr", change: edit(REDIS, p => { p.autoMinorVersionUpgrade = false; }) },
    { name: "RDS maintenance window moved in the console to Monday 09:00 (drift)", change: drift(RDS, p => { p.maintenanceWindow = "mon:09:00-mon:09:30"; }) },
    { name: "RDS backup window left to AWS (random within the region's block)", change: edit(RDS, p => { delete p.backupWindow; }) },
    { name: "RDS backup window overlapping the maintenance window", change: edit(RDS, p => { p.backupWindow = "04:00-05:00"; }) },
    { name: "cache snapshot window in peak hours", change: edit(REDIS, p => { p.snapshotWindow = "12:00-13:00"; }) },
    { name: "cache snapshot window moved into the maintenance window", change: edit(REDIS, p => { p.snapshotWindow = "06:00-07:00"; }) },
    { name: "dr: replica maintenance window in peak hours", stack: "dr", change: edit(RDS, p => { p.maintenanceWindow = "thu:13:00-thu:14:00"; }) },
    { name: "ACM certificate switched to EMAIL in the console (drift)", change: drift(CERT, p => { p.validationMethod = "EMAIL"; }) },
];

const compliant: Case[] = [
    { name: "RDS storage autoscaling cap 500 -> 1000", change: edit(RDS, p => { p.maxAllocatedStorage = 1000; }) },
    { name: "RDS on io2 storage", change: edit(RDS, p => { p.storageType = "io2"; p.iops = 3000; }) },
    { name: "RDS maintenance window moved to sat 05:00", change: edit(RDS, p => { p.maintenanceWindow = "sat:05:00-sat:06:00"; }) },
    { name: "RDS backup window moved to 22:00-22:30", change: edit(RDS, p => { p.backupWindow = "22:00-22:30"; }) },
    { name: "cache maintenance window moved to Saturday night", change: edit(REDIS, p => { p.maintenanceWindow = "sat:23:00-sun:00:00"; }) },
    { name: "cache auto minor upgrade stated true", change: edit(REDIS, p => { p.autoMinorVersionUpgrade = true; }) },
    {
        name: "RDS upsized to db.m6g.large with alarm threshold 720", change: all(
            edit(RDS, p => { p.instanceClass = "db.m6g.large"; }),
            edit(ALARM, p => { p.threshold = 720; p.alarmDescription = "Alarm when DB connections exceed 80% of max (720 of db.m6g.large's max_connections)"; }, named("monitoring-expertconnect-db-connections-high"))),
    },
    { name: "RDS backup retention 14 -> 21", change: edit(RDS, p => { p.backupRetentionPeriod = 21; }) },
];

suite("adversarial class 3: data stores and certificates keep themselves healthy without an operator", violations, compliant);
