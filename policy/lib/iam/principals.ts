/**
 * Who a resource policy or a trust policy lets in. Every Allow statement's principals are
 * resolved to accounts and judged together with its conditions, as AWS evaluates them: a
 * `Principal: "*"` narrowed by `aws:SourceAccount`/`aws:PrincipalOrgID` to this account is not
 * public, a foreign account is foreign whether it is named as a bare id, a root ARN or a role.
 */
import { accountOf, parseArn } from "./arn";
import { entriesOf, isRestrictive, requesterScope } from "./conditions";
import { NormalPolicy, NormalStatement } from "./document";
import { globMatches } from "./catalog";
import { admittedOutsiders } from "./federation";

/** What is wrong with a statement's principals. */
export type PrincipalFindingKind =
    | "public" | "not-principal" | "foreign-account" | "service-without-source" | "federated-unscoped";

export interface PrincipalFinding {
    kind: PrincipalFindingKind;
    /** Index of the statement in the document. */
    statement: number;
    /** The principal at fault, as written. */
    principal: string;
    /** One sentence for the violation message. */
    message: string;
}

/** What the judge knows about the policy's owner. */
export interface PrincipalContext {
    /** This stack's account and accounts the operators trust (e.g. prod's, in the dr stack). */
    trustedAccounts: readonly string[];
    /** A trust policy (who may assume a role) rather than a resource policy. */
    trust: boolean;
    /**
     * Service principals that must carry `aws:SourceAccount`/`aws:SourceArn` (confused deputy);
     * return false for services whose requests carry neither. @default every service
     */
    requiresSourceCondition?: (service: string) => boolean;
    /** Accounts AWS runs a service from (e.g. Elastic Load Balancing's log delivery), with what they may do. */
    serviceAccounts?: Readonly<Record<string, readonly string[]>>;
    /** Our organizations: only an org condition naming one confines requesters. @default any concrete organization */
    organizations?: readonly string[];
    /** The stack's VPC and VPC endpoint ids: only a network condition naming them confines requesters. @default any concrete VPC or endpoint */
    networks?: readonly string[];
}

const quote = (s: string) => JSON.stringify(s);

/** Whether the statement's conditions confine requesters to trusted accounts or a concrete boundary. */
function confinedToTrusted(s: NormalStatement, trusted: readonly string[], organizations?: readonly string[], networks?: readonly string[]): "yes" | "no" | "foreign" {
    const scope = requesterScope(s.condition, organizations, networks);
    if (scope.accounts) {
        return scope.accounts.every(a => trusted.includes(a)) ? "yes" : "foreign";
    }
    return scope.boundary ? "yes" : "no";
}

/** An account of no one the stack knows: the other customer a delivery account also writes for. */
const OTHER_CUSTOMER = "999999999999";

/**
 * Where a statement lets a delivery account (Elastic Load Balancing's) write for accounts other
 * than the trusted ones, or undefined when it cannot. The service writes each customer's logs
 * under `[prefix/]AWSLogs/<customer account>/`, and its requests carry no aws:SourceAccount: the
 * object key's account is the only thing that keeps another customer's load balancers out.
 */
function writesForOthers(s: NormalStatement, trusted: readonly string[]): string | undefined {
    if (s.notResource !== undefined || s.resource === undefined) {
        return "outside the resources it names (NotResource)";
    }
    const other = trusted.includes(OTHER_CUSTOMER) ? "888888888888" : OTHER_CUSTOMER;
    for (const pattern of s.resource) {
        // The customer chooses the prefix (any but one holding "AWSLogs"): the pattern's own, or none.
        const [bucket, ...rest] = pattern.split("/");
        const key = rest.join("/");
        const at = key.indexOf("AWSLogs/");
        const prefixes = (at >= 0 ? [key.slice(0, at)] : ["", "x/"]).map(p => p.replace(/[*?]/g, "x"));
        const keys = prefixes.map(p => `${bucket.replace(/[*?]/g, "x")}/${p}AWSLogs/${other}/elasticloadbalancing/x`);
        if (keys.some(k => globMatches(pattern, k))) {
            return `to ${pattern}`;
        }
    }
    return undefined;
}

/** Trust-policy conditions that make a cross-account assumption safe: an external id or the organization. */
function hasCrossAccountGuard(s: NormalStatement, organizations?: readonly string[]): boolean {
    return entriesOf(s.condition).some(e => isRestrictive(e) && (/^sts:ExternalId$/i.test(e.key) ||
        (/^aws:(PrincipalOrgID|PrincipalOrgPaths)$/i.test(e.key) && (!organizations || requesterScope({ [e.op]: { [e.key]: e.values } }, organizations).boundary !== undefined))));
}

/**
 * Why a federation lets in more than the subject it means, or undefined: a SAML provider must be
 * narrowed by `saml:aud`; an OIDC provider is judged by the outsiders whose tokens the trust
 * policy admits (`admittedOutsiders`).
 */
function federationProblem(statements: readonly NormalStatement[], s: NormalStatement, provider: string, account: string): string | undefined {
    if (/^saml-provider\//.test(parseArn(provider)?.resource ?? "")) {
        return entriesOf(s.condition).some(e => isRestrictive(e) && e.key.toLowerCase() === "saml:aud")
            ? undefined : "without a saml:aud condition (any identity of the provider can assume it)";
    }
    const first = statements.find(o => o.effect === "Allow" && (o.principal?.Federated ?? []).some(f => f.toLowerCase() === provider.toLowerCase()));
    if (first !== undefined && first !== s) {
        return undefined; // the policy as a whole was judged at its first statement for the provider
    }
    const admitted = admittedOutsiders(statements, provider, `arn:aws:iam::${account}:role/pack-probe-role`, account);
    return admitted.length === 0 ? undefined
        : `so that ${admitted.slice(0, 3).map(o => o.who).join("; ")}${admitted.length > 3 ? ` (and ${admitted.length - 3} more)` : ""} can assume it: ` +
          "pin the token's subject (sub) to the repository and a protected environment or branch";
}

function judgeAwsPrincipal(s: NormalStatement, id: string, ctx: PrincipalContext): PrincipalFinding | undefined {
    const at = { statement: s.index, principal: id };
    if (id === "*") {
        const confined = confinedToTrusted(s, ctx.trustedAccounts, ctx.organizations, ctx.networks);
        if (confined === "no") {
            const foreign = requesterScope(s.condition, ctx.organizations, ctx.networks).foreignNetwork;
            return { ...at, kind: "public", message: `statement ${s.index} allows Principal "*" without a condition that confines it to this account or organization` +
                (foreign ? ` (${foreign} is not a VPC or endpoint of this stack: whoever runs there, in any account, gets in)` : "") };
        }
        return confined === "foreign"
            ? { ...at, kind: "foreign-account", message: `statement ${s.index} allows Principal "*" from accounts ${requesterScope(s.condition).accounts?.join(", ")}` }
            : undefined;
    }
    const account = accountOf(id);
    if (account === undefined) {
        // AWS accepts "*" alone or a full ARN / account id; anything else (a wildcard inside an
        // ARN, a unique id) names no account this pack can check, so it is not trusted.
        return { ...at, kind: "foreign-account", message: `statement ${s.index} names principal ${quote(id)}, which names no account that can be checked` };
    }
    if (ctx.trustedAccounts.includes(account)) {
        return undefined;
    }
    const serviceActions = ctx.serviceAccounts?.[account];
    if (serviceActions && (s.action ?? []).every(a => serviceActions.includes(a))) {
        const others = writesForOthers(s, ctx.trustedAccounts);
        return others === undefined ? undefined : {
            ...at, kind: "service-without-source",
            message: `statement ${s.index} lets AWS's delivery account ${account} write ${others}, where it writes the logs of any customer's load balancers that name this bucket (confused deputy): confine Resource to <bucket>/<prefix>/AWSLogs/<this account>/*`,
        };
    }
    if (ctx.trust && hasCrossAccountGuard(s, ctx.organizations)) {
        return undefined;
    }
    return {
        ...at, kind: "foreign-account",
        message: `statement ${s.index} lets account ${account} in (${quote(id)})${ctx.trust ? " without an sts:ExternalId or aws:PrincipalOrgID condition" : ""}`,
    };
}

function judgeService(s: NormalStatement, service: string, ctx: PrincipalContext): PrincipalFinding | undefined {
    const confined = confinedToTrusted(s, ctx.trustedAccounts, ctx.organizations, ctx.networks);
    const at = { statement: s.index, principal: service };
    if (confined === "foreign") {
        return { ...at, kind: "foreign-account", message: `statement ${s.index} lets ${service} act for accounts ${requesterScope(s.condition).accounts?.join(", ")}` };
    }
    if (confined === "no" && (ctx.requiresSourceCondition ?? (() => true))(service)) {
        return { ...at, kind: "service-without-source", message: `statement ${s.index} lets ${service} in without aws:SourceAccount or aws:SourceArn naming this account (confused deputy)` };
    }
    return undefined;
}

/** The findings of one Allow statement (`statements`: the whole policy, whose Deny statements a federation's tokens meet too). */
export function statementPrincipalFindings(s: NormalStatement, ctx: PrincipalContext, statements: readonly NormalStatement[] = [s]): PrincipalFinding[] {
    if (s.effect !== "Allow") {
        return [];
    }
    if (s.notPrincipal) {
        const named = Object.values(s.notPrincipal).flat().join(", ");
        return [{ kind: "not-principal", statement: s.index, principal: named, message: `statement ${s.index} allows everyone except ${named} (NotPrincipal with Allow)` }];
    }
    const findings: (PrincipalFinding | undefined)[] = [];
    for (const [kind, ids] of Object.entries(s.principal ?? {})) {
        for (const id of ids) {
            if (kind === "AWS") {
                findings.push(judgeAwsPrincipal(s, id, ctx));
            } else if (kind === "Service") {
                findings.push(judgeService(s, id, ctx));
            } else if (kind === "Federated") {
                const account = accountOf(id);
                if (account !== undefined && !ctx.trustedAccounts.includes(account)) {
                    findings.push({ kind: "foreign-account", statement: s.index, principal: id, message: `statement ${s.index} trusts identity provider ${id} of account ${account}` });
                } else {
                    const problem = federationProblem(statements, s, id, account ?? ctx.trustedAccounts[0] ?? "123456789012");
                    if (problem) {
                        findings.push({ kind: "federated-unscoped", statement: s.index, principal: id, message: `statement ${s.index} trusts ${id} ${problem}` });
                    }
                }
            } else if (kind === "CanonicalUser") {
                findings.push({ kind: "foreign-account", statement: s.index, principal: id, message: `statement ${s.index} grants to canonical user ${id}, which this pack cannot tie to this account` });
            }
        }
    }
    return findings.filter((f): f is PrincipalFinding => f !== undefined);
}

/** Every finding of a resource or trust policy. */
export function principalFindings(policy: NormalPolicy, ctx: PrincipalContext): PrincipalFinding[] {
    return policy.statements.flatMap(s => statementPrincipalFindings(s, ctx, policy.statements));
}
