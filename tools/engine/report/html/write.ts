import * as fs from "fs";
import { EngineResource } from "../../model";
import type { PackResult } from "../../pack/protocol";
import { buildArchitecture, ReportPath, StackView } from "./architecture";
import { renderPage } from "./page";

/** The region a stack's default provider deploys to: what an export says of its stack. */
export function defaultRegion(resources: EngineResource[]): string {
    const provider = resources.find((r) => r.type === "pulumi:providers:aws" && r.name.startsWith("default"))
        ?? resources.find((r) => r.type === "pulumi:providers:aws");
    const region = provider?.inputs.region;
    return typeof region === "string" ? region : "unknown region";
}

/** One stack's run as the report takes it. */
export function stackView(stack: string, region: string, resources: EngineResource[], result: PackResult, paths: ReportPath[] = [], variant?: string): StackView {
    return { stack, variant, region, resources, violations: result.violations, remediation: result.remediation, paths, policyPack: result.policyPack };
}

/** Writes the self-contained HTML report of the given stacks. */
export function writeHtmlReport(file: string, views: StackView[], policyPack: string, generated = new Date().toISOString()): void {
    const model = buildArchitecture(views);
    const page = renderPage(model, { title: "ExpertConnect infrastructure: architecture and policy report", generated, policyPack });
    fs.writeFileSync(file, page);
}
