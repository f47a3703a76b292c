/**
 * One resource of a deployment as the engine sees it: what the program registered (inputs
 * and options) and what the offline world returned (id, outputs). Values are in the wire form
 * of the Pulumi protocol: secrets are `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value}`
 * objects, resource references and assets keep their signatures too.
 */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id?: string;
    parent?: string;
    /** Provider reference `urn::id`, as the CLI writes it. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
    replaceOnChanges: string[];
    aliases: string[];
    customTimeouts?: CustomTimeouts;
    deletedWith?: string;
    /** True for resources read rather than managed (StackReference, `get` functions). */
    external: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** Timeouts as the CLI stores them: Go duration strings, or seconds in exports. */
export interface CustomTimeouts {
    create?: string;
    update?: string;
    delete?: string;
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type part of a URN (`parent$child` for nested resources). */
function urnQualifiedType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/** The type part of a URN: the last segment of its qualified type. */
function urnType(urn: string): string {
    return urnQualifiedType(urn).split("$").pop() ?? "";
}

/**
 * A URN as the engine builds it: the parent's qualified type prefixes the child's, except
 * for the root stack, whose children are top-level.
 */
export function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    let qualified = type;
    if (parentUrn && urnType(parentUrn) !== STACK_TYPE) {
        qualified = `${urnQualifiedType(parentUrn)}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
