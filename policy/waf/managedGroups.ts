/**
 * The managed rule groups a web ACL in front of the application must run, and which web ACLs
 * are in front of it: those associated with a load balancer of the stack (a web ACL of the stack
 * kept for something else is not the application's).
 */
import { PolicyResource } from "@pulumi/policy";

import { known, ofType, valueLinker } from "../lib/stack";
import { LOAD_BALANCER, WAF_ASSOCIATION, WAF_WEB_ACL } from "../lib/tokens";
import { EffectiveRule } from "./rules";

/**
 * The required managed groups (`vendor/name`) no rule of the ACL runs. A group present but in
 * count mode, with its rules overridden to count, or scoped down to nothing is judged by
 * `ruleProblems`; here only its absence.
 */
export function missingManagedGroups(rules: readonly EffectiveRule[], required: readonly string[]): string[] {
    const running = new Set(rules.map(r => r.managedGroup?.toLowerCase()).filter(g => g !== undefined));
    return required.filter(g => !running.has(g.toLowerCase()));
}

/**
 * The web ACLs of the stack associated with one of its load balancers (by the ARNs the
 * associations hold), and every web ACL the stack associates with a target not known yet
 * (preview: it may be the load balancer).
 */
export function balancerAcls(resources: PolicyResource[]): Set<PolicyResource> {
    const balancerOf = valueLinker(ofType(resources, LOAD_BALANCER), ["arn", "id"]);
    const aclOf = valueLinker(ofType(resources, WAF_WEB_ACL), ["arn", "id"]);
    const fronting = new Set<PolicyResource>();
    for (const association of ofType(resources, WAF_ASSOCIATION)) {
        const pending = known(() => association.props.resourceArn, undefined) === undefined;
        if (pending || balancerOf(association, "resourceArn").length > 0) {
            aclOf(association, "webAclArn").forEach(acl => fronting.add(acl));
        }
    }
    return fronting;
}
