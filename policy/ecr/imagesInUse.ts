import { PolicyResource } from "@pulumi/policy";

import { containersOf } from "../lib/containers";
import { ecrImage } from "../lib/ecr";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { imageReference } from "./imageReference";
import { ECR_REPLICATION_CONFIGURATION, ECS_TASK_DEFINITION } from "../lib/tokens";

/** A private-registry image of the stack's account that a task pulls, or the replica of one. */
export interface RepositoryImage {
    region: string;
    repository: string;
    /** The tag the reference names (none: `latest`, as Docker reads it); undefined when pinned by digest alone. */
    tag?: string;
    /** Copied there by registry replication (the recovery region's tasks pull the same releases). */
    replica: boolean;
    /** Who pulls it, for messages: `task <family> (<image>)`. */
    user: string;
}

interface ReplicationRule {
    destinations?: { region?: string; registryId?: string }[];
    repositoryFilters?: { filter?: string; filterType?: string }[];
}

/** Whether a replication rule's filters take the repository (no filter: every repository). */
function replicates(rule: ReplicationRule, repository: string): boolean {
    const filters = rule.repositoryFilters ?? [];
    return filters.length === 0 || filters.some((f) => f.filterType === "PREFIX_MATCH" && typeof f.filter === "string" && repository.startsWith(f.filter));
}

/**
 * The images the stack's task definitions pull from its account's private registry, and their
 * replicas: registry replication copies every push of a replicated repository to each destination
 * in the account, and the recovery stack deploys the same releases from there. `account`
 * undefined (not known yet): every private-registry image counts.
 */
export function imagesInUse(resources: PolicyResource[], account: string | undefined): RepositoryImage[] {
    const direct: RepositoryImage[] = [];
    for (const task of ofType(resources, ECS_TASK_DEFINITION)) {
        const family = knownString(task, "family") ?? task.name;
        for (const container of containersOf(knownDeep(() => task.props.containerDefinitions)) ?? []) {
            const parts = typeof container.image === "string" ? ecrImage(container.image) : undefined;
            if (parts && (account === undefined || parts.account === account)) {
                const ref = imageReference(container.image as string);
                const tag = ref.tagged || ref.digest === undefined ? ref.tag : undefined;
                direct.push({ region: parts.region, repository: parts.repository, tag, replica: false, user: `task ${family} (${container.image})` });
            }
        }
    }
    const rules: ReplicationRule[] = ofType(resources, ECR_REPLICATION_CONFIGURATION)
        .flatMap((c) => knownDeep(() => c.props.replicationConfiguration?.rules as ReplicationRule[] | undefined) ?? []);
    const replicas = direct.flatMap((image) => rules.filter((rule) => replicates(rule, image.repository)).flatMap((rule) => (rule.destinations ?? [])
        .filter((d) => typeof d.region === "string" && d.region !== image.region && (account === undefined || d.registryId === undefined || d.registryId === account))
        .map((d): RepositoryImage => ({ ...image, region: d.region as string, replica: true, user: `the ${d.region} replica of ${image.user}` }))));
    return [...direct, ...replicas];
}
