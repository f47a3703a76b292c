import { expect } from "chai";
import { contractFieldNames } from "../../../policy/lib/facts/appLogContract";
import { queryFolder, SAVED_QUERIES } from "../../../components/monitoring/signals/queries";

/** Logs Insights commands, operators and functions the queries use: everything else is a field. */
const LANGUAGE = new Set([
    "fields", "filter", "stats", "sort", "limit", "parse", "by", "as", "and", "or", "not", "in", "like", "desc", "asc",
    "count", "sum", "avg", "max", "min", "pct", "latest", "bin",
]);

/** The field names a query reads: identifiers outside strings and regexes, minus the language and its own aliases. */
function fieldsRead(query: string): Set<string> {
    const code = query.replace(/"(?:[^"\\]|\\.)*"/g, "\"\"").replace(/\/(?:[^/\\\n]|\\.)+\//g, "//");
    const aliases = new Set([...code.matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]));
    const identifiers = [...code.matchAll(/(?<![@\w])[A-Za-z_]\w*\b/g)].map((m) => m[0]);
    return new Set(identifiers.filter((id) => !LANGUAGE.has(id.toLowerCase()) && !aliases.has(id)));
}

describe("saved Logs Insights queries", () => {
    it("are filed under the stack's folder, daily or weekly, each name once", () => {
        const names = SAVED_QUERIES.map((q) => `${queryFolder("expertconnect-prod")}/${q.path}`);
        expect(names).to.deep.equal([...new Set(names)]);
        expect(names).to.include.members([
            "expertconnect-prod/daily/errors-by-service", "expertconnect-prod/daily/5xx-by-path", "expertconnect-prod/daily/credit-failures",
            "expertconnect-prod/weekly/slowest-endpoints", "expertconnect-prod/weekly/db-slow-queries",
        ]);
        for (const q of SAVED_QUERIES) {
            expect(q.path).to.match(/^(daily|weekly)\/[a-z0-9-]+$/);
        }
    });

    it("answer each of the routine's daily and weekly log checks", () => {
        expect([...new Set(SAVED_QUERIES.map((q) => q.task))]).to.include.members([
            "Check system logs for errors and warnings",
            "Monitor active users and ongoing meetings",
            "Verify credit transactions are processing correctly",
            "Review performance metrics for slow API endpoints",
            "Test video conferencing functionality",
        ]);
    });

    for (const q of SAVED_QUERIES.filter((s) => !("databaseLog" in s.reads))) {
        it(`${q.path} reads exactly the contract fields it declares, all of them in the log contract`, () => {
            const read = fieldsRead(q.query);
            expect([...read].sort()).to.deep.equal([...q.contractFields].sort());
            const contract = contractFieldNames();
            for (const field of read) {
                expect(contract.has(field), `${q.path}: ${field}`).to.equal(true);
            }
        });
    }

    it("the field check catches a field the contract does not have", () => {
        expect([...fieldsRead("filter event = \"http_request\" | stats avg(latency_ms) as avg_ms by route")]).to.deep.equal(["event", "latency_ms", "route"]);
    });

    describe("weekly/db-slow-queries", () => {
        const q = SAVED_QUERIES.find((s) => s.path === "weekly/db-slow-queries")!;
        const filter = new RegExp(/like \/(.+)\/\n/.exec(q.query)![1]);
        const parse = new RegExp(/parse @message \/(.+)\/$/m.exec(q.query)![1]);
        // PostgreSQL's stderr line with RDS's default log_line_prefix (%t:%r:%u@%d:[%p]:).
        const slow = "2026-03-02 09:15:04 UTC:10.0.12.34(51234):expertconnect_user@expertconnect:[4242]:LOG:  duration: 1532.118 ms  statement: SELECT * FROM meetings_meeting WHERE host_id = 7";
        const prepared = "2026-03-02 09:15:05 UTC:10.0.12.34(51234):expertconnect_user@expertconnect:[4242]:LOG:  duration: 2044.5 ms  execute <unnamed>: SELECT 1";

        it("reads the database's PostgreSQL log", () => expect(q.reads).to.deep.equal({ databaseLog: "postgresql" }));

        it("finds the statements log_min_duration_statement writes, with their duration and text", () => {
            expect(filter.test(slow)).to.equal(true);
            expect(parse.exec(slow)!.groups).to.deep.equal({ duration_ms: "1532.118", statement: "SELECT * FROM meetings_meeting WHERE host_id = 7" });
            expect(parse.exec(prepared)!.groups).to.deep.equal({ duration_ms: "2044.5", statement: "SELECT 1" });
        });

        it("skips other PostgreSQL lines", () => {
            expect(filter.test("2026-03-02 09:15:04 UTC::@:[1]:LOG:  checkpoint complete: wrote 12 buffers")).to.equal(false);
        });
    });
});
