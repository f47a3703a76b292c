/**
 * Key separation by purpose: a data store (policy/lib/facts/dataKeys.ts) is encrypted with the
 * key its owner made for its data. Judged by value, as KMS resolves it: the key ARN, key id,
 * alias name or alias ARN an input holds is resolved to a key of the stack (an alias to the key it
 * targets), and it must be the one the fact names; an alias of the wrong key, another stack's key
 * or an AWS managed key (`alias/aws/rds`) is refused as much as the wrong ARN. A value not known
 * yet (preview) is judged by the key its input depends on.
 */
import { PolicyResource } from "@pulumi/policy";

import { dataKeyName, KEYED_DATA_STORES } from "../lib/facts/dataKeys";
import { knownDeep } from "../lib/stack";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

/** One input that names a key other than the one made for its data. */
export interface WrongDataKey {
    store: PolicyResource;
    /** The input, e.g. `kmsKeyId` or `rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId`. */
    field: string;
    /** What the input holds (a reference, never a secret), or the key it depends on in preview. */
    value: string;
    /** The key of the stack the value resolves to, when it is one. */
    actual?: PolicyResource;
    /** The key made for the store's data. */
    expected: PolicyResource;
}

/** The (field, value) pairs of a dotted path with `[]` steps (a list's items, indexed in the field). */
export function valuesAt(value: unknown, path: string, prefix = ""): Array<{ field: string; value: unknown }> {
    const [step, ...rest] = path.split(".");
    if (step === undefined || step === "") return [{ field: prefix, value }];
    const join = (s: string) => (prefix ? `${prefix}.${s}` : s);
    if (step.endsWith("[]")) {
        const name = step.slice(0, -2);
        const list = (value as Record<string, unknown> | undefined)?.[name];
        return Array.isArray(list) ? list.flatMap((item, i) => valuesAt(item, rest.join("."), join(`${name}[${i}]`))) : [];
    }
    const next = value && typeof value === "object" ? (value as Record<string, unknown>)[step] : undefined;
    return rest.length === 0 ? [{ field: join(step), value: next }] : valuesAt(next, rest.join("."), join(step));
}

/** The stack's keys by every value that names them (ARN, key id, physical id; aliases by name and ARN). */
function keyIndex(resources: PolicyResource[]): { byValue: Map<string, PolicyResource>; byName: Map<string, PolicyResource[]>; byUrn: Map<string, PolicyResource> } {
    const byValue = new Map<string, PolicyResource>();
    const byName = new Map<string, PolicyResource[]>();
    const byUrn = new Map<string, PolicyResource>();
    const keys = resources.filter((r) => r.type === KEY);
    for (const k of keys) {
        const p = knownDeep(() => ({ arn: k.props.arn, keyId: k.props.keyId }), {}) as { arn?: string; keyId?: string };
        for (const v of [p.arn, p.keyId]) if (typeof v === "string" && v) byValue.set(v, k);
        byName.set(k.name, [...(byName.get(k.name) ?? []), k]);
        byUrn.set(k.urn, k);
    }
    for (const a of resources.filter((r) => r.type === ALIAS)) {
        const p = knownDeep(() => ({ arn: a.props.arn, name: a.props.name, target: a.props.targetKeyId }), {}) as { arn?: string; name?: string; target?: string };
        const key = typeof p.target === "string" ? byValue.get(p.target) : undefined;
        if (!key) continue;
        for (const v of [p.arn, p.name]) if (typeof v === "string" && v) byValue.set(v, key);
        byUrn.set(a.urn, key);
    }
    return { byValue, byName, byUrn };
}

/** Whether `ancestor` is among a resource's ancestors. */
function under(r: PolicyResource, ancestor: string | undefined): boolean {
    for (let p = r.parent; p && ancestor; p = p.parent) if (p.urn === ancestor) return true;
    return false;
}

/** The key made for a store's data: `dataKeyName` of the store, else of its nearest ancestor that has one. */
function purposeKey(store: PolicyResource, byName: Map<string, PolicyResource[]>): PolicyResource | undefined {
    for (let owner: PolicyResource | undefined = store; owner; owner = owner.parent) {
        const keys = byName.get(dataKeyName(owner.name)) ?? [];
        // Several keys of that name (same-named components elsewhere): the one made beside the store.
        const o = owner;
        if (keys.length > 0) return keys.find((k) => under(k, o.urn) || under(k, o.parent?.urn)) ?? keys[0];
    }
    return undefined;
}

/** Every input of a data store that names a key other than the one made for its data. */
export function wrongDataKeys(resources: PolicyResource[]): WrongDataKey[] {
    const stores = resources.filter((r) => KEYED_DATA_STORES[r.type] !== undefined);
    if (stores.length === 0) return [];
    const { byValue, byName, byUrn } = keyIndex(resources);
    return stores.flatMap((store) => {
        const expected = purposeKey(store, byName);
        if (!expected) return [];
        return KEYED_DATA_STORES[store.type].flatMap((path): WrongDataKey[] => {
            const top = path.split(/[.[]/)[0];
            const props = knownDeep(() => ({ [top]: store.props[top] }), undefined);
            if (props === undefined) {
                // Not known yet: the key the input is made from, when it depends on one.
                const from = (store.propertyDependencies?.[top] ?? []).map((d) => byUrn.get(d.urn)).filter((k): k is PolicyResource => k !== undefined);
                return from.length > 0 && !from.includes(expected) ? [{ store, field: top, value: `the key ${from[0].name}`, actual: from[0], expected }] : [];
            }
            return valuesAt(props, path).flatMap(({ field, value }) => {
                if (typeof value !== "string" || value === "") return [];
                const actual = byValue.get(value);
                return actual === expected ? [] : [{ store, field, value, actual, expected }];
            });
        });
    });
}

/** One violation message: the input, what it names, and the key to name instead. */
export function describeWrongDataKey(w: WrongDataKey): string {
    const expectedArn = knownDeep(() => w.expected.props.arn as string | undefined, undefined);
    const names = w.actual ? `${w.value}, the key ${w.actual.name} (made for other data)` : `${w.value}, which is not a key of this stack`;
    return `${w.store.name}'s ${w.field} names ${names}: its data must be encrypted with the key made for it, ${w.expected.name}${expectedArn ? ` (${expectedArn})` : ""}, ` +
        "whose policy, grants and deletion serve that data alone; name that key (its ARN, id or alias).";
}

/** A key of the stack that a store's input names. */
export interface KeyOfStore {
    store: PolicyResource;
    /** The input, e.g. `kmsKeyId` or `replicas[0].kmsKeyId`. */
    field: string;
    key: PolicyResource;
}

/**
 * The keys of the stack that the stores' inputs at `inputs` (type → dotted paths, `[]` walks a
 * list) name, resolved as KMS does (ARN, key id, alias name or ARN); a value not known yet
 * (preview) by the key its input depends on. Values naming no key of the stack are left out.
 */
export function keysOfStores(resources: PolicyResource[], inputs: Readonly<Record<string, readonly string[]>>): KeyOfStore[] {
    const stores = resources.filter((r) => inputs[r.type] !== undefined);
    if (stores.length === 0) return [];
    const { byValue, byUrn } = keyIndex(resources);
    return stores.flatMap((store) => inputs[store.type].flatMap((path): KeyOfStore[] => {
        const top = path.split(/[.[]/)[0];
        const props = knownDeep(() => ({ [top]: store.props[top] }), undefined);
        if (props === undefined) {
            return (store.propertyDependencies?.[top] ?? []).map((d) => byUrn.get(d.urn)).filter((k): k is PolicyResource => k !== undefined)
                .map((key) => ({ store, field: top, key }));
        }
        return valuesAt(props, path).flatMap(({ field, value }) => {
            const key = typeof value === "string" ? byValue.get(value) : undefined;
            return key ? [{ store, field, key }] : [];
        });
    }));
}
