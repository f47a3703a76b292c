/**
 * Every identity policy of a stack, grouped by the role, user or group it reaches, by every path
 * @pulumi/aws offers: a role's `inlinePolicies` and `managedPolicyArns`, RolePolicy / UserPolicy /
 * GroupPolicy, Role/User/GroupPolicyAttachment, the legacy PolicyAttachment (roles, users and
 * groups lists), customer-managed Policy resources reached through any of the attachments, and
 * IAM Identity Center permission sets (inline policy, AWS managed policy attachments).
 * A customer-managed policy that reaches no identity is its own group (it can be attached
 * outside the stack at any time), unless it is only a permissions boundary, which grants
 * nothing and which FSBP IAM.1 exempts.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { isPolicyError, NormalPolicy, parsePolicy, PolicyError } from "../lib/iam/document";
import { forPrincipal } from "../lib/iam/variables";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { IAM_GROUP, IAM_POLICY, IAM_ROLE, IAM_USER } from "../lib/tokens";
import { isAwsManaged, managedVerdict } from "./managed";

/** One document reaching an identity, and the resource where a finding about it is reported. */
export interface IdentityDocument {
    /** The resource to change: the policy, the attachment, or the role holding it inline. */
    source: PolicyResource;
    /** How the document reaches the identity, for messages. */
    label: string;
    /** The document, or why it could not be read. */
    policy: NormalPolicy | PolicyError;
    /** An AWS managed policy the pack carries no document for, but whose name says it is broad. */
    broadByName?: string;
    /** The document is an AWS managed policy's (AWS writes it; the stack only attaches it). */
    awsManaged?: boolean;
}

export interface Identity {
    /** `role x`, `user y`, `group z`, or `unattached policy p`. */
    label: string;
    documents: IdentityDocument[];
    /** A role, user or group of the stack: its kind and ARN (when known), to judge what it may do to itself. */
    self?: { kind: Kind; arn: string };
    /** A role's trust policy as the stack spells it (undefined when unknown or not a role). */
    trust?: unknown;
    /** The role, user or group resource of the stack the documents reach. */
    holder?: PolicyResource;
}

export type Kind = "role" | "user" | "group";

const SSO_INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
const SSO_MANAGED_ATTACHMENT = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";

/** Identity Center types whose documents reach people through a permission set. */
export const PERMISSION_SET_POLICY_TYPES = [SSO_INLINE_POLICY, SSO_MANAGED_ATTACHMENT] as const;

const ATTACHMENT_TYPES: Record<string, { kind: Kind; property: string }[]> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [{ kind: "role", property: "role" }],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": [{ kind: "user", property: "user" }],
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": [{ kind: "group", property: "group" }],
    "aws:iam/policyAttachment:PolicyAttachment": [{ kind: "role", property: "roles" }, { kind: "user", property: "users" }, { kind: "group", property: "groups" }],
};

const INLINE_TYPES: Record<string, { kind: Kind; property: string }> = {
    "aws:iam/rolePolicy:RolePolicy": { kind: "role", property: "role" },
    "aws:iam/userPolicy:UserPolicy": { kind: "user", property: "user" },
    "aws:iam/groupPolicy:GroupPolicy": { kind: "group", property: "group" },
};

/**
 * A customer managed policy's ARN: its `arn` output, or the one IAM gives it
 * (`arn:aws:iam::<account>:policy<path><name>`) while the output is unknown, so a role naming
 * it by a literal ARN in preview still finds it.
 */
export function policyArnOf(policy: PolicyResource, account: string | undefined): string | undefined {
    const name = knownString(policy, "name");
    return knownString(policy, "arn") ?? (account && name ? `arn:aws:iam::${account}:policy${knownString(policy, "path") ?? "/"}${name}` : undefined);
}

/** The identity documents of a stack, grouped by identity. */
export function identitiesOf(resources: PolicyResource[]): Identity[] {
    const holders: Record<Kind, PolicyResource[]> = { role: ofType(resources, IAM_ROLE), user: ofType(resources, IAM_USER), group: ofType(resources, IAM_GROUP) };
    const linkHolder: Record<Kind, ReturnType<typeof linker>> = {
        role: linker(holders.role, ["name", "id", "arn"]),
        user: linker(holders.user, ["name", "id", "arn"]),
        group: linker(holders.group, ["name", "id", "arn"]),
    };
    const policies = ofType(resources, IAM_POLICY);
    const account = stackAccount(resources);
    const linkPolicy = linker(policies, ["arn", "id", p => policyArnOf(p, account)]);
    const groups = new Map<string, Identity>();
    const add = (key: string, label: string, d: IdentityDocument) => {
        const g = groups.get(key) ?? { label, documents: [] };
        g.documents.push(d);
        groups.set(key, g);
    };
    /** The identities `source.property` names: stack resources, or names/ARNs outside the stack. */
    const targets = (source: PolicyResource, kind: Kind, property: string): { key: string; label: string }[] => {
        const linked = linkHolder[kind](source, property);
        if (linked.length > 0) {
            return linked.map(r => ({ key: r.urn, label: `${kind} ${knownString(r, "name") ?? r.name}` }));
        }
        const raw = knownDeep(() => source.props[property]);
        const names = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
        return names.length > 0
            ? names.map(n => ({ key: `${kind}:${n}`, label: `${kind} ${n}` }))
            : [{ key: source.urn, label: `the ${kind} of ${source.name}` }];
    };
    const attachedPolicies = new Set<PolicyResource>();
    const stackPolicyDocuments = (linked: PolicyResource[]): IdentityDocument[] => linked.map(p => {
        attachedPolicies.add(p);
        return { source: p, label: `policy ${knownString(p, "name") ?? p.name}`, policy: parsePolicy(knownDeep(() => p.props.policy)) };
    });
    /** An AWS managed policy's document (or name verdict); nothing for other ARNs, whose documents are not here. */
    const awsManagedDocuments = (source: PolicyResource, arn: string | undefined): IdentityDocument[] => {
        if (arn === undefined || !isAwsManaged(arn)) {
            return [];
        }
        const verdict = managedVerdict(arn);
        const label = `AWS managed policy ${verdict.name}`;
        if (verdict.kind === "document") {
            return [{ source, label, policy: parsePolicy(verdict.statements), awsManaged: true }];
        }
        return verdict.kind === "broad-by-name" ? [{ source, label, policy: parsePolicy([]), broadByName: verdict.name, awsManaged: true }] : [];
    };

    for (const role of holders.role) {
        const key = role.urn;
        const label = `role ${knownString(role, "name") ?? role.name}`;
        const inline = knownDeep(() => role.props.inlinePolicies);
        for (const p of Array.isArray(inline) ? inline as { name?: string; policy?: unknown }[] : []) {
            if (p?.policy !== undefined && p.policy !== "") {
                add(key, label, { source: role, label: `inline policy ${p.name ?? ""} of ${label}`, policy: parsePolicy(p.policy) });
            }
        }
        stackPolicyDocuments(linkPolicy(role, "managedPolicyArns")).forEach(d => add(key, label, { ...d, label: `${d.label} in managedPolicyArns of ${label}` }));
        const managed = knownDeep(() => role.props.managedPolicyArns);
        for (const arn of Array.isArray(managed) ? managed.filter((a): a is string => typeof a === "string") : []) {
            awsManagedDocuments(role, arn).forEach(d => add(key, label, { ...d, label: `${d.label} in managedPolicyArns of ${label}` }));
        }
    }
    for (const r of resources) {
        const inline = INLINE_TYPES[r.type];
        if (inline) {
            const doc = knownDeep(() => r.props.policy);
            if (doc !== undefined) {
                for (const t of targets(r, inline.kind, inline.property)) {
                    add(t.key, t.label, { source: r, label: `${r.name} (${t.label})`, policy: parsePolicy(doc) });
                }
            }
        }
        for (const path of ATTACHMENT_TYPES[r.type] ?? []) {
            const linked = linkPolicy(r, "policyArn");
            const docs = linked.length > 0 ? stackPolicyDocuments(linked) : awsManagedDocuments(r, knownString(r, "policyArn"));
            const raw = knownDeep(() => r.props[path.property]);
            if (r.type.endsWith(":PolicyAttachment") && !(Array.isArray(raw) && raw.length > 0) && linkHolder[path.kind](r, path.property).length === 0) {
                continue; // the legacy attachment lists nothing of this kind
            }
            for (const t of targets(r, path.kind, path.property)) {
                docs.forEach(d => add(t.key, t.label, { ...d, label: `${d.label} attached by ${r.name} to ${t.label}` }));
            }
        }
    }
    // IAM Identity Center permission sets: people's access, judged like a role's.
    for (const r of resources) {
        const permissionSet = knownString(r, "permissionSetArn") ?? `the permission set of ${r.name}`;
        const key = `permission-set:${permissionSet}`;
        const label = `permission set ${permissionSet}`;
        if (r.type === SSO_INLINE_POLICY) {
            const doc = knownDeep(() => r.props.inlinePolicy);
            if (doc !== undefined) {
                add(key, label, { source: r, label: `${r.name} (${label})`, policy: parsePolicy(doc) });
            }
        } else if (r.type === SSO_MANAGED_ATTACHMENT) {
            awsManagedDocuments(r, knownString(r, "managedPolicyArn")).forEach(d => add(key, label, { ...d, label: `${d.label} attached by ${r.name} to ${label}` }));
        }
    }
    const boundaries = new Set([...holders.role, ...holders.user].flatMap(h => linkPolicy(h, "permissionsBoundary")));
    for (const p of policies.filter(x => !attachedPolicies.has(x) && !boundaries.has(x))) {
        const label = `unattached policy ${knownString(p, "name") ?? p.name}`;
        add(p.urn, label, { source: p, label, policy: parsePolicy(knownDeep(() => p.props.policy)) });
    }
    for (const kind of ["role", "user", "group"] as const) {
        for (const h of holders[kind]) {
            const g = groups.get(h.urn);
            const arn = knownString(h, "arn");
            if (g && arn) {
                g.self = { kind, arn };
            }
            if (g) {
                g.holder = h;
            }
            if (g && kind === "role") {
                g.trust = knownDeep(() => h.props.assumeRolePolicy);
            }
            if (g) {
                // Policy variables (${aws:PrincipalTag/…}, ${aws:username}) reach what this principal's values make of them.
                const tags = knownDeep(() => h.props.tagsAll ?? h.props.tags) as Record<string, string> | undefined;
                const facts = { kind, name: knownString(h, "name"), account, tags: tags ?? {} };
                g.documents = g.documents.map(d => (isPolicyError(d.policy) ? d : { ...d, policy: forPrincipal(d.policy, facts) }));
            }
        }
    }
    return [...groups.values()];
}
