import { resourcePolicy } from "../lib/define";
import { ELASTICACHE_REPLICATION_GROUP } from "../lib/tokens";
import { GUIDE_CACHE } from "./encryption";

/** A cache cluster on its own (memcached, or a Redis node outside a replication group) takes the same setting, as a string. */
const ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster";

/** Whether a value turns the setting off: the replication group's boolean, or a cluster's "false". */
export function upgradesOff(value: unknown): boolean {
    return value === false || (typeof value === "string" && value.trim().toLowerCase() === "false");
}

export const elasticacheAutoMinorVersionUpgrade = resourcePolicy({
    name: "elasticache-auto-minor-version-upgrade",
    description: "Every ElastiCache replication group and cluster applies minor engine upgrades (security fixes) in its maintenance window. Judged on the inputs and on the deployed state.",
    // Mandatory in code, unlike rds-auto-minor-version-upgrade (advisory by the pack's
    // specification, mandatory through the stacks' policy config): no issue marks the cache's
    // advisory, and only a mandatory check judges the deployed state, where a console change shows.
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: `Security Maintenance › Regular Security Tasks › Update dependencies; ${GUIDE_CACHE}`,
        fsbpControl: "ElastiCache.2",
        remediationSteps: "Remove autoMinorVersionUpgrade: false (the default is true; components/data/Cache sets it); a change made in the console is undone by `pulumi up`.",
    },
    types: [...ELASTICACHE_REPLICATION_GROUP, ELASTICACHE_CLUSTER],
    validate: (props, report) => {
        // AWS's default is true: only an explicit false turns upgrades off.
        if (upgradesOff(props.autoMinorVersionUpgrade)) {
            report("autoMinorVersionUpgrade is false: the cache keeps running minor versions with known vulnerabilities until someone upgrades it by hand.");
        }
    },
});
