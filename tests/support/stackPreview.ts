/**
 * One offline preview per stack and options, shared by every test that needs the whole
 * program's result (`npm run preview -- --stack S --config … --previous … --policy-pack-config …
 * --export … --report …`).
 *
 * A preview of prod takes seconds of CPU; a dozen test files used to run their own. Here each
 * (stack, options) pair runs once, and its result is kept in a cache file keyed by a digest of
 * everything that decides it: the program, the pack, the engine, the stack files, the lockfiles,
 * the Node version, and the content (not the name) of every file the run is given. Test files in
 * other mocha workers wait for a run already under way instead of starting their own; a later
 * `npm test` with no source change reuses the result. Callers get their own parsed copy, so a
 * test that edits an export edits only its copy.
 */
import { execFile, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
/** STACK_PREVIEW_CACHE moves the cache (an empty directory measures a cold run). */
const CACHE_DIR = process.env.STACK_PREVIEW_CACHE ?? path.join(ROOT, "node_modules", ".cache", "stack-previews");
/** What decides a preview's result, besides the stack and its overrides. */
const INPUTS = ["index.ts", "components", "config", "stack", "lib", "policy", "tools", "package-lock.json"];
/** A lock older than this belongs to a run that died; the next caller takes over. */
const STALE_LOCK_MS = 5 * 60_000;

/** A deployment export in `pulumi stack export` format, as a preview writes it. */
export interface Deployment {
    version: number;
    deployment: { resources: ExportedResource[]; [key: string]: unknown };
}

/** What a preview is given besides its stack; each field is one engine option. */
export interface PreviewOptions {
    /**
     * `--config KEY=VALUE` overrides, in order.
     * @default [] (the stack file as committed)
     */
    config?: string[];
    /**
     * `--previous` exports, one per stack: what that stack last deployed. Each is a file
     * (relative to the repository) or an export itself, such as another shared preview's
     * `deployment`; either way the run reads a copy written for it.
     * @default [] (the engine runs a referenced stack from its stack file)
     */
    previous?: Array<string | object>;
    /**
     * `--policy-pack-config`: a file (relative to the repository) or the configuration itself.
     * @default undefined (the engine's default, policy/config/<stack>.json)
     */
    packConfig?: string | Record<string, unknown>;
    /**
     * `--cwd`: another project directory (a test fixture); its files join the key.
     * @default undefined (this repository)
     */
    cwd?: string;
    /**
     * `--policy-pack`: another pack directory (a test fixture); its files join the key.
     * @default undefined (policy)
     */
    policyPack?: string;
    /**
     * Options that change only what is printed, such as `--by-type`.
     * @default []
     */
    flags?: string[];
}

export interface StackPreview {
    /** Exit code of the engine: 0, 1 (mandatory violation) or 2 (usage/config/program error). */
    code: number | null;
    stdout: string;
    stderr: string;
    /** The deployment export (`pulumi stack export` format), when the run wrote one. */
    deployment?: Deployment;
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
    const full = path.resolve(ROOT, entry);
    if (!fs.existsSync(full)) {
        return [];
    }
    if (!fs.statSync(full).isDirectory()) {
        return [full];
    }
    return fs.readdirSync(full, { withFileTypes: true })
        .filter((e) => e.name !== "node_modules" && !e.name.startsWith("."))
        .flatMap((e) => files(path.join(full, e.name)))
        .sort();
}

/** Digest of `entries` (files or directories): each file's path relative to `base` and its content. */
function digestOf(entries: string[], base: string, hash = crypto.createHash("sha256")): string {
    for (const file of entries.flatMap(files)) {
        hash.update(path.relative(base, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    return hash.digest("hex");
}

let digest: string | undefined;
/** Digest of the sources, stack files, lockfiles and Node version (computed once per process). */
export function sourcesDigest(): string {
    if (!digest) {
        const stackFiles = fs.readdirSync(ROOT).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f)).sort();
        digest = digestOf([...stackFiles, ...INPUTS], ROOT, crypto.createHash("sha256").update(process.version));
    }
    return digest;
}

/** One shared preview's command line, with the files it is given read as text: what its key digests and what it reads. */
interface Request {
    stack: string;
    config: string[];
    previous: string[];
    packConfig?: string;
    cwd?: string;
    policyPack?: string;
    flags: string[];
}

/** Reads each file option once (relative to the repository), so the key and the run see the same content. */
function requestOf(stack: string, options: PreviewOptions | string[]): Request {
    const { config = [], previous = [], packConfig, flags = [], ...dirs } = Array.isArray(options) ? { config: options } : options;
    const text = (value: string | object) => (typeof value === "string" ? fs.readFileSync(path.resolve(ROOT, value), "utf8") : JSON.stringify(value));
    const dir = (d?: string) => (d === undefined ? undefined : path.resolve(ROOT, d));
    return { stack, config, previous: previous.map(text), packConfig: packConfig === undefined ? undefined : text(packConfig), cwd: dir(dirs.cwd), policyPack: dir(dirs.policyPack), flags };
}

function cacheFile(r: Request): string {
    const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
    const dir = (d?: string) => (d === undefined ? null : digestOf([d], d));
    const files = {
        previous: r.previous.map(sha), packConfig: r.packConfig === undefined ? null : sha(r.packConfig),
        cwd: dir(r.cwd), policyPack: dir(r.policyPack),
    };
    const key = crypto.createHash("sha256").update(sourcesDigest()).update(JSON.stringify({ stack: r.stack, config: r.config, flags: r.flags, files })).digest("hex");
    return path.join(CACHE_DIR, `${r.stack}-${key.slice(0, 24)}.json`);
}

/** The engine's command line for one run in `dir`, after writing there the files it reads. */
function engineArgs(r: Request, dir: string): string[] {
    const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
    };
    return [path.join(ROOT, "tools", "run.js"), "preview", "--stack", r.stack, ...r.config.flatMap((c) => ["--config", c]),
        ...r.previous.flatMap((text, i) => ["--previous", write(`previous-${i}.json`, text)]),
        ...(r.packConfig === undefined ? [] : ["--policy-pack-config", write("pack-config.json", r.packConfig)]),
        ...(r.cwd === undefined ? [] : ["--cwd", r.cwd]), ...(r.policyPack === undefined ? [] : ["--policy-pack", r.policyPack]),
        ...r.flags, "--export", path.join(dir, "export.json"), "--report", path.join(dir, "report.json")];
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
 * One turn of the wait for a shared preview: the cached result, or (holding the lock until the
 * run settles) the result of running it now, or undefined while another process runs it.
 */
function attempt(file: string, run: (dir: string) => StackPreview): StackPreview | undefined;
function attempt(file: string, run: (dir: string) => Promise<StackPreview>): StackPreview | Promise<StackPreview> | undefined;
function attempt(file: string, run: (dir: string) => StackPreview | Promise<StackPreview>): StackPreview | Promise<StackPreview> | undefined {
    if (fs.existsSync(file)) {
        return JSON.parse(fs.readFileSync(file, "utf8")) as StackPreview;
    }
    if (!lock(file)) {
        return undefined;
    }
    let pending = false;
    try {
        const result = run(fs.mkdtempSync(path.join(os.tmpdir(), "stack-preview-")));
        pending = result instanceof Promise;
        return pending ? (result as Promise<StackPreview>).finally(() => unlock(file)) : result;
    } finally {
        if (!pending) {
            unlock(file);
        }
    }
}

/** A shared preview: its cache file, and the engine's command line for a run in a directory. */
interface Shared {
    file: string;
    args: (dir: string) => string[];
}

function shared(stack: string, options: PreviewOptions | string[]): Shared {
    const request = requestOf(stack, options);
    return { file: cacheFile(request), args: (dir) => engineArgs(request, dir) };
}

const SPAWN = { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 } as const;

/**
 * The preview of `stack` with `options`, run once and shared by every test and worker.
 * `stackPreview(stack, config)` is short for `stackPreview(stack, { config })`.
 */
export function stackPreview(stack: string, options: PreviewOptions | string[] = {}): StackPreview {
    const { file, args } = shared(stack, options);
    for (;;) {
        const done = attempt(file, (dir) => {
            const r = spawnSync(process.execPath, args(dir), SPAWN);
            return JSON.parse(store(file, dir, r.status, r.stdout, r.stderr)) as StackPreview;
        });
        if (done) {
            return done;
        }
        Atomics.wait(sleep, 0, 0, 200);
    }
}

/**
 * `stackPreview` without blocking the process: previews that do not depend on each other can
 * run side by side (`Promise.all`) when they are not cached yet.
 */
export async function stackPreviewAsync(stack: string, options: PreviewOptions | string[] = {}): Promise<StackPreview> {
    const { file, args } = shared(stack, options);
    for (;;) {
        const done = await attempt(file, (dir) => new Promise<StackPreview>((resolve, reject) => {
            execFile(process.execPath, args(dir), SPAWN, (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
                try {
                    resolve(JSON.parse(store(file, dir, code, stdout, stderr)) as StackPreview);
                } catch (e) {
                    reject(e);
                }
            });
        }));
        if (done) {
            return done;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

/** The resources of a preview's export; fails with the engine's output when there is none. */
export function exportedResources(run: StackPreview): ExportedResource[] {
    if (!run.deployment) {
        throw new Error(`the preview wrote no export (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
    }
    return run.deployment.deployment.resources;
}
