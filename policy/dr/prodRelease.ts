import { PolicyResource } from "@pulumi/policy";

import { drRegionProperty } from "../lib/config";
import { containersOf } from "../lib/containers";
import { stackPolicy } from "../lib/define";
import { ecrRegistryImage } from "../lib/ecr";
import { compareReleases, releaseOf, RELEASES_OUTPUT } from "../lib/facts/releases";
import { knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { GUIDE_DR } from "./backupCopy";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
/** The prod output listing its repositories' replicas in the dr region, by repository name (index.ts `replicaRepositoryUrls`). */
const REPLICA_URLS_OUTPUT = "replicaRepositoryUrls";

/** What the dr stack knows of prod through its StackReference. */
export interface ProdPublished {
    /** Which reference, for messages. */
    reference: string;
    /** Release (tag or digest) by repository name; undefined when prod exports no releases output. */
    releases?: Record<string, string>;
    /** prod's replica repository URLs in the dr region; undefined when not exported. */
    replicaUrls?: string[];
}

/**
 * Prod's published releases and replicas: the StackReference whose outputs say `environment` prod
 * (the dr stack also references its own last deployment). `unknown` while a reference's outputs are
 * not known yet (preview); undefined when no reference is prod's.
 */
export function prodPublished(resources: PolicyResource[]): ProdPublished | "unknown" | undefined {
    let unknown = false;
    for (const reference of ofType(resources, [STACK_REFERENCE])) {
        const outputs = knownDeep(() => reference.props.outputs as Record<string, unknown> | undefined, null);
        if (outputs === null) {
            unknown = true;
            continue;
        }
        if (outputs?.environment !== "prod") continue;
        const releases = outputs[RELEASES_OUTPUT];
        const urls = outputs[REPLICA_URLS_OUTPUT];
        return {
            reference: knownString(reference, "name") ?? reference.name,
            releases: releases !== null && typeof releases === "object" ? releases as Record<string, string> : undefined,
            replicaUrls: urls !== null && typeof urls === "object" ? Object.values(urls as Record<string, unknown>).filter((u): u is string => typeof u === "string") : undefined,
        };
    }
    return unknown ? "unknown" : undefined;
}

/**
 * Why a dr task's image is not prod's release from the dr region's replica, or undefined when it
 * is: a private-registry image of another region (a pull that needs the region dr replaces), one no
 * replica URL prod publishes names (a repository created there by hand, a pull-through cache of
 * another registry), or a release earlier than prod's (or not comparable with it).
 */
export function drImageProblem(image: string, taskRegion: string | undefined, prod: ProdPublished): string | undefined {
    const parts = ecrRegistryImage(image);
    if (!parts) return undefined;
    if (taskRegion !== undefined && parts.region !== taskRegion) {
        return `pulls ${image} from the ${parts.region} registry, not ${taskRegion}'s: at a failover the image cannot be pulled while ${parts.region} is down, and dr starts its tasks then. ` +
            `Pull prod's replica in ${taskRegion} (prod's ${REPLICA_URLS_OUTPUT} output)`;
    }
    if (prod.replicaUrls !== undefined && !prod.replicaUrls.includes(parts.url)) {
        return `pulls ${image}, which is no replica prod publishes (${REPLICA_URLS_OUTPUT}: ${prod.replicaUrls.join(", ") || "none"}): what runs there is not what prod released. Pull the replica of prod's repository`;
    }
    if (prod.releases === undefined) {
        return `pulls ${image}, but ${prod.reference} exports no ${RELEASES_OUTPUT} output, so nothing shows it is prod's release or a later one. Deploy prod first (it publishes its releases)`;
    }
    const { release } = releaseOf(image);
    const baseline = prod.releases[parts.repository];
    if (baseline === undefined) {
        return `pulls ${image}, of which prod runs no release (its ${RELEASES_OUTPUT}: ${Object.keys(prod.releases).join(", ") || "none"}): after promotion dr would run code prod never ran against its schema`;
    }
    const order = compareReleases(release, baseline);
    if (order === "earlier") {
        return `runs ${parts.repository} ${release}, older than prod's ${baseline}: the dr database is a replica carrying the schema ${baseline}'s migrations made, and nothing migrates backwards, so after promotion older code meets a newer schema. Deploy ${baseline} or a later release`;
    }
    if (order === "unordered") {
        return `runs ${parts.repository} ${release} where prod runs ${baseline}, and the two cannot be ordered (a digest, or a tag that is no version): deploy prod's release (${baseline}) or a later version tag`;
    }
    return undefined;
}

export const drRunsProdRelease = stackPolicy<{ drRegion: string }>({
    name: "dr-runs-prod-release",
    description: "In dr, every task definition runs prod's release from the dr region: each private-registry image (by any endpoint spelling) is in the task's own region, not the region dr exists to replace; is a replica prod publishes there (its replicaRepositoryUrls output); and is prod's release of that repository or a later one (its releases output), both read through the StackReference to prod. " +
        "The dr database is a replica carrying the schema prod's release migrated, and dr migrates only forward and only from promote on: a later release brings the schema up at promotion (and is what a release looks like from dr until prod is deployed), an earlier one meets a schema newer than its code.",
    enforcementLevel: "mandatory",
    environments: ["dr"],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (the dr services start from replicated images at failover)`,
        fsbpControl: undefined,
        remediationSteps: "Set expertconnect:services.<name>.imageTag in Pulumi.dr.yaml to prod's release (or the release being deployed to both) and let the program pull prod's replica in the dr region (ProdStack.repositoryUrl); deploy prod first, so its releases output names the release.",
    },
    config: { drRegion: drRegionProperty() },
    types: [...ECS_TASK_DEFINITION, STACK_REFERENCE],
    onlyWith: ECS_TASK_DEFINITION[0],
    validate: (resources, report, { config }) => {
        const prod = prodPublished(resources);
        if (prod === "unknown") return; // Prod's outputs are not known yet (preview): judged once they are.
        const home = stackRegion(resources) ?? config.drRegion;
        for (const task of ofType(resources, ECS_TASK_DEFINITION)) {
            const family = knownString(task, "family") ?? task.name;
            for (const container of containersOf(knownDeep(() => task.props.containerDefinitions)) ?? []) {
                if (typeof container.image !== "string" || !ecrRegistryImage(container.image)) continue;
                const problem = prod === undefined
                    ? `pulls ${container.image}, but no stack reference of this stack is prod's (outputs.environment prod), so nothing shows it is prod's release from the dr region`
                    : drImageProblem(container.image, regionOf(task) ?? home, prod);
                if (problem !== undefined) {
                    report(`task ${family} container ${container.name ?? "?"} ${problem}.`, task.urn);
                }
            }
        }
    },
});
