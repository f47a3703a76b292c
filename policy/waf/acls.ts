/**
 * Each web ACL of a stack with its effective rules, whichever way they were declared (inline
 * `rules`, `ruleJson`, `aws.wafv2.WebAclRule` and `WebAclRuleGroupAssociation` resources), read
 * once for the stack.
 */
import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, linker, ofType } from "../lib/stack";
import { WAF_RULE_GROUP_ASSOCIATION, WAF_WEB_ACL, WAF_WEB_ACL_RULE } from "../lib/tokens";
import { rulesWithUnresolvedSets } from "./ipSets";
import { EffectiveRule, effectiveRule, inlineRules, lowerKeys } from "./rules";

export interface WebAcl {
    acl: PolicyResource;
    /** Its effective rules; null while the inline rules are unknown (preview): can't judge. */
    rules: EffectiveRule[] | null;
    /** Its default action is block (an allow-list). */
    defaultBlocks: boolean;
}

/** The stack's web ACLs with their rules, and the linker from a resource's property to them. */
export function webAcls(resources: PolicyResource[]): { acls: WebAcl[]; aclOf: (source: PolicyResource, property: string) => PolicyResource[] } {
    const resourcesOfAcl = ofType(resources, WAF_WEB_ACL);
    const aclOf = linker(resourcesOfAcl, ["arn", "id"]);
    const attached = new Map<object, EffectiveRule[]>();
    for (const rule of ofType(resources, [...WAF_WEB_ACL_RULE, ...WAF_RULE_GROUP_ASSOCIATION])) {
        const props = knownDeep(() => rule.props as object);
        if (props === undefined) {
            continue;
        }
        for (const acl of aclOf(rule, "webAclArn")) {
            attached.set(acl, [...(attached.get(acl) ?? []), effectiveRule(lowerKeys(props))]);
        }
    }
    const acls = resourcesOfAcl.map(acl => {
        const rules = rulesWithUnresolvedSets(acl);
        const ruleJson = known(() => acl.props.ruleJson, null);
        return {
            acl,
            rules: rules === null || ruleJson === null ? null : [...inlineRules({ rules, ruleJson }), ...(attached.get(acl) ?? [])],
            defaultBlocks: knownDeep(() => lowerKeys(acl.props.defaultAction))?.block !== undefined,
        };
    });
    return { acls, aclOf };
}
