import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "./parse";
import type { StackConfig } from "./types";

export { ConfigError } from "./errors";
export { parseConfig } from "./parse";
export type { StackConfig } from "./types";

/** Reads and validates every config key of the current stack, once. */
export function loadConfig(): StackConfig {
    return parseConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}
