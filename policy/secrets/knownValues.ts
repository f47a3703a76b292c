/**
 * Secrets judged by value: the stack itself holds secrets (a generated database password, the
 * cache AUTH token, a secret version's value, a SecureString parameter), and their values are
 * known to the analysis. Wherever else such a value appears, under any name and in any shape
 * (an environment variable, a tag, a URL inside a command, a dashboard's markdown), it leaks:
 * no format or name is needed to recognise it.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep } from "../lib/stack";
import { looksLikeCredential, PASSWORD_MIN_LENGTH } from "./entropy";
import { couldBeCredential } from "./names";
import { SECRET_SINK, SECRET_SINKS_BY_TYPE, SSM_PARAMETER, stringInputs } from "./sources";

/** Where the stack keeps a secret: the resource and input, for messages (never the value). */
type Holder = string;

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/** A resource's top-level inputs, each read on its own so that one unknown hides only itself. */
function knownInputs(resource: PolicyResource): [string, unknown][] {
    return Object.keys(resource.props).map(key => [key, knownDeep(() => resource.props[key])] as [string, unknown])
        .filter(([, value]) => value !== undefined);
}

/** Whether the input `key` of a resource holds a secret's value rather than configuration. */
function holdsSecret(type: string, props: Record<string, unknown>, key: string): boolean {
    if (type === SSM_PARAMETER) {
        return props.type === "SecureString" && (key === "value" || SECRET_SINK.test(key));
    }
    if (type === RANDOM_PASSWORD) {
        return key === "result";
    }
    return SECRET_SINK.test(key) || (SECRET_SINKS_BY_TYPE[type] ?? []).includes(key);
}

/**
 * The credential-like strings inside a secret's value: the value itself, or the leaves of a JSON
 * one (a database secret's password, not its host or port). Only strings that could be a
 * credential count: from PASSWORD_MIN_LENGTH characters, no public shape, mixing character classes
 * or random-looking, so that a placeholder ("not-configured") or a user name matches nothing.
 */
export function credentialsIn(value: unknown): string[] {
    let node = value;
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
        try {
            node = JSON.parse(value);
        } catch {
            node = value;
        }
    }
    const found: string[] = [];
    const walk = (v: unknown, depth: number): void => {
        if (typeof v === "string") {
            const token = v.trim();
            if (token.length >= PASSWORD_MIN_LENGTH && couldBeCredential(token) && looksLikeCredential(token)) {
                found.push(token);
            }
        } else if (depth < 8 && typeof v === "object" && v !== null) {
            Object.values(v).forEach(child => walk(child, depth + 1));
        }
    };
    walk(node, 0);
    return found;
}

/** A resource with its known top-level inputs, read once per analysis. */
interface ReadResource {
    resource: PolicyResource;
    inputs: [string, unknown][];
}

/** Every secret value the stack holds, with the first place that holds it. */
export function knownSecrets(read: ReadResource[]): Map<string, Holder> {
    const secrets = new Map<string, Holder>();
    for (const { resource, inputs } of read) {
        const props = Object.fromEntries(inputs);
        for (const [key, value] of inputs.filter(([k]) => holdsSecret(resource.type, props, k))) {
            for (const secret of credentialsIn(value)) {
                if (!secrets.has(secret)) {
                    secrets.set(secret, `${resource.name}'s ${key}`);
                }
            }
        }
    }
    return secrets;
}

/** The holder of the first known secret `text` contains, or undefined. */
export function knownSecretIn(text: string, secrets: Map<string, Holder>): Holder | undefined {
    for (const [secret, holder] of secrets) {
        if (text.includes(secret)) {
            return holder;
        }
    }
    return undefined;
}

export const secretsKnownValues = stackPolicy({
    name: "secrets-known-values",
    description: "No input carries the value of a secret the stack holds (a write-only or secret input: a generated password, an AUTH " +
        "token, a secret version's value, a SecureString or random password), whole or inside a longer text, whatever the input is named.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (API keys, JWT secret keys)",
        fsbpControl: undefined,
        remediationSteps: "Pass the secret's ARN (ECS task definition `secrets`, a Lambda reading Secrets Manager at run time) instead of its " +
            "value; then rotate the secret, since its value is in the state and the deployed configuration.",
    },
    validate: (resources, report) => {
        const read = resources.map(resource => ({ resource, inputs: knownInputs(resource) }));
        const secrets = knownSecrets(read);
        if (secrets.size === 0) {
            return;
        }
        for (const { resource, inputs } of read) {
            const props = Object.fromEntries(inputs);
            // The holders themselves are left out: a secret's value belongs in its write-only inputs.
            const others = Object.fromEntries(inputs.filter(([key]) => !holdsSecret(resource.type, props, key)));
            for (const { path, value } of stringInputs(others, resource.type)) {
                const holder = knownSecretIn(value, secrets);
                if (holder !== undefined) {
                    report(`input ${path} carries the value of the secret in ${holder}; pass a reference to the secret instead, and rotate it.`, resource.urn);
                }
            }
        }
    },
});
