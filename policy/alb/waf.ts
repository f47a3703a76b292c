import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownString, ofType, valueLinker } from "../lib/stack";
import { LOAD_BALANCER, WAF_ASSOCIATION, WAF_WEB_ACL } from "../lib/tokens";

/** The value of `property` when it is a known string, for messages. */
const shown = (r: PolicyResource, property: string) => knownString(r, property) ?? "(not set)";

export const albWafAssociated = stackPolicy({
    name: "alb-waf-associated",
    description: "Every internet-facing application load balancer has a WAF web ACL associated (managed rules and the per-IP rate limit) and does not fail open (enableWafFailOpen) when WAF can't be reached; " +
        "an association joins the stack's own web ACL to a resource of the stack, judged by the ARNs AWS receives (in the program and in the deployed state), not by a dependency that once named them.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Performance Optimization › Application Optimization › Implement request throttling",
        fsbpControl: "ELB.16",
        remediationSteps: "Add an aws.wafv2.WebAclAssociation whose resourceArn is the load balancer's ARN and webAclArn the stack's web ACL (both as outputs of those resources, not pasted ARNs); leave enableWafFailOpen unset or false.",
    },
    validate: (resources, report) => {
        const associations = ofType(resources, WAF_ASSOCIATION);
        const balancers = ofType(resources, LOAD_BALANCER).filter(lb =>
            (knownString(lb, "loadBalancerType") ?? "application") === "application" && known(() => lb.props.internal, false) !== true);
        // What the ARNs name decides: an association repointed by value (or in the deployed
        // state) beside its old dependency no longer protects the balancer the dependency names.
        const balancerOf = valueLinker(balancers, ["arn", "id"]);
        const aclOf = valueLinker(ofType(resources, WAF_WEB_ACL), ["arn", "id"]);
        const stackResourceOf = valueLinker(resources.filter(r => r.type.startsWith("aws:")), ["arn"]);
        // Failing open forwards every request uninspected whenever WAF is unreachable or slow.
        for (const lb of balancers.filter(b => known(() => b.props.enableWafFailOpen, false) === true)) {
            report(`load balancer ${knownString(lb, "name") ?? lb.name} has enableWafFailOpen true: when WAF can't be reached it forwards requests unfiltered and unthrottled; set it to false.`, lb.urn);
        }
        const unknown = (a: PolicyResource, property: string) => known(() => a.props[property], undefined) === undefined;
        const associated = new Set<PolicyResource>();
        for (const a of associations) {
            const acl = aclOf(a, "webAclArn");
            // A web ACL the stack does not declare has rules no policy of this pack has judged (an allow-all legacy ACL).
            if (acl.length === 0 && !unknown(a, "webAclArn")) {
                report(`${a.name}.webAclArn names ${shown(a, "webAclArn")}, no web ACL of this stack: its rules are not the ones this stack enforces; set webAclArn to the stack's web ACL's arn.`, a.urn);
                continue;
            }
            if (stackResourceOf(a, "resourceArn").length === 0 && !unknown(a, "resourceArn")) {
                report(`${a.name}.resourceArn names ${shown(a, "resourceArn")}, no resource of this stack: the web ACL protects something else; set resourceArn to the stack's load balancer's arn.`, a.urn);
            }
            balancerOf(a, "resourceArn").forEach(lb => associated.add(lb));
        }
        // An association whose target is still unknown may be for any balancer: can't judge.
        if (associations.some(a => balancerOf(a, "resourceArn").length === 0 && unknown(a, "resourceArn"))) {
            return;
        }
        for (const lb of balancers.filter(b => !associated.has(b))) {
            report(`load balancer ${knownString(lb, "name") ?? lb.name} has no WAF web ACL association with the stack's web ACL.`, lb.urn);
        }
    },
});
