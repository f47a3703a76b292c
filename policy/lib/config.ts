import { PolicyConfigSchema } from "@pulumi/policy";

/** The environments the pack knows; each stack passes its own through policy config. */
export const ENVIRONMENTS = ["prod", "dr"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * The `environment` property of every environment-dependent policy. It defaults to prod so a run
 * that forgets `--policy-pack-config` gets the strictest checks rather than the laxest.
 */
export const ENVIRONMENT_PROPERTY: PolicyConfigSchema["properties"][string] = {
    type: "string",
    enum: [...ENVIRONMENTS],
    default: "prod",
    description: "Stack environment: prod or dr (policy/config/<stack>.json sets it).",
};

/**
 * The policy's config with the schema defaults filled in. The CLI applies defaults before
 * Configure, but `pulumi policy analyze` and older CLIs may send nothing: defaults are applied here
 * too so a policy never sees an undefined threshold.
 */
export function readConfig<C>(properties: PolicyConfigSchema["properties"], given: object): C {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(properties)) {
        if (typeof schema === "object" && schema.default !== undefined) {
            defaults[key] = schema.default;
        }
    }
    return { ...defaults, ...given } as C;
}
