/**
 * Who may do what, with the pack's IAM evaluation core: a role's identity policies (every way
 * @pulumi/aws attaches one: inline, RolePolicy, managedPolicyArns, RolePolicyAttachment and the
 * legacy PolicyAttachment, customer managed policies of the stack resolved by ARN, AWS managed
 * ones the pack holds a document for), a KMS key's or topic's or bucket's own policy, evaluated
 * together as AWS does for one request.
 */
import { awsManagedDocument } from "../iam/managedDocuments";
import { isAwsManaged, managedVerdict } from "../iam/managed";
import { evaluateDetailed, NormalPolicy, parsePolicy } from "../lib/iam";
import { Boundary, boundaryOf } from "./boundaries";
import { arnParts, broken, PathResource, PathResult, StackIndex, strings } from "./model";
import { Origin, ORIGIN_KEY, UNKNOWN_ORIGIN, VIA_SERVICE } from "./origin";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const LEGACY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
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

/** An identity policy allowing every request: for a request whose only policy of the stack's is the endpoint's. */
export const ANY_REQUEST = normal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] })!;

/** A role of the stack and the identity policies that reach it. */
export interface RoleAccess {
    role: PathResource;
    arn: string;
    policies: NormalPolicy[];
    /** Where each of `policies` is written (same order): the policy resource, attachment or role to change. */
    sources: PathResource[];
    /**
     * The role's AWS managed policies the pack has no complete document for (their grants are
     * unknown, or known only in part). Those it holds in full (policy/iam/managedDocuments.ts)
     * are in `policies` only; the statements policy/iam/managed.ts records of a broad one (what
     * makes it broad: ReadOnlyAccess's s3:Get*) are in `policies` too, as what it grants at least.
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
    const legacyOurs = (r: PathResource) => ix.refs(r, "roles", ROLE).includes(role) || strings(r.props.roles).some((n) => n === roleName || n === roleArn);
    const found: Array<{ policy: unknown; source: PathResource }> = [];
    ix.ofType(ROLE_POLICY).filter(isOurs).forEach((p) => found.push({ policy: p.props.policy, source: p }));
    strings(role.props.inlinePolicies?.map?.((p: { policy?: string }) => p.policy) ?? []).forEach((policy) => found.push({ policy, source: role }));
    // What each attachment (and the role's own managedPolicyArns) attaches, by ARN.
    const attached: Array<{ arn: unknown; by: PathResource; property: string }> = [
        ...ix.ofType(ATTACHMENT).filter(isOurs).map((a) => ({ arn: a.props.policyArn, by: a, property: "policyArn" })),
        ...ix.ofType(LEGACY_ATTACHMENT).filter(legacyOurs).map((a) => ({ arn: a.props.policyArn, by: a, property: "policyArn" })),
        ...strings(role.props.managedPolicyArns).map((a) => ({ arn: a as unknown, by: role, property: "managedPolicyArns" })),
    ];
    const managed: string[] = [];
    for (const a of attached) {
        const customer = customerPolicy(ix, a.arn, arnParts(roleArn).account) ?? (a.property === "policyArn" ? ix.refs(a.by, a.property, MANAGED_POLICY)[0] : undefined);
        if (customer) { found.push({ policy: customer.props.policy, source: customer }); continue; }
        if (typeof a.arn !== "string" || !isAwsManaged(a.arn)) continue;
        const full = awsManagedDocument(a.arn);
        const verdict = managedVerdict(a.arn);
        const statements = full?.statements ?? (verdict.kind === "document" ? verdict.statements : undefined);
        if (statements) found.push({ policy: { Version: "2012-10-17", Statement: statements }, source: a.by });
        if (!full) managed.push(a.arn);
    }
    // managedPolicyArns not known yet (preview): the stack's policies it was built from.
    ix.refs(role, "managedPolicyArns", MANAGED_POLICY).filter((p) => !found.some((f) => f.source === p)).forEach((p) => found.push({ policy: p.props.policy, source: p }));
    const readable = found.map((f) => ({ policy: normal(f.policy), source: f.source })).filter((f): f is { policy: NormalPolicy; source: PathResource } => f.policy !== undefined);
    return {
        role, arn: roleArn, managed: [...new Set(managed)], trust: normal(role.props.assumeRolePolicy), boundary: boundaryOf(ix, role),
        policies: readable.map((f) => f.policy), sources: readable.map((f) => f.source),
    };
}

/**
 * The stack's customer managed policy an ARN names: by its `arn`, or by the ARN IAM gives it
 * (`arn:aws:iam::<account>:policy<path><name>`) while the output is not known or an attachment
 * spells it literally.
 */
function customerPolicy(ix: StackIndex, arn: unknown, account: string | undefined): PathResource | undefined {
    if (typeof arn !== "string") return undefined;
    return ix.named(arn, MANAGED_POLICY)[0] ?? ix.ofType(MANAGED_POLICY).find((p) => account !== undefined && typeof p.props.name === "string"
        && arn === `arn:aws:iam::${account}:policy${p.props.path ?? "/"}${p.props.name}`);
}

/**
 * Where each resource type's own policy is written: a separate policy resource (its type and the
 * property naming the resource) and, for types that also take one inline, that property. The
 * separate resource wins, as it replaces the inline document in AWS. Bucket names are global;
 * the other names are per region (`global` false).
 */
const POLICY_HOLDERS: Readonly<Record<string, { holder: string; by: string; inline?: string; global?: true }>> = {
    "aws:s3/bucket:Bucket": { holder: "aws:s3/bucketPolicy:BucketPolicy", by: "bucket", inline: "policy", global: true },
    "aws:s3/bucketV2:BucketV2": { holder: "aws:s3/bucketPolicy:BucketPolicy", by: "bucket", inline: "policy", global: true },
    "aws:backup/vault:Vault": { holder: "aws:backup/vaultPolicy:VaultPolicy", by: "backupVaultName" },
    "aws:secretsmanager/secret:Secret": { holder: "aws:secretsmanager/secretPolicy:SecretPolicy", by: "secretArn", inline: "policy" },
    "aws:ecr/repository:Repository": { holder: "aws:ecr/repositoryPolicy:RepositoryPolicy", by: "repository" },
    "aws:sns/topic:Topic": { holder: "aws:sns/topicPolicy:TopicPolicy", by: "arn", inline: "policy" },
};

/** The region a resource is in: its `region` input, else its ARN's (a bucket's ARN has none). */
const regionOf = (r: PathResource): string | undefined => (typeof r.props.region === "string" ? r.props.region : undefined) ?? (arnParts(r.props.arn).region || undefined);

/**
 * A resource's own policy (bucket, backup vault, secret, ECR repository, topic), when the stack
 * sets one, and where to change it. Within the account an identity grant is enough, so what it
 * adds to a request of the stack's roles is its explicit Deny; it is evaluated with the request as
 * AWS sends it (see `ask`: a policy keyed on where the call comes from decides with its origins).
 * A vault is named per region, so a vault policy of another region governs another vault.
 */
export function resourcePolicyOf(ix: StackIndex, target: PathResource | undefined): { policy?: NormalPolicy; resource: PathResource } | undefined {
    const spec = target && POLICY_HOLDERS[target.type];
    if (!target || !spec) return undefined;
    const region = spec.global ? undefined : regionOf(target);
    const holder = ix.ofType(spec.holder).find((p) => ix.refs(p, spec.by, target.type).includes(target)
        && (region === undefined || regionOf(p) === undefined || regionOf(p) === region));
    if (holder) return { policy: normal(holder.props.policy), resource: holder };
    const inline = spec.inline !== undefined ? normal(target.props[spec.inline]) : undefined;
    return inline ? { policy: inline, resource: target } : undefined;
}

/**
 * The policy of the stack resource a request's ARN acts on: a vault, secret, repository or topic by
 * its ARN; a bucket by its ARN or the ARN of one of its objects.
 */
export function resourcePolicyFor(ix: StackIndex, arn: string): { policy?: NormalPolicy; resource: PathResource } | undefined {
    const bucket = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(arn);
    return bucket ? bucketPolicyOf(ix, bucket[1]) : resourcePolicyOf(ix, ix.named(arn, ...Object.keys(POLICY_HOLDERS))[0]);
}

/** A bucket's policy by the bucket's name, also when only the policy is in the stack (the bucket is another stack's). */
export function bucketPolicyOf(ix: StackIndex, bucketName: string): { policy?: NormalPolicy; resource: PathResource } | undefined {
    const bucket = ix.named(bucketName, "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")[0];
    if (bucket) return resourcePolicyOf(ix, bucket);
    const holder = ix.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.props.bucket === bucketName);
    return holder && { policy: normal(holder.props.policy), resource: holder };
}

/** A KMS key of the stack (by ARN, id or alias) and its key policy. */
export interface KeyAccess {
    key: PathResource;
    arn: string;
    policy?: NormalPolicy;
    /** Where to change the policy. */
    policyResource: PathResource;
    /** The stack's grants on the key (aws:kms/grant). @default none */
    grants?: KeyGrant[];
}

/** A grant on a key: who may use it for which operations, under which encryption context. */
export interface KeyGrant {
    grantee: string;
    /** Operations without the `kms:` prefix (`Decrypt`, `CreateGrant`…). */
    operations: string[];
    /** Encryption context pairs the request must carry (equals and subset constraints alike). */
    context: Record<string, string>;
}

const GRANT = "aws:kms/grant:Grant";

function grantsOn(ix: StackIndex, key: PathResource): KeyGrant[] {
    return ix.ofType(GRANT).filter((g) => ix.refs(g, "keyId", KEY, ALIAS).some((k) => k === key || ix.refs(k, "targetKeyId", KEY).includes(key)))
        .flatMap((g) => typeof g.props.granteePrincipal !== "string" ? [] : [{
            grantee: g.props.granteePrincipal,
            operations: strings(g.props.operations),
            context: Object.assign({}, ...((g.props.constraints ?? []) as Array<{ encryptionContextEquals?: Record<string, string>; encryptionContextSubset?: Record<string, string> }>)
                .map((c) => ({ ...c.encryptionContextEquals, ...c.encryptionContextSubset }))),
        }]);
}

/**
 * Whether a grant lets the principal make the request: KMS allows a grantee the grant's
 * operations without the key policy or IAM naming it; a constraint must be met by the request's
 * encryption context.
 */
export function grantAllows(grants: readonly KeyGrant[] | undefined, principal: string, action: string, context: Record<string, string | string[]>): boolean {
    const operation = action.replace(/^kms:/i, "");
    return (grants ?? []).some((g) => g.grantee === principal && g.operations.includes(operation)
        && Object.entries(g.context).every(([k, v]) => context[`kms:EncryptionContext:${k}`] === v));
}

export function keyAccess(ix: StackIndex, ref: unknown, source?: { resource: PathResource; property: string }): KeyAccess | undefined {
    let key = (source ? ix.refs(source.resource, source.property, KEY, ALIAS) : ix.named(ref, KEY, ALIAS))[0];
    if (key?.type === ALIAS) key = ix.refs(key, "targetKeyId", KEY)[0] ?? ix.refs(key, "targetKeyArn", KEY)[0];
    if (!key || typeof key.props.arn !== "string") return undefined;
    const separate = ix.ofType(KEY_POLICY).find((p) => ix.refs(p, "keyId", KEY).includes(key));
    return { key, arn: key.props.arn, policy: normal(separate?.props.policy ?? key.props.policy), policyResource: separate ?? key, grants: grantsOn(ix, key) };
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
    /**
     * Where a role's request comes from (see ./origin): the request must pass from each.
     * @default an unknown network for a role (origin keys undecided), none for a service principal
     */
    from?: Origin[];
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
const rewritten = new WeakMap<NormalPolicy, Map<string, NormalPolicy>>();

/** The policy rewritten once per purpose (`tag`), by a rewrite of each statement (undefined drops it). */
function rewrite(policy: NormalPolicy, tag: string, statement: (st: NormalPolicy["json"]["Statement"][number]) => NormalPolicy["json"]["Statement"][number] | undefined): NormalPolicy {
    const byTag = rewritten.get(policy) ?? new Map<string, NormalPolicy>();
    rewritten.set(policy, byTag);
    const cached = byTag.get(tag);
    if (cached) return cached;
    const out = normal({ ...policy.json, Statement: policy.json.Statement.map(statement).filter((st) => st !== undefined) }) ?? policy;
    byTag.set(tag, out);
    return out;
}

type Condition = Record<string, Record<string, unknown>>;
const mapKeys = (condition: Condition, fn: (key: string) => string | undefined): Condition => Object.fromEntries(Object.entries(condition)
    .map(([op, keys]): [string, Record<string, unknown>] => [op, Object.fromEntries(Object.entries(keys).flatMap(([k, v]) => { const to = fn(k); return to ? [[to, v]] : []; }))])
    .filter(([, keys]) => Object.keys(keys).length > 0));

function withStandIns(policy: NormalPolicy): NormalPolicy {
    return rewrite(policy, "stand-ins", (st) => (st.Condition ? { ...st, Condition: mapKeys(st.Condition as Condition, standIn) } : st));
}

/**
 * The policy as judged when the keys `unknown` have values not known yet (an endpoint being
 * created): the benefit of the doubt, as for any unknown value. A Deny that tests one of them is
 * left out, and an Allow's test of one counts as met.
 */
function withUnknown(policy: NormalPolicy, unknown: readonly string[]): NormalPolicy {
    if (unknown.length === 0) return policy;
    const lower = unknown.map((k) => k.toLowerCase());
    const tests = (k: string) => lower.includes(k.toLowerCase());
    return rewrite(policy, `unknown:${lower.join(",")}`, (st) => {
        const condition = st.Condition as Condition | undefined;
        if (!condition || !Object.values(condition).some((keys) => Object.keys(keys).some(tests))) return st;
        if (st.Effect === "Deny") return undefined;
        const rest = mapKeys(condition, (k) => (tests(k) ? undefined : k));
        const { Condition: _dropped, ...bare } = st;
        return Object.keys(rest).length > 0 ? { ...st, Condition: rest } : bare;
    });
}

const testsOrigin = new WeakMap<NormalPolicy, boolean>();
/** Whether a policy tests where a request comes from (memoized: most policies never do). */
function testsOriginOf(policy: NormalPolicy | undefined): boolean {
    if (!policy) return false;
    let t = testsOrigin.get(policy);
    if (t === undefined) { t = ORIGIN_KEY.test(JSON.stringify(policy.json.Statement.map((st) => st.Condition ?? {}))); testsOrigin.set(policy, t); }
    return t;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/**
 * The global condition keys AWS sets on every request, whatever the caller: the resource's
 * account, TLS (SDKs and services call over HTTPS), and the principal's keys: a role's session
 * carries its role ARN, account and type; a service carries its name. A policy that tests one of
 * them (`aws:ResourceAccount` = ours, `aws:SecureTransport`) then decides as it would in AWS.
 */
export function requestContext(a: Pick<Ask, "principal" | "account" | "resource"> & { action?: string }): Record<string, string> {
    const region = a.resource.split(":")[3];
    const base: Record<string, string> = { "aws:ResourceAccount": a.account, "aws:SecureTransport": "true", ...(region ? { "aws:RequestedRegion": region } : {}) };
    if (SERVICE_PRINCIPAL.test(a.principal)) return { ...base, "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": a.principal };
    const account = a.principal.split(":")[4];
    // KMS puts the caller's account in every request it judges (kms:CallerAccount), also when a
    // service such as Secrets Manager calls it for the role (kms:ViaService).
    const kms: Record<string, string> = account && a.action?.toLowerCase().startsWith("kms:") ? { "kms:CallerAccount": account } : {};
    return { ...base, "aws:PrincipalIsAWSService": "false", "aws:PrincipalArn": a.principal, "aws:PrincipalType": "AssumedRole", ...(account ? { "aws:PrincipalAccount": account } : {}), ...kms };
}

/** What `ask` found: allowed, or which side refused and from where. */
export interface Answer {
    allowed: boolean;
    /** Whether the principal's own policies allow it (from every origin judged). */
    identityAllows: boolean;
    refusedFrom?: Origin;
    explicitlyDenied?: boolean;
    /** The VPC endpoint whose policy refused a request its identity allowed (see `endpointPolicyOf`). */
    endpointRefused?: PathResource;
}

const ENDPOINT_POLICIES = new WeakMap<PathResource, NormalPolicy | null>();

/**
 * A VPC endpoint's policy, when it has one that limits anything: AWS gives an endpoint without
 * one full access, and evaluates one it has together with the identity and resource policies of
 * every request through it (AWS PrivateLink guide, "Control access to VPC endpoints using
 * endpoint policies"). Read once per endpoint.
 */
export function endpointPolicyOf(endpoint: PathResource | undefined): NormalPolicy | undefined {
    if (!endpoint) return undefined;
    let p = ENDPOINT_POLICIES.get(endpoint);
    if (p === undefined) {
        p = normal(endpoint.props.policy) ?? null;
        ENDPOINT_POLICIES.set(endpoint, p);
    }
    return p ?? undefined;
}

/**
 * The origins a request is judged from: each, when a policy tests where requests come from; else
 * one per endpoint policy the request may pass (or none), since the others decide alike.
 */
function originsToJudge(a: Ask, policies: Array<NormalPolicy | undefined>): Array<Origin | undefined> {
    const from = a.from?.length ? a.from : SERVICE_PRINCIPAL.test(a.principal) ? [undefined] : [UNKNOWN_ORIGIN];
    if (policies.some(testsOriginOf) || from.some((o) => testsOriginOf(endpointPolicyOf(o?.endpoint)))) return from;
    const byPolicy = new Map<NormalPolicy | undefined, Origin | undefined>();
    for (const o of from) {
        const p = endpointPolicyOf(o?.endpoint);
        if (!byPolicy.has(p)) byPolicy.set(p, p ? o : undefined);
    }
    return [...byPolicy.values()];
}

/**
 * Whether AWS would allow the request; and whether the identity side, the resource side or the
 * policy of the VPC endpoint it passes through refused. The principal's permissions boundary is
 * judged apart: a request the policies allow and the boundary refuses is recorded on the boundary
 * (reported once per role, naming the boundary) rather than failing each path with a message
 * about the role's policies.
 */
export async function ask(a: Ask): Promise<Answer> {
    const policies = [...(a.identity ?? []), a.resourcePolicy, a.boundary?.policy];
    let identityAllows = true;
    for (const origin of originsToJudge(a, policies)) {
        const unknown = origin?.unknown ?? [];
        const context = Object.fromEntries(Object.entries({ ...requestContext(a), ...origin?.context, ...a.context }).map(([k, v]) => [standIn(k), v]));
        const request = { action: a.action, resource: a.resource, resourceAccount: a.account, principal: a.principal, context };
        const judged = (p: NormalPolicy) => withStandIns(withUnknown(p, unknown));
        const endpoint = endpointPolicyOf(origin?.endpoint);
        const d = await evaluateDetailed({ identity: (a.identity ?? []).map(judged), resource: a.resourcePolicy && judged(a.resourcePolicy), ...(endpoint ? { endpoint: judged(endpoint) } : {}) }, request);
        if (a.boundary && d.identity === "Allowed") {
            const bounded = a.boundary.policy && await evaluateDetailed({ identity: [judged(a.boundary.policy)] }, request);
            if (!bounded || bounded.identity !== "Allowed") a.boundary.refused.add(`${a.action} on ${a.resource}${origin?.unknown.length === 0 ? ` from ${origin.label}` : ""}`);
        }
        identityAllows &&= d.identity === "Allowed";
        if (d.overall !== "Allowed") {
            return {
                allowed: false, identityAllows, explicitlyDenied: d.overall === "ExplicitlyDenied",
                ...(origin && origin !== UNKNOWN_ORIGIN ? { refusedFrom: origin } : {}),
                ...(d.identity === "Allowed" && d.endpoint !== undefined && d.endpoint !== "Allowed" ? { endpointRefused: origin?.endpoint } : {}),
            };
        }
    }
    return { allowed: true, identityAllows };
}

/** Whether the request is allowed with any one of `contexts` (each the caller's to send, merged over the request's own). */
export async function allowedWithAny(a: Ask, contexts: Record<string, string>[]): Promise<boolean> {
    for (const context of contexts) {
        if ((await ask({ ...a, context: { ...a.context, ...context } })).allowed) {
            return true;
        }
    }
    return false;
}

/**
 * A request its identity allowed and the policy of the VPC endpoint it goes through refused, as a
 * broken path naming the endpoint; undefined otherwise. `what` is the request (`secretsmanager:GetSecretValue on … for role …`).
 */
export function endpointRefusal(path: string, r: Answer, what: string): PathResult | undefined {
    const endpoint = r.endpointRefused;
    if (!endpoint) return undefined;
    const id = endpoint.id ?? endpoint.props.id ?? endpoint.name;
    return broken(path, `${what} in the policy of VPC endpoint ${id} (${String(endpoint.props.serviceName ?? "")}), which the request passes through${r.refusedFrom ? ` as it comes from ${r.refusedFrom.label}` : ""}`, endpoint);
}

/** ` (from <origin>)` for a message, when a request was refused from a known origin. */
export const fromWhere = (r: { refusedFrom?: Origin }): string => (r.refusedFrom ? ` (as it comes from ${r.refusedFrom.label})` : "");

/**
 * What a store sends KMS when it decrypts a value for a caller: the service (kms:ViaService) and
 * the encryption context it always adds — Secrets Manager the secret's ARN and the version's id,
 * Parameter Store the parameter's ARN (AWS KMS developer guide, "How AWS services use AWS KMS"). A
 * grant confined to one secret by its encryption context then decides as AWS decides it.
 */
export function storeDecryptContext(store: "secretsmanager" | "ssm", region: string, arn: string | undefined): Record<string, string> {
    const via = { "kms:ViaService": `${store}.${region}.amazonaws.com` };
    if (typeof arn !== "string") return via;
    return store === "secretsmanager"
        ? { ...via, "kms:EncryptionContext:SecretARN": arn, "kms:EncryptionContext:SecretVersionId": "pack-probe-version" }
        : { ...via, "kms:EncryptionContext:PARAMETER_ARN": arn };
}

/** A role's request to a key: identity policy and key policy must both allow. Undefined when allowed. */
export async function keyGap(role: RoleAccess, key: KeyAccess, action: string, context: Record<string, string | string[]>, account: string, from?: Origin[]): Promise<{ missing: string; change: PathResource } | undefined> {
    // Through a service (kms:ViaService) the service calls KMS for the role: no network key carries over.
    const r = await ask({ action, resource: key.arn, account, ...asRole(role), resourcePolicy: key.policy, context, from: "kms:ViaService" in context ? [VIA_SERVICE] : from });
    const refused = endpointRefusal("", r, `${action} on ${key.arn} for ${role.arn}`);
    if (refused) return { missing: refused.missing!, change: r.endpointRefused! };
    // A grant to the role allows what the policies leave out; against an explicit Deny of theirs the pack does not count on one.
    if (r.allowed || (!r.explicitlyDenied && grantAllows(key.grants, role.arn, action, context))) return undefined;
    if (!r.identityAllows && role.managed.length === 0) return { missing: `${action} on ${key.arn} in the role's policies${fromWhere(r)}`, change: role.role };
    return { missing: `${action} for ${role.arn} in the key policy${fromWhere(r)}`, change: key.policyResource };
}

/** A service principal's request to a key, by the key policy alone. Undefined when allowed. */
export async function serviceKeyGap(service: string, key: KeyAccess, actions: string[], context: Record<string, string | string[]>, account: string): Promise<{ missing: string; change: PathResource } | undefined> {
    for (const action of actions) {
        const r = await ask({ action, resource: key.arn, account, principal: service, resourcePolicy: key.policy, context });
        if (!r.allowed) return { missing: `${action} for ${service} in the key policy`, change: key.policyResource };
    }
    return undefined;
}
