import * as fs from "fs";
import { PackResult, Violation } from "../pack/protocol";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

/** Violations grouped by policy (mandatory policies first), each with its URN and message. */
export function formatViolations(result: PackResult): string[] {
    const lines = [`Policies (${result.policyPack}):`];
    for (const r of result.remediations) {
        lines.push(`    ~ ${r.policyName} remediated ${r.urn}`);
    }
    if (result.violations.length === 0) {
        lines.push("    no policy violations");
        return lines;
    }
    const byPolicy = new Map<string, Violation[]>();
    for (const v of result.violations) {
        byPolicy.set(v.policyName, [...(byPolicy.get(v.policyName) ?? []), v]);
    }
    const groups = [...byPolicy.entries()].sort((a, b) =>
        LEVEL_ORDER.indexOf(a[1][0].enforcementLevel) - LEVEL_ORDER.indexOf(b[1][0].enforcementLevel) || a[0].localeCompare(b[0]));
    for (const [policy, vs] of groups) {
        const first = vs[0];
        const severity = first.severity ? `, ${first.severity}` : "";
        lines.push(`    [${first.enforcementLevel}${severity}]  ${policy}  (${vs.length} violation${vs.length === 1 ? "" : "s"})`);
        for (const v of vs) {
            lines.push(`        ${v.urn || "(stack)"}`);
            lines.push(...v.message.split("\n").map((l) => `          ${l}`));
        }
    }
    const mandatory = mandatoryCount(result);
    lines.push("", `${mandatory} mandatory, ${result.violations.length - mandatory} advisory violation(s)`);
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
