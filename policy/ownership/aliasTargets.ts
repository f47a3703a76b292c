/**
 * A KMS alias made together with its key (the same component creates both) names that key: the
 * stack and the operators refer to the key by the alias (`alias/expertconnect-prod-db`), and KMS
 * resolves it on every call. Repointed at another key of the stack, every encrypt through the alias
 * uses the wrong key (its policy, its rotation, its region) and every grant or decrypt that names
 * the alias reaches data it was never meant for. Judged by structure, not by name: the alias must
 * target the one key its parent component holds.
 */
import { PolicyResource } from "@pulumi/policy";

import { knownString } from "../lib/stack";

const ALIAS = "aws:kms/alias:Alias";
const KEY = "aws:kms/key:Key";

/** One alias whose target is not the key created beside it. */
export interface MisdirectedAlias {
    alias: PolicyResource;
    key: PolicyResource;
    target: string;
}

/** Aliases that target something other than the single key their parent component created. */
export function misdirectedAliases(resources: PolicyResource[]): MisdirectedAlias[] {
    const keysByParent = new Map<string, PolicyResource[]>();
    for (const k of resources.filter(r => r.type === KEY && r.parent)) {
        keysByParent.set(k.parent!.urn, [...(keysByParent.get(k.parent!.urn) ?? []), k]);
    }
    return resources.filter(r => r.type === ALIAS && r.parent).flatMap(alias => {
        const keys = keysByParent.get(alias.parent!.urn) ?? [];
        const target = knownString(alias, "targetKeyId");
        if (keys.length !== 1 || target === undefined) {
            return []; // no key beside it (an alias of a key made elsewhere), or unknown in preview
        }
        const key = keys[0];
        const names = ["keyId", "arn", "id"].map(p => knownString(key, p)).filter((v): v is string => !!v);
        // Both sides unknown (a new key in preview) or naming the key: fine.
        return names.length === 0 || names.includes(target) ? [] : [{ alias, key, target }];
    });
}
