import { expect } from "chai";

import { restoreValidationSettings } from "../../../components/data/DatabaseTasks";

// Plain Node.js modules shipped as the Lambda's code: tested as they run there.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require("../../../components/data/databaseTasks/pgwire.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const handler = require("../../../components/data/databaseTasks/handler.js");

/** A backend message as the server sends it: type byte, Int32 length, body. */
function message(type: string, body: Buffer): Buffer {
    const header = Buffer.alloc(5);
    header.write(type, 0, "latin1");
    header.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([header, body]);
}

describe("database maintenance function: PostgreSQL wire client", () => {
    it("computes SCRAM-SHA-256 proof and server signature as RFC 7677's example", () => {
        const r = pg.scramFinal("pencil", "n=user,r=rOprNGfwEbeRWgbNEkqO",
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        expect(r.message).to.equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        expect(r.serverSignature).to.equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    });

    it("refuses a server nonce that does not extend the client's", () => {
        expect(() => pg.scramFinal("pencil", "n=,r=abc", "r=xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")).to.throw(/does not continue this exchange/);
    });

    it("answers MD5 authentication as md5(md5(password + user) + salt)", () => {
        expect(pg.md5Password("u", "p", Buffer.from([1, 2, 3, 4]))).to.match(/^md5[0-9a-f]{32}$/);
        expect(pg.md5Password("u", "p", Buffer.from([1, 2, 3, 4]))).to.not.equal(pg.md5Password("u", "p", Buffer.from([1, 2, 3, 5])));
    });

    it("reads data rows with NULLs and error fields", () => {
        const row = Buffer.concat([Buffer.from([0, 2]), Buffer.from([0, 0, 0, 1]), Buffer.from("1"), Buffer.from([255, 255, 255, 255])]);
        expect(pg.dataRow(row)).to.deep.equal(["1", null]);
        const error = Buffer.from("SFATAL\0C28P01\0Mpassword authentication failed\0\0");
        expect(pg.errorText(error)).to.equal("FATAL 28P01: password authentication failed");
    });

    it("splits a stream into messages whatever the chunking", async () => {
        const reader = new pg.MessageReader();
        const bytes = Buffer.concat([message("Z", Buffer.from("I")), message("C", Buffer.from("SELECT 1\0"))]);
        for (const b of bytes) reader.push(Buffer.from([b]));
        expect((await reader.next()).type).to.equal("Z");
        const c = await reader.next();
        expect([c.type, c.body.toString()]).to.deep.equal(["C", "SELECT 1\0"]);
    });
});

describe("database maintenance function: jobs", () => {
    it("creates the application role idempotently, with rds_iam, and hands it the master user's objects", () => {
        const sql: string[] = handler.appUserStatements("expertconnect_app", "expertconnect");
        expect(sql[0]).to.match(/IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'expertconnect_app'\) THEN CREATE ROLE expertconnect_app LOGIN/);
        expect(sql).to.include("GRANT rds_iam TO expertconnect_app");
        expect(sql.join("\n")).to.match(/OWNER TO expertconnect_app/);
        expect(sql.join("\n")).to.not.match(/PASSWORD/i);
    });

    it("refuses role or database names that are not plain identifiers (no SQL injection through config)", () => {
        for (const bad of ["app; DROP TABLE x", "App", "1app", ""]) {
            expect(() => handler.appUserStatements(bad, "expertconnect"), bad).to.throw(/invalid role or database name/);
        }
        expect(() => handler.appUserStatements("app", "db'--")).to.throw(/invalid role or database name/);
    });

    it("passes a restored copy whose newest row is within the allowed age of the recovery point", () => {
        const v = handler.freshnessVerdict(new Date("2026-03-01T06:00:00Z"), new Date("2026-03-01T08:00:00Z"), 72);
        expect(v).to.deep.include({ ok: true });
        expect(v.message).to.match(/2 h before the recovery point/);
    });

    it("fails a restored copy that is empty, stale, or whose check does not return a timestamp", () => {
        const point = new Date("2026-03-01T08:00:00Z");
        expect(handler.freshnessVerdict(undefined, point, 72)).to.deep.include({ ok: false, message: "the freshness query found no rows" });
        expect(handler.freshnessVerdict(new Date("2026-02-20T00:00:00Z"), point, 72).ok).to.equal(false);
        expect(handler.freshnessVerdict(new Date("not a date"), point, 72).ok).to.equal(false);
    });

    it("refuses an event it does not know", async () => {
        let error: Error | undefined;
        try { await handler.handler({ source: "aws.ec2" }); } catch (e) { error = e as Error; }
        expect(error?.message).to.match(/unknown event/);
    });
});

describe("database maintenance function: restore-test settings", () => {
    it("renders the reviewed freshness query and age bound by default", () => {
        expect(restoreValidationSettings("db-tasks", {})).to.deep.equal({ FRESHNESS_QUERY: "SELECT max(last_login) FROM auth_user", MAX_AGE_HOURS: "72" });
        expect(restoreValidationSettings("db-tasks", { freshnessQuery: "SELECT max(created_at) FROM bookings_booking", maxAgeHours: 48 }))
            .to.deep.equal({ FRESHNESS_QUERY: "SELECT max(created_at) FROM bookings_booking", MAX_AGE_HOURS: "48" });
    });

    it("refuses, before any resource, settings with which the restore test proves nothing", () => {
        expect(() => restoreValidationSettings("db-tasks", { freshnessQuery: "SELECT now()" })).to.throw(/db-tasks: the restore test would prove nothing: freshnessQuery "SELECT now\(\)": it reads no table/);
        expect(() => restoreValidationSettings("db-tasks", { maxAgeHours: 24 * 30 })).to.throw(/maxAgeHours: 720 hours lets a copy missing more than 72 hours/);
        expect(() => restoreValidationSettings("db-tasks", { maxAgeHours: 0 })).to.throw(/maxAgeHours: "0" is not a number of hours above 0/);
    });
});
