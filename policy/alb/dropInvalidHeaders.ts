import { resourcePolicy } from "../lib/define";
import { balancerAttributeProblems, LOAD_BALANCER_REQUEST_ATTRIBUTES } from "../lib/facts/edgeHeaders";
import { known } from "../lib/stack";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_ALB, requireApplication } from "./loadBalancer";

export const albDropInvalidHeaders = resourcePolicy({
    name: "alb-drop-invalid-headers",
    description: "Application load balancers process every request as the design fixes (policy/lib/facts/edgeHeaders.ts): headers with invalid names dropped, " +
        "desync mitigation defensive or strictest (request-smuggling defences), X-Forwarded-For appended with the client's address (append, no client port) so the app's client address is the one the load balancer saw.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.4",
        remediationSteps: `Set ${LOAD_BALANCER_REQUEST_ATTRIBUTES.map(a => `${a.property} to ${a.safe.join(" or ")}`).join(", ")} (components/compute/LoadBalancer.ts takes them from LOAD_BALANCER_REQUEST_SETTINGS).`,
    },
    types: LOAD_BALANCER,
    validate: (props, report, { args }) => {
        requireApplication(props, args);
        // Unknown values can't be judged until the update.
        const unknown = Symbol("unknown");
        for (const p of balancerAttributeProblems(props, (property) => known(() => props[property], unknown) !== unknown)) {
            report(`${p.property} is ${p.value}, not ${p.safe}: ${p.effect}.`);
        }
    },
});
