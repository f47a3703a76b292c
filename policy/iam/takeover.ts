/**
 * Transitive escalation of the stack's application roles (see lib/iam/takeover.ts): the graph
 * of roles, users, groups, functions and keys built from the stack, the application roles (those
 * the stack hands to a service that runs application code: an ECS task, a function, an instance
 * profile, a canary, or that trust such a service), the ways into code that runs as a role
 * (./codeEntries.ts), and the findings: an application role judged by the union of what it holds
 * and what it can take over, one that can change another workload's code whatever they hold, and
 * a role any principal of the account may assume judged by what it holds.
 */
import { PolicyResource } from "@pulumi/policy";

import { globMatches } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { admitsWholeAccount, Escalation, GraphPrincipal, TakeoverGraph, TakeoverIndex } from "../lib/iam/takeover";
import { DataTarget } from "../lib/iam/targets";
import { knownString, ofType } from "../lib/stack";
import { IAM_GROUP, IAM_POLICY, IAM_ROLE, IAM_USER, KMS_KEY, LAMBDA_FUNCTION } from "../lib/tokens";
import { codeEntries } from "./codeEntries";
import { Identity, IdentityDocument } from "./identities";
import { servicesUsingRoles } from "./roleUsers";

/** A role or user of the stack with its documents and resource, as the findings need it. */
export interface StackRole {
    identity: Identity;
    principal: GraphPrincipal;
    resource: PolicyResource | undefined;
    /** It runs application code: the stack hands it to (or it trusts) one of the workload services. */
    application: boolean;
}

/** The documents that parse (one that does not is reported on its own). */
function readable(policies: IdentityDocument["policy"][]): NormalPolicy[] {
    return policies.filter((p): p is NormalPolicy => !isPolicyError(p));
}

/** The stack's roles (with known ARNs) and the takeover graph over them. */
export function takeoverGraph(resources: PolicyResource[], identities: Identity[], base: { account: string; region: string; targets: DataTarget[] },
    workloadServices: readonly string[], trusts: (trust: unknown, services: readonly string[]) => boolean): { graph: TakeoverGraph; roles: StackRole[] } {
    const handed = servicesUsingRoles(resources);
    const byArn = new Map([...ofType(resources, IAM_ROLE), ...ofType(resources, IAM_USER), ...ofType(resources, IAM_GROUP)].map(r => [knownString(r, "arn"), r] as const));
    const roles: StackRole[] = [];
    // Groups too: whoever writes a group's permissions writes its members'.
    for (const identity of identities.filter(i => i.self !== undefined)) {
        const { arn, kind } = identity.self!;
        const resource = byArn.get(arn);
        const trust = identity.trust === undefined ? undefined : parsePolicy(identity.trust);
        const managedPolicies = identity.documents.filter(d => IAM_POLICY.includes(d.source.type as typeof IAM_POLICY[number]))
            .map(d => knownString(d.source, "arn")).filter((a): a is string => !!a);
        const services = resource ? handed.get(resource) : undefined;
        roles.push({
            identity, resource,
            application: [...(services ?? [])].some(s => workloadServices.includes(s)) || trusts(identity.trust, workloadServices),
            principal: {
                id: resource?.urn ?? arn, kind, label: identity.label, arn,
                policies: readable(identity.documents.map(d => d.policy)),
                trust: trust && !isPolicyError(trust) ? trust : undefined,
                managedPolicies: [...new Set(managedPolicies)],
            },
        });
    }
    const functions = ofType(resources, LAMBDA_FUNCTION).flatMap(f => {
        const arn = knownString(f, "arn");
        const role = knownString(f, "role");
        return arn && role ? [{ label: `function ${knownString(f, "name") ?? f.name}`, arn, role }] : [];
    });
    const keys = ofType(resources, KMS_KEY).flatMap(k => {
        const arn = knownString(k, "arn");
        return arn ? [{ label: `key ${k.name} (${arn})`, arn }] : [];
    });
    return { graph: { principals: roles.map(r => r.principal), functions, entries: codeEntries(resources), keys, ...base }, roles };
}

/** The documents of the role that grant (may grant) one of the route's first actions: where to report. */
export function grantingDocuments(role: StackRole, actions: string[]): IdentityDocument[] {
    const docs = role.identity.documents.filter(d => !isPolicyError(d.policy) && d.policy.statements.some(s => s.effect === "Allow" &&
        (s.notAction !== undefined || actions.some(a => (s.action ?? []).some(p => globMatches(p.toLowerCase(), a.toLowerCase()))))));
    return docs.length > 0 ? docs : role.identity.documents.slice(0, 1);
}

/** A sentence for one escalation. */
export function escalationText(role: StackRole, e: Escalation): string {
    const path = e.chain.map(t => t.how).join(", then ");
    const what = e.unbounded ?? `holds ${e.gains.slice(0, 4).map(c => c.text).join(", ")}${e.gains.length > 4 ? ` and ${e.gains.length - 4} more` : ""}, which it does not hold itself`;
    return `lets application ${role.identity.label} take over another principal: ${path}; through it the role ${what} (transitive privilege escalation: ` +
        "an application role is judged by what it can take over); remove the action or narrow its resources to what the application itself uses";
}

/** Findings of the graph: per application role its escalations; per role the whole account may assume its data holdings. */
export async function takeoverFindings(graph: TakeoverGraph, roles: StackRole[]): Promise<{ role: StackRole; documents: IdentityDocument[]; message: string }[]> {
    const index = new TakeoverIndex(graph);
    const out: { role: StackRole; documents: IdentityDocument[]; message: string }[] = [];
    const workloads = new Set(roles.filter(r => r.application).map(r => r.principal.id));
    for (const role of roles.filter(r => r.application)) {
        const escalations = await index.escalations(role.principal);
        for (const e of escalations) {
            out.push({ role, documents: grantingDocuments(role, e.chain[0].actions), message: escalationText(role, e) });
        }
        // Changing what another workload runs is lateral movement whatever the two roles hold: the
        // frontend's code, for one, is what every user's browser runs.
        const reported = new Set(escalations.map(e => e.chain[0].reached?.id));
        for (const t of (await index.takeovers(role.principal)).filter(x => x.code && x.reached && workloads.has(x.reached.id) && !reported.has(x.reached.id))) {
            out.push({
                role, documents: grantingDocuments(role, t.actions),
                message: `lets application ${role.identity.label} change the code another workload runs: ${t.how}; what ${t.code} serves, stores and calls is then the compromised workload's ` +
                    "(lateral movement between workloads); only the deployment changes a workload's code: remove the action or the write",
            });
        }
    }
    for (const role of roles.filter(r => r.principal.trust)) {
        if (await admitsWholeAccount(role.principal.trust!, role.principal.arn, graph.account)) {
            const holdings = await index.holdings(role.principal);
            if (holdings.length > 0) {
                out.push({
                    role, documents: [],
                    message: `${role.identity.label}: its trust policy admits the account itself (its root or bare id, without a condition naming who), so every principal of the account allowed sts:AssumeRole reaches what the role holds: ` +
                        `${holdings.slice(0, 4).map(c => c.text).join(", ")}; name the roles that assume it (their ARNs) or confine the statement with aws:PrincipalArn`,
                });
            }
        }
    }
    return out;
}
