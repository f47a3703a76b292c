/**
 * One offline preview per stack and options, shared by every test that needs the whole
 * program's result (`npm run preview -- --stack S --config … --previous … --policy-pack-config …
 * --export … --report …`), and likewise one `npm run analyze` per set of exports and options.
 *
 * A preview of prod takes seconds of CPU; a dozen test files used to run their own. Here each
 * command line runs once, and its result is kept in a cache file keyed by a digest of everything
 * that decides it: the program, the pack, the engine, the stack files, the lockfiles, the Node
 * version, the options, and the content (not the name) of every file and fixture directory the
 * run is given. Test files in other mocha workers wait for a run already under way instead of
 * starting their own; a later `npm test` with no source change reuses the result. Callers get
 * their own parsed copy, so a test that edits an export edits only its copy.
 */
import { execFile, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
/** STACK_PREVIEW_CACHE moves the cache (an empty directory measures a cold run). */
export const CACHE_DIR = process.env.STACK_PREVIEW_CACHE ?? path.join(ROOT, "node_modules", ".cache", "stack-previews");
/** What decides a preview's result, besides the stack and its overrides. */
const INPUTS = ["index.ts", "components", "config", "stack", "lib", "policy", "tools", "package-lock.json"];
/** A lock older than this belongs to a run that died; the next caller takes over. */
const STALE_LOCK_MS = 5 * 60_000;

/** A deployment export in `pulumi stack export` format, as a preview writes it. */
export interface Deployment {
    version: number;
    deployment: { resources: ExportedResource[]; [key: string]: unknown };
}

/** Which policy pack a run drives, and with which configuration. */
export interface PackOptions {
    /**
     * `--policy-pack-config`: a file (relative to the repository) or the configuration itself.
     * @default undefined (the engine's default, policy/config/<stack>.json)
     */
    packConfig?: string | Record<string, unknown>;
    /**
     * `--policy-pack`: another pack directory (a test fixture); its files join the key.
     * @default undefined (policy)
     */
    policyPack?: string;
}

/** What a preview is given besides its stack; each field is one engine option. */
export interface PreviewOptions extends PackOptions {
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
     * `--cwd`: another project directory (a test fixture); its files join the key.
     * @default undefined (this repository)
     */
    cwd?: string;
    /**
     * Options that change only what is printed, such as `--by-type`.
     * @default []
     */
    flags?: string[];
}

/** What `analyze` is given; each field is one engine option. */
export interface AnalyzeOptions extends PackOptions {
    /**
     * `--file` exports, one per stack: files (relative to the repository) or exports themselves,
     * such as a shared preview's `deployment` or a changed copy of it.
     */
    files: Array<string | object>;
    /**
     * `--html`: write the HTML report; the page comes back as `html`.
     * @default false
     */
    html?: boolean;
}

/** What a shared run of the engine left: its exit code and output, and the files it wrote. */
export interface StackPreview {
    /** Exit code of the engine: 0, 1 (mandatory violation) or 2 (usage/config/program error). */
    code: number | null;
    stdout: string;
    stderr: string;
    /** The deployment export (`pulumi stack export` format), when the run wrote one. */
    deployment?: Deployment;
    /** The policy report, when the run wrote one. */
    report?: { violations: { policyName: string; enforcementLevel: string; urn: string; message: string }[] };
    /** The HTML report, when the run wrote one. */
    html?: string;
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

/** Where a run writes each of its outputs, in its directory. */
const OUTPUTS = { "--export": "export.json", "--report": "report.json", "--html": "report.html" };
type Output = keyof typeof OUTPUTS;

/**
 * One engine command line to share. Its key is everything in it but paths of the run's own:
 * the files it is given count by content, the directories it reads by their files.
 */
interface Request {
    /** Start of the cache file's name: the stack, or the command. */
    name: string;
    /** The command and its options that name no file. */
    argv: string[];
    /** Files the run is given, as text, each after its option. */
    files: Array<[option: string, text: string]>;
    /** Directories the run reads (test fixtures), each after its option. */
    dirs: Array<[option: string, dir: string]>;
    outputs: Output[];
}

/** A file option's content: read once (relative to the repository), so the key and the run see the same text. */
const textOf = (value: string | object) => (typeof value === "string" ? fs.readFileSync(path.resolve(ROOT, value), "utf8") : JSON.stringify(value));

function packOptions(options: PackOptions): Pick<Request, "files" | "dirs"> {
    return {
        files: options.packConfig === undefined ? [] : [["--policy-pack-config", textOf(options.packConfig)]],
        dirs: options.policyPack === undefined ? [] : [["--policy-pack", path.resolve(ROOT, options.policyPack)]],
    };
}

/** A preview of `stack`, or of every stack when undefined (whose exports and reports are per stack: none is kept). */
function previewRequest(stack: string | undefined, options: PreviewOptions | string[]): Request {
    const { config = [], previous = [], flags = [], cwd, ...pack } = Array.isArray(options) ? { config: options } : options;
    const { files, dirs } = packOptions(pack);
    return {
        name: stack ?? "every-stack",
        argv: ["preview", ...(stack === undefined ? [] : ["--stack", stack]), ...config.flatMap((c) => ["--config", c]), ...flags],
        files: [...previous.map((p): [string, string] => ["--previous", textOf(p)]), ...files],
        dirs: [...(cwd === undefined ? [] : [["--cwd", path.resolve(ROOT, cwd)] as [string, string]]), ...dirs],
        outputs: stack === undefined ? [] : ["--export", "--report"],
    };
}

function analyzeRequest(options: AnalyzeOptions): Request {
    const { files, dirs } = packOptions(options);
    return {
        name: "analyze",
        argv: ["analyze"],
        files: [...options.files.map((f): [string, string] => ["--file", textOf(f)]), ...files],
        dirs,
        outputs: options.html ? ["--report", "--html"] : ["--report"],
    };
}

function cacheFile(r: Request): string {
    const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
    const key = JSON.stringify({
        argv: r.argv, outputs: r.outputs,
        files: r.files.map(([option, text]) => [option, sha(text)]),
        dirs: r.dirs.map(([option, dir]) => [option, digestOf([dir], dir)]),
    });
    return path.join(CACHE_DIR, `${r.name}-${sha(sourcesDigest() + key).slice(0, 24)}.json`);
}

/** The engine's command line for one run in `dir`, after writing there the files it reads. */
function engineArgs(r: Request, dir: string): string[] {
    const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
    };
    return [path.join(ROOT, "tools", "run.js"), ...r.argv,
        ...r.files.flatMap(([option, text], i) => [option, write(`input-${i}.json`, text)]),
        ...r.dirs.flat(), ...r.outputs.flatMap((option) => [option, path.join(dir, OUTPUTS[option])])];
}

/** Reads what a run left in `dir` and stores it as the cache file (write, then rename). */
function store(file: string, dir: string, code: number | null, stdout: string, stderr: string): string {
    const read = (output: Output) => {
        const f = path.join(dir, OUTPUTS[output]);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
    };
    const json = (text?: string) => (text === undefined ? undefined : JSON.parse(text));
    const text = JSON.stringify({ code, stdout, stderr, deployment: json(read("--export")), report: json(read("--report")), html: read("--html") });
    fs.rmSync(dir, { recursive: true, force: true });
    writeAtomically(file, text);
    return text;
}

/** Writes a cache file whole: to a temporary name, then renamed, so a reader in another worker never sees half of it. */
export function writeAtomically(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
}

/** Takes the run's lock: true when this process must run it, false when another does. */
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
 * One turn of the wait for a shared run: the cached result, or (holding the lock until the
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

const SPAWN = { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 } as const;

/** `request`, run once and shared by every test and worker: the cached result, or this process's run, or another's awaited. */
function shared(request: Request): StackPreview {
    const file = cacheFile(request);
    for (;;) {
        const done = attempt(file, (dir) => {
            const r = spawnSync(process.execPath, engineArgs(request, dir), SPAWN);
            return JSON.parse(store(file, dir, r.status, r.stdout, r.stderr)) as StackPreview;
        });
        if (done) {
            return done;
        }
        Atomics.wait(sleep, 0, 0, 200);
    }
}

/** `shared` without blocking the process: runs that do not depend on each other can go side by side. */
async function sharedAsync(request: Request): Promise<StackPreview> {
    const file = cacheFile(request);
    for (;;) {
        const done = await attempt(file, (dir) => new Promise<StackPreview>((resolve, reject) => {
            execFile(process.execPath, engineArgs(request, dir), SPAWN, (error, stdout, stderr) => {
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

/**
 * The preview of `stack` with `options`, run once and shared by every test and worker.
 * `stackPreview(stack, config)` is short for `stackPreview(stack, { config })`.
 */
export function stackPreview(stack: string, options: PreviewOptions | string[] = {}): StackPreview {
    return shared(previewRequest(stack, options));
}

/**
 * `stackPreview` without blocking the process: previews that do not depend on each other can
 * run side by side (`Promise.all`) when they are not cached yet.
 */
export function stackPreviewAsync(stack: string, options: PreviewOptions | string[] = {}): Promise<StackPreview> {
    return sharedAsync(previewRequest(stack, options));
}

/** `npm run preview` of every stack (no `--stack`) with `options`, shared like one stack's: its exit code and output. */
export function everyStackPreview(options: PreviewOptions = {}): StackPreview {
    return shared(previewRequest(undefined, options));
}

/** `npm run analyze` of `options.files`, run once and shared like a preview (its report and HTML page come back). */
export function sharedAnalyze(options: AnalyzeOptions): StackPreview {
    return shared(analyzeRequest(options));
}

/** The resources of a preview's export; fails with the engine's output when there is none. */
export function exportedResources(run: StackPreview): ExportedResource[] {
    if (!run.deployment) {
        throw new Error(`the preview wrote no export (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
    }
    return run.deployment.deployment.resources;
}
