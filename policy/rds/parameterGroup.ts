import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { missingDatabaseParameters, SLOW_QUERY_THRESHOLD_MS } from "../lib/facts/databaseParameters";
import { isUnknown, known, knownDeep, knownString, ofType, valueLinker } from "../lib/stack";
import { RDS_CLUSTER_PARAMETER_GROUP, RDS_INSTANCE, RDS_PARAMETER_GROUP } from "../lib/tokens";

const RDS_CLUSTER = "aws:rds/cluster:Cluster";

/** How a kind of database names its parameter group, and which group type that is. */
interface Attachment {
    types: readonly string[];
    property: string;
    groupTypes: readonly string[];
}

/** An instance's own group; an Aurora cluster's group carries the cluster-wide parameters (rds.force_ssl, preload libraries). */
const ATTACHMENTS: Attachment[] = [
    { types: RDS_INSTANCE, property: "parameterGroupName", groupTypes: RDS_PARAMETER_GROUP },
    { types: [RDS_CLUSTER], property: "dbClusterParameterGroupName", groupTypes: RDS_CLUSTER_PARAMETER_GROUP },
];

/** Whether an engine (or a group's family) is PostgreSQL, RDS or Aurora. */
function isPostgres(engineOrFamily: string): boolean {
    return /^(aurora-)?postgres/.test(engineOrFamily);
}

/**
 * Why `db`'s parameter group does not give it the guide's parameters, or [] when it does.
 * `groups` are the stack's groups the database's `property` names (none when it names none the stack holds).
 */
export function parameterGroupProblems(db: PolicyResource, property: string, groups: PolicyResource[], maxSlowQueryMs: number): string[] {
    if (groups.length === 0) {
        if (isUnknown(db, property)) {
            return []; // a group created in this update that nothing links: judged on the deployed state
        }
        const named = known(() => db.props[property]);
        if (typeof named !== "string" || named === "") {
            return [`${property} is not set: it runs with the region's default parameter group, which the stack cannot give the guide's parameters`];
        }
        return [named.startsWith("default.")
            ? `${property} is ${named}, the region's default parameter group, which cannot be modified to hold the guide's parameters`
            : `${property} is ${named}, a parameter group this stack does not hold: nothing here sets its parameters`];
    }
    return groups.flatMap(group => {
        const family = knownString(group, "family") ?? "";
        if (!isPostgres(family)) {
            return [];
        }
        if (isUnknown(group, "parameters")) {
            return [];
        }
        // A group without parameters holds the family's defaults: none of the guide's settings.
        const listed = knownDeep(() => group.props.parameters, []);
        const parameters = Array.isArray(listed) ? listed : [];
        return missingDatabaseParameters(parameters, maxSlowQueryMs).map(p => `its parameter group ${group.name}: ${p}`);
    });
}

export const rdsParameterGroupSettings = stackPolicy<{ maxSlowQueryMs: number }>({
    name: "rds-parameter-group-settings",
    description: "Every PostgreSQL database (a read replica included: its group is the one that applies once promoted) uses a parameter group the stack holds, " +
        "which requires TLS (rds.force_ssl), preloads pg_stat_statements and logs slow statements (log_min_duration_statement from 1 ms to maxSlowQueryMs).",
    // Advisory by default, as the pack's specification marks it; the stacks' policy config
    // (policy/config/*.json) makes it mandatory, since the guide's commands depend on it.
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: "Performance Optimization › Database Optimization › Identify slow queries (ALTER SYSTEM does not work on RDS); " +
            "Security Maintenance › AWS Security Best Practices (data in transit)",
        fsbpControl: undefined,
        remediationSteps: "Give the instance (or cluster) its own parameter group from the stack and set rds.force_ssl=1, " +
            "shared_preload_libraries including pg_stat_statements (apply method pending-reboot) and log_min_duration_statement=1000 (or lower, above 0).",
    },
    config: {
        maxSlowQueryMs: {
            type: "integer", minimum: 1, default: SLOW_QUERY_THRESHOLD_MS,
            description: `Largest log_min_duration_statement accepted, in ms (default ${SLOW_QUERY_THRESHOLD_MS}, the guide's one second); a lower positive threshold logs more and passes.`,
        },
    },
    types: [...RDS_INSTANCE, RDS_CLUSTER, ...RDS_PARAMETER_GROUP, ...RDS_CLUSTER_PARAMETER_GROUP],
    validate: (resources, report, { config }) => {
        for (const attachment of ATTACHMENTS) {
            const databases = ofType(resources, attachment.types);
            if (databases.length === 0) {
                continue;
            }
            const groupsOf = valueLinker(ofType(resources, attachment.groupTypes), ["name", "id"]);
            for (const db of databases) {
                // A replica's engine comes from its source; its group's family tells (a non-PostgreSQL group is skipped below).
                const engine = knownString(db, "engine");
                if (engine !== undefined && !isPostgres(engine)) {
                    continue;
                }
                for (const problem of parameterGroupProblems(db, attachment.property, groupsOf(db, attachment.property), config.maxSlowQueryMs)) {
                    report(`database ${db.name}: ${problem}.`, db.urn);
                }
            }
        }
    },
});
