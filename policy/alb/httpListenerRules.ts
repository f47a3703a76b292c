import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { LISTENER, LISTENER_RULE } from "../lib/tokens";
import { GUIDE_ALB, ListenerAction } from "./loadBalancer";

export const albHttpListenerRules = stackPolicy({
    name: "alb-http-listener-rules-redirect",
    description: "Listener rules on a plain-HTTP listener only redirect to HTTPS, so no path is served without TLS.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.1",
        remediationSteps: "Attach path rules to the HTTPS listener; the HTTP listener keeps only its redirect.",
    },
    validate: (resources, report) => {
        const httpListenerOf = linker(ofType(resources, LISTENER).filter(l => knownString(l, "protocol") === "HTTP"), ["arn"]);
        for (const rule of ofType(resources, LISTENER_RULE)) {
            if (httpListenerOf(rule, "listenerArn").length === 0) {
                continue;
            }
            // Unknown actions can't be judged until the update.
            const actions = knownDeep(() => rule.props.actions as ListenerAction[], []);
            if (actions.some(a => a.type !== "redirect" || a.redirect?.protocol !== "HTTPS")) {
                report(`listener rule ${rule.name} on an HTTP listener does ${actions.map(a => a.type).join(", ")} instead of redirecting to HTTPS.`, rule.urn);
            }
        }
    },
});
