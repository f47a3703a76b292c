/**
 * The addresses behind a web ACL's IP set references. A set created in the same change has no
 * ARN during preview, so the reference is unknown there: it is followed to the stack's IP sets by
 * value (the ARN, the id, or the name and scope an ARN spells, `…:regional/ipset/<name>/<id>`) and,
 * when the value is unknown, by the web ACL's property dependency on its `rules`.
 */
import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { WAF_IP_SET } from "../lib/tokens";
import { IpSetLookup } from "./traffic";

/** What a rule's IP set reference reads when its ARN is unknown during preview. */
export const UNRESOLVED_REFERENCE = "(unknown during preview)";

/** The name and scope (REGIONAL or CLOUDFRONT) an IP set ARN spells. */
function nameAndScope(arn: string): { name: string; scope: string } | undefined {
    const m = /:(regional|global)\/ipset\/([^/]+)\//.exec(arn);
    return m ? { name: m[2], scope: m[1] === "global" ? "CLOUDFRONT" : "REGIONAL" } : undefined;
}

/**
 * The addresses of the stack's IP sets, for the rules of `acl` (unknown addresses: undefined).
 * A reference matching several sets, or none, is undefined: never guessed.
 */
export function ipSetLookup(resources: PolicyResource[], acl?: PolicyResource): IpSetLookup {
    const sets = ofType(resources, WAF_IP_SET).map(set => {
        const addresses = knownDeep(() => set.props.addresses as string[] | undefined);
        return { set, addresses: Array.isArray(addresses) ? addresses : undefined };
    });
    const only = (found: typeof sets) => (found.length === 1 ? found[0].addresses : undefined);
    const dependencies = new Set(acl?.propertyDependencies.rules ?? []);
    return reference => {
        if (reference === UNRESOLVED_REFERENCE) {
            return only(sets.filter(s => dependencies.has(s.set)));
        }
        const exact = sets.filter(s => [knownString(s.set, "arn"), knownString(s.set, "id")].includes(reference));
        if (exact.length > 0) {
            return only(exact);
        }
        const spelled = nameAndScope(reference);
        return spelled === undefined ? undefined
            : only(sets.filter(s => knownString(s.set, "name") === spelled.name && String(knownString(s.set, "scope") ?? "REGIONAL").toUpperCase() === spelled.scope));
    };
}

/**
 * A web ACL's `rules` as plain data, with an IP set reference whose ARN is unknown (a set created
 * in the same change) read as UNRESOLVED_REFERENCE; null when anything else in them is unknown.
 */
export function rulesWithUnresolvedSets(acl: PolicyResource): unknown {
    const UNKNOWN = Symbol("unknown");
    let otherUnknown = false;
    // Read through the unknown-checking proxy one property at a time: an unknown throws only there.
    const walk = (read: () => unknown, key: string, parent: string): unknown => {
        const value = known(read, UNKNOWN);
        if (value === UNKNOWN) {
            if (key.toLowerCase() === "arn" && parent.toLowerCase() === "ipsetreferencestatement") {
                return UNRESOLVED_REFERENCE;
            }
            otherUnknown = true;
            return undefined;
        }
        if (Array.isArray(value)) {
            return Array.from({ length: value.length }, (_, i) => walk(() => value[i], key, parent));
        }
        if (typeof value === "object" && value !== null) {
            const object = value as Record<string, unknown>;
            return Object.fromEntries(Object.keys(object).map(k => [k, walk(() => object[k], k, key)]));
        }
        return value;
    };
    const rules = walk(() => acl.props.rules, "rules", "");
    return otherUnknown ? null : rules;
}
