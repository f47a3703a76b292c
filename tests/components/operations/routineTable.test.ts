import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SAVED_QUERIES } from "../../../components/monitoring/signals/queries";

const doc = fs.readFileSync(path.resolve(__dirname, "../../../docs/operations.md"), "utf8");

/** The rows of the table under `### <heading>` in the routine section. */
function rows(heading: string): string[][] {
    const section = doc.slice(doc.indexOf(`### ${heading}`));
    const table = section.split("\n").slice(1).filter((l, i, all) => l.startsWith("|") && all.slice(0, i).every((p) => p.startsWith("|") || p.trim() === ""));
    return table.slice(2).map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
}

describe("docs/operations.md routine table", () => {
    for (const heading of ["Daily", "Weekly", "Monthly"]) {
        it(`${heading}: every task says where to look and what pages, none left as "—"`, () => {
            const table = rows(heading);
            expect(table.length, heading).to.be.greaterThan(2);
            for (const [task, look, pages] of table) {
                expect(look, task).to.match(/\w/);
                expect(pages, task).to.match(/\w/);
                expect([look, pages], task).to.not.include("—");
            }
        });
    }

    it("names only saved queries the stack defines", () => {
        const named = [...doc.matchAll(/`((?:daily|weekly)\/[a-z0-9-]+)`/g)].map((m) => m[1]);
        expect(named.length).to.be.greaterThan(0);
        expect(SAVED_QUERIES.map((q) => q.path)).to.include.members(named);
    });
});
