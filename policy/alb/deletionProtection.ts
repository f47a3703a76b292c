import { resourcePolicy } from "../lib/define";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_ALB, requireApplication } from "./loadBalancer";

export const albDeletionProtection = resourcePolicy({
    name: "alb-deletion-protection",
    description: "Production application load balancers have deletion protection (their DNS name is what clients use).",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.6",
        remediationSteps: "Set enableDeletionProtection: true.",
    },
    types: LOAD_BALANCER,
    validate: (props, report, { args }) => {
        requireApplication(props, args);
        if (props.enableDeletionProtection !== true) {
            report("enableDeletionProtection is not true.");
        }
    },
});
