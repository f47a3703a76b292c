/**
 * Which stack resources a backup plan takes, from the plan's selections judged by their values
 * (selection.ts: AWS Backup's rules), shared by the policies that follow a plan to what it backs up.
 */
import { PolicyResource } from "@pulumi/policy";

import { knownDeep, knownString } from "../lib/stack";
import { Candidate, selects, SelectionProps, Verdict } from "./selection";

/** A resource's ARN and tags as a backup selection sees them (undefined while unknown). */
export function candidateOf(resource: PolicyResource): Candidate {
    // tagsAll (the provider's default tags merged in) is what AWS Backup sees; null while unknown.
    const own = knownDeep(() => resource.props.tags ?? {}, null) as Record<string, string> | null;
    const all = knownDeep(() => resource.props.tagsAll ?? {}, null) as Record<string, string> | null;
    return { arn: knownString(resource, "arn"), tags: own === null || all === null ? undefined : { ...own, ...all } };
}

/** Whether one selection assigns `resource` to its plan. */
export function selectionTakes(selection: PolicyResource, resource: PolicyResource): Verdict {
    const props = knownDeep(() => ({
        resources: selection.props.resources, notResources: selection.props.notResources,
        selectionTags: selection.props.selectionTags, conditions: selection.props.conditions,
    }) as SelectionProps);
    if (props === undefined) {
        // Preview: the selection's values are unknown; its dependency on the resource is the evidence left.
        return (selection.propertyDependencies.resources ?? []).includes(resource) ? "yes" : "unknown";
    }
    return selects(props, candidateOf(resource));
}

/** Whether any of `selections` (those of one plan) assigns `resource` to the plan. */
export function anySelectionTakes(selections: PolicyResource[], resource: PolicyResource): Verdict {
    const verdicts = selections.map(s => selectionTakes(s, resource));
    return verdicts.includes("yes") ? "yes" : verdicts.includes("unknown") ? "unknown" : "no";
}
