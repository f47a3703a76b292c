/**
 * Class 3: the images the services run stay available and are the ones released. Lifecycle rules
 * (of a repository, or of the creation template the dr replicas get) are evaluated as ECR does
 * against the images the task definitions pull: none may expire or archive the running release
 * or leave no previous one for the circuit breaker's rollback. A repository is not force-deleted
 * with its images; a pull-through cache's repositories come from a template; an image reference
 * pins one release (a digest, or a non-moving tag its repository keeps immutable).
 */
import { ACCOUNT, add, all, Case, edit, named, suite, tags } from "./support";

const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const REPO = "aws:ecr/repository:Repository";
const TD = "aws:ecs/taskDefinition:TaskDefinition";
const CACHE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
const IMG = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend`;

const rule = (rulePriority: number, selection: Record<string, unknown>) => ({ rulePriority, description: "r", selection, action: { type: "expire" } });
const untagged = (days: number) => rule(1, { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: days });
const keepTagged = (n: number, priority = 2) => rule(priority, { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: n });
const lifecycle = (...rules: object[]) => edit(LIFECYCLE, p => { p.policy = JSON.stringify({ rules }); }, named("backend-repository-lifecycle"));
const templateLifecycle = (...rules: object[]) => edit(TEMPLATE, p => { p.lifecyclePolicy = JSON.stringify({ rules }); });
const containers = (task: string, f: (list: any[]) => void) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    f(list);
    p.containerDefinitions = JSON.stringify(list);
}, named(task));
const backendImage = (image: (current: string) => string) => containers("backend-task", l => { l[0].image = image(l[0].image); });

const violations: Case[] = [
    { name: "lifecycle expires every image a day after its push (the running one too)", change: lifecycle(rule(1, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 })) },
    { name: "lifecycle expires v* releases 30 days after their push", change: lifecycle(untagged(7), rule(2, { tagStatus: "tagged", tagPatternList: ["v*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 30 })) },
    { name: "lifecycle expires releases not pulled for 90 days", change: lifecycle(untagged(7), rule(2, { tagStatus: "tagged", tagPrefixList: ["v"], countType: "sinceImagePulled", countUnit: "days", countNumber: 90 })) },
    { name: "lifecycle keeps only the newest image (no rollback target)", change: lifecycle(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 })) },
    { name: "lifecycle keeps only the newest v release", change: lifecycle(untagged(7), rule(2, { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 1 }), keepTagged(30, 3)) },
    { name: "dr creation template expires every replica a day after its push", change: templateLifecycle(rule(1, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 })) },
    { name: "dr creation template keeps one tagged replica", change: templateLifecycle(untagged(7), keepTagged(1)) },
    { name: "backend repository sets forceDelete", change: edit(REPO, p => { p.forceDelete = true; }, named("backend-repository")) },
    { name: "pull-through cache rule to quay.io with no creation template for it", change: add(CACHE, "quay-cache", { ecrRepositoryPrefix: "quay", upstreamRegistryUrl: "quay.io" }) },
    { name: "backend deployed as :latest", change: backendImage(() => `${IMG}:latest`) },
    { name: "backend deployed untagged (Docker pulls latest)", change: backendImage(() => IMG) },
    { name: "frontend deployed by a channel tag (stable)", change: containers("frontend-task", l => { l[0].image = l[0].image.replace(/:v1\.0\.0$/, ":stable"); }) },
    {
        name: "backend repository excludes v* from immutability, so v1.0.0 can be pushed over",
        change: edit(REPO, p => { p.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"; p.imageTagMutabilityExclusionFilters = [{ filter: "v*", filterType: "WILDCARD" }]; }, named("backend-repository")),
    },
    { name: "dr backend deployed as :latest from its replica", stack: "dr", change: backendImage(i => i.replace(/:v1\.0\.0$/, ":latest")) },
    // ECR counts every image a count rule selects, those an earlier rule took included: a burst of PR builds pushes the releases out.
    {
        name: "lifecycle expires pr-* builds after 14 days, but counts them among the 30 tagged images kept",
        change: lifecycle(untagged(7), rule(2, { tagStatus: "tagged", tagPatternList: ["pr-*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }), keepTagged(30, 3)),
    },
];

const compliant: Case[] = [
    { name: "lifecycle keeps the newest 50 tagged images", change: lifecycle(untagged(7), keepTagged(50)) },
    { name: "lifecycle keeps the newest 2 releases (the running one and the previous)", change: lifecycle(untagged(7), keepTagged(2)) },
    { name: "lifecycle expires untagged images after a day", change: lifecycle(untagged(1), keepTagged(30)) },
    {
        name: "lifecycle expires pr-* builds after 14 days and counts v* releases only",
        change: lifecycle(untagged(7), rule(2, { tagStatus: "tagged", tagPatternList: ["pr-*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }),
            rule(3, { tagStatus: "tagged", tagPatternList: ["v*"], countType: "imageCountMoreThan", countNumber: 30 })),
    },
    { name: "dr creation template keeps the newest 10 tagged replicas", change: templateLifecycle(untagged(7), keepTagged(10)) },
    { name: "backend bumped to v1.1.0", change: backendImage(() => `${IMG}:v1.1.0`) },
    { name: "backend pinned by digest", change: backendImage(() => `${IMG}@sha256:${"9b2a7c4d".repeat(8)}`) },
    { name: "backend repository excludes only latest from immutability", change: edit(REPO, p => { p.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"; p.imageTagMutabilityExclusionFilters = [{ filter: "latest", filterType: "WILDCARD" }]; }, named("backend-repository")) },
    {
        name: "pull-through cache rule to quay.io with a creation template for its repositories",
        change: all(
            add(CACHE, "quay-cache", { ecrRepositoryPrefix: "quay", upstreamRegistryUrl: "quay.io" }),
            add(TEMPLATE, "quay-template", {
                prefix: "quay", description: "Repositories the quay.io cache creates", appliedFors: ["PULL_THROUGH_CACHE"], imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "AES256" }], lifecyclePolicy: JSON.stringify({ rules: [untagged(7), keepTagged(30)] }), resourceTags: tags("backend"),
            })),
    },
    { name: "dr backend bumped to v1.1.0 from its replica", stack: "dr", change: backendImage(i => i.replace(/:v1\.0\.0$/, ":v1.1.0")) },
];

suite("class 3: released images stay available and pinned", violations, compliant);
