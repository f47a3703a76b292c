/**
 * The report page: one self-contained HTML file (inline CSS, script, layout library and data;
 * nothing fetched), readable without script through its tables, and printable.
 */
import * as fs from "fs";
import * as path from "path";
import type { ArchitectureModel, ArchNode, ComponentGroup, Status, StackModel } from "./architecture";

const HERE = __dirname;

/** ELK's layered layout, bundled: the picture is laid out in the browser, with no network. */
function elkBundle(): string {
    return fs.readFileSync(require.resolve("elkjs/lib/elk.bundled.js"), "utf8");
}

export function escapeHtml(s: string): string {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]!));
}

/** JSON inside a <script> element: `</script>` and `<!--` must not close or open anything. */
export function scriptJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Inline script text that cannot end its own element early. */
function inlineScript(code: string): string {
    return code.replace(/<\/(script)/gi, "<\\/$1");
}

const STATUS_TEXT: Record<Status, string> = { ok: "compliant", advisory: "advisory violation", mandatory: "mandatory violation" };

function stackTitle(s: StackModel): string {
    return `${s.stack}${s.variant ? ` (${s.variant})` : ""}`;
}

function violationCount(n: ArchNode | ComponentGroup): number {
    return ("nodes" in n ? n.resources : n.resources).reduce((a, r) => a + r.violations.length, 0);
}

/** The text alternative: every node of every stack, with its status and violations. */
function nodeTable(model: ArchitectureModel): string {
    const rows: string[] = [];
    for (const s of model.stacks) {
        for (const region of s.regions) {
            for (const c of region.components) {
                const members = [...c.nodes.map((n) => ({ name: n.name, label: n.label, status: n.status, count: violationCount(n), id: n.id })),
                    ...(c.resources.length ? [{ name: "(other resources)", label: `${c.resources.length} resources`, status: c.status, count: violationCount(c), id: c.id }] : [])];
                for (const n of members) {
                    rows.push(`<tr data-node="${escapeHtml(n.id)}" class="st-${n.status}"><td>${escapeHtml(stackTitle(s))}</td><td>${escapeHtml(region.region)}</td>`
                        + `<td>${escapeHtml(c.name)}</td><td>${escapeHtml(n.name)}</td><td>${escapeHtml(n.label)}</td>`
                        + `<td>${STATUS_TEXT[n.status]}</td><td>${n.count}</td></tr>`);
                }
            }
        }
    }
    return `<table class="nodes"><caption>Resources by stack, region and component</caption>
<thead><tr><th>Stack</th><th>Region</th><th>Component</th><th>Node</th><th>Kind</th><th>Policy status</th><th>Violations</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>`;
}

function linkTable(model: ArchitectureModel): string {
    const name = new Map<string, string>();
    model.stacks.forEach((s) => s.regions.forEach((r) => r.components.forEach((c) => {
        name.set(c.id, `${stackTitle(s)} · ${r.region} · ${c.name}`);
        c.nodes.forEach((n) => name.set(n.id, `${stackTitle(s)} · ${r.region} · ${n.name}`));
    })));
    const rows = model.links.map((l) => `<tr data-link="${escapeHtml(l.label)}"><td>${escapeHtml(l.label)}</td>`
        + `<td>${escapeHtml(name.get(l.from) ?? l.from)}</td><td>${escapeHtml(name.get(l.to) ?? l.to)}</td></tr>`);
    return `<table class="links"><caption>Cross-region links</caption>
<thead><tr><th>Link</th><th>From</th><th>To</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}

function summary(model: ArchitectureModel): string {
    return model.stacks.map((s) => {
        const nodes = s.regions.flatMap((r) => r.components.flatMap((c) => [...c.nodes, ...c.resources.length ? [c] : []]));
        const bad = (st: Status) => nodes.filter((n) => n.status === st).length;
        return `<li class="st-${s.status}"><strong>${escapeHtml(stackTitle(s))}</strong> (${escapeHtml(s.region)}): `
            + `${s.resourceCount} resources, ${bad("mandatory")} node(s) with mandatory and ${bad("advisory")} with advisory violations`
            + `${s.stackViolations.length ? `, ${s.stackViolations.length} stack-level violation(s)` : ""}</li>`;
    }).join("\n");
}

export interface PageOptions {
    title: string;
    /** When the report was made (ISO), shown in the header. */
    generated: string;
    policyPack: string;
}

/** The complete page. */
export function renderPage(model: ArchitectureModel, opts: PageOptions): string {
    const css = fs.readFileSync(path.join(HERE, "report.css"), "utf8");
    const client = fs.readFileSync(path.join(HERE, "client.js"), "utf8");
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(opts.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(opts.title)}</h1>
  <p class="meta">Policy pack ${escapeHtml(opts.policyPack)} · generated ${escapeHtml(opts.generated)} · offline preview: ids and ARNs are generated</p>
  <ul class="summary">${summary(model)}</ul>
  <div class="controls" id="controls"></div>
  <p class="hint">Select a node (click, or Tab to it) to see its resources, inputs, violations and remediation; the text view below lists the same.</p>
  <p class="legend"><span class="key st-ok">compliant</span> <span class="key st-advisory">advisory</span> <span class="key st-mandatory">mandatory violation</span>
  <span class="key edge-flow">traffic / data</span> <span class="key edge-uses">uses key</span> <span class="key edge-path">verified path</span> <span class="key edge-cross">cross-region</span></p>
</header>
<main>
  <section id="diagram" aria-label="Architecture diagram"><div id="stacks"></div><svg id="overlay" aria-hidden="true"></svg></section>
  <aside id="details" aria-live="polite" hidden></aside>
</main>
<section id="text">
  <h2>Text view</h2>
  ${nodeTable(model)}
  ${linkTable(model)}
</section>
<script type="application/json" id="model">${scriptJson(model)}</script>
<script>${inlineScript(elkBundle())}</script>
<script>${inlineScript(client)}</script>
</body>
</html>
`;
}
