/**
 * Dated facts about RDS for PostgreSQL, kept as data so a policy compares them with today.
 *
 * End of RDS standard support per major version, from AWS's "Release calendar for Amazon RDS for
 * PostgreSQL" (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html,
 * read 2026-12; 11 and 12 are also stated in the RDS user guide's "Amazon RDS Extended Support
 * charges"). After that date RDS either charges Extended Support or upgrades the engine itself.
 * Update the table when AWS publishes a new major version.
 */
export const POSTGRES_END_OF_STANDARD_SUPPORT: Readonly<Record<number, string>> = {
    11: "2024-02-29",
    12: "2025-02-28",
    13: "2026-02-28",
    14: "2027-02-28",
    15: "2028-02-29",
    16: "2029-02-28",
    17: "2030-02-28",
};

/**
 * RDS certificate authorities and when each expires (RDS user guide, "Using SSL/TLS to encrypt a
 * connection to a DB instance", certificate authorities table). rds-ca-2019 expired in August
 * 2024; an instance left on it refuses verified TLS connections.
 */
export const RDS_CA_EXPIRY: Readonly<Record<string, string>> = {
    "rds-ca-2019": "2024-08-22",
    "rds-ca-rsa2048-g1": "2061-05-25",
    "rds-ca-rsa4096-g1": "2121-05-25",
    "rds-ca-ecc384-g1": "2121-05-25",
};

/** The PostgreSQL major version of an engine version (`16`, `16.4` → 16), or undefined. */
export function postgresMajor(engineVersion: unknown): number | undefined {
    if (typeof engineVersion !== "string" && typeof engineVersion !== "number") {
        return undefined;
    }
    const major = Number(String(engineVersion).split(".")[0]);
    return Number.isInteger(major) ? major : undefined;
}

/**
 * Why a PostgreSQL major version is out of standard support on `today`, or undefined when it is
 * supported. A major newer than the table is supported (the table lags AWS); an older one is not.
 */
export function postgresSupportProblem(major: number, today: Date): string | undefined {
    const known = Object.keys(POSTGRES_END_OF_STANDARD_SUPPORT).map(Number);
    const end = POSTGRES_END_OF_STANDARD_SUPPORT[major];
    if (end === undefined) {
        return major < Math.min(...known) ? `PostgreSQL ${major} is long past RDS end of standard support` : undefined;
    }
    return today >= new Date(`${end}T00:00:00Z`) ? `PostgreSQL ${major} reached RDS end of standard support on ${end}` : undefined;
}

/** Why a CA identifier is unusable on `today`, or undefined. */
export function caProblem(ca: string, today: Date): string | undefined {
    const expiry = RDS_CA_EXPIRY[ca];
    if (expiry === undefined) {
        return `caCertIdentifier ${ca} is not an RDS certificate authority (${Object.keys(RDS_CA_EXPIRY).join(", ")})`;
    }
    return today >= new Date(`${expiry}T00:00:00Z`) ? `caCertIdentifier ${ca} expired on ${expiry}` : undefined;
}
