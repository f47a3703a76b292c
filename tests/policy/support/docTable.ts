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
