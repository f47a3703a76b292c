import * as pulumi from "@pulumi/pulumi";
import { MockContext } from "./context";
import { getStore, waitForRPCs } from "./internals";
import { RecordingMonitor, StackResolver } from "./monitor";

let current: RecordingMonitor | undefined;

/**
 * Points the Pulumi runtime of this process at a fresh {@link RecordingMonitor}. `setMocks`
 * turns on the features a mock monitor supports; the monitor it built is then swapped for
 * ours. Runs synchronously, so resources created right after are recorded.
 */
export function installRecordingMonitor(
    ctx: MockContext, config: Record<string, string> = {}, secretKeys: string[] = [], resolveStack?: StackResolver,
): RecordingMonitor {
    const monitor = new RecordingMonitor(ctx, resolveStack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    void pulumi.runtime.setMocks(monitor.mocks, ctx.project, ctx.stack, false, ctx.organization);
    getStore().settings.monitor = monitor;
    current = monitor;
    return monitor;
}

/** The monitor installed last. */
export function currentMonitor(): RecordingMonitor {
    if (!current) {
        throw new Error("no recording monitor installed: call installRecordingMonitor (or installMocks) first");
    }
    return current;
}

function nextMacrotask(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves when every registration started so far has completed, including registrations
 * made in apply callbacks that only run once earlier ones resolve: waits until the runtime's
 * RPC queue is drained and nothing new started over a full turn of the event loop.
 */
export async function settleMonitor(monitor: RecordingMonitor): Promise<void> {
    let seen = -1;
    while (true) {
        await waitForRPCs();
        await nextMacrotask();
        if (monitor.pending === 0 && monitor.records.length === seen) {
            return;
        }
        seen = monitor.records.length;
    }
}
