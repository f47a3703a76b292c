/**
 * What an application role's identity policies let it change among the stack's own resources.
 * A workload uses its resources through data-plane actions (see `applicationUse.ts`); any other
 * Write, Permissions-management or Tagging action it is allowed on a resource of the stack
 * (stopping the trail, deleting a log group, rewriting a parameter the app reads, a key's
 * policy, a shell in another service's tasks, passing a role to a task it runs) turns a
 * compromised container into an administrator of what the stack protects.
 *
 * A grant reaches a resource when AWS would allow the action on it (the action's resource type
 * matches the ARN, wildcards and NotAction/NotResource counted by simulation), or when a
 * statement names the resource and grants its service's action there: a vault's
 * `backup:DeleteRecoveryPoint` states the intent even where AWS evaluates the recovery points'
 * own ARNs.
 */
import { accessLevel, actsOn, globMatches, serviceOf, statementActions } from "./catalog";
import { CHANGE_LEVELS, isApplicationUse } from "./applicationUse";
import { NormalPolicy } from "./document";
import { allowsOn, PolicySet } from "./evaluate";
import { asAttackerSees } from "./grants";

/** One resource of the stack as a target: its ARN and the ARNs of what it holds. */
export interface StackTarget {
    /** How messages name it: `trail expertconnect-trail`. */
    label: string;
    arn: string;
    /** ARNs of what it holds (a cluster's tasks, a log group's streams, a vault's recovery points). */
    children: string[];
}

export interface ReachFinding {
    target: StackTarget;
    /** Confirmed actions (at most `examples`). */
    actions: string[];
}

/** Simulations per identity at most, so a huge grant costs a bounded time. */
const MAX_PROBES = 400;

/** The service an ARN belongs to (`arn:aws:logs:…` → logs). */
function arnService(arn: string): string {
    return arn.split(":")[2] ?? "";
}

/** The actions the Allow statements grant (wildcards and NotAction expanded) that change a resource and are not a use. */
export async function changeCandidates(policies: NormalPolicy[], uses: readonly string[]): Promise<Map<string, NormalPolicy["statements"]>> {
    const out = new Map<string, NormalPolicy["statements"]>();
    for (const s of policies.flatMap(p => p.statements).filter(x => x.effect === "Allow")) {
        for (const action of await statementActions(s)) {
            if (isApplicationUse(action, uses) || !CHANGE_LEVELS.includes((await accessLevel(action))!)) {
                continue;
            }
            out.set(action, [...(out.get(action) ?? []), s]);
        }
    }
    return out;
}

/** Whether a statement's Resource (or NotResource) can cover `arn`: a pre-filter that spares simulations. */
function covers(s: NormalPolicy["statements"][number], arn: string): boolean {
    return s.notResource ? !s.notResource.some(p => globMatches(p, arn)) : (s.resource ?? []).some(p => globMatches(p, arn));
}

/** Whether a statement names `arn` by a pattern other than a bare `*` (its author meant that resource). */
function namesResource(s: NormalPolicy["statements"][number], arn: string): boolean {
    return (s.resource ?? []).some(p => p !== "*" && globMatches(p, arn));
}

/**
 * The stack resources the application role's policies let it change beyond its uses, with the
 * actions (Write, Permissions management, Tagging) AWS would allow there. With a permissions
 * boundary, only what the boundary allows too (AWS intersects them).
 */
export async function applicationReach(policies: NormalPolicy[], targets: StackTarget[], uses: readonly string[], account: string, examples = 4, boundary?: NormalPolicy): Promise<ReachFinding[]> {
    const candidates = await changeCandidates(policies, uses);
    if (candidates.size === 0) {
        return [];
    }
    const set: PolicySet = { identity: await asAttackerSees(policies) };
    const limit: PolicySet | undefined = boundary && { identity: await asAttackerSees([boundary]) };
    const byService = new Map<string, StackTarget[]>();
    for (const t of targets) {
        byService.set(arnService(t.arn), [...(byService.get(arnService(t.arn)) ?? []), t]);
    }
    const found = new Map<StackTarget, string[]>();
    let probes = 0;
    for (const [action, statements] of candidates) {
        for (const target of byService.get(serviceOf(action)) ?? []) {
            const hits = found.get(target) ?? [];
            if (hits.length >= examples || probes >= MAX_PROBES) {
                continue;
            }
            for (const arn of [target.arn, ...target.children]) {
                const reaches = statements.some(s => covers(s, arn)) && (statements.some(s => namesResource(s, arn)) || await actsOn(action, arn));
                if (!reaches) {
                    continue;
                }
                probes++;
                if (await allowsOn(set, action, arn, account) && (!limit || await allowsOn(limit, action, arn, account))) {
                    found.set(target, [...hits, action]);
                    break;
                }
            }
        }
    }
    return [...found.entries()].map(([target, actions]) => ({ target, actions }));
}

/** Whether any Allow statement of the policies grants one of `actions` on `arn`, whatever its conditions (the role's stated use). */
export function statesUse(policies: NormalPolicy[], actions: readonly string[], arn: string): boolean {
    return policies.flatMap(p => p.statements).some(s => s.effect === "Allow" &&
        (s.action ?? []).some(pattern => actions.some(a => globMatches(pattern, a) || globMatches(a, pattern))) &&
        (s.resource ?? []).some(p => globMatches(p, arn)));
}
