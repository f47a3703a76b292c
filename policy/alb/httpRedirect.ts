import { resourcePolicy } from "../lib/define";
import { LISTENER } from "../lib/tokens";
import { GUIDE_ALB, ListenerAction } from "./loadBalancer";

export const albHttpRedirect = resourcePolicy({
    name: "alb-http-redirects-to-https",
    description: "Plain-HTTP listeners only redirect to HTTPS.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.1",
        remediationSteps: "Give the port-80 listener a single default action { type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }.",
    },
    types: LISTENER,
    validate: (props, report, { args }) => {
        if (props.protocol !== "HTTP") {
            return args.notApplicable(`listener protocol ${props.protocol ?? "unset"}`);
        }
        const actions: ListenerAction[] = Array.isArray(props.defaultActions) ? props.defaultActions : [];
        if (actions.length === 0) {
            report("the HTTP listener has no default action.");
        }
        for (const action of actions) {
            if (action.type !== "redirect") {
                report(`the HTTP listener's default action is ${action.type}, not a redirect to HTTPS.`);
            } else if (action.redirect?.protocol !== "HTTPS") {
                report(`the HTTP listener redirects to ${action.redirect?.protocol ?? "the same protocol"}, not HTTPS.`);
            }
        }
    },
});
