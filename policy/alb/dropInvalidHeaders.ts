import { resourcePolicy } from "../lib/define";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_ALB, requireApplication } from "./loadBalancer";

export const albDropInvalidHeaders = resourcePolicy({
    name: "alb-drop-invalid-headers",
    description: "Application load balancers drop HTTP headers with invalid names and keep desync mitigation defensive or strictest (request-smuggling defences).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.4",
        remediationSteps: "Set dropInvalidHeaderFields: true, and leave desyncMitigationMode unset (defensive) or set it to defensive or strictest.",
    },
    types: LOAD_BALANCER,
    validate: (props, report, { args }) => {
        requireApplication(props, args);
        if (props.dropInvalidHeaderFields !== true) {
            report("dropInvalidHeaderFields is not true.");
        }
        // monitor forwards requests AWS classifies as ambiguous HTTP (desync attacks) to the targets.
        if (String(props.desyncMitigationMode ?? "defensive").toLowerCase() === "monitor") {
            report("desyncMitigationMode is monitor: requests smuggled through HTTP desync reach the targets (defensive or strictest blocks them; FSBP ELB.12).");
        }
    },
});
