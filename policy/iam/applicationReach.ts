import { PolicyResource } from "@pulumi/policy";

import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { applicationReach } from "../lib/iam/applicationReach";
import { APPLICATION_USES } from "../lib/iam/applicationUse";
import { isPolicyError, NormalPolicy } from "../lib/iam/document";
import { knownDeep, knownString } from "../lib/stack";
import { IAM_POLICY_ATTACHMENTS, IAM_POLICY_DOCUMENTS, IAM_ROLE } from "../lib/tokens";
import { ApplicationRole, grantProblem, KMS_GRANT, resourcePolicyAdministration, stackKeys } from "./applicationKeys";
import { applicationTargets } from "./applicationTargets";
import { governedPolicies, GOVERNED_TYPES } from "./governed";
import { trustsService, WORKLOAD_SERVICES } from "./broadGrants";
import { identitiesOf } from "./identities";

interface Config extends AccountConfig {
    workloadServices: string[];
    applicationUses: string[];
}

/** The stack's application roles (trusting a service that runs application code) with their identity policies. */
function applicationRoles(resources: PolicyResource[], services: string[]): (ApplicationRole & { sources: Map<NormalPolicy, PolicyResource> })[] {
    return identitiesOf(resources).filter(i => i.self?.kind === "role" && trustsService(i.trust, services)).map(i => {
        const sources = new Map<NormalPolicy, PolicyResource>();
        for (const d of i.documents) {
            if (!isPolicyError(d.policy)) {
                sources.set(d.policy, d.source);
            }
        }
        return { arn: i.self!.arn, label: i.label, policies: [...sources.keys()], sources };
    });
}

export const iamApplicationReach = stackPolicy<Config>({
    name: "iam-application-reach",
    description: "An application role (one ECS tasks, Lambda, EC2… run as: the services, maintenance functions, restore tests) may change the stack's own resources only by using them " +
        "(writing its objects and log streams, encrypting with the keys of the stores it uses, its database login…): no identity policy, resource policy (key, bucket, access point, topic, queue, secret, " +
        "repository, vault policy, Lambda permission, a repository creation template's policy for the repositories ECR creates) or KMS grant lets it administer any resource of the stack (stop or delete the trail, delete or re-tune log groups, rewrite parameters, delete recovery points, change a key's policy or schedule its deletion, " +
        "re-grant a key, delete object versions or change a bucket's lifecycle or versioning, run a shell in the cluster's tasks, pass a role or run tasks, update functions, tag), nor decrypt with a key its own policies never use.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        fsbpControl: "IAM.1",
        remediationSteps: "Remove the administrative action from the application role's policy (or from the resource policy / KMS grant); grant it to the deployment or an operator role instead. " +
            "If the application really uses the resource through a data-plane action the pack does not know, add that action to applicationUses.",
    },
    config: {
        ...ACCOUNT_CONFIG,
        workloadServices: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9.-]+\\.amazonaws\\.com$" }, default: WORKLOAD_SERVICES,
            description: "Service principals that run application code: a role trusting one is an application role.",
        },
        applicationUses: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9*?]+$" }, default: APPLICATION_USES.map(u => u.action),
            description: "Data-plane actions by which an application uses a resource it is given (default: object writes, log streams, key encryption and decryption, queue, topic, table, " +
                "stream and event writes, database and cache IAM login). Any other Write, Permissions-management or Tagging action on a stack resource is administration.",
        },
    },
    types: [...IAM_POLICY_DOCUMENTS, ...IAM_POLICY_ATTACHMENTS, ...IAM_ROLE, ...GOVERNED_TYPES, KMS_GRANT],
    validate: async (resources, report, { config }) => {
        const account = stackAccount(resources, config.accountId);
        if (!account) {
            return; // a first preview: no ARN known yet, nothing to probe
        }
        const roles = applicationRoles(resources, config.workloadServices);
        const targets = applicationTargets(resources, account);
        for (const role of roles) {
            for (const [policy, source] of role.sources) {
                for (const f of await applicationReach([policy], targets, config.applicationUses, account)) {
                    report(`${role.label}, an application role, may ${f.actions.join(", ")} on the stack's ${f.target.label} (${f.target.arn}): ` +
                        "that administers the resource instead of using it; remove these actions from the role's policy (a deployment or operator role does this).", source.urn);
                }
            }
        }
        for (const governed of governedPolicies(resources, targets, account)) {
            for (const role of roles) {
                const admin = await resourcePolicyAdministration(governed, role, account, config.applicationUses);
                if (admin.length > 0) {
                    report(`the resource policy of ${governed.target.label} (${governed.target.arn}), in ${governed.source.type.split(":").pop()} ${governed.source.name}, lets the application ${role.label} ${admin.join(", ")}: ` +
                        "administering the resource (its policy, grants, lifecycle, versions, deletion) is not an application's; name only the data-plane actions it uses in the statement for this role.", governed.source.urn);
                }
            }
        }
        const keys = stackKeys(resources);
        for (const grant of resources.filter(r => r.type === KMS_GRANT)) {
            const grantee = knownString(grant, "granteePrincipal");
            const role = roles.find(r => r.arn === grantee);
            const keyRef = knownString(grant, "keyId");
            const key = keys.find(k => keyRef !== undefined && k.refs.includes(keyRef));
            const operations = knownDeep(() => grant.props.operations);
            if (!role || !key || !Array.isArray(operations)) {
                continue;
            }
            const problem = grantProblem(operations.filter((o): o is string => typeof o === "string"), key, role);
            if (problem) {
                report(`KMS grant ${grant.name} gives the application ${role.label} ${problem}; drop the grant or its operations (the role's policy and the key policy decide what it uses).`, grant.urn);
            }
        }
    },
});
