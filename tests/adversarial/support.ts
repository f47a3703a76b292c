/**
 * Runs adversarial cases through the real pack over the analyzer protocol, as `npm run analyze`
 * does: each case edits a copy of a stack's offline export (a careless or hostile change, or a
 * resource added beside the components), and the case passes when the pack's verdict matches:
 * "block" needs at least one mandatory violation, "allow" needs none (the unchanged stacks have
 * none). How variants are analyzed affordably: tests/support/exportAnalysis.ts.
 */
import { expect } from "chai";

import { PackResult } from "../../tools/engine/pack/protocol";
import { BLOCKED, ExportAnalyzer, STACK_ALWAYS } from "../support/exportAnalysis";
import { Change, edit, every, named } from "../support/exportChanges";
import { ExportedResource, stackPreview } from "../support/stackPreview";

export type { ExportedResource };
export type Stack = "prod" | "dr";
export type { Change } from "../support/exportChanges";
export { add, all, drift, edit, every, named, remove } from "../support/exportChanges";

export interface Case {
    /** What the change does, as a reviewer would describe it. */
    name: string;
    stack?: Stack;
    change: Change;
    /** When set, the case is known to be out of reach and says why. */
    skip?: string;
}

export const ACCOUNT = "123456789012";
export const FOREIGN = "444455556666";

export const tags = (component: string, environment = "prod") => ({ Project: "expertconnect", Environment: environment, Component: component });
export const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Adds one plain environment variable to the backend container. */
export function env(name: string, value: string): Change {
    return edit("aws:ecs/taskDefinition:TaskDefinition", p => {
        const list = JSON.parse(p.containerDefinitions);
        list[0].environment = [...(list[0].environment ?? []), { name, value }];
        p.containerDefinitions = JSON.stringify(list);
    }, named("backend-task"));
}

/** The stack's first resource of `type`'s output (an ARN, id …), for cases that must name something real. */
export function outputOf(rs: ExportedResource[], type: string, key = "arn", where?: (r: ExportedResource) => boolean): any {
    return every(rs, type, where)[0].outputs[key];
}

/** One describe per class: every violating case must be blocked, every compliant variant allowed. */
export function suite(title: string, violations: Case[], compliant: Case[]): void {
    describe(title, function () {
        this.timeout(600000);
        const results = new Map<Case, PackResult | Error>();
        before(async () => {
            const analyzer = new ExportAnalyzer();
            for (const stack of ["prod", "dr"] as const) {
                const cases = [...violations.map(c => [c, BLOCKED] as const), ...compliant.map(c => [c, STACK_ALWAYS] as const)]
                    .filter(([c]) => (c.stack ?? "prod") === stack && !c.skip);
                if (cases.length === 0) {
                    continue;
                }
                const original = stackPreview(stack).deployment;
                if (!original) {
                    throw new Error(`the ${stack} preview wrote no export`);
                }
                for (const [c, decidedBy] of cases) {
                    const changed = structuredClone(original);
                    try {
                        c.change(changed.deployment.resources);
                        results.set(c, await analyzer.analyze(stack, original, changed, decidedBy));
                    } catch (err) {
                        results.set(c, err as Error);
                    }
                }
            }
        });
        const mandatory = (c: Case) => {
            const r = results.get(c);
            if (r === undefined || r instanceof Error) {
                throw new Error(`case could not run: ${r?.message ?? "no result"}`);
            }
            return r.violations.filter(v => v.enforcementLevel === "mandatory");
        };
        for (const c of violations) {
            (c.skip ? it.skip : it)(`blocks: ${c.name}`, () => {
                expect(mandatory(c), "no mandatory violation").to.not.be.empty;
            });
        }
        for (const c of compliant) {
            (c.skip ? it.skip : it)(`allows: ${c.name}`, () => {
                const hits = mandatory(c);
                expect(hits, JSON.stringify(hits.map(v => `${v.policyName}: ${v.message}`), null, 1)).to.be.empty;
            });
        }
    });
}
