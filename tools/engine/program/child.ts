/**
 * Runs one stack's program in this process under the recording monitor and sends the
 * result to the parent. One process per stack: the Pulumi runtime's state is global.
 */
import * as pulumi from "@pulumi/pulumi";
import { installRecordingMonitor, settleMonitor } from "../mocks/install";
import { StackResolver } from "../mocks/monitor";
import { EngineResource, STACK_TYPE } from "../model";
import { ProgramJob, ProgramResult, ToChild, ToParent } from "./job";

const BUILTIN_ERRORS = new Set(["TypeError", "ReferenceError", "SyntaxError", "RangeError"]);

/**
 * The message as the program wrote it (a config error is already one problem per line); for
 * JavaScript mistakes also where they happened, in the program's own files.
 */
export function describeError(err: unknown): string {
    if (!(err instanceof Error)) {
        return String(err);
    }
    if (!BUILTIN_ERRORS.has(err.name)) {
        // The SDK prefixes a failed input with the path of every property it went through.
        return (err.message || String(err)).replace(/(error serializing property "[^"]*": )+/g, "");
    }
    const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l) && !/node_modules|node:/.test(l));
    return [`${err.name}: ${err.message}`, ...frames.slice(0, 3)].join("\n");
}

function loadProgram(main: string): () => Promise<unknown> {
    return async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(main);
        // Like the nodejs language host: a default-exported function is the program.
        if (typeof mod === "function") {
            return mod();
        }
        if (typeof mod?.default === "function" && Object.keys(mod).length === 1) {
            return mod.default();
        }
        return mod;
    };
}

async function runJob(
    job: ProgramJob, resolveStack?: StackResolver, onRecord?: (record: EngineResource) => void,
): Promise<ProgramResult> {
    process.chdir(job.programDir);
    const monitor = installRecordingMonitor(job.ctx, job.config.values, job.config.secretKeys, resolveStack);
    monitor.onRecord = onRecord;
    let programError: unknown;
    const capture = (err: unknown) => {
        programError ??= err;
    };
    process.on("unhandledRejection", capture);
    process.on("uncaughtException", capture);
    try {
        await pulumi.runtime.runInPulumiStack(loadProgram(job.programMain));
    } catch (err) {
        capture(err);
    }
    await settleMonitor(monitor);
    const stack = monitor.records.find((r) => r.type === STACK_TYPE);
    return {
        resources: monitor.records,
        outputs: stack?.outputs ?? {},
        programError: programError === undefined ? undefined : describeError(programError),
        wantsFrames: Error.stackTraceLimit === 0 && programError instanceof Error && BUILTIN_ERRORS.has(programError.name),
        errors: monitor.errors,
    };
}

/**
 * Sends registered resources to the parent in batches, one message per turn of the event loop:
 * a program registers hundreds of resources in a burst, and each message has a fixed cost.
 */
function resourceStream(): { add(record: EngineResource): void; flush(): void } {
    let batch: EngineResource[] = [];
    const flush = () => {
        if (batch.length > 0) {
            process.send!({ kind: "resources", records: batch } satisfies ToParent);
            batch = [];
        }
    };
    return {
        add(record) {
            if (batch.length === 0) {
                setImmediate(flush);
            }
            batch.push(record);
        },
        flush,
    };
}

/** Asks the parent for another stack's outputs (it runs that stack offline if needed). */
function askParent(stack: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
        const onMessage = (m: ToChild) => {
            if (m.kind === "stackOutputs" && m.stack === stack) {
                process.off("message", onMessage);
                if (m.outputs) {
                    resolve(m.outputs);
                } else {
                    reject(new Error(m.error));
                }
            }
        };
        process.on("message", onMessage);
        process.send!({ kind: "stackOutputs", stack } satisfies ToParent);
    });
}

if (require.main === module) {
    const stream = resourceStream();
    const reply = ({ resources, ...result }: ProgramResult) => {
        stream.flush();
        const registered = resources.map(({ urn, id, outputs }) => ({ urn, id, outputs }));
        process.send!({ kind: "result", result, registered } satisfies ToParent, () => process.exit(0));
    };
    // A spare process whose parent is gone has nothing left to do.
    process.on("disconnect", () => process.exit(0));
    process.on("message", (m: ToChild) => {
        if (m.kind === "job") {
            runJob(m.job, askParent, stream.add).then(reply, (err) => reply({ resources: [], outputs: {}, errors: [describeError(err)] }));
        }
    });
}
