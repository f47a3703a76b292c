import * as fs from "fs";
import * as path from "path";
import { CliOptions } from "../cli/args";
import { EXIT, UsageError } from "../errors";
import { toDeployment } from "../export/deployment";
import { EngineResource } from "../model";
import type { PackSession, ResourceAnalysis } from "../pack/session";
import { PackProcess, startPack } from "../pack/process";
import { parseOverride } from "../program/overrides";
import { releaseSpares, startSpares } from "../program/run";
import { readProject } from "../program/stackConfig";
import { configReferences, discoverStacks, referenceOrder, StackProgram, StackRunner } from "../program/stacks";
import { failed, Outcome, packConfigFor, perStackFile, printOutcome, render, stackConfigMirrors } from "./shared";

interface Settings {
    options: CliOptions;
    project: string;
    packDir: string;
    several: boolean;
}

/** Why a stack's program run is unusable: program error first, then engine errors. */
function programProblems(p: StackProgram): string[] {
    return [
        ...(p.run.programError !== undefined ? [`the program failed:\n${p.run.programError}`] : []),
        ...p.run.errors,
    ];
}

/**
 * Per stack, the pack session (configured as soon as the pack is up) and the analyses started
 * for resources as the program registers them, so analysis overlaps the program run.
 */
class StackAnalysis {
    readonly started = new Map<string, Promise<ResourceAnalysis>>();
    readonly session: Promise<PackSession>;

    constructor(stack: string, pack: Promise<PackProcess>, runner: StackRunner, s: Settings) {
        const config = runner.configOf(stack);
        const packConfig = packConfigFor(s.options.policyPackConfig, s.packDir, stack);
        const mirrors = stackConfigMirrors(s.packDir);
        this.session = pack.then(async (p) => {
            const { PackSession } = await import("../pack/session");
            return PackSession.open([p], {
                stack, project: s.project, organization: "organization",
                stackConfig: config.values, secretKeys: config.secretKeys, packConfig, stackConfigMirrors: mirrors,
            });
        });
        this.session.catch(() => undefined);
    }

    /** Starts analyzing a resource the program just registered. */
    add(record: EngineResource): void {
        const analysis = this.session.then((session) => session.analyze(record));
        analysis.catch(() => undefined);
        this.started.set(record.urn, analysis);
    }
}

async function previewStack(stack: string, runner: StackRunner, analysis: StackAnalysis, s: Settings): Promise<Outcome> {
    const program = await runner.run(stack);
    const header = `Previewing stack "${stack}" (region ${program.region}, offline)`;
    const diagnostics = program.run.diagnostics.trim();
    const problems = programProblems(program);
    if (problems.length > 0) {
        const outcome = failed(stack, header, [...problems, "no policy analysis was run"]);
        if (diagnostics) {
            outcome.lines.push("Diagnostics:", diagnostics);
        }
        return outcome;
    }
    const resources = program.run.resources;
    const result = await (await analysis.session).finish(resources, analysis.started);
    const outcome = render(header, stack, resources, result, perStackFile(s.options.reportFile, stack, s.several));
    if (diagnostics) {
        outcome.lines.splice(1, 0, "", "Diagnostics:", diagnostics);
    }
    // Written after analysis: a remediating policy changes the inputs the deployment would get.
    const exportFile = perStackFile(s.options.exportFile, stack, s.several);
    if (exportFile) {
        fs.writeFileSync(exportFile, `${JSON.stringify(toDeployment(resources), null, 2)}\n`);
        outcome.lines.push(`Deployment export written to ${exportFile}`);
    }
    return outcome;
}

/**
 * `preview`: runs each selected stack's program (concurrently, each in its own process) and
 * its policy pack (started first, so both start-ups overlap; resources are analyzed as they
 * are registered), then prints the stacks in reference order.
 */
export async function preview(options: CliOptions): Promise<number> {
    const projectDir = path.resolve(options.cwd);
    const stacks = options.stacks.length ? [...new Set(options.stacks)] : discoverStacks(projectDir);
    if (stacks.length === 0) {
        throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}`);
    }
    // The packs start first: their start-up is the longest wait, and needs nothing else.
    const packDir = path.resolve(options.policyPack);
    const packs = stacks.map((stack) => ({ stack, pack: startPack(packDir) }));
    packs.forEach((p) => p.pack.catch(() => undefined));
    startSpares(stacks.length);
    try {
        const project = readProject(projectDir);
        const overrides = options.config.map((c) => parseOverride(c, project.name));
        const s: Settings = { options, project: project.name, packDir, several: stacks.length > 1 };
        const analyses = new Map<string, StackAnalysis>();
        const runner = new StackRunner(projectDir, project, new Set(stacks), overrides,
            (stack, record) => analyses.get(stack)?.add(record));
        packs.forEach(({ stack, pack }) => analyses.set(stack, new StackAnalysis(stack, pack, runner, s)));
        const outcomes = await Promise.all(stacks.map((stack) =>
            previewStack(stack, runner, analyses.get(stack)!, s).catch((err: Error) => {
                if (err instanceof UsageError) {
                    throw err;
                }
                return failed(stack, `Previewing stack "${stack}"`, [err.message]);
            })));
        const references = new Map<string, string[]>();
        for (const stack of stacks) {
            const program = await runner.run(stack).catch(() => undefined);
            references.set(stack, program
                ? [...program.references, ...configReferences(program.config, project.name, stacks)] : []);
        }
        const byStack = new Map(outcomes.map((o) => [o.stack, o]));
        referenceOrder(stacks, references).forEach((stack) => printOutcome(byStack.get(stack)!));
        return Math.max(EXIT.ok, ...outcomes.map((o) => o.exitCode));
    } finally {
        releaseSpares();
        for (const p of packs) {
            p.pack.then((pk) => pk.close(), () => undefined);
        }
    }
}
