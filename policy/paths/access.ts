/**
 * Who may do what, with the pack's IAM evaluation core: a role's identity policies (inline and
 * customer-managed attachments in the stack), a KMS key's or topic's or bucket's own policy,
 * evaluated together as AWS does for one request.
 */
import { awsManagedDocument } from "../iam/backupServicePolicies";
import { evaluateDetailed, NormalPolicy, parsePolicy } from "../lib/iam";
import { Boundary, boundaryOf } from "./boundaries";
import { PathResource, StackIndex, strings } from "./model";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const MANAGED_POLICY = "aws:iam/policy:Policy";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const ALIAS = "aws:kms/alias:Alias";

/** A policy document in the core's shape; undefined when absent or unreadable (AWS would reject it too). */
export function normal(document: unknown): NormalPolicy | undefined {
    if (document === undefined) return undefined;
    const p = parsePolicy(document);
    return "error" in p ? undefined : p;
}

/** A role of the stack and the identity policies that reach it. */
export interface RoleAccess {
    role: PathResource;
    arn: string;
    policies: NormalPolicy[];
    /**
     * The role's AWS managed policies the pack has no document for (their grants are unknown).
     * Those it holds a document for (policy/iam/backupServicePolicies.ts) are in `policies`.
     */
    managed: string[];
    /** Who may assume the role (its trust policy); undefined when unknown or unreadable. */
    trust?: NormalPolicy;
    /** The role's permissions boundary, when it has one. */
    boundary?: Boundary;
}

/** The role an ARN names, with its policies; undefined when the role is not in the stack. */
export function roleAccess(ix: StackIndex, arn: unknown, source?: { resource: PathResource; property: string }): RoleAccess | undefined {
    const role = (source ? ix.refs(source.resource, source.property, ROLE) : ix.named(arn, ROLE))[0];
    const roleArn = typeof arn === "string" ? arn : role?.props.arn;
    if (!role || typeof roleArn !== "string") return undefined;
    const roleName = role.props.name ?? role.id;
    const isOurs = (r: PathResource) => ix.refs(r, "role", ROLE).includes(role) || (roleName !== undefined && r.props.role === roleName);
    const inline = ix.ofType(ROLE_POLICY).filter(isOurs).map((p) => normal(p.props.policy));
    const attachments = ix.ofType(ATTACHMENT).filter(isOurs);
    const customer = attachments.flatMap((a) => ix.refs(a, "policyArn", MANAGED_POLICY)).map((p) => normal(p.props.policy));
    const awsManaged = [...attachments.map((a) => a.props.policyArn), ...(Array.isArray(role.props.managedPolicyArns) ? role.props.managedPolicyArns : [])].filter((a): a is string => typeof a === "string" && a.startsWith("arn:aws:iam::aws:policy/"));
    const documented = awsManaged.map(awsManagedDocument).flatMap((d) => d ? [normal({ Version: "2012-10-17", Statement: d.statements })] : []);
    const managed = awsManaged.filter((a) => !awsManagedDocument(a));
    const embedded = strings(role.props.inlinePolicies?.map?.((p: { policy?: string }) => p.policy) ?? []).map(normal);
    return {
        role, arn: roleArn, managed, trust: normal(role.props.assumeRolePolicy), boundary: boundaryOf(ix, role),
        policies: [...inline, ...customer, ...embedded, ...documented].filter((p): p is NormalPolicy => p !== undefined),
    };
}

const SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";

/**
 * A secret's resource policy, when the stack sets one, and where to change it. Within the account
 * an identity grant is enough, so what this adds to a request is the policy's explicit Deny
 * (a "deny all but the task role" written against the wrong role refuses the one that reads it).
 */
export function secretPolicyOf(ix: StackIndex, secret: PathResource | undefined): { policy?: NormalPolicy; resource: PathResource } | undefined {
    if (!secret) return undefined;
    const resource = ix.ofType(SECRET_POLICY).find((p) => ix.refs(p, "secretArn", secret.type).includes(secret));
    // A policy keyed on where the call comes from (an endpoint, a VPC, an address) decides on
    // values a simulated request does not carry (a task reaches Secrets Manager through the
    // stack's endpoint, whose id the analyzer is not given): such a policy is not judged here.
    if (!resource || NETWORK_ORIGIN.test(JSON.stringify(resource.props.policy ?? ""))) return undefined;
    return { policy: normal(resource.props.policy), resource };
}

/** Condition keys naming the network a request comes from. */
const NETWORK_ORIGIN = /aws:(SourceVpce|SourceVpc|SourceIp|VpcSourceIp)\b/i;

/** A KMS key of the stack (by ARN, id or alias) and its key policy. */
export interface KeyAccess {
    key: PathResource;
    arn: string;
    policy?: NormalPolicy;
    /** Where to change the policy. */
    policyResource: PathResource;
}

export function keyAccess(ix: StackIndex, ref: unknown, source?: { resource: PathResource; property: string }): KeyAccess | undefined {
    let key = (source ? ix.refs(source.resource, source.property, KEY, ALIAS) : ix.named(ref, KEY, ALIAS))[0];
    if (key?.type === ALIAS) key = ix.refs(key, "targetKeyId", KEY)[0] ?? ix.refs(key, "targetKeyArn", KEY)[0];
    if (!key || typeof key.props.arn !== "string") return undefined;
    const separate = ix.ofType(KEY_POLICY).find((p) => ix.refs(p, "keyId", KEY).includes(key));
    return { key, arn: key.props.arn, policy: normal(separate?.props.policy ?? key.props.policy), policyResource: separate ?? key };
}

export interface Ask {
    action: string;
    resource: string;
    account: string;
    /** ARN of the role, or a service principal (`logs.us-east-1.amazonaws.com`). */
    principal: string;
    identity?: NormalPolicy[];
    /** The role's permissions boundary: a request its policies allow and the boundary refuses is recorded on it. */
    boundary?: Boundary;
    resourcePolicy?: NormalPolicy;
    context?: Record<string, string | string[]>;
}

/** The principal side of a role's request: its ARN, identity policies and boundary. */
export const asRole = (role: RoleAccess): Pick<Ask, "principal" | "identity" | "boundary"> => ({ principal: role.arn, identity: role.policies, boundary: role.boundary });

/**
 * The evaluator does not match KMS encryption-context keys (`kms:EncryptionContext:aws:logs:arn`,
 * a key template it ignores in strict mode), which every service grant of a key policy uses. They
 * are evaluated under a stand-in global key of the same string semantics, in policy and request
 * alike, so their conditions still decide.
 */
const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:(.+)$/i;
const standIn = (key: string): string => {
    const m = ENCRYPTION_CONTEXT.exec(key);
    return m ? `aws:PrincipalTag/kms-ec-${m[1].toLowerCase().replace(/[^a-z0-9]/g, "-")}` : key;
};
const rewritten = new WeakMap<NormalPolicy, NormalPolicy>();

function withStandIns(policy: NormalPolicy): NormalPolicy {
    const cached = rewritten.get(policy);
    if (cached) return cached;
    const json = {
        ...policy.json,
        Statement: policy.json.Statement.map((st) => {
            const condition = st.Condition as Record<string, Record<string, unknown>> | undefined;
            if (!condition) return st;
            return {
                ...st,
                Condition: Object.fromEntries(Object.entries(condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [standIn(k), v]))])),
            };
        }),
    };
    const out = normal(json) ?? policy;
    rewritten.set(policy, out);
    return out;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/**
 * The global condition keys AWS sets on every request, whatever the caller: the resource's
 * account, TLS (SDKs and services call over HTTPS), and the principal's keys: a role's session
 * carries its role ARN, account and type; a service carries its name. A policy that tests one of
 * them (`aws:ResourceAccount` = ours, `aws:SecureTransport`) then decides as it would in AWS.
 */
export function requestContext(a: Pick<Ask, "principal" | "account" | "resource">): Record<string, string> {
    const region = a.resource.split(":")[3];
    const base: Record<string, string> = { "aws:ResourceAccount": a.account, "aws:SecureTransport": "true", ...(region ? { "aws:RequestedRegion": region } : {}) };
    if (SERVICE_PRINCIPAL.test(a.principal)) return { ...base, "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": a.principal };
    const account = a.principal.split(":")[4];
    return { ...base, "aws:PrincipalIsAWSService": "false", "aws:PrincipalArn": a.principal, "aws:PrincipalType": "AssumedRole", ...(account ? { "aws:PrincipalAccount": account } : {}) };
}

/**
 * Whether AWS would allow the request; and whether the identity side or the resource side refused.
 * The principal's permissions boundary is judged apart: a request the policies allow and the
 * boundary refuses is recorded on the boundary (reported once per role, naming the boundary)
 * rather than failing each path with a message about the role's policies.
 */
export async function ask(a: Ask): Promise<{ allowed: boolean; identityAllows: boolean }> {
    const context = Object.fromEntries(Object.entries({ ...requestContext(a), ...a.context }).map(([k, v]) => [standIn(k), v]));
    const request = { action: a.action, resource: a.resource, resourceAccount: a.account, principal: a.principal, context };
    const d = await evaluateDetailed({ identity: (a.identity ?? []).map(withStandIns), resource: a.resourcePolicy && withStandIns(a.resourcePolicy) }, request);
    if (a.boundary && d.identity === "Allowed") {
        const bounded = a.boundary.policy && await evaluateDetailed({ identity: [withStandIns(a.boundary.policy)] }, request);
        if (!bounded || bounded.identity !== "Allowed") a.boundary.refused.add(`${a.action} on ${a.resource}`);
    }
    return { allowed: d.overall === "Allowed", identityAllows: d.identity === "Allowed" };
}

/** A role's request to a key: identity policy and key policy must both allow. Undefined when allowed. */
export async function keyGap(role: RoleAccess, key: KeyAccess, action: string, context: Record<string, string | string[]>, account: string): Promise<{ missing: string; change: PathResource } | undefined> {
    const r = await ask({ action, resource: key.arn, account, ...asRole(role), resourcePolicy: key.policy, context });
    if (r.allowed) return undefined;
    if (!r.identityAllows && role.managed.length === 0) return { missing: `${action} on ${key.arn} in the role's policies`, change: role.role };
    return { missing: `${action} for ${role.arn} in the key policy`, change: key.policyResource };
}

/** A service principal's request to a key, by the key policy alone. Undefined when allowed. */
export async function serviceKeyGap(service: string, key: KeyAccess, actions: string[], context: Record<string, string | string[]>, account: string): Promise<{ missing: string; change: PathResource } | undefined> {
    for (const action of actions) {
        const r = await ask({ action, resource: key.arn, account, principal: service, resourcePolicy: key.policy, context });
        if (!r.allowed) return { missing: `${action} for ${service} in the key policy`, change: key.policyResource };
    }
    return undefined;
}
