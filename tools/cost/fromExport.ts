/**
 * Reads a Pulumi v3 deployment export (`pulumi stack export`, or the offline engine's
 * `npm run preview -- --export FILE`) into the resources the estimator prices.
 */
import { componentLabels, componentTagOf, UNTAGGED } from "../../policy/cost/component";
import { CostResource } from "../../policy/cost/model";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource of `deployment.resources` (the fields this module reads). */
interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    provider?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
}

/** An export: `{ version: 3, deployment: { resources } }`. */
export interface DeploymentExport {
    version: number;
    deployment: { resources?: ExportedResource[] };
}

/** Plain data: secrets with plaintext are decoded, encrypted ones become undefined (the estimate needs no secret). */
export function decodeSecrets(v: unknown): any {
    if (Array.isArray(v)) {
        return v.map(decodeSecrets);
    }
    if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === SECRET_SIG) {
            return typeof o.plaintext === "string" ? decodeSecrets(JSON.parse(o.plaintext)) : undefined;
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeSecrets(x)]));
    }
    return v;
}

/** The resource name at the end of a URN. */
function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Maps an export's resources; throws on anything that is not a v3 deployment. */
export function costResourcesFromExport(doc: unknown): CostResource[] {
    const d = doc as DeploymentExport;
    if (typeof d !== "object" || d === null || d.version !== 3 || typeof d.deployment !== "object") {
        throw new Error("not a Pulumi deployment export (expected { version: 3, deployment: { resources } })");
    }
    const resources = d.deployment.resources ?? [];
    const props = new Map(resources.map((r) => [r.urn, { ...decodeSecrets(r.outputs ?? {}), ...decodeSecrets(r.inputs ?? {}) }]));
    const labels = componentLabels(resources.map((r) => ({
        urn: r.urn, parent: r.parent, componentTag: componentTagOf(props.get(r.urn)?.tags),
    })));
    const regionOf = (r: ExportedResource): string => {
        const own = props.get(r.urn)?.region;
        // Provider references are `urn::id`; the id is the last `::` segment.
        const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
        const fromProvider = providerUrn ? props.get(providerUrn)?.region : undefined;
        return String(own ?? fromProvider ?? "");
    };
    return resources
        .filter((r) => r.custom !== false && !r.type.startsWith("pulumi:"))
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            name: nameOf(r.urn),
            props: props.get(r.urn) ?? {},
            region: regionOf(r),
            component: labels.get(r.urn) ?? UNTAGGED,
            propertyDependencies: r.propertyDependencies ?? {},
        }));
}
