/**
 * The stack as the path checks read it: plain resources (the pack's, or a deployment export's),
 * linked by the values a property holds (ids, ARNs, names: what AWS will use, even after a
 * console change the dependencies do not record) and by property dependencies otherwise
 * (present while ids are unknown in preview, and for values AWS joins, like a list in one string).
 */

/** One resource, provider-neutral. `props` holds known values only: unknown ones are absent. */
export interface PathResource {
    urn: string;
    type: string;
    name: string;
    /** Physical id when known (exports have it; the analyzer does not pass it). */
    id?: string;
    parent?: string;
    props: Record<string, any>;
    /** Properties left out of `props` because their value is not known yet (preview); default none. */
    pending?: string[];
    /** Property → URNs the value came from. */
    propertyDependencies: Record<string, string[]>;
}

/** The outcome of one path: verified, or what is missing and what to change. */
export interface PathResult {
    /** What must flow, e.g. `task expertconnect-prod-backend pulls 1234….dkr.ecr…/expertconnect-backend:v1`. */
    path: string;
    ok: boolean;
    /** The missing permission, rule or mount. */
    missing?: string;
    /** The resource to change (type and name). */
    change?: string;
    /** URN the failure is reported on. */
    urn?: string;
    /** The two resources a network path joins (source first), for drawing it. */
    ends?: { from: string; to: string };
}

/** One failure as a line: the path, what is missing, and what to change. */
export function describeFailure(r: PathResult): string {
    return `path "${r.path}" is broken: missing ${r.missing}; change ${r.change}.`;
}

export const ok = (path: string): PathResult => ({ path, ok: true });
export const broken = (path: string, missing: string, change: PathResource | string, urn?: string): PathResult => ({
    path, ok: false, missing,
    change: typeof change === "string" ? change : `${change.type} ${change.name}`,
    urn: urn ?? (typeof change === "string" ? undefined : change.urn),
});

/** Keys a resource is referred to by: its id, ARN, name and the type-specific ones. */
const KEY_PROPS = ["arn", "name", "keyId", "bucket", "address", "identifier"];

/** The resources of one stack, indexed once. */
export class StackIndex {
    private readonly byTypeMap = new Map<string, PathResource[]>();
    private readonly byUrn = new Map<string, PathResource>();
    private readonly byValue = new Map<string, PathResource[]>();

    constructor(public readonly resources: PathResource[]) {
        for (const r of resources) {
            this.byTypeMap.set(r.type, [...(this.byTypeMap.get(r.type) ?? []), r]);
            this.byUrn.set(r.urn, r);
            for (const v of [r.id, ...KEY_PROPS.map((k) => r.props[k])]) {
                if (typeof v === "string" && v !== "") this.byValue.set(v, [...(this.byValue.get(v) ?? []), r]);
            }
        }
    }

    ofType(...types: string[]): PathResource[] {
        return types.flatMap((t) => this.byTypeMap.get(t) ?? []);
    }

    urn(urn: string | undefined): PathResource | undefined {
        return urn ? this.byUrn.get(urn) : undefined;
    }

    /** The resources of `types` that `value` names (id, ARN, name…). */
    named(value: unknown, ...types: string[]): PathResource[] {
        if (typeof value !== "string") return [];
        return (this.byValue.get(value) ?? []).filter((r) => types.length === 0 || types.includes(r.type));
    }

    /**
     * What `source.<property>` refers to among `types`: the resources its values name (a string,
     * a list, or strings nested in objects), else through the property's dependencies.
     */
    refs(source: PathResource, property: string, ...types: string[]): PathResource[] {
        const viaValues = strings(source.props[property]).flatMap((v) => this.named(v, ...types));
        if (viaValues.length > 0) return [...new Set(viaValues)];
        const viaDeps = (source.propertyDependencies[property] ?? []).map((u) => this.byUrn.get(u))
            .filter((r): r is PathResource => r !== undefined && types.includes(r.type));
        return [...new Set(viaDeps)];
    }

    /** Ancestors of a resource, nearest first (components included). */
    ancestors(r: PathResource): string[] {
        const out: string[] = [];
        for (let p = r.parent; p && !out.includes(p); p = this.byUrn.get(p)?.parent) out.push(p);
        return out;
    }
}

/** Every string in a value (nested lists and objects included). */
export function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value && typeof value === "object") return Object.values(value).flatMap(strings);
    return [];
}

/** Account and region in an ARN. */
export function arnParts(arn: unknown): { service?: string; region?: string; account?: string } {
    if (typeof arn !== "string" || !arn.startsWith("arn:")) return {};
    const [, , service, region, account] = arn.split(":");
    return { service, region: region || undefined, account: account || undefined };
}

/** A JSON string or object, parsed; undefined when it is neither. */
export function parsed<T>(value: unknown): T | undefined {
    if (typeof value === "string") {
        try { return JSON.parse(value) as T; } catch { return undefined; }
    }
    return value === undefined || value === null ? undefined : value as T;
}
