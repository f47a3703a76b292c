import { resourcePolicy } from "../lib/define";
import { ECR_CREATION_TEMPLATE, ECR_REPOSITORY } from "../lib/tokens";
import { GUIDE_ECR } from "./scanOnPush";

const TEMPLATE: readonly string[] = ECR_CREATION_TEMPLATE;

/** Why a repository's (or a creation template's) tag mutability lets a tag move, or undefined. */
export function mutableTagsProblem(mutability: unknown): string | undefined {
    // Both the repository and the creation template default to MUTABLE (AWS and the provider).
    const value = mutability ?? "MUTABLE";
    return value === "IMMUTABLE" || value === "IMMUTABLE_WITH_EXCLUSION" ? undefined : `imageTagMutability is ${value}`;
}

export const ecrImmutableTags = resourcePolicy({
    name: "ecr-immutable-tags",
    description: "ECR repositories make image tags immutable, so a deployed tag always means the same image; so does every repository creation template (the repositories ECR creates by replication, pull-through cache or push, such as the dr region's replicas).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECR,
        fsbpControl: "ECR.2",
        remediationSteps: "Set imageTagMutability: \"IMMUTABLE\" (or \"IMMUTABLE_WITH_EXCLUSION\" with a filter for a moving tag such as latest) on the repository or creation template and deploy by version tag.",
    },
    types: [...ECR_REPOSITORY, ...ECR_CREATION_TEMPLATE],
    validate: (props, report, { args }) => {
        const problem = mutableTagsProblem(props.imageTagMutability);
        if (problem === undefined) {
            return;
        }
        report(TEMPLATE.includes(args.type)
            ? `${problem}: every repository the template creates (${props.prefix ?? "its prefix"}, ${[].concat(props.appliedFors ?? []).join(", ") || "its uses"}) gets tags that can be moved to another image.`
            : `${problem}.`);
    },
});
