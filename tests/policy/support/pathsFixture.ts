/**
 * The prod export the path verification tests break one way at a time
 * (tests/fixtures/paths/prod-export.json): a fresh copy per case, and its resources by type and
 * logical name.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { describeFailure, PathResult, verifyPaths } from "../../../policy/paths";
import { pathResourcesOfExport } from "../../../policy/paths/fromExport";

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

/** The paths a change of the fixture breaks. */
export async function brokenPaths(change: Change): Promise<PathResult[]> {
    const exp = load();
    change(exp);
    return (await verifyPaths(pathResourcesOfExport(exp))).filter((r) => !r.ok);
}

/** One case of a table: a change, and when it breaks paths, what every broken one must say. */
export interface PathRow { name: string; change: Change; broken?: { path: RegExp; missing: RegExp; resource: RegExp } }

/** A describe of rows: an unbroken row verifies every path, a broken one fails only paths matching it. */
export function pathTable(title: string, rows: PathRow[]): void {
    describe(title, function () {
        this.timeout(120_000);
        for (const row of rows) {
            it(`${row.broken ? "fails" : "verifies"} ${row.name}`, async () => {
                const failing = await brokenPaths(row.change);
                if (!row.broken) { expect(failing.map(describeFailure)).to.deep.equal([]); return; }
                expect(failing, "a path fails").to.not.be.empty;
                for (const f of failing) {
                    expect(f.path, describeFailure(f)).to.match(row.broken.path);
                    expect(f.missing, describeFailure(f)).to.match(row.broken.missing);
                    expect(f.change, describeFailure(f)).to.match(row.broken.resource);
                }
            });
        }
    });
}
