import * as fs from "fs";
import * as path from "path";
import { CliOptions } from "../cli/args";
import { EXIT, UsageError } from "../errors";
import { fromDeployment, parseUrn, toDeployment } from "../export/deployment";
import { EngineResource, STACK_TYPE } from "../model";
import type { PackSession, ResourceAnalysis } from "../pack/session";
import { PackProcess, startPack } from "../pack/process";
import { parseOverride } from "../program/overrides";
import { releaseSpares, startSpares } from "../program/run";
import { readProject } from "../program/stackConfig";
import { checkStacksExist, configReferences, discoverStacks, referenceOrder, StackProgram, StackRunner } from "../program/stacks";
import { stackView, writeHtmlReport } from "../report/html/write";
import { failed, Outcome, packConfigFor, perStackFile, printOutcome, readJson, render, stackConfigMirrors } from "./shared";

/** `--previous` exports: each one's stack outputs, by the stack its URNs name. */
export function previousOutputs(files: string[]): Record<string, Record<string, unknown>> {
    const byStack: Record<string, Record<string, unknown>> = {};
    for (const file of files) {
        // An offline dr export also carries the prod run its StackReference read: one root each.
        const roots = fromDeployment(readJson(file), file).filter((r) => r.type === STACK_TYPE);
        if (roots.length === 0) {
            throw new UsageError(`--previous ${file}: the export has no ${STACK_TYPE} resource (no stack outputs)`);
        }
        for (const root of roots) {
            const { stack } = parseUrn(root.urn);
            if (byStack[stack]) {
                throw new UsageError(`--previous ${file}: a second export of stack "${stack}"`);
            }
            byStack[stack] = root.outputs ?? {};
        }
    }
    return byStack;
}

interface Settings {
    options: CliOptions;
    project: string;
    packDir: string;
    several: boolean;
}

/**
 * Why a stack's program run is unusable, one entry per problem: the program's own error (a
 * config error is already one line per key, each naming what to change), then engine errors.
 * A JavaScript error keeps its frames in the program's files: that is a bug to find, not input.
 */
function programProblems(p: StackProgram): string[] {
    const own = p.run.programError;
    const ownLines = own === undefined ? [] : /\n\s+at /.test(own) ? [`the program failed: ${own}`] : own.split("\n").filter((l) => l.trim());
    return [...ownLines, ...p.run.errors];
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
            return PackSession.open(p, {
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
    // A policy config the pack's schemas refuse is reported as soon as the pack has said so,
    // without waiting for the program.
    const refused = analysis.session.then(() => new Promise<never>(() => undefined));
    const program = await Promise.race([runner.run(stack), refused]);
    // The CLI's header, and what makes this run different from it.
    const header = `Previewing update (${stack})\n\nOffline: ${program.region}, generated ids and ARNs, nothing sent to AWS or Pulumi Cloud`;
    const diagnostics = program.run.diagnostics.trim();
    const problems = programProblems(program);
    if (problems.length > 0) {
        // Nothing was analyzed: the stack's output is its problems alone (printed by printFailures).
        return failed(stack, problems);
    }
    const resources = program.run.resources;
    const session = await analysis.session;
    const perResource = await session.analyzeResources(resources, analysis.started);
    // AnalyzeStack runs in the pack process while this one verifies the paths (the same
    // evaluation as the pack's paths-verified policy, for the Paths section).
    const stackViolations = session.analyzeStack(resources);
    // Its failure is raised where it is awaited, below, not as an unhandled rejection.
    stackViolations.catch(() => undefined);
    const { formatPaths, pathEdges, stackPaths } = await import("../report/paths");
    const paths = await stackPaths(stack, resources);
    const result = session.result(perResource, await stackViolations);
    const outcome = render(header, stack, resources, result, perStackFile(s.options.reportFile, stack, s.several), {
        diagnostics, packSource: `local: ${s.options.policyPack}`, fullTypes: s.options.fullTypes, byType: s.options.byType,
        paths: formatPaths(paths),
    });
    outcome.view = stackView(stack, program.region, resources, result, pathEdges(paths));
    // Written after analysis: a remediating policy changes the inputs the deployment would get.
    const exportFile = perStackFile(s.options.exportFile, stack, s.several);
    if (exportFile) {
        fs.writeFileSync(exportFile, `${JSON.stringify(toDeployment(resources), null, 2)}\n`);
        outcome.lines.push(`Deployment export written to ${exportFile}`);
    }
    return outcome;
}

/** The pack's `name@version`, from the first stack that was analyzed. */
function packName(outcomes: Outcome[]): string {
    return outcomes.find((o) => o.view)?.view?.policyPack ?? "policy pack";
}

/**
 * Prints the problems of the stacks that failed, each once: a stack that failed only because a
 * stack it references failed adds nothing when that stack's problems are printed too (or names
 * it when it is not being previewed); a problem every failed stack shares (an override given
 * to all) is printed once, others name their stacks.
 */
async function printFailures(failures: Outcome[], runner: StackRunner, byStack: Map<string, Outcome>): Promise<void> {
    const stacksByLine = new Map<string, string[]>();
    const add = (line: string, stack: string) => stacksByLine.set(line, [...(stacksByLine.get(line) ?? []), stack]);
    for (const f of failures) {
        const reference = runner.failedReference(f.stack);
        const referenced = reference === undefined ? undefined : byStack.get(reference);
        if (referenced?.exitCode === EXIT.error) continue;
        if (reference !== undefined && !referenced) {
            const cause = await runner.run(reference).then(programProblems, (err: Error) => [err.message]);
            if (cause.length) {
                cause.forEach((line) => add(`${line} (in stack "${reference}", which stack "${f.stack}" references)`, f.stack));
                continue;
            }
        }
        f.errors.forEach((line) => add(line, f.stack));
    }
    const failedStacks = new Set([...stacksByLine.values()].flat());
    for (const [line, stacks] of stacksByLine) {
        const which = failedStacks.size > 1 && stacks.length < failedStacks.size ? ` [stack ${stacks.join(", ")}]` : "";
        process.stderr.write(`error: ${line}${which}\n`);
    }
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
    checkStacksExist(projectDir, stacks);
    // The overrides' syntax is checked before any process starts (the project name, read
    // later, only qualifies keys written without a namespace).
    options.config.forEach((c) => parseOverride(c, "project"));
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
            (stack, record) => analyses.get(stack)?.add(record), previousOutputs(options.previous));
        packs.forEach(({ stack, pack }) => analyses.set(stack, new StackAnalysis(stack, pack, runner, s)));
        const outcomes = await Promise.all(stacks.map((stack) =>
            previewStack(stack, runner, analyses.get(stack)!, s).catch((err: Error) => {
                if (err instanceof UsageError) {
                    throw err;
                }
                return failed(stack, [err.message]);
            })));
        const references = new Map<string, string[]>();
        for (const stack of stacks) {
            const program = await runner.run(stack).catch(() => undefined);
            references.set(stack, program
                ? [...program.references, ...configReferences(program.config, project.name, stacks)] : []);
        }
        const byStack = new Map(outcomes.map((o) => [o.stack, o]));
        const ordered = referenceOrder(stacks, references).map((stack) => byStack.get(stack)!);
        if (options.htmlFile) {
            writeHtmlReport(options.htmlFile, ordered.flatMap((o) => (o.view ? [o.view] : [])), packName(ordered));
            ordered[ordered.length - 1].lines.push(`HTML report written to ${options.htmlFile}`);
        }
        ordered.forEach((outcome) => {
            if (outcome.exitCode !== EXIT.error) printOutcome(outcome);
        });
        await printFailures(outcomes.filter((o) => o.exitCode === EXIT.error), runner, byStack);
        return Math.max(EXIT.ok, ...outcomes.map((o) => o.exitCode));
    } finally {
        releaseSpares();
        for (const p of packs) {
            p.pack.then((pk) => pk.close(), () => undefined);
        }
    }
}
