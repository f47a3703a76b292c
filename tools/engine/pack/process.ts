import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "../errors";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";

const TS_REQUIRE = path.resolve(__dirname, "..", "..", "tsRequire.js");

/** A running policy pack and a client connected to it. */
export interface PackProcess {
    dir: string;
    pid: number;
    client: AnalyzerClient;
    close(): void;
    /**
     * Lets this process exit while the pack still runs (it is ended on exit): for a pack shared
     * by callers that cannot tell which of them is the last, such as the test files of one mocha
     * process.
     */
    unref(): void;
}

/** Raised when the pack process dies or fails to serve; carries what it wrote to stderr. */
class PackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackError";
    }
}

/**
 * Starts a policy pack the way the CLI's analyzer host does: the pack's program runs with the
 * pack directory as working directory (PolicyPack reads its package.json there), serves the
 * analyzer protocol and prints its port on the first line of stdout.
 */
export function startPack(dir: string): Promise<PackProcess> {
    const packDir = path.resolve(dir);
    const started = early.get(packDir)?.shift();
    return (started ?? spawnPack(dir, packDir)).ready;
}

/** A pack process being started: the process (none when the folder is no pack) and its readiness. */
interface Starting {
    child?: ChildProcess;
    ready: Promise<PackProcess>;
}

/** Packs started before the command line was fully handled (`startPackEarly`), by directory. */
const early = new Map<string, Starting[]>();

/** Pack processes still running: ended with the engine, whatever path it leaves by. */
const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill()));

/**
 * Starts a pack process now, for the next `startPack` of the same directory: called as the
 * engine starts, so the pack's Node and SDK load while the engine loads its own modules.
 */
export function startPackEarly(dir: string): void {
    const packDir = path.resolve(dir);
    const started = spawnPack(dir, packDir);
    started.ready.catch(() => undefined);
    early.set(packDir, [...(early.get(packDir) ?? []), started]);
}

/** Ends the early packs no command took (a run that stopped before analyzing). */
export function closeEarlyPacks(): void {
    for (const { child } of [...early.values()].flat()) {
        child?.kill();
    }
    early.clear();
}

function spawnPack(dir: string, packDir: string): Starting {
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        return { ready: Promise.reject(new UsageError(`${dir} is not a policy pack (no PulumiPolicy.yaml)`)) };
    }
    const child = spawn(process.execPath, ["-r", TS_REQUIRE, packDir], {
        cwd: packDir,
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));
    return { child, ready: served(dir, packDir, child) };
}

/** Resolves once the pack prints its port (the client connected), rejects if it dies first. */
function served(dir: string, packDir: string, child: ChildProcess): Promise<PackProcess> {
    let stderr = "";
    child.stderr!.on("data", (d) => {
        stderr += d;
    });
    return new Promise((resolve, reject) => {
        let stdout = "";
        const onData = (d: Buffer) => {
            stdout += d;
            const port = /^\s*(\d+)\s*$/m.exec(stdout)?.[1];
            if (port) {
                child.stdout!.off("data", onData);
                child.stdout!.on("data", (more) => process.stderr.write(more));
                resolve(connected(packDir, child, Number(port)));
            }
        };
        child.stdout!.on("data", onData);
        child.once("error", (err) => reject(new PackError(`policy pack ${dir} could not start: ${err.message}`)));
        child.once("exit", (code) => reject(new PackError(
            `policy pack ${dir} exited (code ${code}) before serving:\n${(stderr || stdout).trim()}`)));
    });
}

function connected(dir: string, child: ChildProcess, port: number): PackProcess {
    // Loaded here, not at the top: the gRPC client takes a tenth of a second to load, which
    // the caller spends while the pack process starts.
    const { analyzerClient } = require("./rpc") as typeof import("./rpc");
    const client = analyzerClient(port);
    child.removeAllListeners("exit");
    return {
        dir,
        pid: child.pid!,
        client,
        close() {
            client.close();
            child.kill();
            running.delete(child);
        },
        unref() {
            child.unref();
            for (const stream of [child.stdout, child.stderr]) {
                (stream as unknown as { unref?(): void } | null)?.unref?.();
            }
        },
    };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU seconds a process has used so far; with `children`, what its finished (waited-for)
 * child processes used instead, their own children included. Linux /proc; undefined elsewhere.
 */
export function cpuSeconds(pid: number | "self", children = false): number | undefined {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        const [user, system] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
        return (Number(user) + Number(system)) / USER_HZ;
    } catch {
        return undefined;
    }
}
