/**
 * The recovery region (docs/guide-map.md: "Prod lives in us-east-1; DR lives in us-west-2", the
 * guide's `copy-db-snapshot … --region us-west-2` and `create-db-instance-read-replica … --region
 * us-west-2`). The program's `expertconnect:dr.recoveryRegion` defaults to it, and the pack's
 * `drRegion` policy config does: whatever a failover needs must already be there, not in some
 * other region the dr stack never reads.
 */
export const DR_REGION = "us-west-2";

/**
 * The region each environment lives in (docs/guide-map.md: "Prod lives in us-east-1; DR lives in
 * us-west-2"), keyed by environment (facts/environments.ts). The program refuses a stack whose
 * `aws:region` is not its environment's, and these are the only regions the design places data
 * in: the pack's `data-residency` refuses a copy of data (a replica, a backup copy, a log
 * destination) anywhere else.
 */
export const ENVIRONMENT_REGIONS = { prod: "us-east-1", dr: DR_REGION } as const;

/** The regions the design places data in: one per environment. */
export const DESIGN_REGIONS: readonly string[] = [...new Set(Object.values(ENVIRONMENT_REGIONS))];

/** ElastiCache's short region codes in endpoint hosts (`….use1.cache.amazonaws.com`). */
const SHORT_REGIONS: Readonly<Record<string, string>> = { use1: "us-east-1", use2: "us-east-2", usw1: "us-west-1", usw2: "us-west-2" };

/** An AWS region name (us-east-1, eu-central-1, us-gov-west-1, cn-north-1), as a pattern source to embed. */
export const REGION_NAME = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d";

/**
 * The region a setting's value points at, by value, or undefined when it names none: an ARN's
 * region; an AWS host's region label (`….us-east-1.rds.amazonaws.com`, `s3.us-west-2.amazonaws.com`,
 * ElastiCache's `use1`); a resource name with a region suffix (the replica naming of
 * stack/disasterRecovery.ts, `expertconnect-prod-static-us-west-2`); a resource name of an
 * environment (`expertconnect-prod-static`: `<project>-<environment>-…`), that environment's region.
 */
export function regionNamed(value: string, project = "expertconnect"): string | undefined {
    const text = value.trim().replace(/^"|"$/g, "");
    const arn = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):/.exec(text);
    if (arn) {
        return arn[1] === "" ? undefined : arn[1];
    }
    const host = /^(?:[a-z]+:\/\/)?([^/:?\s]+)/i.exec(text)?.[1]?.toLowerCase() ?? "";
    if (host.endsWith(".amazonaws.com")) {
        const labels = host.split(".");
        const long = labels.find((l) => new RegExp(`^${REGION_NAME}$`).test(l));
        const short = labels.map((l) => SHORT_REGIONS[l]).find((r) => r !== undefined);
        return long ?? short;
    }
    if (!/^[a-z0-9][a-z0-9.-]{2,62}$/.test(text)) {
        return undefined; // not a bucket or resource name
    }
    const suffix = new RegExp(`-(${REGION_NAME})$`).exec(text);
    if (suffix) {
        return suffix[1];
    }
    const environment = (Object.keys(ENVIRONMENT_REGIONS) as Array<keyof typeof ENVIRONMENT_REGIONS>)
        .find((e) => text === `${project}-${e}` || text.startsWith(`${project}-${e}-`));
    return environment === undefined ? undefined : ENVIRONMENT_REGIONS[environment];
}
