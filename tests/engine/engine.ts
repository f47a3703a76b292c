/** Runs the offline engine's command line on the fixture program and pack, as CI would. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

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
