import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../errors";
import { mockContext, OFFLINE_ACCOUNT_ID } from "../mocks/context";
import { applyOverrides, ConfigOverride } from "./overrides";
import { ProgramRun, runProgram } from "./run";
import { ProgramConfig, ProjectFile, readStackFile } from "./stackConfig";
import { EngineResource } from "../model";

/** One stack's offline program run. */
export interface StackProgram {
    stack: string;
    region: string;
    config: ProgramConfig;
    run: ProgramRun;
    /** Stacks whose outputs this one read through StackReferences. */
    references: string[];
}

/** Stacks of a project: every `Pulumi.<stack>.yaml` next to `Pulumi.yaml`, by name. */
export function discoverStacks(dir: string): string[] {
    return fs.readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Refuses stack names with no `Pulumi.<stack>.yaml` in `dir`, listing the stacks that exist
 * (a mistyped `--stack` would otherwise fail on a missing file path).
 */
export function checkStacksExist(dir: string, requested: string[]): void {
    const existing = discoverStacks(dir);
    const unknown = requested.filter((s) => !existing.includes(s));
    if (unknown.length > 0) {
        throw new UsageError(`unknown stack ${unknown.map((s) => `"${s}"`).join(", ")}; stacks of this project: ` +
            `${existing.join(", ") || "none (no Pulumi.<stack>.yaml)"}`);
    }
}

/**
 * Runs stack programs, each once, in its own process. A StackReference to another stack of
 * the project runs that stack too (from its stack file alone, as deployed) and answers with
 * its outputs; `--config` overrides apply only to the stacks being previewed.
 *
 * A StackReference reads what a stack last deployed: the outputs of its `--previous` export
 * when given. Otherwise a reference to another stack runs that stack, and a stack's reference to
 * itself reads an offline run of its committed stack file (when `--config` changed it), else
 * nothing, as for a stack never deployed.
 */
export class StackRunner {
    private readonly runs = new Map<string, Promise<StackProgram>>();
    /** Stack → the referenced stack whose failed run made it fail. */
    private readonly referenceFailures = new Map<string, string>();
    /** Offline runs of selected stacks from their stack files alone: their "last deployment". */
    private readonly committedRuns = new Map<string, Promise<StackProgram>>();

    constructor(
        private readonly dir: string,
        private readonly project: ProjectFile,
        private readonly selected: Set<string>,
        private readonly overrides: ConfigOverride[],
        /** Hears of every resource of every stack as soon as it is registered. */
        private readonly onResource?: (stack: string, record: EngineResource) => void,
        /** Stack outputs last deployed, by stack (from `--previous` exports). */
        private readonly previousOutputs: Record<string, Record<string, unknown>> = {},
    ) {}

    /** A stack's config as its program gets it: the stack file, plus overrides if selected. */
    configOf(stack: string): ProgramConfig {
        const fromFile = readStackFile(this.dir, stack, this.project.name);
        return this.selected.has(stack) ? applyOverrides(fromFile, this.overrides) : fromFile;
    }

    run(stack: string, chain: string[] = []): Promise<StackProgram> {
        let run = this.runs.get(stack);
        if (!run) {
            run = this.start(stack, chain);
            this.runs.set(stack, run);
        }
        return run;
    }

    private async start(stack: string, chain: string[], committed = false): Promise<StackProgram> {
        const config = committed ? readStackFile(this.dir, stack, this.project.name) : this.configOf(stack);
        const region = config.values["aws:region"];
        if (!region) {
            throw new UsageError(`stack "${stack}": aws:region is not set in Pulumi.${stack}.yaml`);
        }
        const references: string[] = [];
        const ctx = mockContext({ stack, project: this.project.name, region, accountId: OFFLINE_ACCOUNT_ID });
        const run = await runProgram(
            { programDir: this.dir, programMain: this.project.main, ctx, config },
            (other) => {
                if (other === stack) {
                    return this.lastDeployed(stack, committed);
                }
                references.push(other);
                return this.outputsOf(other, [...chain, stack]);
            },
            (record) => committed || this.onResource?.(stack, record),
        );
        return { stack, region, config, run, references };
    }

    /** What a stack's reference to itself reads (see the class comment). */
    private async lastDeployed(stack: string, committed: boolean): Promise<Record<string, unknown>> {
        const previous = this.previousOutputs[stack];
        if (previous) {
            return previous;
        }
        if (committed || !this.selected.has(stack) || this.overrides.length === 0) {
            return {};
        }
        let run = this.committedRuns.get(stack);
        if (!run) {
            run = this.start(stack, [], true);
            this.committedRuns.set(stack, run);
        }
        const last = await run;
        const failure = last.run.programError ?? last.run.errors[0];
        if (failure) {
            throw new Error(`stack "${stack}" as committed (its last deployment offline) failed: ${failure}`);
        }
        return last.run.outputs;
    }

    private async outputsOf(stack: string, chain: string[]): Promise<Record<string, unknown>> {
        // A StackReference reads what the other stack last deployed: its --previous export when given.
        const previous = this.previousOutputs[stack];
        if (previous) {
            return previous;
        }
        if (chain.includes(stack)) {
            throw new Error(`StackReference cycle: ${[...chain, stack].join(" -> ")}`);
        }
        if (!fs.existsSync(path.join(this.dir, `Pulumi.${stack}.yaml`))) {
            throw new Error(`StackReference to stack "${stack}": no Pulumi.${stack}.yaml in this project`);
        }
        const other = await this.run(stack, chain);
        const failure = other.run.programError ?? other.run.errors[0];
        if (failure) {
            this.referenceFailures.set(chain[chain.length - 1], stack);
            throw new Error(`StackReference to stack "${stack}": its offline run failed: ${failure}`);
        }
        return other.run.outputs;
    }

    /** The referenced stack whose failure made `stack`'s run fail, if that is why it failed. */
    failedReference(stack: string): string | undefined {
        return this.referenceFailures.get(stack);
    }
}

/**
 * Stacks whose names a stack's config mentions as a stack reference (`org/project/stack`):
 * known before running anything, so the order is right even when the program has not
 * created its StackReference yet.
 */
export function configReferences(config: ProgramConfig, project: string, stacks: string[]): string[] {
    const text = Object.values(config.values).join("\n");
    return stacks.filter((other) => new RegExp(`[\\w.-]+/${escape(project)}/${escape(other)}(?![\\w.-])`).test(text));
}

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Orders stacks so that a stack comes after the stacks it references; otherwise keeps order. */
export function referenceOrder(stacks: string[], references: Map<string, string[]>): string[] {
    const out: string[] = [];
    const visit = (s: string, seen: Set<string>) => {
        if (out.includes(s) || seen.has(s) || !stacks.includes(s)) {
            return;
        }
        seen.add(s);
        for (const r of references.get(s) ?? []) {
            visit(r, seen);
        }
        out.push(s);
    };
    stacks.forEach((s) => visit(s, new Set()));
    return out;
}
