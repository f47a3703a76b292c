/**
 * Helpers for values in the Pulumi wire form (what the protocol's Structs carry): special
 * objects are marked with the signature key below.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The wire form of a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is Record<string, unknown> {
    return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Wraps a value as a wire-form secret. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The value with every secret wrapper removed (what a program or policy sees). */
export function unwrapSecrets(v: unknown): unknown {
    return mapWire(v, (node) => (isSecret(node) ? unwrapSecrets(node.value) ?? null : undefined));
}

/** Rebuilds a value bottom-up, letting `f` replace any node first. */
export function mapWire(v: unknown, f: (node: unknown) => unknown | undefined): unknown {
    const replaced = f(v);
    if (replaced !== undefined) {
        return replaced;
    }
    if (Array.isArray(v)) {
        return v.map((x) => mapWire(x, f));
    }
    if (isObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = mapWire(x, f);
        }
        return out;
    }
    return v;
}
