/**
 * One offline preview per stack and config, shared by every test that needs the whole
 * program's result (`npm run preview -- --stack S --config … --export … --report …`).
 *
 * A preview of prod takes seconds of CPU; a dozen test files used to run their own. Here each
 * (stack, config) pair runs once, and its result is kept in a cache file keyed by a digest of
 * everything that decides it: the program, the pack, the engine, the stack files, the lockfiles
 * and the Node version. Test files in other mocha workers wait for a run already under way
 * instead of starting their own; a later `npm test` with no source change reuses the result.
 * Callers get their own parsed copy, so a test that edits an export edits only its copy.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "stack-previews");
/** What decides a preview's result, besides the stack and its overrides. */
const INPUTS = ["index.ts", "components", "config", "stack", "lib", "policy", "tools", "package-lock.json"];
/** A lock older than this belongs to a run that died; the next caller takes over. */
const STALE_LOCK_MS = 5 * 60_000;

export interface StackPreview {
    /** Exit code of the engine: 0, 1 (mandatory violation) or 2 (usage/config/program error). */
    code: number | null;
    stdout: string;
    stderr: string;
    /** The deployment export (`pulumi stack export` format), when the run wrote one. */
    deployment?: { version: number; deployment: { resources: ExportedResource[] } };
    /** The policy report, when the run wrote one. */
    report?: { violations: { policyName: string; enforcementLevel: string; urn: string; message: string }[] };
}

export interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    protect?: boolean;
    retainOnDelete?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    [key: string]: unknown;
}

function files(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (!fs.existsSync(full)) {
        return [];
    }
    if (!fs.statSync(full).isDirectory()) {
        return [full];
    }
    return fs.readdirSync(full, { withFileTypes: true })
        .filter((e) => e.name !== "node_modules" && !e.name.startsWith("."))
        .flatMap((e) => files(path.join(entry, e.name)))
        .sort();
}

let digest: string | undefined;
/** Digest of the sources, stack files, lockfiles and Node version (computed once per process). */
export function sourcesDigest(): string {
    if (!digest) {
        const hash = crypto.createHash("sha256").update(process.version);
        const stackFiles = fs.readdirSync(ROOT).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f)).sort();
        for (const file of [...stackFiles, ...INPUTS].flatMap(files)) {
            hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0");
        }
        digest = hash.digest("hex");
    }
    return digest;
}

function cacheFile(stack: string, config: string[]): string {
    const key = crypto.createHash("sha256").update(sourcesDigest()).update(JSON.stringify({ stack, config })).digest("hex");
    return path.join(CACHE_DIR, `${stack}-${key.slice(0, 24)}.json`);
}

function engineArgs(stack: string, config: string[], dir: string): string[] {
    return [path.join(ROOT, "tools", "run.js"), "preview", "--stack", stack, ...config.flatMap((c) => ["--config", c]),
        "--export", path.join(dir, "export.json"), "--report", path.join(dir, "report.json")];
}

/** Reads what a run left in `dir` and stores it as the cache file (write, then rename). */
function store(file: string, dir: string, code: number | null, stdout: string, stderr: string): string {
    const read = (name: string) => {
        const f = path.join(dir, name);
        return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : undefined;
    };
    const text = JSON.stringify({ code, stdout, stderr, deployment: read("export.json"), report: read("report.json") });
    fs.rmSync(dir, { recursive: true, force: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
    return text;
}

/** Takes the run's lock: true when this process must run the preview, false when another does. */
function lock(file: string): boolean {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    try {
        fs.closeSync(fs.openSync(`${file}.lock`, "wx"));
        return true;
    } catch {
        const age = Date.now() - (fs.statSync(`${file}.lock`, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        if (age > STALE_LOCK_MS) {
            fs.rmSync(`${file}.lock`, { force: true });
            return lock(file);
        }
        return false;
    }
}

function unlock(file: string): void {
    fs.rmSync(`${file}.lock`, { force: true });
}

const sleep = new Int32Array(new SharedArrayBuffer(4));

/**
 * One turn of the wait for a shared preview: the cached result, or (holding the lock) the
 * result of running it now, or undefined while another process runs it.
 */
function attempt(file: string, run: (dir: string) => StackPreview): StackPreview | undefined {
    if (fs.existsSync(file)) {
        return JSON.parse(fs.readFileSync(file, "utf8")) as StackPreview;
    }
    if (!lock(file)) {
        return undefined;
    }
    try {
        return run(fs.mkdtempSync(path.join(os.tmpdir(), "stack-preview-")));
    } finally {
        unlock(file);
    }
}

/** The preview of `stack` with `--config` overrides, run once and shared by every test and worker. */
export function stackPreview(stack: string, config: string[] = []): StackPreview {
    const file = cacheFile(stack, config);
    for (;;) {
        const done = attempt(file, (dir) => {
            const r = spawnSync(process.execPath, engineArgs(stack, config, dir), { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
            return JSON.parse(store(file, dir, r.status, r.stdout, r.stderr)) as StackPreview;
        });
        if (done) {
            return done;
        }
        Atomics.wait(sleep, 0, 0, 200);
    }
}

/** The resources of a preview's export; fails with the engine's output when there is none. */
export function exportedResources(run: StackPreview): ExportedResource[] {
    if (!run.deployment) {
        throw new Error(`the preview wrote no export (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
    }
    return run.deployment.deployment.resources;
}
