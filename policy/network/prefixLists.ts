/**
 * The addresses a security-group rule admits through a managed prefix list: the list's entries
 * (inline `entries` and `aws.ec2.ManagedPrefixListEntry` resources), found by the list's id, by
 * the rule's property dependencies, or, for a list this update creates (no id yet), by the worst
 * such list: a literal id that names no list of the stack may be one whose id a previous deploy
 * printed. A list the stack does not declare (an AWS-managed one) admits nothing the pack can see.
 */
import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";

export const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
export const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

/** Rule properties that name prefix lists (standalone, legacy and inline rules). */
const REFERENCING = ["prefixListId", "prefixListIds", "ingress", "egress"];

/** Stand-in for a reference the preview does not know yet (the list is created in this update). */
export const UNKNOWN_REFERENCE = "<unknown>";

/** A list's id from its output or its ARN (`…:prefix-list/pl-…`). */
function listId(list: PolicyResource): string | undefined {
    return knownString(list, "id") ?? knownString(list, "arn")?.split("/").pop();
}

/** Resolves a rule's prefix-list reference to the CIDRs the list holds. */
export function prefixListResolver(resources: PolicyResource[]): (rule: PolicyResource, reference: string) => string[] {
    const lists = ofType(resources, [PREFIX_LIST]);
    const listOf = linker(lists, [listId]);
    const cidrs = new Map(lists.map((l) => [l, ((knownDeep(() => l.props.entries, []) ?? []) as Array<{ cidr?: unknown }>)
        .map((e) => e?.cidr).filter((c): c is string => typeof c === "string")]));
    for (const entry of ofType(resources, [PREFIX_LIST_ENTRY])) {
        const cidr = knownString(entry, "cidr");
        for (const l of listOf(entry, "prefixListId")) if (cidr) cidrs.get(l)!.push(cidr);
    }
    const byId = new Map(lists.flatMap((l) => { const id = listId(l); return id ? [[id, l] as const] : []; }));
    const created = lists.filter((l) => listId(l) === undefined);
    return (rule, reference) => {
        const direct = byId.get(reference);
        if (direct) return cidrs.get(direct)!;
        const viaDependencies = REFERENCING.flatMap((p) => known(() => rule.propertyDependencies[p], []) ?? []).filter((d) => cidrs.has(d));
        const candidates = viaDependencies.length > 0 ? viaDependencies : created;
        return [...new Set(candidates)].flatMap((l) => cidrs.get(l)!);
    };
}
