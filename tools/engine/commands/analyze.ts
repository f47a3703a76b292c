import * as path from "path";
import { CliOptions } from "../cli/args";
import { UsageError } from "../errors";
import { fromDeployment, parseUrn } from "../export/deployment";
import { startPack } from "../pack/process";
import { analyzeAndRender, countLabel, packConfigFor, printOutcome, readJson } from "./shared";

/**
 * `analyze --file`: the offline twin of `pulumi policy analyze --file`. Runs the pack over a
 * deployment export with the same output and exit codes as `preview`. The stack and project
 * come from the resources' URNs; stack config is not part of an export, so none is sent.
 */
export async function analyzeExport(options: CliOptions): Promise<number> {
    const file = options.file!;
    const pack = startPack(path.resolve(options.policyPack));
    pack.catch(() => undefined);
    try {
        const resources = fromDeployment(readJson(file), file);
        if (resources.length === 0) {
            throw new UsageError(`${file}: the export has no resources`);
        }
        const { stack, project } = parseUrn(resources[0].urn);
        const outcome = await analyzeAndRender(await pack, {
            stack,
            project,
            organization: "organization",
            stackConfig: {},
            secretKeys: [],
            resources,
            packConfig: packConfigFor(options.policyPackConfig, path.resolve(options.policyPack), stack),
        }, options.reportFile, `Analyzing ${file} (stack "${stack}", ${countLabel(resources)})`);
        printOutcome(outcome);
        return outcome.exitCode;
    } finally {
        pack.then((p) => p.close(), () => undefined);
    }
}
