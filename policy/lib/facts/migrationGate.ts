/**
 * The database migration gate, stated once: the program builds its `local.Command`
 * (components/operations/Migration.ts) from these facts, and ecs-migration-gate
 * (policy/ecs/migrationGate.ts) judges the stack against the same facts, so the two agree on
 * when a stack migrates, what the gate runs and how long it may take. Facts modules import nothing.
 */

/** `expertconnect:runMigrations` when the stack config leaves it unset. */
export const DEFAULT_RUN_MIGRATIONS = true;

export interface MigrationInputs {
    /** `expertconnect:runMigrations` (the pack's `runMigrations`, which restates it). */
    runMigrations: boolean;
    /**
     * Whether the stack's region serves the application now and so owns the writable database:
     * prod unless fenced, dr from `promote` to `promoted` (components/dr/phase.ts `regionRole`;
     * the pack's `regionState`).
     */
    serves: boolean;
    /** The region's state, for the reason: `serving`, `fenced`, or dr's phase. */
    state: string;
}

export type MigrationDecision = { run: true } | { run: false; reason: string };

/**
 * A stack migrates while it serves, unless switched off. A dr standby's database is a read
 * replica of prod (it receives prod's schema through replication and refuses writes), and a
 * fenced stack (prod after a failover, dr in `failback`) must take no writes from its own
 * services: neither runs migrations.
 */
export function migrationDecision(inputs: MigrationInputs): MigrationDecision {
    if (!inputs.runMigrations) {
        return { run: false, reason: "expertconnect:runMigrations is false" };
    }
    if (!inputs.serves) {
        return {
            run: false,
            reason: inputs.state === "standby"
                ? "the dr database is a read replica while expertconnect:dr.phase is standby"
                : `the stack does not serve (${inputs.state}): its database takes no writes from it`,
        };
    }
    return { run: true };
}

/**
 * SHA-256 of `scripts/run-migration.sh`, the reviewed script the command runs on create and
 * update (shellcheck-clean, tested against a stand-in `aws` in tests/components/operations). It
 * starts the task, waits for it to stop, and fails unless the migration container exited 0: the
 * gate's whole behaviour. The program refuses to run a script with another digest and the pack
 * refuses a command whose script has another, so a change to the script is a change to this
 * line, reviewed with it.
 */
export const MIGRATION_SCRIPT_SHA256 = "9f636bc26b6495b7f2278d0f9a7dde449ccac1eba0fbf700e993bb6e4ca0b29a";

/** How the command runs the script: bash reads it from `-c` (it uses bash arrays and `[[ ]]`). */
export const MIGRATION_INTERPRETER: readonly string[] = ["/bin/bash", "-c"];

/**
 * The environment variables the script reads, and nothing else: the command's whole input
 * besides the script. Another variable could change what bash or the AWS CLI does
 * (`BASH_ENV`, `AWS_ENDPOINT_URL_ECS`…) without the script changing.
 */
export const MIGRATION_SCRIPT_INPUTS = {
    /** ARN of the backend task definition revision to migrate with (also the command's trigger). */
    taskDefinition: "TASK_DEFINITION",
    cluster: "CLUSTER",
    subnets: "SUBNETS",
    securityGroups: "SECURITY_GROUPS",
    /** The container whose command is overridden and whose exit code decides. */
    container: "CONTAINER",
    /** The command, a JSON array of strings (see `migrationCommandProblem`). */
    command: "COMMAND_JSON",
    logGroup: "LOG_GROUP",
    logStreamPrefix: "LOG_STREAM_PREFIX",
    region: "AWS_REGION",
    /** Minutes to wait for the task to stop (see `migrationWaitMinutes`). */
    timeoutMinutes: "TIMEOUT_MINUTES",
} as const;

/** The container the migration runs in: the Django backend's (the guide's `--container backend`). */
export const MIGRATION_CONTAINER = "backend";

/** Django's migrate of every app to its latest migration, without prompts (a deploy has no terminal). */
export const MIGRATION_COMMAND: readonly string[] = ["python", "manage.py", "migrate", "--noinput"];

/**
 * Options of `manage.py migrate` that change only how it talks, never what it does to the schema
 * (Django's migrate and base command options). Everything else is refused: `--fake` and
 * `--fake-initial` record migrations without running them, `--plan` and `--check` run none,
 * `--prune` deletes migration records, `--run-syncdb` creates tables outside migrations,
 * `--database`, `--settings` and `--pythonpath` point it elsewhere.
 */
const QUIET_FLAGS = new Set(["--noinput", "--no-input", "--skip-checks", "--traceback", "--no-color", "--force-color"]);
const VERBOSITY = /^(?:-v|--verbosity)(?:=?([0-3]))?$/;

/**
 * Why `argv` (the container command) is not a forward migration of every app, or undefined when
 * it is: `python manage.py migrate --noinput` with only quiet options. A positional argument is
 * refused: `migrate <app>` leaves the other apps behind, and `migrate <app> <migration>` (or
 * `zero`) unapplies every later migration, dropping their tables and columns. Any other
 * management command (`flush`, `sqlflush`, `reset_db`, a shell) is refused too.
 */
export function migrationCommandProblem(argv: unknown): string | undefined {
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every(a => typeof a === "string")) {
        return "it is not a JSON array of strings";
    }
    const [python, manage, command, ...rest] = argv as string[];
    const base = (word: string | undefined) => (word ?? "").split("/").pop()!;
    if (!/^python(?:3(?:\.\d+)?)?$/.test(base(python)) || base(manage) !== "manage.py") {
        return `it runs ${JSON.stringify(argv.slice(0, 2))}, not python manage.py`;
    }
    if (command !== "migrate") {
        return `it runs the management command ${JSON.stringify(command ?? "")}, not migrate`;
    }
    let noInput = false;
    for (let i = 0; i < rest.length; i++) {
        const word = rest[i]!;
        const verbosity = VERBOSITY.exec(word);
        if (verbosity) {
            if (verbosity[1] === undefined && !/^[0-3]$/.test(rest[++i] ?? "")) {
                return `${word} takes a level 0 to 3`;
            }
            continue;
        }
        if (QUIET_FLAGS.has(word)) {
            noInput ||= word === "--noinput" || word === "--no-input";
            continue;
        }
        return word.startsWith("-")
            ? `migrate ${word} does not apply the migrations as written (only --noinput, --verbosity, --skip-checks, --traceback and the colour options may be added)`
            : `migrate ${rest.filter(w => !w.startsWith("-")).join(" ")} names an app or a migration: it migrates that app alone, or unapplies every migration after the one named (zero: all of them)`;
    }
    return noInput ? undefined : "it lacks --noinput: a prompt with no terminal fails or hangs the deploy";
}

/** Minutes the script waits for the task when `TIMEOUT_MINUTES` is unset. */
export const DEFAULT_MIGRATION_TIMEOUT_MINUTES = 30;

/**
 * One round of `aws ecs wait tasks-stopped`: the AWS CLI polls every 6 seconds and gives up after
 * 100 checks (AWS CLI reference, `aws ecs wait tasks-stopped`). The script runs
 * ceil(TIMEOUT_MINUTES / 10) rounds.
 */
export const WAITER_ROUND_MINUTES = 10;

/**
 * Minutes around the wait: starting the task, reading its stop code and stopping it after a
 * timeout (each an AWS CLI call with its own retries).
 */
export const MIGRATION_OVERHEAD_MINUTES = 5;

/** The longest the script waits for the task to stop: whole waiter rounds, so 31 minutes waits 40. */
export function migrationWaitMinutes(timeoutMinutes: number): number {
    return Math.ceil(timeoutMinutes / WAITER_ROUND_MINUTES) * WAITER_ROUND_MINUTES;
}

/**
 * The command's custom create/update timeout, in minutes: the script's longest run. With less,
 * Pulumi abandons the command while the task still migrates: the script's stop-task never runs,
 * and the next `pulumi up` starts a second migration beside the first.
 */
export function migrationCommandTimeoutMinutes(timeoutMinutes: number): number {
    return migrationWaitMinutes(timeoutMinutes) + MIGRATION_OVERHEAD_MINUTES;
}
