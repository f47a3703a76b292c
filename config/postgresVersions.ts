/**
 * PostgreSQL versions RDS offers for new DB instances, by major version.
 *
 * Source: the Amazon RDS for PostgreSQL release calendar
 * (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html)
 * and RDS's notice that minor versions 14.14–14.17, 15.9–15.12, 16.5–16.8 and 17.1–17.4
 * can no longer be created from 1 May 2026 (end of standard support 31 May 2026); older minors
 * of each major left earlier, and PostgreSQL 13 left standard support on 28 February 2026.
 * Table as of the August 2026 minor releases. When RDS adds or retires a version, update
 * this table from `aws rds describe-db-engine-versions --engine postgres
 * --query "DBEngineVersions[].EngineVersion"`.
 *
 * The program sends RDS the major version only (components/data/databaseSettings.ts): RDS
 * picks and upgrades the minor. A minor in the stack config is still checked, so a version
 * RDS would refuse, or one that does not exist, is caught before anything is registered.
 */
export const RDS_POSTGRES_VERSIONS: Readonly<Record<number, { firstMinor: number; lastMinor: number; standardSupportEnds: string }>> = {
    14: { firstMinor: 18, lastMinor: 23, standardSupportEnds: "2027-02-28" },
    15: { firstMinor: 13, lastMinor: 18, standardSupportEnds: "2028-02-29" },
    16: { firstMinor: 9, lastMinor: 14, standardSupportEnds: "2029-02-28" },
    17: { firstMinor: 5, lastMinor: 10, standardSupportEnds: "2030-02-28" },
    18: { firstMinor: 1, lastMinor: 4, standardSupportEnds: "2031-02-28" },
};

/** Whether RDS offers `major` or `major.minor` for a new instance. */
export function isOfferedPostgresVersion(version: string): boolean {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(version);
    const entry = m ? RDS_POSTGRES_VERSIONS[Number(m[1])] : undefined;
    if (!m || !entry) return false;
    return m[2] === undefined || (Number(m[2]) >= entry.firstMinor && Number(m[2]) <= entry.lastMinor);
}

/** The offered versions in words, for error messages: `14 (14.18–14.23), 15 (…)`. */
export function offeredPostgresVersions(): string {
    return Object.entries(RDS_POSTGRES_VERSIONS)
        .map(([major, v]) => `${major} (or ${major}.${v.firstMinor} to ${major}.${v.lastMinor})`)
        .join(", ");
}
