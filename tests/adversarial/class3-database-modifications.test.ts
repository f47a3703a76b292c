/**
 * Class 3: when a database or cache modification takes effect and what it does to service,
 * judged from the resulting configuration (policy/lib/facts/databaseModifications.ts).
 * applyImmediately on a store serving production pulls every pending change (engine upgrade,
 * class, CA, storage, a cache's node type) out of the off-peak window into the deployment; a
 * static parameter that cannot be allocated on the class waits for the next reboot or failover
 * and then leaves the instance in incompatible-parameters; the promoted dr primary needs its
 * Multi-AZ now; and the region's role probe follows the dr database's phase. Each change edits
 * the real prod or dr export.
 */
import { all, Case, drServing, edit, named, suite } from "./support";

const RDS = "aws:rds/instance:Instance";
const PG = "aws:rds/parameterGroup:ParameterGroup";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const DATABASE = named("database");
const PARAMS = named("database-params");

/** Adds one parameter to the database's group, with the apply method RDS requires of it unless told. */
const parameter = (name: string, value: string, applyMethod = "pending-reboot") => edit(PG, p => {
    p.parameters = [...p.parameters.filter((x: { name: string }) => x.name !== name), { applyMethod, name, value }];
}, PARAMS);
/** The dr database as the failover phases leave it (components/dr/phase.ts), then `fn`. */
const drPrimary = (phase: string, fn: (p: Record<string, any>) => void = () => undefined) => edit(RDS, p => {
    delete p.replicateSourceDb;
    p.tags = { ...p.tags, FailoverPhase: phase };
    if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase };
    p.deletionProtection = true;
    p.skipFinalSnapshot = false;
    p.finalSnapshotIdentifier = "expertconnect-dr-db-final-snapshot";
    if (phase !== "promote") {
        p.multiAz = true;
        p.applyImmediately = true;
    }
    fn(p);
}, DATABASE);
const roleProbe = (status: "200" | "503") => edit("aws:lb/listenerRule:ListenerRule", p => {
    p.actions = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: status === "200" ? "serving" : "not serving", statusCode: status } }];
}, named("alb-role-probe"));
const scale = (min: number, max: number) => edit("aws:appautoscaling/target:Target", p => { p.minCapacity = min; p.maxCapacity = max; });

const violations: Case[] = [
    // the red team's changes
    { name: "prod database major upgrade 16 -> 17 applied immediately (primary and standby both down during the deploy)", change: all(
        edit(RDS, p => { p.engineVersion = "17"; p.applyImmediately = true; }, DATABASE),
        edit(PG, p => { p.family = "postgres17"; }, PARAMS)) },
    { name: "prod database CA rotated to rds-ca-rsa4096-g1 with applyImmediately (restart mid-day)", change: edit(RDS, p => { p.caCertIdentifier = "rds-ca-rsa4096-g1"; p.applyImmediately = true; }, DATABASE) },
    { name: "prod database instance class change applied immediately", change: edit(RDS, p => { p.instanceClass = "db.t3.large"; p.applyImmediately = true; }, DATABASE) },
    { name: "prod parameter group sets shared_buffers to twice the instance memory (pending-reboot)", change: parameter("shared_buffers", "{DBInstanceClassMemory/4096}") },
    { name: "prod parameter group sets max_connections=10 (pending-reboot)", change: parameter("max_connections", "10") },
    { name: "dr promoted primary asks for Multi-AZ without applyImmediately", stack: "dr", change: drPrimary("promoted", p => { p.applyImmediately = false; }) },
    { name: "dr promoted but the role probe still answers 503", stack: "dr", change: all(drPrimary("promoted"), scale(1, 5)) },
    // variants: other settings pulled into the deploy, other stores, other spellings of the values
    { name: "prod database storage type to io2 applied immediately", change: edit(RDS, p => { p.storageType = "io2"; p.iops = 3000; p.applyImmediately = true; }, DATABASE) },
    { name: "prod database applyImmediately alone (drains whatever is pending, mid-day)", change: edit(RDS, p => { p.applyImmediately = true; }, DATABASE) },
    { name: "prod cache node type scaled up with applyImmediately", change: edit(CACHE, p => { p.nodeType = "cache.r7g.large"; p.applyImmediately = true; }) },
    { name: "prod cache engine upgraded with applyImmediately", change: edit(CACHE, p => { p.engineVersion = "8.1"; p.applyImmediately = true; }) },
    { name: "prod shared_buffers 6GB on a 4 GiB db.t3.medium", change: parameter("shared_buffers", "6GB") },
    { name: "prod shared_buffers in 8 kB pages beyond the class (600000)", change: parameter("shared_buffers", "600000") },
    { name: "prod class shrunk to db.t3.small under a 3GB shared_buffers (queued, no applyImmediately)", change: all(
        parameter("shared_buffers", "3GB"), edit(RDS, p => { p.instanceClass = "db.t3.small"; }, DATABASE)) },
    { name: "prod max_connections by a formula giving 45 connections", change: parameter("max_connections", "{DBInstanceClassMemory/95313920}") },
    { name: "prod work_mem 4GB (one sort can take the whole instance)", change: parameter("work_mem", "4GB", "immediate") },
    { name: "prod max_connections raised with applyMethod immediate (RDS refuses a static parameter)", change: parameter("max_connections", "500", "immediate") },
    { name: "prod engine 17 queued with the postgres16 group left attached", change: edit(RDS, p => { p.engineVersion = "17"; }, DATABASE) },
    { name: "dr replica's group with shared_buffers above its class (applies when promoted or restarted)", stack: "dr", change: parameter("shared_buffers", "{DBInstanceClassMemory*3/16384}") },
    { name: "dr promoted with applyImmediately removed", stack: "dr", change: drPrimary("promoted", p => { delete p.applyImmediately; }) },
    { name: "dr promote step applies immediately (serving; nothing in promote needs it)", stack: "dr", change: drPrimary("promote", p => { p.applyImmediately = true; }) },
    { name: "dr promote step with the role probe still 503", stack: "dr", change: all(drPrimary("promote"), scale(2, 5)) },
    { name: "dr failback but the role probe answers 200 (split brain)", stack: "dr", change: all(
        drPrimary("failback"), roleProbe("200")) },
    { name: "dr taking prod's traffic (promote) resizes its cache with applyImmediately — the cache now serving users restarts at deployment time", stack: "dr", change: all(drServing("promote"), edit(CACHE, p => { p.nodeType = "cache.t4g.medium"; p.applyImmediately = true; })) },
    { name: "dr in promote (serving, the replica just promoted) upgrades its cache engine with applyImmediately — a restart while it takes every user", stack: "dr", change: all(drServing("promote"), edit(CACHE, p => { p.engineVersion = "8.1"; p.applyImmediately = true; })) },
];

const compliant: Case[] = [
    { name: "prod CA rotation left to the maintenance window", change: edit(RDS, p => { p.caCertIdentifier = "rds-ca-rsa4096-g1"; p.applyImmediately = false; }, DATABASE) },
    { name: "prod max_connections raised to 500 (pending-reboot; the connections alarm at 360 stays within 60-80 %)", change: parameter("max_connections", "500") },
    { name: "prod shared_buffers 40 % of memory by formula", change: parameter("shared_buffers", "{DBInstanceClassMemory*2/40960}") },
    { name: "prod work_mem 16MB applied immediately (dynamic)", change: parameter("work_mem", "16MB", "immediate") },
    { name: "prod effective_cache_size 75 % (a planner estimate)", change: parameter("effective_cache_size", "{DBInstanceClassMemory*3/32768}", "immediate") },
    { name: "dr promoted the program's way: Multi-AZ applied immediately, prod sizes, probe 200", stack: "dr", change: drServing("promoted") },
];

suite("adversarial class 3: database modifications", violations, compliant);
