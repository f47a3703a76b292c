/**
 * When a change to a database takes effect and what it does to service, stated once for the
 * program (components/dr/phase.ts sets `applyImmediately` from it) and the pack
 * (data-modifications-in-window, rds-parameters-fit-instance), which judge the resulting
 * configuration by value: neither can see the previous state, so a setting is judged by what a
 * change to it would do.
 *
 * Sources: RDS User Guide, "Modifying an Amazon RDS DB instance" (Settings for DB instances:
 * when each change occurs and its downtime), "Using the Apply Immediately setting"; ModifyDBInstance
 * (ApplyImmediately, CertificateRotationRestart); "Upgrades of the RDS for PostgreSQL DB engine"
 * (a major upgrade runs pg_upgrade on the primary and the standby together); "Working with
 * parameter groups" (static parameters apply at the next reboot, `pending-reboot`; RDS refuses
 * `immediate` for them); "Common DBA tasks for RDS for PostgreSQL" (max_connections or
 * shared_buffers too high: the instance won't start, `incompatible-parameters`); ElastiCache
 * ModifyReplicationGroup (ApplyImmediately false: node changes wait for the next maintenance reboot).
 *
 * Facts modules import nothing.
 */

/**
 * RDS DB instance settings (Pulumi `aws.rds.Instance` argument names) whose change RDS queues for
 * the maintenance window unless the request says ApplyImmediately, and which take the database
 * down: Multi-AZ gives no cover, the primary and the standby are both affected.
 */
export const RDS_OUTAGE_CHANGES: Readonly<Record<string, string>> = {
    engineVersion: "an engine upgrade takes the database down; a major one runs pg_upgrade on the primary and the standby at once, so Multi-AZ does not cover it",
    dbSubnetGroupName: "moving the instance to other subnets takes it down",
    backupRetentionPeriod: "turning automated backups on or off (0 to a nonzero retention, or back) takes the database down, Multi-AZ or not",
};

/** Queued the same way, and restarting the instance: a reboot, or a failover to the standby with Multi-AZ. */
export const RDS_RESTART_CHANGES: Readonly<Record<string, string>> = {
    instanceClass: "the instance restarts on the new class (Multi-AZ: a failover)",
    caCertIdentifier: "the instance restarts to load the new certificate (CertificateRotationRestart defaults to true), and clients pinned to the old CA bundle fail",
    storageType: "a brief downtime while the storage change starts",
    networkType: "downtime is possible while the addressing changes",
};

/**
 * Queued the same way without downtime; `multiAz` matters most: until it applies the primary has
 * no standby. The port is the exception the other way: a new `port` reboots the instance at once,
 * whatever ApplyImmediately says. Settings absent from these lists apply at once without downtime
 * (deletion protection, copy tags, monitoring, log exports, Performance Insights, security groups,
 * storage autoscaling ceiling, backup window, master password) or replace the instance (Pulumi
 * ForceNew: kmsKeyId, dbName, username, storageEncrypted …).
 */
export const RDS_QUIET_CHANGES: readonly string[] = ["multiAz", "allocatedStorage", "iops", "storageThroughput", "iamDatabaseAuthenticationEnabled"];

/**
 * ElastiCache replication group settings whose change waits for the next maintenance reboot unless
 * ApplyImmediately (ModifyReplicationGroup), and what it does to the nodes.
 */
export const CACHE_RESTART_CHANGES: Readonly<Record<string, string>> = {
    engineVersion: "every node restarts on the new engine (a failover per shard)",
    nodeType: "nodes are replaced by the new type, with a failover and a DNS switch",
};

/** The settings whose queued change ApplyImmediately pulls into the deployment with an interruption, and what each does. */
export function interruptingChanges(store: "rds" | "cache"): Readonly<Record<string, string>> {
    return store === "rds" ? { ...RDS_OUTAGE_CHANGES, ...RDS_RESTART_CHANGES } : CACHE_RESTART_CHANGES;
}

/**
 * The dr failover phases (components/dr/phase.ts) in which the dr database applies its
 * modifications at deployment time (`applyImmediately`):
 * - `promoted` turns on Multi-AZ on the primary that now serves production; queued, it would
 *   wait up to a week for the maintenance window with no standby;
 * - `failback` serves no user (the region is fenced), and keeps the setting `promoted` needed.
 * Every other state of a database serving production leaves changes to the maintenance window,
 * which data-windows-off-peak keeps outside the business day: only then is a restart known to
 * land off-peak (the pack cannot know when a deployment runs).
 */
export const IMMEDIATE_CHANGE_PHASES: readonly string[] = ["promoted", "failback"];

/** The dr phase in which the serving primary needs Multi-AZ applied now (above). */
export const MULTI_AZ_NOW_PHASE = "promoted";

// ---------------------------------------------------------------------------------------------
// PostgreSQL parameters by apply type and by the memory they take.

/**
 * PostgreSQL parameters RDS marks static (PostgreSQL's `postmaster` context): a change applies
 * only when the instance restarts, so RDS requires the apply method `pending-reboot` and refuses
 * `immediate`. Every other parameter a group commonly sets is dynamic.
 */
export const STATIC_PARAMETERS: readonly string[] = [
    "shared_buffers", "max_connections", "shared_preload_libraries", "huge_pages", "wal_buffers",
    "max_worker_processes", "max_wal_senders", "max_replication_slots", "max_locks_per_transaction",
    "max_pred_locks_per_transaction", "max_prepared_transactions", "autovacuum_max_workers",
    "track_activity_query_size", "max_logical_replication_workers", "rds.logical_replication",
    "track_commit_timestamp", "wal_level", "old_snapshot_threshold", "max_files_per_process",
];

/** Whether RDS applies `name` only at the next restart. */
export function isStaticParameter(name: string): boolean {
    return STATIC_PARAMETERS.includes(name.trim().toLowerCase());
}

/**
 * Bytes per unit of a memory parameter given without a unit (PostgreSQL: `shared_buffers`,
 * `wal_buffers`, `effective_cache_size` in 8 kB pages; `work_mem`, `maintenance_work_mem` in kB).
 */
export const MEMORY_PARAMETER_UNIT: Readonly<Record<string, number>> = {
    shared_buffers: 8192,
    wal_buffers: 8192,
    effective_cache_size: 8192,
    temp_buffers: 8192,
    work_mem: 1024,
    maintenance_work_mem: 1024,
};

/** Memory to evaluate a DBInstanceClassMemory formula's share against when the class is not known (any size gives the same share). */
const GIB_REFERENCE = 1024 ** 4;

/** Parameters bounding the memory of one operation (a sort or hash; an index build or vacuum). */
const OPERATION_MEMORY_PARAMETERS = ["work_mem", "maintenance_work_mem"];

/** RDS for PostgreSQL's defaults, as formulas of its parameter groups. */
export const RDS_POSTGRES_DEFAULTS: Readonly<Record<string, string>> = {
    shared_buffers: "{DBInstanceClassMemory/32768}",
};

/**
 * The fewest connections a production database may accept: PostgreSQL's own default, which the
 * guide's connections alarm assumes (a flat 80 described as "80% of max"); RDS's default for the
 * smallest class the project knows (db.t3.micro) is 112. Below it the application's tasks, the
 * rotation and maintenance functions and the operators' sessions compete for a handful of slots
 * once the value takes effect at the next reboot, and every further connection is refused.
 */
export const MINIMUM_MAX_CONNECTIONS = 100;

/**
 * Evaluates an RDS parameter value for an instance: a number, a formula over
 * `DBInstanceClassMemory` (`{DBInstanceClassMemory/32768}`, `{DBInstanceClassMemory*3/4}`), or
 * `LEAST`/`GREATEST`/`SUM` of those (RDS's formula functions). Memory units (`kB`, `MB`, `GB`, `TB`)
 * are turned into the parameter's own unit with `unitBytes`. Undefined when the value is none of
 * these (it can't be judged).
 */
export function evaluateParameter(value: string, memoryBytes: number, unitBytes = 1): number | undefined {
    const text = value.trim();
    const fn = /^(LEAST|GREATEST|SUM)\s*\((.*)\)$/i.exec(text);
    if (fn) {
        const args = splitArguments(fn[2]).map(a => evaluateParameter(a, memoryBytes, unitBytes));
        if (args.length === 0 || args.some(a => a === undefined)) return undefined;
        const numbers = args as number[];
        const name = fn[1].toUpperCase();
        return name === "LEAST" ? Math.min(...numbers) : name === "GREATEST" ? Math.max(...numbers) : numbers.reduce((a, b) => a + b, 0);
    }
    const formula = /^\{\s*DBInstanceClassMemory\s*((?:[*/]\s*\d+(?:\.\d+)?\s*)*)\}$/i.exec(text);
    if (formula) {
        let result = memoryBytes;
        for (const [, op, n] of formula[1].matchAll(/([*/])\s*(\d+(?:\.\d+)?)/g)) {
            result = op === "*" ? result * Number(n) : result / Number(n);
        }
        return Math.floor(result);
    }
    const plain = /^(\d+(?:\.\d+)?)\s*(kB|MB|GB|TB)?$/i.exec(text);
    if (!plain) return undefined;
    const factor = plain[2] ? ({ kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 } as Record<string, number>)[plain[2].toLowerCase()] / unitBytes : 1;
    return Number(plain[1]) * factor;
}

/** Top-level comma-separated arguments of a formula function. */
function splitArguments(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of text) {
        if (ch === "(" || ch === "{") depth++;
        if (ch === ")" || ch === "}") depth--;
        if (ch === "," && depth === 0) {
            parts.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    return current.trim() === "" ? parts : [...parts, current];
}

/** A parameter as a DB parameter group lists it. */
export interface GroupParameter {
    name?: string;
    value?: unknown;
    applyMethod?: unknown;
}

/** What the parameters give an instance: a parameter's value set by the group (the last entry wins), else RDS's default. */
function effectiveValue(parameters: readonly GroupParameter[], name: string): string | undefined {
    const set = parameters.filter(p => p.name?.trim().toLowerCase() === name);
    return set.length > 0 ? String(set[set.length - 1].value ?? "") : RDS_POSTGRES_DEFAULTS[name];
}

/**
 * Why a DB parameter group's PostgreSQL parameters cannot run on an instance with `memoryBytes`
 * of memory (the class's nominal memory; RDS's DBInstanceClassMemory is somewhat less, so a
 * value refused here is refused a fortiori), or [] when they can:
 * - a static parameter with the apply method `immediate`: RDS refuses the group;
 * - `shared_buffers` (allocated when PostgreSQL starts) not below the memory: the instance cannot
 *   start and RDS leaves it in `incompatible-parameters` at the next reboot or failover;
 * - `work_mem` or `maintenance_work_mem` (the memory one sort, hash or index build may take) not
 *   below what shared_buffers leaves: one large operation exhausts the instance, and PostgreSQL
 *   restarts every backend after the out-of-memory kill (how many run at once depends on the
 *   workload, so only this certain case is judged);
 * - `max_connections` below `minimumMaxConnections`.
 * `effective_cache_size` allocates nothing (a planner estimate) and is not judged.
 */
export function parameterProblems(parameters: readonly GroupParameter[], memoryBytes: number | undefined, minimumMaxConnections = MINIMUM_MAX_CONNECTIONS): string[] {
    const problems: string[] = [];
    for (const p of parameters) {
        const name = p.name?.trim().toLowerCase() ?? "";
        if (isStaticParameter(name) && String(p.applyMethod ?? "").toLowerCase() === "immediate") {
            problems.push(`${name} is a static parameter with applyMethod immediate: RDS refuses it (a static parameter applies only at the next reboot; use pending-reboot)`);
        }
    }
    const explicit = (name: string) => parameters.some(p => p.name?.trim().toLowerCase() === name);
    const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
    const maxConnectionsValue = effectiveValue(parameters, "max_connections");
    if (explicit("max_connections") && maxConnectionsValue !== undefined) {
        // A formula needs the memory; a plain number does not.
        const needsMemory = /DBInstanceClassMemory/i.test(maxConnectionsValue);
        const connections = needsMemory && memoryBytes === undefined ? undefined : evaluateParameter(maxConnectionsValue, memoryBytes ?? 0);
        if (connections !== undefined && connections < minimumMaxConnections) {
            problems.push(`max_connections is ${maxConnectionsValue} (${Math.floor(connections)} connections), below ${minimumMaxConnections}: ` +
                "once it takes effect at the next reboot the application's tasks, the rotation and maintenance functions and operators share a handful of connections and the rest are refused");
        }
    }
    if (memoryBytes === undefined) {
        // A formula over the instance's own memory is judged by its share of it, whatever the class.
        const formula = effectiveValue(parameters, "shared_buffers");
        const share = explicit("shared_buffers") && formula && /DBInstanceClassMemory/i.test(formula)
            ? (evaluateParameter(formula, GIB_REFERENCE, MEMORY_PARAMETER_UNIT.shared_buffers) ?? 0) * MEMORY_PARAMETER_UNIT.shared_buffers / GIB_REFERENCE : 0;
        if (share >= 1) {
            problems.push(`shared_buffers is ${formula}, ${Math.round(share * 100)} % of the instance's memory: ` +
                "PostgreSQL allocates it at start, so at the next reboot or failover the instance cannot start and RDS leaves it in incompatible-parameters");
        }
        return problems;
    }
    const bytesOf = (name: string) => {
        const value = effectiveValue(parameters, name);
        const unit = MEMORY_PARAMETER_UNIT[name] ?? 1;
        const n = value === undefined ? undefined : evaluateParameter(value, memoryBytes, unit);
        return n === undefined ? undefined : n * unit;
    };
    const sharedBuffers = bytesOf("shared_buffers");
    if (sharedBuffers !== undefined && sharedBuffers >= memoryBytes) {
        problems.push(`shared_buffers is ${effectiveValue(parameters, "shared_buffers")} (${gib(sharedBuffers)}), not below the instance's ${gib(memoryBytes)} of memory: ` +
            "PostgreSQL allocates it at start, so at the next reboot or failover the instance cannot start and RDS leaves it in incompatible-parameters");
        return problems;
    }
    // One sort, hash or index build may use this much on its own: at or above what shared_buffers leaves, it alone exhausts the instance.
    const left = memoryBytes - (sharedBuffers ?? 0);
    for (const name of OPERATION_MEMORY_PARAMETERS.filter(explicit)) {
        const bytes = bytesOf(name);
        if (bytes !== undefined && bytes >= left) {
            problems.push(`${name} is ${effectiveValue(parameters, name)} (${gib(bytes)}), not below the ${gib(left)} shared_buffers leaves of the instance's ${gib(memoryBytes)}: ` +
                "a single large sort, hash or index build can take all of it, and the out-of-memory kill restarts every connection");
        }
    }
    return problems;
}
