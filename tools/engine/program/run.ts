import { ChildProcess, fork } from "child_process";
import * as path from "path";
import { StackResolver } from "../mocks/monitor";
import { EngineResource } from "../model";
import { ProgramJob, ProgramResult, ToChild, ToParent } from "./job";

const TS_REQUIRE = path.resolve(__dirname, "..", "..", "tsRequire.js");

/** A program still running after this long waits on something that never comes. */
const PROGRAM_TIMEOUT_MS = 5 * 60 * 1000;

/** A program run's result plus what the program printed (kept to show under its stack). */
export interface ProgramRun extends ProgramResult {
    diagnostics: string;
}

/** Program processes started ahead of their jobs. */
const spares: ChildProcess[] = [];

/**
 * Stack frames a program process captures. The SDK captures a stack trace for every promise it
 * makes (leak diagnostics the engine never shows; a resource's source position lifts the limit
 * for its own capture): none saves a tenth of a program's CPU. A program that fails with a
 * JavaScript mistake runs again with frames (`WITH_FRAMES`), so its report still says where
 * (describeError shows three).
 */
const WITHOUT_FRAMES = 0;
const WITH_FRAMES = 10;

function startChild(frames = WITHOUT_FRAMES): ChildProcess {
    return fork(path.join(__dirname, "child.ts"), [], {
        execArgv: [`--stack-trace-limit=${frames}`, "-r", TS_REQUIRE],
        stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
}

/**
 * Makes `count` program processes wait ready (starting those missing now), so Node and the
 * Pulumi SDK load while the caller is still reading config; `runProgram` uses them first.
 * `releaseSpares` ends unused ones.
 */
export function startSpares(count: number): void {
    while (spares.length < count) {
        spares.push(startChild());
    }
}

export function releaseSpares(): void {
    spares.splice(0).forEach((child) => child.kill());
}

/**
 * Runs a program job in its own Node process (same Node as this one). StackReferences the
 * program makes are answered through `resolveStack`; `onResource` hears of each resource as
 * soon as it is registered. A run that failed with a JavaScript mistake is run again with
 * stack frames, for its report (`onResource` has heard of its resources already).
 */
export async function runProgram(
    job: ProgramJob, resolveStack: StackResolver, onResource?: (record: EngineResource) => void,
): Promise<ProgramRun> {
    const run = await runIn(spares.shift() ?? startChild(), job, resolveStack, onResource);
    // The run with frames only improves the report: should it fail otherwise, the first stands.
    return run.wantsFrames ? runIn(startChild(WITH_FRAMES), job, resolveStack).catch(() => run) : run;
}

function runIn(
    child: ChildProcess, job: ProgramJob, resolveStack: StackResolver, onResource?: (record: EngineResource) => void,
): Promise<ProgramRun> {
    return new Promise((resolve, reject) => {
        let diagnostics = "";
        child.stdout!.on("data", (d) => (diagnostics += d));
        child.stderr!.on("data", (d) => (diagnostics += d));
        const streamed: EngineResource[] = [];
        let result: ProgramResult | undefined;
        const send = (m: ToChild) => child.send(m);
        child.on("message", (m: ToParent) => {
            if (m.kind === "result") {
                const registered = new Map(m.registered.map((r) => [r.urn, r]));
                const resources = streamed.map((r) => {
                    const state = registered.get(r.urn);
                    return state ? { ...r, id: state.id, outputs: state.outputs } : r;
                });
                result = { ...m.result, resources };
            } else if (m.kind === "resources") {
                streamed.push(...m.records);
                m.records.forEach((r) => onResource?.(r));
            } else if (m.kind === "stackOutputs") {
                resolveStack(m.stack).then(
                    (outputs) => send({ kind: "stackOutputs", stack: m.stack, outputs }),
                    (err: Error) => send({ kind: "stackOutputs", stack: m.stack, error: err.message }),
                );
            }
        });
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error(`the program for stack "${job.ctx.stack}" did not finish within ` +
                `${PROGRAM_TIMEOUT_MS / 60000} minutes (it awaits something that never resolves)`));
        }, PROGRAM_TIMEOUT_MS);
        child.once("error", reject);
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            if (result) {
                resolve({ ...result, diagnostics });
            } else {
                reject(new Error(`program process for stack "${job.ctx.stack}" exited (${signal ?? code}) without a result:\n${diagnostics}`));
            }
        });
        send({ kind: "job", job });
    });
}
