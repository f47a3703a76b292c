/**
 * The strings of a resource's properties with where each was found, for the reference walks of
 * ownership-references (ARNs, accounts, buckets: references.ts) and of held names (ids: heldNames.ts).
 */

/** Properties that hold policy documents: their principals and resources are judged by the IAM policies. */
export const DOCUMENT_PROPERTIES: ReadonlySet<string> = new Set(["policy", "assumeRolePolicy", "policyDocument", "accessPolicy", "accessPolicies", "inlinePolicies", "tags", "tagsAll"]);

/** One string found in a resource's properties, with its dotted path (`[]` for list items). */
export interface PropertyString {
    path: string;
    value: string;
}

/** Every string in `value`, appended to `out` with its path under `path`. */
export function strings(value: unknown, path: string, out: PropertyString[]): PropertyString[] {
    if (typeof value === "string") {
        out.push({ path, value });
    } else if (Array.isArray(value)) {
        value.forEach(v => strings(v, `${path}[]`, out));
    } else if (typeof value === "object" && value !== null) {
        for (const [k, v] of Object.entries(value)) {
            strings(v, path ? `${path}.${k}` : k, out);
        }
    }
    return out;
}
