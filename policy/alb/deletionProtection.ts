import { resourcePolicy } from "../lib/define";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_ALB, requireApplication } from "./loadBalancer";

export const albDeletionProtection = resourcePolicy({
    name: "alb-deletion-protection",
    description: "Application load balancers of prod and dr have deletion protection: their DNS name is what clients use, the dr one's as soon as Route 53 fails over to it (a deleted standby load balancer leaves the failover record pointing nowhere).",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
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
