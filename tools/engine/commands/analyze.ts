import * as path from "path";
import { CliOptions } from "../cli/args";
import { UsageError } from "../errors";
import { fromDeployment, parseUrn } from "../export/deployment";
import { packProcessesFor, startPack } from "../pack/process";
import { defaultRegion, stackView, writeHtmlReport } from "../report/html/write";
import { countLabel, render, packConfigFor, printOutcome, readJson } from "./shared";

/**
 * `analyze --file`: the offline twin of `pulumi policy analyze --file`. Runs the pack over a
 * deployment export with the same output and exit codes as `preview`. The stack and project
 * come from the resources' URNs; stack config is not part of an export, so none is sent.
 */
export async function analyzeExport(options: CliOptions): Promise<number> {
    const file = options.file!;
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
        const outcome = render(header, stack, resources, result, options.reportFile);
        if (options.htmlFile) {
            writeHtmlReport(options.htmlFile, [stackView(stack, defaultRegion(resources), resources, result)], result.policyPack);
            outcome.lines.push(`HTML report written to ${options.htmlFile}`);
        }
        printOutcome(outcome);
        return outcome.exitCode;
    } finally {
        for (const p of [pack, ...extra]) {
            p.then((started) => started.close(), () => undefined);
        }
    }
}
