import { expect } from "chai";
import { describeError } from "../../../tools/engine/program/child";

describe("engine: program errors", () => {
    it("prints a program's own error as written, one problem per line", () => {
        expect(describeError(new Error("a: wrong\nb: wrong"))).to.equal("a: wrong\nb: wrong");
    });

    it("drops the SDK's chain of property-path prefixes", () => {
        const err = new Error(`error serializing property "a": error serializing property "b": the real cause`);
        expect(describeError(err)).to.equal("the real cause");
    });

    it("shows where a JavaScript mistake happened", () => {
        let caught: unknown;
        try {
            (undefined as unknown as { x: number }).x;
        } catch (err) {
            caught = err;
        }
        const text = describeError(caught);
        expect(text.split("\n")[0]).to.match(/^TypeError: Cannot read properties of undefined/);
        expect(text).to.contain("program.test.ts");
    });

    it("describes non-Error values", () => {
        expect(describeError("plain")).to.equal("plain");
    });
});
