/**
 * "Does this policy set allow action A on resource R?", answered by @cloud-copilot/iam-simulate,
 * which follows AWS's evaluation logic (explicit deny, NotAction/NotResource, conditions,
 * permissions boundaries, resource policies and the same-account rules).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";

import { arnWitness } from "./arnWitness";
import { actionInfo } from "./catalog";
import { NormalPolicy, Principals } from "./document";

export interface Request {
    /** `service:Action`. */
    action: string;
    /** The resource ARN (or "*" for wildcard-only actions). */
    resource: string;
    /** The account that owns the resource. */
    resourceAccount: string;
    /** The calling principal's ARN. @default a role in `resourceAccount` */
    principal?: string;
    /** Request context (condition keys and their values). @default none */
    context?: Record<string, string | string[]>;
}

export interface PolicySet {
    /** Identity policies of the principal (inline and attached). */
    identity: NormalPolicy[];
    /** The principal's permissions boundary, if any. */
    boundary?: NormalPolicy;
    /** The resource's own policy, if any. */
    resource?: NormalPolicy;
    /**
     * The policy of the VPC endpoint the request passes through, if it has one (none: the
     * endpoint allows everything). AWS evaluates it together with the identity and resource
     * policies: a request it does not allow is refused, whatever they grant.
     */
    endpoint?: NormalPolicy;
}

/** AWS's three outcomes, or "Error" when the request does not fit the action (e.g. a wrong resource type). */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error";

/** The decision overall, and that of the identity policies alone (what the principal's own policies grant). */
export interface Decisions {
    overall: Decision;
    identity: Decision;
    /** The endpoint policy's own decision (only when the set has one). */
    endpoint?: Decision;
}

/** Evaluates one request strictly: condition keys absent from `context` are absent. */
export async function evaluate(policies: PolicySet, request: Request): Promise<Decision> {
    return (await evaluateDetailed(policies, request)).overall;
}

/**
 * Like `evaluate`, with the identity policies' own decision: a KMS key, for one, also needs its
 * key policy to allow, so "does this role's policy grant kms:Decrypt on every key" is the
 * identity decision, not the overall one.
 */
export function evaluateDetailed(policies: PolicySet, request: Request): Promise<Decisions> {
    const key = requestKey(policies, request);
    let decided = DECIDED.get(key);
    if (decided === undefined) {
        if (DECIDED.size >= 50000) {
            DECIDED.clear(); // a bound for long-lived pack processes
        }
        decided = simulate(policies, request);
        DECIDED.set(key, decided);
    }
    return decided;
}

/**
 * Decisions already simulated, by everything that decides them (every policy document, the
 * request and its context). The simulator is a pure function of these; the same role's access is
 * asked by several policies of one analysis (runtime paths, perimeters, escalation) and by every
 * analysis of an unchanged role, and resolving resource types for each request was a fifth of the
 * pack's time.
 */
const DECIDED = new Map<string, Promise<Decisions>>();

/** Each policy document's JSON text, computed once per document object. */
const DOCUMENT_TEXT = new WeakMap<object, string>();

function documentText(policy: NormalPolicy | undefined): string {
    if (policy === undefined) {
        return "";
    }
    let text = DOCUMENT_TEXT.get(policy.json);
    if (text === undefined) {
        text = JSON.stringify(policy.json);
        DOCUMENT_TEXT.set(policy.json, text);
    }
    return text;
}

function requestKey(policies: PolicySet, request: Request): string {
    return JSON.stringify([
        policies.identity.map(documentText), documentText(policies.boundary), documentText(policies.resource), documentText(policies.endpoint),
        request.action, request.resource, request.resourceAccount, request.principal ?? "", request.context ?? {},
    ]);
}

/** Whether an endpoint policy statement's principals name `principal`: `*`, its ARN, or its account (id or root). */
function namesPrincipal(principals: Principals | undefined, principal: string): boolean {
    if (principals === undefined) {
        return true; // no Principal element: every caller, as "*"
    }
    const account = principal.split(":")[4];
    return (principals.AWS ?? []).some(p => p === "*" || p === principal || (account !== undefined && (p === account || p === `arn:aws:iam::${account}:root`)));
}

/**
 * The endpoint policy as iam-simulate evaluates one (every statement's principal "*"): the
 * statements whose Principal (or NotPrincipal) admits the request's principal, with that
 * element rewritten to "*"; the others cannot apply to the request and are left out.
 */
function endpointPolicyFor(policy: NormalPolicy, principal: string): Record<string, unknown> {
    const statements = policy.json.Statement.filter((_, i) => {
        const st = policy.statements[i];
        return st.notPrincipal !== undefined ? !namesPrincipal(st.notPrincipal, principal) : namesPrincipal(st.principal, principal);
    }).map(({ Principal: _p, NotPrincipal: _n, ...rest }) => ({ ...rest, Principal: "*" }));
    return { ...policy.json, Statement: statements };
}

/**
 * The identities AWS checks a request's principal as, each of which a Deny's NotPrincipal must
 * name for the principal to be spared (IAM User Guide, "NotPrincipal": the account, then the role,
 * then the assumed-role session; a user and its account). A role's request is made by one of its
 * sessions, whose name the policy cannot know in advance: any session of the role it names counts.
 */
function exemptions(principal: string): ((named: string[]) => boolean)[] | undefined {
    const m = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(.+)$/.exec(principal);
    if (!m) {
        return undefined; // a service or an account id: iam-simulate reads NotPrincipal as AWS does
    }
    const [, , account, resource] = m;
    const root = (named: string[]) => named.includes(account) || named.includes(`arn:aws:iam::${account}:root`);
    if (resource === "root") return [root];
    const role = /^role\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1] ?? /^assumed-role\/([^/]+)\//.exec(resource)?.[1];
    if (role === undefined) return [root, (named) => named.includes(principal)];
    const roleArn = (named: string[]) => named.some(n => new RegExp(`^arn:aws[\\w-]*:iam::${account}:role/(?:.*/)?${role.replace(/[.+]/g, "\\$&")}$`).test(n));
    const session = resource.startsWith("assumed-role/")
        ? (named: string[]) => named.includes(principal)
        : (named: string[]) => named.some(n => n.startsWith(`arn:aws:sts::${account}:assumed-role/${role}/`));
    return [root, roleArn, session];
}

/**
 * A resource policy as AWS applies its Deny statements with NotPrincipal to this request: the
 * statement spares the principal only when it names every identity AWS checks it as (see
 * `exemptions`), and never a principal with a permissions boundary (the IAM User Guide: such a
 * Deny always denies it). Spared, the statement is left out; otherwise it denies everyone ("*").
 */
function withNotPrincipalDenies(policy: NormalPolicy, principal: string, bounded: boolean): Record<string, unknown> {
    const checks = exemptions(principal);
    if (!checks || !policy.statements.some(st => st.effect === "Deny" && st.notPrincipal !== undefined)) {
        return policy.json;
    }
    const statements = policy.json.Statement.flatMap((raw, i) => {
        const st = policy.statements[i];
        if (st.effect !== "Deny" || st.notPrincipal === undefined) return [raw];
        const named = st.notPrincipal.AWS ?? [];
        if (!bounded && checks.every(c => c(named))) return [];
        const { NotPrincipal: _n, ...rest } = raw;
        return [{ ...rest, Principal: "*" }];
    });
    return { ...policy.json, Statement: statements };
}

async function simulate(policies: PolicySet, request: Request): Promise<Decisions> {
    const principal = request.principal ?? `arn:aws:iam::${request.resourceAccount}:role/pack-probe-principal`;
    const result = await runSimulation({
        request: {
            principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables: request.context ?? {},
        },
        identityPolicies: policies.identity.map((p, i) => ({ name: `identity-${i}`, policy: p.json })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(policies.resource ? { resourcePolicy: withNotPrincipalDenies(policies.resource, principal, policies.boundary !== undefined) } : {}),
        ...(policies.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: policies.boundary.json }] } : {}),
        ...(policies.endpoint ? { vpcEndpointPolicies: [{ name: "endpoint", policy: endpointPolicyFor(policies.endpoint, principal) }] } : {}),
    }, { simulationMode: "Strict" });
    if (result.resultType === "error") {
        return { overall: "Error", identity: "Error" };
    }
    const analyses = result.resultType === "single" ? [result.result.analysis] : result.results.map(r => r.analysis);
    const identities = analyses.map(a => a.identityAnalysis?.result ?? "ImplicitlyDenied");
    const identity: Decision = identities.includes("Allowed") ? "Allowed" : identities.includes("ExplicitlyDenied") ? "ExplicitlyDenied" : "ImplicitlyDenied";
    if (!policies.endpoint) {
        return { overall: result.overallResult, identity };
    }
    const endpoints = analyses.map(a => a.endpointAnalysis?.result ?? "ImplicitlyDenied");
    const endpoint: Decision = endpoints.includes("Allowed") ? "Allowed" : endpoints.includes("ExplicitlyDenied") ? "ExplicitlyDenied" : "ImplicitlyDenied";
    return { overall: result.overallResult, identity, endpoint };
}

/** Name given to every placeholder of a probe ARN: a resource no policy of the stack names. */
export const PROBE_NAME = "pack-probe-unnamed";

/**
 * ARNs of each resource type a request for the action names (its required types; all its types
 * when none is required) that name nothing in particular: `arn:aws:iam::<account>:role/pack-probe-unnamed`.
 * S3's object actions, for one, act on an access point's objects or a bucket's objects: a policy
 * that allows the action on any of them allows it on resources it never named. `["*"]` for
 * wildcard-only actions; empty for actions AWS does not know.
 */
export async function probeResources(action: string, account: string, region: string): Promise<string[]> {
    const info = await actionInfo(action);
    if (!info) {
        return [];
    }
    if (info.wildcardOnly || info.resourceArns.length === 0) {
        return ["*"];
    }
    return info.resourceArns.slice(0, info.requiredArns || info.resourceArns.length).map(template => template
        .replace(/\$\{Partition\}/g, "aws")
        .replace(/\$\{Account\}/g, account)
        .replace(/\$\{Region\}/g, region)
        .replace(/\$\{[^}]+\}/g, PROBE_NAME));
}

/**
 * Resources of the action's types that the patterns name: for every ARN template of the action,
 * an ARN of that shape a pattern matches (see `arnWitness`), these first; then each pattern no
 * template fits (an action AWS does not know, another service's ARN) filled in plainly. "Allowed
 * on what the statement names" is asked of these: `log-group:/ecs/app:*` names the group's streams.
 */
export async function namedInstances(action: string, patterns: string[], account: string, region: string): Promise<string[]> {
    const templates = (await actionInfo(action))?.resourceArns ?? [];
    const fixed = { Partition: "aws", Account: account, Region: region };
    const fitting: string[] = [];
    const plain: string[] = [];
    for (const pattern of patterns) {
        const witnesses = templates.map(t => arnWitness(pattern, t, fixed)).filter((w): w is string => w !== undefined);
        if (witnesses.length > 0) {
            fitting.push(...witnesses);
        } else {
            plain.push(pattern.replace(/\*/g, "pack-probe").replace(/\?/g, "x"));
        }
    }
    return [...new Set([...fitting, ...plain])];
}

/** The first of `probeResources` (undefined for actions AWS does not know). */
export async function probeResource(action: string, account: string, region: string): Promise<string | undefined> {
    return (await probeResources(action, account, region))[0];
}

/**
 * Whether the identity policies allow `action` on `resource` (in `account`): what the
 * principal's own policies grant, before any key or resource policy (and before a permissions
 * boundary) has its say. With a resource policy in the set, the overall decision.
 */
export async function allowsOn(policies: PolicySet, action: string, resource: string, account: string): Promise<boolean> {
    const decisions = await evaluateDetailed(policies, { action, resource, resourceAccount: account });
    return (policies.resource ? decisions.overall : decisions.identity) === "Allowed";
}

/**
 * Whether the identity policies allow `action` on a resource they never named (see
 * `probeResources`), as `allowsOn` judges.
 */
export async function allowsOnAnyResource(policies: PolicySet, action: string, account: string, region: string): Promise<boolean> {
    for (const resource of await probeResources(action, account, region)) {
        if (await allowsOn(policies, action, resource, account)) {
            return true;
        }
    }
    return false;
}
