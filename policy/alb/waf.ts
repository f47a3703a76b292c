import { stackPolicy } from "../lib/define";
import { known, knownString, linker, ofType } from "../lib/stack";
import { LOAD_BALANCER, WAF_ASSOCIATION } from "../lib/tokens";

export const albWafAssociated = stackPolicy({
    name: "alb-waf-associated",
    description: "Every internet-facing application load balancer has a WAF web ACL associated (managed rules and the per-IP rate limit) and does not fail open (enableWafFailOpen) when WAF can't be reached.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Performance Optimization › Application Optimization › Implement request throttling",
        fsbpControl: "ELB.16",
        remediationSteps: "Add an aws.wafv2.WebAclAssociation whose resourceArn is the load balancer's ARN and webAclArn the stack's web ACL; leave enableWafFailOpen unset or false.",
    },
    validate: (resources, report) => {
        const associations = ofType(resources, WAF_ASSOCIATION);
        const balancers = ofType(resources, LOAD_BALANCER).filter(lb =>
            (knownString(lb, "loadBalancerType") ?? "application") === "application" && known(() => lb.props.internal, false) !== true);
        const balancerOf = linker(balancers, ["arn", "id"]);
        // Failing open forwards every request uninspected whenever WAF is unreachable or slow.
        for (const lb of balancers.filter(b => known(() => b.props.enableWafFailOpen, false) === true)) {
            report(`load balancer ${knownString(lb, "name") ?? lb.name} has enableWafFailOpen true: when WAF can't be reached it forwards requests unfiltered and unthrottled; set it to false.`, lb.urn);
        }
        const associated = new Set(associations.flatMap(a => balancerOf(a, "resourceArn")));
        // An association whose target is still unknown may be for any balancer: can't judge.
        const unresolved = associations.some(a => balancerOf(a, "resourceArn").length === 0
            && known(() => a.props.resourceArn, undefined) === undefined);
        if (unresolved) {
            return;
        }
        for (const lb of balancers.filter(b => !associated.has(b))) {
            report(`load balancer ${knownString(lb, "name") ?? lb.name} has no WAF web ACL association.`, lb.urn);
        }
    },
});
