/**
 * The prod export the path verification tests break one way at a time
 * (tests/fixtures/paths/prod-export.json): a fresh copy per case, and its resources by type and
 * logical name.
 */
import * as fs from "fs";
import * as path from "path";

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "paths", "prod-export.json");

export interface Exported { urn: string; type: string; id?: string; inputs?: Record<string, any>; outputs: Record<string, any>; propertyDependencies?: Record<string, string[]> }
export type Export = { deployment: { resources: Exported[] } };
/** One edit of a copy of the export. */
export type Change = (e: Export) => void;

/** A fresh copy of the fixture. */
export const load = (): Export => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

/** The resource of `type` whose logical name is `name`; throws when there is none, so a case never silently misses. */
export function find(exp: Export, type: string, name: string): Exported {
    const r = exp.deployment.resources.find((x) => x.type === type && x.urn.endsWith(`::${name}`));
    if (!r) throw new Error(`fixture has no ${type} ${name}`);
    return r;
}
