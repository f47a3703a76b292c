/**
 * How the application's containers run, stated once: the platform its images are built for, the
 * command lines and runtime settings that start them, the directory that holds their code and the
 * ones they may write. The program builds its task definitions from these facts
 * (components/compute/Service.ts, containerDefinitions.ts, stack/compute.ts) and the pack judges
 * every task definition of the stack against them (ecs-container-start,
 * ecs-read-only-root-filesystem), so a task definition AWS accepts but whose containers would not
 * start, or would start something nobody reviewed, is refused. Facts modules import nothing.
 */

/**
 * The platform the application's images are built for. CI builds them on GitHub's x86-64 hosted
 * runners (`ubuntu-latest`) with a plain `docker build`, which builds for the runner's own
 * platform and pushes a single-platform image, not a multi-platform index (the program's record:
 * docs/network-and-compute.md; tests/ci/workflows.test.ts holds any image build of this
 * repository's workflows to this line): a task on ARM64 (Graviton) pulls it and stops at start
 * with `exec format error`. Moving to ARM64 means building `linux/arm64` as well first (buildx
 * `--platform linux/amd64,linux/arm64`), then changing this line. ECS runs a task definition that
 * sets no runtimePlatform on Linux/X86_64, the same platform.
 */
export const IMAGE_PLATFORM = {
    operatingSystemFamily: "LINUX",
    cpuArchitecture: "X86_64",
    /** Docker's name for it (`docker build --platform`, an image index's platform entry). */
    docker: "linux/amd64",
} as const;

/** The services whose code the stack's own images hold. */
export const APP_IMAGE_SERVICES = ["backend", "frontend"] as const;
export type AppImageService = (typeof APP_IMAGE_SERVICES)[number];

/**
 * The service whose code a container runs: its image's repository is the service's
 * (`<project>-<service>`, components/compute/Service.ts; in any registry, by tag or digest), else
 * the container is named after it (the program names each application container after its
 * service). Undefined for a sidecar (the X-Ray daemon) or any other image.
 */
export function appServiceOf(container: { name?: unknown; image?: unknown }): AppImageService | undefined {
    if (typeof container.image === "string") {
        const last = container.image.split("@")[0].split("/").pop() ?? "";
        const repository = last.split(":")[0];
        const byImage = APP_IMAGE_SERVICES.find((s) => repository === s || repository.endsWith(`-${s}`));
        if (byImage) return byImage;
    }
    return APP_IMAGE_SERVICES.find((s) => s === container.name);
}

/** The WSGI application gunicorn serves: Django's `expertconnect/wsgi.py` and its `application` callable. */
export const BACKEND_WSGI_APPLICATION = "expertconnect.wsgi:application";

/** A value check of a gunicorn setting; `port` is the port the container's service listens on. */
type SettingValue = (value: string, port: number | undefined) => boolean;

const count: SettingValue = (v) => /^\d+$/.test(v);
const positive: SettingValue = (v) => /^\d+$/.test(v) && Number(v) > 0;

/** `--bind` to the service's port on every interface (`0.0.0.0:8000`, `:8000`, `[::]:8000`), where the load balancer and health checks reach it. */
const bindsPort: SettingValue = (v, port) => port !== undefined && new RegExp(`^(?:0\\.0\\.0\\.0|\\[::\\])?:${port}$`).test(v);

/**
 * gunicorn settings a task may give the backend (on its command line or in GUNICORN_CMD_ARGS):
 * how many requests it serves at once, its timeouts, its listening address and logging to the
 * container's output (what awslogs ships). Nothing else: `-c/--config` runs a Python file at start,
 * `--reload` re-executes whatever code appears (a development mode), `--chdir`, `--pythonpath` and
 * `--paste` load code from elsewhere, `-e/--env` rewrites settings (`DJANGO_SETTINGS_MODULE`),
 * `--spew` logs every executed line (secrets included), `-D/--daemon` detaches so the container's
 * process exits and ECS stops the task, a log file inside the container is lost.
 * (gunicorn's settings reference.)
 */
const GUNICORN_SETTINGS: Readonly<Record<string, { short?: string; value?: SettingValue }>> = {
    "--workers": { short: "-w", value: positive },
    "--threads": { value: positive },
    "--worker-class": { short: "-k", value: (v) => v === "sync" || v === "gthread" },
    "--worker-connections": { value: positive },
    "--bind": { short: "-b", value: bindsPort },
    "--backlog": { value: positive },
    "--timeout": { short: "-t", value: count },
    "--graceful-timeout": { value: count },
    "--keep-alive": { value: count },
    "--max-requests": { value: count },
    "--max-requests-jitter": { value: count },
    "--worker-tmp-dir": { value: (v) => v === "/tmp" || v === "/dev/shm" },
    "--access-logfile": { value: (v) => v === "-" },
    "--error-logfile": { value: (v) => v === "-" },
    "--log-file": { value: (v) => v === "-" },
    "--log-level": { value: (v) => /^(debug|info|warning|error|critical)$/i.test(v) },
    "--capture-output": {},
    "--preload": {},
};

/** gunicorn's tokens judged: the problem, or the positional arguments left (the application). */
function gunicornTokens(tokens: readonly string[], port: number | undefined): { problem: string } | { positionals: string[] } {
    const positionals: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        if (!token.startsWith("-")) {
            positionals.push(token);
            continue;
        }
        const [written, inline] = token.startsWith("--") ? [token.split("=")[0], token.includes("=") ? token.slice(token.indexOf("=") + 1) : undefined] : [token.slice(0, 2), token.length > 2 ? token.slice(2) : undefined];
        const name = Object.keys(GUNICORN_SETTINGS).find((n) => n === written || GUNICORN_SETTINGS[n].short === written);
        if (name === undefined) {
            return { problem: `gunicorn ${written} is not a setting the pack knows to leave the code and its logging as reviewed (allowed: ${Object.keys(GUNICORN_SETTINGS).join(", ")})` };
        }
        const check = GUNICORN_SETTINGS[name].value;
        if (check === undefined) {
            if (inline !== undefined) return { problem: `gunicorn ${name} takes no value` };
            continue;
        }
        const value = inline ?? tokens[++i];
        if (value === undefined || !check(value, port)) {
            return { problem: `gunicorn ${name} ${value ?? "(no value)"} is not allowed${name === "--bind" ? ` (the service listens on port ${port ?? "?"} of every interface)` : ""}` };
        }
    }
    return { positionals };
}

/**
 * Why `argv` (a container's entry point and command together) is not the backend's server, or
 * undefined when it is: gunicorn, by name from the image's PATH or as `python -m gunicorn`,
 * serving {@link BACKEND_WSGI_APPLICATION} (`:application` may be left out, gunicorn's default)
 * with only the settings of GUNICORN_SETTINGS. A shell (`sh -c "…"`), Django's `runserver`
 * (a development server: "DO NOT USE THIS SERVER IN A PRODUCTION SETTING"), another program or
 * another application is not.
 */
export function backendServerProblem(argv: readonly string[], port: number | undefined): string | undefined {
    const python = /^python(?:3(?:\.\d+)?)?$/.test(argv[0] ?? "") && argv[1] === "-m" && argv[2] === "gunicorn";
    if (argv[0] !== "gunicorn" && !python) {
        return `it runs ${JSON.stringify(argv.slice(0, 3))}, not gunicorn`;
    }
    const judged = gunicornTokens(argv.slice(python ? 3 : 1), port);
    if ("problem" in judged) return judged.problem;
    const [module] = BACKEND_WSGI_APPLICATION.split(":");
    const apps = judged.positionals;
    return apps.length === 1 && (apps[0] === module || apps[0] === BACKEND_WSGI_APPLICATION) ? undefined
        : `gunicorn serves ${apps.length ? apps.join(" ") : "no application"}, not ${BACKEND_WSGI_APPLICATION}`;
}

/**
 * Environment variables that change which code a process loads, whatever its command line: the
 * dynamic linker's preloads and search path, Python's module path and home (a module in a
 * writable directory shadows the application's) and bash's start-up file for scripts (an image's
 * entry-point script sources it). None is needed by the stack's containers; each would run code
 * that is in no reviewed image. (sh's `ENV` is left out: applications commonly name their
 * environment `ENV=production`, and sh reads it for interactive shells only.)
 */
const CODE_LOADING_SETTINGS: readonly string[] = ["LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "BASH_ENV"];

/** Node.js flags (allowed in NODE_OPTIONS) that load a module before the application: `-r/--require`, `--import`, `--loader`. */
const NODE_LOADER_FLAG = /^(?:-r|--require|--import|--loader|--experimental-loader)(?:=|$)/;

/**
 * Why a container setting (`name` from its environment with `value`, or from its secrets with the
 * value unknown) makes its process run code nobody reviewed, or undefined: one of
 * CODE_LOADING_SETTINGS; NODE_OPTIONS with a flag that preloads a module; GUNICORN_CMD_ARGS with a
 * setting the backend's server may not take (`port`: the container's service's). A value the task
 * definition does not hold (a secret's) cannot be reviewed, so it counts as the worst.
 */
export function runtimeSettingProblem(name: string, value: string | undefined, port: number | undefined): string | undefined {
    if (CODE_LOADING_SETTINGS.includes(name)) {
        return `${name} changes which code the process loads (${name.startsWith("LD_") ? "the dynamic linker's libraries" : name.startsWith("PYTHON") ? "Python's modules" : "a shell's start-up file"})`;
    }
    if (name !== "NODE_OPTIONS" && name !== "GUNICORN_CMD_ARGS") return undefined;
    if (value === undefined) {
        return `${name} comes from a secret or parameter: the settings it passes are in no reviewed definition`;
    }
    const tokens = value.trim().split(/\s+/).filter((t) => t !== "");
    if (name === "NODE_OPTIONS") {
        const loader = tokens.find((t) => NODE_LOADER_FLAG.test(t));
        return loader ? `NODE_OPTIONS ${loader} loads a module before the application` : undefined;
    }
    const judged = gunicornTokens(tokens, port);
    if ("problem" in judged) return `GUNICORN_CMD_ARGS: ${judged.problem}`;
    return judged.positionals.length ? `GUNICORN_CMD_ARGS names ${judged.positionals.join(" ")}: gunicorn takes settings there, not an application` : undefined;
}

/**
 * Where the application's images hold their code: their working directory, Django's project and
 * Next.js' build (`/app/.next`, whose `cache` the frontend writes).
 */
export const APP_CODE_DIRECTORY = "/app";

/** What each application container writes: a task-local scratch volume each (the root filesystem is read-only). */
export const APP_WRITABLE_PATHS: Readonly<Record<AppImageService, readonly string[]>> = {
    backend: ["/tmp"],
    // Next.js writes its image-optimisation cache next to its build.
    frontend: ["/tmp", "/app/.next/cache"],
};

/**
 * An image's system directories: its programs, libraries (the interpreters' packages among them:
 * `/usr/local/lib/python3.x/site-packages`, `/usr/local/lib/node_modules`, a virtualenv under
 * `/opt`), configuration (`/etc/passwd`, `/etc/ld.so.preload`, CA certificates) and home
 * directories (Python's user site-packages under `~/.local`).
 */
export const SYSTEM_DIRECTORIES: readonly string[] = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/usr", "/etc", "/opt", "/root", "/home", "/boot"];

/** An absolute path with `.`, `..` and repeated or trailing slashes resolved. */
export function normalizePath(path: string): string {
    const segments: string[] = [];
    for (const segment of path.split("/")) {
        if (segment === "..") {
            segments.pop();
        } else if (segment !== "" && segment !== ".") {
            segments.push(segment);
        }
    }
    return `/${segments.join("/")}`;
}

/** `path` is `ancestor` or lies under it (both normalized). */
export function pathWithin(path: string, ancestor: string): boolean {
    return path === ancestor || path.startsWith(ancestor === "/" ? "/" : `${ancestor}/`);
}

/**
 * Why a writable mount at `containerPath` makes the container's code or system writable, or
 * undefined: a mount at, inside or above the application's code or a system directory, unless it
 * is at or inside one of `writable` (the service's own scratch paths, APP_WRITABLE_PATHS). A
 * task-local volume over a directory starts empty unless the image declares it a VOLUME, in which
 * case ECS copies the image's content in: either the program is gone and the container does not
 * start, or its code is writable by whatever runs in it, which a read-only root filesystem exists
 * to prevent.
 */
export function writableMountProblem(containerPath: string, writable: readonly string[]): string | undefined {
    const path = normalizePath(containerPath);
    if (writable.some((w) => pathWithin(path, normalizePath(w)))) return undefined;
    const hit = [APP_CODE_DIRECTORY, ...SYSTEM_DIRECTORIES].find((d) => pathWithin(path, d) || pathWithin(d, path));
    if (hit === undefined) return undefined;
    return hit === APP_CODE_DIRECTORY ? `the application's code (${APP_CODE_DIRECTORY})` : `the image's system directory ${hit}`;
}
