/**
 * The layers of the README's layout table, as the imports between the repository's own files
 * keep them: each layer imports only the layers listed for it, and no chain of imports comes
 * back to where it started.
 */
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..");

/** The layers, most specific path first; a file belongs to the first that contains it. */
const LAYERS = ["index.ts", "stack/", "components/", "config/", "lib/", "policy/lib/facts/", "policy/", "tools/", "tests/"] as const;
type Layer = (typeof LAYERS)[number];

/** Which layers each layer may import (its own included). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
    "index.ts": ["stack/", "config/", "lib/"],
    "stack/": ["stack/", "components/", "config/", "lib/", "policy/lib/facts/"],
    "components/": ["components/", "config/", "lib/", "policy/lib/facts/"],
    "config/": ["config/", "lib/", "policy/lib/facts/"],
    "lib/": ["lib/", "policy/lib/facts/"],
    "policy/lib/facts/": ["policy/lib/facts/"],
    "policy/": ["policy/", "policy/lib/facts/"],
    "tools/": ["tools/", "policy/", "policy/lib/facts/", "config/", "lib/"],
    "tests/": [...LAYERS],
};

function layerOf(file: string): Layer {
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    const layer = LAYERS.find((l) => (l.endsWith("/") ? rel.startsWith(l) : rel === l));
    if (!layer) {
        throw new Error(`${rel} is in no layer of the layout table`);
    }
    return layer;
}

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules" || e.name.startsWith(".")) {
            return [];
        }
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : /\.(ts|js)$/.test(e.name) ? [full] : [];
    });
}

/**
 * Relative module specifiers of a file: static and dynamic imports, re-exports, requires;
 * without `typeOnly`, not the `import type` ones (erased by the compiler, so no runtime cycle).
 */
export function specifiers(text: string, typeOnly = true): string[] {
    const found: string[] = [];
    const source = typeOnly ? text : text.replace(/^\s*(import|export)\s+type\b[^;]*;/gm, "");
    const patterns = [/\bfrom\s+["'](\.[^"']*)["']/g, /\bimport\s+["'](\.[^"']*)["']/g, /\b(?:require|import)\(\s*["'](\.[^"']*)["']\s*\)/g];
    for (const pattern of patterns) {
        for (const m of source.matchAll(pattern)) {
            found.push(m[1]);
        }
    }
    return found;
}

/** Source without block comments and whole-line comments (doc examples are not imports). */
function withoutComments(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function resolve(from: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(from), spec);
    return [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts"), path.join(base, "index.js")]
        .find((f) => fs.existsSync(f) && fs.statSync(f).isFile() && /\.(ts|js)$/.test(f));
}

/**
 * Every source file and the repository files it imports. Type-only imports count in the
 * program's and the pack's layers; in tools/ and tests/ only runtime imports do.
 */
function importGraph(): Map<string, string[]> {
    const files = [path.join(ROOT, "index.ts"), ...["stack", "components", "config", "lib", "policy", "tools", "tests"].flatMap((d) => sources(path.join(ROOT, d)))];
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const text = withoutComments(fs.readFileSync(file, "utf8"));
        const typeOnly = !["tools/", "tests/"].includes(layerOf(file));
        graph.set(file, specifiers(text, typeOnly).map((s) => resolve(file, s)).filter((f): f is string => f !== undefined));
    }
    return graph;
}

/** The import cycles of a graph (one per strongly connected component), as file lists. */
export function cycles(graph: Map<string, string[]>): string[][] {
    let index = 0;
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (v: string): void => {
        order.set(v, index);
        low.set(v, index++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!order.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, order.get(w)!));
            }
        }
        if (low.get(v) === order.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
                found.push(component);
            }
        }
    };
    for (const v of graph.keys()) {
        if (!order.has(v)) {
            visit(v);
        }
    }
    return found;
}

const rel = (f: string) => path.relative(ROOT, f);

describe("layout: which layer may import which", () => {
    const graph = importGraph();

    it("imports only from the layers the README's layout table allows", () => {
        const wrong: string[] = [];
        for (const [file, targets] of graph) {
            const from = layerOf(file);
            for (const target of targets) {
                const to = layerOf(target);
                if (!MAY_IMPORT[from].includes(to)) {
                    wrong.push(`${rel(file)} (${from}) imports ${rel(target)} (${to})`);
                }
            }
        }
        expect(wrong).to.deep.equal([]);
    });

    it("has no import cycle", () => {
        expect(cycles(graph).map((c) => c.map(rel).sort().join(" -> "))).to.deep.equal([]);
    });

    it("keeps the facts modules free of imports but each other's, so the program can load them from the pack's folder", () => {
        for (const file of [...graph.keys()].filter((f) => layerOf(f) === "policy/lib/facts/")) {
            // A sibling in the facts folder only: no package, nothing up the tree.
            for (const specifier of specifiers(fs.readFileSync(file, "utf8"), false)) expect(specifier, rel(file)).to.match(/^\.\/[\w.-]+$/);
        }
    });
});

describe("layout: the checks themselves", () => {
    it("finds static, dynamic, side-effect and re-export imports", () => {
        expect(specifiers(`import a from "./a";\nimport "./b";\nexport { c } from "../c";\nconst d = require("./d");\nawait import("./e");\nimport x from "zod";`))
            .to.have.members(["./a", "./b", "../c", "./d", "./e"]);
        expect(specifiers(`import type { A } from "./a";\nimport { b } from "./b";`, false)).to.deep.equal(["./b"]);
    });

    it("finds a cycle, and none in a chain", () => {
        expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).to.have.length(1);
        expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]]))).to.deep.equal([]);
    });
});
