/**
 * Keys still in use are keys the stack holds. Removing a key from the program schedules its
 * deletion (Pulumi's delete is ScheduleKeyDeletion), and once the window passes nothing encrypted
 * under it can be decrypted again: the database and its snapshots, the cross-region recovery
 * points, the secrets' replicas. The analyzer is never told what an update deletes, so the pack
 * judges what it sees: every KMS key a resource of the stack names, found by value (a key or alias
 * ARN anywhere in its properties, policy documents included; an alias name; a key id where the
 * property is named for a key), must resolve to a key or alias the stack holds, to one a stack it
 * references gives it (that stack's outputs), or to an AWS managed key (`alias/aws/…`).
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { isAwsManagedKeyAlias, KeyMention, keyMentions } from "../lib/kms";
import { known, knownString, otherStackReferences, regionOf } from "../lib/stack";
import { KMS_KEY } from "../lib/tokens";

/** Every type whose resource is a key (its ARN and id name it). */
const KEY_TYPES = [...KMS_KEY, "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"];
const ALIAS = "aws:kms/alias:Alias";

/** A property whose bare value names a key by id (`kmsKeyId`, `targetKeyId`, `keyId`, `kmsKey`…). */
const KEY_PROPERTY = /kms|key/i;

/** The keys and aliases a stack may name. */
interface KeyIndex {
    keyIds: Set<string>;
    /** Alias names by region (`us-east-1|alias/x`), and by name alone where the region is not known. */
    aliases: Set<string>;
}

const aliasKey = (region: string | undefined, alias: string) => `${region ?? "*"}|${alias}`;

function add(index: KeyIndex, mention: KeyMention, region: string | undefined): void {
    if (mention.keyId) index.keyIds.add(mention.keyId);
    if (mention.alias) index.aliases.add(aliasKey(mention.region ?? region, mention.alias));
}

function resolves(index: KeyIndex, mention: KeyMention, region: string | undefined): boolean {
    if (mention.keyId) return index.keyIds.has(mention.keyId);
    const alias = mention.alias!;
    const where = mention.region ?? region;
    return isAwsManagedKeyAlias(alias) || index.aliases.has(aliasKey(where, alias)) || index.aliases.has(aliasKey(undefined, alias))
        || (where === undefined && [...index.aliases].some(a => a.endsWith(`|${alias}`)));
}

const UNKNOWN = Symbol("unknown");

/** Every known string of a value with its property path; an unknown part (preview) is skipped, the rest still read. */
function strings(read: () => unknown, path: string, out: Array<{ path: string; leaf: string; value: string }>, leaf = path): void {
    const value = known(read, UNKNOWN);
    if (typeof value === "string") {
        out.push({ path, leaf, value });
    } else if (Array.isArray(value)) {
        value.forEach((_, i) => strings(() => (value as unknown[])[i], `${path}[${i}]`, out, leaf));
    } else if (value !== null && typeof value === "object") {
        for (const k of known(() => Object.keys(value), [] as string[])) {
            strings(() => (value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, k);
        }
    }
}

/** The keys the stack holds (keys and aliases) and those its references to other stacks give it (its reference to itself gives nothing). */
function keyIndex(resources: PolicyResource[]): KeyIndex {
    const index: KeyIndex = { keyIds: new Set(), aliases: new Set() };
    for (const r of resources) {
        if (KEY_TYPES.includes(r.type)) {
            for (const p of ["arn", "keyId", "id"]) {
                const v = knownString(r, p);
                for (const m of v ? keyMentions(v, true) : []) add(index, m, regionOf(r));
            }
        } else if (r.type === ALIAS) {
            const name = knownString(r, "name");
            if (name) index.aliases.add(aliasKey(regionOf(r), name));
        }
    }
    for (const reference of otherStackReferences(resources)) {
        const found: Array<{ path: string; leaf: string; value: string }> = [];
        strings(() => reference.props.outputs, "", found);
        for (const f of found) for (const m of keyMentions(f.value, true)) add(index, m, undefined);
    }
    return index;
}

/** One resource's mentions of keys the stack neither holds nor is given: each key once, with the properties naming it. */
export interface UnheldKey {
    resource: PolicyResource;
    text: string;
    paths: string[];
    alias: boolean;
}

/** Every key a resource of the stack names that the stack does not hold and no referenced stack gives it. */
export function unheldKeys(resources: PolicyResource[]): UnheldKey[] {
    const index = keyIndex(resources);
    const found: UnheldKey[] = [];
    // Only AWS resources encrypt with a key; a component's outputs repeat its children's.
    for (const r of resources.filter(x => x.type.startsWith("aws:"))) {
        const region = regionOf(r);
        const values: Array<{ path: string; leaf: string; value: string }> = [];
        for (const key of known(() => Object.keys(r.props), [] as string[])) {
            strings(() => r.props[key], key, values);
        }
        const byText = new Map<string, UnheldKey>();
        for (const { path, leaf, value } of values) {
            for (const m of keyMentions(value, KEY_PROPERTY.test(leaf))) {
                if (resolves(index, m, region)) continue;
                const entry = byText.get(m.text) ?? { resource: r, text: m.text, paths: [], alias: m.alias !== undefined };
                if (!entry.paths.includes(path)) entry.paths.push(path);
                byText.set(m.text, entry);
            }
        }
        found.push(...byText.values());
    }
    return found;
}

export const kmsKeysHeld = stackPolicy({
    name: "kms-keys-held",
    description: "Every KMS key a resource of the stack names, found by value (a key or alias ARN in any property, policy documents included; an alias name; a key id in a property named for a key), " +
        "is a key or alias the stack holds, one a stack it references gives it (the stack reference's outputs: dr uses keys prod holds in us-west-2), or an AWS managed key (alias/aws/…): " +
        "a key removed from the program is scheduled for deletion while the database, its snapshots, the cross-region recovery points or the secret replicas are still encrypted under it.",
    enforcementLevel: "mandatory",
    // What it guards; it reads every resource, since any of them may name a key.
    types: [...KEY_TYPES, ALIAS],
    metadata: {
        severity: "critical",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (the database, its snapshots, the backup copies and secret replicas in us-west-2 are readable only through their keys)",
        fsbpControl: "KMS.3",
        remediationSteps: "Keep the key (and its alias) in the program while anything is encrypted under it; it is protected, so its removal also fails the deployment. " +
            "To retire a key, first move everything it encrypts to another key of the stack (a new replica or restore for RDS, a new vault for recovery points, a re-encrypted secret replica), " +
            "then remove the key once no resource names it. A key another stack holds is named through that stack's outputs (a stack reference), never pasted.",
    },
    validate: (resources, report) => {
        for (const u of unheldKeys(resources)) {
            const what = u.alias ? "an alias this stack does not hold in that region" : "a key this stack does not hold";
            report(`${u.resource.name}'s ${u.paths.slice(0, 4).join(", ")}${u.paths.length > 4 ? ", …" : ""} ${u.paths.length > 1 ? "name" : "names"} ${u.text}, ${what}, ` +
                "that no stack it references gives it and that AWS does not manage: a key removed from the program is scheduled for deletion, and once it is deleted " +
                "what is encrypted under it (this resource's data, its snapshots and copies) cannot be decrypted. Keep the key in the program until nothing names it.", u.resource.urn);
        }
    },
});
