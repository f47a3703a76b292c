import { PolicyConfigSchema } from "@pulumi/policy";

import { ENVIRONMENTS } from "./facts/environments";
import { DR_REGION } from "./facts/drRegion";
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

type ConfigProperty = PolicyConfigSchema["properties"][string];

/**
 * A list of regular expressions. Each item must compile (`format: "regex"`) and the list may not
 * be empty (an empty list would switch the check off): the Pulumi CLI validates policy config
 * against this schema before the pack runs, so a bad pattern is refused there, naming the policy
 * and property, instead of failing inside the policy.
 */
export function patternListProperty(defaults: string[], description: string): ConfigProperty {
    return { type: "array", items: { type: "string", minLength: 1, format: "regex" }, minItems: 1, default: defaults, description };
}

/** A non-empty list of TCP ports (1–65535) without repeats. */
export function portListProperty(defaults: number[], description: string): ConfigProperty {
    return { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, minItems: 1, uniqueItems: true, default: defaults, description };
}

/**
 * The region the dr stack runs in, where copies and replicas a failover needs must be (a copy in
 * any other region is as good as none: the dr stack does not read it).
 */
export function drRegionProperty(): ConfigProperty {
    return {
        type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d$", default: DR_REGION,
        description: `Region of the dr stack, where backups, replicas and images must be copied ahead of a failover (default ${DR_REGION}, the guide's recovery region).`,
    };
}

/**
 * Whether prod is fenced (`expertconnect:dr.fenced`, policy/config/prod-fenced.json), for the
 * policies whose obligations follow the fence. The stack's own `drFenced` output decides when it
 * carries one (policy/lib/role.ts `regionState`); this says what the operator means to deploy, and
 * `true` against a stack that serves is refused (dr-fenced-region-closed).
 * @param consequence what the policy requires of a fenced prod, one clause.
 */
export function fencedProperty(consequence: string): ConfigProperty {
    return {
        type: "boolean", default: false,
        description: `Whether prod is fenced (\`expertconnect:dr.fenced\`, policy/config/prod-fenced.json): ${consequence} (default false: prod serves, unless its drFenced output says it is fenced). ` +
            "dr's phase is read from the stack (its drPhase output or the FailoverPhase tag).",
    };
}
