import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "./parse";
import type { StackContextInfo } from "./schema";
import type { StackConfig } from "./types";

export { ConfigError } from "./errors";
export { parseConfig } from "./parse";
export type { StackConfig } from "./types";

/**
 * The project's stacks, from the `Pulumi.<stack>.yaml` files in the project directory (the
 * working directory of a Pulumi program), each with the environment its file declares.
 * Undefined when this stack has no file here (its config lives elsewhere): then no list of
 * stacks is complete enough to judge a stack reference by.
 */
export function stackFiles(dir: string, stack: string): StackContextInfo["stacks"] {
    const files = fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    if (!files.includes(`Pulumi.${stack}.yaml`)) return undefined;
    return Object.fromEntries(files.map((f) => {
        const text = fs.readFileSync(`${dir}/${f}`, "utf8");
        // The file's own top-level key; a regular expression keeps YAML parsing out of the program.
        const environment = /^\s+expertconnect:environment:\s*["']?([\w-]+)/m.exec(text)?.[1];
        return [f.slice("Pulumi.".length, -".yaml".length), environment];
    }));
}

/** Reads and validates every config key of the current stack, once. */
export function loadConfig(): StackConfig {
    const stack = pulumi.getStack();
    return parseConfig(pulumi.runtime.allConfig(), stack, { project: pulumi.getProject(), stacks: stackFiles(process.cwd(), stack) });
}
