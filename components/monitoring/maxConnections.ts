/**
 * RDS for PostgreSQL's default `max_connections` is `LEAST({DBInstanceClassMemory/9531392}, 5000)`.
 * The guide alarms at a flat 80 connections; the right threshold is 80% of what the instance
 * class actually allows, so it follows the class when operators resize the database.
 */

/** Divisor of the default parameter-group formula, in bytes per connection. */
const BYTES_PER_CONNECTION = 9531392;
/** Ceiling of the default parameter-group formula. */
const MAX_CONNECTIONS_CEILING = 5000;
/** Share of `max_connections` at which the connections alarm fires. */
const CONNECTIONS_ALARM_RATIO = 0.8;

const GIB = 1024 ** 3;

/** Memory in GiB per size, for families that share one memory ladder. */
const burstable = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
const general = { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256 };
const memoryOptimized = { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256, "12xlarge": 384, "16xlarge": 512 };

const families: Record<string, Record<string, number>> = {
    t3: burstable,
    t4g: burstable,
    m5: general,
    m6g: general,
    m6i: general,
    m7g: general,
    r5: memoryOptimized,
    r6g: memoryOptimized,
    r6i: memoryOptimized,
    r7g: memoryOptimized,
};

/** Nominal memory of every instance class this project knows, in GiB: `{ "db.t3.medium": 4, … }`. */
const instanceClassMemoryGib: Readonly<Record<string, number>> = Object.fromEntries(
    Object.entries(families).flatMap(([family, sizes]) =>
        Object.entries(sizes).map(([size, gib]) => [`db.${family}.${size}`, gib])),
);

/** Instance classes with a known memory size, for validation messages. */
export const knownInstanceClasses: readonly string[] = Object.keys(instanceClassMemoryGib);

/** Nominal memory of an instance class in bytes; throws, naming the config key, for an unknown class. */
export function instanceClassMemoryBytes(instanceClass: string): number {
    const gib = instanceClassMemoryGib[instanceClass];
    if (gib === undefined) {
        throw new Error(
            `expertconnect:database.instanceClass: no memory size known for ${JSON.stringify(instanceClass)}; ` +
            `allowed: ${knownInstanceClasses.join(", ")}`,
        );
    }
    return gib * GIB;
}

/**
 * Default `max_connections` of an instance class, from its nominal memory. RDS evaluates the
 * formula over DBInstanceClassMemory (nominal memory less what RDS reserves for the OS), so
 * the live value of the smaller classes can be a little lower and the alarm then fires a
 * little closer to the real limit; it still fires before connections are refused.
 */
export function maxConnections(instanceClass: string): number {
    return Math.min(Math.floor(instanceClassMemoryBytes(instanceClass) / BYTES_PER_CONNECTION), MAX_CONNECTIONS_CEILING);
}

/** Connections at which `expertconnect-db-connections-high` fires: 80% of `max_connections`, rounded down. */
export function connectionsAlarmThreshold(instanceClass: string): number {
    return Math.floor(maxConnections(instanceClass) * CONNECTIONS_ALARM_RATIO);
}
