import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import {
    CREDENTIAL_HOLDERS, CREDENTIAL_OF_TAG, CREDENTIAL_STORES, CredentialHolder, CredentialStore,
} from "../lib/facts/credentialPairs";
import { known, knownString, linker, ofType } from "../lib/stack";
import { SECRETS_MANAGER_SECRET } from "../lib/tokens";

const STORE_TYPES = Object.keys(CREDENTIAL_STORES);
const HOLDER_TYPES = Object.keys(CREDENTIAL_HOLDERS);

/** A value read for comparison: absent, unknown during preview, or known. */
const UNKNOWN = Symbol("unknown");
type Read = string | number | undefined | typeof UNKNOWN;

function read(r: PolicyResource, property: string | undefined): Read {
    if (property === undefined) {
        return undefined;
    }
    const value = known(() => r.props[property] as unknown, UNKNOWN);
    return typeof value === "string" || typeof value === "number" || value === UNKNOWN ? value : undefined;
}

/** Whether an argument is given (an unknown value will hold one). */
function given(r: PolicyResource, property: string | undefined): boolean {
    return read(r, property) !== undefined;
}

function tagOf(r: PolicyResource): string | undefined {
    const tags = known(() => (r.props.tags ?? r.props.tagsAll) as Record<string, unknown> | undefined);
    const value = tags?.[CREDENTIAL_OF_TAG];
    return typeof value === "string" ? value : undefined;
}

/** The object a JSON holder keeps, or undefined for a plain string. */
function jsonObject(value: string): Record<string, unknown> | undefined {
    try {
        const parsed = JSON.parse(value) as unknown;
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
    } catch {
        return undefined;
    }
}

interface Holder {
    resource: PolicyResource;
    shape: CredentialHolder;
    /** The secret it is a version of (its container), when it has one. */
    secret?: PolicyResource;
}

/** The holder's value: its write-only argument, else its plain twin. */
function holderValue(h: Holder): Read {
    const wo = read(h.resource, h.shape.value);
    return wo !== undefined ? wo : read(h.resource, h.shape.plain);
}

function holderName(h: Holder): string {
    const secret = h.secret ? knownString(h.secret, "name") ?? h.secret.name : undefined;
    return secret ? `${h.resource.name} (secret ${secret})` : knownString(h.resource, "name") ?? h.resource.name;
}

/**
 * Every holder of the stack, indexed the ways a store is paired with one: the tag of its secret
 * (or its own), its secret's JSON `host`, and the resource its value is written from. Built once,
 * so pairing every store stays linear in the stack's size.
 */
function holderIndex(resources: PolicyResource[]) {
    const secrets = ofType(resources, SECRETS_MANAGER_SECRET);
    const containerOf = linker(secrets, ["arn", "id", "name"]);
    const holders: Holder[] = ofType(resources, HOLDER_TYPES).map(resource => {
        const shape = CREDENTIAL_HOLDERS[resource.type];
        return { resource, shape, secret: shape.container ? containerOf(resource, shape.container)[0] : undefined };
    });
    const byTag = new Map<string, Holder[]>();
    const byHost = new Map<string, Holder[]>();
    const byResource = new Map<PolicyResource, Holder[]>();
    const writtenFrom = new Map<PolicyResource, Holder[]>();
    const add = <K>(index: Map<K, Holder[]>, key: K | undefined, h: Holder) => {
        if (key !== undefined) {
            const list = index.get(key);
            if (list) list.push(h); else index.set(key, [h]);
        }
    };
    for (const h of holders) {
        add(byTag, tagOf(h.secret ?? h.resource), h);
        const value = holderValue(h);
        const host = typeof value === "string" ? jsonObject(value)?.host : undefined;
        add(byHost, typeof host === "string" ? host : undefined, h);
        // The write-only value only: plain settings (an SSM parameter holding the endpoint) are written from the store too.
        for (const source of h.resource.propertyDependencies[h.shape.value] ?? []) {
            add(writtenFrom, source, h);
        }
        add(byResource, h.resource, h);
        add(byResource, h.secret, h);
    }
    return { byTag, byHost, byResource, writtenFrom };
}

/**
 * The holders of a store's credential: those tagged with its identity, those whose write-only
 * value is written from the store (a property dependency on it: the program builds the master
 * secret from the instance's endpoint), those whose JSON `host` is the store's (what AWS's rotation
 * functions connect to), and those the store's credential is read from.
 */
function holdersOf(store: PolicyResource, shape: CredentialStore, ix: ReturnType<typeof holderIndex>): Holder[] {
    const found = new Set<Holder>();
    for (const property of shape.identity) {
        const id = knownString(store, property);
        (id ? ix.byTag.get(id) ?? [] : []).forEach(h => found.add(h));
    }
    (ix.writtenFrom.get(store) ?? []).forEach(h => found.add(h));
    const host = shape.secretHost ? knownString(store, shape.secretHost) : undefined;
    (host ? ix.byHost.get(host) ?? [] : []).forEach(h => found.add(h));
    const sources = [shape.value, shape.plain].flatMap(p => (p && store.propertyDependencies[p]) || []);
    sources.flatMap(s => ix.byResource.get(s) ?? []).forEach(h => found.add(h));
    return [...found];
}

/** A divergence between the store's credential and one holder's copy, or undefined. */
function divergence(store: PolicyResource, shape: CredentialStore, h: Holder): string | undefined {
    const storeName = store.name;
    const storeVersion = read(store, shape.version);
    const holderVersion = read(h.resource, h.shape.version);
    if (typeof storeVersion === "number" && typeof holderVersion === "number" && storeVersion !== holderVersion) {
        const ahead = storeVersion > holderVersion ? `${storeName} (${shape.version} ${storeVersion})` : `${holderName(h)} (${h.shape.version} ${holderVersion})`;
        const behind = storeVersion > holderVersion ? `${holderName(h)} stays at ${h.shape.version} ${holderVersion}` : `${storeName} stays at ${shape.version} ${storeVersion}`;
        return `${storeName}'s ${shape.credential} and its copy in ${holderName(h)} change apart: a write-only value is written only when its version changes, ` +
            `and ${ahead} moves alone while ${behind}. The store and the secret then disagree: whatever logs in with the secret (the application, the ` +
            "rotation function, maintenance functions) is refused, at once or at its next restart. Raise both versions together.";
    }
    const stored = read(store, shape.value) ?? read(store, shape.plain);
    const copy = holderValue(h);
    if (typeof stored !== "string" || typeof copy !== "string") {
        return undefined; // Absent from the state (write-only) or unknown during preview: can't judge the value.
    }
    let kept: unknown = copy;
    if (shape.secretKey) {
        const object = jsonObject(copy);
        if (object === undefined || !(shape.secretKey in object)) {
            return `${holderName(h)} holds ${storeName}'s ${shape.credential} but not as the JSON key "${shape.secretKey}" its readers take it from ` +
                `(AWS's rotation functions read {engine, host, port, username, password, dbname}): nothing can log in with it.`;
        }
        kept = object[shape.secretKey];
        const wrong = connectionProblem(store, shape, object);
        if (wrong) {
            return `${holderName(h)} holds ${storeName}'s ${shape.credential}, but ${wrong}: AWS's rotation function and every reader of the secret log in where and as whom it says, ` +
                "so each rotation fails (and the maintenance functions with it). Write the store's own values (its outputs) into the secret.";
        }
    }
    if (kept !== stored) {
        return `${storeName}'s ${shape.credential} differs from the copy ${holderName(h)} writes${shape.secretKey ? ` under "${shape.secretKey}"` : ""}: ` +
            "whatever logs in with the secret (the application, the rotation function, maintenance functions) is refused. Write one generated value to both.";
    }
    return undefined;
}

/** Where the JSON secret's login differs from the store's (its host, port, user, database), or undefined. */
function connectionProblem(store: PolicyResource, shape: CredentialStore, object: Record<string, unknown>): string | undefined {
    const wrong: string[] = [];
    for (const [key, property] of Object.entries(shape.connection ?? {})) {
        const expected = read(store, property);
        if (expected === UNKNOWN || expected === undefined) continue;
        const given = object[key];
        if (given === undefined) {
            if (key === "username" || key === "host") wrong.push(`it has no "${key}" (the store's is ${expected})`);
        } else if (String(given) !== String(expected)) {
            wrong.push(`its "${key}" is ${String(given)}, the store's ${property} ${expected}`);
        }
    }
    return wrong.length > 0 ? wrong.join("; ") : undefined;
}

/** Holders beside a store that keeps its credential in its own managed secret: they go stale at once. */
function managedBeside(store: PolicyResource, shape: CredentialStore, ix: ReturnType<typeof holderIndex>): Holder[] {
    return shape.managedBy !== undefined && known(() => store.props[shape.managedBy!] as unknown) === true
        ? holdersOf(store, shape, ix) : [];
}

/** The store's change strategy, when it drops the previous credential at once. */
function strategyProblem(store: PolicyResource, shape: CredentialStore): string | undefined {
    const strategy = shape.changeStrategy;
    if (!strategy) {
        return undefined;
    }
    const value = read(store, strategy.argument);
    if (value === UNKNOWN) {
        return undefined;
    }
    const effective = String(value ?? strategy.whenOmitted).toUpperCase();
    if (strategy.keepsPrevious.includes(effective)) {
        return undefined;
    }
    return `${store.name}'s ${strategy.argument} is ${effective}: at the next ${shape.credential} change the previous ${shape.credential} stops working at once ` +
        `(only ${strategy.keepsPrevious.join(" or ")} keeps it valid beside the new one), so every running client that holds it, such as tasks started ` +
        `before the deploy, is refused until it restarts. Use ${strategy.keepsPrevious[0]}.`;
}

export const secretsCredentialPairs = stackPolicy({
    name: "secrets-credential-pairs",
    description: "A data store's credential (an RDS master password, an ElastiCache AUTH token, any write-only credential of a store in policy/lib/facts/credentialPairs.ts) " +
        "is held by a secret of the stack and changes together with it: same version, same value, a JSON secret's login (host, port, username, database) that of the store, one owner (not a secret RDS manages beside the stack's), and a change strategy that keeps the previous credential valid for running clients.",
    enforcementLevel: "mandatory",
    types: [...STORE_TYPES, ...HOLDER_TYPES, ...SECRETS_MANAGER_SECRET],
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (database passwords)",
        remediationSteps: `Generate one value and pass it to the store's write-only argument and to the secret's version with the same version number, raising both together ` +
            `(expertconnect:cache.authTokenVersion, masterSecret.passwordVersion); tag the secret ${CREDENTIAL_OF_TAG}=<the store's identifier>; ` +
            "change an ElastiCache AUTH token with authTokenUpdateStrategy ROTATE.",
    },
    validate: (resources, report) => {
        const all = ofType(resources, STORE_TYPES).map(store => ({ store, shape: CREDENTIAL_STORES[store.type] }));
        // The version too: the deployed state never holds a write-only value, only its version.
        const stores = all.filter(({ store, shape }) => given(store, shape.value) || given(store, shape.version) || given(store, shape.plain));
        if (all.length === 0) {
            return;
        }
        const ix = holderIndex(resources);
        for (const { store, shape } of all) {
            for (const h of managedBeside(store, shape, ix)) {
                report(`${store.name} keeps its ${shape.credential} in a secret RDS manages (${shape.managedBy}: true), and RDS resets it there, while ${holderName(h)} still holds the stack's copy: ` +
                    "the secret the rotation function and the maintenance functions log in with goes stale at once. Keep one owner: the stack's write-only password and its secret, or the managed secret and every reader pointed at it.", store.urn);
            }
        }
        for (const { store, shape } of stores) {
            const strategy = strategyProblem(store, shape);
            if (strategy) {
                report(strategy, store.urn);
            }
            const holders = holdersOf(store, shape, ix);
            if (holders.length === 0 && (given(store, shape.value) || given(store, shape.version))) {
                report(`${store.name}'s ${shape.credential} is write-only and no secret of the stack holds it (one tagged ${CREDENTIAL_OF_TAG}=` +
                    `${shape.identity.map(p => knownString(store, p)).find(Boolean) ?? "<its identifier>"}, one written from the store, or a JSON secret naming its host): ` +
                    "nothing can log in with it or rotate it, and its only copy is Pulumi's encrypted input.", store.urn);
            }
            for (const h of holders) {
                const problem = divergence(store, shape, h);
                if (problem) {
                    report(problem, store.urn);
                }
            }
        }
    },
});
