/**
 * Transitive escalation: the principals an identity can take over, and what it holds through
 * them. Pure (no Pulumi): the caller describes the stack's roles, functions, keys and data
 * targets; every step is a request judged by the evaluation core (`evaluate.ts`), so resource
 * patterns match as AWS matches them and conditions count as AWS counts them (a condition the
 * attacker controls is met, one naming a context the request does not carry is not).
 *
 * Routes from a principal A to another principal:
 * - assume: A may sts:AssumeRole on role R (its own policies) and R's trust policy admits A;
 * - code: A may change a function's code or configuration (lambda:UpdateFunctionCode,
 *   UpdateFunctionConfiguration: handler, layers, environment): the function's role runs A's code;
 * - entry: A may run its own code where a role's code runs: a shell (ecs:ExecuteCommand into the
 *   tasks of a service that enables ECS Exec, ssm:StartSession / SendCommand on an instance), or
 *   the image a task definition starts from by tag (a push over a movable tag; for an immutable
 *   tag, deleting the image first frees the tag): the task role then runs A's code;
 * - credentials: A may create an access key or a console password for a user;
 * - pass: A may iam:PassRole on R (to the service that runs it) and a way to run code with it
 *   (`RUNNERS`: a new function, an ECS task or service, an EC2 instance, a build, a stack, a
 *   schedule or state machine that calls APIs as the role…), and R trusts that service;
 * - create: A may create a role that trusts it and write that role's permissions (a boundary it
 *   chooses, a policy it picks: iam:PermissionsBoundary and iam:PolicyARN count for what they admit);
 * - policy: A may change R's (or a user's, or a group's: its members') permissions (a policy of its own, an attachment, its boundary, a
 *   new version of a customer managed policy attached to it): R then holds whatever A writes;
 *   changing R's trust policy lets A assume it as it is;
 * - key: A may change a key's policy or grant on it (kms:PutKeyPolicy, kms:CreateGrant): every
 *   use of the key, and of what it protects, is then A's to hand out.
 * A reached role's own routes are followed too (a chain of roles).
 */
import { actsOn, accessLevel, riskOf, serviceOf, statementActions } from "./catalog";
import { NormalPolicy, parsePolicy } from "./document";
import { allowsOn, evaluate, evaluateDetailed, namedInstances, PolicySet, probeResources } from "./evaluate";
import { asAttackerSees, mayAllow, SELF_CHANGE_ACTIONS } from "./grants";
import { DataTarget } from "./targets";

/** A role (or other identity) of the stack, as the takeover graph sees it. */
export interface GraphPrincipal {
    /** Stable key (the resource's URN). */
    id: string;
    kind: "role" | "user" | "group";
    /** How messages name it: `role database-tasks-role-65f58cf`. */
    label: string;
    arn: string;
    /** Its identity policies (every document reaching it). */
    policies: NormalPolicy[];
    /** A role's trust policy, when known. */
    trust?: NormalPolicy;
    /** ARNs of the customer managed policies attached to it (a new version rewrites its permissions). */
    managedPolicies: string[];
}

/** What the graph is built from: the stack's principals, functions and keys. */
export interface TakeoverGraph {
    principals: GraphPrincipal[];
    /** Functions and the ARN of the role they run as. */
    functions: { label: string; arn: string; role: string }[];
    /**
     * Where code runs as a role and the ways to run one's own there (ECS Exec into a service's
     * tasks, a session on an instance, an image push a task definition starts from): the role's ARN
     * and the ways in, any one of which is enough.
     */
    entries: { label: string; role: string; ways: EntryWay[] }[];
    /** The stack's KMS keys. */
    keys: { label: string; arn: string }[];
    account: string;
    region: string;
    /** The stack's data-holding resources: what a principal holds on them is what is judged. */
    targets: DataTarget[];
}

/** One way into code that runs as a role: every action allowed on every resource. */
export interface EntryWay {
    actions: string[];
    resources: string[];
    /**
     * The resources' own policy (an ECR repository's). Within the account it grants as an
     * identity policy does, and its Deny refuses. @default none: the identity policies decide
     */
    resourcePolicy?: NormalPolicy;
    /** How the route reads before the entry's label: `ecs:ExecuteCommand into`. */
    how: string;
}

/** One route to a principal or key: how (for messages), the actions of the first principal it takes. */
export interface Takeover {
    /** `lambda:UpdateFunctionCode on function expertconnect-prod-db-tasks (which runs as role …)`. */
    how: string;
    /** The actions of the taking principal that make the route (to find the documents granting them). */
    actions: string[];
    /** The principal reached (undefined for a key). */
    reached?: GraphPrincipal;
    /** The route gives unbounded power (permissions written at will, a key's policy): what it is. */
    unbounded?: string;
    /**
     * The route changes the code a workload runs (its function, image, environment, code object,
     * build or shell), not only its permissions: what that workload serves and stores is then the
     * taker's, whatever the two roles hold.
     */
    code?: string;
}

/**
 * Ways to run code as a passed role: every action of one entry is needed, on some resource;
 * the role is passed to `service` (iam:PassedToService), which must be trusted by the role.
 */
export const RUNNERS: readonly { service: string; actions: string[] }[] = [
    { service: "lambda.amazonaws.com", actions: ["lambda:CreateFunction"] },
    { service: "lambda.amazonaws.com", actions: ["lambda:UpdateFunctionConfiguration", "lambda:UpdateFunctionCode"] },
    { service: "ecs-tasks.amazonaws.com", actions: ["ecs:RunTask"] },
    { service: "ecs-tasks.amazonaws.com", actions: ["ecs:StartTask"] },
    { service: "ecs-tasks.amazonaws.com", actions: ["ecs:RegisterTaskDefinition", "ecs:CreateService"] },
    { service: "ecs-tasks.amazonaws.com", actions: ["ecs:RegisterTaskDefinition", "ecs:UpdateService"] },
    { service: "ec2.amazonaws.com", actions: ["ec2:RunInstances"] },
    { service: "ec2.amazonaws.com", actions: ["ec2:AssociateIamInstanceProfile"] },
    { service: "ec2.amazonaws.com", actions: ["ec2:ReplaceIamInstanceProfileAssociation"] },
    { service: "ec2.amazonaws.com", actions: ["ec2:RequestSpotInstances"] },
    { service: "ec2.amazonaws.com", actions: ["ec2:CreateLaunchTemplate", "autoscaling:CreateAutoScalingGroup"] },
    { service: "codebuild.amazonaws.com", actions: ["codebuild:CreateProject", "codebuild:StartBuild"] },
    { service: "codebuild.amazonaws.com", actions: ["codebuild:UpdateProject", "codebuild:StartBuild"] },
    { service: "cloudformation.amazonaws.com", actions: ["cloudformation:CreateStack"] },
    { service: "cloudformation.amazonaws.com", actions: ["cloudformation:UpdateStack"] },
    { service: "cloudformation.amazonaws.com", actions: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"] },
    { service: "glue.amazonaws.com", actions: ["glue:CreateJob", "glue:StartJobRun"] },
    { service: "glue.amazonaws.com", actions: ["glue:CreateDevEndpoint"] },
    { service: "sagemaker.amazonaws.com", actions: ["sagemaker:CreateNotebookInstance"] },
    { service: "sagemaker.amazonaws.com", actions: ["sagemaker:CreateTrainingJob"] },
    { service: "sagemaker.amazonaws.com", actions: ["sagemaker:CreateProcessingJob"] },
    { service: "tasks.apprunner.amazonaws.com", actions: ["apprunner:CreateService"] },
    { service: "datapipeline.amazonaws.com", actions: ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"] },
    // Services that call AWS APIs as the role, with what the caller writes: EventBridge Scheduler's
    // universal targets (any API action), a Step Functions state machine's SDK integrations, an
    // SSM Automation runbook (aws:executeAwsApi, aws:executeScript), EventBridge rule targets.
    { service: "scheduler.amazonaws.com", actions: ["scheduler:CreateSchedule"] },
    { service: "states.amazonaws.com", actions: ["states:CreateStateMachine", "states:StartExecution"] },
    { service: "ssm.amazonaws.com", actions: ["ssm:StartAutomationExecution"] },
    { service: "events.amazonaws.com", actions: ["events:PutRule", "events:PutTargets"] },
];

/** Actions on a function that make it run the caller's code (handler, layers, environment, image). */
export const FUNCTION_TAKEOVER_ACTIONS = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"];
/** Actions on a role or user that write its permissions (not its trust): whoever holds them gives it anything. */
export const PERMISSION_WRITES = {
    role: SELF_CHANGE_ACTIONS.role.filter(a => a !== "iam:UpdateAssumeRolePolicy"),
    user: SELF_CHANGE_ACTIONS.user,
    group: SELF_CHANGE_ACTIONS.group,
};
/** Actions on a user that mint credentials to act as it. */
export const USER_CREDENTIAL_ACTIONS = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"];
/** Actions on a customer managed policy that rewrite it for every role it is attached to. */
export const POLICY_VERSION_ACTIONS = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"];
/** Actions on a key that hand out its use (a new key policy, a grant). */
export const KEY_TAKEOVER_ACTIONS = ["kms:PutKeyPolicy", "kms:CreateGrant"];

/**
 * Concrete resources of the action's types a policy's Allow patterns stand for (see
 * `namedInstances`): "allowed on some resource" is asked of them and of the action's probes. A
 * pattern such as `function:expertconnect-prod-*` names functions that do not exist yet.
 */
function instancesOf(policies: NormalPolicy[], action: string, g: TakeoverGraph): Promise<string[]> {
    const patterns = policies.flatMap(p => p.statements).filter(s => s.effect === "Allow").flatMap(s => s.resource ?? []);
    return namedInstances(action, [...new Set(patterns)], g.account, g.region);
}

/** The identity decision for `action` on `resource`, with request context. */
async function allowedWith(policies: NormalPolicy[], action: string, resource: string, account: string, principal: string, context: Record<string, string> = {}): Promise<boolean> {
    const d = await evaluateDetailed({ identity: policies }, { action, resource, resourceAccount: account, principal, context });
    return d.identity === "Allowed";
}

/** Whether `policies` allow `action` on some resource of its type (a filled-in pattern or a probe). */
async function allowedSomewhere(policies: NormalPolicy[], action: string, g: TakeoverGraph, principal: string): Promise<boolean> {
    if (!mayAllow(policies, action)) {
        return false;
    }
    const candidates = [...await probeResources(action, g.account, g.region), ...await instancesOf(policies, action, g)];
    for (const resource of candidates) {
        if ((resource === "*" || await actsOn(action, resource)) && await allowedWith(policies, action, resource, g.account, principal)) {
            return true;
        }
    }
    return false;
}

/** Whether the trust policy lets `service` assume the role (its conditions are the service's to meet). */
function trustsService(trust: NormalPolicy | undefined, service: string): boolean {
    return (trust?.statements ?? []).some(s => s.effect === "Allow" && (s.principal?.Service ?? []).some(p => p.toLowerCase() === service));
}

/** The first of `actions` the policies allow on `resource` (identity decision). */
async function firstAllowedOn(policies: NormalPolicy[], actions: readonly string[], resource: string, g: TakeoverGraph, principal: string, created = false): Promise<string | undefined> {
    for (const action of actions.filter(a => mayAllow(policies, a))) {
        if (await allowedWith(policies, action, resource, g.account, principal, chosenContext(action, created))) {
            return action;
        }
    }
    return undefined;
}

/** The AWS managed policy that allows everything: what a caller picks when it picks a policy. */
export const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

/**
 * The condition keys whose value the caller of a permissions write chooses, set to what gives it
 * most: the policy it attaches (iam:PolicyARN) and the boundary of a principal it creates
 * (iam:PermissionsBoundary, also sent with later writes to that principal). A condition such as
 * `ArnLike iam:PolicyARN arn:aws:iam::*:policy/*` then counts for what it admits: AWS's own
 * AdministratorAccess among the rest.
 */
function chosenContext(action: string, created: boolean): Record<string, string> {
    const a = action.toLowerCase();
    const out: Record<string, string> = {};
    if (/^iam:attach(role|user|group)policy$/.test(a)) {
        out["iam:PolicyARN"] = ADMINISTRATOR_ACCESS;
    }
    if (/^iam:(create(role|user)|put(role|user)permissionsboundary)$/.test(a) || (created && /^iam:(attach|put)(role|user)policy$/.test(a))) {
        out["iam:PermissionsBoundary"] = ADMINISTRATOR_ACCESS;
    }
    return out;
}

/**
 * A role the principal may create (trusting itself: within the account a trust policy naming a
 * role lets it assume without a grant of its own) and then give any permissions: iam:CreateRole
 * on a role name its policies allow, with a boundary of its choosing, and a write of the new role's
 * permissions. The route, or undefined.
 */
async function createdRole(policies: NormalPolicy[], g: TakeoverGraph, principal: string): Promise<Takeover | undefined> {
    if (!mayAllow(policies, "iam:CreateRole")) {
        return undefined;
    }
    for (const arn of [...await probeResources("iam:CreateRole", g.account, g.region), ...await instancesOf(policies, "iam:CreateRole", g)]) {
        if (arn === "*" || !await allowedWith(policies, "iam:CreateRole", arn, g.account, principal, chosenContext("iam:CreateRole", true))) {
            continue;
        }
        const writes = await firstAllowedOn(policies, PERMISSION_WRITES.role, arn, g, principal, true);
        if (writes) {
            return { how: `iam:CreateRole of ${arn} (trusting itself) with ${writes} on it`, actions: ["iam:CreateRole", writes], unbounded: `creates a role it assumes and writes its permissions (${ADMINISTRATOR_ACCESS} among them)` };
        }
    }
    return undefined;
}

/** The routes by which `from` (its policies as an attacker uses them) takes over another principal or a key. */
export async function directTakeovers(from: GraphPrincipal, g: TakeoverGraph): Promise<Takeover[]> {
    const policies = await asAttackerSees(from.policies);
    const out: Takeover[] = [];
    const others = g.principals.filter(p => p.id !== from.id);
    for (const r of others) {
        if (r.kind === "role" && r.trust && mayAllow(policies, "sts:AssumeRole")) {
            const decision = await evaluate({ identity: policies, resource: r.trust }, { action: "sts:AssumeRole", resource: r.arn, resourceAccount: g.account, principal: from.arn });
            if (decision === "Allowed") {
                out.push({ how: `sts:AssumeRole on ${r.label} (its trust policy admits ${from.label})`, actions: ["sts:AssumeRole"], reached: r });
            }
        }
        const writes = await firstAllowedOn(policies, PERMISSION_WRITES[r.kind], r.arn, g, from.arn);
        const version = writes ? undefined : await firstVersionChange(policies, r, g, from.arn);
        if (writes || version) {
            out.push({ how: `${writes ?? version} on ${r.label}`, actions: [writes ?? version!], reached: r, unbounded: `writes the permissions of ${r.label}${r.kind === "group" ? " (every member's)" : ""}` });
        } else if (r.kind === "user") {
            const mints = await firstAllowedOn(policies, USER_CREDENTIAL_ACTIONS, r.arn, g, from.arn);
            if (mints) {
                out.push({ how: `${mints} on ${r.label}`, actions: [mints], reached: r });
            }
        } else if (r.kind === "role" && await firstAllowedOn(policies, ["iam:UpdateAssumeRolePolicy"], r.arn, g, from.arn)) {
            out.push({ how: `iam:UpdateAssumeRolePolicy on ${r.label} (it can make the role trust itself)`, actions: ["iam:UpdateAssumeRolePolicy"], reached: r });
        }
        if (r.kind === "role" && mayAllow(policies, "iam:PassRole")) {
            for (const runner of RUNNERS.filter(x => trustsService(r.trust, x.service))) {
                const passes = await allowedWith(policies, "iam:PassRole", r.arn, g.account, from.arn, { "iam:PassedToService": runner.service });
                if (passes && await everyAllowed(policies, runner.actions, g, from.arn)) {
                    out.push({ how: `iam:PassRole on ${r.label} with ${runner.actions.join(" + ")}`, actions: ["iam:PassRole", ...runner.actions], reached: r });
                    break;
                }
            }
        }
    }
    for (const f of g.functions) {
        const role = g.principals.find(p => p.arn === f.role);
        const action = role && role.id !== from.id ? await firstAllowedOn(policies, FUNCTION_TAKEOVER_ACTIONS, f.arn, g, from.arn) : undefined;
        if (action) {
            out.push({ how: `${action} on ${f.label} (which runs as ${role!.label})`, actions: [action], reached: role, code: f.label });
        }
    }
    for (const x of g.entries) {
        const role = g.principals.find(p => p.arn === x.role);
        const ways = role && role.id !== from.id ? x.ways.filter(w => w.resourcePolicy !== undefined || w.actions.every(a => mayAllow(policies, a))) : [];
        for (const way of ways) {
            if (await wayOpen(policies, way, g, from.arn)) {
                out.push({ how: `${way.how} ${x.label} (which runs as ${role!.label})`, actions: way.actions, reached: role, code: x.label });
                break;
            }
        }
    }
    const created = await createdRole(policies, g, from.arn);
    if (created) {
        out.push(created);
    }
    for (const k of g.keys) {
        const action = await firstAllowedOn(policies, KEY_TAKEOVER_ACTIONS, k.arn, g, from.arn);
        if (action) {
            out.push({ how: `${action} on ${k.label}`, actions: [action], unbounded: `hands out every use of ${k.label} (decrypting what it protects) to any principal, itself included` });
        }
    }
    return out;
}

/** Whether every action of the way is allowed on every one of its resources (with their own policy, when they have one). */
async function wayOpen(policies: NormalPolicy[], way: EntryWay, g: TakeoverGraph, principal: string): Promise<boolean> {
    for (const action of way.actions) {
        for (const resource of way.resources) {
            const d = await evaluateDetailed({ identity: policies, resource: way.resourcePolicy }, { action, resource, resourceAccount: g.account, principal });
            if ((way.resourcePolicy ? d.overall : d.identity) !== "Allowed") {
                return false;
            }
        }
    }
    return true;
}

async function everyAllowed(policies: NormalPolicy[], actions: string[], g: TakeoverGraph, principal: string): Promise<boolean> {
    for (const action of actions) {
        if (!await allowedSomewhere(policies, action, g, principal)) {
            return false;
        }
    }
    return true;
}

async function firstVersionChange(policies: NormalPolicy[], r: GraphPrincipal, g: TakeoverGraph, principal: string): Promise<string | undefined> {
    for (const arn of r.managedPolicies) {
        const action = await firstAllowedOn(policies, POLICY_VERSION_ACTIONS, arn, g, principal);
        if (action) {
            return action;
        }
    }
    return undefined;
}

/** Capabilities confirmed per data target at most (the most sensitive first). */
const CAPABILITIES_PER_TARGET = 4;
/** Simulations per data target at most, so a principal allowed everything costs a bounded time. */
const PROBES_PER_TARGET = 60;

/** One thing a principal may do to the stack's data: read a secret, write or administer a store. */
export interface Capability {
    action: string;
    /** The ARN it was confirmed on (the target or what it holds). */
    arn: string;
    /** `secretsmanager:GetSecretValue on secret expertconnect/prod/database/master`. */
    text: string;
}

/**
 * What `policies` may do to the stack's data targets: credential reads (a secret's value, a
 * parameter), Write and Permissions management on a target or what it holds, each confirmed by
 * simulation on the target's ARN (or its children's).
 */
export async function dataCapabilities(policies: NormalPolicy[], g: Pick<TakeoverGraph, "targets" | "account">): Promise<Capability[]> {
    const seen = await asAttackerSees(policies);
    const actions = new Set<string>();
    for (const s of seen.flatMap(p => p.statements).filter(x => x.effect === "Allow")) {
        (await statementActions(s)).forEach(a => actions.add(a));
    }
    const services = new Set(g.targets.map(t => t.arn.split(":")[2]));
    // Credential reads and Permissions management first: an identity allowed everything shows those.
    const relevant: { action: string; rank: number }[] = [];
    for (const a of [...actions].filter(x => services.has(serviceOf(x)))) {
        const level = await accessLevel(a);
        const rank = await riskOf(a) === "credential-read" ? 0 : level === "Permissions management" ? 1 : level === "Write" ? 2 : undefined;
        if (rank !== undefined) {
            relevant.push({ action: a, rank });
        }
    }
    relevant.sort((a, b) => a.rank - b.rank);
    const set: PolicySet = { identity: seen };
    const out: Capability[] = [];
    for (const t of g.targets) {
        const service = t.arn.split(":")[2];
        let found = 0;
        let probes = 0;
        for (const { action } of relevant.filter(a => serviceOf(a.action) === service)) {
            if (found >= CAPABILITIES_PER_TARGET || probes >= PROBES_PER_TARGET) {
                break; // enough to show the reach; a role allowed everything would cost thousands of simulations
            }
            for (const arn of [t.arn, ...t.children]) {
                if (await actsOn(action, arn)) {
                    probes++;
                    if (await allowsOn(set, action, arn, g.account)) {
                        out.push({ action, arn, text: `${action} on ${t.label}` });
                        found++;
                        break;
                    }
                }
            }
        }
    }
    return out;
}

/** What `reached` may do to the stack's data that `from` may not (the escalation it offers). */
export async function gained(from: NormalPolicy[], reached: Capability[], account: string): Promise<Capability[]> {
    const own: PolicySet = { identity: await asAttackerSees(from) };
    const out: Capability[] = [];
    for (const c of reached) {
        if (!await allowsOn(own, c.action, c.arn, account)) {
            out.push(c);
        }
    }
    return out;
}

/** A route from the judged principal, through a chain of principals, to what it reaches. */
export interface Escalation {
    /** The first step (taken by the judged principal itself), then the rest of the chain. */
    chain: Takeover[];
    /** Data capabilities gained (empty when `unbounded`). */
    gains: Capability[];
    /** Unbounded power reached (permissions written at will, a key handed out). */
    unbounded?: string;
}

/** Memoized per graph: one principal's direct routes and data capabilities. */
export class TakeoverIndex {
    private routes = new Map<string, Promise<Takeover[]>>();
    private capabilities = new Map<string, Promise<Capability[]>>();

    constructor(readonly graph: TakeoverGraph) {}

    takeovers(p: GraphPrincipal): Promise<Takeover[]> {
        let r = this.routes.get(p.id);
        if (!r) {
            r = directTakeovers(p, this.graph);
            this.routes.set(p.id, r);
        }
        return r;
    }

    holdings(p: GraphPrincipal): Promise<Capability[]> {
        let c = this.capabilities.get(p.id);
        if (!c) {
            c = dataCapabilities(p.policies, this.graph);
            this.capabilities.set(p.id, c);
        }
        return c;
    }

    /**
     * The escalations open to `from`: every principal reachable through routes (breadth first,
     * each once), with what it holds on the stack's data that `from` does not, or the unbounded
     * power a route gives. Routes reaching nothing beyond `from`'s own holdings are not listed.
     */
    async escalations(from: GraphPrincipal): Promise<Escalation[]> {
        const out: Escalation[] = [];
        const visited = new Set([from.id]);
        let frontier: { p: GraphPrincipal; chain: Takeover[] }[] = [{ p: from, chain: [] }];
        while (frontier.length > 0) {
            const next: typeof frontier = [];
            for (const { p, chain } of frontier) {
                for (const t of await this.takeovers(p)) {
                    const path = [...chain, t];
                    if (t.unbounded) {
                        out.push({ chain: path, gains: [], unbounded: t.unbounded });
                    }
                    if (!t.reached || visited.has(t.reached.id)) {
                        continue;
                    }
                    visited.add(t.reached.id);
                    const gains = t.unbounded ? [] : await gained(from.policies, await this.holdings(t.reached), this.graph.account);
                    if (gains.length > 0) {
                        out.push({ chain: path, gains });
                    }
                    next.push({ p: t.reached, chain: path });
                }
            }
            frontier = next;
        }
        return out;
    }
}

/**
 * Whether a trust policy lets any principal of the account that holds sts:AssumeRole assume the
 * role: a request from a role of the account the trust policy does not name, carrying no
 * context, is allowed (the account's root or bare id without a condition).
 */
export async function admitsWholeAccount(trust: NormalPolicy, roleArn: string, account: string): Promise<boolean> {
    const anyAssumer = parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }) as NormalPolicy;
    const decision = await evaluate({ identity: [anyAssumer], resource: trust }, {
        action: "sts:AssumeRole", resource: roleArn, resourceAccount: account, principal: `arn:aws:iam::${account}:role/pack-probe-principal`,
    });
    return decision === "Allowed";
}
