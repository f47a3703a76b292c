/**
 * Resources of a deployment export (`pulumi stack export`, schema `deployments.json`) as path
 * resources: outputs over inputs, secrets unwrapped to their plaintext where the export holds it.
 */
import { PathResource } from "./model";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (SECRET_SIG in o) return "plaintext" in o ? plain(typeof o.plaintext === "string" ? tryJson(o.plaintext) : o.plaintext) : plain(o.value);
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

function tryJson(s: string): unknown {
    try { return JSON.parse(s); } catch { return s; }
}

interface ExportedResource {
    urn: string;
    type: string;
    id?: string;
    parent?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
}

/** The export's resources, or of a bare resource list. */
export function pathResourcesOfExport(exported: { deployment?: { resources?: ExportedResource[] } } | ExportedResource[]): PathResource[] {
    const list = Array.isArray(exported) ? exported : exported.deployment?.resources ?? [];
    return list.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.urn.split("::").pop() ?? r.urn,
        id: r.id,
        parent: r.parent,
        props: plain({ ...(r.inputs ?? {}), ...(r.outputs ?? {}) }) as Record<string, unknown>,
        propertyDependencies: r.propertyDependencies ?? {},
    }));
}
