/**
 * Makes @pulumi/policy's server turn each resource's properties into plain values once per
 * request instead of once per policy.
 *
 * The server deserializes a resource's property Struct again for every policy that may apply to
 * it: every multi-type resource policy on each Analyze call, and every stack policy for every
 * resource of the stack on AnalyzeStack. With this pack that was about ten conversions of the
 * same Struct per resource, the largest part of the pack's CPU time and garbage. The server
 * calls the function through its module's exports, so replacing that export with a memoized
 * version, keyed by the Struct object the request holds, shares one result between the policies
 * of a request; a new request brings new Struct objects, so nothing outlives it.
 *
 * Sharing is safe because the values are read-only to policies: each policy still gets its own
 * unknown-checking proxy over them (which has no set trap, and no policy of this pack assigns to
 * its props). Only the secrets-unwrapping form (`proxySecrets: false`) is memoized; remediation's
 * secret-preserving form is left as is.
 */
/** The server's internal deserializer (not in the package's typings), as server.js calls it. */
type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

/** The module that holds it; `deserializeProperties` may be absent or different in another release. */
type DeserializeModule = { deserializeProperties?: unknown };

const MEMOIZED = Symbol.for("expertconnect.policy.deserializeOnce");

/**
 * Replaces the server's `deserializeProperties` with a per-Struct memoized version (idempotent).
 * The function is an internal of @pulumi/policy 1.21: when the module or the two-argument function
 * is missing (another release), nothing is replaced and the server keeps its own behaviour, only
 * slower. `load` reads the module (replaceable in tests). Returns whether the memoized version is
 * in place.
 */
export function deserializeOncePerRequest(
    load: () => DeserializeModule = () => require("@pulumi/policy/deserialize"),
): boolean {
    let deserialize: DeserializeModule;
    try {
        deserialize = load();
    } catch {
        return false;
    }
    const found = deserialize?.deserializeProperties;
    if (typeof found !== "function" || found.length !== 2) {
        return false;
    }
    const original = found as Deserialize & { [MEMOIZED]?: true };
    if (original[MEMOIZED]) {
        return true;
    }
    const cache = new WeakMap<object, Record<string, unknown>>();
    const memoized: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets) {
            return original(struct, proxySecrets);
        }
        let props = cache.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            cache.set(struct, props);
        }
        return props;
    };
    const installed = Object.assign(memoized, { [MEMOIZED]: true as const });
    try {
        deserialize.deserializeProperties = installed;
    } catch {
        // A read-only export (a getter, a frozen module): the server keeps its own function.
        return false;
    }
    return deserialize.deserializeProperties === installed;
}
