/**
 * What every bad input must produce: exit code 2, exactly one line, naming the key (or file and
 * resource) to change and what is allowed, with no JavaScript error text and no stack frames.
 */
import { expect } from "chai";

/** Text that shows the user an internal error instead of what to change. */
const INTERNAL = [/^\s*at /m, /TypeError|ReferenceError|SyntaxError|RangeError/, /Cannot read propert/, /undefined is not/, /\[object Object\]/];

/** Asserts `text` is one line holding every fragment and nothing internal. */
export function expectOneLine(text: string, ...fragments: string[]): void {
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    expect(lines, `expected one line, got:\n${text}`).to.have.length(1);
    for (const fragment of fragments) {
        expect(lines[0], `line lacks ${JSON.stringify(fragment)}`).to.contain(fragment);
    }
    for (const pattern of INTERNAL) {
        expect(lines[0], `internal error text ${pattern}`).not.to.match(pattern);
    }
}

/** The error `fn` throws (failing the test when it throws nothing). */
export function thrown(fn: () => unknown): Error {
    try {
        fn();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the input to be refused, but it was accepted");
}
