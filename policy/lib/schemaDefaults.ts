/**
 * The `default` of every property of a policy's config schema: what the CLI fills in before
 * Configure, what the pack applies when it is sent nothing, and what the offline engine and the
 * tests start from.
 */
export function schemaDefaults(properties: Record<string, unknown> | undefined): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(properties ?? {})) {
        const value = typeof schema === "object" && schema !== null ? (schema as { default?: unknown }).default : undefined;
        if (value !== undefined) {
            defaults[key] = value;
        }
    }
    return defaults;
}
