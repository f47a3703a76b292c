/**
 * Nominal memory of the RDS instance classes this project knows. A fact about AWS that the
 * config (which classes it accepts) and the monitoring components (the connections alarm's
 * threshold follows the class's memory) both use.
 */

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
