import { expect } from "chai";

import type { GuardPolicy } from "../../../policy/lib/define";
import type { Outcome } from "./harness";

/** The policy ran (was applicable) and found nothing. */
export function expectPass(outcome: Outcome): void {
    expect(outcome.notApplicable, "policy should apply").to.deep.equal([]);
    expect(outcome.violations.map(v => v.message)).to.deep.equal([]);
}

/** The policy reported itself not applicable and found nothing. */
export function expectNotApplicable(outcome: Outcome): void {
    expect(outcome.violations.map(v => v.message)).to.deep.equal([]);
    expect(outcome.notApplicable).to.have.length(1);
}

/**
 * The policy found at least one violation, at its own enforcement level and severity, and one of
 * the messages matches `pattern` (so the test proves which rule fired, not just that one did).
 */
export function expectViolation(outcome: Outcome, policy: GuardPolicy, pattern: RegExp, urn?: string): void {
    expect(outcome.violations, "expected a violation").to.not.be.empty;
    for (const v of outcome.violations) {
        expect(v.enforcementLevel).to.equal(policy.enforcementLevel);
        expect(v.severity).to.equal(policy.metadata.severity);
    }
    expect(outcome.violations.map(v => v.message).some(m => pattern.test(m)),
        `no message matches ${pattern}: ${JSON.stringify(outcome.violations.map(v => v.message))}`).to.equal(true);
    if (urn !== undefined) {
        expect(outcome.violations.map(v => v.urn)).to.include(urn);
    }
}

/** A deep copy of `value` changed by `change`, so each case starts from the compliant fixture. */
export function changed<T>(value: T, change: (copy: T) => void): T {
    const copy = structuredClone(value);
    change(copy);
    return copy;
}
