import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { ROLLBACK_RELEASES } from "../lib/facts/rollbackReleases";
import { knownDeep, knownString, linker, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECR_CREATION_TEMPLATE, ECR_LIFECYCLE_POLICY, ECR_PULL_THROUGH_CACHE_RULE, ECR_REPLICATION_CONFIGURATION, ECR_REPOSITORY, ECS_TASK_DEFINITION } from "../lib/tokens";
import { imagesInUse, RepositoryImage } from "./imagesInUse";
import { lifecycleHazards, policyRefusal, rulesOf } from "./lifecycleRules";
import { GUIDE_ECR } from "./scanOnPush";

/** How ECR came to create a repository the stack does not own: the template's appliedFors value it needs. */
type CreatedBy = "REPLICATION" | "PULL_THROUGH_CACHE" | "CREATE_ON_PUSH";

/** Whether a template prefix covers a repository name (`ROOT`: every repository; else a namespace, `prod` → `prod/…`). */
export function templateCovers(prefix: string | undefined, repository: string): boolean {
    return prefix === "ROOT" || (prefix !== undefined && repository.startsWith(`${prefix}/`));
}

/**
 * The template ECR applies to a repository it creates: among those of the region applied for
 * that way, the one with the longest matching prefix (ROOT last).
 */
export function governingTemplate(templates: PolicyResource[], repository: string, region: string | undefined, by: CreatedBy, home: string | undefined): PolicyResource | undefined {
    return templates
        .filter((t) => {
            const where = regionOf(t) ?? home;
            const appliedFors = knownDeep(() => t.props.appliedFors as string[] | undefined) ?? [];
            return (where === undefined || region === undefined || where === region) && appliedFors.includes(by) && templateCovers(knownString(t, "prefix"), repository);
        })
        .sort((a, b) => specificity(b) - specificity(a))[0];
}

/** How specific a template's prefix is: ROOT applies only where no named prefix does. */
function specificity(template: PolicyResource): number {
    const prefix = knownString(template, "prefix");
    return prefix === "ROOT" ? -1 : (prefix ?? "").length;
}

/** A repository replication copies into a region where no template governs the replica ECR creates. */
interface UncoveredReplica {
    configuration: PolicyResource;
    repository: string;
    region: string;
}

/**
 * The replicas ECR will create with its defaults: for each replication rule's destination in the
 * stack's own registry, each repository of the stack its filters select (PREFIX_MATCH on the name;
 * no filter selects all) that no template of the destination region applied for REPLICATION covers.
 */
export function uncoveredReplicas(resources: PolicyResource[], repositories: PolicyResource[], templates: PolicyResource[], account: string | undefined, home: string | undefined): UncoveredReplica[] {
    const out: UncoveredReplica[] = [];
    for (const configuration of ofType(resources, ECR_REPLICATION_CONFIGURATION)) {
        const source = regionOf(configuration) ?? home;
        const rules = (knownDeep(() => (configuration.props.replicationConfiguration as { rules?: unknown[] } | undefined)?.rules) ?? []) as Array<{ destinations?: Array<{ region?: string; registryId?: string }>; repositoryFilters?: Array<{ filter?: string; filterType?: string }> }>;
        for (const rule of rules) {
            const filters = rule.repositoryFilters ?? [];
            const names = repositories.filter((r) => (regionOf(r) ?? home) === source).map((r) => knownString(r, "name")).filter((n): n is string => n !== undefined)
                .filter((n) => filters.length === 0 || filters.some((f) => f.filterType === "PREFIX_MATCH" && typeof f.filter === "string" && n.startsWith(f.filter)));
            for (const d of rule.destinations ?? []) {
                // Another account's registry applies its own templates.
                if (d.region === undefined || d.region === source || (d.registryId !== undefined && account !== undefined && d.registryId !== account)) continue;
                for (const name of names.filter((n) => !governingTemplate(templates, n, d.region, "REPLICATION", home))) {
                    out.push({ configuration, repository: name, region: d.region });
                }
            }
        }
    }
    return out;
}

/** Whether the document has rules at all (unknown during preview counts as having them). */
function ruleList(raw: unknown): { rules: ReturnType<typeof rulesOf>; unknown: boolean } {
    return raw === "unknown" ? { rules: undefined, unknown: true } : { rules: rulesOf(raw), unknown: false };
}

export const ecrLifecyclePolicy = stackPolicy({
    name: "ecr-lifecycle-policy",
    description: `Every ECR repository of the stack has a lifecycle policy with at least one rule, so old and untagged images expire; so does every repository creation template (its lifecyclePolicy is the one the repositories it creates get), and every pull-through cache rule's and replication rule's repositories are created from one (applied for that way, in the region ECR creates them). ` +
        `Simulated as ECR evaluates it (rules by rulePriority; an image expired only by the first rule that selects it; a count rule counting every image it selects, those earlier rules took included), no burst of pushes may take away an image a task definition pulls, or its replica, or the previous release the deployment circuit breaker rolls back to: no age-based rule (since pushed or pulled) decides it, and the count rule that does keeps at least ${ROLLBACK_RELEASES} images beyond any other pushes it counts, so it counts no untagged images (tagStatus any) and no tag family the policy names apart from the releases (pr-* builds). ` +
        "ECR's own refusals are reported too: an any rule that is not the last by rulePriority, two rules with one priority.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECR,
        fsbpControl: "ECR.3",
        remediationSteps: `Add an aws.ecr.LifecyclePolicy for the repository, or a lifecyclePolicy on the creation template (e.g. expire untagged images after 7 days, keep the newest 30 tagged ones). ` +
            `Expire by age only what no service runs (untagged images, pr-* builds), keep releases by a count rule that selects releases only (tagStatus tagged with the release tags' pattern, e.g. v*; at least ${ROLLBACK_RELEASES}), never with tagStatus any, and give each pull-through cache prefix a creation template applied for PULL_THROUGH_CACHE.`,
    },
    types: [...ECR_REPOSITORY, ...ECR_LIFECYCLE_POLICY, ...ECR_CREATION_TEMPLATE, ...ECR_PULL_THROUGH_CACHE_RULE, ...ECR_REPLICATION_CONFIGURATION, ...ECS_TASK_DEFINITION],
    // The templates the program writes sit beside the repositories whose images they receive.
    onlyWith: ECR_REPOSITORY[0],
    validate: (resources, report) => {
        const home = stackRegion(resources);
        const repositories = ofType(resources, ECR_REPOSITORY);
        const repositoryOf = linker(repositories, ["name", "id"]);
        const templates = ofType(resources, ECR_CREATION_TEMPLATE);
        const images = imagesInUse(resources, stackAccount(resources));
        // A repository of the stack in the image's region holds it; a replica's region is another
        // than its source's, so with no region known it is one ECR created.
        const ownRepository = (image: RepositoryImage) => repositories.some((r) => {
            const where = regionOf(r) ?? home;
            return knownString(r, "name") === image.repository && (where === undefined ? !image.replica : where === image.region);
        });
        const judge = (holder: PolicyResource, what: string, rules: NonNullable<ReturnType<typeof rulesOf>>, selected: RepositoryImage[]) => {
            const refusal = policyRefusal(rules);
            if (refusal !== undefined) {
                report(`${what}: ECR refuses the policy: ${refusal}.`, holder.urn);
            }
            const reported = new Set<string>();
            for (const image of selected) {
                for (const hazard of lifecycleHazards(rules, image, ROLLBACK_RELEASES)) {
                    if (!reported.has(hazard)) {
                        reported.add(hazard);
                        report(`${what}: ${hazard}; it selects ${image.tag === undefined ? "the image" : `${image.repository}:${image.tag}`} that ${image.user} runs.`, holder.urn);
                    }
                }
            }
        };
        const withRules = new Set<object>();
        for (const lifecycle of ofType(resources, ECR_LIFECYCLE_POLICY)) {
            const { rules, unknown } = ruleList(knownDeep(() => lifecycle.props.policy, "unknown"));
            if (!unknown && (!rules || rules.length === 0)) {
                report(`lifecycle policy ${lifecycle.name} has no rules: no image ever expires.`, lifecycle.urn);
                continue;
            }
            const held = repositoryOf(lifecycle, "repository");
            held.forEach((r) => withRules.add(r));
            const names = new Set([...held.map((r) => knownString(r, "name")), knownString(lifecycle, "repository")].filter((n) => n !== undefined));
            const region = regionOf(lifecycle) ?? home;
            if (rules) {
                judge(lifecycle, `lifecycle policy ${lifecycle.name}`, rules, images.filter((i) => !i.replica && names.has(i.repository) && (region === undefined || i.region === region)));
            }
        }
        const cacheRules = ofType(resources, ECR_PULL_THROUGH_CACHE_RULE);
        const createdBy = (image: RepositoryImage): CreatedBy => image.replica ? "REPLICATION"
            : cacheRules.some((c) => image.repository.startsWith(`${knownString(c, "ecrRepositoryPrefix") ?? "\0"}/`)) ? "PULL_THROUGH_CACHE" : "CREATE_ON_PUSH";
        for (const template of templates) {
            const { rules, unknown } = ruleList(knownDeep(() => template.props.lifecyclePolicy, "unknown"));
            if (!unknown && (!rules || rules.length === 0)) {
                report(`creation template ${template.name} (prefix ${knownString(template, "prefix") ?? "?"}) has no lifecyclePolicy with rules: no image ever expires in the repositories it creates.`, template.urn);
                continue;
            }
            const created = images.filter((i) => !ownRepository(i) && governingTemplate(templates, i.repository, i.region, createdBy(i), home) === template);
            if (rules) {
                judge(template, `creation template ${template.name} (prefix ${knownString(template, "prefix") ?? "?"})`, rules, created);
            }
        }
        for (const cache of cacheRules) {
            const prefix = knownString(cache, "ecrRepositoryPrefix");
            if (prefix !== undefined && !governingTemplate(templates, `${prefix}/any`, regionOf(cache) ?? home, "PULL_THROUGH_CACHE", home)) {
                report(`pull-through cache rule ${cache.name} (ecrRepositoryPrefix ${prefix}, upstream ${knownString(cache, "upstreamRegistryUrl") ?? "?"}) creates repositories no creation template applied for PULL_THROUGH_CACHE covers: they get mutable tags, no lifecycle policy and no encryption key of ours; add a template with prefix ${prefix}.`, cache.urn);
            }
        }
        for (const gap of uncoveredReplicas(resources, repositories, templates, stackAccount(resources), home)) {
            report(`replication configuration ${gap.configuration.name} replicates repository ${gap.repository} to ${gap.region}, where no creation template applied for REPLICATION covers it: ` +
                `ECR creates the replica with mutable tags, no lifecycle policy and AWS's default encryption, and the recovery region's services pull from it. Add a template in ${gap.region} applied for REPLICATION with prefix ${gap.repository.includes("/") ? `${gap.repository.split("/")[0]} (or ROOT)` : "ROOT"}.`, gap.configuration.urn);
        }
        for (const repository of repositories.filter((r) => !withRules.has(r))) {
            report(`repository ${knownString(repository, "name") ?? repository.name} has no lifecycle policy.`, repository.urn);
        }
    },
});
