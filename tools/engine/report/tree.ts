import { EngineResource } from "../model";

/** Default providers are the engine's, not the program's: `pulumi preview` hides them too. */
function shown(r: EngineResource): boolean {
    return !(r.type.startsWith("pulumi:providers:") && r.name.startsWith("default"));
}

/**
 * Where the resources come from: a program run (each would be created) or a stack's state
 * (an export: each already exists, what the CLI calls "same").
 */
export type ResourceOrigin = "program" | "state";

/**
 * The resources as `pulumi preview` lists them: one line per resource, `+` for a create
 * (nothing for one that already exists) and `>` for a read, nested under its parent in
 * registration order.
 */
export function formatTree(resources: EngineResource[], origin: ResourceOrigin = "program"): string[] {
    const visible = resources.filter(shown);
    const urns = new Set(visible.map((r) => r.urn));
    const children = new Map<string, EngineResource[]>();
    const roots: EngineResource[] = [];
    for (const r of visible) {
        if (r.parent && urns.has(r.parent)) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        } else {
            roots.push(r);
        }
    }
    const rows: { op: string; label: string; name: string }[] = [];
    const walk = (r: EngineResource, prefix: string, branch: string) => {
        rows.push({ op: r.external ? ">" : origin === "state" ? " " : "+", label: `${prefix}${branch}${r.type}`, name: r.name });
        const kids = children.get(r.urn) ?? [];
        const childPrefix = prefix + (branch === "" ? "" : branch === "├─ " ? "│  " : "   ");
        kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1 ? "└─ " : "├─ "));
    };
    roots.forEach((r) => walk(r, "", ""));
    const width = Math.max(4, ...rows.map((r) => r.label.length));
    return [
        `     ${"Type".padEnd(width)}  Name`,
        ...rows.map((r) => ` ${r.op}   ${r.label.padEnd(width)}  ${r.name}`),
    ];
}

/** Counts per type, most frequent first, then by type name. */
function countByType(resources: EngineResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of resources.filter(shown)) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The summary after the tree: totals by operation, then counts per type. */
export function formatSummary(resources: EngineResource[], origin: ResourceOrigin = "program"): string[] {
    const visible = resources.filter(shown);
    const reads = visible.filter((r) => r.external).length;
    const counts = countByType(resources);
    const width = Math.max(...counts.map(([t]) => t.length));
    return [
        "Resources:",
        origin === "state" ? `    ${visible.length - reads} unchanged (existing resources of the export)` : `    + ${visible.length - reads} to create`,
        ...(reads ? [`    > ${reads} to read`] : []),
        "",
        "By type:",
        ...counts.map(([type, n]) => `    ${type.padEnd(width)}  ${String(n).padStart(4)}`),
    ];
}
