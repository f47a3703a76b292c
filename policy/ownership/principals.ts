/**
 * Principals the stack names by ARN are principals it holds. Within one account a resource policy
 * (a secret's, key's, bucket's…) that names a role grants that role by itself, a KMS grant gives
 * its grantee the key's use without any policy, and a trust policy lets the role it names assume.
 * A role or user of the stack's account that the stack does not create (a CI role made by hand, a
 * contractor's debugging role, a leftover) has policies no review of this stack sees, and may be
 * anyone's to assume: naming it hands the stack's data to it. The account root (IAM decides) and
 * other accounts (judged by iam-resource-policy-principals and the trusted-account list) are not
 * this rule's; a referenced stack's exported principals count as held.
 */
import { PolicyResource } from "@pulumi/policy";

import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { parseArn } from "../lib/iam/arn";
import { isManaged, knownDeep, knownString } from "../lib/stack";
import { IAM_GROUP, IAM_ROLE, IAM_USER } from "../lib/tokens";
import { documentOf, RESOURCE_POLICY_PROPERTIES } from "../iam/resourceDocuments";

/** Properties naming a principal by ARN outside a policy document: a grant's grantee and retiring principal. */
const PRINCIPAL_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    "aws:kms/grant:Grant": ["granteePrincipal", "retiringPrincipal"],
};

/** Documents that admit principals: every resource policy, and a role's trust policy. */
function documentsOf(r: PolicyResource): { path: string; document: unknown }[] {
    if ((IAM_ROLE as readonly string[]).includes(r.type)) {
        return [{ path: "assumeRolePolicy", document: knownDeep(() => r.props.assumeRolePolicy) }];
    }
    return r.type in RESOURCE_POLICY_PROPERTIES ? [{ path: RESOURCE_POLICY_PROPERTIES[r.type], document: documentOf(r) }] : [];
}

/**
 * The role, user or group an ARN names in `account` (`role/<name>` without its path; a session of a
 * role names the role), or undefined for anything else (the root, another account, a service).
 */
export function accountPrincipal(value: string, account: string): { kind: "role" | "user" | "group"; name: string } | undefined {
    const arn = parseArn(value);
    if (!arn || arn.account !== account) return undefined;
    const session = /^assumed-role\/([^/]+)\//.exec(arn.resource);
    if (arn.service === "sts") return session ? { kind: "role", name: session[1] } : undefined;
    const m = /^(role|user|group)\/(?:.*\/)?([^/]+)$/.exec(arn.resource);
    return arn.service === "iam" && m ? { kind: m[1] as "role" | "user" | "group", name: m[2] } : undefined;
}

/** One principal of the account named but not held. */
export interface UnheldPrincipal {
    resource: PolicyResource;
    path: string;
    value: string;
}

/**
 * Allow statements' AWS principals and grant principals that name a role, user or group of
 * `account` the stack does not hold (`exported`: the values referenced stacks export).
 */
export function unheldPrincipals(resources: PolicyResource[], account: string, exported: Set<string>): UnheldPrincipal[] {
    const managed = resources.filter(isManaged);
    const held = new Set(managed.filter(r => [...IAM_ROLE, ...IAM_USER, ...IAM_GROUP].includes(r.type as never)).flatMap(r => {
        const p = accountPrincipal(knownString(r, "arn") ?? "", account);
        return p ? [`${p.kind}/${p.name}`] : [];
    }));
    const holds = (value: string): boolean => {
        const p = accountPrincipal(value, account);
        return p === undefined || held.has(`${p.kind}/${p.name}`) || exported.has(value);
    };
    const out: UnheldPrincipal[] = [];
    for (const r of managed) {
        for (const { path, document } of documentsOf(r)) {
            const policy = document === undefined ? undefined : parsePolicy(document);
            if (!policy || isPolicyError(policy)) continue; // malformed: iam-resource-policy-principals reports it
            for (const s of policy.statements.filter(x => x.effect === "Allow")) {
                (s.principal?.AWS ?? []).filter(v => !holds(v)).forEach(value => out.push({ resource: r, path: `${path} statement ${s.sid ?? s.index}`, value }));
            }
        }
        for (const path of PRINCIPAL_PROPERTIES[r.type] ?? []) {
            const value = knownString(r, path);
            if (value !== undefined && !holds(value)) out.push({ resource: r, path, value });
        }
    }
    return out;
}
