/**
 * An ECS container health check as the container runtime runs it: `["CMD", exe, ...args]` execs
 * the program, `["CMD-SHELL", script]` runs `/bin/sh -c script` (further elements become `$0`,
 * `$1`…), `["NONE"]` turns the image's check off; anything else is no check the runtime knows.
 * Pure: what the check can end with, which loopback port and path it probes, and whether its
 * timings give the app time to boot.
 */
import { deciding, scriptOutcomes, Status } from "./shellOutcome";

/** The `healthCheck` of an ECS container definition (seconds). */
export interface ContainerHealthCheck {
    command?: unknown;
    interval?: unknown;
    timeout?: unknown;
    retries?: unknown;
    startPeriod?: unknown;
}

/** How the runtime runs a check's command. */
export type HealthCommand =
    | { kind: "none" }
    | { kind: "invalid"; why: string }
    | { kind: "exec"; argv: string[] }
    | { kind: "shell"; script: string; args: string[] };

/** The command as the runtime reads it. */
export function healthCommand(command: unknown): HealthCommand {
    if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === "string")) {
        return { kind: "invalid", why: "command is not a non-empty list of strings" };
    }
    const [type, ...rest] = command as string[];
    if (type === "NONE") return { kind: "none" };
    if (type === "CMD") {
        return rest.length > 0 ? { kind: "exec", argv: rest } : { kind: "invalid", why: "CMD names no program to run" };
    }
    if (type === "CMD-SHELL") {
        return rest.length > 0 ? { kind: "shell", script: rest[0]!, args: rest.slice(1) } : { kind: "invalid", why: "CMD-SHELL has no script" };
    }
    return { kind: "invalid", why: `it starts with ${JSON.stringify(type)}; the runtime runs only ["CMD", …], ["CMD-SHELL", "…"] or ["NONE"]` };
}

/** Shells whose `-c` argument is a script (`sh -c "…"` in CMD form). */
const SHELLS = new Set(["sh", "bash", "ash", "dash", "ksh", "zsh"]);

/**
 * The statuses the check's command can end with (`["0"]`: it never fails, `["fail"]`: it never
 * passes). An exec of `true`, `false`, a shell's `-c` script, or of a name that is a shell builtin
 * and no program (`exit`: the exec itself fails) has a fixed outcome.
 */
export function commandOutcomes(cmd: HealthCommand): Status[] {
    if (cmd.kind === "shell") return scriptOutcomes(cmd.script);
    if (cmd.kind !== "exec") return ["0", "fail"];
    const [exe] = cmd.argv;
    const name = exe!.replace(/^.*\//, "");
    if (name === "true") return ["0"];
    if (name === "false" || (name === "exit" && !exe!.includes("/"))) return ["fail"];
    const script = shellScript(cmd.argv);
    // `-e` (errexit) ends the script at the first failing command: not followed here.
    if (script !== undefined && !script.errexit) return scriptOutcomes(script.text);
    return ["0", "fail"];
}

/** The script of an exec of a shell with `-c` (`["sh", "-c", "…"]`), and whether `-e` is set. */
function shellScript(argv: string[]): { text: string; errexit: boolean } | undefined {
    const [exe, ...args] = argv;
    if (!SHELLS.has(exe!.replace(/^.*\//, ""))) return undefined;
    const options = args.findIndex((a) => !a.startsWith("-"));
    const flags = args.slice(0, options < 0 ? args.length : options);
    if (options < 0 || !flags.some((f) => /^-[a-z]*c[a-z]*$/.test(f))) return undefined;
    return { text: args[options]!, errexit: flags.some((f) => /^-[a-z]*e/.test(f)) };
}

/** curl's options that make an HTTP error status (400 and above) its own failure (exit 22). */
const CURL_FAILS = new Set(["--fail", "--fail-with-body"]);

/** Whether a curl argument list turns an HTTP error into a failure: `--fail`, `--fail-with-body`, or `f` in a cluster of short options (`-fsS`). */
function curlFails(args: string[]): boolean {
    return args.some((a) => CURL_FAILS.has(a) || /^-[A-Za-z0-9]*f[A-Za-z0-9]*$/.test(a));
}

/**
 * The curl requests whose exit status is the check's and that ignore the HTTP status: without
 * `--fail`, curl ends 0 whenever the server answers, so an app answering 500 or 503 (a Django
 * health view that cannot reach its database) counts healthy and ECS never replaces it. A curl
 * piped into another command (`| grep ok`) or inside `$( … )` is judged by what reads it, not here.
 */
export function statusBlindRequests(cmd: HealthCommand): string[] {
    const script = cmd.kind === "shell" ? cmd.script : cmd.kind === "exec" ? shellScript(cmd.argv)?.text : undefined;
    const commands = script !== undefined ? deciding(script) ?? [] : cmd.kind === "exec" ? [cmd.argv] : [];
    return commands
        .map((words) => words.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)))
        .filter((words) => words[0]?.replace(/^.*\//, "") === "curl" && !curlFails(words.slice(1)))
        .map((words) => words.join(" "));
}

/** Hosts that are the container itself (awsvpc: the task's loopback). */
const LOOPBACK = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])$/i;
const URL = /(?:(https?):\/\/)?(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"`)$]*)?(\$\{?\w+\}?)?/gi;

/** One request the check makes to its own container. */
export interface Probe {
    /** `http` or `https` (a URL without a scheme is http, as curl and wget read it). */
    scheme: string;
    port: number;
    /** The requested path; undefined when the command builds it in a way not followed here. */
    path?: string;
    /** The URL as written, for messages. */
    text: string;
}

/** `$NAME` and `${NAME}` replaced by the container's environment value (outside single quotes, as sh expands them). */
export function expandVariables(script: string, env: Map<string, string>): string {
    return script.split(/('[^']*')/).map((part) => part.startsWith("'") ? part
        : part.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => env.get(a ?? b) ?? whole)).join("");
}

/**
 * The loopback URLs the check requests. A URL whose path the command appends from an argument (the
 * program's `urlopen('http://127.0.0.1:8000' + sys.argv[1])`, `$1` in a shell) takes that argument
 * when it is an absolute path; a URL that is a whole word requests `/`.
 */
export function probesOf(cmd: HealthCommand, env: Map<string, string>): Probe[] {
    if (cmd.kind !== "exec" && cmd.kind !== "shell") return [];
    const texts = cmd.kind === "shell" ? [expandVariables(cmd.script, env)] : cmd.argv;
    const args = cmd.kind === "shell" ? cmd.args : cmd.argv.slice(1);
    const appended = args.filter((a) => a.startsWith("/")).at(-1);
    const probes: Probe[] = [];
    for (const text of texts) {
        for (const m of text.matchAll(URL)) {
            const [whole, scheme, host, port, path, variable] = m;
            // Without a scheme only host:port is a URL (a bare "localhost" is just a word).
            if (!scheme && !port) continue;
            if (!LOOPBACK.test(host!)) continue;
            const after = text.slice(m.index! + whole.length);
            const built = variable !== undefined || /^['"`]?\s*\+/.test(after);
            const requested = path ?? (built ? appended : "/");
            probes.push({
                scheme: (scheme ?? "http").toLowerCase(),
                port: port ? Number(port) : scheme?.toLowerCase() === "https" ? 443 : 80,
                path: built && path === undefined && appended === undefined ? undefined : requested?.split("?")[0],
                text: whole,
            });
        }
    }
    return probes;
}

/** ECS's bounds for the check's settings (RegisterTaskDefinition) and its defaults. */
export const HEALTH_CHECK_BOUNDS = {
    interval: { min: 5, max: 300, default: 30 },
    timeout: { min: 2, max: 60, default: 5 },
    retries: { min: 1, max: 10, default: 3 },
    startPeriod: { min: 0, max: 300, default: 0 },
} as const;

/** A setting as ECS uses it: the given number, or the default when none is set. */
function setting(check: ContainerHealthCheck, key: keyof typeof HEALTH_CHECK_BOUNDS): number {
    const v = check[key];
    return typeof v === "number" ? v : HEALTH_CHECK_BOUNDS[key].default;
}

/**
 * What is wrong with the check's timings, or undefined: a value ECS refuses, a check that
 * declares the container unhealthy (start period, then `retries` failed checks `interval` apart)
 * before `bootSeconds`, the time the app takes to start, or one that takes longer than
 * `detectSeconds` (default: no bound) to notice that a running app has died (`retries` × `interval`).
 */
export function timingProblem(check: ContainerHealthCheck, bootSeconds: number, detectSeconds = Infinity): string | undefined {
    for (const key of Object.keys(HEALTH_CHECK_BOUNDS) as Array<keyof typeof HEALTH_CHECK_BOUNDS>) {
        const { min, max } = HEALTH_CHECK_BOUNDS[key];
        const v = setting(check, key);
        if (v < min || v > max) return `healthCheck.${key} ${v} within ECS's ${min}-${max} seconds${key === "retries" ? " (count)" : ""}`;
    }
    const startPeriod = setting(check, "startPeriod");
    const retries = setting(check, "retries");
    const interval = setting(check, "interval");
    const unhealthyAfter = startPeriod + retries * interval;
    if (unhealthyAfter < bootSeconds) {
        return `time to boot: the check declares the container unhealthy ${unhealthyAfter} s after it starts (startPeriod ${startPeriod} + retries ${retries} × interval ${interval}), ` +
            `before the ${bootSeconds} s the program gives the app to boot, so ECS stops every new task: raise startPeriod (the program uses 60)`;
    }
    if (retries * interval > detectSeconds) {
        return `time to detect: a running app that dies is declared unhealthy only after retries ${retries} × interval ${interval} s = ${retries * interval} s, ` +
            `longer than the ${detectSeconds} s failure-detection budget, and ECS replaces the task only then: lower retries or interval (the program uses 3 × 30 s)`;
    }
    return undefined;
}
