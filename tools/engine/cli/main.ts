import { EXIT } from "../errors";
import { HELP, parseCli } from "./args";

/** Runs a command line; returns the process exit code. Errors are printed, never thrown. */
export async function main(argv: string[]): Promise<number> {
    try {
        const options = parseCli(argv);
        if (options.help) {
            process.stdout.write(HELP);
            return EXIT.ok;
        }
        // Each command loads what it needs when it runs: a preview starts the pack and the
        // program processes before loading the gRPC client and the report, so their start-ups overlap.
        switch (options.command) {
            case "preview":
                return await (await import("../commands/preview")).preview(options);
            case "analyze":
                return await (await import("../commands/analyze")).analyzeExport(options);
            case "bench":
                return await (await import("../commands/bench")).bench(options);
        }
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // One line per problem, each marked as an error.
        process.stderr.write(message.split("\n").map((line) => `error: ${line}\n`).join(""));
        return EXIT.error;
    }
}
