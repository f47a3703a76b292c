import { expect } from "chai";
import * as prices from "../../policy/cost/prices";
import { Price, PRICED_REGIONS, PRICES_AS_OF } from "../../policy/cost/prices";

/** Every Price in the table, with its path for messages. */
function allPrices(): Array<[string, Price]> {
    const out: Array<[string, Price]> = [];
    const visit = (name: string, v: unknown): void => {
        if (typeof v !== "object" || v === null) {
            return;
        }
        if ("usd" in v && "source" in v) {
            out.push([name, v as Price]);
            return;
        }
        for (const [k, x] of Object.entries(v)) {
            visit(`${name}.${k}`, x);
        }
    };
    for (const [k, v] of Object.entries(prices)) {
        visit(k, v);
    }
    return out;
}

describe("price table", () => {
    const table = allPrices();

    it("has figures (guards the walk below against finding nothing)", () => {
        expect(table.length).to.be.greaterThan(20);
    });

    it("cites an AWS pricing page and a date for every figure", () => {
        for (const [name, price] of table) {
            expect(price.source, name).to.match(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/(?:[a-z0-9-]+\/)?pricing\/$/);
            expect(price.asOf, name).to.equal(PRICES_AS_OF);
            expect(price.unit, name).to.be.a("string").and.not.equal("");
        }
    });

    it("has a positive on-demand rate for both stack regions", () => {
        for (const [name, price] of table) {
            expect(Object.keys(price.usd).sort(), name).to.deep.equal([...PRICED_REGIONS].sort());
            for (const region of PRICED_REGIONS) {
                expect(price.usd[region], `${name} in ${region}`).to.be.greaterThan(0);
            }
        }
    });

    it("is dated as an ISO day", () => {
        expect(PRICES_AS_OF).to.match(/^\d{4}-\d{2}-\d{2}$/);
    });
});
