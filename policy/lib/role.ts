/**
 * Production is a role, not a stack name. The pack's config says which stack it guards
 * (`environment`), but the dr stack serves production once a failover began, and a resource
 * tagged as prod's is prod's whatever the config says. Every source of evidence counts and any
 * one of them makes the role production (the pack fails closed):
 * - the policy config's `environment` is `prod`;
 * - the resource carries `Environment=prod`;
 * - the resource carries `FailoverPhase=promote`, `promoted` or `failback` (components/dr/phase.ts
 *   tags the dr database with its phase);
 * - for stack policies, any resource of the stack carries such a phase, or the stack's
 *   `drPhase` output says so.
 */
import { PolicyResource } from "@pulumi/policy";

import type { Environment } from "./config";
import type { Props } from "./define";
import { known } from "./stack";
import { RDS_INSTANCE } from "./tokens";

import { FAILOVER_PHASE_TAG, FENCED_OUTPUT, FENCED_PHASES, PHASE_OUTPUT } from "./facts/failoverPhase";
import { DR_SERVING_PHASES } from "./facts/roleProbe";

export { FAILOVER_PHASE_TAG };
/**
 * Phases in which the dr database is a primary holding production's data: from `promote` until
 * `failback` ends (prod takes the data back from it, so it is still the only copy of recent writes).
 */
export const SERVING_PHASES: readonly string[] = ["promote", "promoted", "failback"];

/** The failover phase a resource is tagged with, if any. */
export function failoverPhase(props: Props): string | undefined {
    const phase = known(() => props.tags?.[FAILOVER_PHASE_TAG]);
    return typeof phase === "string" ? phase : undefined;
}

/** Why a resource serves production, or undefined when nothing says it does. */
export function productionEvidence(props: Props, environment: Environment): string | undefined {
    if (environment === "prod") {
        return "the policy config's environment is prod";
    }
    if (known(() => props.tags?.Environment) === "prod") {
        return "it is tagged Environment=prod";
    }
    const phase = failoverPhase(props);
    if (phase !== undefined && SERVING_PHASES.includes(phase)) {
        return `it is tagged ${FAILOVER_PHASE_TAG}=${phase} (failover under way or done)`;
    }
    return undefined;
}

/** The stack's `drPhase` output (the dr stack's failover phase), when the stack resource carries it. */
export function stackPhase(resources: PolicyResource[]): string | undefined {
    const stack = resources.find(r => r.type === "pulumi:pulumi:Stack");
    const phase = stack ? known(() => stack.props[PHASE_OUTPUT]) : undefined;
    return typeof phase === "string" ? phase : undefined;
}

/** Why the stack serves production (see the module comment), or undefined. */
export function stackProductionEvidence(resources: PolicyResource[], environment: Environment): string | undefined {
    if (environment === "prod") {
        return "the policy config's environment is prod";
    }
    const phase = stackPhase(resources);
    if (phase !== undefined && SERVING_PHASES.includes(phase)) {
        return `the stack's drPhase output is ${phase}`;
    }
    for (const r of resources) {
        const evidence = productionEvidence(r.props, environment);
        if (evidence) {
            return `${r.name}: ${evidence}`;
        }
    }
    return undefined;
}

/** Whether prod's `drFenced` output says it is fenced; undefined when the stack does not carry it (or not yet known). */
export function stackFenced(resources: PolicyResource[]): boolean | undefined {
    const stack = resources.find(r => r.type === "pulumi:pulumi:Stack");
    const fenced = stack ? known(() => stack.props[FENCED_OUTPUT]) : undefined;
    return typeof fenced === "boolean" ? fenced : undefined;
}

/** The region's failover state: whether it serves the application, whether it is fenced, and the phase naming it. */
export interface RegionState {
    serves: boolean;
    /** No task, its data stores closed to its services (prod fenced, dr in a FENCED_PHASES phase). */
    fenced: boolean;
    /** `serving` or `fenced` for prod, dr's phase. */
    phase: string;
}

/**
 * The stack's failover state, read from what the stack holds. dr: its phase, the database's
 * FailoverPhase tag first (the database is what AWS has promoted or not: a promoted primary is
 * the only writer, whatever an output says), then the stack's drPhase output, then any resource's
 * tag, the same order dr-database-replica reads; undefined when none says. prod: its `drFenced`
 * output (index.ts, from `expertconnect:dr.fenced`), else the policy config's `fenced`. Reading
 * the fence from the stack is safe because a fenced stack is held to more, not less
 * (dr-fenced-region-closed: no task, no store open to a task): a stack that claims a fence it
 * does not keep is refused either way.
 */
export function regionState(environment: string, configFenced: boolean, resources: PolicyResource[]): RegionState | undefined {
    if (environment !== "dr") {
        const fenced = stackFenced(resources) ?? configFenced;
        return { serves: !fenced, fenced, phase: fenced ? "fenced" : "serving" };
    }
    const ofDatabase = resources.filter(r => (RDS_INSTANCE as readonly string[]).includes(r.type)).map(r => failoverPhase(r.props)).find(p => p !== undefined);
    const phase = ofDatabase ?? stackPhase(resources) ?? resources.map(r => failoverPhase(r.props)).find(p => p !== undefined);
    return phase === undefined ? undefined : { serves: DR_SERVING_PHASES.includes(phase), fenced: FENCED_PHASES.includes(phase), phase };
}

/**
 * Why the policy config's fence disagrees with the stack's, or undefined: the config says prod is
 * fenced (policy/config/prod-fenced.json) but its `drFenced` output says it serves, so the
 * program deploys a prod that takes writes while the operator believes dr alone does. The
 * config's default (false) states nothing: the stack's output decides then.
 */
export function fenceMismatch(environment: string, configFenced: boolean, resources: PolicyResource[]): string | undefined {
    if (environment === "dr" || !configFenced) return undefined;
    return stackFenced(resources) === false
        ? `the policy config says prod is fenced (fenced: true) but the stack's ${FENCED_OUTPUT} output is false: the program deploys a prod that serves and takes writes ` +
            `while dr may be the primary (two writers); set expertconnect:dr.fenced true, or deploy with policy/config/prod.json once prod serves again`
        : undefined;
}
