/**
 * Roles for people and for CI, judged the way IAM evaluates their trust and their sessions
 * (policy/lib/iam/humanAccess.ts does the simulation):
 * - a role people may assume (the account, its users, `*`) opens only with MFA: the AssumeRole
 *   request of a long-term access key (no MFA key at all) and of temporary credentials without
 *   MFA (the key `false`) must be refused by the trust policy, or every session opened so must
 *   be refused everything by the role's own policies;
 * - sessions of people's roles (and Identity Center permission sets) last at most
 *   `humanMaximumSessionSeconds`, CI roles' (web identity) at most `ciMaximumSessionSeconds`.
 *
 * The same module decides which roles may hold full access (`privilegedShape`, read by
 * iam-no-broad-grants): a break-glass role (people only, fresh MFA, a short session, and every
 * assumption pages on-call) and a contained CI role (web identity only, a short session, and a
 * permissions boundary it cannot leave that keeps it off the evidence and the data).
 */
import { PolicyResource } from "@pulumi/policy";

import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { CI_SESSION_SECONDS, HUMAN_SESSION_MAX_SECONDS, PRIVILEGED_MFA_MAX_AGE_SECONDS } from "../lib/facts/sessionLimits";
import { StackTarget } from "../lib/iam/applicationReach";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { admittedOutsiders } from "../lib/iam/federation";
import { actsWithoutMfa, admittedWithoutMfa, boundaryGaps, trustCallers, TrustCallers } from "../lib/iam/humanAccess";
import { known, knownDeep, knownString, linker, ofType, stackRegion } from "../lib/stack";
import { CLOUDTRAIL_TRAIL, CONFIG_DELIVERY_CHANNEL, GUARDDUTY_DETECTOR, IAM_ROLE } from "../lib/tokens";
import { pagedOnRecord } from "../cloudwatch/cisMonitoring";
import { dataTargets } from "./dataTargets";
import { Identity, identitiesOf, policyArnOf } from "./identities";
import { isAwsManaged, managedVerdict } from "./managed";

const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const IAM_POLICY = "aws:iam/policy:Policy";
/** AWS's default maxSessionDuration of a role. */
const DEFAULT_SESSION_SECONDS = 3600;
const UNKNOWN_ACCOUNT = "000000000000";

export interface SessionConfig {
    humanMaximumSessionSeconds: number;
    ciMaximumSessionSeconds: number;
    privilegedMfaMaximumAgeSeconds: number;
}

/** A role of the stack as these checks read it. */
export interface RoleView {
    resource: PolicyResource;
    label: string;
    arn: string;
    trust?: NormalPolicy;
    callers?: TrustCallers;
    /** maxSessionDuration (AWS's default when unset); undefined while unknown. */
    maxSession?: number;
    boundaryArn?: string;
    /** The boundary's document, when the stack or the pack's managed-policy documents have it. */
    boundary?: NormalPolicy;
    /** AWS managed policies attached whose documents the pack does not carry (they grant something). */
    undocumented: string[];
}

/** Whether the role admits people (by AWS principal, SAML or Identity Center). */
const admitsPeople = (c: TrustCallers) => c.people.length + c.federatedPeople.length > 0;

/** The stack's roles, with their trust, session ceiling and boundary. */
export function roleViews(resources: PolicyResource[], account: string): RoleView[] {
    const policies = ofType(resources, [IAM_POLICY]);
    const byArn = new Map(policies.flatMap(p => { const arn = policyArnOf(p, account); return arn ? [[arn, p] as const] : []; }));
    const boundaryOf = linker(policies, ["arn", "id", p => policyArnOf(p, account)]);
    const roleOf = linker(ofType(resources, IAM_ROLE), ["name", "id", "arn"]);
    const attached = new Map<PolicyResource, string[]>();
    for (const a of ofType(resources, [ROLE_POLICY_ATTACHMENT])) {
        const arn = knownString(a, "policyArn");
        for (const role of arn ? roleOf(a, "role") : []) {
            attached.set(role, [...(attached.get(role) ?? []), arn!]);
        }
    }
    return ofType(resources, IAM_ROLE).flatMap(role => {
        const name = knownString(role, "name");
        const arn = knownString(role, "arn") ?? (name ? `arn:aws:iam::${account}:role${knownString(role, "path") ?? "/"}${name}` : undefined);
        if (!arn) {
            return [];
        }
        const rawTrust = knownDeep(() => role.props.assumeRolePolicy);
        const parsed = rawTrust === undefined ? undefined : parsePolicy(rawTrust);
        const trust = parsed && !isPolicyError(parsed) ? parsed : undefined;
        const session = known(() => role.props.maxSessionDuration, null);
        const boundaryArn = knownString(role, "permissionsBoundary") || undefined;
        const linked = boundaryOf(role, "permissionsBoundary")[0] ?? (boundaryArn ? byArn.get(boundaryArn) : undefined);
        const managed = [...(attached.get(role) ?? []), ...((knownDeep(() => role.props.managedPolicyArns) as unknown[] | undefined) ?? []).filter((a): a is string => typeof a === "string")];
        return [{
            resource: role, label: `role ${name ?? role.name}`, arn, trust, callers: trust && trustCallers(trust, account),
            maxSession: session === null ? undefined : typeof session === "number" ? session : DEFAULT_SESSION_SECONDS,
            boundaryArn, boundary: boundaryDocument(boundaryArn, linked),
            undocumented: managed.filter(a => isAwsManaged(a) && managedVerdict(a).kind !== "document").map(a => managedVerdict(a).name),
        }];
    });
}

/** A boundary's document: the stack's customer managed policy, or an AWS managed policy the pack carries. */
function boundaryDocument(arn: string | undefined, linked: PolicyResource | undefined): NormalPolicy | undefined {
    const verdict = arn && isAwsManaged(arn) ? managedVerdict(arn) : undefined;
    const raw = verdict ? (verdict.kind === "document" ? verdict.statements : undefined) : linked && knownDeep(() => linked.props.policy);
    const p = raw === undefined ? undefined : parsePolicy(raw);
    return p && !isPolicyError(p) ? p : undefined;
}

/** Seconds of an ISO 8601 duration such as `PT1H30M` (undefined when it is not one). */
export function isoSeconds(duration: string): number | undefined {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(duration);
    return m && (m[1] || m[2] || m[3]) ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : undefined;
}

/** The role's MFA gaps: requests without MFA its trust admits, when a session opened so may still act. */
async function mfaProblem(view: RoleView, identity: Identity | undefined, account: string, region: string, freshWithin?: number): Promise<string | undefined> {
    if (!view.trust) {
        return undefined;
    }
    const gaps = await admittedWithoutMfa(view.trust, view.arn, account, freshWithin);
    if (gaps.length === 0) {
        return undefined;
    }
    const documents = (identity?.documents ?? []).map(d => d.policy).filter((p): p is NormalPolicy => !isPolicyError(p));
    // A session opened with stale MFA still carries aws:MultiFactorAuthPresent true: only the trust can refuse it.
    const stale = gaps.every(g => g.credential.startsWith("MFA older"));
    const acts = stale ? "anything it holds" : view.undocumented[0] ?? await actsWithoutMfa(documents, view.arn, account, region);
    if (acts === undefined) {
        return undefined; // its own policies deny every action to a session without MFA
    }
    const g = gaps[0];
    return `${view.label} may be assumed by ${g.caller === "*" ? "any principal" : g.caller} with ${g.credential}` +
        (stale ? "" : `, and such a session may still act (e.g. ${acts})`);
}

/** The paging of an assumption: some metric filter on the trail's log group counts it and a paging alarm fires on one. */
function pagedOnAssume(resources: PolicyResource[], roleArn: string, account: string, region: string): boolean {
    return pagedOnRecord(resources, {
        eventVersion: "1.09", eventSource: "sts.amazonaws.com", eventName: "AssumeRole", awsRegion: region, eventType: "AwsApiCall",
        sourceIPAddress: "203.0.113.10", recipientAccountId: account,
        userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${account}:user/alice`, accountId: account, userName: "alice", sessionContext: { attributes: { mfaAuthenticated: "true" } } },
        requestParameters: { roleArn, roleSessionName: "alice", durationSeconds: 3600 },
        resources: [{ ARN: roleArn, accountId: account, type: "AWS::IAM::Role" }],
    });
}

/** The account's evidence among the stack's resources: trails, detectors, what they and Config deliver to, the trail's key. */
function evidenceTargets(resources: PolicyResource[]): StackTarget[] {
    const targets: StackTarget[] = [];
    const bucket = (name: string | undefined, what: string) => name && targets.push({ label: `${what} bucket ${name}`, arn: `arn:aws:s3:::${name}`, children: [`arn:aws:s3:::${name}/pack-probe-unnamed`] });
    for (const t of ofType(resources, CLOUDTRAIL_TRAIL)) {
        const arn = knownString(t, "arn");
        if (arn) targets.push({ label: `trail ${knownString(t, "name") ?? t.name}`, arn, children: [] });
        bucket(knownString(t, "s3BucketName"), "trail");
        const group = knownString(t, "cloudWatchLogsGroupArn")?.replace(/:\*$/, "");
        if (group) targets.push({ label: `trail log group ${group.split(":log-group:")[1]}`, arn: group, children: [`${group}:log-stream:pack-probe-unnamed`] });
        const key = knownString(t, "kmsKeyId");
        if (key?.startsWith("arn:")) targets.push({ label: "trail key", arn: key, children: [] });
    }
    for (const c of ofType(resources, CONFIG_DELIVERY_CHANNEL)) {
        bucket(knownString(c, "s3BucketName"), "Config");
    }
    for (const d of ofType(resources, GUARDDUTY_DETECTOR)) {
        const arn = knownString(d, "arn");
        if (arn) targets.push({ label: "GuardDuty detector", arn, children: [] });
    }
    return targets;
}

/** Why a role holding full access is, or is not, one of the accepted privileged shapes. */
export interface ShapeVerdict {
    accepted: boolean;
    /** The shape it was judged against, and what it lacks (empty when accepted). */
    shape?: "break-glass" | "contained CI role";
    missing: string[];
}

/** The inputs a shape verdict needs, built once per stack. */
export interface ShapeContext {
    resources: PolicyResource[];
    account: string;
    region: string;
    config: SessionConfig;
    views: Map<string, RoleView>;
    /** Identities by role URN. */
    identities: Map<string, Identity>;
}

export function shapeContext(resources: PolicyResource[], identities: Identity[], account: string, config: SessionConfig): ShapeContext {
    const views = new Map(roleViews(resources, account).map(v => [v.resource.urn, v]));
    return {
        resources, account, region: stackRegion(resources) ?? "us-east-1", config, views,
        identities: new Map(identities.filter(i => i.holder).map(i => [i.holder!.urn, i])),
    };
}

/**
 * Whether a role that holds full access (or any over-broad grant) is an accepted privileged
 * shape, by evaluation:
 * - break-glass: only people of the account may assume it, only with MFA no older than the
 *   ceiling; sessions no longer than people's ceiling; and every AssumeRole of it pages on-call
 *   (a metric filter on the trail's log group counting it, an alarm paging on one);
 * - contained CI role: only web identity (no token an outsider can obtain), sessions no longer than
 *   CI's ceiling, and a permissions boundary the pack can read inside which the role can neither
 *   leave the boundary, nor change what the account records or the evidence, nor read the data.
 */
export async function privilegedShape(roleUrn: string, ctx: ShapeContext): Promise<ShapeVerdict> {
    const view = ctx.views.get(roleUrn);
    const callers = view?.callers;
    if (!view || !callers) {
        return { accepted: false, missing: [] };
    }
    const others = callers.services.length + callers.roles.length + callers.foreign.length + callers.federatedPeople.length;
    if (callers.people.length > 0 && others + callers.webIdentity.length === 0) {
        const missing: string[] = [];
        const mfa = await mfaProblem(view, ctx.identities.get(roleUrn), ctx.account, ctx.region, ctx.config.privilegedMfaMaximumAgeSeconds);
        if (mfa) missing.push(`${mfa} (a break-glass role opens only with MFA at most ${ctx.config.privilegedMfaMaximumAgeSeconds} s old)`);
        if (view.maxSession === undefined || view.maxSession > ctx.config.humanMaximumSessionSeconds) missing.push(`sessions of at most ${ctx.config.humanMaximumSessionSeconds} s (maxSessionDuration is ${view.maxSession ?? "unknown"})`);
        if (!pagedOnAssume(ctx.resources, view.arn, ctx.account, ctx.region)) missing.push("a metric filter on the trail's log group counting each sts:AssumeRole of it, with an alarm that pages on a single one");
        return { accepted: missing.length === 0, shape: "break-glass", missing };
    }
    if (callers.webIdentity.length > 0 && others + callers.people.length === 0) {
        const missing: string[] = [];
        const statements = view.trust!.statements;
        const outsiders = callers.webIdentity.flatMap(p => admittedOutsiders(statements, p, view.arn, ctx.account));
        if (outsiders.length > 0) missing.push(`a trust that admits no token an outsider can obtain (it admits ${outsiders[0].who})`);
        if (view.maxSession === undefined || view.maxSession > ctx.config.ciMaximumSessionSeconds) missing.push(`sessions of at most ${ctx.config.ciMaximumSessionSeconds} s (maxSessionDuration is ${view.maxSession ?? "unknown"})`);
        const identity = ctx.identities.get(roleUrn);
        const documents = (identity?.documents ?? []).map(d => d.policy).filter((p): p is NormalPolicy => !isPolicyError(p));
        if (!view.boundaryArn) {
            missing.push("a permissions boundary");
        } else if (!view.boundary) {
            missing.push(`a permissions boundary the pack can read (no document for ${view.boundaryArn})`);
        } else {
            const written = ofType(ctx.resources, [SECRET_VERSION]).map(v => knownString(v, "secretId")).filter((s): s is string => !!s);
            const gaps = await boundaryGaps(documents, view.boundary, {
                account: ctx.account, region: ctx.region, roleArn: view.arn, boundaryArn: view.boundaryArn,
                evidence: evidenceTargets(ctx.resources), data: dataTargets(ctx.resources).filter(t => !written.includes(t.arn)), writtenSecrets: written,
            });
            missing.push(...gaps.map(g => `inside its boundary ${view.boundaryArn} it still ${g}`));
        }
        return { accepted: missing.length === 0, shape: "contained CI role", missing };
    }
    return { accepted: false, missing: [] };
}

export const SESSION_CONFIG = {
    humanMaximumSessionSeconds: {
        type: "integer", minimum: 900, maximum: 43200, default: HUMAN_SESSION_MAX_SECONDS,
        description: "Longest session a role people assume (or an Identity Center permission set) may hand out, in seconds (policy/lib/facts/sessionLimits.ts).",
    },
    ciMaximumSessionSeconds: {
        type: "integer", minimum: 900, maximum: 43200, default: CI_SESSION_SECONDS,
        description: "Longest session a CI role (web identity) may hand out, in seconds: what the deploy workflows ask for (role-duration-seconds).",
    },
    privilegedMfaMaximumAgeSeconds: {
        type: "integer", minimum: 60, maximum: 43200, default: PRIVILEGED_MFA_MAX_AGE_SECONDS,
        description: "Oldest MFA (aws:MultiFactorAuthAge, seconds) with which a break-glass role holding full access may be assumed.",
    },
} as const;

export const iamHumanRoles = stackPolicy<AccountConfig & SessionConfig>({
    name: "iam-human-roles",
    description: "A role people may assume (this account, its users, \"*\") opens only with MFA, as IAM evaluates it: its trust policy refuses the AssumeRole request of a long-term access key (which carries no aws:MultiFactorAuthPresent, so a Deny on Bool false does not apply) and of temporary credentials without MFA, or the role's own policies refuse a session opened so everything; sessions of roles people assume and of Identity Center permission sets last at most humanMaximumSessionSeconds, those of CI roles (web identity) at most ciMaximumSessionSeconds.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        fsbpControl: undefined,
        remediationSteps: "Require MFA in the trust policy with an Allow conditioned on Bool aws:MultiFactorAuthPresent true (or a Deny on BoolIfExists … false), and keep maxSessionDuration at one hour for people (90 minutes for the deploy roles, what the workflows ask for).",
    },
    config: { ...ACCOUNT_CONFIG, ...SESSION_CONFIG },
    types: [...IAM_ROLE, PERMISSION_SET],
    validate: async (resources, report, { config }) => {
        const account = stackAccount(resources, config.accountId) ?? UNKNOWN_ACCOUNT;
        const region = stackRegion(resources) ?? "us-east-1";
        const identities = new Map(identitiesOf(resources).filter(i => i.holder).map(i => [i.holder!.urn, i]));
        for (const view of roleViews(resources, account)) {
            const callers = view.callers;
            if (!callers) continue;
            if (callers.people.length > 0) {
                const problem = await mfaProblem(view, identities.get(view.resource.urn), account, region);
                if (problem) {
                    report(`${problem}: a leaked access key or password is enough to use it. Require MFA in the trust policy: an Allow conditioned on Bool aws:MultiFactorAuthPresent "true", or a Deny on BoolIfExists aws:MultiFactorAuthPresent "false" (Bool does not match a request that carries no MFA key).`, view.resource.urn);
                }
            }
            if (view.maxSession === undefined) continue;
            if (admitsPeople(callers) && view.maxSession > config.humanMaximumSessionSeconds) {
                report(`${view.label} is assumed by people and hands out sessions of ${view.maxSession} s: a session credential cannot be revoked and outlives its use. Keep maxSessionDuration at most ${config.humanMaximumSessionSeconds} s.`, view.resource.urn);
            } else if (callers.webIdentity.length > 0 && view.maxSession > config.ciMaximumSessionSeconds) {
                report(`${view.label} is assumed with web-identity (CI) tokens and hands out sessions of ${view.maxSession} s, longer than the ${config.ciMaximumSessionSeconds} s the deploy workflows ask for: a credential leaked from a job outlives the job. Keep maxSessionDuration at most ${config.ciMaximumSessionSeconds} s.`, view.resource.urn);
            }
        }
        for (const set of ofType(resources, [PERMISSION_SET])) {
            const duration = knownString(set, "sessionDuration") ?? "PT1H";
            const seconds = isoSeconds(duration);
            if (seconds !== undefined && seconds > config.humanMaximumSessionSeconds) {
                report(`permission set ${knownString(set, "name") ?? set.name} hands out sessions of ${duration}: a session credential cannot be revoked and outlives its use. Keep sessionDuration at most ${config.humanMaximumSessionSeconds} s.`, set.urn);
            }
        }
    },
});
