/**
 * Removes the keys whose value is `undefined` from a module's exports, in place: Pulumi makes
 * every top-level export a stack output and warns about each undefined one.
 */
export function omitUndefined(exported: Record<string, unknown>): void {
    for (const key of Object.keys(exported)) {
        if (exported[key] === undefined) {
            delete exported[key];
        }
    }
}
