import { PolicyResource } from "@pulumi/policy";

import { containersOf } from "../lib/containers";
import { ecrImage } from "../lib/ecr";
import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECS_TASK_DEFINITION, SECRETS_MANAGER_SECRET } from "../lib/tokens";
import { drRegionProperty, patternListProperty } from "../lib/config";
import { regionNamed } from "../lib/facts/drRegion";
import { GUIDE_DR } from "./backupCopy";

const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
const LAMBDA_FUNCTION = "aws:lambda/function:Function";

/**
 * The application settings of a dr stack, with where each is written: plain SSM parameters (what
 * the backend reads into its environment), container environment values and secret references,
 * and functions' environment variables.
 */
function settingsOf(resources: PolicyResource[]): { resource: PolicyResource; where: string; value: string }[] {
    const found: { resource: PolicyResource; where: string; value: string }[] = [];
    for (const p of ofType(resources, [SSM_PARAMETER])) {
        for (const key of ["value", "insecureValue"]) {
            const value = knownString(p, key);
            if (value !== undefined && knownString(p, "type") !== "SecureString") {
                found.push({ resource: p, where: `parameter ${knownString(p, "name") ?? p.name}`, value });
            }
        }
    }
    for (const task of ofType(resources, ECS_TASK_DEFINITION)) {
        for (const c of containersOf(knownDeep(() => task.props.containerDefinitions)) ?? []) {
            for (const e of c.environment ?? []) {
                if (typeof e.value === "string") found.push({ resource: task, where: `${task.name} container ${c.name} environment ${e.name}`, value: e.value });
            }
            for (const r of c.secrets ?? []) {
                if (typeof r.valueFrom === "string") found.push({ resource: task, where: `${task.name} container ${c.name} secret ${r.name}`, value: r.valueFrom });
            }
        }
    }
    for (const f of ofType(resources, [LAMBDA_FUNCTION])) {
        const variables = (knownDeep(() => f.props.environment?.variables, {}) ?? {}) as Record<string, unknown>;
        for (const [name, value] of Object.entries(variables)) {
            if (typeof value === "string") found.push({ resource: f, where: `${f.name} environment ${name}`, value });
        }
    }
    return found;
}

const ECR_REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";

interface ReplicationRule {
    destinations?: Array<{ region?: string }>;
    repositoryFilters?: Array<{ filter?: string; filterType?: string }>;
}

/** The regions other than `home` that ECR replicates `repository` to, by the account's replication rules. */
export function ecrReplicaRegions(rules: ReplicationRule[], repository: string, home: string): string[] {
    return rules.flatMap((rule) => {
        const filters = rule.repositoryFilters ?? [];
        // A rule without filters replicates every repository; PREFIX_MATCH is the only filter type.
        const matches = filters.length === 0 || filters.some((f) => typeof f.filter === "string" && repository.startsWith(f.filter));
        return matches ? (rule.destinations ?? []).map((d) => d.region).filter((r): r is string => typeof r === "string" && r !== home) : [];
    });
}

/** A secret's replica regions other than its own; undefined while its replicas are unknown (preview). */
function secretReplicaRegions(secret: PolicyResource, home: string): string[] | undefined {
    const replicas = knownDeep(() => secret.props.replicas, null) as Array<{ region?: string }> | null | undefined;
    return replicas === null ? undefined : (replicas ?? []).map((r) => r.region).filter((r): r is string => typeof r === "string" && r !== home);
}

export const drFailoverDependenciesReplicated = stackPolicy<{ regionalSecrets: string[]; drRegion: string }>({
    name: "dr-failover-dependencies-replicated",
    description: "In prod, what a failover needs is copied to the dr region (drRegion) ahead of time: every private ECR repository a task pulls from has a replication rule to that region, and every Secrets Manager secret of the stack (what the tasks read, the database's master credentials the dr replica runs on) has a replica there, except secrets of regional resources (such as a cache's AUTH token). " +
        "In dr, the application's settings point at the dr region: no plain SSM parameter, container environment value, container secret reference or function environment variable names, by value, a resource of another region (an ARN's region, an AWS host's region, a replica's region suffix, a resource name of the prod environment).",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (update application configuration: the dr services start from replicated images and secrets)`,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.ecr.ReplicationConfiguration rule to the dr region whose prefix filter covers the repository, and a replicas entry (dr region, a key of that region) on the secret; a secret of a regional resource goes in the regionalSecrets policy config. " +
            "In dr, point every setting at the dr region's copy (the static bucket's replica, the dr database and cache hosts, the secrets' replicas).",
    },
    config: {
        regionalSecrets: patternListProperty(["cache-auth-token$"], "Regular expressions; secrets whose name matches one belong to a regional resource (the dr region has its own) and need no replica."),
        drRegion: drRegionProperty(),
    },
    types: [...ECS_TASK_DEFINITION, ...SECRETS_MANAGER_SECRET, ECR_REPLICATION, SSM_PARAMETER, LAMBDA_FUNCTION],
    onlyWith: ECS_TASK_DEFINITION[0],
    validate: (resources, report, { config }) => {
        if (config.environment === "dr") {
            // After a region loss the dr stack runs on its own: a setting naming the lost region's
            // bucket, host or ARN is a dependency the failover cannot meet.
            const home = stackRegion(resources) ?? config.drRegion;
            for (const { resource, where, value } of settingsOf(resources)) {
                const region = regionNamed(value);
                if (region !== undefined && region !== home) {
                    report(`${where} names a resource in ${region}, not the dr region ${home}: after a loss of ${region} the dr services depend on what was lost. ` +
                        "Point it at the dr region's copy (the replica bucket, the dr database and cache, the secret's replica).", resource.urn);
                }
            }
            return;
        }
        const regional = config.regionalSecrets.map((p) => new RegExp(p));
        const dr = config.drRegion;
        // ECR replicates per registry region: a configuration counts for the images of its own region.
        const rulesIn = (region: string) => ofType(resources, [ECR_REPLICATION])
            .filter((c) => (regionOf(c) ?? region) === region)
            .flatMap((c) => (knownDeep(() => c.props.replicationConfiguration?.rules, []) ?? []) as ReplicationRule[]);
        const home = stackRegion(resources);
        const secrets = ofType(resources, SECRETS_MANAGER_SECRET);
        const readers = new Map<PolicyResource, string>();
        const reported = new Set<string>();
        for (const task of ofType(resources, ECS_TASK_DEFINITION)) {
            // The task's own region: its ARN, or the stack's.
            const taskRegion = regionOf(task) ?? home;
            if (taskRegion === undefined || taskRegion === dr) {
                continue;
            }
            const containers = containersOf(knownDeep(() => task.props.containerDefinitions)) ?? [];
            for (const c of containers) {
                const image = c.image === undefined ? undefined : ecrImage(c.image);
                if (image && image.region === taskRegion && !reported.has(image.repository)
                    && !ecrReplicaRegions(rulesIn(taskRegion), image.repository, taskRegion).includes(dr)) {
                    reported.add(image.repository);
                    report(`repository ${image.repository} (pulled by ${task.name}) replicates to no rule's destination in the dr region ${dr}: a failover has no image to start.`, task.urn);
                }
                for (const s of c.secrets ?? []) {
                    const secret = secrets.find((x) => typeof s.valueFrom === "string" && s.valueFrom.startsWith(knownString(x, "arn") ?? "\0"));
                    if (secret && !readers.has(secret)) {
                        readers.set(secret, ` (read by ${task.name} as ${s.name})`);
                    }
                }
            }
        }
        // Every secret, read by a task or not: the dr replica runs on prod's master credentials, functions read others.
        for (const secret of secrets) {
            const name = knownString(secret, "name") ?? secret.name;
            const region = regionOf(secret) ?? home;
            if (regional.some((r) => r.test(name)) || region === undefined || region === dr) {
                continue;
            }
            const replicas = secretReplicaRegions(secret, region);
            if (replicas !== undefined && !replicas.includes(dr)) {
                const elsewhere = replicas.length > 0 ? ` (its replicas are in ${replicas.join(", ")})` : "";
                report(`secret ${name}${readers.get(secret) ?? ""} has no replica in the dr region ${dr}${elsewhere}: after a failover the dr stack cannot read it. ` +
                    `Add a replicas entry for ${dr}.`, secret.urn);
            }
        }
    },
});
