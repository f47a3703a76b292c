import { ACCOUNT_CONFIG, AccountConfig, trustedAccounts, trustedOrganizations } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { principalFindings } from "../lib/iam/principals";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { IAM_ROLE } from "../lib/tokens";
import { servicesUsingRoles } from "./roleUsers";

/**
 * Service principals whose role assumption carries neither aws:SourceAccount nor aws:SourceArn,
 * so the confused-deputy conditions cannot be required of them: an instance profile, a
 * function's execution role or a backup job's role is assumed by the service for the resource
 * or plan that names the role (which iam:PassRole already guards), not on behalf of a caller,
 * and AWS documents no source condition for them. Every other service must carry one (AWS's
 * cross-service confused-deputy guidance: ECS tasks, RDS Enhanced Monitoring, VPC Flow Logs, S3
 * replication, CloudTrail, Config, EventBridge among others).
 */
export const NO_SOURCE_CONTEXT = [
    "ec2.amazonaws.com", "lambda.amazonaws.com", "edgelambda.amazonaws.com", "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com", "backup.amazonaws.com",
];

/** The Allow statements' service principals that none of the role's users needs. */
export function unneededServices(policy: NormalPolicy, needed: ReadonlySet<string>): string[] {
    const services = policy.statements.filter(s => s.effect === "Allow").flatMap(s => s.principal?.Service ?? []);
    return [...new Set(services.map(s => s.toLowerCase()))].filter(s => !needed.has(s));
}

export const iamTrustPolicy = stackPolicy<AccountConfig & { servicesWithoutSourceContext: string[] }>({
    name: "iam-trust-policy",
    description: "A role's trust policy lets in only this account's (or a trusted account's) principals: not \"*\" or any AWS principal unless confined to the account or our organization (config organizationId), not a foreign account without a concrete sts:ExternalId or aws:PrincipalOrgID of our organization, no NotPrincipal; AWS services only with aws:SourceAccount/aws:SourceArn naming this account (confused deputy), and only the services the stack hands the role to (a task role that also trusts EC2 or Lambda serves any instance profile or function of the account); OIDC federation only when no token an outsider can obtain is admitted (evaluated: a repository of another account or of an owner-name prefix, another repository of ours, a new branch, pull request, tag or environment of ours — CI tokens' audience is the job's choice), SAML only with saml:aud.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        remediationSteps: "Name the principals that assume the role; add aws:SourceAccount and aws:SourceArn for service principals; for another account require sts:ExternalId; for GitHub Actions pin token.actions.githubusercontent.com:sub to the repository and a protected environment (repo:owner/name:environment:prod) or branch; for GitLab pin gitlab.com:sub to the project and ref, with gitlab.com:ref_protected true.",
    },
    config: {
        ...ACCOUNT_CONFIG,
        servicesWithoutSourceContext: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9.-]+\\.amazonaws\\.com$" }, default: NO_SOURCE_CONTEXT,
            description: "Service principals allowed in a trust policy without aws:SourceAccount/aws:SourceArn, because their role assumption carries neither.",
        },
    },
    onlyWith: IAM_ROLE[0],
    validate: (resources, report, { config }) => {
        const trusted = trustedAccounts(resources, config);
        const users = servicesUsingRoles(resources);
        for (const role of ofType(resources, IAM_ROLE)) {
            const name = knownString(role, "name") ?? role.name;
            const document = knownDeep(() => role.props.assumeRolePolicy);
            if (document === undefined) {
                continue; // unknown during preview
            }
            const policy = parsePolicy(document);
            if (isPolicyError(policy)) {
                report(`role ${name}: the trust policy ${policy.error}: AWS would reject it.`, role.urn);
                continue;
            }
            const findings = principalFindings(policy, {
                trustedAccounts: trusted, trust: true, organizations: trustedOrganizations(config),
                requiresSourceCondition: service => !config.servicesWithoutSourceContext.includes(service),
            });
            for (const f of findings) {
                report(`role ${name}: ${f.message}.`, role.urn);
            }
            const needed = users.get(role);
            const extra = needed ? unneededServices(policy, needed) : [];
            if (extra.length > 0) {
                const kept = extra.length < unneededServices(policy, new Set()).length;
                report(`role ${name}: the stack hands it to ${[...needed!].join(", ")}, but its trust policy ${kept ? "also " : ""}lets ${extra.join(", ")} assume it` +
                    `${kept ? "" : ` instead (the stack's ${[...needed!].join(", ")} can no longer assume it)`}: that service acts as the role for whatever resource of the account names it; ` +
                    "trust only the services the stack hands the role to (give another service its own role).", role.urn);
            }
        }
    },
});
