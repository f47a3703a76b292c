/**
 * How many PostgreSQL connections one task of the application opens, stated once: the program
 * gives the backend's container these settings (stack/compute.ts) and the pack multiplies them by
 * each service's scaling ceiling to compare with the database's max_connections
 * (policy/ecs/scalingCeilings.ts).
 *
 * The backend is Django under gunicorn. gunicorn starts `workers` processes (its `-w/--workers`,
 * whose default is the `WEB_CONCURRENCY` environment variable) of `threads` threads each
 * (`--threads`, default 1; `GUNICORN_CMD_ARGS` passes command-line settings through the
 * environment). Django keeps one connection per thread and database alias, persistent while
 * `CONN_MAX_AGE` lasts, so a busy task holds workers × threads connections.
 */

/** The setting that tells a container where the database is: a container given it connects. */
export const DATABASE_HOST_SETTING = "DATABASE_HOST";

/** The backend's gunicorn sizing, as the program sets it. */
export const BACKEND_POOL = {
    /** Worker processes per task (`WEB_CONCURRENCY`). */
    workers: 4,
    /** Threads per worker (`--threads` in `GUNICORN_CMD_ARGS`). */
    threads: 2,
} as const;

/** The environment that sizes gunicorn as `pool` says: what the program gives the backend. */
export function poolEnvironment(pool: { workers: number; threads: number } = BACKEND_POOL): Record<string, string> {
    return { WEB_CONCURRENCY: String(pool.workers), GUNICORN_CMD_ARGS: `--threads ${pool.threads}` };
}

/** The parts of a container definition that size its connection pool. */
export interface PoolContainer {
    environment?: Array<{ name?: string; value?: string }>;
    secrets?: Array<{ name?: string }>;
    command?: string[];
    entryPoint?: string[];
}

/** Whether the container is told where the database is (plainly or through a secret), so opens connections. */
export function connectsToDatabase(c: PoolContainer): boolean {
    return [...(c.environment ?? []), ...(c.secrets ?? [])].some(v => v?.name === DATABASE_HOST_SETTING);
}

/** The value of `--name N`, `--name=N` (or `-s N`, `-sN`) in a list of tokens; undefined when absent or not a positive integer. */
function option(tokens: string[], long: string, short?: string): number | undefined {
    let found: number | undefined;
    tokens.forEach((t, i) => {
        const inline = t.startsWith(`${long}=`) ? t.slice(long.length + 1)
            : short !== undefined && t.startsWith(short) && t.length > short.length ? t.slice(short.length) : undefined;
        const value = inline ?? (t === long || t === short ? tokens[i + 1] : undefined);
        // The last occurrence wins, as in gunicorn's argument parser.
        if (value !== undefined && /^\d+$/.test(value)) found = Number(value);
    });
    return found;
}

/**
 * Connections one task of the container opens at most: its gunicorn workers × threads, read
 * from what the container is given (command line, `GUNICORN_CMD_ARGS`, `WEB_CONCURRENCY`: the
 * precedence gunicorn applies), else BACKEND_POOL's, since the image's own defaults are not
 * visible to the stack. 0 for a container not told where the database is.
 */
export function connectionsPerContainer(c: PoolContainer): number {
    if (!connectsToDatabase(c)) return 0;
    const env = new Map((c.environment ?? []).map(v => [v?.name, v?.value]));
    const cmdArgs = String(env.get("GUNICORN_CMD_ARGS") ?? "").split(/\s+/).filter(Boolean);
    const line = [...(c.entryPoint ?? []), ...(c.command ?? [])].flatMap(t => String(t).split(/\s+/)).filter(Boolean);
    const concurrency = env.get("WEB_CONCURRENCY");
    const workers = option(line, "--workers", "-w") ?? option(cmdArgs, "--workers", "-w")
        ?? (concurrency !== undefined && /^\d+$/.test(concurrency.trim()) ? Number(concurrency) : BACKEND_POOL.workers);
    const threads = option(line, "--threads") ?? option(cmdArgs, "--threads") ?? BACKEND_POOL.threads;
    return Math.max(workers, 1) * Math.max(threads, 1);
}
