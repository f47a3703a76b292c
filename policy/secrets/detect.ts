/**
 * Judges whether a plain value holds a secret: by its format (secretlint's recommended rules and
 * the pack's own, formats.ts), by looking random (entropy.ts), inside base64 text (user data),
 * and only then, weakly, by the name it is given (names.ts). Messages name the reason, never
 * the value.
 */
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";

import { looksLikeCredential, looksRandom, PASSWORD_MIN_LENGTH } from "./entropy";
import { isUrlWithoutCredentials, knownFormat, publicByName, withoutPublicMaterial } from "./formats";
import { browserExposed, couldBeCredential, nameSaysDigest, nameSaysKey, nameSaysSecret } from "./names";

/** A named plain value that reaches a resource input (a variable, a parameter, an argument). */
export interface Candidate {
    /** The variable's, parameter's or flag's name, when it has one. */
    name?: string;
    value: string;
}

const SECRETLINT_CONFIG = { rules: [{ id: recommended.meta.id, rule: recommended }] };

/**
 * Verdicts already reached, by text. The same values come back (the state pass judges outputs
 * that repeat the inputs; a long-lived pack sees one stack many times), and each lint costs more
 * than its rules: secretlint's profiler keeps every mark it ever made and scans them per lint.
 * Bounded, oldest first out, so a long-lived process does not grow with it.
 */
const linted = new Map<string, Promise<string | undefined>>();
const LINTED_MAX = 20000;

/** The rule of secretlint's recommended preset that `text` trips, if any. */
function secretlintRule(text: string): Promise<string | undefined> {
    let verdict = linted.get(text);
    if (verdict === undefined) {
        verdict = lintOnce(text);
        if (linted.size >= LINTED_MAX) {
            linted.delete(linted.keys().next().value!);
        }
        linted.set(text, verdict);
    }
    return verdict;
}

async function lintOnce(text: string): Promise<string | undefined> {
    const result = await lintSource({
        source: { content: text, filePath: "/value", ext: "", contentType: "text" },
        options: { config: SECRETLINT_CONFIG as never },
    });
    const rule = result.messages[0]?.ruleId;
    return rule?.replace(/^@secretlint\/secretlint-rule-/, "secretlint ");
}

/** Text that base64-decodes to readable text (user data, an encoded config file), decoded. */
function decodedText(value: string): string | undefined {
    const compact = value.replace(/\s+/g, "");
    if (compact.length < 16 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        return undefined;
    }
    const text = Buffer.from(compact, "base64").toString("utf8");
    // Readable means no replacement characters and almost no control characters.
    const unreadable = (text.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g) ?? []).length;
    return unreadable === 0 ? text : undefined;
}

/**
 * `name=value`, `name: value`, `--name value` and `--name=value` pairs inside a document,
 * outside comment lines (prose such as "# reads the secret: the …" is not an assignment), and the
 * password of `-u user:password` / `--user user:password` (curl's basic authentication).
 */
function embeddedPairs(document: string): Candidate[] {
    const text = document.split("\n").filter(line => !/^\s*(?:#|\/\/)/.test(line)).join("\n");
    const pairs: Candidate[] = [];
    // A flag written with "=" (`--db-password=…`) is an assignment whose name follows its dashes.
    const assignment = /(?:^|[\s;&|'"{,(])(?:export\s+|--?)?([A-Za-z_][\w.-]*)["']?\s*(?:=|:\s)\s*["']?([^\s"',;}]+)/g;
    const flag = /(?:^|\s)--?([A-Za-z][\w-]*)\s+["']?([^\s"'-][^\s"']*)/g;
    for (const m of [...text.matchAll(assignment), ...text.matchAll(flag)]) {
        pairs.push({ name: m[1], value: m[2] });
    }
    for (const m of text.matchAll(/(?:^|\s)(?:-u|--user)[\s=]+["']?[^\s:"']*:([^\s"']+)/g)) {
        pairs.push({ name: "--user password", value: m[1] });
    }
    return pairs;
}

/**
 * The named string leaves of a JSON document (a settings blob in one variable), each under its
 * own key; undefined when `text` is not a JSON object or array. Compact JSON has no `key: value`
 * spacing, so embeddedPairs cannot see its pairs.
 */
function jsonLeaves(text: string): Candidate[] | undefined {
    const trimmed = text.trim();
    if (!/^[[{]/.test(trimmed)) {
        return undefined;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(trimmed);
    } catch {
        return undefined;
    }
    const leaves: Candidate[] = [];
    const walk = (node: unknown, name: string | undefined): void => {
        if (typeof node === "string") {
            leaves.push({ name, value: node });
        } else if (Array.isArray(node)) {
            node.forEach(item => walk(item, name));
        } else if (node !== null && typeof node === "object") {
            Object.entries(node).forEach(([key, value]) => walk(value, leafName(node as Record<string, unknown>, key)));
        }
    };
    walk(parsed, undefined);
    return leaves;
}

/**
 * The name a value goes by inside an object: its key, or, for the `value` of a `{ name, value }`
 * or `{ key, value }` entry (ECS and CodeBuild variables, list-form tags, Beanstalk settings),
 * that entry's name.
 */
export function leafName(parent: Record<string, unknown>, key: string): string {
    if (/^value$/i.test(key)) {
        const entry = Object.entries(parent).find(([k, v]) => /^(?:name|key)$/i.test(k) && typeof v === "string");
        if (entry) {
            return entry[1] as string;
        }
    }
    return key;
}

/**
 * The tokens of a value long enough to be judged by entropy: the value itself when it has no
 * white space or JSON punctuation (a password may contain any other punctuation), and its parts
 * between separators.
 */
function tokensOf(text: string): string[] {
    const whole = /[\s"{}[\]]/.test(text.trim()) ? [] : [text.trim()];
    const parts = text.split(/[\s"'`=,;()[\]{}<>|&\\]+/);
    return [...new Set([...whole, ...parts])].filter(t => t.length >= PASSWORD_MIN_LENGTH);
}

/** Why a value (with no name) holds a secret, by format or randomness. */
async function byValue(value: string, nameHint?: string): Promise<string | undefined> {
    const format = knownFormat(value);
    if (format) {
        return `has the format of ${format.name}`;
    }
    const rule = await secretlintRule(value);
    if (rule) {
        return `matches ${rule}`;
    }
    const decoded = decodedText(value);
    if (decoded !== undefined) {
        const inner = await findSecret({ value: decoded });
        return inner === undefined ? undefined : `base64-encoded text that ${inner}`;
    }
    const digestName = nameHint !== undefined && nameSaysDigest(nameHint);
    const random = tokensOf(value).find(t => looksRandom(t) && !(digestName && /^[0-9a-f]+$/i.test(t)));
    if (random) {
        return `contains a ${random.length}-character random-looking string`;
    }
    return undefined;
}

/**
 * Why `candidate` holds a secret, or undefined when it does not appear to. Pure apart from
 * secretlint's asynchronous API.
 */
export async function findSecret(candidate: Candidate): Promise<string | undefined> {
    const reason = await secretReason(candidate);
    return reason !== undefined && candidate.name !== undefined && browserExposed(candidate.name)
        ? `${reason}, and its name's prefix has the front-end build inline it into the JavaScript every browser downloads`
        : reason;
}

/** Why the value holds a secret, before the note on a browser-bound name. */
async function secretReason(candidate: Candidate): Promise<string | undefined> {
    const name = candidate.name;
    const value = withoutPublicMaterial(candidate.value);
    if (value.trim() === "" || publicByName(name, value)) {
        return undefined;
    }
    const found = await byValue(value, name);
    if (found) {
        return found;
    }
    for (const leaf of jsonLeaves(value) ?? []) {
        const inner = await findSecret(leaf);
        if (inner) {
            return `is a JSON document whose ${leaf.name ?? "value"} ${inner}`;
        }
    }
    for (const pair of value.includes("\n") || /\s/.test(value.trim()) ? embeddedPairs(value) : []) {
        if (nameSaysSecret(pair.name!) && couldBeCredential(pair.value) && !isUrlWithoutCredentials(pair.value)) {
            return `sets ${pair.name}, whose name says it holds a credential, to a literal value`;
        }
    }
    if (name !== undefined && nameSaysSecret(name) && couldBeCredential(value) && !isUrlWithoutCredentials(value)) {
        return "is named like a credential and holds a literal value, not a reference";
    }
    return undefined;
}

/**
 * Words written one after the other in prose, as name and value ("old pw Xy7#…", "token is
 * Xy7#…"), stripped of the punctuation around them; only meaningful where the value must also
 * look like a credential.
 */
function prosePairs(text: string): Candidate[] {
    const words = text.split(/\s+/).map(w => w.replace(/^[("'`]+|[)"'`,.;:]+$/g, ""));
    const pairs: Candidate[] = [];
    for (let i = 0; i < words.length - 1; i++) {
        const next = /^(?:is|was|=|:)$/i.test(words[i + 1]) ? i + 2 : i + 1;
        if (next < words.length) {
            pairs.push({ name: words[i], value: words[next] });
        }
    }
    return pairs;
}

/**
 * Whether a value named like a credential also looks like one: under a credential's name
 * (nameSaysSecret), a single token that mixes character classes or looks random; under a key's
 * name (nameSaysKey), a random-looking token.
 */
function namedCredential({ name, value }: Candidate): boolean {
    const token = value.trim();
    if (name === undefined || !couldBeCredential(token) || isUrlWithoutCredentials(token)) {
        return false;
    }
    return nameSaysSecret(name) ? looksLikeCredential(token) : nameSaysKey(name) && looksRandom(token);
}

/**
 * Why an input that is not judged in full (a description, a tag, an event's payload, a document,
 * a command's environment) holds a credential, or undefined: a known format, a base64 input
 * (named `…Base64`) whose text holds one, or a credential's name given to a value that also looks
 * like a credential: the input's own name, a JSON leaf's key, a `name=value`, `--flag value` or
 * `-u user:password` inside it, or a word in prose. Synchronous, to run over every input.
 */
export function findCredentialInInput(candidate: Candidate): string | undefined {
    const value = withoutPublicMaterial(candidate.value);
    if (value.trim() === "" || publicByName(candidate.name, value)) {
        return undefined;
    }
    const format = knownFormat(value);
    if (format) {
        return `has the format of ${format.name}`;
    }
    if (candidate.name !== undefined && /base64$/i.test(candidate.name)) {
        const decoded = decodedText(value);
        const inner = decoded === undefined ? undefined : findCredentialInInput({ value: decoded });
        if (inner) {
            return `is base64-encoded text that ${inner}`;
        }
    }
    if (namedCredential({ name: candidate.name, value })) {
        return "is named like a credential and holds one, not a reference";
    }
    for (const leaf of jsonLeaves(value) ?? []) {
        const inner = findCredentialInInput(leaf);
        if (inner) {
            return `is a JSON document whose ${leaf.name ?? "value"} ${inner}`;
        }
    }
    const pair = [...embeddedPairs(value), ...prosePairs(value)].find(namedCredential);
    return pair ? `sets ${pair.name}, whose name says it holds a credential, to a literal value` : undefined;
}
