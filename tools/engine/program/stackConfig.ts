import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../errors";

/** Config as the Pulumi CLI hands it to a program (PULUMI_CONFIG): `ns:key` → string. */
export interface ProgramConfig {
    values: Record<string, string>;
    /** Keys holding `secure:` values (PULUMI_CONFIG_SECRET_KEYS). */
    secretKeys: string[];
}

/** Parses YAML; the parser loads on first use so that processes can be started before it. */
function parseYaml(text: string): any {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("yaml") as typeof import("yaml")).parse(text);
}

/** The project's `Pulumi.yaml`: name and program entry point. */
export interface ProjectFile {
    name: string;
    /** Absolute path of what to `require` (the directory itself unless `main` says otherwise). */
    main: string;
}

export function readProject(dir: string): ProjectFile {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) {
        throw new UsageError(`no Pulumi.yaml in ${dir}`);
    }
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { name?: string; main?: string };
    if (!doc?.name) {
        throw new UsageError(`${file}: "name" is required`);
    }
    return { name: doc.name, main: path.resolve(dir, doc.main ?? ".") };
}

/** `network` → `project:network`; keys with a namespace are kept. */
export function qualifyKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function containsSecure(v: unknown): boolean {
    if (typeof v !== "object" || v === null) {
        return false;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === "secure") {
        return true;
    }
    return entries.some(([, x]) => containsSecure(x));
}

/**
 * Offline there is no key to decrypt `secure:` values: each is replaced by a placeholder
 * and its key marked secret, so the program still sees a secret string.
 */
function withoutCiphertext(v: unknown, key: string): unknown {
    if (typeof v !== "object" || v === null) {
        return v;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === "secure") {
        return `offline-secret-for-${key}`;
    }
    if (Array.isArray(v)) {
        return v.map((x) => withoutCiphertext(x, key));
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, withoutCiphertext(x, key)]));
}

/** A config value as the CLI passes it: strings as-is, scalars as text, structures as JSON. */
export function encodeValue(v: unknown): string {
    if (typeof v === "string") {
        return v;
    }
    if (typeof v === "object" && v !== null) {
        return JSON.stringify(v);
    }
    return String(v);
}

/** Converts a stack file's `config:` map into the program's config. */
export function programConfig(config: Record<string, unknown>, project: string): ProgramConfig {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries(config ?? {})) {
        const key = qualifyKey(rawKey, project);
        if (containsSecure(value)) {
            secretKeys.push(key);
        }
        values[key] = encodeValue(withoutCiphertext(value, key));
    }
    return { values, secretKeys };
}

/** Reads `Pulumi.<stack>.yaml` from the project directory. */
export function readStackFile(dir: string, stack: string, project: string): ProgramConfig {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new UsageError(`no stack file ${file} for stack "${stack}"`);
    }
    let doc: { config?: Record<string, unknown> } | null;
    try {
        doc = parseYaml(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new UsageError(`${file}: invalid YAML: ${(err as Error).message}`);
    }
    return programConfig(doc?.config ?? {}, project);
}
