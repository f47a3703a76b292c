import { resourcePolicy } from "../lib/define";
import { ECR_REPOSITORY } from "../lib/tokens";
import { GUIDE_ECR } from "./scanOnPush";

export const ecrImmutableTags = resourcePolicy({
    name: "ecr-immutable-tags",
    description: "ECR repositories make image tags immutable, so a deployed tag always means the same image.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECR,
        fsbpControl: "ECR.2",
        remediationSteps: "Set imageTagMutability: \"IMMUTABLE\" (or \"IMMUTABLE_WITH_EXCLUSION\" with a filter for a moving tag such as latest) and deploy by version tag.",
    },
    types: ECR_REPOSITORY,
    validate: (props, report) => {
        const mutability = props.imageTagMutability ?? "MUTABLE";
        if (mutability !== "IMMUTABLE" && mutability !== "IMMUTABLE_WITH_EXCLUSION") {
            report(`imageTagMutability is ${mutability}.`);
        }
    },
});
