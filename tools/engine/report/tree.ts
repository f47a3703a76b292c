import { EngineResource } from "../model";

/** Default providers are the engine's, not the program's: `pulumi preview` hides them too. */
export function shown(r: EngineResource): boolean {
    return !(r.type.startsWith("pulumi:providers:") && r.name.startsWith("default"));
}

/**
 * Where the resources come from: a program run (each would be created) or a stack's state
 * (an export: each already exists, what the CLI calls "same").
 */
export type ResourceOrigin = "program" | "state";

/**
 * A type token as the CLI's Type column shows it: `aws:ec2/securityGroup:SecurityGroup` →
 * `aws:ec2:SecurityGroup`. The module's last path segment is dropped when it only repeats the
 * type name (lower-camel); any other token is shown whole.
 */
export function displayType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3) {
        return type;
    }
    const [pkg, module, name] = parts;
    const slash = module.lastIndexOf("/");
    if (slash < 0 || name === "" || module.slice(slash + 1) !== name[0].toLowerCase() + name.slice(1)) {
        return type;
    }
    return `${pkg}:${module.slice(0, slash)}:${name}`;
}

/** The Plan column: what `pulumi preview` would do with the resource. */
function plan(r: EngineResource, origin: ResourceOrigin): { op: string; plan: string } {
    if (r.external) {
        return { op: ">", plan: "read" };
    }
    return origin === "state" ? { op: " ", plan: "" } : { op: "+", plan: "create" };
}

export interface TreeOptions {
    /** Full type tokens in the Type column (`--full-types`). @default false */
    fullTypes?: boolean;
}

/**
 * The resources as `pulumi preview` lists them: Type, Name and Plan columns, one line per
 * resource nested under its parent in registration order, `+` for a create (nothing for one
 * that already exists) and `>` for a read.
 */
export function formatTree(resources: EngineResource[], origin: ResourceOrigin = "program", opts: TreeOptions = {}): string[] {
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
    const rows: { op: string; label: string; name: string; plan: string }[] = [];
    const walk = (r: EngineResource, prefix: string, branch: string) => {
        const type = opts.fullTypes ? r.type : displayType(r.type);
        rows.push({ ...plan(r, origin), label: `${prefix}${branch}${type}`, name: r.name });
        const kids = children.get(r.urn) ?? [];
        const childPrefix = prefix + (branch === "" ? "" : branch === "├─ " ? "│  " : "   ");
        kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1 ? "└─ " : "├─ "));
    };
    roots.forEach((r) => walk(r, "", ""));
    const typeWidth = Math.max(4, ...rows.map((r) => r.label.length));
    const nameWidth = Math.max(4, ...rows.map((r) => r.name.length));
    return [
        `     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  Plan`,
        ...rows.map((r) => ` ${r.op}   ${r.label.padEnd(typeWidth)}  ${r.name.padEnd(nameWidth)}  ${r.plan}`.trimEnd()),
    ];
}

/** Counts per type, most frequent first, then by type name (`--by-type`). */
export function formatByType(resources: EngineResource[]): string[] {
    const counts = new Map<string, number>();
    for (const r of resources.filter(shown)) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const width = Math.max(0, ...sorted.map(([t]) => t.length));
    return ["By type:", ...sorted.map(([type, n]) => `    ${type.padEnd(width)}  ${String(n).padStart(4)}`)];
}

/** The CLI's closing summary: totals by operation. */
export function formatSummary(resources: EngineResource[], origin: ResourceOrigin = "program"): string[] {
    const visible = resources.filter(shown);
    const reads = visible.filter((r) => r.external).length;
    const rest = visible.length - reads;
    return [
        "Resources:",
        origin === "state" ? `    ${rest} unchanged` : `    + ${rest} to create`,
        ...(reads ? [`    > ${reads} to read`] : []),
    ];
}
