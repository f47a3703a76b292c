import * as fs from "fs";
import * as path from "path";
import { EXIT, UsageError } from "../errors";
import type { AnalysisInput, PackResult } from "../pack/protocol";
import { EngineResource, STACK_TYPE } from "../model";
import { formatDiagnostics } from "../report/diagnostics";
import { formatOutputs } from "../report/outputs";
import { formatByType, formatSummary, formatTree, ResourceOrigin } from "../report/tree";
import { formatPolicies, mandatoryCount, writeReport } from "../report/violations";
import type { StackView } from "../report/html/architecture";

/** Everything one stack (or export) produced, printed as a block once it is complete. */
export interface Outcome {
    stack: string;
    /** What the HTML report draws of this stack, when analysis ran. */
    view?: StackView;
    exitCode: number;
    lines: string[];
    errors: string[];
}

/** Where JSON.parse stopped, in words: `line 3, column 7`, or that the text ends too soon. */
function jsonErrorPlace(text: string, message: string): string {
    const at = /line (\d+) column (\d+)/.exec(message);
    if (at) return `line ${at[1]}, column ${at[2]}`;
    const position = /position (\d+)/.exec(message);
    if (position) {
        const before = text.slice(0, Number(position[1])).split("\n");
        return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    }
    return text.trim() === "" ? "the file is empty" : "the text ends before the document does";
}

/** Reads a JSON file, with a usage error naming it when missing or malformed. */
export function readJson(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as NodeJS.ErrnoException).code === "EISDIR" ? "a directory, not a file" : "not readable";
        throw new UsageError(`cannot read ${file}: ${why}`);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${file}: not valid JSON (${jsonErrorPlace(text, (err as Error).message)})`);
    }
}

/**
 * The policy config for a stack: the given file, else `<pack>/config/<stack>.json` if present
 * (what CI passes to `pulumi preview --policy-pack-config`).
 */
export function packConfigFor(given: string | undefined, packDir: string, stack: string): AnalysisInput["packConfig"] {
    const file = given ?? path.join(packDir, "config", `${stack}.json`);
    if (!given && !fs.existsSync(file)) {
        return undefined;
    }
    const content = readJson(file);
    if (typeof content !== "object" || content === null || Array.isArray(content)) {
        throw new UsageError(`${file}: expected a JSON object keyed by policy name`);
    }
    return { file, content: content as Record<string, unknown> };
}

/**
 * The pack's `stack-config.json` (policy properties that restate stack config keys), or none.
 * Only a preview knows the stack config, so only a preview checks them.
 */
export function stackConfigMirrors(packDir: string): Record<string, string> | undefined {
    const file = path.join(packDir, "stack-config.json");
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const content = readJson(file);
    if (typeof content !== "object" || content === null || Array.isArray(content) || Object.values(content).some((v) => typeof v !== "string")) {
        throw new UsageError(`${file}: expected a JSON object mapping policy config properties to stack config keys`);
    }
    return content as Record<string, string>;
}

/** `out.json` → `out.prod.json` when several stacks write one option's file. */
export function perStackFile(file: string | undefined, stack: string, several: boolean): string | undefined {
    if (!file || !several) {
        return file;
    }
    const ext = path.extname(file);
    return `${file.slice(0, file.length - ext.length)}.${stack}${ext}`;
}

/** What a rendered stack shows beyond the CLI's sections. */
export interface RenderOptions {
    /** Program run or stack state. @default "program" */
    origin?: ResourceOrigin;
    /** The program's diagnostics (warnings and errors it printed). @default "" */
    diagnostics?: string;
    /** Where the pack came from, as the CLI shows it. @default "local: policy" */
    packSource?: string;
    /** Full type tokens in the tree (`--full-types`). @default false */
    fullTypes?: boolean;
    /** Counts per type after the summary (`--by-type`). @default false */
    byType?: boolean;
    /** The verified runtime paths section (`Paths: N verified`). @default [] */
    paths?: string[];
}

/** The stack resource's name, `<project>-<stack>`, which the CLI shows for stack-level findings. */
function stackResourceName(resources: EngineResource[], stack: string): string {
    return resources.find((r) => r.type === STACK_TYPE)?.name ?? stack;
}

/**
 * Renders a stack in the order `pulumi preview --policy-pack` prints it — header, resource tree,
 * Policies, Diagnostics, Outputs, Resources — then this engine's extras, and writes the report.
 */
export function render(
    header: string, stack: string, resources: EngineResource[], result: PackResult, reportFile: string | undefined,
    opts: RenderOptions = {},
): Outcome {
    const origin = opts.origin ?? "program";
    const stackName = stackResourceName(resources, stack);
    const outputs = formatOutputs(resources);
    const lines = [
        header, "",
        ...formatTree(resources, origin, { fullTypes: opts.fullTypes }), "",
        ...formatPolicies(result, opts.packSource ?? "local: policy", stackName), "",
        ...formatDiagnostics(opts.diagnostics ?? "", stackName),
        ...(outputs.length ? [...outputs, ""] : []),
        ...formatSummary(resources, origin),
        ...(opts.paths?.length ? ["", ...opts.paths] : []),
        ...(opts.byType ? ["", ...formatByType(resources)] : []),
    ];
    if (reportFile) {
        writeReport(reportFile, stack, resources.length, result);
        lines.push(`Policy report written to ${reportFile}`);
    }
    return { stack, exitCode: mandatoryCount(result) > 0 ? EXIT.violations : EXIT.ok, lines, errors: [] };
}

/** An outcome that failed before or during analysis: its problems, one line each. */
export function failed(stack: string, errors: string[]): Outcome {
    return { stack, exitCode: EXIT.error, lines: [], errors };
}

/** Prints an outcome: its lines on stdout, its errors on stderr. */
export function printOutcome(o: Outcome): void {
    process.stdout.write(`${o.lines.join("\n")}\n`);
    for (const e of o.errors) {
        process.stderr.write(`error: ${e}\n`);
    }
    process.stdout.write("\n");
}

/** Resource count shown in headers. */
export function countLabel(resources: EngineResource[]): string {
    return `${resources.length} resource${resources.length === 1 ? "" : "s"}`;
}
