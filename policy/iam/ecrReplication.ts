/**
 * Where ECR replication sends the registry's images: each rule's destinations name a region and
 * a registry (an account id). A destination in another account copies every matching image there
 * (that registry's own policy is what lets it in, and it lives outside the stack), so the pack
 * judges the destination account the way it judges a resource policy's principal.
 */
import { PolicyResource } from "@pulumi/policy";

import { knownDeep } from "../lib/stack";
import { ECR_REPLICATION_CONFIGURATION } from "../lib/tokens";

export const ECR_REPLICATION = ECR_REPLICATION_CONFIGURATION[0];

interface Destination {
    region?: string;
    registryId?: string;
}

interface ReplicationRule {
    destinations?: Destination[];
    repositoryFilters?: Array<{ filter?: string }>;
}

/**
 * The replication destinations of a configuration whose registry is not one of `trusted`
 * (this account and the configured trusted ones), as messages naming the rule and the change.
 * A destination whose registry is unknown (preview) is not judged.
 */
export function foreignReplicationDestinations(config: PolicyResource, trusted: readonly string[]): string[] {
    const rules = (knownDeep(() => config.props.replicationConfiguration?.rules, []) ?? []) as ReplicationRule[];
    return rules.flatMap((rule, i) => (rule.destinations ?? []).flatMap((d, j) => {
        if (typeof d.registryId !== "string" || trusted.includes(d.registryId)) {
            return [];
        }
        const filters = (rule.repositoryFilters ?? []).map(f => f.filter).filter((f): f is string => typeof f === "string");
        const which = filters.length > 0 ? `the repositories starting with ${filters.join(", ")}` : "every repository";
        return [`replicationConfiguration.rules[${i}].destinations[${j}] copies ${which}'s images to registry ${d.registryId} (${d.region ?? "its region"}), ` +
            "an account that is neither this one nor in trustedAccountIds: set registryId to this account's id (or list the account after review)"];
    }));
}
