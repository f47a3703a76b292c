import { statementLoggingProblems } from "../lib/facts/statementLogging";

/**
 * Parameters of a PostgreSQL parameter group that decide where the database's passwords and the
 * personal data its statements carry end up.
 *
 * - Every route into the server log (log_statement, an every-statement threshold, sampling, bind
 *   values, pgAudit, auto_explain…): policy/lib/facts/statementLogging.ts, stated once.
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

/**
 * Why the parameters let passwords or personal data reach the logs, or weaken password storage;
 * empty when they do not. `major` is the family's PostgreSQL major (undefined: judged as the newest).
 */
export function credentialParameterProblems(parameters: Parameter[], allowedLogStatement: readonly string[], major?: number): string[] {
    const value = (name: string) => {
        const found = parameters.filter(p => p.name === name);
        return found.length === 0 ? undefined : String(found[found.length - 1].value ?? "").trim().toLowerCase();
    };
    const problems = statementLoggingProblems(parameters, allowedLogStatement, major);
    const encryption = value("password_encryption");
    if (encryption !== undefined && encryption !== PASSWORD_ENCRYPTION) {
        problems.push(`password_encryption is ${encryption}: passwords set from now on are stored as weak ${encryption} verifiers; set it to ${PASSWORD_ENCRYPTION}`);
    }
    return problems;
}
