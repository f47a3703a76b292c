import { typeCoverage } from "../../../policy/lib/coverage";
import type { GuardPolicy } from "../../../policy/lib/define";
import { fsbpFramework } from "../../../policy/lib/define";

/** Markers around the generated table in docs/policies.md. */
export const TABLE_START = "<!-- policy-table:start -->";
export const TABLE_END = "<!-- policy-table:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The policy table of docs/policies.md, rendered from the policies' own metadata. */
export function renderPolicyTable(policies: GuardPolicy[]): string {
    const rows = policies.map(p => {
        const control = p.metadata.fsbpControl;
        const fsbp = control ? `[${control}](${fsbpFramework(control).specification})` : "—";
        const stacks = p.environments ? p.environments.join(", ") : "all";
        return `| \`${p.name}\` | ${p.enforcementLevel} | ${p.metadata.severity} | ${stacks} | ${cell(p.metadata.guideSection)} | ${fsbp} | ${cell(p.description)} |`;
    });
    return [
        "| Policy | Level | Severity | Stacks | Guide section | FSBP control | What it checks |",
        "|---|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}

/** Markers around the generated type coverage table. */
export const COVERAGE_START = "<!-- type-coverage:start -->";
export const COVERAGE_END = "<!-- type-coverage:end -->";

/** The type coverage table of docs/policies.md, from policy/lib/coverage.ts and the policies' types. */
export function renderCoverageTable(policies: GuardPolicy[]): string {
    const rows = typeCoverage(policies).map(r =>
        `| \`${r.type}\` | ${r.categories.join(", ")} | ${r.policies.map(p => `\`${p}\``).join(", ") || "—"} | ${cell(r.note ?? "")} |`);
    return [
        "| Type | Category | Judged by | Why no policy is needed (or what AWS enforces) |",
        "|---|---|---|---|",
        ...rows,
    ].join("\n");
}

/** The generated sections of docs/policies.md: markers and renderer. */
export const GENERATED_SECTIONS = [
    { start: TABLE_START, end: TABLE_END, render: renderPolicyTable },
    { start: COVERAGE_START, end: COVERAGE_END, render: renderCoverageTable },
] as const;

/** `doc` with every generated section rewritten; throws when a section's markers are missing. */
export function regenerated(doc: string, policies: GuardPolicy[]): string {
    let result = doc;
    for (const section of GENERATED_SECTIONS) {
        const start = result.indexOf(section.start) + section.start.length;
        const end = result.indexOf(section.end);
        if (start < section.start.length || end < start) {
            throw new Error(`docs/policies.md lacks the ${section.start} / ${section.end} markers`);
        }
        result = `${result.slice(0, start)}\n${section.render(policies)}\n${result.slice(end)}`;
    }
    return result;
}
