/**
 * What the application's containers need from their task, and how ECS shares a task's size among
 * its containers. The program sizes its task definitions from these facts (config/schema.ts checks
 * the Fargate pair, components/compute/Service.ts the app's share after its sidecars, and
 * containerDefinitions.ts gives the app container the task's CPU the sidecars do not reserve); the
 * pack judges every task definition with the same functions (ecs-task-sizing).
 *
 * How ECS allocates (Amazon ECS Developer Guide, task definition parameters, and the API
 * reference's ContainerDefinition and Ulimit):
 * - Task-level `cpu` and `memory` are the task's size; on Fargate both are required and must be one
 *   of Fargate's pairs (RegisterTaskDefinition refuses others: "No Fargate configuration exists for
 *   given values"). CPU may be written "1 vCPU", memory "2 GB"; ECS converts them to units and MiB.
 * - A container's `memory` is a hard limit: a container that exceeds it is killed. Its
 *   `memoryReservation` is a soft limit, and it is what ECS sets aside for the container (its
 *   `memory` when it has no reservation); the reservations of a task's containers must fit in the
 *   task's memory, and a container may count only on what the others have not reserved.
 * - A container's `cpu` is a relative CPU share (Docker `--cpu-shares`) within the task's CPU:
 *   under contention each container gets the task's CPU in proportion to its share. A container
 *   without `cpu` (or with 0 or 1) gets 2 shares, the kernel's minimum, so a sidecar with a large
 *   share leaves it almost nothing. The containers' `cpu` together must stay within the task's.
 * - `ulimits` replace the process's resource limits. Fargate sets `nofile` to 65535 (soft and hard)
 *   unless the task definition sets it; the process runs with the soft limit (neither gunicorn nor
 *   Node.js raises it).
 */

/** CPU units in one vCPU. */
export const CPU_UNITS_PER_VCPU = 1024;

/** The CPU share Linux gives a container without a `cpu` (or with 0 or 1): the kernel's minimum. */
export const MINIMUM_CPU_SHARES = 2;

/** The largest CPU share the kernel accepts; ECS passes larger values as this. */
const MAXIMUM_CPU_SHARES = 262144;

/** MiB from `from` to `to` in steps of `step`. */
const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** Memory (MiB) Fargate accepts for each task CPU size (ECS Developer Guide, "Task CPU and memory"). */
const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    // Linux platform version 1.4.0 and later.
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

/** The task CPU sizes Fargate offers. */
export const FARGATE_CPU_SIZES: readonly number[] = Object.keys(FARGATE_MEMORY).map(Number);

/** Memory sizes (MiB) Fargate accepts with a task CPU size; none for a size Fargate does not offer. */
export function fargateMemoryChoices(cpu: number): number[] {
    return [...(FARGATE_MEMORY[cpu] ?? [])];
}

/** What one of the application's processes needs of its task. */
export interface AppResourceNeeds {
    /** The process, for messages. */
    process: string;
    /** MiB the process needs to serve without being OOM-killed (its workers at their working size, with headroom). */
    memoryMiB: number;
    /** CPU units the process needs under load; less and its requests queue while the service's CPU target tracking waits. */
    cpuUnits: number;
    /**
     * Lowest soft limit of each ulimit the process needs; `Infinity` means only unlimited (-1) will do.
     * `serving` limits apply to a container that serves the load balancer's traffic (its concurrency);
     * the others to every container running the app, a one-off task's (a migration) included.
     */
    ulimits: Readonly<Record<string, { minimum: number; serving: boolean; why: string }>>;
}

/**
 * Open files a serving process needs: every in-flight request holds the load balancer's socket, a
 * database connection, a Redis connection and often a TLS connection to an AWS API or provider,
 * and the load balancer keeps idle keep-alive connections to every target besides; the interpreter
 * holds its modules, logs and pipes. 4096 is four times the 1024 at which Linux sessions start and
 * a sixteenth of what Fargate gives by default: below it the server fails with EMFILE ("Too many
 * open files") under a load auto scaling is meant to absorb, not at an exotic one.
 */
const SERVING_OPEN_FILES = 4096;

/**
 * Processes and threads the app's user may run (RLIMIT_NPROC counts threads): gunicorn's workers
 * and their threads, Node.js's libuv pool and V8 threads, the ECS Exec shell. Below it a fork or
 * thread creation fails (EAGAIN) and the server stops growing its workers.
 */
const SERVING_PROCESSES = 1024;

/** The ulimits every app process needs, for a process that needs `memoryMiB`. */
function appUlimits(memoryMiB: number): AppResourceNeeds["ulimits"] {
    return {
        nofile: { minimum: SERVING_OPEN_FILES, serving: true, why: "every connection (clients, PostgreSQL, Redis, AWS APIs) is a descriptor" },
        nproc: { minimum: SERVING_PROCESSES, serving: true, why: "each worker and thread counts against it" },
        // Since Linux 4.7 RLIMIT_DATA counts private mappings (the heap): a hard memory limit per process.
        data: { minimum: memoryMiB * 1024 * 1024, serving: false, why: "it caps each process's heap (bytes)" },
        // RLIMIT_CPU counts CPU seconds over the process's life: a long-lived server reaches any finite value and is killed (SIGXCPU, then SIGKILL).
        cpu: { minimum: Infinity, serving: false, why: "a long-lived server reaches any CPU-seconds limit and is killed" },
    };
}

/**
 * The application's processes by container name (lib/facts/appHealth.ts names them the same).
 * Django under gunicorn runs its sync workers at roughly 150-250 MiB each once warm; at the guide's
 * 1 vCPU that is 3 workers (2 × cores + 1) plus the master, so 1 GiB with headroom, and half a vCPU
 * at least for the workers to keep up. Next.js's server renders pages in one Node.js process of a
 * few hundred MiB, so 512 MiB and a quarter vCPU. Prod's task sizes (1024/2048 and 512/1024, with
 * the X-Ray sidecar's 32 units and 256 MiB set aside) leave each more than this.
 */
export const APP_RESOURCE_NEEDS: Readonly<Record<string, AppResourceNeeds>> = {
    backend: { process: "Django under gunicorn", memoryMiB: 1024, cpuUnits: 512, ulimits: appUlimits(1024) },
    frontend: { process: "the Next.js server", memoryMiB: 512, cpuUnits: 256, ulimits: appUlimits(512) },
};

/** The parts of a task definition that size it. */
export interface TaskSize {
    /** Task-level CPU: units (1024) or vCPUs ("1 vCPU"), as ECS accepts. */
    cpu?: unknown;
    /** Task-level memory: MiB (2048) or GB ("2 GB"), as ECS accepts. */
    memory?: unknown;
    /** Whether the task definition is for Fargate (`requiresCompatibilities` lists FARGATE). */
    fargate: boolean;
}

/** The parts of a container definition that size it. */
export interface ContainerSize {
    name?: unknown;
    cpu?: unknown;
    memory?: unknown;
    memoryReservation?: unknown;
    ulimits?: unknown;
}

/** A whole number from a number or a numeric string; undefined otherwise. */
function count(value: unknown): number | undefined {
    const n = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

/** Task-level CPU in units: 1024, "1024", "1 vCPU", "0.5 vcpu"; undefined when absent or unreadable. */
export function taskCpuUnits(value: unknown): number | undefined {
    const vcpu = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$/i.exec(value) : null;
    return vcpu ? Math.round(Number(vcpu[1]) * CPU_UNITS_PER_VCPU) : count(value);
}

/** Task-level memory in MiB: 2048, "2048", "2 GB", "0.5GB"; undefined when absent or unreadable. */
export function taskMemoryMiB(value: unknown): number | undefined {
    const gb = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*gb\s*$/i.exec(value) : null;
    return gb ? Math.round(Number(gb[1]) * 1024) : count(value);
}

/** MiB ECS sets aside for a container: its reservation, else its hard limit, else nothing. */
export function reservedMiB(c: ContainerSize): number {
    return Math.max(count(c.memoryReservation) ?? count(c.memory) ?? 0, 0);
}

/** A container's CPU share as the kernel applies it. */
export function cpuShares(c: ContainerSize): number {
    const cpu = count(c.cpu) ?? 0;
    return Math.min(Math.max(cpu, MINIMUM_CPU_SHARES), MAXIMUM_CPU_SHARES);
}

const label = (c: ContainerSize, i: number) => typeof c.name === "string" ? c.name : `#${i}`;

/** What ECS refuses of the task's size as a whole (Fargate's pairs, reservations beyond the task). */
export function taskSizeProblems(task: TaskSize, containers: readonly ContainerSize[]): string[] {
    const problems: string[] = [];
    const cpu = taskCpuUnits(task.cpu);
    const memory = taskMemoryMiB(task.memory);
    if (task.fargate) {
        if (cpu === undefined || memory === undefined) {
            problems.push(`a Fargate task needs task-level cpu and memory (got cpu ${JSON.stringify(task.cpu)}, memory ${JSON.stringify(task.memory)})`);
        } else if (!fargateMemoryChoices(cpu).includes(memory)) {
            const choices = fargateMemoryChoices(cpu);
            problems.push(`Fargate has no ${cpu} CPU / ${memory} MiB task (${choices.length ? `with ${cpu} CPU units: ${choices.join(", ")} MiB` : `CPU sizes: ${FARGATE_CPU_SIZES.join(", ")}`})`);
        }
    }
    const cpuSum = containers.reduce((s, c) => s + Math.max(count(c.cpu) ?? 0, 0), 0);
    if (cpu !== undefined && cpuSum > cpu) {
        problems.push(`the containers reserve ${cpuSum} CPU units, more than the task's ${cpu}`);
    }
    const memorySum = containers.reduce((s, c) => s + reservedMiB(c), 0);
    if (memory !== undefined && memorySum > memory) {
        problems.push(`the containers reserve ${memorySum} MiB, more than the task's ${memory} MiB`);
    }
    return problems;
}

/**
 * What the app container at `app` is short of, against `needs`: the memory it keeps (its hard limit,
 * and the task's memory less the other containers' reservations), the CPU it is guaranteed under
 * contention (its share of the task's CPU), and its ulimits (`serving`: it takes the load
 * balancer's traffic). On a task without task-level sizes (EC2), its own reservations are what it
 * is guaranteed.
 */
export function appContainerProblems(task: TaskSize, containers: readonly ContainerSize[], app: number, needs: AppResourceNeeds, serving: boolean): string[] {
    const c = containers[app];
    const name = `container ${label(c, app)} (${needs.process})`;
    const problems: string[] = [];
    const others = containers.map((o, i) => ({ o, i })).filter(({ i }) => i !== app);

    const hard = count(c.memory);
    if (hard !== undefined && hard < needs.memoryMiB) {
        problems.push(`${name} has a hard memory limit of ${hard} MiB; it needs ${needs.memoryMiB} MiB, and ECS kills a container that exceeds its limit`);
    }
    const taskMemory = taskMemoryMiB(task.memory);
    const reservedByOthers = others.filter(({ o }) => reservedMiB(o) > 0);
    const keeps = taskMemory !== undefined ? taskMemory - reservedByOthers.reduce((s, { o }) => s + reservedMiB(o), 0) : reservedMiB(c);
    if (keeps < needs.memoryMiB) {
        problems.push(taskMemory !== undefined
            ? `${name} keeps ${keeps} MiB of the task's ${taskMemory} MiB once the other containers' reservations are set aside (${reservedByOthers.map(({ o, i }) => `${label(o, i)} ${reservedMiB(o)} MiB`).join(", ") || "none"}); it needs ${needs.memoryMiB} MiB`
            : `${name} reserves ${keeps} MiB in a task without task-level memory; it needs ${needs.memoryMiB} MiB`);
    }

    const taskCpu = taskCpuUnits(task.cpu);
    if (taskCpu !== undefined) {
        const total = containers.reduce((s, o) => s + cpuShares(o), 0);
        const guaranteed = Math.floor(taskCpu * cpuShares(c) / total);
        if (guaranteed < needs.cpuUnits) {
            const sidecars = others.map(({ o, i }) => `${label(o, i)} ${count(o.cpu) ?? "unset"}`).join(", ");
            problems.push(`${name} is guaranteed ${guaranteed} of the task's ${taskCpu} CPU units under contention (cpu ${count(c.cpu) ?? "unset"}, a share of ${cpuShares(c)} against ${sidecars || "no other container"}); it needs ${needs.cpuUnits}${taskCpu >= needs.cpuUnits ? `: give it a cpu of at least ${needs.cpuUnits} and the sidecars only what is left` : ""}`);
        }
    } else if ((count(c.cpu) ?? 0) < needs.cpuUnits) {
        problems.push(`${name} reserves ${count(c.cpu) ?? 0} CPU units in a task without task-level cpu; it needs ${needs.cpuUnits}`);
    }

    for (const [limit, floor] of Object.entries(needs.ulimits)) {
        if (floor.serving && !serving) continue;
        const soft = softLimit(c.ulimits, limit);
        if (soft !== undefined && soft < floor.minimum) {
            problems.push(`${name} has a ${limit} ulimit of ${soft} (soft); it needs ${floor.minimum === Infinity ? "unlimited (-1)" : `at least ${floor.minimum}`}: ${floor.why}`);
        }
    }
    return problems;
}

/**
 * The soft limit a container's ulimits set for `name` (the lowest when listed twice; a negative
 * value is unlimited, Infinity); undefined when they do not set it.
 */
export function softLimit(ulimits: unknown, name: string): number | undefined {
    if (!Array.isArray(ulimits)) return undefined;
    const set = ulimits.filter(u => typeof u?.name === "string" && u.name.toLowerCase() === name)
        // The process runs with the soft limit, which may not exceed the hard one.
        .map(u => Math.min(...[count(u.softLimit), count(u.hardLimit)].map(v => v === undefined || v < 0 ? Infinity : v)));
    return set.length ? Math.min(...set) : undefined;
}
