import * as path from "path";
import { CliOptions } from "../cli/args";
import { UsageError } from "../errors";
import { fromDeployment, parseUrn } from "../export/deployment";
import { packProcessesFor, startPack } from "../pack/process";
import { defaultRegion, stackView, writeHtmlReport } from "../report/html/write";
import { countLabel, Outcome, packConfigFor, perStackFile, printOutcome, readJson, render } from "./shared";

/**
 * `analyze --file`: the offline twin of `pulumi policy analyze --file`. Runs the pack over a
 * deployment export with the same output and exit codes as `preview`. The stack and project
 * come from the resources' URNs; stack config is not part of an export, so none is sent.
 */
export async function analyzeExport(options: CliOptions): Promise<number> {
    const several = options.files.length > 1;
    const outcomes: Outcome[] = [];
    for (const file of options.files) {
        outcomes.push(await analyzeFile(file, options, perStackFile(options.reportFile, path.basename(file, ".json"), several)));
    }
    if (options.htmlFile) {
        const views = outcomes.flatMap((o) => (o.view ? [o.view] : []));
        writeHtmlReport(options.htmlFile, views, views[0]?.policyPack ?? "policy pack");
        outcomes[outcomes.length - 1].lines.push(`HTML report written to ${options.htmlFile}`);
    }
    outcomes.forEach(printOutcome);
    return Math.max(...outcomes.map((o) => o.exitCode));
}

/** Analyzes one export: the stack and project come from its URNs. */
async function analyzeFile(file: string, options: CliOptions, reportFile: string | undefined): Promise<Outcome> {
    const packDir = path.resolve(options.policyPack);
    const pack = startPack(packDir);
    pack.catch(() => undefined);
    const extra: ReturnType<typeof startPack>[] = [];
    try {
        const resources = fromDeployment(readJson(file), file);
        if (resources.length === 0) {
            throw new UsageError(`${file}: the export has no resources`);
        }
        const { stack, project } = parseUrn(resources[0].urn);
        // A large export gets more pack processes (the first is already starting).
        extra.push(...Array.from({ length: packProcessesFor(resources.length) - 1 }, () => startPack(packDir)));
        const { analyzeStack } = await import("../pack/session");
        const result = await analyzeStack(await Promise.all([pack, ...extra]), {
            stack,
            project,
            organization: "organization",
            stackConfig: {},
            secretKeys: [],
            resources,
            packConfig: packConfigFor(options.policyPackConfig, packDir, stack),
        });
        const header = `Analyzing ${file} (stack "${stack}", ${countLabel(resources)})`;
        const outcome = render(header, stack, resources, result, reportFile, {
            origin: "state", packSource: `local: ${options.policyPack}`, fullTypes: options.fullTypes, byType: options.byType,
        });
        outcome.view = stackView(stack, defaultRegion(resources), resources, result);
        return outcome;
    } finally {
        for (const p of [pack, ...extra]) {
            p.then((started) => started.close(), () => undefined);
        }
    }
}
