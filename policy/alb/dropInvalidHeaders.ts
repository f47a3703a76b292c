import { resourcePolicy } from "../lib/define";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_ALB, requireApplication } from "./loadBalancer";

export const albDropInvalidHeaders = resourcePolicy({
    name: "alb-drop-invalid-headers",
    description: "Application load balancers drop HTTP headers with invalid names (request-smuggling defence).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.4",
        remediationSteps: "Set dropInvalidHeaderFields: true.",
    },
    types: LOAD_BALANCER,
    validate: (props, report, { args }) => {
        requireApplication(props, args);
        if (props.dropInvalidHeaderFields !== true) {
            report("dropInvalidHeaderFields is not true.");
        }
    },
});
