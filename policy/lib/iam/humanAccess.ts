/**
 * Who may assume a role and on what terms, judged by simulating the requests AWS would see.
 *
 * - `trustCallers`: the kinds of caller a trust policy's Allow statements name: people of the
 *   account (the account itself, which lets in every user and role its policies allow; users;
 *   `*`), people signing in through SAML or IAM Identity Center, web-identity tokens (CI), services,
 *   other roles, and other accounts' principals.
 * - `admittedWithoutMfa`: the sts:AssumeRole requests of a person that the trust policy lets
 *   through without MFA. A request signed with a long-term access key carries no
 *   `aws:MultiFactorAuthPresent` at all, temporary credentials obtained without MFA carry it as
 *   `false`: `Bool … false` in a Deny does not match the first (a missing key matches no
 *   operator but `…IfExists` and `Null`), `BoolIfExists` does, and an Allow needs the key `true`.
 * - `actsWithoutMfa`: what a session of the role may do when it was opened without MFA (role
 *   sessions are temporary credentials, so the key is present and `false`): identity policies
 *   that deny everything without MFA make the role MFA-only even when its trust does not.
 * - `boundaryGaps`: what a role may still do inside its permissions boundary (AWS allows a
 *   request only when its identity policies and its boundary both do): leave the boundary (a role
 *   or user created or rewritten without it, its own boundary or the boundary's document
 *   changed, another identity's credentials minted), blind or rewrite the account's evidence
 *   (the trail, detector, recorder and what they write to), or read the data directly.
 */
import { accessLevel, actsOn, CREDENTIAL_READ_ACTIONS, DATA_READ_ACTIONS, DESTRUCTIVE_ACTIONS, expandActions, serviceOf, statementActions } from "./catalog";
import { applicationReach, StackTarget } from "./applicationReach";
import { KEY_USE_ACTIONS } from "./applicationUse";
import { isAccountRoot, parseArn, isAccountId } from "./arn";
import { NormalPolicy, parsePolicy } from "./document";
import { allowsOn, evaluate, namedInstances, probeResources } from "./evaluate";
import { asAttackerSees } from "./grants";

/** The callers a trust policy admits, by kind (each the principal values as written). */
export interface TrustCallers {
    /** AWS principals people sign in as: this account (every user and role it allows), its users, `*`. */
    people: string[];
    /** People federated by SAML, or IAM Identity Center's reserved roles (MFA is the identity provider's). */
    federatedPeople: string[];
    /** OIDC / web-identity providers: CI tokens (GitHub Actions, GitLab) and the like. */
    webIdentity: string[];
    services: string[];
    /** Roles (of this account) named as principals: role chaining. */
    roles: string[];
    /** Principals of other accounts (iam-trust-policy judges them). */
    foreign: string[];
}

/** Whether an IAM role ARN is one IAM Identity Center creates for a permission set. */
function identityCenterRole(arn: string): boolean {
    return /:role\/(aws-reserved\/sso\.amazonaws\.com\/([^/]+\/)?)?AWSReservedSSO_/.test(arn);
}

/** The callers each Allow statement of a trust policy names. */
export function trustCallers(trust: NormalPolicy, account: string): TrustCallers {
    const out: TrustCallers = { people: [], federatedPeople: [], webIdentity: [], services: [], roles: [], foreign: [] };
    for (const s of trust.statements.filter(x => x.effect === "Allow")) {
        for (const p of s.principal?.AWS ?? []) {
            const arn = parseArn(p);
            const owner = isAccountId(p) ? p : arn?.account;
            if (p === "*") {
                out.people.push(p);
            } else if (owner !== account) {
                out.foreign.push(p);
            } else if (isAccountRoot(p) || arn?.resource.startsWith("user/")) {
                out.people.push(p);
            } else if (identityCenterRole(p)) {
                out.federatedPeople.push(p);
            } else {
                out.roles.push(p);
            }
        }
        for (const p of s.principal?.Federated ?? []) {
            (/:saml-provider\//.test(p) ? out.federatedPeople : out.webIdentity).push(p);
        }
        out.services.push(...(s.principal?.Service ?? []));
    }
    return out;
}

/** A person's AssumeRole request the trust policy lets through without (recent) MFA. */
export interface MfaGap {
    /** The caller as the trust policy names it. */
    caller: string;
    /** The credential the request was signed with, for messages. */
    credential: string;
}

const ASSUMER = parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }) as NormalPolicy;

/** The request contexts of a person's credentials without (recent) MFA. */
function credentialsWithoutMfa(freshWithinSeconds?: number): { credential: string; context: Record<string, string> }[] {
    return [
        { credential: "a long-term access key (the request carries no aws:MultiFactorAuthPresent)", context: {} },
        { credential: "temporary credentials obtained without MFA (aws:MultiFactorAuthPresent false)", context: { "aws:MultiFactorAuthPresent": "false" } },
        ...(freshWithinSeconds === undefined ? [] : [{
            credential: `MFA older than ${freshWithinSeconds} s (aws:MultiFactorAuthAge ${freshWithinSeconds + 1})`,
            context: { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": String(freshWithinSeconds + 1) },
        }]),
    ];
}

/**
 * The requests of a person (a user of the account, for the account or `*`; the user itself when
 * named) that the trust policy admits without MFA, or (with `freshWithinSeconds`) with MFA older
 * than that. The caller is given sts:AssumeRole on every role, as any user may be.
 */
export async function admittedWithoutMfa(trust: NormalPolicy, roleArn: string, account: string, freshWithinSeconds?: number): Promise<MfaGap[]> {
    const gaps: MfaGap[] = [];
    for (const caller of [...new Set(trustCallers(trust, account).people)]) {
        const principal = parseArn(caller)?.resource.startsWith("user/") ? caller : `arn:aws:iam::${account}:user/pack-probe-person`;
        const identity = { "aws:PrincipalArn": principal, "aws:PrincipalAccount": account, "aws:PrincipalType": "User", "aws:username": principal.split("/").pop()! };
        for (const { credential, context } of credentialsWithoutMfa(freshWithinSeconds)) {
            const decision = await evaluate({ identity: [ASSUMER], resource: trust }, {
                action: "sts:AssumeRole", resource: roleArn, resourceAccount: account, principal, context: { ...identity, ...context },
            });
            if (decision === "Allowed") {
                gaps.push({ caller, credential });
            }
        }
    }
    return gaps;
}

/** Actions a role session needs nothing of: an IAM user's MFA and password self-service. */
const SELF_SERVICE = new Set([
    "iam:createvirtualmfadevice", "iam:enablemfadevice", "iam:resyncmfadevice", "iam:listmfadevices", "iam:listvirtualmfadevices",
    "iam:deletevirtualmfadevice", "iam:deactivatemfadevice", "iam:getuser", "iam:changepassword", "iam:getaccountpasswordpolicy",
    "iam:listaccountaliases", "iam:getaccountsummary", "iam:listusers", "sts:getsessiontoken", "sts:getcalleridentity",
]);
/** Actions sampled per statement, so a `*` grant costs a bounded time. */
const SAMPLED_PER_STATEMENT = 40;

/**
 * An action the identity policies allow a session of the role opened without MFA (none when
 * they deny everything but self-service without MFA), on a resource the statement names (its
 * wildcards filled in) or an unnamed one of the action's type.
 */
export async function actsWithoutMfa(policies: NormalPolicy[], roleArn: string, account: string, region: string): Promise<string | undefined> {
    const session = `arn:aws:sts::${account}:assumed-role/${roleArn.split("/").pop()}/pack-probe-session`;
    const context = { "aws:MultiFactorAuthPresent": "false", "aws:PrincipalArn": roleArn, "aws:PrincipalAccount": account, "aws:PrincipalType": "AssumedRole" };
    for (const s of policies.flatMap(p => p.statements).filter(x => x.effect === "Allow")) {
        const actions = (await statementActions(s)).filter(a => !SELF_SERVICE.has(a.toLowerCase()));
        const step = Math.max(1, Math.floor(actions.length / SAMPLED_PER_STATEMENT));
        for (const action of actions.filter((_, i) => i % step === 0).slice(0, SAMPLED_PER_STATEMENT)) {
            const named = (await namedInstances(action, s.resource ?? [], account, region)).filter(r => r.startsWith("arn:"));
            for (const resource of [...named.slice(0, 1), ...(await probeResources(action, account, region)).slice(0, 1)]) {
                const decision = await evaluate({ identity: policies }, { action, resource, resourceAccount: account, principal: session, context });
                if (decision === "Allowed") {
                    return action;
                }
            }
        }
    }
    return undefined;
}

/** Where a bounded role is judged: its account, region and ARN, its boundary, and the stack's targets. */
export interface ContainmentContext {
    account: string;
    region: string;
    roleArn: string;
    boundaryArn: string;
    /** The account's evidence in the stack: trails, detectors, what the trail and Config write to, the trail's key. */
    evidence: StackTarget[];
    /** Data the role must not read directly (a bucket's objects, a table, a log group's events…). */
    data: StackTarget[];
    /** Secrets the stack writes itself (a deploy knows their values): reading them reads nothing new. */
    writtenSecrets: string[];
}

const ANY_BOUNDARY = "arn:aws:iam::aws:policy/AdministratorAccess";
const PROBE = "pack-probe-unnamed";

/** A request (strictly simulated: conditions the request does not carry are not met) the role and its boundary both allow. */
async function within(policies: NormalPolicy[], boundary: NormalPolicy, action: string, resource: string, ctx: ContainmentContext, context: Record<string, string> = {}): Promise<boolean> {
    const request = { action, resource, resourceAccount: ctx.account, principal: ctx.roleArn, context };
    return await evaluate({ identity: policies }, request) === "Allowed" && await evaluate({ identity: [boundary] }, request) === "Allowed";
}

/**
 * Ways out of the boundary, each a request with the context the role would choose: an identity
 * created, or an existing one (not carrying the boundary) given permissions, trust or
 * credentials; its own boundary removed or replaced; the boundary's document, or any customer
 * managed policy's, rewritten. Conditions on `iam:PermissionsBoundary` / `iam:PolicyARN` count.
 */
async function escapes(policies: NormalPolicy[], boundary: NormalPolicy, ctx: ContainmentContext): Promise<string[]> {
    const iam = (kind: string, name = PROBE) => `arn:aws:iam::${ctx.account}:${kind}/${name}`;
    const unbounded = [{}, { "iam:PermissionsBoundary": ANY_BOUNDARY }];
    const asks: { what: string; action: string; resource: string; contexts: Record<string, string>[] }[] = [
        { what: "creates a role without the boundary", action: "iam:CreateRole", resource: iam("role"), contexts: unbounded },
        { what: "creates a user without the boundary", action: "iam:CreateUser", resource: iam("user"), contexts: unbounded },
        ...["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"]
            .map(action => ({ what: "changes a role that lacks the boundary", action, resource: iam("role"), contexts: [{ "iam:PolicyARN": ANY_BOUNDARY }, { "iam:PermissionsBoundary": ANY_BOUNDARY, "iam:PolicyARN": ANY_BOUNDARY }] })),
        ...["iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:DeleteUserPermissionsBoundary"]
            .map(action => ({ what: "changes or signs in as a user that lacks the boundary", action, resource: iam("user"), contexts: [{ "iam:PolicyARN": ANY_BOUNDARY }] })),
        ...["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"]
            .map(action => ({ what: "removes its own boundary", action, resource: ctx.roleArn, contexts: [{ "iam:PermissionsBoundary": ANY_BOUNDARY }] })),
        ...["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"].flatMap(action => [
            ...(ctx.boundaryArn.startsWith("arn:aws:iam::aws:") ? [] : [{ what: "rewrites its boundary", action, resource: ctx.boundaryArn, contexts: [{}] }]),
            { what: "rewrites a customer managed policy attached elsewhere", action, resource: iam("policy"), contexts: [{}] },
        ]),
    ];
    const found = new Map<string, string[]>();
    for (const ask of asks) {
        for (const context of ask.contexts) {
            if (await within(policies, boundary, ask.action, ask.resource, ctx, context)) {
                found.set(ask.what, [...(found.get(ask.what) ?? []), ask.action]);
                break;
            }
        }
    }
    return [...found.entries()].map(([what, actions]) => `${what} (${actions.join(", ")})`);
}

/** Changes that leave the evidence as it is: using a key (reading the trail), tags. */
const NOT_EVIDENCE_CHANGES = [...KEY_USE_ACTIONS, "kms:DeriveSharedSecret", "*:TagResource", "*:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup", "s3:PutBucketTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectVersionTagging"];

/** Services whose every change is a change to what the account records about itself. */
const EVIDENCE_SERVICES = ["cloudtrail", "guardduty", "config", "securityhub", "access-analyzer"];
/** Simulations per check at most. */
const MAX_PROBES = 300;

/** Write and Permissions-management actions of the evidence services allowed on a resource the role's documents never name. */
async function blinding(seen: NormalPolicy[], boundarySeen: NormalPolicy, ctx: ContainmentContext): Promise<string[]> {
    const destructive = DESTRUCTIVE_ACTIONS.filter(a => EVIDENCE_SERVICES.includes(serviceOf(a)) || a === "ec2:DeleteFlowLogs" || a === "wafv2:DeleteLoggingConfiguration");
    const all = await expandActions(EVIDENCE_SERVICES.map(s => `${s}:*`));
    const changes: string[] = [];
    for (const a of all) {
        const level = await accessLevel(a);
        if (level === "Write" || level === "Permissions management") {
            changes.push(a);
        }
    }
    const found: string[] = [];
    let probes = 0;
    for (const action of [...new Set([...destructive, ...changes])]) {
        for (const resource of (await probeResources(action, ctx.account, ctx.region)).slice(0, 1)) {
            if (++probes > MAX_PROBES) {
                return found;
            }
            if (await allowsOn({ identity: seen }, action, resource, ctx.account) && await allowsOn({ identity: [boundarySeen] }, action, resource, ctx.account)) {
                found.push(action);
            }
        }
        if (found.length >= 4) {
            break;
        }
    }
    return found;
}

/** Direct reads of the data: its objects, items, messages and log events, database logins, and secrets the stack does not write itself. */
async function dataReads(seen: NormalPolicy[], boundarySeen: NormalPolicy, ctx: ContainmentContext): Promise<string[]> {
    const reads = [...DATA_READ_ACTIONS, "rds-db:connect", ...CREDENTIAL_READ_ACTIONS.filter(a => a.startsWith("secretsmanager:"))];
    const both = async (action: string, arn: string) => await allowsOn({ identity: seen }, action, arn, ctx.account) && await allowsOn({ identity: [boundarySeen] }, action, arn, ctx.account);
    const found: string[] = [];
    let probes = 0;
    for (const target of ctx.data) {
        for (const arn of [target.arn, ...target.children]) {
            for (const action of reads.filter(a => serviceOf(a) === (parseArn(arn)?.service ?? ""))) {
                if (probes < MAX_PROBES && await actsOn(action, arn) && ++probes && await both(action, arn)) {
                    found.push(`${action} on ${target.label}`);
                    break;
                }
            }
        }
    }
    // Secrets and database logins it never names: the database's master secret is RDS's, not the stack's.
    for (const action of ["secretsmanager:GetSecretValue", "rds-db:connect"]) {
        for (const resource of (await probeResources(action, ctx.account, ctx.region)).slice(0, 1)) {
            if (!ctx.writtenSecrets.includes(resource) && await both(action, resource)) {
                found.push(`${action} on every ${action.startsWith("rds") ? "database user" : "secret"} it does not name`);
            }
        }
    }
    return found;
}

/**
 * What the role may still do inside its boundary that a contained role must not (empty when it
 * is contained): each a sentence for messages.
 */
export async function boundaryGaps(policies: NormalPolicy[], boundary: NormalPolicy, ctx: ContainmentContext): Promise<string[]> {
    const gaps: string[] = [];
    const out = await escapes(policies, boundary, ctx);
    if (out.length > 0) {
        gaps.push(`leaves the boundary: ${out.join("; ")}`);
    }
    const [seen, boundarySeen] = [await asAttackerSees(policies), (await asAttackerSees([boundary]))[0]];
    const blinds = await blinding(seen, boundarySeen, ctx);
    if (blinds.length > 0) {
        gaps.push(`changes what the account records (${blinds.join(", ")})`);
    }
    const reach = await applicationReach(policies, ctx.evidence, NOT_EVIDENCE_CHANGES, ctx.account, 2, boundary);
    if (reach.length > 0) {
        gaps.push(`changes the evidence (${reach.slice(0, 4).map(r => `${r.actions.join(", ")} on ${r.target.label}`).join("; ")})`);
    }
    const reads = await dataReads(seen, boundarySeen, ctx);
    if (reads.length > 0) {
        gaps.push(`reads the data directly (${reads.slice(0, 4).join("; ")})`);
    }
    return gaps;
}
