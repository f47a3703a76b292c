/**
 * Class 3: what a commit promises survives a crash, a failover and a restore. No PostgreSQL
 * parameter group, prod's or the dr replica's (the same group stays attached once it is promoted),
 * sets a parameter that trades committed data for speed or for getting past an error
 * (policy/rds/durableParameters.ts, policy/lib/facts/durableParameters.ts), judged by value as
 * PostgreSQL parses it, on the inputs and on the deployed state. Each change edits the real prod or
 * dr export; "drift" cases change the deployed state only (a value set in the console).
 */
import { add, all, Case, drift, drServing, edit, named, suite, tags } from "./support";

const RDS = "aws:rds/instance:Instance";
const PG = "aws:rds/parameterGroup:ParameterGroup";
const CLUSTER_PG = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const PARAMS = named("database-params");

/** Sets (or replaces) one parameter of a group's list. */
const set = (name: string, value: string, applyMethod = "immediate") => (p: Record<string, any>) => {
    p.parameters = [...(p.parameters ?? []).filter((x: { name: string }) => x.name !== name), { applyMethod, name, value }];
};
/** The change in the program: the database's group, inputs and state alike. */
const param = (name: string, value: string, applyMethod?: string) => edit(PG, set(name, value, applyMethod), PARAMS);
/** The change made in the console: the deployed state only. */
const consoleParam = (name: string, value: string) => drift(PG, set(name, value), PARAMS);

const violations: Case[] = [
    // the red team's changes
    { name: "prod parameter group sets synchronous_commit=off for checkout latency", change: param("synchronous_commit", "off") },
    { name: "prod parameter group sets fsync=0 to speed up a bulk import", change: param("fsync", "0", "pending-reboot") },
    { name: "prod parameter group sets full_page_writes=0", change: param("full_page_writes", "0") },
    { name: "dr parameter group sets synchronous_commit=off 'because it is only a replica' (the same group after promotion)", stack: "dr", change: param("synchronous_commit", "off") },
    { name: "prod parameter group sets session_replication_role=replica to make a data-fix script faster", change: param("session_replication_role", "replica") },
    { name: "prod parameter group sets zero_damaged_pages=1 to get past a checksum error", change: param("zero_damaged_pages", "1") },
    { name: "synchronous_commit=off set on the prod parameter group in the console and never reverted (drift)", change: consoleParam("synchronous_commit", "off") },
    // variants: other spellings PostgreSQL reads as the same setting
    { name: "synchronous_commit=0 (a hidden alias of off)", change: param("synchronous_commit", "0") },
    { name: "synchronous_commit=FALSE", change: param("synchronous_commit", "FALSE") },
    { name: "synchronous_commit=No", change: param("synchronous_commit", "No") },
    { name: "fsync=of (a unique prefix of off)", change: param("fsync", "of", "pending-reboot") },
    { name: "fsync=F (a prefix of false, upper case)", change: param("fsync", "F", "pending-reboot") },
    { name: "full_page_writes='off' quoted as in postgresql.conf", change: param("full_page_writes", "'off'") },
    { name: "full_page_writes=n", change: param("full_page_writes", "n") },
    { name: "zero_damaged_pages=tr (a prefix of true)", change: param("zero_damaged_pages", "tr") },
    { name: "session_replication_role=REPLICA in capitals", change: param("session_replication_role", "REPLICA") },
    { name: "the parameter named in capitals, Synchronous_Commit=off", change: param("Synchronous_Commit", "off") },
    { name: "synchronous_commit named twice, on then off", change: edit(PG, p => { p.parameters = [...p.parameters, { applyMethod: "immediate", name: "synchronous_commit", value: "on" }, { applyMethod: "immediate", name: "synchronous_commit", value: "off" }]; }, PARAMS) },
    { name: "fsync set to a value PostgreSQL cannot read (disabled)", change: param("fsync", "disabled", "pending-reboot") },
    // variants: the other parameters of the class
    { name: "session_replication_role=local for every session", change: param("session_replication_role", "local") },
    { name: "data_sync_retry=on (a failed flush retried, not recovered from WAL)", change: param("data_sync_retry", "on", "pending-reboot") },
    { name: "ignore_checksum_failure=on", change: param("ignore_checksum_failure", "on") },
    { name: "ignore_system_indexes=yes", change: param("ignore_system_indexes", "yes") },
    { name: "allow_system_table_mods=1", change: param("allow_system_table_mods", "1", "pending-reboot") },
    { name: "wal_level=minimal with the bulk-load settings", change: all(param("wal_level", "minimal", "pending-reboot"), param("archive_mode", "off", "pending-reboot")) },
    { name: "dr replica's group sets ignore_invalid_pages=on so replay gets past a bad WAL record", stack: "dr", change: param("ignore_invalid_pages", "on", "pending-reboot") },
    // variants: other techniques
    { name: "fsync=off set on the dr group in the console (drift)", stack: "dr", change: consoleParam("fsync", "off") },
    { name: "session_replication_role=replica set on prod's group in the console during a data fix (drift)", change: consoleParam("session_replication_role", "replica") },
    { name: "dr promoted with synchronous_commit=off in its group (now prod's primary)", stack: "dr", change: all(drServing("promoted"), param("synchronous_commit", "off")) },
    {
        name: "the database moved to a new 'fast' parameter group with the guide's settings and synchronous_commit=off",
        change: all(
            add(PG, "database-params-fast", {
                name: "expertconnect-prod-db-fast", family: "postgres16", description: "fast commits",
                parameters: [
                    { applyMethod: "pending-reboot", name: "shared_preload_libraries", value: "pg_stat_statements" },
                    { applyMethod: "immediate", name: "log_min_duration_statement", value: "1000" },
                    { applyMethod: "immediate", name: "rds.force_ssl", value: "1" },
                    { applyMethod: "immediate", name: "log_parameter_max_length", value: "0" },
                    { applyMethod: "immediate", name: "synchronous_commit", value: "off" },
                ],
                tags: tags("data"),
            }),
            edit(RDS, p => { p.parameterGroupName = "expertconnect-prod-db-fast"; }, named("database")),
        ),
    },
    { name: "an Aurora cluster parameter group added beside the components with synchronous_commit=off", change: add(CLUSTER_PG, "analytics-cluster-params", {
        name: "expertconnect-prod-analytics", family: "aurora-postgresql16", description: "analytics",
        parameters: [{ applyMethod: "immediate", name: "rds.force_ssl", value: "1" }, { applyMethod: "immediate", name: "synchronous_commit", value: "off" }], tags: tags("data"),
    }) },
    { name: "a Multi-AZ DB cluster parameter group added with synchronous_commit=local (a failover to a reader loses what it had not acknowledged)", change: add(CLUSTER_PG, "reporting-cluster-params", {
        name: "expertconnect-prod-reporting", family: "postgres16", description: "reporting",
        parameters: [{ applyMethod: "immediate", name: "rds.force_ssl", value: "1" }, { applyMethod: "immediate", name: "synchronous_commit", value: "local" }], tags: tags("data"),
    }) },
];

const compliant: Case[] = [
    // the red team's
    { name: "prod parameter group adds idle_in_transaction_session_timeout=10 min", change: param("idle_in_transaction_session_timeout", "600000") },
    { name: "slow-query log threshold lowered to 500 ms on prod", change: param("log_min_duration_statement", "500") },
    // mine
    { name: "synchronous_commit=local on prod's DB instance group (its Multi-AZ standby is written below PostgreSQL: local is on)", change: param("synchronous_commit", "local") },
    { name: "synchronous_commit=remote_apply", change: param("synchronous_commit", "remote_apply") },
    { name: "the durable defaults stated explicitly (fsync, full_page_writes, synchronous_commit on; session_replication_role origin)", change: all(
        param("fsync", "on", "pending-reboot"), param("full_page_writes", "on"), param("synchronous_commit", "on"), param("session_replication_role", "origin")) },
    { name: "max_wal_size raised for fewer checkpoints during a bulk load (longer recovery, nothing lost)", change: param("max_wal_size", "8192") },
    { name: "dr: synchronous_commit=local on the dr replica's group", stack: "dr", change: param("synchronous_commit", "local") },
    { name: "dr promoted as the program renders it, group unchanged", stack: "dr", change: drServing("promoted") },
];

suite("adversarial class 3: committed data survives a crash, a failover and a restore (PostgreSQL durability parameters)", violations, compliant);
