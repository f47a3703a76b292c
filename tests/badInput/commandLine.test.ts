/**
 * Adversarial command lines and a handful of end-to-end runs of the real commands. Usage
 * mistakes and a malformed export run in-process through `main` (they are refused before any
 * process starts); the end-to-end runs check that a refused stack config or policy config really
 * leaves the engine with exit code 2, one line on stderr and nothing on stdout. Runs of one stack
 * are shared previews (the same command line with `--export`/`--report`, cached like every other).
 */
import { spawnSync } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineInProcess } from "../engine/engine";
import { stackPreview } from "../support/stackPreview";
import { expectOneLine } from "./expectations";

const ROOT = path.resolve(__dirname, "..", "..");

type Case = [what: string, argv: string[], fragments: string[]];

const USAGE: Case[] = [
    ["a mistyped stack", ["preview", "--stack", "prd"], ["unknown stack \"prd\"", "stacks of this project: dr, prod"]],
    ["a stack of another project", ["preview", "--stack", "staging", "--stack", "prod"], ["unknown stack \"staging\"", "dr, prod"]],
    ["--config without a value", ["preview", "--stack", "prod", "--config", "expertconnect:database.multiAz"], ["--config expects KEY=VALUE"]],
    ["--config with an empty path segment", ["preview", "--stack", "prod", "--config", "expertconnect:database..backupWindow=03:00-04:00"], ["--config expertconnect:database..backupWindow", "expertconnect:database.backupWindow="]],
    ["--config with a trailing dot", ["preview", "--stack", "prod", "--config", "expertconnect:database.=x"], ["--config expertconnect:database.=x", "malformed path"]],
    ["--config with an empty namespace", ["preview", "--stack", "prod", "--config", ":database.multiAz=false"], ["empty namespace", "NAMESPACE:KEY"]],
    ["--config with an empty key", ["preview", "--stack", "prod", "--config", "expertconnect:.multiAz=false"], ["empty key name"]],
    ["an unknown option", ["preview", "--stacks", "prod"], ["'--stacks'", "--help"]],
    ["an unknown command", ["deploy"], ["unknown command \"deploy\"", "preview, analyze, bench"]],
    ["analyze without a file", ["analyze"], ["analyze needs --file"]],
    ["analyze of a missing file", ["analyze", "--file", "no-such-export.json"], ["cannot read no-such-export.json: no such file"]],
    ["analyze of a directory", ["analyze", "--file", "tests"], ["cannot read tests: a directory"]],
    ["a bench size of zero", ["bench", "--resources", "0"], ["--resources", "a positive integer"]],
];

describe("bad input: command line", () => {
    for (const [what, argv, fragments] of USAGE) {
        it(`refuses ${what}`, async () => {
            const run = await engineInProcess(argv);
            expect(run.code).to.equal(2);
            expect(run.stdout).to.equal("");
            expectOneLine(run.stderr, "error: ", ...fragments);
        });
    }

    for (const command of ["preview", "analyze", "bench"]) {
        it(`${command} --help shows this project's keys and exits 0`, async () => {
            const run = await engineInProcess([command, "--help"]);
            expect(run.code).to.equal(0);
            expect(run.stdout).to.contain("--config expertconnect:");
            expect(run.stdout).not.to.contain("myproject");
        });
    }
});

/** `node tools/run.js …` or `npm run cost -- …` as a user types them. */
function cli(args: string[], cwd = ROOT) {
    const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const RUN = path.join(ROOT, "tools", "run.js");

describe("bad input: end to end", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));

    it("a backup window overlapping maintenance: exit 2, one line naming the key, nothing on stdout", () => {
        const run = stackPreview("prod", ["expertconnect:database.backupWindow=04:00-05:00"]);
        expect(run.code).to.equal(2);
        expect(run.stdout).to.equal("");
        expectOneLine(run.stderr, "error: expertconnect:database.backupWindow", "does not overlap");
    });

    it("a provider key typo given to both stacks is reported once", () => {
        const run = cli([RUN, "preview", "--config", "aws:regoin=us-east-1"]);
        expect(run.code).to.equal(2);
        expectOneLine(run.stderr, "error: aws:regoin", "aws:region");
    });

    it("a broken prod stack file is named when only dr, which references it, is previewed", () => {
        const project = path.join(dir, "project");
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), `name: expertconnect-infra\nruntime: nodejs\nmain: ${path.join(ROOT, "index.ts")}\n`);
        fs.copyFileSync(path.join(ROOT, "Pulumi.dr.yaml"), path.join(project, "Pulumi.dr.yaml"));
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8").replace("engineVersion: \"16\"", "engineVersion: \"13\"");
        fs.writeFileSync(path.join(project, "Pulumi.prod.yaml"), prod);
        const run = stackPreview("dr", { cwd: project });
        expect(run.code).to.equal(2);
        expectOneLine(run.stderr, "error: expertconnect:database.engineVersion", "stack \"prod\"");
    });

    it("a malformed export: exit 2, one line naming the file and the resource", async () => {
        const file = path.join(dir, "export.json");
        fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [{ urn: "urn:pulumi:prod::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", inputs: null }, null] } }));
        const run = await engineInProcess(["analyze", "--file", file]);
        expect(run.code).to.equal(2);
        expect(run.stdout).to.equal("");
        expectOneLine(run.stderr, `error: ${file}: resources[1]`, "got null");
    });

    it("policy config that would switch a check off: exit 2 naming the policy and property", () => {
        const run = stackPreview("prod", { packConfig: { "rds-backup-retention": { minimumRetentionDays: 0 } } });
        expect(run.code).to.equal(2);
        expectOneLine(run.stderr, "rds-backup-retention.minimumRetentionDays", ">= 7");
    });

    it("cost: --help works, and a mistyped stack lists the stacks without a child command line", () => {
        // What `npm run cost` runs, through the engine's cached TypeScript loader (faster than ts-node).
        const cost = ["-r", path.join(ROOT, "tools", "tsRequire.js"), path.join(ROOT, "tools", "cost", "cli.ts")];
        const help = cli([...cost, "--help"]);
        expect(help.code).to.equal(0);
        expect(help.stdout).to.contain("npm run cost");
        const bad = cli([...cost, "--stack", "prd"]);
        expect(bad.code).to.equal(2);
        expectOneLine(bad.stderr, "unknown stack \"prd\"", "dr, prod");
        expect(bad.stderr).not.to.contain("run.js");
    });
});
