"use strict";
/**
 * Loads TypeScript files the way `ts-node --transpile-only` does (each file transpiled on
 * its own, no type check), but keeps the JavaScript in a content-addressed cache so later
 * runs do not even load the compiler. Type checking is `npm run build`'s job.
 *
 * Plain JavaScript because it is what makes TypeScript loadable: `node -r tools/tsRequire.js x.ts`.
 * mocha loads tests through it too (.mocharc.json), so each test file is compiled once, not once
 * per run and worker.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "offline-engine-ts");
const TS_PACKAGE = require.resolve("typescript/package.json", { paths: [ROOT] });
const TS_VERSION = JSON.parse(fs.readFileSync(TS_PACKAGE, "utf8")).version;
// Mirrors tsconfig.json's emit settings. No source maps: enabling them makes Node parse the
// maps of every @pulumi module too, which costs more than the whole program run.
const COMPILER_OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true };

let ts;

function transpile(source, filename) {
    // The output depends on the source and the file's extension (.ts, .mts, .cts), not its folder:
    // a copy of the pack elsewhere (as `pulumi policy publish` ships it) reuses the cache.
    const key = crypto.createHash("sha256")
        .update(`${TS_VERSION}\0${JSON.stringify(COMPILER_OPTIONS)}\0${path.extname(filename)}\0${source}`)
        .digest("hex");
    const cached = path.join(CACHE_DIR, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // Not cached yet: compile below.
    }
    ts = ts || require(require.resolve("typescript", { paths: [ROOT] }));
    const options = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, ROOT).options;
    const output = ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: concurrent processes (both stacks, the pack) never read half a file.
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, output);
    fs.renameSync(temp, cached);
    return output;
}

// V8's compiled code for every module (@pulumi/aws is large) is cached on disk too: compiling
// JavaScript was the largest single cost of a preview after the first run.
require("module").enableCompileCache?.(path.join(ROOT, "node_modules", ".cache", "offline-engine-v8"));

require.extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
