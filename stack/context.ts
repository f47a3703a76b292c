import type { StackConfig } from "../config";
import { envPrefix } from "../lib/naming";
import type { TagContext } from "../lib/tags";

/** What every composition step of the stack reads: the validated config and what follows from it. */
export interface StackContext {
    /** The stack config, validated by `loadConfig()` before any resource is registered. */
    readonly cfg: StackConfig;
    /** The tags every resource carries (`Project`, `Environment`). */
    readonly tags: TagContext;
    /** `<project>-<environment>`: the prefix of the guide's physical names. */
    readonly prefix: string;
}

/** Derives the shared context from the validated config; registers nothing. */
export function stackContext(cfg: StackConfig): StackContext {
    return {
        cfg,
        tags: { project: cfg.project, environment: cfg.environment },
        prefix: envPrefix(cfg.project, cfg.environment),
    };
}
