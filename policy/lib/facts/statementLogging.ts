/**
 * Every route by which a PostgreSQL parameter group makes the server write statement text or bind
 * values to its log, which RDS exports to CloudWatch Logs (`enabledCloudwatchLogsExports:
 * postgresql`). Statement text carries the literals the application sends (emails, names, card
 * tokens) and `CREATE/ALTER ROLE … PASSWORD '…'` in clear (AWS Knowledge Center,
 * "rds-postgresql-cleartext-logging"); bind values carry the same data for the extended query
 * protocol. Stated once, as a table with PostgreSQL's semantics and defaults (PostgreSQL docs,
 * "Error Reporting and Logging", auto_explain; AWS's pgAudit reference for RDS), and judged by
 * value: the program sets `log_parameter_max_length` from here, the pack refuses every other route.
 *
 * A parameter of an extension counts only while its library is loaded: `pgaudit.*` needs
 * `pgaudit` in `shared_preload_libraries`, `auto_explain.*` needs `auto_explain` there or in
 * `session_preload_libraries`. Without the library the parameter is inert, and loading it later
 * changes the same group, which is judged again then.
 *
 * Facts modules import only each other (the PostgreSQL boolean reader here).
 */
import { postgresBoolean } from "./durableParameters";

/** One parameter of a group, as a parameter group lists it. */
export interface LoggingParameter {
    name?: string;
    value?: unknown;
}

/**
 * The bind-parameter length the program's group sets for statements logged without an error
 * (`log_parameter_max_length`): 0 leaves the values out. PostgreSQL's default, -1, logs them in
 * full with every slow statement the guide's `log_min_duration_statement` writes (PostgreSQL 13+).
 */
export const BIND_VALUES_LOGGED_LENGTH = 0;

/** The first PostgreSQL major with `log_parameter_max_length(_on_error)` and `log_min_duration_sample`. */
export const BIND_LENGTH_FROM_MAJOR = 13;

/** The first PostgreSQL major where auto_explain logs bind values (`auto_explain.log_parameter_max_length`, default -1). */
export const AUTO_EXPLAIN_BIND_FROM_MAJOR = 16;

/**
 * pgAudit's session classes that put data in the log: READ (SELECT, COPY from a relation) and
 * WRITE (INSERT, UPDATE, DELETE, TRUNCATE, COPY into one) log the statements that carry personal
 * data, FUNCTION logs calls and DO blocks with their arguments, ROLE logs CREATE/ALTER ROLE with
 * the password. DDL (without ROLE), MISC and MISC_SET log schema and maintenance commands.
 */
export const PGAUDIT_DATA_CLASSES: readonly string[] = ["read", "write", "function", "role"];
const PGAUDIT_CLASSES: readonly string[] = [...PGAUDIT_DATA_CLASSES, "ddl", "misc", "misc_set"];

/** Severities in log_min_error_statement's order; from `error` up, only failing statements are logged (its default). */
const SEVERITY_ORDER = ["debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log", "fatal", "panic"];

/** One route into the log: the parameter, what it logs, its default and the value that keeps data out. */
export interface LoggingRoute {
    name: string;
    /** The library that must be loaded for the parameter to act. */
    library?: "pgaudit" | "auto_explain";
    /** The first major that has the parameter. */
    fromMajor?: number;
    /** PostgreSQL's (and RDS's) default. */
    default: string;
    /** What the route writes, for messages and docs. */
    logs: string;
    /** What keeps data out, for messages and docs. */
    safe: string;
}

/** The routes, stated once: docs/policies.md renders this table's meaning in prose. */
export const LOGGING_ROUTES: readonly LoggingRoute[] = [
    { name: "log_statement", default: "none", logs: "ddl: every CREATE/ALTER/DROP (ALTER ROLE … PASSWORD included); mod: those and every INSERT/UPDATE/DELETE with their values; all: every statement", safe: "none" },
    { name: "log_min_duration_statement", default: "-1", logs: "the text of every statement slower than the threshold; 0 logs every statement", safe: "above 0 (the guide's slow-query log)" },
    { name: "log_min_duration_sample", fromMajor: 13, default: "-1", logs: "the text of a sample (log_statement_sample_rate) of the statements slower than it; 0 samples every statement", safe: "-1, or above 0" },
    { name: "log_transaction_sample_rate", default: "0", logs: "every statement of that fraction of transactions, whatever its duration", safe: "0" },
    { name: "log_parameter_max_length", fromMajor: 13, default: "-1", logs: "the bind values of every statement logged without an error, in full (-1) or trimmed to that many bytes", safe: String(BIND_VALUES_LOGGED_LENGTH) },
    { name: "log_parameter_max_length_on_error", fromMajor: 13, default: "0", logs: "the bind values of every failing statement, in full (-1) or trimmed to that many bytes", safe: "0" },
    { name: "log_min_error_statement", default: "error", logs: "the text of every statement that raised a message of that severity or higher; below error, statements that merely warned or noticed", safe: "error or higher" },
    { name: "debug_print_parse / debug_print_rewritten / debug_print_plan", default: "0", logs: "each statement's parse tree, rewritten tree or plan, constants included", safe: "0" },
    { name: "pgaudit.log", library: "pgaudit", default: "none", logs: "each statement of the classes named, with its text: read, write, function and role carry data and passwords", safe: "none, ddl, misc or misc_set" },
    { name: "pgaudit.log_parameter", library: "pgaudit", default: "0", logs: "the parameters of every audited statement", safe: "0" },
    { name: "auto_explain.log_min_duration", library: "auto_explain", default: "-1", logs: "the text and plan of every statement slower than the threshold; 0 logs every statement", safe: "-1, or above 0" },
    { name: "auto_explain.log_parameter_max_length", library: "auto_explain", fromMajor: AUTO_EXPLAIN_BIND_FROM_MAJOR, default: "-1", logs: "the bind values of every statement auto_explain logs, in full (-1)", safe: "0" },
];

/** The value a parameter list gives `name` (the last entry wins), lower case and trimmed, or undefined. */
function valueOf(parameters: readonly LoggingParameter[], name: string): string | undefined {
    const found = parameters.filter(p => typeof p.name === "string" && p.name.toLowerCase() === name);
    return found.length === 0 ? undefined : String(found[found.length - 1].value ?? "").trim().toLowerCase();
}

/** Whether a boolean parameter is on, as PostgreSQL parses it (1, on, true, yes and their unique prefixes). */
function on(value: string | undefined): boolean {
    return value !== undefined && postgresBoolean(value) === true;
}

/** A PostgreSQL duration in ms (`1000`, `1s`, `0`, `-1`), undefined when it is not one. */
function ms(value: string | undefined): number | undefined {
    const match = /^\s*(-?\d+)\s*(ms|s|min|h)?\s*$/i.exec(value ?? "");
    return match ? Number(match[1]) * { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[(match[2] ?? "ms").toLowerCase() as "ms"] : undefined;
}

/** The libraries a group loads (shared_preload_libraries and session_preload_libraries). */
export function loadedLibraries(parameters: readonly LoggingParameter[]): Set<string> {
    return new Set(["shared_preload_libraries", "session_preload_libraries"]
        .flatMap(n => (valueOf(parameters, n) ?? "").split(","))
        .map(s => s.trim().replace(/^["']|["']$/g, ""))
        .filter(s => s !== ""));
}

/** The pgAudit session classes a `pgaudit.log` value enables (`all` expanded, `-class` removed). */
export function pgauditClasses(value: string | undefined): Set<string> {
    const classes = new Set<string>();
    for (const raw of (value ?? "").split(",").map(s => s.trim()).filter(s => s !== "")) {
        const minus = raw.startsWith("-");
        const name = raw.replace(/^-/, "");
        const named = name === "all" ? PGAUDIT_CLASSES : name === "none" ? [] : [name];
        named.forEach(c => (minus ? classes.delete(c) : classes.add(c)));
    }
    return classes;
}

/** The first PostgreSQL major a family names (`postgres16`, `aurora-postgresql15`), undefined for others. */
export function familyMajor(family: string): number | undefined {
    const match = /^(?:aurora-)?postgres(?:ql)?(\d+)/.exec(family);
    return match ? Number(match[1]) : undefined;
}

/**
 * Why the parameters make the server log statement text or bind values beyond the slow-query log
 * without its values; empty when they do not. `allowedLogStatement` is the log_statement values a
 * stack accepts; `major` the family's PostgreSQL major (undefined: judged as the newest).
 */
export function statementLoggingProblems(parameters: readonly LoggingParameter[], allowedLogStatement: readonly string[], major?: number): string[] {
    const value = (name: string) => valueOf(parameters, name);
    const has = (from: number | undefined) => from === undefined || major === undefined || major >= from;
    const problems: string[] = [];

    const logStatement = value("log_statement");
    if (logStatement !== undefined && !allowedLogStatement.includes(logStatement)) {
        problems.push(`log_statement is ${logStatement}: PostgreSQL then logs ${logStatement === "all" ? "every statement with its parameters" : logStatement === "mod" ? "every ALTER and every INSERT/UPDATE/DELETE with its values" : "every ALTER"}, ` +
            "ALTER ROLE … PASSWORD included, so passwords and personal data land in the exported log; set it to " + allowedLogStatement.join(" or "));
    }
    const slow = ms(value("log_min_duration_statement"));
    if (slow === 0) {
        problems.push("log_min_duration_statement is 0: every statement's text is logged (ALTER ROLE … PASSWORD and every value included); log only slow ones (e.g. 1000 ms)");
    }
    const sample = has(BIND_LENGTH_FROM_MAJOR) ? ms(value("log_min_duration_sample")) : undefined;
    const sampleRate = Number(value("log_statement_sample_rate") ?? "1");
    if (sample === 0 && sampleRate > 0) {
        problems.push("log_min_duration_sample is 0: a sample of every statement is logged with its text, whatever its duration; leave it at -1");
    }
    const transactionRate = Number(value("log_transaction_sample_rate") ?? "0");
    if (transactionRate > 0) {
        problems.push(`log_transaction_sample_rate is ${value("log_transaction_sample_rate")}: every statement of that share of transactions is logged with its text; leave it at 0`);
    }
    for (const tree of ["debug_print_parse", "debug_print_rewritten", "debug_print_plan"]) {
        if (on(value(tree))) {
            problems.push(`${tree} is on: each statement's tree, with its constants, is written to the log; leave it off`);
        }
    }
    const errorStatement = value("log_min_error_statement");
    if (errorStatement !== undefined && SEVERITY_ORDER.indexOf(errorStatement) >= 0 && SEVERITY_ORDER.indexOf(errorStatement) < SEVERITY_ORDER.indexOf("error")) {
        problems.push(`log_min_error_statement is ${errorStatement}: the text of every statement that raises a ${errorStatement} or higher message is logged, not only failing ones; keep error (the default) or higher`);
    }

    // Bind values: whenever statements that carry values are logged without an error (DDL carries
    // none), log_parameter_max_length decides (default -1: in full).
    const statementsLogged = (slow !== undefined && slow >= 0) || logStatement === "mod" || logStatement === "all" ||
        (sample !== undefined && sample >= 0 && sampleRate > 0) || transactionRate > 0;
    if (has(BIND_LENGTH_FROM_MAJOR)) {
        const bind = value("log_parameter_max_length") ?? "-1";
        if (statementsLogged && Number(bind) !== BIND_VALUES_LOGGED_LENGTH) {
            problems.push(`log_parameter_max_length is ${bind}${value("log_parameter_max_length") === undefined ? " (the default)" : ""}: the bind values of every logged statement ` +
                `(the slow-query log included) are written ${bind === "-1" ? "in full" : `up to ${bind} bytes each`}, personal data with them; set it to ${BIND_VALUES_LOGGED_LENGTH}`);
        }
        const onError = value("log_parameter_max_length_on_error") ?? "0";
        if (Number(onError) !== 0) {
            problems.push(`log_parameter_max_length_on_error is ${onError}: every failing statement's bind values (a rejected payment or user insert) are written ${onError === "-1" ? "in full" : `up to ${onError} bytes each`}; leave it at 0`);
        }
    }

    const libraries = loadedLibraries(parameters);
    if (libraries.has("pgaudit")) {
        const data = [...pgauditClasses(value("pgaudit.log"))].filter(c => PGAUDIT_DATA_CLASSES.includes(c));
        if (data.length > 0) {
            problems.push(`pgaudit is loaded with pgaudit.log classes ${data.join(", ")}: every such statement is logged with its text (values, and passwords for role); audit ddl only, or record access with CloudTrail and Database Activity Streams`);
        }
        if (on(value("pgaudit.log_parameter"))) {
            problems.push("pgaudit.log_parameter is on: the parameters of every audited statement are logged; leave it at 0");
        }
    }
    if (libraries.has("auto_explain")) {
        const threshold = ms(value("auto_explain.log_min_duration") ?? "-1");
        if (threshold === 0) {
            problems.push("auto_explain is loaded with auto_explain.log_min_duration 0: every statement's text (literals included) and plan are logged; use the slow-query threshold or -1");
        }
        const bind = value("auto_explain.log_parameter_max_length") ?? "-1";
        if (threshold !== undefined && threshold >= 0 && has(AUTO_EXPLAIN_BIND_FROM_MAJOR) && Number(bind) !== 0) {
            problems.push(`auto_explain.log_parameter_max_length is ${bind}: the bind values of every statement auto_explain logs are written; set it to 0`);
        }
    }
    return problems;
}
