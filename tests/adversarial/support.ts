/**
 * Runs adversarial cases through the real pack over the analyzer protocol, as `npm run analyze`
 * does: each case edits a copy of a stack's offline export (a careless or hostile change, or a
 * resource added beside the components), and the case passes when the pack's verdict matches:
 * "block" needs at least one mandatory violation, "allow" needs none (the unchanged stacks have
 * none). How variants are analyzed affordably: tests/support/exportAnalysis.ts.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { PackResult } from "../../tools/engine/pack/protocol";
import { BLOCKED, ExportAnalyzer, STACK_ALWAYS } from "../support/exportAnalysis";
import { Change, edit, every, named } from "../support/exportChanges";
import { ExportedResource, stackPreview } from "../support/stackPreview";

export type { ExportedResource };
export type Stack = "prod" | "dr";
export type { Change } from "../support/exportChanges";
export { add, all, drift, edit, every, named, remove } from "../support/exportChanges";
import { all, remove } from "../support/exportChanges";

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

/**
 * The backend's migration gate as components/operations/Migration.ts renders it (the reviewed
 * script, the backend task definition as its trigger, the 35-minute Pulumi timeout) and the backend
 * service depending on it: what a dr stack gains from the promote phase on.
 */
export function migrationGate(): Change {
    return rs => {
        const script = fs.readFileSync(path.resolve(__dirname, "..", "..", "scripts", "run-migration.sh"), "utf8");
        const task = every(rs, "aws:ecs/taskDefinition:TaskDefinition", named("backend-task"))[0];
        const service = every(rs, "aws:ecs/service:Service", named("backend-service"))[0];
        const database = every(rs, "aws:rds/instance:Instance", named("database"))[0];
        const stack = rs.find(r => r.type === "pulumi:pulumi:Stack")!;
        const prefix = stack.urn.slice(0, stack.urn.indexOf("::pulumi:pulumi:Stack"));
        const arn = task.outputs.arn as string;
        const region = arn.split(":")[3];
        const env = arn.split("/").pop()!.split("-")[1];
        const props = {
            interpreter: ["/bin/bash", "-c"], create: script, update: script, addPreviousOutputInEnv: false, triggers: [arn],
            environment: {
                TASK_DEFINITION: arn, CLUSTER: `expertconnect-${env}-cluster`, SUBNETS: "subnet-0a,subnet-0b", SECURITY_GROUPS: "sg-0backend",
                CONTAINER: "backend", COMMAND_JSON: "[\"python\",\"manage.py\",\"migrate\",\"--noinput\"]", LOG_GROUP: `/ecs/expertconnect-${env}-backend`,
                LOG_STREAM_PREFIX: "backend", AWS_REGION: region, TIMEOUT_MINUTES: "30",
            },
        };
        const urn = `${prefix}::expertconnect:operations:Migration$command:local:Command::backend-migration-run`;
        rs.push({
            urn, type: "command:local:Command", custom: true, parent: stack.urn, inputs: props, outputs: { ...props },
            dependencies: [task.urn, database.urn], propertyDependencies: { environment: [task.urn], triggers: [task.urn] },
            customTimeouts: { create: 2100, update: 2100 },
        } as ExportedResource);
        service.dependencies = [...(service.dependencies ?? []), urn];
    };
}

/**
 * The dr stack in a serving phase as the program renders it (the red team's phase state): the
 * database promoted and tagged, the role probe answering 200, prod's capacity, no replica-lag
 * alarms, the drPhase output, and the backend's migration gate.
 */
export function drServing(phase: "promote" | "promoted"): Change {
    return all(
        edit("aws:rds/instance:Instance", p => {
            delete p.replicateSourceDb;
            p.deletionProtection = true; p.skipFinalSnapshot = false;
            p.finalSnapshotIdentifier = "expertconnect-dr-db-final-snapshot";
            if (phase === "promoted") { p.multiAz = true; p.applyImmediately = true; }
            p.tags = { ...p.tags, FailoverPhase: phase };
            if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase };
        }, named("database")),
        edit("aws:elasticache/replicationGroup:ReplicationGroup", p => {
            p.tags = { ...p.tags, FailoverPhase: phase };
            if (p.tagsAll) p.tagsAll = { ...p.tagsAll, FailoverPhase: phase };
        }),
        edit("aws:lb/listenerRule:ListenerRule", p => { p.actions[0].fixedResponse = { contentType: "text/plain", messageBody: "serving", statusCode: "200" }; }, named("alb-role-probe")),
        edit("aws:appautoscaling/target:Target", p => { p.minCapacity = phase === "promote" ? 2 : 1; p.maxCapacity = 5; }),
        edit("aws:ecs/service:Service", p => { p.desiredCount = 2; }),
        remove("aws:cloudwatch/metricAlarm:MetricAlarm", r => /replica-(lag-high|stalled)$/.test(r.urn)),
        (rs: ExportedResource[]) => { const st = rs.find(r => r.type === "pulumi:pulumi:Stack")!; st.outputs = { ...st.outputs, drPhase: phase }; },
        migrationGate(),
    );
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
