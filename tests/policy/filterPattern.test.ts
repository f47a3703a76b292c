import { expect } from "chai";
import { canMatch, FilterPatternError, matchesEvent, parseFilterPattern, selectorsOf } from "../../policy/lib/filterPattern";

const line = (o: unknown) => JSON.stringify(o);
const matches = (pattern: string, event: unknown) => matchesEvent(parseFilterPattern(pattern), typeof event === "string" ? event : line(event));

describe("filter pattern evaluator (CloudWatch Logs JSON syntax)", () => {
    it("compares strings exactly, quoted or bare, and with * wildcards", () => {
        expect(matches('{ $.event = "credit_transaction" }', { event: "credit_transaction" })).to.equal(true);
        expect(matches('{ $.event = "credit_transaction" }', { event: "credit_transaction_x" })).to.equal(false);
        expect(matches("{ $.level = ERROR }", { level: "ERROR" })).to.equal(true);
        expect(matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "Client.UnauthorizedOperation" })).to.equal(true);
        expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: "NotAccessDenied" })).to.equal(false);
        expect(matches('{ $.ip != 10.0.* }', { ip: "192.168.0.1" })).to.equal(true);
    });

    it("compares numbers with every comparator and never a string as a number", () => {
        const e = { status: 503 };
        expect(matches("{ $.status >= 500 }", e)).to.equal(true);
        expect(matches("{ $.status > 503 }", e)).to.equal(false);
        expect(matches("{ $.status < 600 && $.status <= 503 }", e)).to.equal(true);
        expect(matches("{ $.status != 503 }", e)).to.equal(false);
        expect(matches("{ $.status = 503 }", e)).to.equal(true);
        expect(matches("{ $.status >= 500 }", { status: "503" })).to.equal(false);
    });

    it("reads nested and indexed selectors, IS, EXISTS and NOT EXISTS", () => {
        const e = { user: { id: 7, admin: true, manager: null }, items: [{ sku: "a" }] };
        expect(matches("{ $.user.id = 7 && $.items[0].sku = a }", e)).to.equal(true);
        expect(matches("{ $.items[1].sku = a }", e)).to.equal(false);
        expect(matches("{ $.user.admin IS TRUE }", e)).to.equal(true);
        expect(matches("{ $.user.admin IS FALSE }", e)).to.equal(false);
        expect(matches("{ $.user.manager IS NULL }", e)).to.equal(true);
        expect(matches("{ $.user.invokedBy NOT EXISTS }", e)).to.equal(true);
        expect(matches("{ $.user EXISTS }", e)).to.equal(true);
    });

    it("gives && precedence over || and honours parentheses", () => {
        const e = { a: 1, b: 2, c: 3 };
        expect(matches("{ $.a = 9 && $.b = 9 || $.c = 3 }", e)).to.equal(true);
        expect(matches("{ $.a = 9 && ($.b = 9 || $.c = 3) }", e)).to.equal(false);
    });

    it("matches %regex% values", () => {
        expect(matches("{ $.path = %^/api/meetings/[0-9]+/$% }", { path: "/api/meetings/12/" })).to.equal(true);
        expect(matches("{ $.path = %^/api/meetings/[0-9]+/$% }", { path: "/admin/" })).to.equal(false);
    });

    it("does not match a line that is not a JSON object, nor a missing field with !=", () => {
        expect(matches('{ $.level = "ERROR" }', "2026-03-02 ERROR something broke")).to.equal(false);
        expect(matches('{ $.level = "ERROR" }', "[1, 2]")).to.equal(false);
        expect(matches('{ $.level != "ERROR" }', { message: "no level" })).to.equal(false);
    });

    it("refuses malformed patterns with a message naming the problem", () => {
        for (const [pattern, message] of [
            ['{ $.event = "x" ', /must end with/],
            ["{ }", /needs a condition/],
            ['{ event = "x" }', /expected a selector/],
            ['{ $.event "x" }', /expected a comparison/],
            ['{ $.event = "x }', /unterminated string/],
            ['{ $.event > "x" }', /compares numbers only/],
            ["{ $.a = 1 && }", /expected a condition/],
            ["{ ($.a = 1 }", /expected '\)'/],
            ["{ $.a IS MAYBE }", /TRUE, FALSE or NULL/],
            ["{ $.a = %[% }", /invalid regular expression/],
        ] as const) {
            expect(() => parseFilterPattern(pattern), pattern).to.throw(FilterPatternError, message);
        }
    });

    it("treats term and space-delimited patterns as text and the empty pattern as match-all", () => {
        expect(parseFilterPattern("ERROR -Exiting").kind).to.equal("text");
        expect(parseFilterPattern("[ip, user, status=5*]").kind).to.equal("text");
        expect(parseFilterPattern("").kind).to.equal("all");
    });

    it("lists the selectors a pattern reads", () => {
        expect(selectorsOf(parseFilterPattern('{ $.event = "a" && ($.status >= 500 || $.user.id EXISTS) }'))).to.deep.equal(["$.event", "$.status", "$.user.id"]);
    });
});

describe("filter pattern satisfiability", () => {
    const possible = (p: string) => canMatch(parseFilterPattern(p));
    for (const p of [
        '{ $.event = "credit_transaction" && $.outcome = "failed" }',
        '{ $.outcome = "failed" || $.outcome = "declined" }',
        "{ $.status >= 500 && $.status < 600 }",
        '{ $.a = "x*" && $.a = "xy" }',
        '{ $.a != "x" && $.a != "y" }',
        "{ $.a = 5 && $.a >= 5 }",
        '{ $.status = "200" && $.status = 200 }',
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }',
        "ERROR",
    ]) {
        it(`finds a possible match for ${p}`, () => expect(possible(p)).to.equal(true));
    }
    for (const p of [
        '{ $.outcome = "failed" && $.outcome = "succeeded" }',
        '{ $.outcome = "failed" && $.outcome != "failed" }',
        "{ $.status >= 500 && $.status < 400 }",
        "{ $.status > 5 && $.status < 5 }",
        "{ $.status = 3 && $.status = 4 }",
        "{ $.status = 3 && $.status != 3 }",
        "{ $.status = 7 && $.status > 7 }",
        "{ $.a EXISTS && $.a NOT EXISTS }",
        '{ $.a NOT EXISTS && $.a = "x" }',
        '{ $.a = "x" && $.a = 5 }',
        "{ $.a IS TRUE && $.a IS FALSE }",
        '{ $.a = "x" && $.a.b = "y" }',
        '{ ($.a = "x" || $.a = "y") && $.a = "z" }',
    ]) {
        it(`knows nothing can match ${p}`, () => expect(possible(p)).to.equal(false));
    }
});
