/**
 * The application's writer settings (policy/lib/facts/storeSettings.ts) name a store's writable
 * endpoint: a reader endpoint there is a valid host of the stack that fails every write.
 */
import { PolicyResource } from "@pulumi/policy";

import { READ_ONLY_ENDPOINTS, STORE_WRITER_SETTINGS } from "../lib/facts/storeSettings";
import { knownString } from "../lib/stack";
import { Setting } from "./appSettings";

/** A writer setting that names a read-only endpoint of one of the stack's stores. */
export interface ReadOnlyWriter {
    setting: Setting;
    store: PolicyResource;
    output: string;
}

/** Whether a setting is one the application writes through: its variable, or its parameter under any environment path. */
function isWriterSetting(s: Setting): boolean {
    return Object.values(STORE_WRITER_SETTINGS).some(w => s.names.some(n => n === w.variable || n.endsWith(`/${w.parameter}`)));
}

/** The writer settings whose value (a host, with or without its port) is a read-only endpoint of a store the stack holds. */
export function readOnlyWriters(resources: PolicyResource[], settings: Setting[]): ReadOnlyWriter[] {
    const readOnly = new Map<string, { store: PolicyResource; output: string }>();
    for (const store of resources.filter(r => READ_ONLY_ENDPOINTS[r.type])) {
        for (const output of READ_ONLY_ENDPOINTS[store.type]) {
            const host = knownString(store, output);
            if (host) readOnly.set(host, { store, output });
        }
    }
    if (readOnly.size === 0) return [];
    return settings.filter(isWriterSetting).flatMap(setting => {
        const hit = readOnly.get(setting.value.replace(/:\d+$/, ""));
        return hit ? [{ setting, ...hit }] : [];
    });
}
