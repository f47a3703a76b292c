import { parseArgs } from "util";
import { UsageError } from "../errors";

export type Command = "preview" | "analyze" | "bench";

export interface CliOptions {
    command: Command;
    help: boolean;
    stacks: string[];
    config: string[];
    exportFile?: string;
    /** preview: exports (`pulumi stack export`) of what the stacks last deployed. */
    previous: string[];
    reportFile?: string;
    /** Self-contained HTML architecture and policy report. */
    htmlFile?: string;
    /** Full type tokens in the resource tree. */
    fullTypes: boolean;
    /** Counts per resource type after the summary. */
    byType: boolean;
    policyPack: string;
    policyPackConfig?: string;
    /** analyze: deployment exports, one stack each (repeatable). */
    files: string[];
    cwd: string;
    /** bench: size of the synthetic export. */
    resources: number;
}

export const HELP = `Offline Pulumi engine: previews stacks under mocks and runs the policy pack.

Usage:
  npm run preview -- [options]        preview every stack (a referenced stack first), or --stack
  npm run analyze -- --file EXPORT    run the policy pack over a deployment export
  npm run bench                       time previews and policy throughput

Options:
  -s, --stack NAME            stack to preview (repeatable). Default: every Pulumi.<stack>.yaml.
  -c, --config KEY=VALUE      override stack config, like \`pulumi preview -c\` (repeatable).
                              A dotted path after the namespaced key sets one field of a
                              structured value, like \`pulumi config set --path\`:
                              --config expertconnect:database.backupRetentionDays=21
      --previous FILE         what a stack last deployed: a \`pulumi stack export\` whose stack
                              outputs answer StackReferences to that stack, including the stack's
                              reference to itself (repeatable, one per stack). Default: an offline
                              run of the stack's committed Pulumi.<stack>.yaml.
      --export FILE           write the deployment in \`pulumi stack export\` format (v3)
      --report FILE           write the policy result as JSON:
                              {stack, policyPack, resourceCount, violations: [...]}
                              With several stacks, FILE gets the stack name: out.json -> out.prod.json
      --html FILE             write one self-contained HTML page (no network): each stack's
                              architecture grouped by region and component, the cross-region
                              links, every node's policy status; click a node for its inputs,
                              violations and remediation. Printable; tables as a text view.
      --full-types            show full type tokens (aws:ec2/securityGroup:SecurityGroup) in the tree
                              instead of the CLI's short form (aws:ec2:SecurityGroup)
      --by-type               add resource counts per type after the summary
      --policy-pack DIR       policy pack to run (default: policy)
      --policy-pack-config F  policy configuration in the CLI's JSON format
                              ({"policy-name": {"enforcementLevel": ..., ...props}}).
                              Default: <policy-pack>/config/<stack>.json when it exists: the file CI
                              passes to \`pulumi preview --policy-pack policy
                              --policy-pack-config policy/config/<stack>.json\`.
      --file EXPORT           (analyze) deployment export to analyze: ours or \`pulumi stack export\`.
                              Repeatable: one export per stack (e.g. prod and dr for one --html page)
  -C, --cwd DIR               project directory (default: current directory)
      --resources N           (bench) resources in the synthetic export (default: 5000)
  -h, --help                  show this help

Exit codes: 0 no mandatory violation, 1 at least one mandatory violation,
            2 usage, config or program error (nothing is analyzed).
`;

const COMMANDS: Command[] = ["preview", "analyze", "bench"];

export function parseCli(argv: string[]): CliOptions {
    const [command, ...rest] = argv;
    if (command === "--help" || command === "-h" || command === "help") {
        return parseCli(["preview", "--help"]);
    }
    if (!COMMANDS.includes(command as Command)) {
        throw new UsageError(`unknown command "${command ?? ""}"; allowed: ${COMMANDS.join(", ")} (see node tools/run.js --help)`);
    }
    let parsed;
    try {
        parsed = parseArgs({
            args: rest,
            strict: true,
            allowPositionals: false,
            options: {
                stack: { type: "string", short: "s", multiple: true },
                config: { type: "string", short: "c", multiple: true },
                export: { type: "string" },
                previous: { type: "string", multiple: true },
                report: { type: "string" },
                html: { type: "string" },
                "full-types": { type: "boolean" },
                "by-type": { type: "boolean" },
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
                file: { type: "string", multiple: true },
                cwd: { type: "string", short: "C" },
                resources: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (err) {
        // Node's message, first line, plus where the options are listed.
        throw new UsageError(`${(err as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "")}; see npm run ${command} -- --help`);
    }
    const v = parsed.values;
    const options: CliOptions = {
        command: command as Command,
        help: v.help ?? false,
        stacks: v.stack ?? [],
        config: v.config ?? [],
        exportFile: v.export,
        previous: v.previous ?? [],
        reportFile: v.report,
        htmlFile: v.html,
        fullTypes: v["full-types"] ?? false,
        byType: v["by-type"] ?? false,
        policyPack: v["policy-pack"] ?? "policy",
        policyPackConfig: v["policy-pack-config"],
        files: v.file ?? [],
        cwd: v.cwd ?? ".",
        resources: v.resources === undefined ? 5000 : Number(v.resources),
    };
    if (!Number.isInteger(options.resources) || options.resources <= 0) {
        throw new UsageError(`--resources: got "${v.resources}"; allowed: a positive integer`);
    }
    if (options.command === "analyze" && options.files.length === 0 && !options.help) {
        throw new UsageError("analyze needs --file EXPORT.json");
    }
    if (options.command !== "analyze" && options.files.length > 0) {
        throw new UsageError("--file is for analyze");
    }
    if (options.command === "analyze" && (options.stacks.length || options.config.length || options.exportFile || options.previous.length)) {
        throw new UsageError("analyze takes --file, --report, --html, --policy-pack and --policy-pack-config only");
    }
    return options;
}
