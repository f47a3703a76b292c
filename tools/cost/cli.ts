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
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { projectSchema } from "../../config/schema";
import { estimateStack } from "../../policy/cost/estimate";
import { costResourcesFromExport } from "./fromExport";
import { formatEstimate } from "./report";

const ROOT = path.resolve(__dirname, "..", "..");
const BUDGET_KEY = "expertconnect:monthlyBudgetUsd";

interface Options {
    stacks: string[];
    files: string[];
    summary: boolean;
    json: boolean;
}

function usage(message: string): never {
    throw new Error(`${message}\nusage: npm run cost -- [--stack NAME]... [--file EXPORT.json]... [--summary] [--json]`);
}

function parseArgs(argv: string[]): Options {
    const opts: Options = { stacks: [], files: [], summary: false, json: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--stack" || arg === "--file") {
            const value = argv[++i] ?? usage(`${arg} needs a value`);
            (arg === "--stack" ? opts.stacks : opts.files).push(value);
        } else if (arg === "--summary") {
            opts.summary = true;
        } else if (arg === "--json") {
            opts.json = true;
        } else {
            usage(`unknown argument ${arg}`);
        }
    }
    if (opts.stacks.length === 0 && opts.files.length === 0) {
        opts.stacks = fs.readdirSync(ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => !!s).sort();
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
        execFileSync(process.execPath, [path.join(ROOT, "tools", "run.js"), "preview", "--stack", stack, "--export", file], {
            cwd: ROOT,
            stdio: ["ignore", "ignore", "inherit"],
        });
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

function main(): void {
    const opts = parseArgs(process.argv.slice(2));
    const inputs = [
        ...opts.stacks.map((stack) => ({ stack, doc: exportOf(stack) })),
        ...opts.files.map((file) => {
            const doc = JSON.parse(fs.readFileSync(file, "utf8"));
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
    console.error(`cost: ${(e as Error).message}`);
    process.exit(1);
}
