import { UsageError } from "../errors";
import { isSecret, SIG_KEY } from "../wire";

/**
 * Checks a deployment export's shape before anything reads it, so a malformed file gets one
 * line per problem naming the file, the resource's index and the field (what to change),
 * instead of a JavaScript error from deep inside the engine. The shape is the CLI's
 * (apitype.DeploymentV3, ResourceV3 and the property-value encoding of secrets).
 */

const MAX_PROBLEMS = 20;

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === "string";
const isBoolean: Check = (v) => typeof v === "boolean";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList: Check = (v) => Array.isArray(v) && v.every(isString);

/** Optional fields of a resource and what each must be when present. */
const FIELDS: Record<string, [Check, string]> = {
    id: [isString, "a string"],
    parent: [isString, "a URN string"],
    provider: [isString, "a provider reference URN::ID"],
    custom: [isBoolean, "true or false"],
    delete: [isBoolean, "true or false"],
    protect: [isBoolean, "true or false"],
    retainOnDelete: [isBoolean, "true or false"],
    external: [isBoolean, "true or false"],
    deleteBeforeReplace: [isBoolean, "true or false"],
    dependencies: [isStringList, "an array of URN strings"],
    ignoreChanges: [isStringList, "an array of property paths"],
    replaceOnChanges: [isStringList, "an array of property paths"],
    additionalSecretOutputs: [isStringList, "an array of property names"],
    aliases: [isStringList, "an array of URN strings"],
    deletedWith: [isString, "a URN string"],
    propertyDependencies: [(v) => isObject(v) && Object.values(v).every(isStringList), "an object of property name to URN array"],
    customTimeouts: [(v) => isObject(v) && Object.values(v).every((t) => typeof t === "number" && t >= 0), "an object of create/update/delete seconds"],
    inputs: [isObject, "an object of property values"],
    outputs: [isObject, "an object of property values"],
};

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`: its type (last `$` part), or undefined. */
function urnType(urn: string): string | undefined {
    const [head, project, type, ...name] = urn.split("::");
    const ok = /^urn:pulumi:[^:]+$/.test(head) && !!project && !!type && name.join("::") !== "";
    return ok ? type.split("$").pop() : undefined;
}

function show(v: unknown): string {
    if (v === undefined) return "nothing";
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Problems with the secrets inside a property value, by property path. */
function secretProblems(value: unknown, path: string): string[] {
    if (Array.isArray(value)) return value.flatMap((x, i) => secretProblems(x, `${path}[${i}]`));
    if (!isObject(value)) return [];
    if (SIG_KEY in value && !isSecret(value)) return [];
    if (isSecret(value)) {
        if (typeof value.ciphertext === "string") return [];
        if (typeof value.plaintext !== "string") {
            return [`${path}: a secret needs "ciphertext" or "plaintext" (a JSON string); got ${show(value)}`];
        }
        try {
            JSON.parse(value.plaintext);
        } catch {
            return [`${path}: a secret's "plaintext" must hold JSON text (e.g. "\\"value\\""); got ${show(value.plaintext)}`];
        }
        return [];
    }
    return Object.entries(value).flatMap(([k, x]) => secretProblems(x, `${path}.${k}`));
}

/** Problems of one resource entry, without the file and index prefix. */
function resourceProblems(r: unknown): string[] {
    if (!isObject(r)) return [`expected a resource object, got ${show(r)}`];
    const problems: string[] = [];
    if (typeof r.urn !== "string") {
        problems.push(`"urn" is ${show(r.urn)}; allowed: a string urn:pulumi:<stack>::<project>::<type>::<name>`);
    } else if (urnType(r.urn) === undefined) {
        problems.push(`"urn" ${show(r.urn)} is not a URN; allowed: urn:pulumi:<stack>::<project>::<type>::<name>`);
    }
    if (typeof r.type !== "string" || r.type === "") {
        problems.push(`"type" is ${show(r.type)}; allowed: a type token such as aws:s3/bucket:Bucket`);
    } else if (typeof r.urn === "string" && urnType(r.urn) !== undefined && urnType(r.urn) !== r.type) {
        problems.push(`"type" ${show(r.type)} differs from the type in its urn (${urnType(r.urn)})`);
    }
    for (const [field, [check, allowed]] of Object.entries(FIELDS)) {
        if (r[field] !== undefined && r[field] !== null && !check(r[field])) {
            problems.push(`"${field}" is ${show(r[field])}; allowed: ${allowed}`);
        }
    }
    for (const field of ["inputs", "outputs"] as const) {
        if (isObject(r[field])) problems.push(...secretProblems(r[field], field));
    }
    return problems;
}

/**
 * Throws a UsageError (exit code 2) listing what is wrong with an export, one line per
 * problem as `FILE: resources[i] (URN): what`, or returns when it can be read.
 */
export function validateDeployment(json: unknown, file: string): void {
    const doc = json as { version?: unknown; deployment?: { resources?: unknown } };
    if (!isObject(doc) || doc.version !== 3 || !isObject(doc.deployment)) {
        throw new UsageError(`${file}: not a deployment export; allowed: {"version": 3, "deployment": {"resources": [...]}} as \`pulumi stack export\` writes it`);
    }
    const resources = doc.deployment.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new UsageError(`${file}: deployment.resources is ${show(resources)}; allowed: an array of resources`);
    }
    const problems: string[] = [];
    // Live resources by URN (one pending deletion may share a URN with its replacement).
    const liveIndex = new Map<string, number>();
    resources.forEach((r, i) => {
        const urn = isObject(r) && typeof r.urn === "string" ? r.urn : undefined;
        const where = `${file}: resources[${i}]${urn ? ` (${urn})` : ""}`;
        problems.push(...resourceProblems(r).map((p) => `${where}: ${p}`));
        if (urn === undefined) return;
        if (isObject(r) && r.delete === true) return;
        const earlier = liveIndex.get(urn);
        if (earlier !== undefined) {
            problems.push(`${where}: duplicate urn (also resources[${earlier}]); allowed: one resource per URN`);
        } else {
            liveIndex.set(urn, i);
        }
    });
    if (problems.length > 0) {
        const shown = problems.slice(0, MAX_PROBLEMS);
        if (problems.length > MAX_PROBLEMS) shown.push(`${file}: ... and ${problems.length - MAX_PROBLEMS} more problems`);
        throw new UsageError(shown.join("\n"));
    }
}
