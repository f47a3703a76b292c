/**
 * The PostgreSQL parameters the program's DB parameter group sets (components/data/
 * databaseSettings.ts `databaseParameters`) and the guide depends on, stated once and judged by
 * value. RDS does not allow the guide's `ALTER SYSTEM`, so the parameter group is the only place
 * they live; a database that uses another group (the default one, or one the stack does not
 * hold) runs without them, and a dr replica's group is the one that applies once it is promoted.
 *
 * - `rds.force_ssl`: the program's setting is TLS only (personal and payment data in transit).
 *   RDS for PostgreSQL 15+ defaults it to 1, but the program states it in the group so the
 *   requirement does not rest on a family default (earlier families, and a group copied from
 *   one, default to 0).
 * - `shared_preload_libraries` containing `pg_stat_statements`: the guide's "Identify slow
 *   queries" reads `pg_stat_statements`, which exists only when the library is preloaded.
 *   Other libraries beside it are fine.
 * - `log_min_duration_statement`: the guide logs statements slower than one second; a smaller
 *   positive threshold logs more (stricter), a larger one, -1 (off) or 0 (every statement, with
 *   passwords in `ALTER ROLE`) is refused.
 *
 * Facts modules import only each other (the PostgreSQL boolean reader here).
 */
import { postgresBoolean } from "./durableParameters";

/** The guide's slow-query threshold in milliseconds (`log_min_duration_statement = 1000`). */
export const SLOW_QUERY_THRESHOLD_MS = 1000;

/** The library the guide's slow-query report reads. */
export const QUERY_STATISTICS_LIBRARY = "pg_stat_statements";

/** One parameter the database depends on: what it must be, and whether a value meets it. */
export interface RequiredParameter {
    name: string;
    /** What the value must be, for messages. */
    requirement: string;
    /** Why the program and the guide need it, for messages. */
    why: string;
    /** Whether `value` (undefined when the group does not set it) meets the requirement. */
    holds(value: string | undefined): boolean;
}

/** Whether a value switches a boolean parameter on, as PostgreSQL parses it (./durableParameters.ts postgresBoolean). */
export function isOn(value: unknown): boolean {
    return postgresBoolean(String(value).trim()) === true;
}

/** The entries of a comma-separated list parameter, trimmed and unquoted. */
export function listEntries(value: string | undefined): string[] {
    return (value ?? "").split(",").map(s => s.trim().replace(/^["']|["']$/g, "")).filter(s => s !== "");
}

/** A PostgreSQL duration in milliseconds (`1000`, `1s`, `500ms`, `1min`), or undefined when it is not one. */
export function durationMs(value: string | undefined): number | undefined {
    const match = /^\s*(-?\d+)\s*(ms|s|min|h)?\s*$/i.exec(value ?? "");
    if (!match) {
        return undefined;
    }
    const factor = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[(match[2] ?? "ms").toLowerCase() as "ms" | "s" | "min" | "h"];
    return Number(match[1]) * factor;
}

/** The parameters every PostgreSQL database of the program must run with; `maxSlowQueryMs` bounds the slow-query threshold. */
export function requiredDatabaseParameters(maxSlowQueryMs: number = SLOW_QUERY_THRESHOLD_MS): RequiredParameter[] {
    return [
        {
            name: "rds.force_ssl",
            requirement: "1",
            why: "the database must refuse connections without TLS",
            holds: value => value !== undefined && isOn(value),
        },
        {
            name: "shared_preload_libraries",
            requirement: `a list that includes ${QUERY_STATISTICS_LIBRARY} (pending-reboot)`,
            why: `the guide's slow-query report reads ${QUERY_STATISTICS_LIBRARY}`,
            holds: value => listEntries(value).includes(QUERY_STATISTICS_LIBRARY),
        },
        {
            name: "log_min_duration_statement",
            requirement: `a duration from 1 to ${maxSlowQueryMs} ms`,
            why: "the guide logs every statement slower than its threshold (0 would log every statement, passwords included)",
            holds: value => {
                const ms = durationMs(value);
                return ms !== undefined && ms > 0 && ms <= maxSlowQueryMs;
            },
        },
    ];
}

/** The value a parameter list gives `name` (the last entry wins, as RDS applies them), or undefined. */
export function parameterValue(parameters: readonly { name?: string; value?: unknown }[], name: string): string | undefined {
    const found = parameters.filter(p => p.name === name);
    return found.length === 0 ? undefined : String(found[found.length - 1].value ?? "");
}

/** Why `parameters` do not give the database what it depends on; empty when they do. */
export function missingDatabaseParameters(parameters: readonly { name?: string; value?: unknown }[], maxSlowQueryMs?: number): string[] {
    return requiredDatabaseParameters(maxSlowQueryMs).flatMap(required => {
        const value = parameterValue(parameters, required.name);
        return required.holds(value) ? [] :
            [`${required.name} is ${value === undefined ? "not set" : value} (required: ${required.requirement}; ${required.why})`];
    });
}
