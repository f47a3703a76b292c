import { ROLLBACK_RELEASES } from "../../policy/lib/facts/rollbackReleases";

/**
 * ECR lifecycle policy: untagged layers (failed or superseded pushes) go after a week; of the
 * tagged releases the newest `keepTagged` stay, enough to roll back several deployments (never
 * fewer than ROLLBACK_RELEASES: the running release and the one the circuit breaker rolls back to).
 */
export function ecrLifecyclePolicy(keepTagged: number, untaggedDays = 7): string {
    if (!Number.isInteger(keepTagged) || keepTagged < ROLLBACK_RELEASES) throw new Error(`keepTaggedImages ${keepTagged}; allowed: an integer >= ${ROLLBACK_RELEASES}`);
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${untaggedDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the ${keepTagged} newest tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTagged },
                action: { type: "expire" },
            },
        ],
    });
}
