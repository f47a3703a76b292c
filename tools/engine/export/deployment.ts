import { createHash } from "crypto";
import { UsageError } from "../errors";
import { EngineResource } from "../model";
import { durationSeconds } from "../pack/convert";
import { validateDeployment } from "./validate";
import { isSecret, mapWire, SECRET_SIG, SIG_KEY, unwrapSecrets } from "../wire";

/** Version string written to the manifest; the export format is the CLI's deployment v3. */
const ENGINE_VERSION = "v3.0.0-offline";

/** A resource as `pulumi stack export` writes it (apitype.ResourceV3, plus the newer option fields). */
export interface ResourceV3 extends Pick<EngineResource,
    "urn" | "custom" | "id" | "type" | "parent" | "provider" | "dependencies" | "propertyDependencies" |
    "protect" | "retainOnDelete" | "deletedWith"> {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    external?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    replaceOnChanges?: string[];
    additionalSecretOutputs?: string[];
    aliases?: string[];
    /** Seconds, unlike the Go duration strings of the resource options. */
    customTimeouts?: { create?: number; update?: number; delete?: number };
}

export interface DeploymentV3 {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        resources: ResourceV3[];
    };
}

/** Secrets as the state file stores them: `{sig, plaintext: "<JSON>"}`, never a bare value. */
function encodeSecrets(v: unknown): unknown {
    return mapWire(v, (node) => (isSecret(node)
        ? { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(unwrapSecrets(node.value) ?? null) }
        : undefined));
}

/**
 * Secrets back to the wire form. Encrypted ones (`ciphertext`, from a real export without
 * `--show-secrets`) cannot be read offline: policies see the text `[secret]`, still secret.
 */
function decodeSecrets(v: unknown): unknown {
    return mapWire(v, (node) => {
        if (!isSecret(node)) {
            return undefined;
        }
        const value = typeof node.plaintext === "string" ? JSON.parse(node.plaintext) : "[secret]";
        return { [SIG_KEY]: SECRET_SIG, value: decodeSecrets(value) };
    });
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
    return list && list.length > 0 ? list : undefined;
}

function timeoutsSeconds(t: EngineResource["customTimeouts"]): ResourceV3["customTimeouts"] {
    if (!t) {
        return undefined;
    }
    const out: Record<string, number> = {};
    for (const k of ["create", "update", "delete"] as const) {
        if (t[k]) {
            out[k] = durationSeconds(t[k]);
        }
    }
    return out;
}

function toResourceV3(r: EngineResource): ResourceV3 {
    const out: ResourceV3 = {
        urn: r.urn,
        custom: r.custom,
        id: r.id || undefined,
        type: r.type,
        inputs: encodeSecrets(r.inputs) as Record<string, unknown>,
        outputs: encodeSecrets(r.outputs) as Record<string, unknown>,
        parent: r.parent,
        provider: r.provider,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        external: r.external || undefined,
        ignoreChanges: nonEmpty(r.ignoreChanges),
        deleteBeforeReplace: r.deleteBeforeReplace || undefined,
        replaceOnChanges: nonEmpty(r.replaceOnChanges),
        additionalSecretOutputs: nonEmpty(r.additionalSecretOutputs),
        aliases: nonEmpty(r.aliases),
        customTimeouts: timeoutsSeconds(r.customTimeouts),
        deletedWith: r.deletedWith,
    };
    // Drop unset optional fields, as the CLI's omitempty does.
    return JSON.parse(JSON.stringify(out));
}

/** The deployment in `pulumi stack export` format (version 3). */
export function toDeployment(resources: EngineResource[], now = new Date()): DeploymentV3 {
    return {
        version: 3,
        deployment: {
            manifest: {
                time: now.toISOString(),
                magic: createHash("sha256").update(ENGINE_VERSION).digest("hex"),
                version: ENGINE_VERSION,
            },
            resources: resources.map(toResourceV3),
        },
    };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its parts. */
export function parseUrn(urn: string): { stack: string; project: string; name: string } {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        throw new UsageError(`invalid URN ${urn}`);
    }
    return { stack: parts[0].slice("urn:pulumi:".length), project: parts[1], name: parts.slice(3).join("::") };
}

function fromResourceV3(r: ResourceV3): EngineResource {
    const timeouts = r.customTimeouts;
    return {
        urn: r.urn,
        type: r.type,
        name: parseUrn(r.urn).name,
        custom: r.custom,
        id: r.id,
        parent: r.parent || undefined,
        provider: r.provider || undefined,
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        ignoreChanges: r.ignoreChanges ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace === true,
        additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        replaceOnChanges: r.replaceOnChanges ?? [],
        aliases: r.aliases ?? [],
        customTimeouts: timeouts && Object.fromEntries(Object.entries(timeouts).map(([k, s]) => [k, String(s)])),
        deletedWith: r.deletedWith || undefined,
        external: r.external === true,
        inputs: decodeSecrets(r.inputs ?? {}) as Record<string, unknown>,
        outputs: decodeSecrets(r.outputs ?? {}) as Record<string, unknown>,
    };
}

/** Reads a deployment export (ours or the CLI's); resources pending deletion are skipped. */
export function fromDeployment(json: unknown, file: string): EngineResource[] {
    validateDeployment(json, file);
    const doc = json as { version: 3; deployment: { resources?: (ResourceV3 & { delete?: boolean })[] } };
    return (doc.deployment.resources ?? []).filter((r) => !r.delete).map(fromResourceV3);
}
