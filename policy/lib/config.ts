import { PolicyConfigSchema } from "@pulumi/policy";

import { ENVIRONMENTS } from "./facts/environments";
import { schemaDefaults } from "./schemaDefaults";

export { ENVIRONMENTS, Environment } from "./facts/environments";

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
    return { ...schemaDefaults(properties), ...given } as C;
}
