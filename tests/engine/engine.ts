/** Runs the offline engine's command line on the fixture program and pack, as CI would. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/engine/cli/main";
import { PreviewOptions, StackPreview, stackPreview } from "../support/stackPreview";

const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURE_PROGRAM = path.join(ROOT, "tests", "fixtures", "engine", "program");
export const FIXTURE_PACK = path.join(ROOT, "tests", "fixtures", "engine", "pack");

export interface EngineRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `node tools/run.js <args>` in the repository root. */
export function engine(args: string[]): EngineRun {
    const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "run.js"), ...args], { cwd: ROOT, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `preview` of the fixture program with the fixture pack. */
export function previewFixture(args: string[]): EngineRun {
    return engine(["preview", "--cwd", FIXTURE_PROGRAM, "--policy-pack", FIXTURE_PACK, ...args]);
}

/** `preview` of one stack of the fixture program with the fixture pack, shared and cached like the project's stacks. */
export function sharedFixturePreview(stack: string, options: PreviewOptions = {}): StackPreview {
    return stackPreview(stack, { cwd: FIXTURE_PROGRAM, policyPack: FIXTURE_PACK, ...options });
}

/**
 * The engine's `main` in this process, stdout and stderr captured: for what it refuses or
 * answers before it starts any process (arguments, help, unknown stacks, malformed files).
 */
export async function engineInProcess(argv: string[]): Promise<EngineRun> {
    const out = { stdout: "", stderr: "" };
    const write = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
    try {
        const code = await main(argv);
        return { code, ...out };
    } finally {
        process.stdout.write = write.stdout;
        process.stderr.write = write.stderr;
    }
}

/** A fresh temporary directory for exports and reports. */
export function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-"));
}

export function readJsonFile<T = any>(file: string): T {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Report violations as `policy|level|urn|message` lines, sorted, for whole-set comparisons. */
export function violationKeys(report: { violations: { policyName: string; enforcementLevel: string; urn: string; message: string }[] }): string[] {
    return report.violations.map((v) => `${v.policyName}|${v.enforcementLevel}|${v.urn}|${v.message}`).sort();
}
