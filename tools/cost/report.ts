/** Text report of a stack estimate, as `npm run cost` prints it. Pure: returns the lines. */
import { cents } from "../../policy/cost/estimate";
import { StackEstimate, UnpricedResource } from "../../policy/cost/model";
import { HOURS_PER_MONTH, PRICES_AS_OF } from "../../policy/cost/prices";

export interface ReportHeader {
    stack: string;
    /** `expertconnect:monthlyBudgetUsd` of the stack, when known. */
    budgetUsd?: number;
}

const usd = (n: number): string => cents(n).toFixed(2).padStart(10);

/** Groups unpriced resources by type and reason, so 20 log groups are one line. */
function grouped(items: UnpricedResource[]): string[] {
    const counts = new Map<string, number>();
    for (const i of items) {
        const key = `${i.type}: ${i.reason}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `    ${n} × ${key}`);
}

export function formatEstimate(header: ReportHeader, estimate: StackEstimate, detailed = true): string[] {
    const out = [`Stack ${header.stack}: estimated fixed monthly cost (on-demand list prices as of ${PRICES_AS_OF}, ${HOURS_PER_MONTH} h/month)`];
    const width = Math.max(9, ...Object.keys(estimate.byComponent).map((c) => c.length));
    out.push(`  ${"Component".padEnd(width)}  USD/month`);
    for (const [component, total] of Object.entries(estimate.byComponent)) {
        out.push(`  ${component.padEnd(width)} ${usd(total)}`);
    }
    let totalLine = `  ${"Total".padEnd(width)} ${usd(estimate.totalUsd)}`;
    if (header.budgetUsd !== undefined) {
        const share = Math.round((estimate.totalUsd / header.budgetUsd) * 100);
        const verdict = estimate.totalUsd > header.budgetUsd ? "OVER BUDGET" : "within budget";
        totalLine += `   budget ${cents(header.budgetUsd).toFixed(2)} (${share}%, ${verdict})`;
    }
    out.push(totalLine);
    if (detailed) {
        out.push("  Per resource:");
        for (const line of [...estimate.lines].sort((a, b) => a.component.localeCompare(b.component) || b.monthlyUsd - a.monthlyUsd)) {
            out.push(`    ${line.component.padEnd(width)} ${usd(line.monthlyUsd)}  ${line.type} ${line.name}: ${line.basis}`);
        }
    }
    if (estimate.usageBased.length > 0) {
        out.push(`  Not included, billed by use (${estimate.usageBased.length} resources):`, ...grouped(estimate.usageBased));
    }
    if (estimate.unpriced.length > 0) {
        out.push(`  NOT PRICED, add to policy/cost/prices.ts (${estimate.unpriced.length} resources):`, ...grouped(estimate.unpriced));
    }
    return out;
}
