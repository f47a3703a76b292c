/**
 * Table-driven tests: a compliant fixture that must pass, and one `it` per way of violating the
 * policy, each a small change to a fresh copy of the fixture.
 */
import type { GuardPolicy } from "../../../policy/lib/define";
import { changed, expectNotApplicable, expectPass, expectViolation } from "./expect";
import { analyzeResource, analyzeStack, Outcome, ResourceInput, StackResourceInput } from "./harness";

export interface Case<T> {
    /** Turns the compliant fixture into the case (on a copy). */
    change?: (value: T) => void;
    /** Policy config overrides for this case. */
    config?: Record<string, unknown>;
    /** Send only `config`, without the schema defaults (a run without Configure). */
    withoutDefaults?: boolean;
}

export interface ViolationCase<T> extends Case<T> {
    /** A message of the policy must match. */
    message: RegExp;
}

export interface Table<T> {
    /** Policy config for every case (a case's own config overrides it), e.g. the dr environment. */
    config?: Record<string, unknown>;
    /** The stack the fixture's URNs name (stack policies tell its own references by it). Default: prod. */
    stack?: string;
    /** Further compliant variants (beyond the fixture itself). */
    passes?: Record<string, Case<T>>;
    /** One entry per way of violating the policy. */
    violations: Record<string, ViolationCase<T>>;
    /** Variants the policy must report as not applicable. */
    notApplicable?: Record<string, Case<T>>;
}

/** The resource in `stack` with logical name `name`. */
export function named(stack: StackResourceInput[], name: string): StackResourceInput {
    const found = stack.find(r => r.name === name);
    if (!found) {
        throw new Error(`fixture has no resource ${name}`);
    }
    return found;
}

/** The `it`s of a table: `run` analyzes one case, `compliant` names the fixture. */
function tableTests<T>(policy: GuardPolicy, compliant: string, run: (c: Case<T>) => Promise<Outcome>, table: Table<T>): void {
    it(`passes ${compliant}`, async () => expectPass(await run({})));
    for (const [title, c] of Object.entries(table.passes ?? {})) {
        it(`passes when ${title}`, async () => expectPass(await run(c)));
    }
    for (const [title, c] of Object.entries(table.violations)) {
        it(`reports when ${title}`, async () => expectViolation(await run(c), policy, c.message));
    }
    for (const [title, c] of Object.entries(table.notApplicable ?? {})) {
        it(`does not apply when ${title}`, async () => expectNotApplicable(await run(c)));
    }
}

/** Tests for a resource policy over `fixture` (a compliant resource). */
export function resourceTable(policy: GuardPolicy, fixture: ResourceInput, table: Table<ResourceInput>): void {
    tableTests<ResourceInput>(policy, `the compliant ${fixture.type.split(":").pop()}`, c =>
        analyzeResource(policy, c.change ? changed(fixture, c.change) : fixture, { ...c, config: { ...table.config, ...c.config } }), table);
}

/** Tests for a stack policy over `fixture` (a compliant stack). */
export function stackTable(policy: GuardPolicy, fixture: StackResourceInput[], table: Table<StackResourceInput[]>): void {
    tableTests<StackResourceInput[]>(policy, "the compliant stack", c =>
        analyzeStack(policy, c.change ? changed(fixture, c.change) : fixture, { ...c, stack: table.stack, config: { ...table.config, ...c.config } }), table);
}
