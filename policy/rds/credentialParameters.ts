/**
 * Parameters of a PostgreSQL parameter group that decide where the database's passwords end up.
 *
 * - `log_statement`: PostgreSQL's documentation for the parameter says `ddl` logs all data
 *   definition statements (CREATE, ALTER, DROP), `mod` those plus data-modifying ones, `all`
 *   everything; `ALTER ROLE … PASSWORD '…'` (what a rotation or an operator's password change
 *   runs) is an ALTER, so from `ddl` on its text, password included, is written to the server
 *   log, which the instance exports to CloudWatch (EDB documents the same leak and ships a
 *   redaction module for it). `all` also logs every query with its bind parameters: personal data.
 * - `log_min_duration_statement = 0` logs every statement's text too, whatever log_statement says.
 * - `password_encryption`: `md5` stores an MD5 verifier (replayable, crackable, and the md5
 *   challenge is weaker than SCRAM); RDS for PostgreSQL 14+ defaults to `scram-sha-256`.
 */

/** One parameter of a parameter group. */
export interface Parameter {
    name?: string;
    value?: unknown;
}

/** The password storage PostgreSQL should use (its default from 14). */
export const PASSWORD_ENCRYPTION = "scram-sha-256";

/** Why the parameters let passwords reach the logs or weaken their storage; empty when they do not. */
export function credentialParameterProblems(parameters: Parameter[], allowedLogStatement: readonly string[]): string[] {
    const value = (name: string) => {
        const found = parameters.filter(p => p.name === name);
        return found.length === 0 ? undefined : String(found[found.length - 1].value ?? "").trim().toLowerCase();
    };
    const problems: string[] = [];
    const logStatement = value("log_statement");
    if (logStatement !== undefined && !allowedLogStatement.includes(logStatement)) {
        problems.push(`log_statement is ${logStatement}: PostgreSQL then logs ${logStatement === "all" ? "every statement with its parameters" : "every ALTER"}, ` +
            "ALTER ROLE … PASSWORD included, so passwords land in the exported log; set it to " + allowedLogStatement.join(" or "));
    }
    if (value("log_min_duration_statement") === "0") {
        problems.push("log_min_duration_statement is 0: every statement's text is logged (ALTER ROLE … PASSWORD included); log only slow ones (e.g. 1000 ms)");
    }
    const encryption = value("password_encryption");
    if (encryption !== undefined && encryption !== PASSWORD_ENCRYPTION) {
        problems.push(`password_encryption is ${encryption}: passwords set from now on are stored as weak ${encryption} verifiers; set it to ${PASSWORD_ENCRYPTION}`);
    }
    return problems;
}
