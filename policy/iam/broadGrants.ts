import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { isPolicyError, NormalPolicy, parsePolicy, policyOf } from "../lib/iam/document";
import { broadGrants, GrantFinding, selfChanges } from "../lib/iam/grants";
import { stackRegion } from "../lib/stack";
import { IAM_POLICY_ATTACHMENTS, IAM_POLICY_DOCUMENTS, IAM_ROLE } from "../lib/tokens";
import { dataTargets } from "./dataTargets";
import { Identity, identitiesOf, PERMISSION_SET_POLICY_TYPES } from "./identities";
import { privilegedShape, SESSION_CONFIG, SessionConfig, shapeContext, ShapeVerdict } from "./humanRoles";
import { takeoverFindings, takeoverGraph } from "./takeover";

/** Used for probe ARNs when no resource of the stack tells its account or region yet. */
const UNKNOWN_ACCOUNT = "000000000000";
const DEFAULT_REGION = "us-east-1";

/** The explicit denies of an identity's other documents: they limit this document's grants too. */
function deniesBesides(identity: Identity, policy: NormalPolicy): NormalPolicy {
    return policyOf(identity.documents
        .map(d => d.policy)
        .filter((p): p is NormalPolicy => !isPolicyError(p) && p !== policy)
        .flatMap(p => p.statements.filter(s => s.effect === "Deny")));
}

/**
 * Service principals that run application code under the role they assume: a role that trusts
 * one is a workload role, which uses the stack's data stores but does not administer them.
 */
export const WORKLOAD_SERVICES = [
    "ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "edgelambda.amazonaws.com", "ec2.amazonaws.com",
    "pods.eks.amazonaws.com", "eks-fargate-pods.amazonaws.com", "apprunner.amazonaws.com", "tasks.apprunner.amazonaws.com",
];

/** Whether a role's trust policy lets one of `services` assume it. */
export function trustsService(trust: unknown, services: readonly string[]): boolean {
    if (trust === undefined) {
        return false;
    }
    const policy = parsePolicy(trust);
    return !isPolicyError(policy) && policy.statements.some(s => s.effect === "Allow" &&
        (s.principal?.Service ?? []).some(p => services.includes(p.toLowerCase())));
}

export const iamNoBroadGrants = stackPolicy<AccountConfig & SessionConfig & { workloadServices: string[] }>({
    name: "iam-no-broad-grants",
    description: "No identity policy that reaches a role, user, group or Identity Center permission set (by any path: inline, RolePolicy, managed policy attachments, managedPolicyArns, legacy PolicyAttachment, customer or AWS managed) grants full access, every write action of a sensitive service, Permissions-management, privilege-escalation, credential-reading, data-reading or monitoring- and data-destroying actions on resources it does not name (a pattern is as broad as what it matches: a wildcard in a bucket's, database's, secret's or log group's name reaches the stack's other data stores), the identity a way to change its own permissions, or a workload role (trusted by ECS tasks, Lambda, EC2…) Write or Permissions management on the stack's buckets, databases or secrets themselves (policy, versioning, lifecycle, master password, deletion), as AWS evaluates the document. An application role (one the stack hands to ECS tasks, Lambda, EC2… or trusting such a service) is judged by the union of what it holds and what it can take over: a role it may assume, a function whose code or configuration it may change, a shell into running code (ECS Exec, SSM), the image a task definition starts by tag (a push over a movable tag, or deleting the image to free an immutable one, by its own policy or the repository's) and the environment files it reads, the code object a function or canary is deployed from, a build, state machine or canary that runs the caller's code, a role it may create that trusts it (the policy it attaches and the boundary it sets being its choice), a role it may pass to a way of running code, a role whose permissions or trust it may write, a key whose policy or grants it may change, followed through chains; an application role that can change the code another workload runs (its image, environment file, function, code object, build or shell) is reported whatever the two roles hold (lateral movement); and a role whose trust policy admits the whole account without a condition may hold no secret read or write on the stack's data.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        fsbpControl: "IAM.1",
        remediationSteps: "Name the resources (the stack's own ARNs) and the actions the role needs; constrain iam:PassRole with iam:PassedToService; replace broad AWS managed policies with a scoped inline policy; give an application role no action that changes another principal's code, permissions, trust or key policy, and name the roles that may assume a role instead of the account.",
    },
    config: {
        ...ACCOUNT_CONFIG,
        ...SESSION_CONFIG,
        workloadServices: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9.-]+\\.amazonaws\\.com$" }, default: WORKLOAD_SERVICES,
            description: "Service principals that run application code: a role trusting one may not administer the stack's data stores, even named ones.",
        },
    },
    types: [...IAM_POLICY_DOCUMENTS, ...IAM_POLICY_ATTACHMENTS, ...IAM_ROLE, ...PERMISSION_SET_POLICY_TYPES],
    validate: async (resources, report, { config }) => {
        const base = { account: stackAccount(resources, config.accountId) ?? UNKNOWN_ACCOUNT, region: stackRegion(resources) ?? DEFAULT_REGION, targets: dataTargets(resources) };

        const judged = new Map<string, Promise<GrantFinding[]>>();
        const reported = new Set<string>();
        const once = (message: string, urn: string) => {
            if (!reported.has(`${urn}\n${message}`)) {
                reported.add(`${urn}\n${message}`);
                report(message, urn);
            }
        };
        const identities = identitiesOf(resources);
        // A role that holds full access by design (break-glass, a contained CI role) is judged by its shape instead.
        const shapes = shapeContext(resources, identities, base.account, config);
        const verdicts = new Map<string, Promise<ShapeVerdict>>();
        const shapeOf = (urn: string) => {
            let v = verdicts.get(urn);
            if (!v) {
                v = privilegedShape(urn, shapes);
                verdicts.set(urn, v);
            }
            return v;
        };
        for (const identity of identities) {
            const ctx = { ...base, workload: trustsService(identity.trust, config.workloadServices) };
            const role = identity.holder?.type === "aws:iam/role:Role" ? identity.holder : undefined;
            const pending: Array<[string, string]> = [];
            const emit = (message: string, urn: string) => (role ? pending.push([message, urn]) : once(message, urn));
            for (const d of identity.documents) {
                if (isPolicyError(d.policy)) {
                    once(`${d.label}: ${d.policy.error} (AWS would reject it).`, d.source.urn);
                    continue;
                }
                if (d.broadByName) {
                    emit(`${d.label}: its name says it grants full access to a service (the pack carries no document for it); grant the actions the role needs instead.`, d.source.urn);
                    continue;
                }
                const set = [d.policy, deniesBesides(identity, d.policy)];
                const key = JSON.stringify([ctx.workload, ...set.map(p => p.json)]);
                let findings = judged.get(key);
                if (!findings) {
                    findings = broadGrants(set, ctx);
                    judged.set(key, findings);
                }
                for (const f of await findings) {
                    emit(`${d.label} ${f.message}.`, d.source.urn);
                }
                // Permissions management on every resource, reported above, already covers the identity itself.
                const broad = (await findings).some(f => f.kind === "full-access" || f.kind === "permissions-management");
                const own = identity.self && !broad ? await selfChanges(set, identity.self, ctx.account) : [];
                if (own.length > 0) {
                    emit(`${d.label} lets the ${identity.self!.kind} change its own permissions (${own.join(", ")} on itself): ` +
                        "whoever holds its credentials can grant themselves anything.", d.source.urn);
                }
            }
            if (role && pending.length > 0) {
                const verdict = await shapeOf(role.urn);
                if (!verdict.accepted) {
                    pending.forEach(([message, urn]) => once(message, urn));
                    if (verdict.shape) {
                        once(`${identity.label} holds these grants but is not an accepted ${verdict.shape} (docs/policies.md): ${verdict.missing.join("; ")}.`, role.urn);
                    }
                }
            }
        }
        // What an application role reaches through the principals it can take over counts as its own.
        const { graph, roles } = takeoverGraph(resources, identities, base, config.workloadServices, trustsService);
        for (const f of await takeoverFindings(graph, roles)) {
            const where = f.documents.length > 0 ? f.documents : [];
            for (const d of where) {
                once(`${d.label} ${f.message}.`, d.source.urn);
            }
            if (where.length === 0 && f.role.resource) {
                once(`${f.message}.`, f.role.resource.urn);
            }
        }
    },
});
