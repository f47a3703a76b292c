import { analyzeExport } from "../commands/analyze";
import { bench } from "../commands/bench";
import { preview } from "../commands/preview";
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
        switch (options.command) {
            case "preview":
                return await preview(options);
            case "analyze":
                return await analyzeExport(options);
            case "bench":
                return await bench(options);
        }
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // One line per problem, each marked as an error.
        process.stderr.write(message.split("\n").map((line) => `error: ${line}\n`).join(""));
        return EXIT.error;
    }
}
