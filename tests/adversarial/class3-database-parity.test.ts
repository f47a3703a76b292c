/**
 * Class 3: the database keeps the settings the program and the guide depend on, the dr replica
 * as much as prod's primary. The parameter group attached to each database (the replica's is
 * the one that applies once it is promoted) requires TLS, preloads pg_stat_statements and logs
 * slow statements within the guide's second; a database on the default group, or on a group the
 * stack does not hold, has none of them. Minor version upgrades (FSBP RDS.13) and tags copied to
 * snapshots (RDS.17) hold for the replica too, and the replica's storage can grow with its
 * source's (prod's, which dr reads through its stack reference). Each change edits the real prod or dr export.
 */
import { isStaticParameter } from "../../policy/lib/facts/databaseModifications";
import { add, Case, drift, edit, named, suite } from "./support";

const RDS = "aws:rds/instance:Instance";
const PG = "aws:rds/parameterGroup:ParameterGroup";
const DATABASE = named("database");
const PARAMS = named("database-params");

/** Sets one parameter of the database's group (replacing its entry, or adding one), with the apply method RDS accepts for it. */
const parameter = (name: string, value: string) => edit(PG, p => {
    const applyMethod = isStaticParameter(name) ? "pending-reboot" : "immediate";
    p.parameters = [...p.parameters.filter((x: { name: string }) => x.name !== name), { applyMethod, name, value }];
}, PARAMS);
const dropParameter = (name: string) => edit(PG, p => { p.parameters = p.parameters.filter((x: { name: string }) => x.name !== name); }, PARAMS);

const violations: Case[] = [
    // the red team's changes
    { name: "prod parameter group drops rds.force_ssl", change: dropParameter("rds.force_ssl") },
    { name: "prod parameter group keeps only rds.force_ssl (no pg_stat_statements, no slow-query log)", change: edit(PG, p => { p.parameters = p.parameters.filter((x: { name: string }) => x.name === "rds.force_ssl"); }, PARAMS) },
    { name: "prod auto minor version upgrade off (RDS.13)", change: edit(RDS, p => { p.autoMinorVersionUpgrade = false; }, DATABASE) },
    { name: "prod copyTagsToSnapshot off (RDS.17)", change: edit(RDS, p => { p.copyTagsToSnapshot = false; }, DATABASE) },
    { name: "dr replica's parameter group drops rds.force_ssl", stack: "dr", change: dropParameter("rds.force_ssl") },
    { name: "dr replica's parameter group drops pg_stat_statements and the slow-query log", stack: "dr", change: edit(PG, p => { p.parameters = p.parameters.filter((x: { name: string }) => x.name === "rds.force_ssl"); }, PARAMS) },
    { name: "dr replica auto minor version upgrade off (RDS.13)", stack: "dr", change: edit(RDS, p => { p.autoMinorVersionUpgrade = false; }, DATABASE) },
    { name: "dr replica copyTagsToSnapshot off (RDS.17)", stack: "dr", change: edit(RDS, p => { p.copyTagsToSnapshot = false; }, DATABASE) },
    { name: "dr replica storage autoscaling removed", stack: "dr", change: edit(RDS, p => { delete p.maxAllocatedStorage; }, DATABASE) },
    // variants: other values, other groups, the deployed state
    { name: "prod rds.force_ssl set to off", change: parameter("rds.force_ssl", "off") },
    { name: "prod slow-query threshold raised to 10 s (the guide logs from 1 s)", change: parameter("log_min_duration_statement", "10000") },
    { name: "dr slow-query log disabled (-1)", stack: "dr", change: parameter("log_min_duration_statement", "-1") },
    { name: "prod preloads auto_explain instead of pg_stat_statements", change: parameter("shared_preload_libraries", "auto_explain") },
    { name: "dr replica moved to the region's default parameter group", stack: "dr", change: edit(RDS, p => { p.parameterGroupName = "default.postgres16"; }, DATABASE) },
    { name: "dr replica's parameterGroupName removed (default group)", stack: "dr", change: edit(RDS, p => { delete p.parameterGroupName; }, DATABASE) },
    {
        name: "prod database moved to a hand-made group outside the stack", change: edit(RDS, p => { p.parameterGroupName = "expertconnect-tuned"; }, DATABASE),
    },
    {
        name: "prod database moved to a new group in the stack that only tunes work_mem",
        change: rs => {
            add(PG, "tuned-params", { name: "tuned-params", family: "postgres16", parameters: [{ applyMethod: "immediate", name: "work_mem", value: "65536" }] })(rs);
            edit(RDS, p => { p.parameterGroupName = "tuned-params"; }, DATABASE)(rs);
        },
    },
    { name: "dr replica's storage ceiling equal to its allocated storage (no autoscaling)", stack: "dr", change: edit(RDS, p => { p.allocatedStorage = 100; p.maxAllocatedStorage = 100; }, DATABASE) },
    { name: "dr replica's ceiling cut to 200 GiB while prod (its stack reference) grows to 500", stack: "dr", change: edit(RDS, p => { p.maxAllocatedStorage = 200; }, DATABASE) },
    { name: "drift: dr replica's copyTagsToSnapshot turned off in the console", stack: "dr", change: drift(RDS, o => { o.copyTagsToSnapshot = false; }, DATABASE) },
    { name: "drift: prod's rds.force_ssl reset to 0 in the console", change: drift(PG, o => { o.parameters = o.parameters.map((x: { name: string }) => x.name === "rds.force_ssl" ? { ...x, value: "0" } : x); }, PARAMS) },
];

const compliant: Case[] = [
    { name: "dr replica grows further than prod (1000 GiB ceiling)", stack: "dr", change: edit(RDS, p => { p.maxAllocatedStorage = 1000; }, DATABASE) },
    { name: "prod slow-query threshold 1 s -> 250 ms", change: parameter("log_min_duration_statement", "250") },
    { name: "dr slow-query threshold written as 500ms", stack: "dr", change: parameter("log_min_duration_statement", "500ms") },
    { name: "prod preloads auto_explain and pg_cron beside pg_stat_statements", change: parameter("shared_preload_libraries", "pg_stat_statements,auto_explain,pg_cron") },
    { name: "dr replica's group preloads pg_stat_statements and auto_explain", stack: "dr", change: parameter("shared_preload_libraries", "auto_explain, pg_stat_statements") },
    { name: "prod rds.force_ssl written as on", change: parameter("rds.force_ssl", "on") },
    { name: "prod auto minor version upgrade left at its default", change: edit(RDS, p => { delete p.autoMinorVersionUpgrade; }, DATABASE) },
];

suite("adversarial class 3: the database and its dr replica keep the program's settings", violations, compliant);
