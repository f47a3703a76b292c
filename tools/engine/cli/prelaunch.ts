import { closeEarlyPacks, startPackEarly } from "../pack/process";
import { releaseSpares, startSpares } from "../program/run";
import { parseCli } from "./args";

/**
 * Starts the processes a command will need before the engine loads the rest of itself: a
 * preview's policy pack and program process, an analysis's pack. Node and the SDKs load in them
 * meanwhile (the longest wait of a run). A command line the parser refuses starts nothing:
 * `main` reports it.
 */
export function prelaunch(argv: string[]): void {
    let options;
    try {
        options = parseCli(argv);
    } catch {
        return;
    }
    if (options.help || (options.command !== "preview" && options.command !== "analyze")) {
        return;
    }
    startPackEarly(options.policyPack);
    if (options.command === "preview") {
        startSpares(1);
    }
}

/** Ends what `prelaunch` started and no command used, so the engine exits as soon as it is done. */
export function releaseUnused(): void {
    closeEarlyPacks();
    releaseSpares();
}
