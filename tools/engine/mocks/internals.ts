/**
 * The two @pulumi/pulumi internals the recorder relies on (they ship without declarations).
 * Kept in one place so an SDK upgrade that moves them breaks here, loudly.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

/** Drains the runtime's queue of outstanding RPCs. */
export const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The runtime's global state; `settings.monitor` is the monitor every RPC goes to. */
export const { getStore } = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { settings: { monitor: unknown } };
};
