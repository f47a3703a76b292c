import * as path from "path";
import { Worker } from "worker_threads";
import { pathResourcesOfExport } from "../../../policy/paths/fromExport";
import { describeFailure, PathResource, PathResult } from "../../../policy/paths/model";
import { EngineResource } from "../model";
import type { ReportPath } from "./html/architecture";

const TS_REQUIRE = path.resolve(__dirname, "..", "..", "tsRequire.js");
const ENTRY = path.join(__dirname, "pathsWorker.ts");

/**
 * The verifier's worker thread, when started. Why a thread: the evaluation is synchronous CPU
 * work of about a third of a second for prod. On the main thread it would hold back the
 * AnalyzeStack request it runs beside (a large message that HTTP/2 sends in flow-controlled
 * pieces, each needing the event loop), so the pack would sit idle until the paths were done.
 */
let worker: { thread: Worker; pending: Map<number, (r: { results?: PathResult[]; error?: string }) => void>; next: number } | undefined;

/**
 * Starts the worker now, so its modules load while the program runs. The thread is only
 * referenced while it has requests: an idle one never keeps the engine from exiting.
 */
export function startPathsWorker(): void {
    if (worker) return;
    const thread = new Worker(`require(${JSON.stringify(TS_REQUIRE)}); require(${JSON.stringify(ENTRY)});`, { eval: true });
    const pending = new Map<number, (r: { results?: PathResult[]; error?: string }) => void>();
    worker = { thread, pending, next: 0 };
    thread.unref();
    thread.on("message", (m: { id: number; results?: PathResult[]; error?: string }) => {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
        if (pending.size === 0) thread.unref();
    });
    // A thread that cannot start or dies fails its requests; later ones run on the main thread.
    const fail = (err: Error) => {
        worker = undefined;
        for (const settle of pending.values()) settle({ error: err.stack ?? String(err) });
        pending.clear();
    };
    thread.on("error", fail);
    thread.on("exit", (code) => fail(new Error(`paths worker exited with code ${code}`)));
}

/** Verifies on the worker when one runs, else here (loading the evaluation only then). */
async function verify(resources: PathResource[]): Promise<PathResult[]> {
    const w = worker;
    if (!w) return (await import("../../../policy/paths")).verifyPaths(resources);
    const id = w.next++;
    w.thread.ref();
    return new Promise((resolve, reject) => {
        w.pending.set(id, (m) => (m.error === undefined ? resolve(m.results!) : reject(new Error(m.error))));
        w.thread.postMessage({ id, resources });
    });
}

/** Ends the worker (the engine is done with paths). */
export function stopPathsWorker(): void {
    const w = worker;
    worker = undefined;
    void w?.thread.terminate();
}

/**
 * The paths the stack depends on, verified with the same evaluation as the pack's
 * `paths-verified` policy (whose violations name the broken ones).
 */
export async function stackPaths(stack: string, resources: EngineResource[]): Promise<PathResult[]> {
    // A dr run also carries prod's resources (its StackReference); each stack's paths are its own.
    const own = resources.filter((r) => r.urn.startsWith(`urn:pulumi:${stack}::`));
    return verify(pathResourcesOfExport(own));
}

/** The "Paths" section: how many were verified, then each broken one. */
export function formatPaths(results: PathResult[]): string[] {
    const failing = results.filter((r) => !r.ok);
    const lines = [`Paths: ${results.length - failing.length} verified${failing.length ? `, ${failing.length} broken` : ""}`];
    for (const r of failing) lines.push(`    ${describeFailure(r)}`);
    return lines;
}

/** Paths that join two resources, as the HTML report draws them. */
export function pathEdges(results: PathResult[]): ReportPath[] {
    return results.filter((r) => r.ends).map((r) => ({ name: r.path, fromUrn: r.ends!.from, toUrn: r.ends!.to, ok: r.ok, detail: r.missing }));
}
