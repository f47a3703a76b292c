import * as path from "path";
import { CliOptions } from "../cli/args";
import { UsageError } from "../errors";
import { fromDeployment, parseUrn } from "../export/deployment";
import { EngineResource } from "../model";
import { startPack } from "../pack/process";
import { defaultRegion, stackView, writeHtmlReport } from "../report/html/write";
import { formatPaths, pathEdges, stackPaths } from "../report/paths";
import { countLabel, Outcome, packConfigFor, perStackFile, printOutcome, readJson, render } from "./shared";

/**
 * `analyze --file`: the offline twin of `pulumi policy analyze --file`. Runs the pack over a
 * deployment export with the same output and exit codes as `preview`. The stack and project
 * come from the resources' URNs; stack config is not part of an export, so none is sent.
 */
export async function analyzeExport(options: CliOptions): Promise<number> {
    const several = options.files.length > 1;
    // Every export is read and checked before any process starts: bad input stops here with
    // one line per problem.
    const exports = options.files.map((file) => ({ file, resources: readExport(file) }));
    const outcomes: Outcome[] = [];
    for (const { file, resources } of exports) {
        outcomes.push(await analyzeFile(file, resources, options, perStackFile(options.reportFile, path.basename(file, ".json"), several)));
    }
    if (options.htmlFile) {
        const views = outcomes.flatMap((o) => (o.view ? [o.view] : []));
        writeHtmlReport(options.htmlFile, views, views[0]?.policyPack ?? "policy pack");
        outcomes[outcomes.length - 1].lines.push(`HTML report written to ${options.htmlFile}`);
    }
    outcomes.forEach(printOutcome);
    return Math.max(...outcomes.map((o) => o.exitCode));
}

/** An export's resources, or a usage error naming the file (and the resource) at fault. */
function readExport(file: string): EngineResource[] {
    const resources = fromDeployment(readJson(file), file);
    if (resources.length === 0) {
        throw new UsageError(`${file}: the export has no resources; allowed: a stack export with at least one resource`);
    }
    return resources;
}

/** Analyzes one export: the stack and project come from its URNs. */
async function analyzeFile(file: string, resources: EngineResource[], options: CliOptions, reportFile: string | undefined): Promise<Outcome> {
    const { stack, project } = parseUrn(resources[0].urn);
    const packDir = path.resolve(options.policyPack);
    const packConfig = packConfigFor(options.policyPackConfig, packDir, stack);
    const pack = startPack(packDir);
    pack.catch(() => undefined);
    try {
        const { analyzeStack } = await import("../pack/session");
        const analysis = analyzeStack(await pack, {
            stack,
            project,
            organization: "organization",
            stackConfig: {},
            secretKeys: [],
            resources,
            packConfig,
        });
        analysis.catch(() => undefined);
        // The paths are verified here while the pack analyzes (the same evaluation as its paths-verified policy).
        const paths = await stackPaths(stack, resources);
        const result = await analysis;
        const header = `Analyzing ${file} (stack "${stack}", ${countLabel(resources)})`;
        const outcome = render(header, stack, resources, result, reportFile, {
            origin: "state", packSource: `local: ${options.policyPack}`, fullTypes: options.fullTypes, byType: options.byType,
            paths: formatPaths(paths),
        });
        outcome.view = stackView(stack, defaultRegion(resources), resources, result, pathEdges(paths));
        return outcome;
    } finally {
        pack.then((started) => started.close(), () => undefined);
    }
}
