/**
 * How many connections an RDS for PostgreSQL instance accepts: its parameter group's
 * `max_connections`, or the default formula `LEAST(DBInstanceClassMemory / 9531392, 5000)` over
 * the class's nominal memory. A DatabaseConnections alarm above that can never fire.
 */

/** Bytes per connection in the default parameter group's formula. */
const BYTES_PER_CONNECTION = 9531392;
/** Ceiling of the default formula. */
const CEILING = 5000;

/** Sizes in memory order; each step doubles the memory, except 12xlarge (×1.5 of 8xlarge). */
const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];

/** GiB of a family's `large` size: burstable 8, general purpose 8, memory optimized 16. */
function largeGib(family: string): number | undefined {
    if (/^t\d/.test(family) || /^m\d/.test(family)) return 8;
    if (/^[rx]\d/.test(family)) return 16;
    return undefined;
}

/** Nominal memory of `db.<family>.<size>` in GiB, or undefined for a class this pack does not know. */
export function instanceClassGib(instanceClass: string): number | undefined {
    const [prefix, family, size] = instanceClass.split(".");
    const large = family ? largeGib(family) : undefined;
    const index = SIZES.indexOf(size ?? "");
    if (prefix !== "db" || large === undefined || index < 0) return undefined;
    if (size === "12xlarge") return large * 24;
    const steps = index - SIZES.indexOf("large") - (index > SIZES.indexOf("12xlarge") ? 1 : 0);
    return large * 2 ** steps;
}

/**
 * The instance's max_connections: the parameter group's value when it sets a number, else the
 * default formula for the class; undefined when neither is known.
 */
export function maxConnections(instanceClass: string | undefined, parameterValue: string | undefined): number | undefined {
    if (parameterValue !== undefined && /^\d+$/.test(parameterValue.trim())) {
        return Number(parameterValue);
    }
    const gib = instanceClass ? instanceClassGib(instanceClass) : undefined;
    return gib === undefined ? undefined : Math.min(Math.floor((gib * 1024 ** 3) / BYTES_PER_CONNECTION), CEILING);
}
