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

const deserialize: { deserializeProperties: Deserialize } = require("@pulumi/policy/deserialize");

const MEMOIZED = Symbol.for("expertconnect.policy.deserializeOnce");

/** Replaces the server's `deserializeProperties` with a per-Struct memoized version (idempotent). */
export function deserializeOncePerRequest(): void {
    const current = deserialize.deserializeProperties as Deserialize & { [MEMOIZED]?: true };
    if (current[MEMOIZED]) {
        return;
    }
    const cache = new WeakMap<object, Record<string, unknown>>();
    const memoized: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets) {
            return current(struct, proxySecrets);
        }
        let props = cache.get(struct);
        if (props === undefined) {
            props = current(struct, proxySecrets);
            cache.set(struct, props);
        }
        return props;
    };
    deserialize.deserializeProperties = Object.assign(memoized, { [MEMOIZED]: true as const });
}
