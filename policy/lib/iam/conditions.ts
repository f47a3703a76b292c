/**
 * Whether a condition block really narrows a statement. A condition narrows only when AWS would
 * evaluate it against a value the requester cannot choose and the listed values are concrete:
 * `StringLike: { "aws:SourceAccount": "*" }` matches every request, `…IfExists` passes when the
 * key is absent (anonymous requests carry no account), `ForAllValues:` passes on an empty set,
 * and negated operators (`StringNotEquals`) admit everyone but the listed values.
 */
import { Conditions } from "./document";
import { accountOf } from "./arn";

/** One condition entry as it appears in a statement. */
export interface ConditionEntry {
    op: string;
    key: string;
    values: string[];
}

/** The entries of a condition block, flattened. */
export function entriesOf(conditions: Conditions): ConditionEntry[] {
    return Object.entries(conditions).flatMap(([op, block]) =>
        Object.entries(block).map(([key, values]) => ({ op, key, values })));
}

const WILDCARD_ONLY = /^[*?]*$/;

/** Whether the operator can admit requests that lack the key or whose value is not listed. */
function isPermissiveOperator(op: string): boolean {
    return /IfExists$/.test(op) || /^ForAllValues:/.test(op) || /Not/.test(op.split(":").pop() ?? "") || op === "Null";
}

/**
 * Whether an entry restricts requests to its values: an operator that requires a listed value,
 * and values that are not wildcards alone. Says nothing of whether the key itself matters.
 */
export function isRestrictive(entry: ConditionEntry): boolean {
    if (isPermissiveOperator(entry.op) || entry.values.length === 0) {
        return false;
    }
    return entry.values.every(v => !WILDCARD_ONLY.test(v));
}

const ACCOUNT_KEYS = ["aws:sourceaccount", "aws:sourceowner", "aws:principalaccount", "kms:calleraccount", "aws:resourceaccount"];
const ARN_KEYS = ["aws:sourcearn", "aws:principalarn"];
const NETWORK_KEYS = ["aws:sourcevpce", "aws:sourcevpc"];
const ORG_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:sourceorgid", "aws:sourceorgpaths"];

/** Which accounts a requester may belong to, as the statement's conditions say. */
export interface RequesterScope {
    /** Accounts the conditions admit; undefined when they do not name accounts. */
    accounts?: string[];
    /** An organization, VPC or VPC endpoint the requester must come from (a concrete value). */
    boundary?: string;
    /** A VPC or endpoint the conditions name that is not one of the stack's own: it confines nothing. */
    foreignNetwork?: string;
}

/** Whether an org condition's value (an org id, or an org path `o-…/r-…/ou-…/`) lies in one of `organizations`. */
function inOrganizations(value: string, organizations: readonly string[]): boolean {
    return organizations.some(o => value === o || value.startsWith(`${o}/`));
}

/**
 * The requester scope a statement's conditions enforce: the accounts named by restrictive
 * account or ARN keys (an ARN with a wildcard account names none), and a concrete organization
 * or network boundary. Keys the requester controls (tags it sets, user agent) do not count.
 * With `organizations` given, an organization condition confines only when it names one of
 * them: anyone can create an organization, so `aws:PrincipalOrgID` of another is no boundary.
 * Likewise with `networks` (the stack's VPC and endpoint ids): a VPC or endpoint of another
 * (a partner's, an attacker's) lets in whoever runs there, from any account.
 */
export function requesterScope(conditions: Conditions, organizations?: readonly string[], networks?: readonly string[]): RequesterScope {
    const scope: RequesterScope = {};
    for (const entry of entriesOf(conditions).filter(isRestrictive)) {
        const key = entry.key.toLowerCase();
        if (ACCOUNT_KEYS.includes(key) || ARN_KEYS.includes(key) || key.startsWith("kms:encryptioncontext:")) {
            const accounts = entry.values.map(v => accountOf(v));
            if (accounts.every((a): a is string => a !== undefined)) {
                scope.accounts = scope.accounts ? scope.accounts.filter(a => accounts.includes(a)) : [...new Set(accounts)];
            }
        } else if (ORG_KEYS.includes(key) && organizations && !entry.values.every(v => inOrganizations(v, organizations))) {
            continue; // another organization (or none is ours): admits its members, whoever they are
        } else if (NETWORK_KEYS.includes(key) && networks && !entry.values.every(v => networks.includes(v))) {
            scope.foreignNetwork = `${entry.key} ${entry.values.filter(v => !networks.includes(v)).join(", ")}`;
        } else if ((ORG_KEYS.includes(key) || NETWORK_KEYS.includes(key)) && entry.values.every(v => !/[*?]/.test(v))) {
            // An organization or network named with a wildcard (`o-*`) names every one.
            scope.boundary = `${entry.key} ${entry.values.join(", ")}`;
        }
    }
    return scope;
}

/**
 * Keys of identity policies that limit WHICH resources or targets an action reaches (the role
 * passed to a service, a resource tag, the service calling on the principal's behalf). Keys about
 * the request's transport, time, region or origin network leave the grant as broad as before.
 */
const NARROWING_IDENTITY_KEYS: readonly RegExp[] = [
    /^iam:(PassedToService|AssociatedResourceArn|PolicyARN|PermissionsBoundary|ResourceTag\/.+|AWSServiceName)$/i,
    /^[a-z0-9-]+:ResourceTag\/.+$/i,
    /^kms:(ViaService|EncryptionContext:.+|EncryptionContextKeys|GrantIsForAWSResource|CallerAccount)$/i,
    /^aws:(CalledVia|CalledViaFirst|CalledViaLast|ResourceOrgID|ResourceOrgPaths)$/i,
    /^ecs:(cluster|task-definition|service|container-name)$/i,
    /^s3:(prefix|ExistingObjectTag\/.+|DataAccessPointArn)$/i,
    /^secretsmanager:(SecretId|SecretPrimaryRegion)$/i,
    /^ssm:(resourceTag\/.+|DocumentCategories)$/i,
    /^sts:(ExternalId|RoleSessionName|SourceIdentity)$/i,
    /^lambda:(FunctionArn|SourceFunctionArn)$/i,
    /^ec2:(ResourceTag\/.+|Vpc|Subnet|InstanceProfile)$/i,
];

/** Whether an identity-policy statement's conditions limit it to particular resources or targets. */
export function narrowsIdentityGrant(conditions: Conditions): boolean {
    return entriesOf(conditions).some(e => isRestrictive(e) && NARROWING_IDENTITY_KEYS.some(k => k.test(e.key)));
}

/** The conditions that narrow (see `narrowsIdentityGrant`); the rest are assumed satisfiable. */
export function narrowingConditions(conditions: Conditions): Conditions {
    const out: Conditions = {};
    for (const e of entriesOf(conditions)) {
        if (isRestrictive(e) && NARROWING_IDENTITY_KEYS.some(k => k.test(e.key))) {
            out[e.op] = { ...out[e.op], [e.key]: e.values };
        }
    }
    return out;
}

/**
 * Request-context keys any principal of the account can make its request carry with a value of
 * its choosing: the service it calls through (kms:ViaService, aws:CalledVia: it reads a secret,
 * Secrets Manager decrypts), the network it calls from (an endpoint or VPC of the account), the
 * encryption context of what it reads, a prefix, transport, region or time. Keys that name who
 * the caller is (aws:PrincipalArn, aws:userid, aws:PrincipalTag/…) or that only services send
 * (aws:SourceArn, aws:SourceAccount) are not the caller's to choose.
 */
const CALLER_CHOSEN_KEYS = [
    /^kms:(ViaService|EncryptionContext:.+|EncryptionContextKeys|CallerAccount)$/i,
    /^aws:(CalledVia|CalledViaFirst|CalledViaLast|SourceVpce|SourceVpc|VpcSourceIp|SourceIp|SecureTransport|RequestedRegion|CurrentTime|EpochTime|PrincipalAccount|PrincipalType)$/i,
    /^s3:(prefix|delimiter|max-keys|signatureversion|authType|x-amz-.+|TlsVersion)$/i,
    /^secretsmanager:(SecretId|VersionStage|VersionId)$/i,
];

/** A value that meets one entry of a positive operator: the first listed value, its wildcards filled in. */
function meetingValue(entry: ConditionEntry): string | undefined {
    if (isPermissiveOperator(entry.op) || entry.values.length === 0 || /^(Numeric|Date|Binary)/.test(entry.op.split(":").pop() ?? "")) {
        return undefined;
    }
    return entry.values[0].replace(/[*?]/g, "x");
}

/**
 * The context a principal of the account can give its request to meet a statement's conditions
 * on keys it chooses (see CALLER_CHOSEN_KEYS), for judging what a resource policy admits "any
 * principal of the account" to do: conditions on who the caller is stay unmet.
 */
export function callerChosenContext(conditions: Conditions): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of entriesOf(conditions)) {
        const value = CALLER_CHOSEN_KEYS.some(k => k.test(e.key)) ? meetingValue(e) : undefined;
        if (value !== undefined) {
            out[e.key] = value;
        }
    }
    return out;
}

/**
 * The context by which a caller of the account escapes a Deny's conditions on keys it chooses: for
 * a negated operator (`StringNotEquals kms:ViaService s3.…`), the value the Deny exempts. A Deny that
 * spares requests through one service leaves that way open to whatever IAM grants.
 */
export function callerEscapeContext(conditions: Conditions): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of entriesOf(conditions)) {
        const op = e.op.replace(/IfExists$/, "");
        if (/^(String|Arn)Not(Equals|Like)(IgnoreCase)?$/.test(op) && e.values.length > 0 && CALLER_CHOSEN_KEYS.some(k => k.test(e.key))) {
            out[e.key] = e.values[0].replace(/[*?]/g, "x");
        }
    }
    return out;
}
