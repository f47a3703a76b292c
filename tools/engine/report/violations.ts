import * as fs from "fs";
import { PackResult } from "../pack/protocol";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

/** `(type: name)` as the CLI names a resource in the Policies section; the stack for stack-level findings. */
function subject(urn: string, stackName: string): string {
    if (!urn) {
        return `(pulumi:pulumi:Stack: ${stackName})`;
    }
    const parts = urn.split("::");
    const type = (parts[2] ?? "").split("$").pop();
    return `(${type}: ${parts[3] ?? ""})`;
}

/**
 * The Policies section in the shape `pulumi preview --policy-pack` prints: the pack with ✅ (no
 * violation), ⚠️ (advisory only) or ❌ (a mandatory one) and its source, then one entry per
 * violation — `- [level]  [severity: s]  policy  (type: name)` — with the policy's description
 * and the message below it, mandatory first.
 * @param source where the pack came from, e.g. `local: policy`
 * @param stackName `<project>-<stack>`, the stack resource's name, for stack-level violations
 */
export function formatPolicies(result: PackResult, source: string, stackName: string): string[] {
    const mandatory = mandatoryCount(result);
    const mark = mandatory > 0 ? "❌" : result.violations.length > 0 ? "⚠️" : "✅";
    const lines = ["Policies:", `    ${mark} ${result.policyPack} (${source})`];
    const sorted = result.violations.map((v, i) => ({ v, i })).sort((a, b) =>
        LEVEL_ORDER.indexOf(a.v.enforcementLevel) - LEVEL_ORDER.indexOf(b.v.enforcementLevel)
        || a.v.policyName.localeCompare(b.v.policyName) || a.i - b.i);
    for (const { v } of sorted) {
        const severity = v.severity ? `  [severity: ${v.severity}]` : "";
        lines.push(`        - [${v.enforcementLevel}]${severity}  ${v.policyName}  ${subject(v.urn, stackName)}`);
        lines.push(...v.message.split("\n").map((l) => `          ${l}`));
    }
    for (const r of result.remediations) {
        lines.push(`        - [remediate]  ${r.policyName}  ${subject(r.urn, stackName)}`, "          inputs changed by the policy before analysis");
    }
    return lines;
}

export function mandatoryCount(result: PackResult): number {
    return result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
}

/** The `--report` file: `{stack, policyPack, resourceCount, violations}`. */
export function writeReport(file: string, stack: string, resourceCount: number, result: PackResult): void {
    const report = {
        stack,
        policyPack: result.policyPack,
        resourceCount,
        violations: result.violations.map((v) => ({
            policyName: v.policyName,
            enforcementLevel: v.enforcementLevel,
            severity: v.severity,
            message: v.message,
            urn: v.urn,
        })),
    };
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
