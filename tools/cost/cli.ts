/**
 * `npm run cost`: the estimated fixed monthly cost of each stack, per component, against the
 * stack's `expertconnect:monthlyBudgetUsd`.
 *
 *   npm run cost                              # every stack (Pulumi.<stack>.yaml), via the offline preview
 *   npm run cost -- --stack dr                # one stack
 *   npm run cost -- --file prod-export.json   # a deployment export (`pulumi stack export`)
 *   npm run cost -- --summary                 # per component only
 *   npm run cost -- --json                    # machine-readable
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { projectSchema } from "../../config/schema";
import { estimateStack } from "../../policy/cost/estimate";
import { checkStacksExist, discoverStacks } from "../engine/program/stacks";
import { costResourcesFromExport } from "./fromExport";
import { formatEstimate } from "./report";

const ROOT = path.resolve(__dirname, "..", "..");
const BUDGET_KEY = "expertconnect:monthlyBudgetUsd";

interface Options {
    stacks: string[];
    files: string[];
    summary: boolean;
    json: boolean;
    help: boolean;
}

const HELP = `Estimated fixed monthly cost of each stack, per component, against expertconnect:monthlyBudgetUsd.

Usage:
  npm run cost                              every stack (Pulumi.<stack>.yaml), via the offline preview
  npm run cost -- --stack dr                one stack (repeatable)
  npm run cost -- --file prod-export.json   a deployment export (\`pulumi stack export\`; repeatable)
  npm run cost -- --summary                 per component only
  npm run cost -- --json                    machine-readable
  npm run cost -- --help                    this help

Exit codes: 0 estimate printed, 2 usage error or a stack that does not preview.
`;

/** A problem the user fixes (argument, file, stack): printed as one line, exit code 2. */
class CostError extends Error {}

/** The offline preview failed; it has printed its own errors, so nothing is added. */
class PreviewFailed extends Error {
    constructor(readonly status: number) {
        super("");
    }
}

function usage(message: string): never {
    throw new CostError(`${message} (see npm run cost -- --help)`);
}

function parseArgs(argv: string[]): Options {
    const opts: Options = { stacks: [], files: [], summary: false, json: false, help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--stack" || arg === "--file") {
            const value = argv[++i] ?? usage(`${arg} needs a value`);
            (arg === "--stack" ? opts.stacks : opts.files).push(value);
        } else if (arg === "--summary") {
            opts.summary = true;
        } else if (arg === "--json") {
            opts.json = true;
        } else if (arg === "--help" || arg === "-h") {
            opts.help = true;
        } else {
            usage(`unknown argument ${arg}`);
        }
    }
    checkStacksExist(ROOT, opts.stacks);
    if (opts.stacks.length === 0 && opts.files.length === 0) {
        opts.stacks = discoverStacks(ROOT);
    }
    return opts;
}

/** The stack's budget: its config value, or the schema default when it sets none. */
function budgetOf(stack: string): number | undefined {
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const config = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}).config ?? {};
    return projectSchema.shape.monthlyBudgetUsd.parse(config[BUDGET_KEY]);
}

/** Runs the offline preview of a stack and returns its export. */
function exportOf(stack: string): unknown {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "expertconnect-cost-"));
    const file = path.join(dir, `${stack}.json`);
    try {
        // Exit code 1 (mandatory policy violations) still writes the export; the preview prints
        // its own errors on stderr, so a failed run adds no line of its own here.
        const run = spawnSync(process.execPath, [path.join(ROOT, "tools", "run.js"), "preview", "--stack", stack, "--export", file], {
            cwd: ROOT,
            stdio: ["ignore", "ignore", "inherit"],
        });
        if (!fs.existsSync(file)) {
            throw new PreviewFailed(run.status ?? 2);
        }
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The stack name in an export's URNs (`urn:pulumi:<stack>::…`). */
function stackOfExport(doc: any): string {
    const urn: string | undefined = doc?.deployment?.resources?.[0]?.urn;
    return urn?.split(":")[2] ?? "unknown";
}

/** A deployment export from a file, or a one-line error naming the file. */
function readExport(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new CostError(`cannot read ${file}`);
    }
    try {
        const doc = JSON.parse(text);
        if (!Array.isArray(doc?.deployment?.resources)) throw new CostError(`${file}: not a deployment export (expected {"version": 3, "deployment": {"resources": [...]}})`);
        return doc;
    } catch (err) {
        throw err instanceof CostError ? err : new CostError(`${file}: invalid JSON (${(err as Error).message.split("\n")[0]})`);
    }
}

function main(): void {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
        process.stdout.write(HELP);
        return;
    }
    const inputs = [
        ...opts.stacks.map((stack) => ({ stack, doc: exportOf(stack) })),
        ...opts.files.map((file) => {
            const doc = readExport(file);
            return { stack: stackOfExport(doc), doc };
        }),
    ];
    const results = inputs.map(({ stack, doc }) => ({ stack, budgetUsd: budgetOf(stack), estimate: estimateStack(costResourcesFromExport(doc)) }));
    if (opts.json) {
        console.log(JSON.stringify(results, null, 2));
        return;
    }
    for (const r of results) {
        console.log(formatEstimate({ stack: r.stack, budgetUsd: r.budgetUsd }, r.estimate, !opts.summary).join("\n"), "\n");
    }
    if (results.length > 1) {
        const total = results.reduce((sum, r) => sum + r.estimate.totalUsd, 0);
        console.log(`All stacks: ${total.toFixed(2)} USD/month (${results.map((r) => `${r.stack} ${r.estimate.totalUsd.toFixed(2)}`).join(", ")})`);
    }
}

try {
    main();
} catch (e) {
    if (e instanceof PreviewFailed) {
        process.exit(e.status);
    }
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
}
