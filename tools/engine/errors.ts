/** Bad command line, missing file or invalid config file: exit code 2 with the message. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** Exit codes shared by every command. */
export const EXIT = {
    /** No mandatory violation. */
    ok: 0,
    /** At least one mandatory violation. */
    violations: 1,
    /** Usage, config or program error. */
    error: 2,
} as const;
