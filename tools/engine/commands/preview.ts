import * as fs from "fs";
import * as path from "path";
import { CliOptions } from "../cli/args";
import { EXIT, UsageError } from "../errors";
import { toDeployment } from "../export/deployment";
import { PackProcess, startPack } from "../pack/process";
import { parseOverride } from "../program/overrides";
import { readProject } from "../program/stackConfig";
import { configReferences, discoverStacks, referenceOrder, StackProgram, StackRunner } from "../program/stacks";
import { analyzeAndRender, failed, Outcome, packConfigFor, perStackFile, printOutcome } from "./shared";

interface Settings {
    options: CliOptions;
    projectDir: string;
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

async function previewStack(stack: string, runner: StackRunner, pack: Promise<PackProcess>, s: Settings): Promise<Outcome> {
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
    const outcome = await analyzeAndRender([await pack], {
        stack,
        project: s.project,
        organization: "organization",
        stackConfig: program.config.values,
        secretKeys: program.config.secretKeys,
        resources: program.run.resources,
        packConfig: packConfigFor(s.options.policyPackConfig, s.packDir, stack),
    }, perStackFile(s.options.reportFile, stack, s.several), header);
    if (diagnostics) {
        outcome.lines.splice(1, 0, "", "Diagnostics:", diagnostics);
    }
    // Written after analysis: a remediating policy changes the inputs the deployment would get.
    const exportFile = perStackFile(s.options.exportFile, stack, s.several);
    if (exportFile) {
        fs.writeFileSync(exportFile, `${JSON.stringify(toDeployment(program.run.resources), null, 2)}\n`);
        outcome.lines.push(`Deployment export written to ${exportFile}`);
    }
    return outcome;
}

/**
 * `preview`: runs each selected stack's program (concurrently, each in its own process) and
 * its policy pack (started right away, so both start-ups overlap), then prints the stacks in
 * reference order.
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
    try {
        const project = readProject(projectDir);
        const overrides = options.config.map((c) => parseOverride(c, project.name));
        const s: Settings = { options, projectDir, project: project.name, packDir, several: stacks.length > 1 };
        const runner = new StackRunner(projectDir, project, new Set(stacks), overrides);
        const outcomes = await Promise.all(packs.map(({ stack, pack }) =>
            previewStack(stack, runner, pack, s).catch((err: Error) => {
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
        const order = referenceOrder(stacks, references);
        const byStack = new Map(outcomes.map((o) => [o.stack, o]));
        order.forEach((stack) => printOutcome(byStack.get(stack)!));
        return Math.max(EXIT.ok, ...outcomes.map((o) => o.exitCode));
    } finally {
        for (const p of packs) {
            p.pack.then((pk) => pk.close(), () => undefined);
        }
    }
}
