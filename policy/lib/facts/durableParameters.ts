/**
 * PostgreSQL parameters that trade the durability or integrity of committed data for speed (or
 * for getting past an error), stated once with what each unsafe value does, and judged by value as
 * PostgreSQL parses it: a boolean by `parse_bool` (on/off, true/false, yes/no, 1/0 and their unique
 * prefixes, any case: `t`, `of`, `N`), an enum by its option names, hidden aliases included
 * (synchronous_commit accepts `0`, `false`, `no` for off). A value PostgreSQL cannot read as one of
 * its settings is refused too: RDS rejects it or the server does not start with it, and the check
 * must not read "unknown" as "safe". Names are matched case-insensitively, as PostgreSQL does.
 *
 * Sources: PostgreSQL documentation, "Write Ahead Log" (fsync, full_page_writes,
 * synchronous_commit, wal_level, archive_mode), "Error Handling" (data_sync_retry), "Client
 * Connection Defaults" (session_replication_role), "Developer Options" (zero_damaged_pages,
 * ignore_checksum_failure, ignore_invalid_pages, ignore_system_indexes, allow_system_table_mods:
 * "There should be no reason to use them on a production database"), "Populating a Database"
 * and "Non-Durable Settings" (the bulk-load settings, safe only for a cluster that can be
 * recreated from scratch). RDS: "Multi-AZ DB instance deployments" (the standby is written
 * synchronously below PostgreSQL) and "Multi-AZ DB cluster deployments" (semisynchronous
 * PostgreSQL replication: a commit needs one reader's acknowledgement).
 *
 * Neither stack sets any of them (components/data/databaseSettings.ts leaves every one at its
 * default); the pack refuses the unsafe values in every PostgreSQL parameter group, the dr
 * replica's included: the same group stays attached when the replica is promoted.
 *
 * Facts modules import nothing.
 */

/** One parameter of a group, as a parameter group lists it. */
export interface GroupParameter {
    name?: string;
    value?: unknown;
}

/**
 * What acknowledges a commit beyond the writer's own WAL flush, which decides what
 * `synchronous_commit = local` gives up:
 * - `storage`: an RDS DB instance (a Multi-AZ instance's standby is written synchronously at the
 *   storage level, below PostgreSQL, and RDS read replicas are asynchronous, so
 *   `synchronous_standby_names` is empty) and Aurora (a storage quorum). PostgreSQL: with no
 *   synchronous standby, `local`, `remote_write` and `remote_apply` give the same guarantee as `on`;
 * - `standby`: an RDS Multi-AZ DB cluster (a DB cluster parameter group of a `postgres` family),
 *   or any group naming `synchronous_standby_names`: PostgreSQL's own synchronous replication
 *   makes a reader acknowledge each commit, and `local` skips that wait, so a failover to the
 *   reader loses commits the application was told were made.
 */
export type CommitAcknowledgement = "storage" | "standby";

/** One parameter that can lose or corrupt committed data, and its settings. */
export interface DurableParameter {
    name: string;
    /**
     * How PostgreSQL reads a value: a boolean (`on`/`off` after parsing), or an enum's accepted
     * spellings (lower case, hidden aliases included) with the setting each one means.
     */
    values: "boolean" | Readonly<Record<string, string>>;
    /** The setting a group that leaves the parameter unset runs with (RDS's default): safe. */
    default: string;
    /** Settings that lose or corrupt data wherever they are set, each with what it does. */
    unsafe: Readonly<Record<string, string>>;
    /** Settings that lose acknowledged commits only where a synchronous standby acknowledges them. */
    unsafeWithStandby?: Readonly<Record<string, string>>;
}

/** A boolean parameter's spellings as PostgreSQL's GUC enum options list them (hidden aliases). */
const BOOLEAN_ALIASES = { true: "on", false: "off", yes: "on", no: "off", 1: "on", 0: "off" } as const;

/** The table, stated once: docs/policies.md renders its meaning in prose. */
export const DURABLE_PARAMETERS: readonly DurableParameter[] = [
    {
        name: "fsync",
        values: "boolean",
        default: "on",
        unsafe: {
            off: "PostgreSQL stops forcing its writes to disk, so an operating-system crash or host failure (a Multi-AZ failover) can leave the whole database with unrecoverable data corruption, not only lose the latest commits",
        },
    },
    {
        name: "full_page_writes",
        values: "boolean",
        default: "on",
        unsafe: {
            off: "the first change to a page after a checkpoint no longer writes the whole page to WAL, so a page torn by a crash cannot be repaired from WAL: unrecoverable or silent data corruption after a system failure",
        },
    },
    {
        name: "synchronous_commit",
        values: { on: "on", remote_apply: "remote_apply", remote_write: "remote_write", local: "local", off: "off", ...BOOLEAN_ALIASES },
        default: "on",
        unsafe: {
            off: "commits are reported to the application before their WAL reaches disk, so a crash or failover loses the latest transactions it was told were committed (a credit purchase, a booking)",
        },
        unsafeWithStandby: {
            local: "commits wait for the writer's own disk but not for the synchronous reader's acknowledgement, so a failover to the reader loses the commits it had not yet received",
        },
    },
    {
        name: "data_sync_retry",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "after a failed flush of a data file PostgreSQL retries instead of crashing and recovering from WAL; where the kernel has dropped the unwritten pages the retry reports success and the data is lost",
        },
    },
    {
        name: "session_replication_role",
        values: { origin: "origin", replica: "replica", local: "local" },
        default: "origin",
        unsafe: {
            replica: "ordinary triggers and rules stop firing in every session, foreign-key checks with them (they are triggers): rows can reference bookings, users or credits that do not exist, and trigger-kept ledgers stop updating",
            local: "a switch meant for a replication tool's own session becomes every session's: triggers enabled for replicas stop firing and trigger-based change capture that honours the role (PgQ, Londiste) stops recording the changes",
        },
    },
    {
        name: "zero_damaged_pages",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "a page with a damaged header is zeroed and processing goes on instead of raising an error, destroying every row on it without the application being told",
        },
    },
    {
        name: "ignore_checksum_failure",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "a page whose checksum fails is used as if it were valid (a warning in the log only), so corrupted rows reach the application and spread to other tables, replicas and backups",
        },
    },
    {
        name: "ignore_invalid_pages",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "WAL replay (crash recovery, and a replica applying its source's WAL) skips records that reference invalid pages instead of stopping, which PostgreSQL says may cause crashes, data loss, or propagate or hide corruption",
        },
    },
    {
        name: "ignore_system_indexes",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "catalog reads ignore the system indexes (a developer option for recovering damaged ones): damage to them is hidden rather than repaired, and every catalog lookup scans the whole catalog",
        },
    },
    {
        name: "allow_system_table_mods",
        values: "boolean",
        default: "off",
        unsafe: {
            on: "SQL may change the structure of the system catalogs, which PostgreSQL warns can cause irretrievable data loss or seriously corrupt the database",
        },
    },
    {
        name: "wal_level",
        values: { minimal: "minimal", replica: "replica", logical: "logical", archive: "replica", hot_standby: "replica" },
        default: "replica",
        unsafe: {
            minimal: "WAL keeps only what crash recovery needs, so a base backup plus WAL can no longer rebuild the data (point-in-time restore, read replicas such as dr), and PostgreSQL does not start with it while WAL is archived or streamed",
        },
    },
    {
        name: "archive_mode",
        values: { on: "on", always: "always", off: "off", ...BOOLEAN_ALIASES },
        default: "on",
        unsafe: {
            off: "completed WAL segments are no longer archived, so point-in-time restore, which replays archived WAL after the latest snapshot, cannot reach past that snapshot",
        },
    },
];

/**
 * PostgreSQL's `parse_bool`: true, false, yes, no, on, off, 1, 0 and their unique prefixes, any
 * case (`o` alone is ambiguous). Undefined when the value is not a boolean.
 */
export function postgresBoolean(value: string): boolean | undefined {
    const v = value.toLowerCase();
    if (v === "1" || v === "0") return v === "1";
    if (v.length >= 2 && "on".startsWith(v)) return true;
    if (v.length >= 2 && "off".startsWith(v)) return false;
    for (const [word, meaning] of [["true", true], ["false", false], ["yes", true], ["no", false]] as const) {
        if (v.length >= 1 && word.startsWith(v)) return meaning;
    }
    return undefined;
}

/** The value as a configuration file holds it: trimmed, without its quotes. */
function configValue(value: unknown): string {
    return String(value ?? "").trim().replace(/^'(.*)'$/, "$1").trim();
}

/** The setting a value means for `parameter` (`on`/`off` for booleans), or undefined when PostgreSQL refuses it. */
export function settingOf(parameter: DurableParameter, value: unknown): string | undefined {
    const text = configValue(value);
    if (parameter.values === "boolean") {
        const parsed = postgresBoolean(text);
        return parsed === undefined ? undefined : parsed ? "on" : "off";
    }
    return parameter.values[text.toLowerCase()];
}

/** The entries a parameter list gives `name` (case-insensitive, as PostgreSQL matches names). */
function entries(parameters: readonly GroupParameter[], name: string): GroupParameter[] {
    return parameters.filter(p => typeof p.name === "string" && p.name.trim().toLowerCase() === name);
}

/** What acknowledges commits for a group: a Multi-AZ DB cluster's group, or one naming synchronous standbys, has a standby. */
export function commitAcknowledgement(parameters: readonly GroupParameter[], multiAzCluster: boolean): CommitAcknowledgement {
    const standbys = entries(parameters, "synchronous_standby_names").map(p => configValue(p.value)).filter(v => v !== "");
    return multiAzCluster || standbys.length > 0 ? "standby" : "storage";
}

/**
 * Why the parameters let PostgreSQL lose or corrupt committed data; empty when they do not.
 * Every entry of a parameter is judged (a list naming one twice is refused if either is unsafe).
 */
export function durabilityProblems(parameters: readonly GroupParameter[], acknowledgement: CommitAcknowledgement): string[] {
    const problems: string[] = [];
    for (const parameter of DURABLE_PARAMETERS) {
        const reported = new Set<string>();
        for (const entry of entries(parameters, parameter.name)) {
            const shown = configValue(entry.value);
            const setting = settingOf(parameter, entry.value);
            const why = setting === undefined
                ? `not a value PostgreSQL reads as a ${parameter.name} setting (${parameter.values === "boolean" ? "a boolean" : Object.keys(parameter.values).join(", ")}): RDS refuses it or the server does not start with it`
                : parameter.unsafe[setting] ?? (acknowledgement === "standby" ? parameter.unsafeWithStandby?.[setting] : undefined);
            const problem = why && `${parameter.name} is ${shown === "" ? "empty" : shown}${setting !== undefined && setting !== shown.toLowerCase() ? ` (${setting})` : ""}: ${why}; leave it at ${parameter.default}`;
            if (problem && !reported.has(problem)) {
                reported.add(problem);
                problems.push(problem);
            }
        }
    }
    return problems;
}
